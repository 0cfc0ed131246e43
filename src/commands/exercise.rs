//! `tlswalk exercise`: list, show and check the self-checking exercises.

use crate::cli::ExerciseCommand;
use crate::commands::output::print;
use tlswalk::error::{Error, Result};
use tlswalk::exercise::{self, Outcome};
use tlswalk::ui::Style;

pub fn run(cmd: ExerciseCommand, style: Style) -> Result<()> {
    match cmd {
        ExerciseCommand::List => print(|out| {
            for line in exercise::list_lines() {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }),
        ExerciseCommand::Show { n, seed } => {
            let text = exercise::show(n, seed)?;
            print(|out| out.write_all(text.as_bytes()))
        }
        ExerciseCommand::Check { n, answer, seed } => match exercise::check(n, seed, &answer)? {
            Outcome::Correct => print(|out| writeln!(out, "{}", style.good("correct"))),
            Outcome::Wrong(hint) => Err(Error::CheckFailed(hint)),
        },
    }
}
