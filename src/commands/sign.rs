//! `tlswalk sign` and `tlswalk verify`: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2), step by
//! step. `sign` writes the same bytes as `openssl dgst -sha256 -sign KEY FILE`.

use super::pki::{mark, print_json, print_walk};
use crate::cli::{Format, SignArgs, VerifyArgs};
use crate::commands::output::print;
use std::io::{self, Write};
use std::path::Path;
use tlswalk::crypto::signature::{SignWalk, SignatureWalk, sign as sign_walk};
use tlswalk::error::{Error, Result};
use tlswalk::event::Actor;
use tlswalk::hexfmt::hex;
use tlswalk::pki::{public_key_of, read_cert_file, read_key_file};
use tlswalk::ui::Style;

fn read_input(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::bad_input(format!("{}: no such file", path.display()))
        }
        _ => Error::io(path.display(), e),
    })
}

/// `tlswalk sign --key KEY --out SIG FILE`.
pub fn sign(args: SignArgs, style: Style) -> Result<()> {
    let key = read_key_file(&args.key)?;
    let message = read_input(&args.file)?;
    let walk = sign_walk(&key, &message)?;
    std::fs::write(&args.out, &walk.signature).map_err(|e| Error::io(args.out.display(), e))?;
    if args.format == Format::Json {
        let mut events = Vec::new();
        walk.emit(Actor::Server, &mut events);
        return print(|out| print_json(out, &events));
    }
    print(|out| sign_text(out, &args, &message, &walk, style))
}

/// What `sign` prints as text: the three steps and the file written.
fn sign_text(
    out: &mut dyn Write,
    args: &SignArgs,
    message: &[u8],
    walk: &SignWalk,
    style: Style,
) -> io::Result<()> {
    writeln!(
        out,
        "{}  {} with {}",
        style.bold("Signing"),
        args.file.display(),
        args.key.display()
    )?;
    writeln!(
        out,
        "\n  1. digest = SHA-256(file), {} bytes in\n     {}",
        message.len(),
        hex(&walk.digest)
    )?;
    writeln!(
        out,
        "\n  2. padded block EM = 00 01 ‖ FF…FF ‖ 00 ‖ DigestInfo(SHA-256) ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 §9.2),\n     as long as the modulus ({} bytes)",
        walk.block.len()
    )?;
    for part in &walk.parts {
        let shown = part.abbreviated();
        writeln!(
            out,
            "     {:<10} {:<26} {}",
            format!("{}..{}", part.start, part.end),
            shown,
            part.name
        )?;
    }
    writeln!(out, "     EM = {}", hex(&walk.block))?;
    writeln!(
        out,
        "\n  3. signature s = EM^d mod n (RSASP1, RFC 8017 §5.2.1) with the {}-bit private key",
        walk.modulus_bits
    )?;
    writeln!(
        out,
        "     {}",
        style.secret("d stays in the key file; only s leaves")
    )?;
    writeln!(out, "     s = {}", hex(&walk.signature))?;
    writeln!(
        out,
        "\n{} wrote {} bytes to {}\n  compare: openssl dgst -sha256 -sign {} {} | cmp - {}",
        mark(style, true),
        walk.signature.len(),
        args.out.display(),
        args.key.display(),
        args.file.display(),
        args.out.display()
    )?;
    Ok(())
}

/// `tlswalk verify --cert CERT --sig SIG FILE`: exit 0 when valid, 1 with the reason otherwise.
pub fn verify(args: VerifyArgs, style: Style) -> Result<()> {
    let cert = read_cert_file(&args.cert)?;
    let public = public_key_of(&cert)
        .map_err(|e| Error::bad_input(format!("{}: {e}", args.cert.display())))?;
    let signature = read_input(&args.sig)?;
    let message = read_input(&args.file)?;
    let walk = SignatureWalk::verify(&public, &message, &signature);
    if args.format == Format::Json {
        let mut events = Vec::new();
        walk.emit(Actor::Client, &mut events);
        print(|out| print_json(out, &events))?;
    } else {
        print(|out| {
            writeln!(
                out,
                "{}  {} signed as {}? key from {}",
                style.bold("Verifying"),
                args.file.display(),
                args.sig.display(),
                args.cert.display()
            )?;
            print_walk(out, &walk, style)?;
            if walk.valid() {
                writeln!(out, "\n{} signature valid", mark(style, true))?;
            }
            Ok(())
        })?;
    }
    if walk.valid() {
        Ok(())
    } else {
        Err(Error::CheckFailed(format!(
            "signature invalid: {}",
            tlswalk::narrator::Narrator::default().signature_verdict(&walk.verdict, walk.short_key)
        )))
    }
}
