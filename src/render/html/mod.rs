//! One self-contained HTML page of a run: lanes for the actors, the steps beside them, and for
//! each step its bytes as a hex grid with a field tree, its derivations with commands that
//! reproduce them, its checks and state changes.
//!
//! The page carries everything inline: its stylesheet, its script, the page model ([`view`])
//! in the narrator's language and in every other language (for the page's language switch),
//! and the run's events (the same objects as `--format json`), each as a JSON block. Its
//! Content-Security-Policy allows no request to anything, so it works opened from `file://`
//! and shows only what it carries. The same events give the same bytes.

mod der;
mod reproduce;
pub mod tree;
pub mod view;
mod wire;

use crate::event::Event;
use crate::narrator::{Lang, Narrator};
use crate::render::json::event_json;
pub use view::Unlabelled;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// JSON that can sit inside a `<script>` element: `</` (which would end the element) and
/// `<!--` are written with an escaped slash or bracket, which JSON reads back unchanged.
fn script_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
}

/// Text for HTML element content.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page of `events`, titled `title`, or the first message whose bytes its fields do not
/// label exactly once.
pub fn page(events: &[Event], narrator: &Narrator, title: &str) -> Result<String, Unlabelled> {
    let model = view::Builder::new(events, narrator).page(title.to_string())?;
    // The same page in every other language, so that the page's language switch changes
    // every text without a request (the page is one file and may make none).
    let translations = Lang::ALL
        .iter()
        .filter(|lang| **lang != narrator.lang())
        .map(|lang| view::Builder::new(events, &Narrator::new(*lang)).page(title.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let events_json: Vec<serde_json::Value> = events
        .iter()
        .enumerate()
        .map(|(i, e)| event_json(i as u64 + 1, e, narrator))
        .collect();
    let mut html = String::with_capacity(256 * 1024);
    html.push_str("<!DOCTYPE html>\n");
    html.push_str(&format!(
        "<html lang=\"{}\">\n<head>\n",
        narrator.lang().tag()
    ));
    html.push_str("<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing from anywhere: no fetch, no image, no font, no frame; inline style and script
    // only.
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
    );
    html.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    html.push_str(&format!("<title>{}</title>\n", escape(title)));
    html.push_str(&format!("<style>\n{STYLE}</style>\n</head>\n<body>\n"));
    html.push_str(&format!(
        "<noscript><p>{}</p></noscript>\n<div id=\"app\"></div>\n",
        escape(narrator.page_label(crate::narrator::PageLabel::Generated))
    ));
    html.push_str(&format!(
        "<script type=\"application/json\" id=\"tlswalk-view\">{}</script>\n",
        script_json(&model)
    ));
    html.push_str(&format!(
        "<script type=\"application/json\" id=\"tlswalk-translations\">{}</script>\n",
        script_json(&translations)
    ));
    html.push_str(&format!(
        "<script type=\"application/json\" id=\"tlswalk-events\">{}</script>\n",
        script_json(&events_json)
    ));
    html.push_str(&format!("<script>\n{SCRIPT}</script>\n</body>\n</html>\n"));
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Actor, EventKind, Field, Layer, Meaning, Summary};
    use crate::render::html::tree::Gap;

    fn message(fields: Vec<Field>) -> Event {
        Event {
            actor: Actor::Server,
            kind: EventKind::Message {
                to: Actor::Client,
                layer: Layer::Tls,
                name: "ServerHelloDone".into(),
                summary: Summary::ServerHelloDone,
                bytes: vec![14, 0, 0, 0],
                fields,
            },
        }
    }

    fn field(start: usize, end: usize, name: &str) -> Field {
        Field {
            start,
            end,
            depth: 0,
            name: name.into(),
            meaning: Meaning::Bytes { bytes: end - start },
        }
    }

    #[test]
    fn a_byte_without_a_field_fails_the_page_naming_the_message() {
        let events = vec![message(vec![
            field(0, 1, "msg_type"),
            field(2, 4, "length"),
        ])];
        let err = page(&events, &Narrator::default(), "t").unwrap_err();
        assert_eq!(
            err,
            Unlabelled {
                step: 1,
                message: "ServerHelloDone".into(),
                gap: Gap::Unlabelled { start: 1, end: 2 },
            }
        );
        let events = vec![message(vec![
            field(0, 1, "msg_type"),
            field(0, 4, "length"),
        ])];
        let err = page(&events, &Narrator::default(), "t").unwrap_err();
        assert_eq!(err.gap, Gap::Twice { at: 0 });
        let ok = vec![message(vec![
            field(0, 1, "msg_type"),
            field(1, 4, "length"),
        ])];
        assert!(page(&ok, &Narrator::default(), "t").is_ok());
    }

    #[test]
    fn script_blocks_cannot_be_closed_by_their_data() {
        let s = script_json(&serde_json::json!({"x": "</script><!--"}));
        assert!(!s.contains("</"));
        assert!(!s.contains("<!--"));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["x"], "</script><!--");
    }
}
