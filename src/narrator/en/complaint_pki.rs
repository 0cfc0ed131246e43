//! English for complaints: certificate, key and signature files; the PKI directory.

use crate::error::PkiComplaint;

pub(super) fn say(c: &PkiComplaint) -> String {
    match *c {}
}
