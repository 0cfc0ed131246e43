//! The `tlswalk` binary: parse arguments, run one command, turn the outcome into an exit code
//! (0 ok, 1 a check failed, 2 bad input).

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;
use tlswalk::ui::Style;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = cli::Cli::parse();
    let style = Style::from_choice(cli.color);
    match commands::run(cli.command, style) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.exit_code();
            let label = if code == 2 { "error" } else { "failed" };
            eprintln!("tlswalk: {label}: {e}");
            ExitCode::from(code)
        }
    }
}

/// Rust ignores SIGPIPE, so `tlswalk handshake | head` would panic on the first write after
/// `head` exits. Restore the default: the process ends quietly, as other command-line tools do.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
