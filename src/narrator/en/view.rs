//! English for the text view's own labels: around values, records, tables and TCP segments.

use crate::event::{CertRole, RecordOp};
use crate::narrator::View;

/// The phrase.
pub fn view(v: &View<'_>) -> String {
    match v {
        View::Computes { who } => format!("{who} computes"),
        View::ExitLabel { failed } => if *failed { "failed" } else { "error" }.into(),
        View::ReadingGuide => "How to read the bytes: hex in groups of four bytes; a long value is shown in full \
                               once and named ‹like this› afterwards (‹name[a..b]› is part of it); ff×202 is the \
                               byte ff 202 times; [a..b] counts bytes from a up to, not including, b."
            .into(),
        View::InShort => "in short:".into(),
        View::Record {
            who,
            op,
            content_type,
            seq,
        } => {
            let verb = match op {
                RecordOp::Seal => "seals",
                RecordOp::Open => "opens",
            };
            let t = content_type.to_string();
            let article = if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{who} {verb} {article} {t} record (sequence number {seq}) with AES-128-GCM")
        }
        View::Plaintext { bytes } => format!("plaintext ({})", bytes_word(*bytes)),
        View::Nonce => "nonce = write_IV ‖ explicit nonce".into(),
        View::Aad => "AAD = seq ‖ type ‖ version ‖ length".into(),
        View::Nonce13 => "nonce = write_iv XOR sequence number".into(),
        View::Aad13 => "AAD = the record header".into(),
        View::Ciphertext => "ciphertext".into(),
        View::Tag => "tag".into(),
        View::RecordOnWire => "record on the wire".into(),
        View::TagMismatch => {
            "✘ the tag does not match: the record was changed in transit; nothing is delivered"
                .into()
        }
        View::State { machine, from, to } => format!("{machine} state: {from} → {to}"),
        View::KeyLog => "key log line:".into(),
        View::CardHeading { who, title } => format!("{who}: {title}"),
        View::Sentences { first, then } => format!("{first} {then}"),
        View::CheckResult { name, detail } => format!("{name}: {detail}"),
        View::HttpInsideTls { name } => format!("{name} (plaintext, travels inside TLS)"),
        View::Bytes { bytes } => format!("{}:", bytes_word(*bytes)),
        View::Hex => "hex:".into(),
        View::TableHead => format!("{:<4}  {:<48} {}", "off", "bytes", "field: meaning"),
        View::FieldSize { bytes } => format!(" ({})", bytes_word(*bytes)),
        View::RecordHeader {
            header,
            content_type,
            length,
        } => format!(
            "record header {header}: {content_type} ({}), TLS 1.2, {} {}",
            content_type.0,
            bytes_word(*length),
            if *length == 1 { "follows" } else { "follow" }
        ),
        View::OfRecord { name, sender, seq } => {
            format!("{name} of the {}'s record {seq}", super::actor(*sender))
        }
        View::OfCertificate { name, certificate } => {
            format!("{name} ({})", certificate_name(*certificate))
        }
        View::CompactSignature { who, certificate } => format!(
            "{who} signs the {}: signatureValue =",
            match certificate {
                CertRole::Ca => "CA certificate (its own: self-signed)",
                CertRole::Server => "server certificate",
            }
        ),
        View::CompactMasterSecret { who } => format!("{who} master_secret ="),
    }
}

/// `1 byte`, `79 bytes`.
pub(super) fn bytes_word(n: usize) -> String {
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{n} bytes")
    }
}

fn certificate_name(c: CertRole) -> &'static str {
    match c {
        CertRole::Ca => "CA certificate",
        CertRole::Server => "server certificate",
    }
}
