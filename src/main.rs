//! The `tlswalk` binary: parse arguments, run one command, turn the outcome into an exit code
//! (0 ok, 1 a check failed, 2 bad input or output that cannot be written).
//!
//! Rust ignores SIGPIPE, so a write to a pipe whose reader is gone (`tlswalk … | head`) fails
//! with `EPIPE` like any other write error. The commands check every write to standard output:
//! a closed pipe quietly ends the output, any other failure (a full disk) ends the command
//! with one line on standard error and exit code 2.

mod cli;
mod commands;

use clap::Parser;
use clap::error::ErrorKind;
use std::io::Write;
use std::process::ExitCode;
use tlswalk::error::Error;
use tlswalk::narrator::Lang;
use tlswalk::ui::Style;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return bad_arguments(e),
    };
    // Set before anything is said: every narrator of the run speaks it.
    let lang = match cli.lang {
        Some(cli::LangChoice::En) => Lang::En,
        Some(cli::LangChoice::Zh) => Lang::Zh,
        None => Lang::from_env(),
    };
    lang.set_for_process();
    let style = Style::from_choice(cli.color).with_hex(cli.hex);
    // What is still buffered must reach standard output too: a failure there is an error.
    let outcome = commands::run(cli.command, style)
        .and_then(|()| commands::output::output_result(std::io::stdout().flush()));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_closed_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// `--help` and `--version` as clap prints them; any other argument error in one line, as
/// every bad input is: clap's first line, with the values it would have taken, exit code 2.
fn bad_arguments(e: clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let text = e.render().to_string();
    let mut line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    if let Some(values) = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("[possible values: "))
    {
        line.push_str(&format!(
            " (possible values: {}",
            values.trim_end_matches(']')
        ));
        line.push(')');
    }
    let _ = writeln!(std::io::stderr(), "tlswalk: error: {line}");
    ExitCode::from(2)
}

/// One line on standard error; if even that cannot be written there is nowhere left to say so.
fn report(e: &Error) {
    let narrator = tlswalk::narrator::Narrator::default();
    let label = narrator.view(&tlswalk::narrator::View::ExitLabel {
        failed: e.exit_code() != 2,
    });
    // An error may quote a peer's bytes (a bad status line): its control characters are
    // escaped, like every other text that reaches the terminal.
    let text = tlswalk::render::layout::escape_controls(&e.to_string()).into_owned();
    let _ = writeln!(std::io::stderr(), "tlswalk: {label}: {text}");
}
