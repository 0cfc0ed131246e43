//! The study notes' classic file-upload server, in plain `std::net`: an accept loop, one thread
//! per client, each upload written to a new file in DIR, and a one-line answer to the client.
//!
//!     cargo run --release --example upload_server -- 127.0.0.1:9000 uploads
//!
//! The protocol is TCP's own: the client sends the file's bytes, then `shutdown(Write)` (a FIN);
//! the server reads until `read()` returns 0, saves the bytes and answers on the same
//! connection. Messages follow `LANG` (`zh*`: Chinese), as tlswalk's do.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tlswalk::narrator::{Lang, Narrator, SocketExample as Says};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, dir] = args.as_slice() else {
        eprintln!("{}", says(Says::Usage("upload_server", "ADDR DIR")));
        std::process::exit(2);
    };
    if !Path::new(dir).is_dir() {
        report(dir, &io::ErrorKind::NotADirectory.into());
        std::process::exit(2);
    }
    // ANCHOR: listen
    // socket(), bind() and listen() in one call. Port 0 lets the kernel pick a free port.
    let listener = TcpListener::bind(addr.as_str()).unwrap_or_else(|e| {
        report(&format!("bind {addr}"), &e);
        std::process::exit(1)
    });
    let local = listener.local_addr().map(|a| a.to_string());
    println!(
        "{}",
        says(Says::Listening(local.as_deref().unwrap_or(addr)))
    );
    // ANCHOR_END: listen
    let next = Arc::new(AtomicU64::new(1));
    // ANCHOR: accept_loop
    // accept() waits for a connection the kernel has already completed (the three-way
    // handshake needs no help from the program) and returns a new socket for that client.
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (dir, next) = (PathBuf::from(dir), Arc::clone(&next));
        // One thread per client: a slow upload does not hold up the others.
        std::thread::spawn(move || {
            if let Err(e) = receive(stream, &dir, &next) {
                report("upload", &e);
            }
        });
    }
    // ANCHOR_END: accept_loop
}

// ANCHOR: receive
fn receive(mut stream: TcpStream, dir: &Path, next: &AtomicU64) -> io::Result<()> {
    println!("{}", says(Says::Accepted(&stream.peer_addr()?.to_string())));
    let (path, mut file) = new_file(dir, next)?;
    let mut buf = [0u8; 8192];
    let mut bytes = 0u64;
    loop {
        // read() returns what has arrived so far, in pieces of any size (not the sizes the
        // client wrote), and 0 only at the client's FIN: the end of the file.
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        file.write_all(&buf[..n])?;
        bytes += n as u64;
    }
    println!("{}", says(Says::Saved(bytes, &path.display().to_string())));
    // The client closed only its sending half: the answer goes back on the same connection.
    writeln!(stream, "{}", says(Says::UploadComplete(bytes)))?;
    Ok(()) // dropping the stream is close(): the server's FIN
}
// ANCHOR_END: receive

/// A file that did not exist before: `create_new` never overwrites an earlier upload.
fn new_file(dir: &Path, next: &AtomicU64) -> io::Result<(PathBuf, File)> {
    loop {
        let n = next.fetch_add(1, Ordering::SeqCst);
        let path = dir.join(format!("upload-{n}.bin"));
        match File::create_new(&path) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            file => return Ok((path, file?)),
        }
    }
}

/// A line in the language of `LANG`, from tlswalk's catalogue.
fn says(text: Says) -> String {
    Narrator::new(Lang::from_env()).socket_example(&text)
}

fn report(doing: &str, e: &io::Error) {
    eprintln!("{}", says(Says::Failed(doing, &e.to_string())));
}
