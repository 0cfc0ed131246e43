//! One module per command. Each takes its parsed arguments and a [`Style`], prints, and returns
//! an [`Error`](tlswalk::error::Error) whose exit code main turns into the process's.

mod compare;
mod connect;
mod dns;
mod exercise;
mod handshake;
mod manual;
mod mitm;
pub mod output;
mod pki;
mod prf;
mod serve;
mod sign;
mod tcp;
mod websocket;

use crate::cli::Command;
use tlswalk::error::Result;
use tlswalk::ui::Style;

/// Run one command.
pub fn run(command: Command, style: Style) -> Result<()> {
    match command {
        Command::Handshake(a) => handshake::run(a, style),
        Command::Prf(a) => prf::run(a, style),
        Command::Pki(cmd) => pki::run(cmd, style),
        Command::Sign(args) => sign::sign(args, style),
        Command::Verify(args) => sign::verify(args, style),
        Command::Tcp(a) => tcp::run(a, style),
        Command::Dns(a) => dns::run(a, style),
        Command::Websocket(a) => websocket::run(a, style),
        Command::Compare(a) => compare::run(a, style),
        Command::Mitm(a) => mitm::run(a, style),
        Command::MitmProxy(a) => mitm::run_proxy(a, style),
        Command::Exercise(c) => exercise::run(c, style),
        Command::Serve(a) => serve::run(a, style),
        Command::Connect(a) => connect::run(a, style),
        Command::Completions(a) => manual::completions(a),
        Command::Man(a) => manual::man(a),
    }
}
