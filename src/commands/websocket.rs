//! `tlswalk websocket`: WebSocket over TLS on the walk's connection, frame by frame.

use crate::cli::WebsocketArgs;
use crate::commands::output::{Destination, check_given, run_rendered, verbose_hint, write_file};
use tlswalk::error::Result;
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::{WalkOptions, prepare_pki};
use tlswalk::ui::Style;

pub fn run(args: WebsocketArgs, style: Style) -> Result<()> {
    let outputs = [
        ("--out", &args.out),
        ("--keylog", &args.keylog),
        ("--pcap", &args.pcap),
    ];
    check_given(&outputs, args.force)?;
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
    verbose_hint(args.format, args.verbose, style)
}
