//! The socket examples the book's sockets chapter shows (`examples/echo_*.rs`,
//! `examples/upload_*.rs`) run as a learner runs them: as programs, on loopback, servers on a
//! port the kernel picks. The uploaded files must equal the files sent, for several clients at
//! once; the answers follow `LANG`; bad arguments get one line and exit code 2.
//!
//! `cargo test` builds the examples before it runs the tests; this test finds them beside
//! its own executable.

mod common;

use common::{run_with_deadline, stderr, stdout, temp_dir};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An example's executable, as `cargo test` built it (target/<profile>/examples/NAME).
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let path = dir.join(name);
    assert!(
        path.is_file(),
        "{} is missing: `cargo test` builds the examples (or run `cargo build --release \
         --examples`)",
        path.display()
    );
    path
}

/// A running server example: killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start a server example on 127.0.0.1 port 0 and read the address it says it listens on.
fn start(name: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(example(name))
        .arg("127.0.0.1:0")
        .args(extra)
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out);
    lines.read_line(&mut first).unwrap();
    let addr = first
        .split_whitespace()
        .find(|w| w.starts_with("127.0.0.1:"))
        .unwrap_or_else(|| panic!("{name} did not say where it listens: {first:?}"))
        .to_string();
    // Keep draining what the server prints, so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.lines() {});
    Server { child, addr }
}

fn run(name: &str, args: &[&str], lang: &str) -> std::process::Output {
    run_with_deadline(
        Command::new(example(name)).args(args).env("LANG", lang),
        Duration::from_secs(30),
    )
}

/// Bytes that differ from file to file (no two uploads alike), without a random generator.
fn content(i: usize, len: usize) -> Vec<u8> {
    (0..len)
        .map(|k| (k.wrapping_mul(31).wrapping_add(i * 7) % 251) as u8)
        .collect()
}

#[test]
fn several_clients_upload_at_once_and_every_file_arrives_whole() {
    let dir = temp_dir("upload_examples");
    let uploads = dir.join("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let server = start("upload_server", &[uploads.to_str().unwrap()]);
    // Empty, tiny, several MSS, and larger than any socket buffer.
    let sizes = [0, 1, 1460, 4097, 100_000, 2_000_000, 65_536, 3];
    let mut sent = Vec::new();
    for (i, len) in sizes.iter().enumerate() {
        let path = dir.join(format!("file-{i}.bin"));
        std::fs::write(&path, content(i, *len)).unwrap();
        sent.push((path, *len));
    }
    let clients: Vec<_> = sent
        .iter()
        .map(|(path, len)| {
            let (addr, path, len) = (server.addr.clone(), path.clone(), *len);
            std::thread::spawn(move || {
                let out = run("upload_client", &[&addr, path.to_str().unwrap()], "C.UTF-8");
                assert!(out.status.success(), "upload_client: {}", stderr(&out));
                assert_eq!(stdout(&out), format!("upload complete: {len} bytes\n"));
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    // Every upload is in a file of its own, byte for byte.
    let mut received: Vec<Vec<u8>> = std::fs::read_dir(&uploads)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let mut expected: Vec<Vec<u8>> = sent
        .iter()
        .map(|(p, _)| std::fs::read(p).unwrap())
        .collect();
    received.sort();
    expected.sort();
    assert_eq!(received.len(), sizes.len(), "one file per upload");
    assert!(
        received == expected,
        "the uploaded files differ from the files sent"
    );
    // A second server on the same directory never overwrites an earlier upload.
    drop(server);
    let again = start("upload_server", &[uploads.to_str().unwrap()]);
    let out = run(
        "upload_client",
        &[&again.addr, sent[1].0.to_str().unwrap()],
        "C",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_dir(&uploads).unwrap().count(),
        sizes.len() + 1
    );
}

#[test]
fn the_upload_server_answers_in_its_language() {
    let dir = temp_dir("upload_examples_zh");
    let uploads = dir.join("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let mut child = Command::new(example("upload_server"))
        .args(["127.0.0.1:0", uploads.to_str().unwrap()])
        .env("LANG", "zh_CN.UTF-8")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    lines.read_line(&mut first).unwrap();
    assert!(first.starts_with("正在监听127.0.0.1:"), "{first:?}");
    let addr = first.trim().trim_start_matches("正在监听").to_string();
    std::thread::spawn(move || for _ in lines.lines() {});
    let file = dir.join("你好.txt");
    std::fs::write(&file, "你好，服务器").unwrap();
    let out = run("upload_client", &[&addr, file.to_str().unwrap()], "C");
    let _ = child.kill();
    let _ = child.wait();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "上传成功：18字节\n");
}

#[test]
fn the_echo_server_sends_every_byte_back_to_each_client() {
    let server = start("echo_server", &[]);
    let texts = ["hello", "你好，世界", &"x".repeat(50_000)];
    let clients: Vec<_> = texts
        .iter()
        .map(|t| {
            let (addr, t) = (server.addr.clone(), t.to_string());
            std::thread::spawn(move || {
                let out = run("echo_client", &[&addr, &t], "C");
                assert!(out.status.success(), "{}", stderr(&out));
                assert_eq!(stdout(&out), format!("{t}\n"));
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
}

#[test]
fn bad_arguments_get_one_line_and_exit_2_and_a_refused_connection_exit_1() {
    let dir = temp_dir("socket_examples_bad");
    for (name, args) in [
        ("upload_server", vec![]),
        ("upload_server", vec!["127.0.0.1:0"]),
        ("upload_server", vec!["127.0.0.1:0", "/no/such/dir"]),
        ("upload_client", vec!["127.0.0.1:9"]),
        ("upload_client", vec!["127.0.0.1:9", "/no/such/file"]),
        ("echo_server", vec![]),
        ("echo_client", vec!["127.0.0.1:9"]),
    ] {
        let out = run(name, &args, "C");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name} {args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "{name} {args:?}: {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
    // Nothing listens on a port just freed: connect() gets an RST, "connection refused".
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let file = dir.join("f");
    std::fs::write(&file, "x").unwrap();
    let out = run("upload_client", &[&port, file.to_str().unwrap()], "C");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("refused"), "{}", stderr(&out));
}
