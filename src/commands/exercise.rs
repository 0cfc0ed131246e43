//! `tlswalk exercise`: list, show and check the self-checking exercises.

use crate::cli::ExerciseCommand;
use tlswalk::error::{Error, Result};
use tlswalk::exercise::{self, Outcome};
use tlswalk::ui::Style;

pub fn run(cmd: ExerciseCommand, style: Style) -> Result<()> {
    match cmd {
        ExerciseCommand::List => {
            for line in exercise::list_lines() {
                println!("{line}");
            }
            Ok(())
        }
        ExerciseCommand::Show { n, seed } => {
            print!("{}", exercise::show(n, seed)?);
            Ok(())
        }
        ExerciseCommand::Check { n, answer, seed } => match exercise::check(n, seed, &answer)? {
            Outcome::Correct => {
                println!("{}", style.good("correct"));
                Ok(())
            }
            Outcome::Wrong(hint) => Err(Error::CheckFailed(hint)),
        },
    }
}
