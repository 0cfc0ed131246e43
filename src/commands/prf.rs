//! `tlswalk prf`: the TLS 1.2 PRF on values you give it.

use crate::cli::{Format, PrfArgs};
use crate::commands::output::print;
use std::io::{self, Write};
use tlswalk::crypto::prf::{PrfTrace, prf_traced};
use tlswalk::error::{Error, Result};
use tlswalk::hexfmt::{hex, parse_hex};
use tlswalk::ui::Style;

/// Longest output the command produces (the PRF itself has no limit; a person rarely needs more).
const MAX_LEN: usize = 1 << 16;

pub fn run(args: PrfArgs, style: Style) -> Result<()> {
    let secret = parse_hex(&args.secret).map_err(|e| Error::bad_input(format!("--secret: {e}")))?;
    let seed = parse_hex(&args.seed).map_err(|e| Error::bad_input(format!("--seed: {e}")))?;
    if args.len == 0 || args.len > MAX_LEN {
        return Err(Error::bad_input(format!(
            "--len {}: must be between 1 and {MAX_LEN}",
            args.len
        )));
    }
    let t = prf_traced(&secret, args.label.as_bytes(), &seed, args.len);
    if args.format == Format::Json {
        let steps: Vec<serde_json::Value> =
            t.a.iter()
                .zip(&t.blocks)
                .enumerate()
                .map(|(i, (a, b))| serde_json::json!({"i": i + 1, "a": hex(a), "block": hex(b)}))
                .collect();
        let doc = serde_json::json!({
            "secret": hex(&secret), "label": args.label, "seed": hex(&seed), "len": args.len,
            "label_and_seed": hex(&t.label_and_seed), "iterations": steps, "output": hex(&t.output),
        });
        return print(|out| writeln!(out, "{doc}"));
    }
    print(|out| prf_text(out, &args, &secret, &seed, &t, style))
}

/// What `prf` prints as text: the output, with `--verbose` every step before it.
fn prf_text(
    out: &mut dyn Write,
    args: &PrfArgs,
    secret: &[u8],
    seed: &[u8],
    t: &PrfTrace,
    style: Style,
) -> io::Result<()> {
    if args.verbose {
        writeln!(
            out,
            "{}",
            style.bold("PRF(secret, label, seed) = P_SHA256(secret, label ‖ seed)   (RFC 5246 §5)")
        )?;
        writeln!(out, "  secret          {}", hex(secret))?;
        writeln!(
            out,
            "  label           {:?} = {}",
            args.label,
            hex(args.label.as_bytes())
        )?;
        writeln!(out, "  seed            {}", hex(seed))?;
        writeln!(out, "  A(0) = label ‖ seed  {}", hex(&t.label_and_seed))?;
        for (i, (a, b)) in t.a.iter().zip(&t.blocks).enumerate() {
            let n = i + 1;
            writeln!(
                out,
                "  A({n}) = HMAC-SHA256(secret, A({}))          {}",
                n - 1,
                hex(a)
            )?;
            writeln!(
                out,
                "  block {n} = HMAC-SHA256(secret, A({n}) ‖ label ‖ seed)  {}",
                hex(b)
            )?;
        }
        writeln!(
            out,
            "  output = block 1 ‖ block 2 ‖ … cut to {} bytes:",
            args.len
        )?;
    }
    writeln!(out, "{}", hex(&t.output))
}
