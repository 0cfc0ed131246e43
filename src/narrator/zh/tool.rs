//! Simplified Chinese for the one-shot tools: `pki init`, `pki show`, `sign`, `verify` and `prf`.
//!
//! A tool's card is a block of its report: the title is the block's first line and the text
//! its lines, already laid out (aligned field tables, numbered steps), since the text renderer
//! prints a tool's blocks as they are.

use super::signature::verdict_reason;
use crate::event::{CertField, CertRole, PkiTopic, ToolCheck, ToolTopic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// One aligned row of a field table: `  name                 value`, the name padded to 20
/// columns by display width (a Chinese character takes two).
fn row(out: &mut String, name: &str, value: &str) {
    let pad = " ".repeat(20usize.saturating_sub(name.width()));
    let _ = writeln!(out, "  {name}{pad} {value}");
}

/// A tool's block lines end without a newline.
fn lines(mut text: String) -> String {
    while text.ends_with('\n') {
        text.pop();
    }
    text
}

pub(super) fn card(t: &ToolTopic) -> Card {
    match t {
        ToolTopic::CertificateWritten {
            certificate,
            cert_file,
            key_file,
            subject,
            issuer,
            serial,
            not_before,
            not_after,
            alt_names,
            is_ca,
            fingerprint,
            bits,
            exponent,
            modulus,
        } => {
            let label = match certificate {
                CertRole::Ca => "CA证书",
                CertRole::Server => "服务器证书",
            };
            let mut s = String::new();
            row(&mut s, "主体", subject);
            let self_signed = if issuer == subject {
                "（自签名）"
            } else {
                ""
            };
            row(&mut s, "颁发者", &format!("{issuer}{self_signed}"));
            row(&mut s, "序列号", &hex(serial));
            row(&mut s, "有效期", &format!("{not_before} … {not_after}"));
            if !alt_names.is_empty() {
                row(&mut s, "subjectAltName", &alt_names.join(", "));
            }
            row(&mut s, "CA", if *is_ca { "是" } else { "否" });
            row(&mut s, "SHA-256指纹", &hex(fingerprint));
            row(
                &mut s,
                "公钥",
                &format!("RSA {bits}位，e = {}", hex(exponent)),
            );
            row(&mut s, "模数n", &hex(modulus));
            Card::new(
                format!("{label}  {cert_file}  （私钥：{key_file}，PKCS#8 PEM，务必保密）"),
                lines(s),
            )
        }
        ToolTopic::OpensslVerify { ca_file, cert_file } => Card::new(
            "用OpenSSL检查它：",
            format!("  openssl verify -CAfile {ca_file} {cert_file}"),
        ),
        ToolTopic::Certificate { file, fields } => {
            let mut s = String::from(
                "  证书把一个公钥和一个名字绑定在一起，并由颁发者签名。\n  它只携带公钥，从不携带私钥：它以明文发送给每一个客户端。\n\n",
            );
            // A CA's key verifies what it signs; a server's key is what clients encrypt to.
            let is_ca = fields.iter().any(|f| {
                matches!(
                    f,
                    CertField::Extension {
                        value: crate::pki::inspect::ExtensionValue::BasicConstraints {
                            ca: true,
                            ..
                        },
                        ..
                    }
                )
            });
            for field in fields {
                if let CertField::PublicKey {
                    bits,
                    exponent,
                    modulus,
                } = field
                {
                    let whose = if is_ca {
                        "CA的公钥：用来验证这个CA签名的证书"
                    } else {
                        "服务器的公钥：客户端用它加密预主密钥"
                    };
                    row(&mut s, "公钥", &format!("RSA {bits}位（{whose}）"));
                    row(&mut s, "  公钥指数e", &hex(exponent));
                    row(&mut s, "  模数n", &hex(modulus));
                } else {
                    let card = super::pki::card(&PkiTopic::Field(field.clone()));
                    row(&mut s, &card.title, &card.text);
                }
            }
            Card::new(format!("证书  {file}"), lines(s))
        }
        ToolTopic::IssuerSignature {
            file,
            issuer_file,
            tbs_len,
        } => Card::new(
            format!("签名检查  {file}是不是用{issuer_file}中的密钥签名的？"),
            format!("  颁发者签名的是SHA-256(tbsCertificate)，也就是签名前面的那{tbs_len}字节。"),
        ),
        ToolTopic::Verifying {
            file,
            sig_file,
            cert_file,
        } => Card::new(
            format!("验证  {sig_file}是不是{file}的签名？公钥取自{cert_file}"),
            "",
        ),
        ToolTopic::VerificationWalk { walk } => Card::new("", lines(verification_walk(walk))),
        ToolTopic::Signing {
            file,
            key_file,
            message_len,
            digest,
            block,
            parts,
            bits,
            signature,
        } => {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "\n  1. digest = SHA-256(file)，输入{message_len}字节\n     {}",
                hex(digest)
            );
            let _ = writeln!(
                s,
                "\n  2. 填充块EM = 00 01 ‖ FF…FF ‖ 00 ‖ DigestInfo(SHA-256) ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 §9.2)，\n     长度与模数相同（{}字节）",
                block.len()
            );
            for part in parts {
                let _ = writeln!(
                    s,
                    "     {:<10} {} {}",
                    format!("{}..{}", part.start, part.end),
                    pad_to(&abbreviated(part), 26),
                    part_name(&part.name)
                );
            }
            let _ = writeln!(s, "     EM = {}", hex(block));
            let _ = writeln!(
                s,
                "\n  3. 签名s = EM^d mod n (RSASP1, RFC 8017 §5.2.1)，使用{bits}位私钥"
            );
            let _ = writeln!(s, "     d一直留在密钥文件里；离开的只有s");
            let _ = writeln!(s, "     s = {}", hex(signature));
            Card::new(format!("签名  用{key_file}为{file}签名"), lines(s))
        }
    }
}

/// The bytes for a table column: spaced hex, cut to the first four bytes and a count when
/// longer than eight (`ff ff ff ff …（202字节）`).
fn abbreviated(part: &crate::crypto::signature::BlockPart) -> String {
    if part.bytes.len() > 8 {
        format!(
            "{} …（{}字节）",
            crate::hexfmt::spaced(&part.bytes[..4]),
            part.bytes.len()
        )
    } else {
        crate::hexfmt::spaced(&part.bytes)
    }
}

/// A block part's name as the reader sees it (`padding PS` → 填充PS).
fn part_name(name: &str) -> String {
    super::names::name(name).unwrap_or_else(|| name.to_string())
}

/// `text` padded with spaces to `w` columns of a terminal (a Chinese character takes two).
fn pad_to(text: &str, w: usize) -> String {
    format!("{text}{}", " ".repeat(w.saturating_sub(text.width())))
}

fn mark(ok: bool) -> &'static str {
    if ok { "✔" } else { "✘" }
}

/// A verification step by step: digest, public operation with the labelled block, the
/// expected block, and both verdicts side by side.
fn verification_walk(walk: &crate::crypto::signature::SignatureWalk) -> String {
    let mut s = String::new();
    let reason = verdict_reason(&walk.verdict, walk.short_key);
    let _ = writeln!(
        s,
        "\n  1. digest = SHA-256({})\n     {}",
        walk.message_name,
        hex(&walk.message_digest)
    );
    let _ = writeln!(
        s,
        "\n  2. 公钥运算EM = s^e mod n (RSAVP1, RFC 8017 §5.2.2)，这一步谁都能做：\n     e和n是公开的，所以签名里的填充块并不是秘密。"
    );
    let _ = writeln!(s, "     e = {}", hex(&walk.exponent));
    let _ = writeln!(s, "     n = {}", hex(&walk.modulus));
    let _ = writeln!(s, "     s = {}", hex(&walk.signature));
    if walk.revealed.is_empty() {
        let _ = writeln!(s, "     {} {reason}", mark(false));
    } else {
        let _ = writeln!(s, "     EM = {}", hex(&walk.revealed));
        // The header is Chinese: padded by display width to the columns of the rows below.
        let _ = writeln!(
            s,
            "\n     {} {} 部分",
            pad_to("偏移", 10),
            pad_to("字节", 26)
        );
        for part in &walk.parts {
            let _ = writeln!(
                s,
                "     {:<10} {} {} {}：{}",
                format!("{}..{}", part.start, part.end),
                pad_to(&abbreviated(part), 26),
                mark(part.ok),
                part_name(&part.name),
                super::meaning::block_part(&part.meaning)
            );
        }
        if !walk.digest_in_signature.is_empty() {
            let _ = writeln!(s, "\n     签名里的摘要：{}", hex(&walk.digest_in_signature));
        }
    }
    let _ = writeln!(
        s,
        "\n  3. 期望的块EM' = 00 01 FF…FF 00 ‖ DigestInfo ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 §9.2)\n     {}",
        hex(&walk.expected_block)
    );
    let verdict = |ok: bool| if ok { "有效" } else { "无效" };
    let _ = writeln!(
        s,
        "\n  4. 比较EM与EM'：\n     {} 手工计算：{}\n     {} 库（ring RSA_PKCS1_2048_8192_SHA256）：{}",
        mark(walk.by_hand_valid),
        verdict(walk.by_hand_valid),
        mark(walk.library_valid),
        verdict(walk.library_valid),
    );
    let _ = writeln!(s, "     {reason}");
    if walk.by_hand_valid != walk.library_valid {
        let _ = writeln!(s, "     两个结论不一致");
    }
    s
}

pub(super) fn check(c: &ToolCheck, passed: bool) -> CheckWords {
    match c {
        ToolCheck::PkiWritten { dir, seed } => CheckWords {
            name: "PKI已写入".into(),
            detail: match seed {
                Some(n) => format!("PKI已写入{dir}（种子{n}：同一个种子总是生成相同的文件）"),
                None => format!("PKI已写入{dir}"),
            },
        },
        ToolCheck::SignatureWritten {
            sig_file,
            len,
            key_file,
            file,
        } => CheckWords {
            name: "签名已写入".into(),
            detail: format!(
                "已把{len}字节写入{sig_file}\n  对照：openssl dgst -sha256 -sign {key_file} {file} | cmp - {sig_file}"
            ),
        },
        ToolCheck::SignatureVerified { .. } => CheckWords {
            name: "签名验证".into(),
            detail: if passed {
                "签名有效".into()
            } else {
                "签名无效".into()
            },
        },
    }
}

/// The PRF's formulas (RFC 5246 §5).
pub(super) fn prf_start() -> String {
    "PRF(secret, label, seed) = P_SHA256(secret, label ‖ seed)   (RFC 5246 §5)".into()
}

pub(super) fn prf_a(i: usize) -> String {
    format!("A({i}) = HMAC-SHA256(secret, A({}))", i.saturating_sub(1))
}

pub(super) fn prf_block(i: usize) -> String {
    format!("第{i}块 = HMAC-SHA256(secret, A({i}) ‖ label ‖ seed)")
}

pub(super) fn prf_output(len: usize) -> String {
    format!("输出 = 第1块 ‖ 第2块 ‖ …，截取前{len}字节")
}
