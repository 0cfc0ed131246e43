//! The text of the one-shot tools' reports (`pki init`, `pki show`, `sign`, `verify`, `prf`,
//! `exercise`), for the [`TextRenderer`](super::text::TextRenderer).
//!
//! These commands print a report, not a conversation: an aligned field table, numbered steps,
//! a hex answer. Their events ([`Topic::Tool`], [`Topic::Exercise`], [`CheckKind::Tool`],
//! [`CheckKind::Exercise`], the PRF's derivations) are laid out here; every other event keeps
//! the text renderer's generic rendering.

use crate::event::{CheckKind, Derivation, Event, EventKind, Topic, Value};
use crate::hexfmt::hex;
use crate::narrator::Narrator;
use crate::render::layout::escape_controls;
use crate::ui::Style;

/// How a report event is printed.
pub(crate) enum Report {
    /// A block: a blank line before it (unless it is the first output), then its lines.
    Block(Vec<String>),
    /// Lines printed as they are.
    Lines(Vec<String>),
    /// Nothing (another event of the report shows it).
    Silent,
}

/// The narrator's text as lines, control characters escaped: a report quotes files that may
/// come from anywhere (a certificate's names).
fn text_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split('\n')
        .filter(move |_| !text.is_empty())
        .map(|l| escape_controls(l).into_owned())
}

fn named<'a>(values: &'a [Value], name: &str) -> &'a [u8] {
    values
        .iter()
        .find(|v| v.name == name)
        .map_or(&[][..], |v| &v.bytes[..])
}

/// The report rendering of `event`, or `None` when the event is not part of a tool's report.
pub(crate) fn report(
    event: &Event,
    narrator: &Narrator,
    style: Style,
    verbose: bool,
) -> Option<Report> {
    let mark = |ok: bool| {
        if ok {
            style.good("✔")
        } else {
            style.bad("✘")
        }
    };
    Some(match &event.kind {
        EventKind::Phase { topic } | EventKind::Explain { topic }
            if matches!(topic, Topic::Tool(_) | Topic::Exercise(_)) =>
        {
            let card = narrator.card(topic);
            if card.title.is_empty() {
                Report::Lines(text_lines(&card.text).collect())
            } else {
                let mut lines = vec![style.bold(&escape_controls(&card.title))];
                lines.extend(text_lines(&card.text));
                Report::Block(lines)
            }
        }
        EventKind::Check {
            check: check @ CheckKind::Tool(_),
            passed,
        } => {
            let words = narrator.check(check, *passed);
            let mut lines: Vec<String> = text_lines(&words.detail).collect();
            if let Some(first) = lines.first_mut() {
                *first = format!("{} {first}", mark(*passed));
            }
            Report::Block(lines)
        }
        EventKind::Check {
            check: check @ CheckKind::Exercise(_),
            passed,
        } => {
            // A wrong answer is the command's error (exit 1, with the hint on standard error).
            if *passed {
                Report::Lines(vec![
                    style.good(&escape_controls(&narrator.check(check, true).detail)),
                ])
            } else {
                Report::Silent
            }
        }
        // The verification walk's block shows both verdicts side by side.
        EventKind::Check {
            check: CheckKind::Signature(_),
            ..
        } => Report::Silent,
        EventKind::Derive {
            what:
                what @ (Derivation::PrfStart { .. }
                | Derivation::PrfA { .. }
                | Derivation::PrfBlock { .. }
                | Derivation::PrfOutput { .. }),
            inputs,
            outputs,
            ..
        } => {
            let formula = narrator.formula(what);
            let out = outputs.first().map_or(&[][..], |v| &v.bytes[..]);
            match what {
                Derivation::PrfOutput { .. } if !verbose => Report::Lines(vec![hex(out)]),
                _ if !verbose => Report::Silent,
                Derivation::PrfStart { label } => Report::Lines(vec![
                    style.bold(&formula),
                    format!("  secret          {}", hex(named(inputs, "secret"))),
                    format!("  label           {label:?} = {}", hex(label.as_bytes())),
                    format!("  seed            {}", hex(named(inputs, "seed"))),
                    format!("  A(0) = label ‖ seed  {}", hex(out)),
                ]),
                Derivation::PrfA { .. } => {
                    Report::Lines(vec![format!("  {formula}          {}", hex(out))])
                }
                Derivation::PrfBlock { .. } => {
                    Report::Lines(vec![format!("  {formula}  {}", hex(out))])
                }
                _ => Report::Lines(vec![format!("  {formula}:"), hex(out)]),
            }
        }
        _ => return None,
    })
}
