//! JSON Lines: one event per line, `{"step": N, "actor": …, "kind": …, …}`; byte strings as
//! lowercase hex. Field meanings are documented on [`crate::event::EventKind`]. The first
//! write error is kept and ends the writing, as in [`crate::render::text`].

use super::Output;
use crate::event::{
    CheckKind, Event, EventKind, EventSink, ExerciseCheck, ExerciseTopic, Field, Summary, Topic,
};
use crate::narrator::Narrator;
use std::io::{self, Write};

/// Writes each event as one JSON object per line.
pub struct JsonRenderer<W: Write> {
    out: Output<W>,
    step: u64,
    extra: Option<(String, serde_json::Value)>,
    narrator: Narrator,
}

impl<W: Write> JsonRenderer<W> {
    /// A renderer writing to `out`.
    pub fn new(out: W) -> Self {
        JsonRenderer {
            out: Output::new(out),
            step: 0,
            extra: None,
            narrator: Narrator::default(),
        }
    }

    /// Say things with `narrator`'s words.
    pub fn with_narrator(mut self, narrator: Narrator) -> Self {
        self.narrator = narrator;
        self
    }

    /// Add a constant field to every line (e.g. `"connection": 3` in `serve`).
    pub fn with_field(mut self, name: &str, value: serde_json::Value) -> Self {
        self.extra = Some((name.to_string(), value));
        self
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out.into_inner()
    }

    /// The first write error, if a write failed.
    pub fn error(&self) -> Option<&io::Error> {
        self.out.error()
    }

    /// Flush, and return the writer or the first write error.
    pub fn finish(self) -> io::Result<W> {
        self.out.finish()
    }
}

/// One event as a JSON object with its step number: the typed fields of the event, then the
/// narrator's words for it (`title` and `text` of a card or phase, `name` and `detail` of a
/// check, `formula` of a derivation, `code` and `reason` of an alert; an exercise's
/// `exercise` title and `statement`, and a checked answer's `hint`). A message carries its
/// `summary` line beside the typed summary (`about`), and each field its `meaning` beside the
/// typed meaning (`about`).
pub fn event_json(step: u64, event: &Event, narrator: &Narrator) -> serde_json::Value {
    let mut v = serde_json::to_value(event).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut v {
        let mut ordered = serde_json::Map::new();
        ordered.insert("step".into(), step.into());
        for (k, val) in std::mem::take(map) {
            ordered.insert(k, val);
        }
        for (k, val) in words(event, narrator) {
            ordered.insert(k.into(), val);
        }
        if let EventKind::Message {
            summary, fields, ..
        } = &event.kind
        {
            ordered = message_words(ordered, summary, fields, narrator);
        }
        *map = ordered;
    }
    v
}

/// A message's words beside its typed facts: `"summary"` (the narrator's line) just before
/// `"about"` (the typed summary), and in each field `"meaning"` just before its `"about"`.
fn message_words(
    map: serde_json::Map<String, serde_json::Value>,
    summary: &Summary,
    fields: &[Field],
    narrator: &Narrator,
) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for (k, val) in map {
        match (k.as_str(), val) {
            ("about", about) => {
                out.insert("summary".into(), narrator.summary(summary).into());
                out.insert(k, about);
            }
            ("fields", serde_json::Value::Array(items)) => {
                let items = items
                    .into_iter()
                    .zip(fields)
                    .map(|(item, field)| field_words(item, field, narrator))
                    .collect();
                out.insert(k, serde_json::Value::Array(items));
            }
            (_, val) => {
                out.insert(k, val);
            }
        }
    }
    out
}

fn field_words(item: serde_json::Value, field: &Field, narrator: &Narrator) -> serde_json::Value {
    let serde_json::Value::Object(map) = item else {
        return item;
    };
    let mut out = serde_json::Map::new();
    for (k, val) in map {
        if k == "about" {
            out.insert("meaning".into(), narrator.meaning(&field.meaning).into());
        }
        out.insert(k, val);
    }
    serde_json::Value::Object(out)
}

/// The narrator's words for an event, as JSON fields.
fn words(event: &Event, narrator: &Narrator) -> Vec<(&'static str, serde_json::Value)> {
    match &event.kind {
        EventKind::Phase { topic } => vec![("title", narrator.card(topic).title.into())],
        EventKind::Explain { topic } => {
            let card = narrator.card_by(event.actor, topic);
            let mut words = exercise_topic_words(topic, narrator);
            words.extend([("title", card.title.into()), ("text", card.text.into())]);
            words
        }
        EventKind::Check { check, passed } => {
            let w = narrator.check(check, *passed);
            let mut words = exercise_check_words(check, narrator);
            words.extend([("name", w.name.into()), ("detail", w.detail.into())]);
            words
        }
        EventKind::Derive { what, .. } => vec![("formula", narrator.formula(what).into())],
        EventKind::Alert {
            description,
            reason,
            ..
        } => vec![
            ("code", description.0.into()),
            ("reason", narrator.alert_reason(reason).into()),
        ],
        _ => Vec::new(),
    }
}

/// An exercise topic's own words, under the field names its typed strings had before they
/// became typed (`exercise`: the title; `statement`: the task with its inputs, unwrapped), so
/// that a reader of the JSON still finds them without wrapping or re-wording the card.
fn exercise_topic_words(
    topic: &Topic,
    narrator: &Narrator,
) -> Vec<(&'static str, serde_json::Value)> {
    match topic {
        Topic::Exercise(ExerciseTopic::Entry { id, .. }) => {
            vec![("exercise", narrator.exercise_title(*id).into())]
        }
        Topic::Exercise(ExerciseTopic::Task { prompt, .. }) => vec![
            ("exercise", narrator.exercise_title(prompt.id()).into()),
            ("statement", narrator.exercise_statement(prompt).into()),
        ],
        _ => Vec::new(),
    }
}

/// An exercise check's `hint`: why the answer is wrong and what to think about, or null when
/// it is right (as before the reason became typed).
fn exercise_check_words(
    check: &CheckKind,
    narrator: &Narrator,
) -> Vec<(&'static str, serde_json::Value)> {
    match check {
        CheckKind::Exercise(ExerciseCheck::Answer { id, mismatch, .. }) => vec![(
            "hint",
            mismatch.as_ref().map_or(serde_json::Value::Null, |m| {
                narrator.exercise_wrong(*id, m).into()
            }),
        )],
        _ => Vec::new(),
    }
}

impl<W: Write> EventSink for JsonRenderer<W> {
    fn emit(&mut self, event: Event) {
        if self.out.failed() {
            return;
        }
        self.step += 1;
        let mut v = event_json(self.step, &event, &self.narrator);
        if let (Some((k, val)), serde_json::Value::Object(map)) = (&self.extra, &mut v) {
            map.insert(k.clone(), val.clone());
        }
        self.out.line(format_args!("{v}"));
    }
    fn output_failed(&self) -> bool {
        self.out.failed()
    }
}
