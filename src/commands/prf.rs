//! `tlswalk prf`: the TLS 1.2 PRF on values you give it.

use crate::cli::PrfArgs;
use crate::commands::output::report;
use tlswalk::crypto::prf::prf_traced;
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::hexfmt::parse_hex;
use tlswalk::ui::Style;

/// Longest output the command produces (the PRF itself has no limit; a person rarely needs more).
const MAX_LEN: usize = 1 << 16;

pub fn run(args: PrfArgs, style: Style) -> Result<()> {
    let secret = parse_hex(&args.secret).map_err(|e| {
        Error::bad_input(CliComplaint::BadHex {
            flag: "--secret".into(),
            problem: e,
        })
    })?;
    let seed = parse_hex(&args.seed).map_err(|e| {
        Error::bad_input(CliComplaint::BadHex {
            flag: "--seed".into(),
            problem: e,
        })
    })?;
    if args.len == 0 || args.len > MAX_LEN {
        return Err(Error::bad_input(CliComplaint::PrfLenOutOfRange {
            len: args.len,
            max: MAX_LEN,
        }));
    }
    let t = prf_traced(&secret, args.label.as_bytes(), &seed, args.len);
    report(args.format, style, args.verbose, |sink| {
        t.emit(&secret, &args.label, &seed, sink)
    })
}
