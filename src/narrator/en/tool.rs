//! English for the one-shot tools: `pki init`, `pki show`, `sign`, `verify` and `prf`.
//!
//! A tool's card is a block of its report: the title is the block's first line and the text
//! its lines, already laid out (aligned field tables, numbered steps), since the text renderer
//! prints a tool's blocks as they are.

use super::signature::verdict_reason;
use crate::event::{CertField, CertRole, PkiTopic, ToolCheck, ToolTopic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use std::fmt::Write;

/// One aligned row of a field table: `  name                 value`.
fn row(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "  {name:<20} {value}");
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
                CertRole::Ca => "CA certificate",
                CertRole::Server => "server certificate",
            };
            let mut s = String::new();
            row(&mut s, "subject", subject);
            let self_signed = if issuer == subject {
                " (self-signed)"
            } else {
                ""
            };
            row(&mut s, "issuer", &format!("{issuer}{self_signed}"));
            row(&mut s, "serial", &hex(serial));
            row(&mut s, "valid", &format!("{not_before} … {not_after}"));
            if !alt_names.is_empty() {
                row(&mut s, "subjectAltName", &alt_names.join(", "));
            }
            row(&mut s, "CA", if *is_ca { "yes" } else { "no" });
            row(&mut s, "SHA-256 fingerprint", &hex(fingerprint));
            row(
                &mut s,
                "public key",
                &format!("RSA {bits} bits, e = {}", hex(exponent)),
            );
            row(&mut s, "modulus n", &hex(modulus));
            Card::new(
                format!(
                    "{label}  {cert_file}  (private key: {key_file}, PKCS#8 PEM — keep it secret)"
                ),
                lines(s),
            )
        }
        ToolTopic::OpensslVerify { ca_file, cert_file } => Card::new(
            "Check it with OpenSSL:",
            format!("  openssl verify -CAfile {ca_file} {cert_file}"),
        ),
        ToolTopic::Certificate { file, fields } => {
            let mut s = String::from(
                "  A certificate binds a public key to a name, signed by an issuer. It carries a public\n  key and never a private key: it is sent to every client in the clear.\n\n",
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
                        "the CA's key: it verifies the certificates this CA signs"
                    } else {
                        "the server's key: clients encrypt the pre-master secret to it"
                    };
                    row(&mut s, "public key", &format!("RSA {bits} bits ({whose})"));
                    row(&mut s, "  exponent e", &hex(exponent));
                    row(&mut s, "  modulus n", &hex(modulus));
                } else {
                    let card = super::pki::card(&PkiTopic::Field(field.clone()));
                    row(&mut s, &card.title, &card.text);
                }
            }
            Card::new(format!("Certificate  {file}"), lines(s))
        }
        ToolTopic::IssuerSignature {
            file,
            issuer_file,
            tbs_len,
        } => Card::new(
            format!("Signature check  is {file} signed by the key in {issuer_file}?"),
            format!(
                "  The issuer signed SHA-256(tbsCertificate), the {tbs_len} bytes before the signature."
            ),
        ),
        ToolTopic::Verifying {
            file,
            sig_file,
            cert_file,
        } => Card::new(
            format!("Verifying  {file} signed as {sig_file}? key from {cert_file}"),
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
                "\n  1. digest = SHA-256(file), {message_len} bytes in\n     {}",
                hex(digest)
            );
            let _ = writeln!(
                s,
                "\n  2. padded block EM = 00 01 ‖ FF…FF ‖ 00 ‖ DigestInfo(SHA-256) ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 §9.2),\n     as long as the modulus ({} bytes)",
                block.len()
            );
            for part in parts {
                let _ = writeln!(
                    s,
                    "     {:<10} {:<26} {}",
                    format!("{}..{}", part.start, part.end),
                    part.abbreviated(),
                    part.name
                );
            }
            let _ = writeln!(s, "     EM = {}", hex(block));
            let _ = writeln!(
                s,
                "\n  3. signature s = EM^d mod n (RSASP1, RFC 8017 §5.2.1) with the {bits}-bit private key"
            );
            let _ = writeln!(s, "     d stays in the key file; only s leaves");
            let _ = writeln!(s, "     s = {}", hex(signature));
            Card::new(format!("Signing  {file} with {key_file}"), lines(s))
        }
    }
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
        "\n  2. public operation EM = s^e mod n (RSAVP1, RFC 8017 §5.2.2) — anyone can do this:\n     e and n are public, so the padded block inside a signature is no secret."
    );
    let _ = writeln!(s, "     e = {}", hex(&walk.exponent));
    let _ = writeln!(s, "     n = {}", hex(&walk.modulus));
    let _ = writeln!(s, "     s = {}", hex(&walk.signature));
    if walk.revealed.is_empty() {
        let _ = writeln!(s, "     {} {reason}", mark(false));
    } else {
        let _ = writeln!(s, "     EM = {}", hex(&walk.revealed));
        let _ = writeln!(s, "\n     {:<10} {:<26} part", "offset", "bytes");
        for part in &walk.parts {
            let _ = writeln!(
                s,
                "     {:<10} {:<26} {} {}: {}",
                format!("{}..{}", part.start, part.end),
                part.abbreviated(),
                mark(part.ok),
                part.name,
                super::meaning::block_part(&part.meaning)
            );
        }
        if !walk.digest_in_signature.is_empty() {
            let _ = writeln!(
                s,
                "\n     digest inside the signature: {}",
                hex(&walk.digest_in_signature)
            );
        }
    }
    let _ = writeln!(
        s,
        "\n  3. expected block EM' = 00 01 FF…FF 00 ‖ DigestInfo ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 §9.2)\n     {}",
        hex(&walk.expected_block)
    );
    let verdict = |ok: bool| if ok { "valid" } else { "invalid" };
    let _ = writeln!(
        s,
        "\n  4. compare EM with EM':\n     {} by hand: {}\n     {} library (ring RSA_PKCS1_2048_8192_SHA256): {}",
        mark(walk.by_hand_valid),
        verdict(walk.by_hand_valid),
        mark(walk.library_valid),
        verdict(walk.library_valid),
    );
    let _ = writeln!(s, "     {reason}");
    if walk.by_hand_valid != walk.library_valid {
        let _ = writeln!(s, "     the two verdicts disagree");
    }
    s
}

pub(super) fn check(c: &ToolCheck, passed: bool) -> CheckWords {
    match c {
        ToolCheck::PkiWritten { dir, seed } => CheckWords {
            name: "PKI written".into(),
            detail: match seed {
                Some(n) => format!(
                    "PKI written to {dir} (seed {n}: the same seed always gives the same files)"
                ),
                None => format!("PKI written to {dir}"),
            },
        },
        ToolCheck::SignatureWritten {
            sig_file,
            len,
            key_file,
            file,
        } => CheckWords {
            name: "signature written".into(),
            detail: format!(
                "wrote {len} bytes to {sig_file}\n  compare: openssl dgst -sha256 -sign {key_file} {file} | cmp - {sig_file}"
            ),
        },
        ToolCheck::SignatureVerified { .. } => CheckWords {
            name: "signature verified".into(),
            detail: if passed {
                "signature valid".into()
            } else {
                "signature invalid".into()
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
    format!("block {i} = HMAC-SHA256(secret, A({i}) ‖ label ‖ seed)")
}

pub(super) fn prf_output(len: usize) -> String {
    format!("output = block 1 ‖ block 2 ‖ … cut to {len} bytes")
}
