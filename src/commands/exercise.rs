//! `tlswalk exercise`: list, show and check the self-checking exercises.

use crate::cli::ExerciseCommand;
use crate::commands::output::report;
use tlswalk::error::{CliComplaint, Error, Result};
use tlswalk::event::{Actor, ExerciseCheck};
use tlswalk::exercise::{self, Outcome};
use tlswalk::ui::Style;

pub fn run(cmd: ExerciseCommand, style: Style) -> Result<()> {
    match cmd {
        ExerciseCommand::List { format } => report(format, style, false, |sink| {
            for topic in exercise::list_topics() {
                sink.explain(Actor::Network, topic.into());
            }
        }),
        ExerciseCommand::Show { n, seed, format } => {
            let topic = exercise::show_topic(n, seed)?;
            report(format, style, false, |sink| {
                sink.explain(Actor::Network, topic.into())
            })
        }
        ExerciseCommand::Check {
            n,
            answer,
            seed,
            format,
        } => {
            let outcome = exercise::check(n, seed, &answer)?;
            let hint = match &outcome {
                Outcome::Correct => None,
                Outcome::Wrong(hint) => Some(hint.clone()),
            };
            let check = ExerciseCheck::Answer {
                number: n,
                seed,
                answer,
                hint: hint.clone(),
            };
            report(format, style, false, |sink| {
                sink.check(Actor::Network, check.into(), hint.is_none())
            })?;
            match hint {
                None => Ok(()),
                Some(hint) => Err(Error::check_failed(CliComplaint::WrongAnswer { hint })),
            }
        }
    }
}
