//! English for signatures checked by hand and by ring.

use crate::event::{SignatureCheck, SignatureVerdict};
use crate::hexfmt::hex;
use crate::narrator::CheckWords;

pub(super) fn check(c: &SignatureCheck, passed: bool) -> CheckWords {
    match c {
        SignatureCheck::ByHand { verdict, short_key } => CheckWords {
            name: "signature (by hand: EM = EM')".into(),
            detail: verdict_reason(verdict, *short_key),
        },
        SignatureCheck::Library => CheckWords {
            name: "signature (library: ring RSA_PKCS1_2048_8192_SHA256)".into(),
            detail: if passed {
                "ring accepts the signature".into()
            } else {
                "ring rejects the signature".into()
            },
        },
    }
}

/// One line: why a signature is valid or not.
pub fn verdict_reason(v: &SignatureVerdict, short_key: bool) -> String {
    let mut s = match v {
        SignatureVerdict::Valid => {
            "the block inside the signature equals EMSA-PKCS1-v1_5(SHA-256(message))".to_string()
        }
        SignatureVerdict::WrongLength { len, modulus_len } => {
            format!("the signature is {len} bytes but the key's modulus is {modulus_len} bytes")
        }
        SignatureVerdict::NotBelowModulus => {
            "the signature, read as a number, is not below the modulus n: damaged".to_string()
        }
        SignatureVerdict::DigestDiffers { found, expected } => format!(
            "the digest inside the signature ({}) differs from the recomputed digest ({}): the signed data was changed",
            hex(found),
            hex(expected)
        ),
        SignatureVerdict::NotABlock { bad_part } => format!(
            "s^e mod n is not a PKCS#1 v1.5 block (first bad part: {bad_part}): wrong key or damaged signature"
        ),
    };
    if short_key {
        s.push_str("; ring refuses RSA keys under 2048 bits");
    }
    s
}
