//! `tlswalk connect URL`: a real HTTPS client that narrates URL, DNS, TCP, TLS and HTTP, then
//! prints the response.

use crate::cli::{ConnectArgs, RunFormat};
use crate::commands::handshake::say_seeded_clock;
use crate::commands::output::{Destination, check_append, check_outputs, print, run_rendered};
use std::io::Write;
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::event::NetTopic;
use tlswalk::narrator::{Line, Narrator};
use tlswalk::net::client::{FetchOptions, Fetched, fetch};
use tlswalk::net::output::KeyLogAppender;
use tlswalk::net::url::Url;
use tlswalk::pki::read_cert_file;
use tlswalk::pki::seeded_instant;
use tlswalk::pki::verify::TrustStore;
use tlswalk::render::layout::escape_controls;
use tlswalk::rng::{Clock, Randomness};
use tlswalk::tls::client::Verification;
use tlswalk::ui::Style;

/// The last connection's result and, with `--resume`, how its session was offered (`None`
/// inside: there was no session to offer).
type Resumed = (Fetched, Option<Option<tlswalk::tls::resume::Mechanism>>);

pub fn run(args: ConnectArgs, style: Style) -> Result<()> {
    let url = Url::parse(&args.url).map_err(Error::bad_input)?;
    if !args.send.is_empty() && !url.websocket {
        return Err(Error::bad_input(CliComplaint::SendNeedsWss));
    }
    if args.resume && url.websocket {
        return Err(Error::bad_input(CliComplaint::ResumeNeedsHttps));
    }
    if let Some(p) = &args.keylog {
        check_append(p)?;
    }
    if let Some(out) = &args.out {
        check_outputs(&[("--out", out.as_path())], args.force)?;
    }
    let to = Destination {
        file: args.out.as_deref(),
        force: args.force,
    };
    let randomness = Randomness::from_seed(args.seed.seed);
    let mut clock = randomness.clock();
    let verification = match (&args.cacert, args.insecure) {
        (Some(_), true) => {
            return Err(Error::bad_input(CliComplaint::CacertAndInsecure));
        }
        (Some(path), false) => {
            let ca = read_cert_file(path)?;
            // Seeded, a CA that is not valid at the usual instant moves the clock inside it
            // (said first): `pki init` without a seed, then `connect --seed`, still works.
            if let (true, Some(moved)) = (randomness.is_seeded(), seeded_instant(&[&ca])) {
                clock = Clock::Fixed(moved.now);
                say_seeded_clock(args.format, &path.display().to_string(), moved)?;
            }
            Verification::Verify(TrustStore::new(vec![ca]))
        }
        (None, true) => {
            // If standard error is gone there is nowhere to warn; the narration says it too.
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                tlswalk::narrator::Narrator::default()
                    .line(&tlswalk::narrator::Line::InsecureWarning)
            );
            Verification::Insecure
        }
        (None, false) => {
            return Err(Error::bad_input(CliComplaint::NoTrustChoice));
        }
    };
    let keylog = match &args.keylog {
        Some(p) => Some(KeyLogAppender::open(p).map_err(|e| Error::io(p, e))?),
        None => None,
    };
    let mut opts = FetchOptions::new(url, verification, randomness);
    opts.clock = clock;
    opts.deadline = std::time::Duration::from_secs(args.timeout);
    opts.offer_ticket = args.resume;
    opts.groups = crate::cli::GroupArg::groups(&args.groups);
    opts.ecdhe = args.kx != Some(crate::cli::KxArg::Rsa);
    opts.rsa_kx = args.kx != Some(crate::cli::KxArg::Ecdhe);
    opts.versions = match (args.tls, args.resume) {
        (None, true) => crate::cli::TlsVersionArg::versions(Some(crate::cli::TlsVersionArg::V12)),
        (choice, _) => crate::cli::TlsVersionArg::versions(choice),
    };
    let format = args.format;
    if opts.url.websocket {
        return websocket(&opts, &args, style, to, keylog.as_ref());
    }
    let (result, events, written) =
        run_rendered(format, style, args.verbose, to, |sink| -> Result<Resumed> {
            let first = fetch(&opts, sink)?;
            if !args.resume {
                return Ok((first, None));
            }
            // A second TCP connection offering the first one's session.
            let mut again = opts.clone();
            again.stream = "client, second connection";
            again.resume = first.saved.clone();
            match &again.resume {
                Some(saved) => sink.phase(
                    NetTopic::ResumeConnection {
                        mechanism: saved.mechanism(),
                    }
                    .into(),
                ),
                None => sink.phase(NetTopic::NothingToResume.into()),
            }
            let mechanism = again.resume.as_ref().map(|s| s.mechanism());
            let second = fetch(&again, sink)?;
            Ok((second, Some(mechanism)))
        });
    // The key log is written even when the handshake failed after the key exchange.
    if let Some(k) = &keylog {
        for e in &events {
            k.record(e);
        }
    }
    written?;
    let (fetched, resumption) = result?;
    if format == RunFormat::Text {
        print(|out| {
            let response = &fetched.response;
            writeln!(out)?;
            let heading = Line::ConnectResponse {
                peer: fetched.peer,
                bytes: response.len(),
            };
            writeln!(out, "{}", Narrator::default().line(&heading))?;
            // The server's bytes as they came, but with every control character escaped: a
            // response must not drive the terminal (ESC [2J, a title). The CR of a CR LF line
            // end is kept, so an honest response prints byte for byte.
            let text = String::from_utf8_lossy(response);
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                let (line, cr) = match line.strip_suffix('\r') {
                    Some(l) => (l, "\r"),
                    None => (line, ""),
                };
                write!(out, "{}{cr}", escape_controls(line))?;
            }
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
            if let Some(mechanism) = resumption {
                let line = Line::ConnectResumed {
                    mechanism,
                    resumed: fetched.resumed,
                };
                writeln!(out, "{}", Narrator::default().line(&line))?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// `connect wss://…`: upgrade, send each `--send`, print what comes back.
fn websocket(
    opts: &FetchOptions,
    args: &ConnectArgs,
    style: Style,
    to: Destination<'_>,
    keylog: Option<&KeyLogAppender>,
) -> Result<()> {
    let (result, events, written) = run_rendered(args.format, style, args.verbose, to, |sink| {
        tlswalk::net::ws_client::talk(opts, &args.send, sink)
    });
    if let Some(k) = keylog {
        for e in &events {
            k.record(e);
        }
    }
    written?;
    let talked = result?;
    if args.format == RunFormat::Text {
        print(|out| {
            writeln!(out)?;
            // The server's messages as they came, every control character escaped.
            for (opcode, data) in &talked.received {
                if *opcode == tlswalk::websocket::Opcode::TEXT {
                    writeln!(out, "{}", escape_controls(&String::from_utf8_lossy(data)))?;
                } else {
                    writeln!(out, "{}", tlswalk::hexfmt::hex(data))?;
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}
