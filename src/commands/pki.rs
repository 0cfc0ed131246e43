//! `tlswalk pki init` and `tlswalk pki show`, plus the small text/JSON helpers the signature
//! commands share.

use crate::cli::{Format, PkiCommand, PkiInitArgs, PkiShowArgs};
use crate::commands::output::print;
use std::io::{self, Write};
use std::path::Path;
use tlswalk::crypto::signature::SignatureWalk;
use tlswalk::error::{Error, Result};
use tlswalk::event::{Actor, CertField, Event, EventKind, PkiTopic};
use tlswalk::hexfmt::hex;
use tlswalk::narrator::{Card, Narrator};
use tlswalk::pki::inspect::{CertInfo, SHA256_WITH_RSA_OID, describe, format_time};
use tlswalk::pki::{self, Pki, public_key_of, read_cert_file};
use tlswalk::rng::Randomness;
use tlswalk::ui::Style;

/// Run a `pki` subcommand.
pub fn run(command: PkiCommand, style: Style) -> Result<()> {
    match command {
        PkiCommand::Init(args) => init(args, style),
        PkiCommand::Show(args) => show(args, style),
    }
}

/// Print events as JSON Lines: one `serde_json` object per line.
pub(crate) fn print_json(out: &mut dyn Write, events: &[Event]) -> io::Result<()> {
    let narrator = Narrator::default();
    for (i, event) in events.iter().enumerate() {
        let line = tlswalk::render::json::event_json(i as u64 + 1, event, &narrator);
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// `✔` or `✘`, coloured.
pub(crate) fn mark(style: Style, ok: bool) -> String {
    if ok {
        style.good("✔")
    } else {
        style.bad("✘")
    }
}

/// Print events as readable text (the `--verbose` narration of `pki init`).
fn print_events_text(out: &mut dyn Write, events: &[Event], style: Style) -> io::Result<()> {
    let narrator = Narrator::default();
    for event in events {
        match &event.kind {
            EventKind::Phase { topic } => {
                let title = narrator.card(topic).title;
                writeln!(out, "\n{}", style.bold(&format!("== {title} ==")))?
            }
            EventKind::Explain { topic } => {
                let Card { title, text } = narrator.card(topic);
                writeln!(
                    out,
                    "\n{}  {}",
                    style.actor(event.actor, narrator.actor(event.actor)),
                    style.bold(&title)
                )?;
                writeln!(out, "  {text}")?;
            }
            EventKind::Derive {
                what,
                inputs,
                steps,
                outputs,
            } => {
                writeln!(out, "  {}", style.bold(&narrator.formula(what)))?;
                for v in inputs.iter().chain(steps).chain(outputs) {
                    writeln!(out, "    {} = {}", style.dim(&v.name), hex(&v.bytes))?;
                }
            }
            EventKind::Check { check, passed } => {
                let w = narrator.check(check, *passed);
                writeln!(out, "  {} {}: {}", mark(style, *passed), w.name, w.detail)?
            }
            _ => {}
        }
    }
    Ok(())
}

fn init(args: PkiInitArgs, style: Style) -> Result<()> {
    if !args.force {
        Pki::refuse_overwrite(&args.out)?;
    }
    let randomness = Randomness::from_seed(args.seed.seed);
    let mut events = Vec::new();
    let pki = pki::generate(&randomness, &args.hosts, &mut events)?;
    pki.save(&args.out, args.force)?;
    if args.format == Format::Json {
        return print(|out| print_json(out, &events));
    }
    let infos = [describe(&pki.ca.cert_der)?, describe(&pki.server.cert_der)?];
    print(|out| init_text(out, &args, &events, &infos, style))
}

/// What `pki init` prints: the narration with `--verbose`, then the two certificates.
fn init_text(
    out: &mut dyn Write,
    args: &PkiInitArgs,
    events: &[Event],
    infos: &[CertInfo; 2],
    style: Style,
) -> io::Result<()> {
    if args.verbose {
        print_events_text(out, events, style)?;
        writeln!(out)?;
    }
    let seeded = match args.seed.seed {
        Some(n) => format!(" (seed {n}: the same seed always gives the same files)"),
        None => String::new(),
    };
    writeln!(
        out,
        "{} PKI written to {}{seeded}",
        mark(style, true),
        args.out.display()
    )?;
    for ((label, cert, key), info) in [
        ("CA certificate", "ca.pem", "ca.key"),
        ("server certificate", "server.pem", "server.key"),
    ]
    .into_iter()
    .zip(infos)
    {
        writeln!(
            out,
            "\n{}  {}  (private key: {}, PKCS#8 PEM — keep it secret)",
            style.bold(label),
            args.out.join(cert).display(),
            style.secret(&args.out.join(key).display().to_string())
        )?;
        print_summary(out, info, style)?;
    }
    writeln!(
        out,
        "\nCheck it with OpenSSL:\n  openssl verify -CAfile {} {}",
        args.out.join("ca.pem").display(),
        args.out.join("server.pem").display()
    )?;
    Ok(())
}

fn row(out: &mut dyn Write, style: Style, name: &str, value: &str) -> io::Result<()> {
    writeln!(out, "  {:<20} {value}", style.dim(name))
}

fn print_summary(out: &mut dyn Write, info: &CertInfo, style: Style) -> io::Result<()> {
    row(out, style, "subject", &info.subject)?;
    let self_signed = if info.issuer == info.subject {
        " (self-signed)"
    } else {
        ""
    };
    row(
        out,
        style,
        "issuer",
        &format!("{}{self_signed}", info.issuer),
    )?;
    row(out, style, "serial", &hex(&info.serial))?;
    row(
        out,
        style,
        "valid",
        &format!(
            "{} … {}",
            format_time(info.not_before),
            format_time(info.not_after)
        ),
    )?;
    if !info.dns_names.is_empty() || !info.ip_addresses.is_empty() {
        let names: Vec<String> = info
            .dns_names
            .iter()
            .map(|d| format!("DNS:{d}"))
            .chain(info.ip_addresses.iter().map(|ip| format!("IP:{ip}")))
            .collect();
        row(out, style, "subjectAltName", &names.join(", "))?;
    }
    row(out, style, "CA", if info.is_ca { "yes" } else { "no" })?;
    row(out, style, "SHA-256 fingerprint", &hex(&info.fingerprint))?;
    row(
        out,
        style,
        "public key",
        &format!(
            "RSA {} bits, e = {}",
            info.modulus_bits(),
            hex(&info.exponent)
        ),
    )?;
    row(out, style, "modulus n", &hex(&info.modulus))
}

fn show(args: PkiShowArgs, style: Style) -> Result<()> {
    let der = read_cert_file(&args.cert)?;
    let info =
        describe(&der).map_err(|e| Error::bad_input(format!("{}: {e}", args.cert.display())))?;
    let walk = match &args.issuer {
        Some(path) => Some(issuer_walk(&info, path)?),
        None => None,
    };
    if args.format == Format::Json {
        let mut events = Vec::new();
        info.emit(&mut events);
        if let Some((walk, _)) = &walk {
            walk.emit(Actor::Client, &mut events);
        }
        print(|out| print_json(out, &events))?;
    } else {
        print(|out| show_text(out, &args, &info, walk.as_ref(), style))?;
    }
    match walk {
        Some((walk, issuer_path)) if !walk.valid() => Err(Error::CheckFailed(format!(
            "the signature on {} does not verify with the key in {issuer_path}: {}",
            args.cert.display(),
            Narrator::default().signature_verdict(&walk.verdict, walk.short_key)
        ))),
        _ => Ok(()),
    }
}

/// What `pki show` prints as text: the certificate's fields, then the signature check.
fn show_text(
    out: &mut dyn Write,
    args: &PkiShowArgs,
    info: &CertInfo,
    walk: Option<&(SignatureWalk, String)>,
    style: Style,
) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}",
        style.bold("Certificate"),
        args.cert.display()
    )?;
    writeln!(
        out,
        "  A certificate binds a public key to a name, signed by an issuer. It carries a public\n  key and never a private key: it is sent to every client in the clear.\n"
    )?;
    let narrator = Narrator::default();
    for field in info.fields() {
        if let CertField::PublicKey { .. } = field {
            row(
                out,
                style,
                "public key",
                &format!(
                    "RSA {} bits (the server's key; clients encrypt to it)",
                    info.modulus_bits()
                ),
            )?;
            row(out, style, "  exponent e", &hex(&info.exponent))?;
            row(out, style, "  modulus n", &hex(&info.modulus))?;
        } else {
            let card = narrator.card(&PkiTopic::Field(field).into());
            row(out, style, &card.title, &card.text)?;
        }
    }
    if let Some((walk, issuer_path)) = walk {
        writeln!(
            out,
            "\n{}  is {} signed by the key in {}?",
            style.bold("Signature check"),
            args.cert.display(),
            issuer_path
        )?;
        writeln!(
            out,
            "  The issuer signed SHA-256(tbsCertificate), the {} bytes before the signature.",
            info.tbs.len()
        )?;
        print_walk(out, walk, style)?;
    }
    Ok(())
}

/// Check `info`'s signature with the public key in the certificate at `path`.
fn issuer_walk(info: &CertInfo, path: &Path) -> Result<(SignatureWalk, String)> {
    let issuer_der = read_cert_file(path)?;
    let public = public_key_of(&issuer_der)
        .map_err(|e| Error::bad_input(format!("{}: {e}", path.display())))?;
    if info.signature_algorithm_oid != SHA256_WITH_RSA_OID {
        return Err(Error::CheckFailed(format!(
            "the certificate is signed with {}, not sha256WithRSAEncryption ({SHA256_WITH_RSA_OID}); tlswalk walks only that one",
            info.signature_algorithm_oid
        )));
    }
    let walk = SignatureWalk::verify(&public, &info.tbs, &info.signature).named("tbsCertificate");
    Ok((walk, path.display().to_string()))
}

/// Print a verification walk: digest, public operation with the labelled block, comparison,
/// and both verdicts side by side.
pub(crate) fn print_walk(
    out: &mut dyn Write,
    walk: &SignatureWalk,
    style: Style,
) -> io::Result<()> {
    writeln!(
        out,
        "\n  1. digest = SHA-256({})\n     {}",
        walk.message_name,
        hex(&walk.message_digest)
    )?;
    writeln!(
        out,
        "\n  2. public operation EM = s^e mod n (RSAVP1, RFC 8017 §5.2.2) — anyone can do this:\n     e and n are public, so the padded block inside a signature is no secret."
    )?;
    writeln!(out, "     e = {}", hex(&walk.exponent))?;
    writeln!(out, "     n = {}", hex(&walk.modulus))?;
    writeln!(out, "     s = {}", hex(&walk.signature))?;
    if walk.revealed.is_empty() {
        writeln!(
            out,
            "     {} {}",
            mark(style, false),
            Narrator::default().signature_verdict(&walk.verdict, walk.short_key)
        )?;
    } else {
        writeln!(out, "     EM = {}", hex(&walk.revealed))?;
        writeln!(out, "\n     {:<10} {:<26} part", "offset", "bytes")?;
        for part in &walk.parts {
            let shown = part.abbreviated();
            writeln!(
                out,
                "     {:<10} {:<26} {} {}: {}",
                format!("{}..{}", part.start, part.end),
                shown,
                mark(style, part.ok),
                part.name,
                part.meaning
            )?;
        }
        if !walk.digest_in_signature.is_empty() {
            writeln!(
                out,
                "\n     digest inside the signature: {}",
                hex(&walk.digest_in_signature)
            )?;
        }
    }
    writeln!(
        out,
        "\n  3. expected block EM' = 00 01 FF…FF 00 ‖ DigestInfo ‖ digest (EMSA-PKCS1-v1_5, RFC 8017 §9.2)\n     {}",
        hex(&walk.expected_block)
    )?;
    writeln!(
        out,
        "\n  4. compare EM with EM':\n     {} by hand: {}\n     {} library (ring RSA_PKCS1_2048_8192_SHA256): {}",
        mark(style, walk.by_hand_valid),
        if walk.by_hand_valid {
            "valid"
        } else {
            "invalid"
        },
        mark(style, walk.library_valid),
        if walk.library_valid {
            "valid"
        } else {
            "invalid"
        },
    )?;
    writeln!(
        out,
        "     {}",
        Narrator::default().signature_verdict(&walk.verdict, walk.short_key)
    )?;
    if walk.by_hand_valid != walk.library_valid {
        writeln!(out, "     {}", style.bad("the two verdicts disagree"))?;
    }
    Ok(())
}
