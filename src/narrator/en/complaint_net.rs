//! English for complaints: sockets, addresses, URLs, peers: connect, serve, mitm-proxy.

use crate::error::NetComplaint;

pub(super) fn say(c: &NetComplaint) -> String {
    match *c {}
}
