//! `tlswalk websocket`: WebSocket over TLS on the walk's connection, frame by frame.

use crate::cli::{RunFormat, WebsocketArgs};
use crate::commands::output::{Destination, check_outputs, print, run_rendered, write_file};
use std::path::Path;
use tlswalk::error::Result;
use tlswalk::narrator::{Line, Narrator};
use tlswalk::render::layout::wrapped;
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::{WalkOptions, prepare_pki};
use tlswalk::ui::Style;

pub fn run(args: WebsocketArgs, style: Style) -> Result<()> {
    let outputs: Vec<(&str, &Path)> = [
        ("--out", &args.out),
        ("--keylog", &args.keylog),
        ("--pcap", &args.pcap),
    ]
    .into_iter()
    .filter_map(|(flag, path)| path.as_deref().map(|p| (flag, p)))
    .collect();
    check_outputs(&outputs, args.force)?;
    let randomness = Randomness::from_seed(args.seed.seed);
    let opts = WalkOptions::new(randomness);
    let to = Destination {
        file: args.out.as_deref(),
        force: args.force,
    };
    let (result, events, written) = run_rendered(args.format, style, args.verbose, to, |sink| {
        let pki = prepare_pki(&opts.randomness, &opts.host, None, sink)?;
        tlswalk::scenario::websocket::run(&opts, &pki, sink)
    });
    // Written even when the run failed: they show how far it got.
    if let Some(path) = &args.keylog {
        let lines = tlswalk::render::keylog::keylog_lines(&events);
        write_file(path, lines.as_bytes(), args.force)?;
    }
    if let Some(path) = &args.pcap {
        let pcap = tlswalk::render::pcap::write_pcap(&events, opts.randomness.clock().now());
        write_file(path, &pcap, args.force)?;
    }
    written?;
    result?;
    if args.format == RunFormat::Text && !args.verbose {
        let line = Narrator::default().line(&Line::WalkVerboseHint);
        print(|out| writeln!(out, "\n{}", wrapped(&line, style.width)))?;
    }
    Ok(())
}
