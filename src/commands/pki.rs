//! `tlswalk pki init` and `tlswalk pki show`: their events go through the shared renderers
//! (see [`report`]).

use crate::cli::{Format, PkiCommand, PkiInitArgs, PkiShowArgs};
use crate::commands::output::report;
use std::path::Path;
use tlswalk::crypto::signature::SignatureWalk;
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::event::{Actor, CertRole, EventSink, ToolCheck, ToolTopic};
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

fn init(args: PkiInitArgs, style: Style) -> Result<()> {
    // A path that cannot hold the PKI is said before the keys are made.
    Pki::check_dir(&args.out)?;
    if !args.force {
        Pki::refuse_overwrite(&args.out)?;
    }
    pki::check_hosts(&args.hosts)?;
    Pki::prepare_dir(&args.out)?;
    let randomness = Randomness::from_seed(args.seed.seed);
    let mut events = Vec::new();
    let pki = pki::generate(&randomness, &args.hosts, &mut events)?;
    pki.save(&args.out, args.force)?;
    let infos = [describe(&pki.ca.cert_der)?, describe(&pki.server.cert_der)?];
    // The generation is narrated in JSON and with --verbose; the compact text is the report.
    let narrate = args.verbose || args.format == Format::Json;
    report(args.format, style, args.verbose, |sink| {
        if narrate {
            for e in events {
                sink.emit(e);
            }
        }
        sink.check(
            Actor::Ca,
            ToolCheck::PkiWritten {
                dir: args.out.display().to_string(),
                seed: args.seed.seed,
            }
            .into(),
            true,
        );
        for ((role, cert, key), info) in [
            (CertRole::Ca, "ca.pem", "ca.key"),
            (CertRole::Server, "server.pem", "server.key"),
        ]
        .into_iter()
        .zip(&infos)
        {
            sink.explain(Actor::Ca, written(role, &args.out, cert, key, info).into());
        }
        sink.explain(
            Actor::Network,
            ToolTopic::OpensslVerify {
                ca_file: args.out.join("ca.pem").display().to_string(),
                cert_file: args.out.join("server.pem").display().to_string(),
            }
            .into(),
        );
    })
}

/// One certificate `pki init` wrote, summarised.
fn written(role: CertRole, dir: &Path, cert: &str, key: &str, info: &CertInfo) -> ToolTopic {
    ToolTopic::CertificateWritten {
        certificate: role,
        cert_file: dir.join(cert).display().to_string(),
        key_file: dir.join(key).display().to_string(),
        subject: info.subject.clone(),
        issuer: info.issuer.clone(),
        serial: info.serial.clone(),
        not_before: format_time(info.not_before),
        not_after: format_time(info.not_after),
        alt_names: info
            .dns_names
            .iter()
            .map(|d| format!("DNS:{d}"))
            .chain(info.ip_addresses.iter().map(|ip| format!("IP:{ip}")))
            .collect(),
        is_ca: info.is_ca,
        fingerprint: info.fingerprint.to_vec(),
        bits: info.modulus_bits(),
        exponent: info.exponent.clone(),
        modulus: info.modulus.clone(),
    }
}

fn show(args: PkiShowArgs, style: Style) -> Result<()> {
    let der = read_cert_file(&args.cert)?;
    let info = describe(&der).map_err(|e| {
        Error::bad_input(CliComplaint::CertificateUnusable {
            path: args.cert.display().to_string(),
            reason: e.to_string(),
        })
    })?;
    let walk = match &args.issuer {
        Some(path) => Some(issuer_walk(&info, path)?),
        None => None,
    };
    report(args.format, style, false, |sink| {
        sink.explain(
            Actor::Ca,
            ToolTopic::Certificate {
                file: args.cert.display().to_string(),
                fields: info.fields(),
            }
            .into(),
        );
        if let Some((walk, issuer_path)) = &walk {
            sink.explain(
                Actor::Client,
                ToolTopic::IssuerSignature {
                    file: args.cert.display().to_string(),
                    issuer_file: issuer_path.clone(),
                    tbs_len: info.tbs.len(),
                }
                .into(),
            );
            emit_walk(walk, sink);
        }
    })?;
    match walk {
        Some((walk, issuer_path)) if !walk.valid() => {
            Err(Error::check_failed(CliComplaint::IssuerSignatureInvalid {
                cert: args.cert.display().to_string(),
                issuer: issuer_path,
                verdict: walk.verdict,
                short_key: walk.short_key,
            }))
        }
        _ => Ok(()),
    }
}

/// A verification walk: the step-by-step block, then its derivations and both verdicts.
pub(crate) fn emit_walk(walk: &SignatureWalk, sink: &mut dyn EventSink) {
    sink.explain(
        Actor::Client,
        ToolTopic::VerificationWalk { walk: walk.clone() }.into(),
    );
    walk.emit(Actor::Client, sink);
}

/// Check `info`'s signature with the public key in the certificate at `path`.
fn issuer_walk(info: &CertInfo, path: &Path) -> Result<(SignatureWalk, String)> {
    let issuer_der = read_cert_file(path)?;
    let public = public_key_of(&issuer_der).map_err(|e| {
        Error::bad_input(CliComplaint::CertificateUnusable {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    })?;
    if info.signature_algorithm_oid != SHA256_WITH_RSA_OID {
        return Err(Error::check_failed(
            CliComplaint::UnsupportedSignatureAlgorithm {
                oid: info.signature_algorithm_oid.to_string(),
                expected: SHA256_WITH_RSA_OID.into(),
            },
        ));
    }
    let walk = SignatureWalk::verify(&public, &info.tbs, &info.signature).named("tbsCertificate");
    Ok((walk, path.display().to_string()))
}
