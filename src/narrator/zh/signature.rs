//! Simplified Chinese for signatures checked by hand and by ring.

use crate::event::{SignatureCheck, SignatureVerdict};
use crate::hexfmt::hex;
use crate::narrator::CheckWords;

pub(super) fn check(c: &SignatureCheck, passed: bool) -> CheckWords {
    match c {
        SignatureCheck::ByHand { verdict, short_key } => CheckWords {
            name: "签名（手工验证：EM = EM'）".into(),
            detail: verdict_reason(verdict, *short_key),
        },
        SignatureCheck::Library => CheckWords {
            name: "签名（库验证：ring RSA_PKCS1_2048_8192_SHA256）".into(),
            detail: if passed {
                "ring接受这个签名".into()
            } else {
                "ring拒绝这个签名".into()
            },
        },
    }
}

/// One line: why a signature is valid or not.
pub fn verdict_reason(v: &SignatureVerdict, short_key: bool) -> String {
    let mut s = match v {
        SignatureVerdict::Valid => {
            "签名里的数据块等于EMSA-PKCS1-v1_5(SHA-256(message))".to_string()
        }
        SignatureVerdict::WrongLength { len, modulus_len } => {
            format!("签名长{len}字节，但密钥的模数是{modulus_len}字节")
        }
        SignatureVerdict::NotBelowModulus => {
            "把签名看作一个数，它不小于模数n：签名已损坏".to_string()
        }
        SignatureVerdict::DigestDiffers { found, expected } => format!(
            "签名里的摘要（{}）与重新计算的摘要（{}）不同：被签名的数据已被改动",
            hex(found),
            hex(expected)
        ),
        SignatureVerdict::NotABlock { bad_part } => format!(
            "s^e mod n不是PKCS#1 v1.5数据块（第一个出错的部分：{bad_part}）：密钥不对，或者签名已损坏"
        ),
    };
    if short_key {
        s.push_str("；ring不接受小于2048位的RSA密钥");
    }
    s
}
