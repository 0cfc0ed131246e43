//! `tlswalk completions SHELL` and `tlswalk man [COMMAND]`: a completion script and a roff
//! manual page, both generated from the same clap definition as `--help`, so they can never
//! disagree with the command line.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::commands::output::print;
use clap::CommandFactory;
use tlswalk::error::{CliComplaint, Error, Result};

/// Print the completion script for one shell.
pub fn completions(args: CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tlswalk", &mut script);
    print(|out| out.write_all(&script))
}

/// Print the manual page of tlswalk, or of the command named by `args.command`
/// (`tlswalk man pki init` is the page `tlswalk-pki-init(1)`).
pub fn man(args: ManArgs) -> Result<()> {
    let mut command = Cli::command();
    // Subcommands are complete (their usage names `tlswalk pki init`) only once built.
    command.build();
    let mut page = command;
    let mut name = String::from("tlswalk");
    for word in &args.command {
        let Some(sub) = page.find_subcommand(word).cloned() else {
            return Err(Error::bad_input(CliComplaint::UnknownCommand {
                name: args.command.join(" "),
                choices: page
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .filter(|n| n != "help")
                    .collect::<Vec<_>>()
                    .join(", "),
            }));
        };
        name = format!("{name}-{word}");
        page = sub;
    }
    // A subcommand's page is named as man(1) expects (tlswalk-pki-init) and carries the
    // version the top-level one has.
    let page = page.name(name).version(env!("CARGO_PKG_VERSION"));
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(Error::output)?;
    print(|out| out.write_all(&roff))
}
