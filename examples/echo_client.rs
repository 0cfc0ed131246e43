//! A TCP echo client in plain `std::net`: send TEXT, close the sending half, print what comes
//! back.
//!
//!     cargo run --release --example echo_client -- 127.0.0.1:7000 'hello'
//!
//! Messages follow `LANG` (`zh*`: Chinese), as tlswalk's do.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use tlswalk::narrator::{Lang, Narrator, SocketExample as Says};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, text] = args.as_slice() else {
        eprintln!("{}", says(Says::Usage("echo_client", "ADDR TEXT")));
        std::process::exit(2);
    };
    match echo(addr, text) {
        Ok(back) => println!("{back}"),
        Err(e) => {
            report(&format!("echo to {addr}"), &e);
            std::process::exit(1)
        }
    }
}

// ANCHOR: echo
fn echo(addr: &str, text: &str) -> io::Result<String> {
    let mut stream = TcpStream::connect(addr)?; // SYN, SYN-ACK, ACK
    stream.write_all(text.as_bytes())?; // one or more segments
    stream.shutdown(Shutdown::Write)?; // FIN: the server's read() will return 0
    // The echo may come back in several pieces: read until the server's FIN.
    let mut back = String::new();
    stream.read_to_string(&mut back)?;
    Ok(back)
}
// ANCHOR_END: echo

/// A line in the language of `LANG`, from tlswalk's catalogue.
fn says(text: Says) -> String {
    Narrator::new(Lang::from_env()).socket_example(&text)
}

fn report(doing: &str, e: &io::Error) {
    eprintln!("{}", says(Says::Failed(doing, &e.to_string())));
}
