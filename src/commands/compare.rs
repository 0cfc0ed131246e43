//! `tlswalk compare`: the same request in TLS 1.2 with RSA, TLS 1.2 with ECDHE and TLS 1.3,
//! measured from the three runs and set side by side.

use crate::cli::{CompareArgs, Format};
use crate::commands::output::{Destination, print, run_format, run_rendered};
use tlswalk::error::Result;
use tlswalk::narrator::{Line, Narrator};
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::prepare_pki;
use tlswalk::ui::Style;

pub fn run(args: CompareArgs, style: Style) -> Result<()> {
    let randomness = Randomness::from_seed(args.seed.seed);
    // The cards explain each row; they are the run's output (verbose, so they print).
    let (result, _events, written) = run_rendered(
        run_format(args.format),
        style,
        true,
        Destination::default(),
        |sink| {
            let pki = prepare_pki(&randomness, "localhost", None, &mut tlswalk::event::Discard)?;
            tlswalk::scenario::compare::compare(&randomness, &pki, sink)
        },
    );
    written?;
    let rows = result?;
    if args.format == Format::Text {
        print(|out| {
            writeln!(out)?;
            write!(
                out,
                "{}",
                Narrator::default().line(&Line::CompareTable(&rows))
            )
        })?;
    }
    Ok(())
}
