//! `tlswalk tcp`: the TCP lab, one scenario or all of them, on the TCP model alone.

use crate::cli::TcpArgs;
use crate::commands::output::{Destination, check_given, run_rendered, verbose_hint, write_file};
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::event::{Event, TcpScenario};
use tlswalk::rng::Randomness;
use tlswalk::scenario::tcp_lab;
use tlswalk::ui::Style;

/// The scenarios `--scenario` names: one, or every one for `all`.
fn parse_scenarios(name: &str) -> Result<Vec<TcpScenario>> {
    if name == "all" {
        return Ok(TcpScenario::ALL.to_vec());
    }
    TcpScenario::ALL
        .into_iter()
        .find(|s| s.name() == name)
        .map(|s| vec![s])
        .ok_or_else(|| {
            let names: Vec<&str> = TcpScenario::ALL.iter().map(|s| s.name()).collect();
            Error::bad_input(CliComplaint::UnknownScenario {
                name: name.to_string(),
                choices: names.join(", "),
            })
        })
}

pub fn run(args: TcpArgs, style: Style) -> Result<()> {
    let scenarios = parse_scenarios(&args.scenario)?;
    check_given(&[("--out", &args.out), ("--pcap", &args.pcap)], args.force)?;
    let randomness = Randomness::from_seed(args.seed.seed);
    let to = Destination {
        file: args.out.as_deref(),
        force: args.force,
    };
    // Each scenario runs once: its events are shown, and the same events make the pcap.
    let recorded: Vec<(Vec<Event>, _)> = scenarios
        .iter()
        .map(|s| {
            let mut events = Vec::new();
            let ends = tcp_lab::run(*s, &randomness, &mut events);
            (events, ends)
        })
        .collect();
    let (result, _, written) = run_rendered(args.format, style, args.verbose, to, |sink| {
        for event in recorded.iter().flat_map(|(events, _)| events) {
            sink.emit(event.clone());
        }
        Ok::<(), Error>(())
    });
    if let Some(path) = &args.pcap {
        let runs: Vec<&[Event]> = recorded.iter().map(|(events, _)| &events[..]).collect();
        let pcap = tlswalk::render::pcap::write_pcap_runs(&runs, randomness.clock().now());
        write_file(path, &pcap, args.force)?;
    }
    written?;
    result?;
    verbose_hint(args.format, args.verbose, style)
}
