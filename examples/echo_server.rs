//! A TCP echo server in plain `std::net`: every byte a client sends comes back, until the
//! client closes its sending half; one thread per client.
//!
//!     cargo run --release --example echo_server -- 127.0.0.1:7000
//!
//! Messages follow `LANG` (`zh*`: Chinese), as tlswalk's do.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use tlswalk::narrator::{Lang, Narrator, SocketExample as Says};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr] = args.as_slice() else {
        eprintln!("{}", says(Says::Usage("echo_server", "ADDR")));
        std::process::exit(2);
    };
    // ANCHOR: serve
    // socket() + bind() + listen(): from here the kernel answers SYNs on this address.
    let listener = TcpListener::bind(addr.as_str()).unwrap_or_else(|e| {
        report(&format!("bind {addr}"), &e);
        std::process::exit(1)
    });
    let local = listener.local_addr().map(|a| a.to_string());
    println!(
        "{}",
        says(Says::Listening(local.as_deref().unwrap_or(addr)))
    );
    for stream in listener.incoming() {
        // accept(): a connection whose handshake the kernel has already completed.
        let Ok(stream) = stream else { continue };
        std::thread::spawn(move || {
            if let Err(e) = echo(stream) {
                report("echo", &e);
            }
        });
    }
    // ANCHOR_END: serve
}

// ANCHOR: echo
fn echo(mut stream: TcpStream) -> io::Result<()> {
    println!("{}", says(Says::Accepted(&stream.peer_addr()?.to_string())));
    let mut buf = [0u8; 4096];
    loop {
        // Whatever has arrived, up to 4096 bytes; 0 means the client's FIN came.
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(()); // dropping the stream closes it: the server's FIN
        }
        stream.write_all(&buf[..n])?;
    }
}
// ANCHOR_END: echo

/// A line in the language of `LANG`, from tlswalk's catalogue.
fn says(text: Says) -> String {
    Narrator::new(Lang::from_env()).socket_example(&text)
}

fn report(doing: &str, e: &io::Error) {
    eprintln!("{}", says(Says::Failed(doing, &e.to_string())));
}
