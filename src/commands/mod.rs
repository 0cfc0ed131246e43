//! One module per command. Each takes its parsed arguments and a [`Style`], prints, and returns
//! an [`Error`](tlswalk::error::Error) whose exit code main turns into the process's.

mod exercise;
mod handshake;
mod output;
mod prf;

use crate::cli::Command;
use tlswalk::error::{Error, Result};
use tlswalk::ui::Style;

/// Run one command.
pub fn run(command: Command, style: Style) -> Result<()> {
    match command {
        Command::Handshake(a) => handshake::run(a, style),
        Command::Prf(a) => prf::run(a, style),
        Command::Exercise(c) => exercise::run(c, style),
        other => Err(Error::bad_input(format!("{other:?}: not available yet"))),
    }
}
