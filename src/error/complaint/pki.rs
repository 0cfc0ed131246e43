//! Certificate, key and signature files; the PKI directory.

use serde::Serialize;

/// What went wrong. (Certificate, key and signature files; the PKI directory.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum PkiComplaint {}
