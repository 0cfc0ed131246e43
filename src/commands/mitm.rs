//! `tlswalk mitm`: the man-in-the-middle lab, one attack or all of them, ending with a verdict
//! per attack. Exit 0 when every attack behaved as its lesson says, 1 otherwise.

use crate::cli::{MitmArgs, RunFormat};
use crate::commands::handshake::validate_host_and_path;
use crate::commands::output::{
    Destination, check_given, output_result, print, run_rendered, write_file,
};
use std::io::{self, Write};
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::event::{Event, EventSink};
use tlswalk::narrator::{Line, Narrator, PkiUser};
use tlswalk::net::output::{OutputWatch, Watched};
use tlswalk::net::proxy::Interception;
use tlswalk::pki::PkiOrigin;
use tlswalk::render::layout::wrapped;
use tlswalk::render::text::TextRenderer;
use tlswalk::rng::Randomness;
use tlswalk::scenario::mitm::{Attack, MALLORY_HOST, MitmOptions, Outcome, Problem, run_attacks};
use tlswalk::ui::Style;

/// The attacks `--attack` names: one, or every one for `all`.
pub fn parse_attacks(name: &str) -> Result<Vec<Attack>> {
    if name == "all" {
        return Ok(Attack::ALL.to_vec());
    }
    Attack::parse(name).map(|a| vec![a]).ok_or_else(|| {
        Error::bad_input(CliComplaint::UnknownAttack {
            name: name.to_string(),
            choices: Attack::names(),
        })
    })
}

pub fn run(args: MitmArgs, style: Style) -> Result<()> {
    let attacks = parse_attacks(&args.attack)?;
    validate_host_and_path(&args.host, "/")?;
    if args.host.eq_ignore_ascii_case(MALLORY_HOST) {
        return Err(Error::bad_input(CliComplaint::HostIsMallory {
            host: MALLORY_HOST.into(),
        }));
    }
    let outputs = [
        ("--out", &args.out),
        ("--pcap", &args.pcap),
        ("--keylog", &args.keylog),
    ];
    check_given(&outputs, args.force)?;
    use tlswalk::scenario::mitm::KeyExchange;
    let key_exchange = match (args.tls, args.kx) {
        (Some(crate::cli::TlsVersionArg::V13), Some(_)) => {
            return Err(Error::bad_input(CliComplaint::Tls12Only { option: "--kx" }));
        }
        (Some(crate::cli::TlsVersionArg::V13), None) => KeyExchange::Tls13,
        (_, Some(crate::cli::KxArg::Ecdhe)) => KeyExchange::Ecdhe,
        _ => KeyExchange::Rsa,
    };
    if key_exchange != KeyExchange::Rsa && attacks != [Attack::StolenKey] {
        return Err(Error::bad_input(CliComplaint::KxOnlyStolenKey));
    }
    let randomness = Randomness::from_seed(args.seed.seed);
    let opts = MitmOptions {
        randomness,
        host: args.host.clone(),
        key_exchange,
    };
    let (result, events, written) = if args.summary {
        // Only the verdict is printed: the run is recorded (for --pcap and --keylog), not shown.
        let mut recorded: Vec<Event> = Vec::new();
        let result = run_attacks(&opts, &attacks, &mut recorded);
        (result, recorded, Ok(()))
    } else {
        let to = Destination {
            file: args.out.as_deref(),
            force: args.force,
        };
        run_rendered(args.format, style, args.verbose, to, |sink| {
            run_attacks(&opts, &attacks, sink)
        })
    };

    if let Some(path) = &args.keylog {
        write_file(
            path,
            tlswalk::render::keylog::keylog_lines(&events).as_bytes(),
            args.force,
        )?;
    }
    let outcomes = result?;
    if let Some(path) = &args.pcap {
        write_file(path, &capture(&outcomes, &randomness), args.force)?;
    }
    written?;
    if args.format == RunFormat::Text {
        let narrator = Narrator::default();
        print(|out| {
            if !args.summary {
                writeln!(out)?;
            }
            if outcomes.len() == 1 {
                writeln!(
                    out,
                    "{}",
                    wrapped(
                        &narrator.line(&Line::MitmSummary(&outcomes[0])),
                        style.width
                    )
                )?;
            } else {
                write!(out, "{}", narrator.line(&Line::MitmTable(&outcomes)))?;
            }
            if !args.verbose && !args.summary {
                writeln!(
                    out,
                    "{}",
                    wrapped(&narrator.line(&Line::MitmVerboseHint), style.width)
                )?;
            }
            Ok(())
        })?;
    }
    let wrong: Vec<(Attack, Problem)> = outcomes
        .iter()
        .filter_map(|o| o.problem.clone().map(|p| (o.attack, p)))
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(Error::check_failed(CliComplaint::LessonDisagrees { wrong }))
    }
}

/// The client's link of every attack as one pcap: each attack's connection an hour after the
/// previous one's, so the streams do not overlap in time.
fn capture(outcomes: &[Outcome], randomness: &Randomness) -> Vec<u8> {
    let runs: Vec<&[_]> = outcomes.iter().map(|o| &o.capture[..]).collect();
    tlswalk::render::pcap::write_pcap_runs(&runs, randomness.clock().now())
}

/// `tlswalk mitm-proxy`: a real intercepting proxy (see [`tlswalk::net::proxy`]).
pub fn run_proxy(args: crate::cli::MitmProxyArgs, style: Style) -> Result<()> {
    use std::sync::{Arc, Mutex};
    use tlswalk::net::output::{LineWriter, SharedOutput};
    use tlswalk::net::proxy::{Proxy, ProxyConfig, Report, SinkFactory as ProxySinks};
    let randomness = Randomness::from_seed(args.seed.seed);
    let mut upstream_clock = randomness.clock();
    let upstream_trust = match &args.upstream_cacert {
        Some(path) => {
            let ca = tlswalk::pki::read_cert_file(path)?;
            // Seeded, a CA not valid at the usual instant moves the upstream check's clock
            // inside its validity, as `connect --seed` does (and says so).
            if let (true, Some(moved)) =
                (randomness.is_seeded(), tlswalk::pki::seeded_instant(&[&ca]))
            {
                upstream_clock = tlswalk::rng::Clock::Fixed(moved.now);
                crate::commands::handshake::say_seeded_clock(
                    crate::cli::RunFormat::Text,
                    &path.display().to_string(),
                    moved,
                )?;
            }
            Some(tlswalk::pki::verify::TrustStore::new(vec![ca]))
        }
        None => None,
    };
    if args.max_connections == Some(0) {
        return Err(Error::bad_input(CliComplaint::NoConnectionsAllowed));
    }
    // Typos in the addresses are bad input: say so before making Mallory's keys.
    for (flag, addr) in [("--listen", &args.listen), ("--upstream", &args.upstream)] {
        if std::net::ToSocketAddrs::to_socket_addrs(addr.as_str()).is_err() {
            return Err(Error::bad_input(CliComplaint::NotAnAddress {
                flag: flag.into(),
                addr: addr.clone(),
            }));
        }
    }
    let max_concurrent = match args.max_concurrent {
        Some(0) => {
            return Err(Error::bad_input(CliComplaint::NoConcurrency {
                flag: "--max-concurrent".into(),
            }));
        }
        Some(n) => n,
        None => tlswalk::net::proxy::default_max_concurrent(),
    };
    let config = ProxyConfig {
        listen: args.listen.clone(),
        upstream: args.upstream.clone(),
        pki_dir: args.pki.clone(),
        upstream_trust,
        max_connections: args.max_connections,
        randomness,
        upstream_clock,
        max_concurrent,
    };
    // Every write to standard output goes through one watch: once one fails, the proxy stops
    // accepting (nobody can read its reports any more).
    let watch = OutputWatch::new();
    let shared: SharedOutput = Arc::new(Mutex::new(Watched::new(io::stdout(), watch.clone())));
    let line_out = || LineWriter::new(shared.clone());
    let proxy = Proxy::bind(
        config,
        &mut TextRenderer::new(line_out(), style, args.verbose),
    )?;
    let addr = proxy.local_addr()?;
    let narrator = Narrator::default();
    let pki_dir = args.pki.display().to_string();
    let mut out = line_out();
    if proxy.pki_origin() == PkiOrigin::Created {
        let created = Line::PkiCreated {
            by: PkiUser::MitmProxy,
            dir: &pki_dir,
        };
        // A failed write is kept by the watch, and reported after the proxy stops.
        let _ = writeln!(out, "{}", narrator.line(&created));
    }
    let listening = Line::ProxyListening {
        addr,
        upstream: &args.upstream,
        pki_dir: &pki_dir,
    };
    let _ = writeln!(out, "{}", narrator.line(&listening)).and_then(|()| out.flush());
    drop(out);
    let report_out = shared.clone();
    let report: Arc<Report> = Arc::new(move |seen: &Interception| {
        let mut out = LineWriter::new(report_out.clone());
        let _ = writeln!(out, "{}", narrator.line(&Line::ProxyInterception(seen)))
            .and_then(|()| out.flush());
    });
    // Connections run at once: each narrates with its number in front, as serve's do.
    let (verbose, sink_out, sink_watch) = (args.verbose, shared.clone(), watch.clone());
    let sinks: Arc<ProxySinks> = Arc::new(move |number| {
        let prefix = if number == 0 {
            String::new()
        } else {
            format!("[c{number}] ")
        };
        Box::new(WatchedSink {
            inner: TextRenderer::new(LineWriter::new(sink_out.clone()), style, verbose)
                .with_prefix(prefix),
            watch: sink_watch.clone(),
        }) as Box<dyn EventSink + Send>
    });
    let served = proxy.serve(sinks, report);
    let written = watch.result();
    output_result(written)?;
    served
}

/// A sink whose output is watched: it reports the watch's failure, whichever writer met it.
struct WatchedSink<S> {
    inner: S,
    watch: OutputWatch,
}

impl<S: EventSink> EventSink for WatchedSink<S> {
    fn emit(&mut self, event: Event) {
        self.inner.emit(event);
    }
    fn wants_detail(&self) -> bool {
        self.inner.wants_detail()
    }
    fn output_failed(&self) -> bool {
        self.watch.failed()
    }
}
