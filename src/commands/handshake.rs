//! `tlswalk handshake`: the whole HTTPS connection, walked step by step.

use crate::cli::{HandshakeArgs, RunFormat};
use crate::commands::output::{output_result, print, run_rendered, write_file};
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::narrator::{Line, Narrator};
use tlswalk::render::layout::wrapped;
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::{WalkOptions, walk};
use tlswalk::tcp::TcpModel;
use tlswalk::ui::Style;

/// Check the values a person typed before anything runs.
pub fn validate_host_and_path(host: &str, path: &str) -> Result<()> {
    if host.is_empty()
        || host.len() > 253
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(Error::bad_input(CliComplaint::NotAHostName {
            host: host.to_string(),
        }));
    }
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::bad_input(CliComplaint::BadRequestPath {
            path: path.to_string(),
        }));
    }
    Ok(())
}

pub fn run(args: HandshakeArgs, style: Style) -> Result<()> {
    validate_host_and_path(&args.host, &args.path)?;
    let randomness = Randomness::from_seed(args.seed.seed);
    let opts = WalkOptions {
        randomness,
        host: args.host.clone(),
        path: args.path.clone(),
        pki_dir: args.pki.clone(),
        ems: args.ems,
    };
    let (result, events, written) =
        run_rendered(args.format, style, args.verbose, |sink| walk(&opts, sink));

    // Exports are written even when the handshake failed: they show how far it got.
    if let Some(path) = &args.keylog {
        write_file(
            path,
            tlswalk::render::keylog::keylog_lines(&events).as_bytes(),
        )?;
    }
    if let Some(path) = &args.pcap {
        let (client, server) = TcpModel::default_endpoints(&randomness);
        let pcap =
            tlswalk::render::pcap::write_pcap(&events, &client, &server, randomness.clock().now());
        write_file(path, &pcap)?;
    }
    output_result(written)?;
    let outcome = result?;
    if args.format == RunFormat::Text {
        let status = tlswalk::http::parse_response(&outcome.response)
            .ok()
            .flatten()
            .map(|r| r.status);
        print(|out| {
            writeln!(out)?;
            let narrator = Narrator::default();
            writeln!(
                out,
                "{}",
                wrapped(&narrator.line(&Line::WalkDone { status }), style.width)
            )?;
            if !args.verbose {
                writeln!(
                    out,
                    "{}",
                    wrapped(&narrator.line(&Line::WalkVerboseHint), style.width)
                )?;
            }
            Ok(())
        })?;
    }
    Ok(())
}
