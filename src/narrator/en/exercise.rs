//! English for the self-checking exercises: the catalogue's lines, a task, a verdict.

use crate::event::{ExerciseCheck, ExerciseTopic};
use crate::narrator::{Card, CheckWords};

pub(super) fn card(t: &ExerciseTopic) -> Card {
    match t {
        ExerciseTopic::Entry {
            number,
            chapter,
            exercise,
        } => Card::new("", format!("{number:>2}  {chapter:<18} {exercise}")),
        ExerciseTopic::Task {
            number,
            exercise,
            seed,
            statement,
        } => Card::new(
            format!("Exercise {number}: {exercise}"),
            format!(
                "\n{}\n\nCheck your answer:  tlswalk exercise check {number} ANSWER --seed {seed}",
                crate::exercise::wrap(statement.trim_end(), 92)
            ),
        ),
    }
}

pub(super) fn check(c: &ExerciseCheck, passed: bool) -> CheckWords {
    match c {
        ExerciseCheck::Answer { number, hint, .. } => CheckWords {
            name: format!("answer to exercise {number}"),
            detail: match hint {
                Some(h) if !passed => h.clone(),
                _ => "correct".into(),
            },
        },
    }
}
