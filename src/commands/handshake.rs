//! `tlswalk handshake`: the whole HTTPS connection, walked step by step.

use crate::cli::{HandshakeArgs, RunFormat};
use crate::commands::output::{Destination, check_given, print, run_rendered, write_file};
use std::io::{self, Write};
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::narrator::{Line, Narrator};
use tlswalk::pki::{MovedClock, Pki};
use tlswalk::render::layout::{flow_text, wrapped};
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::{WalkOptions, walk_prepared};
use tlswalk::scenario::walk_http::HttpPlan;
use tlswalk::tcp::TcpModel;
use tlswalk::tls::resume::Mechanism;
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

/// Say, before the run, that a seeded run's clock moved inside a loaded PKI's validity: on
/// standard output with the text, on standard error beside JSON, Mermaid or SVG (which must
/// stay only that).
pub fn say_seeded_clock(format: RunFormat, from: &str, moved: MovedClock) -> Result<()> {
    let line = Narrator::default().line(&Line::SeededClockMoved { from, moved });
    if format == RunFormat::Text {
        print(|out| writeln!(out, "{line}"))
    } else {
        // If standard error is gone there is nowhere to say it; the run itself is unchanged.
        let _ = writeln!(io::stderr(), "{line}");
        Ok(())
    }
}

/// The HTTP requests `--method --data --header --requests --pipeline --http` ask for, checked.
fn http_plan(args: &HandshakeArgs) -> Result<HttpPlan> {
    let mut headers = Vec::new();
    for h in &args.headers {
        let bad = || {
            Error::bad_input(CliComplaint::BadHeader {
                value: h.to_string(),
            })
        };
        let (name, value) = h.split_once(':').ok_or_else(bad)?;
        let name_ok =
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !name_ok || value.chars().any(|c| c.is_control()) {
            return Err(bad());
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let http10 = args.http == crate::cli::HttpVersion::V10;
    if http10 && args.requests > 1 {
        return Err(Error::bad_input(CliComplaint::Http10OneRequest));
    }
    if args.pipeline && args.requests < 2 {
        return Err(Error::bad_input(CliComplaint::PipelineNeedsRequests));
    }
    Ok(HttpPlan {
        method: format!("{:?}", args.method).to_uppercase(),
        body: args.data.as_ref().map(|d| d.as_bytes().to_vec()),
        headers,
        requests: args.requests,
        pipeline: args.pipeline,
        http10,
    })
}

pub fn run(args: HandshakeArgs, style: Style) -> Result<()> {
    validate_host_and_path(&args.host, &args.path)?;
    let http = http_plan(&args)?;
    let outputs = [
        ("--out", &args.out),
        ("--keylog", &args.keylog),
        ("--pcap", &args.pcap),
    ];
    check_given(&outputs, args.force)?;
    // A PKI directory is read now: a broken file is the only line printed.
    let loaded = match &args.pki {
        Some(dir) => Pki::load_if_present(dir)?,
        None => None,
    };
    let randomness = Randomness::from_seed(args.seed.seed);
    // Seeded, a loaded PKI that is not valid at the usual instant moves the clock (said first).
    let clock = loaded
        .as_ref()
        .map_or(randomness.clock(), |pki| pki.clock(&randomness));
    if let (Some(pki), Some(dir)) = (&loaded, &args.pki)
        && randomness.is_seeded()
        && let Some(moved) = pki.seeded_instant()
    {
        say_seeded_clock(args.format, &dir.display().to_string(), moved)?;
    }
    let tls13 = args.tls == Some(crate::cli::TlsVersionArg::V13);
    if tls13 && args.ems {
        return Err(Error::bad_input(CliComplaint::Tls12Only {
            option: "--ems",
        }));
    }
    if tls13 && args.resume.is_some() {
        return Err(Error::bad_input(CliComplaint::Tls12Only {
            option: "--resume",
        }));
    }
    if tls13 && args.kx.is_some() {
        return Err(Error::bad_input(CliComplaint::Tls12Only { option: "--kx" }));
    }
    let opts = WalkOptions {
        tls13,
        ecdhe: args.kx == Some(crate::cli::KxArg::Ecdhe),
        randomness,
        host: args.host.clone(),
        path: args.path.clone(),
        pki_dir: args.pki.clone(),
        ems: args.ems,
        resume: args.resume.map(|by| match by {
            crate::cli::ResumeBy::SessionId => Mechanism::SessionId,
            crate::cli::ResumeBy::Ticket => Mechanism::Ticket,
        }),
        http,
    };
    if args.layers {
        return layers(&opts, loaded.as_ref(), &args, clock.now(), style);
    }
    let to = Destination {
        file: args.out.as_deref(),
        force: args.force,
    };
    let (result, events, written) = run_rendered(args.format, style, args.verbose, to, |sink| {
        walk_prepared(&opts, loaded.as_ref(), sink)
    });

    // Exports are written even when the handshake failed: they show how far it got.
    write_exports(&args, &events, clock.now())?;
    written?;
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
                wrapped(
                    &narrator.line(&Line::WalkDone {
                        status,
                        tls13: opts.tls13
                    }),
                    style.width
                )
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

/// `--layers`: the walk runs unseen; then the frame carrying the HTTP request is printed
/// header by header, with the same bytes as the pcap (written too, with `--pcap`).
fn layers(
    opts: &WalkOptions,
    loaded: Option<&Pki>,
    args: &HandshakeArgs,
    now: time::OffsetDateTime,
    style: Style,
) -> Result<()> {
    use tlswalk::narrator::LayersText;
    let mut events = Vec::new();
    walk_prepared(opts, loaded, &mut events)?;
    write_exports(args, &events, now)?;
    let (client, _) = TcpModel::default_endpoints(&opts.randomness);
    let Some((_, frame, plaintext)) = tlswalk::render::layers::request_frame(&events, &client)
    else {
        return Ok(());
    };
    let narrator = Narrator::default();
    print(|out| {
        // Paragraphs and headings wrap at the terminal's width, continuation lines in line.
        let flow =
            |text: &str, indent: &str| flow_text(indent, text, indent, style.width).join("\n");
        let title = narrator.layers(LayersText::Title { bytes: frame.len() });
        writeln!(out, "{}", flow(&title, ""))?;
        for (depth, part) in tlswalk::render::layers::layers(&frame, &plaintext)
            .iter()
            .enumerate()
        {
            let indent = "  ".repeat(depth);
            let heading = narrator.layers(LayersText::Heading {
                layer: part.layer,
                header: part.header,
                carries: part.carries,
            });
            writeln!(out, "\n{}", style.bold(&flow(&heading, &indent)))?;
            for f in &part.fields {
                // Long values (the HTTP request line) are shown decoded, not as hex.
                let hex = match frame.get(f.start..f.end) {
                    Some(b) if b.len() <= 8 => tlswalk::hexfmt::hex(b),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "{indent}  {:04x}  {hex:<16}  {:<22}  {}",
                    f.start, f.name, f.value
                )?;
            }
        }
        let models = narrator.layers(LayersText::Models);
        writeln!(out, "\n{}", flow(&models, ""))
    })
}

/// `--keylog` and `--pcap` of the walk's events, when asked for.
fn write_exports(
    args: &HandshakeArgs,
    events: &[tlswalk::event::Event],
    now: time::OffsetDateTime,
) -> Result<()> {
    if let Some(path) = &args.keylog {
        let lines = tlswalk::render::keylog::keylog_lines(events);
        write_file(path, lines.as_bytes(), args.force)?;
    }
    if let Some(path) = &args.pcap {
        let pcap = tlswalk::render::pcap::write_pcap(events, now);
        write_file(path, &pcap, args.force)?;
    }
    Ok(())
}
