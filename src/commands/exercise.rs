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
            let id = exercise::find(n)?.id;
            let mismatch = match outcome {
                Outcome::Correct => None,
                Outcome::Wrong(m) => Some(m),
            };
            let check = ExerciseCheck::Answer {
                number: n,
                id,
                seed,
                answer,
                mismatch: mismatch.clone(),
            };
            report(format, style, false, |sink| {
                sink.check(Actor::Network, check.into(), mismatch.is_none())
            })?;
            match mismatch {
                None => Ok(()),
                Some(mismatch) => Err(Error::check_failed(CliComplaint::WrongAnswer {
                    id,
                    mismatch,
                })),
            }
        }
    }
}
