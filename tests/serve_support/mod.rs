//! Helpers for the tests that run `tlswalk serve`, `tlswalk connect` and real peers (curl,
//! OpenSSL, tshark) on loopback. Every child runs under a deadline and is killed past it; a
//! missing tool fails the test with a message saying what to install.
#![allow(dead_code)] // each test binary uses a different part

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use tlswalk::event::Discard;
use tlswalk::rng::Randomness;

/// Any single child process running longer than this is stuck.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// The tlswalk binary cargo built for these tests.
pub const TLSWALK: &str = env!("CARGO_BIN_EXE_tlswalk");

/// A fresh empty directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tlswalk-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// The demo PKI for seed 7 (a CA and a server certificate for localhost and 127.0.0.1),
/// made once per test binary.
pub fn pki_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| make_pki("pki", 7))
}

/// A PKI from another seed: a different CA the first one's certificates do not chain to.
pub fn make_pki(name: &str, seed: u64) -> PathBuf {
    let dir = temp_dir(name);
    let pki =
        tlswalk::pki::generate(&Randomness::Seeded(seed), &[], &mut Discard).expect("generate PKI");
    pki.save(&dir, true).expect("save PKI");
    dir
}

/// A port that was free a moment ago (bind to port 0, read it, release it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// Fail loudly when a tool is missing: these tests never skip.
pub fn require(tool: &str) {
    let ok = Command::new(tool)
        .arg(if tool == "openssl" {
            "version"
        } else {
            "--version"
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{tool} is not installed or does not run: these interop tests need curl, openssl and tshark \
         (Debian/Ubuntu: apt-get install curl openssl tshark)"
    );
}

/// A finished process.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

fn drain(mut r: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut v = Vec::new();
        let _ = r.read_to_end(&mut v);
        v
    })
}

/// Wait for `child` until `deadline`; kill it past that and panic naming `what`.
pub fn wait_until(child: &mut Child, deadline: Instant, what: &str) -> ExitStatus {
    loop {
        match child.try_wait().expect("try_wait") {
            Some(s) => return s,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not finish in time and was killed");
            }
            None => thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Run `program args` with `stdin` as input, within [`DEADLINE`].
pub fn run(program: &str, args: &[&str], stdin: &[u8]) -> Output {
    run_within(program, args, stdin, DEADLINE)
}

/// Run `program args` with `stdin` as input, killing it after `limit`.
pub fn run_within(program: &str, args: &[&str], stdin: &[u8], limit: Duration) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}; is it installed?"));
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = drain(child.stdout.take().expect("stdout"));
    let err = drain(child.stderr.take().expect("stderr"));
    let status = wait_until(
        &mut child,
        Instant::now() + limit,
        &format!("{program} {args:?}"),
    );
    let _ = writer.join();
    Output {
        status,
        stdout: String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned(),
    }
}

/// A running child whose standard output (and error) lines are collected as they come.
pub struct Running {
    pub child: Child,
    pub lines: Arc<Mutex<Vec<String>>>,
    rx: Receiver<String>,
    readers: Vec<thread::JoinHandle<()>>,
    name: String,
}

impl Running {
    /// Start `program args` with both output streams collected.
    pub fn start(program: &str, args: &[&str]) -> Running {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}; is it installed?"));
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = channel();
        let mut readers = Vec::new();
        let out: Box<dyn Read + Send> = Box::new(child.stdout.take().expect("stdout"));
        let err: Box<dyn Read + Send> = Box::new(child.stderr.take().expect("stderr"));
        for stream in [out, err] {
            let (lines, tx) = (lines.clone(), tx.clone());
            readers.push(thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    lines.lock().unwrap().push(line.clone());
                    let _ = tx.send(line);
                }
            }));
        }
        Running {
            child,
            lines,
            rx,
            readers,
            name: format!("{program} {args:?}"),
        }
    }

    /// Wait for a line containing `needle` (within [`DEADLINE`]) and return it.
    pub fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left.min(Duration::from_millis(200))) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) if Instant::now() >= deadline => {
                    let _ = self.child.kill();
                    panic!(
                        "{}: no line with {needle:?} in time; output so far:\n{}",
                        self.name,
                        self.output()
                    );
                }
                Err(_) => {
                    if let Ok(Some(status)) = self.child.try_wait() {
                        // Give the readers a moment to pass on the last lines.
                        thread::sleep(Duration::from_millis(100));
                        while let Ok(line) = self.rx.try_recv() {
                            if line.contains(needle) {
                                return line;
                            }
                        }
                        panic!(
                            "{} exited ({status}) before printing {needle:?}; output:\n{}",
                            self.name,
                            self.output()
                        );
                    }
                }
            }
        }
    }

    /// Everything printed so far.
    pub fn output(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    /// Wait for the child to exit by itself (killing it after [`DEADLINE`]); returns its
    /// status and all its output.
    pub fn finish(mut self) -> (ExitStatus, String) {
        let status = wait_until(&mut self.child, Instant::now() + DEADLINE, &self.name);
        for r in self.readers.drain(..) {
            let _ = r.join();
        }
        let out = self.output();
        (status, out)
    }

    /// Stop the child with SIGINT (as Ctrl-C would), then [`Running::finish`].
    pub fn interrupt(self) -> (ExitStatus, String) {
        // SAFETY: sending a signal to our own child process, whose pid is valid until waited.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGINT);
        }
        self.finish()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // A test that panicked must not leave a server behind.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `tlswalk serve` on a free loopback port with the shared PKI; returns it and its port.
pub fn serve(extra: &[&str]) -> (Running, u16) {
    let pki = pki_dir().to_str().expect("utf-8 path").to_string();
    let mut args = vec!["serve", "--addr", "127.0.0.1:0", "--pki", &pki];
    args.extend_from_slice(extra);
    let mut s = Running::start(TLSWALK, &args);
    let line = s.wait_for("listening on https://");
    let port = line
        .split("https://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    (s, port)
}

/// The CA certificate of the shared PKI.
pub fn ca_pem() -> String {
    pki_dir().join("ca.pem").to_str().unwrap().to_string()
}

/// `curl` with the options our server needs: TLS 1.2 at most, our one suite, our CA.
pub fn curl_args(port: u16, path: &str) -> Vec<String> {
    vec![
        "--silent".into(),
        "--show-error".into(),
        "--max-time".into(),
        "30".into(),
        "--tls-max".into(),
        "1.2".into(),
        "--ciphers".into(),
        "AES128-GCM-SHA256".into(),
        "--cacert".into(),
        ca_pem(),
        format!("https://localhost:{port}{path}"),
    ]
}

/// `CLIENT_RANDOM` lines of an NSS key log: client random → master secret.
pub fn client_randoms(path: &Path) -> HashMap<String, String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read key log {}: {e}", path.display()));
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            match (parts.next(), parts.next(), parts.next()) {
                (Some("CLIENT_RANDOM"), Some(r), Some(m)) => {
                    Some((r.to_ascii_lowercase(), m.to_ascii_lowercase()))
                }
                _ => None,
            }
        })
        .collect()
}

/// The `/bytes/N` content tlswalk serves: its 16 KiB pattern block, repeated and cut to `n`.
pub fn pattern(n: usize) -> Vec<u8> {
    tlswalk::net::site::pattern_chunk()
        .iter()
        .copied()
        .cycle()
        .take(n)
        .collect()
}

/// A complete ClientHello from tlswalk's own client, as the bytes of its first flight: what a
/// real client sends first (it offers our suite, so a server answers it and moves on).
pub fn client_hello(host: &str) -> Vec<u8> {
    use tlswalk::tls::client::{Client, ClientConfig, Verification};
    let r = Randomness::Seeded(11);
    let mut client = Client::new(
        ClientConfig::new(host, Verification::Insecure, r.clock()),
        r.stream("client hello"),
    );
    client.start(&mut Discard);
    client.take_outgoing()
}
