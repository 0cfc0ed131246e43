//! `tlswalk dns`: a DNS lookup, modeled from the stub resolver to the authoritative server, or
//! asked of a real server with `--server`.

use crate::cli::DnsArgs;
use crate::commands::output::{Destination, check_given, run_rendered, verbose_hint, write_file};
use rand_core::RngCore;
use std::path::Path;
use std::time::Duration;
use tlswalk::dns::Name;
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::event::Event;
use tlswalk::net::dns::{Patience, lookup, parse_server};
use tlswalk::rng::Randomness;
use tlswalk::scenario::dns;
use tlswalk::ui::Style;

pub fn run(args: DnsArgs, style: Style) -> Result<()> {
    // Every value is checked before anything is sent or written.
    let name = Name::parse(&args.name).map_err(|problem| {
        Error::bad_input(CliComplaint::BadDnsName {
            name: args.name.clone(),
            problem,
        })
    })?;
    let server = args.server.as_deref().map(parse_server).transpose()?;
    if server.is_none() && name.labels().len() < 2 {
        return Err(Error::bad_input(CliComplaint::SingleLabelName {
            name: args.name.clone(),
        }));
    }
    check_given(&[("--out", &args.out), ("--pcap", &args.pcap)], args.force)?;
    let randomness = Randomness::from_seed(args.seed.seed);
    let to = Destination {
        file: args.out.as_deref(),
        force: args.force,
    };
    let (result, events, written) =
        run_rendered(args.format, style, args.verbose, to, |sink| match server {
            Some(addr) => {
                let id = randomness.stream("dns-query-id").next_u32() as u16;
                let patience = Patience {
                    timeout: Duration::from_millis(args.timeout),
                    tries: args.tries,
                };
                lookup(&name, addr, id, patience, sink).map(|_| ())
            }
            None => {
                dns::run(&name, &randomness, sink);
                Ok(())
            }
        });
    if let Some(path) = &args.pcap {
        write_pcap(path, &events, &randomness, args.force)?;
    }
    written?;
    result?;
    verbose_hint(args.format, args.verbose, style)
}

fn write_pcap(path: &Path, events: &[Event], randomness: &Randomness, force: bool) -> Result<()> {
    let pcap = tlswalk::render::pcap::write_pcap(events, randomness.clock().now());
    write_file(path, &pcap, force)
}
