//! The upload server's client, in plain `std::net`: send a file, mark its end with
//! `shutdown(Write)`, print the server's answer.
//!
//!     cargo run --release --example upload_client -- 127.0.0.1:9000 photo.jpg
//!
//! Messages follow `LANG` (`zh*`: Chinese), as tlswalk's do.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use tlswalk::narrator::{Lang, Narrator, SocketExample as Says};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, path] = args.as_slice() else {
        eprintln!("{}", says(Says::Usage("upload_client", "ADDR FILE")));
        std::process::exit(2);
    };
    // Read the file before connecting: a missing file is bad input, not a network error.
    let data = std::fs::read(path).unwrap_or_else(|e| {
        report(path, &e);
        std::process::exit(2)
    });
    match upload(addr, &data) {
        Ok(answer) => print!("{answer}"),
        Err(e) => {
            report(&format!("upload to {addr}"), &e);
            std::process::exit(1)
        }
    }
}

// ANCHOR: upload
fn upload(addr: &str, data: &[u8]) -> io::Result<String> {
    // connect(): the three-way handshake; it returns once the server's SYN-ACK has arrived.
    let mut stream = TcpStream::connect(addr)?;
    // write_all() calls write() until every byte is in the kernel's send buffer: one write()
    // may take only part of them. TCP then sends them in segments of at most one MSS.
    stream.write_all(data)?;
    // shutdown(Write) sends a FIN: "no more bytes from me". Without it the server could not
    // tell the end of the file from a pause in the upload.
    stream.shutdown(Shutdown::Write)?;
    // The other direction is still open: read the answer until the server's FIN (read() = 0).
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}
// ANCHOR_END: upload

/// A line in the language of `LANG`, from tlswalk's catalogue.
fn says(text: Says) -> String {
    Narrator::new(Lang::from_env()).socket_example(&text)
}

fn report(doing: &str, e: &io::Error) {
    eprintln!("{}", says(Says::Failed(doing, &e.to_string())));
}
