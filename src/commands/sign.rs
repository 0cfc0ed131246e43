//! `tlswalk sign` and `tlswalk verify`: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2), step by
//! step. `sign` writes the same bytes as `openssl dgst -sha256 -sign KEY FILE`.

use super::pki::emit_walk;
use crate::cli::{SignArgs, VerifyArgs};
use crate::commands::output::{check_outputs, report, same_file, write_file};
use std::path::Path;
use tlswalk::crypto::signature::{SignatureWalk, sign as sign_walk};
use tlswalk::error::{CliComplaint, Error, InputFile, Result, SignInput};
use tlswalk::event::{Actor, ToolCheck, ToolTopic};
use tlswalk::pki::files::{Capped, read_capped};
use tlswalk::pki::{public_key_of, read_cert_file, read_key_file};
use tlswalk::ui::Style;

/// Read a file to sign or verify, or a signature, at most its kind's limit (exit 2 beyond).
fn read_input(path: &Path, input: InputFile) -> Result<Vec<u8>> {
    read_capped(path, input).map_err(|e| match e {
        Capped::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Error::bad_input(CliComplaint::NoSuchFile {
                path: path.display().to_string(),
            })
        }
        e => e.into_error(path),
    })
}

/// `tlswalk sign --key KEY --out SIG FILE`.
pub fn sign(args: SignArgs, style: Style) -> Result<()> {
    // The signature must never replace what it is made from: not even --force allows it.
    for (input, path) in [
        (SignInput::Message, &args.file),
        (SignInput::Key, &args.key),
    ] {
        if same_file(&args.out, path) {
            return Err(Error::bad_input(CliComplaint::OutputIsInput {
                path: args.out.display().to_string(),
                input,
            }));
        }
    }
    check_outputs(&[("--out", &args.out)], args.force)?;
    let key = read_key_file(&args.key)?;
    let message = read_input(&args.file, InputFile::Message)?;
    let walk = sign_walk(&key, &message)?;
    write_file(&args.out, &walk.signature, args.force)?;
    report(args.format, style, false, |sink| {
        sink.explain(
            Actor::Server,
            ToolTopic::Signing {
                file: args.file.display().to_string(),
                key_file: args.key.display().to_string(),
                message_len: message.len(),
                digest: walk.digest.to_vec(),
                block: walk.block.clone(),
                parts: walk.parts.clone(),
                bits: walk.modulus_bits,
                signature: walk.signature.clone(),
            }
            .into(),
        );
        walk.emit(Actor::Server, sink);
        sink.check(
            Actor::Server,
            ToolCheck::SignatureWritten {
                sig_file: args.out.display().to_string(),
                len: walk.signature.len(),
                key_file: args.key.display().to_string(),
                file: args.file.display().to_string(),
            }
            .into(),
            true,
        );
    })
}

/// `tlswalk verify --cert CERT --sig SIG FILE`: exit 0 when valid, 1 with the reason otherwise.
pub fn verify(args: VerifyArgs, style: Style) -> Result<()> {
    let cert = read_cert_file(&args.cert)?;
    let public = public_key_of(&cert).map_err(|e| {
        Error::bad_input(CliComplaint::CertificateUnusable {
            path: args.cert.display().to_string(),
            reason: e.to_string(),
        })
    })?;
    let signature = read_input(&args.sig, InputFile::Signature)?;
    let message = read_input(&args.file, InputFile::Message)?;
    let walk = SignatureWalk::verify(&public, &message, &signature);
    report(args.format, style, false, |sink| {
        sink.explain(
            Actor::Client,
            ToolTopic::Verifying {
                file: args.file.display().to_string(),
                sig_file: args.sig.display().to_string(),
                cert_file: args.cert.display().to_string(),
            }
            .into(),
        );
        emit_walk(&walk, sink);
        sink.check(
            Actor::Client,
            ToolCheck::SignatureVerified {
                file: args.file.display().to_string(),
                by_hand: walk.by_hand_valid,
                library: walk.library_valid,
            }
            .into(),
            walk.valid(),
        );
    })?;
    if walk.valid() {
        Ok(())
    } else {
        Err(Error::check_failed(CliComplaint::SignatureInvalid {
            verdict: walk.verdict,
            short_key: walk.short_key,
        }))
    }
}
