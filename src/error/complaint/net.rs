//! Sockets, addresses, URLs, peers: connect, serve, mitm-proxy.

use serde::Serialize;

/// What went wrong. (Sockets, addresses, URLs, peers: connect, serve, mitm-proxy.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum NetComplaint {}
