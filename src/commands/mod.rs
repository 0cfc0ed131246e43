//! One module per command. Each takes its parsed arguments and a [`Style`], prints, and returns
//! an [`Error`](tlswalk::error::Error) whose exit code main turns into the process's.

mod connect;
mod handshake;
mod output;
mod prf;
mod serve;

use crate::cli::Command;
use tlswalk::error::{Error, Result};
use tlswalk::ui::Style;

/// Run one command.
pub fn run(command: Command, style: Style) -> Result<()> {
    match command {
        Command::Handshake(a) => handshake::run(a, style),
        Command::Prf(a) => prf::run(a, style),
        Command::Serve(a) => serve::run(a, style),
        Command::Connect(a) => connect::run(a, style),
        other => Err(Error::bad_input(format!("{other:?}: not available yet"))),
    }
}
