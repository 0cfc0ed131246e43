//! One module per command. Each takes its parsed arguments and a [`Style`], prints, and returns
//! an [`Error`] whose exit code main turns into the process's.

mod pki;
mod sign;

use crate::cli::Command;
use tlswalk::error::Result;
use tlswalk::ui::Style;

/// Run one command.
pub fn run(command: Command, style: Style) -> Result<()> {
    match command {
        Command::Pki(cmd) => pki::run(cmd, style),
        Command::Sign(args) => sign::sign(args, style),
        Command::Verify(args) => sign::verify(args, style),
        _ => {
            let _ = style;
            Err(tlswalk::error::Error::bad_input(
                "this command is not available yet",
            ))
        }
    }
}
