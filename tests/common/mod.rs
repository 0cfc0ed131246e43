//! Helpers shared by the integration tests: run the binary, run external tools with a
//! deadline, fail loudly when a tool is missing.
#![allow(dead_code)]

pub mod english;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The tlswalk binary under test.
pub fn tlswalk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tlswalk"));
    c.env_remove("NO_COLOR");
    c
}

/// Run a command to completion, killing it after `limit`. Panics with a clear message when
/// the program is not installed: a missing tool must fail the run, never skip a test.
pub fn run_with_deadline(cmd: &mut Command, limit: Duration) -> Output {
    use std::io::Read;
    let program = cmd.get_program().to_string_lossy().into_owned();
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| {
        panic!("cannot run {program}: {e} (is it installed? .ci/run installs it)")
    });
    // Drain both pipes while waiting, or a child that prints more than a pipe holds would block.
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let out = out_reader.join().unwrap_or_default();
            let err = err_reader.join().unwrap_or_default();
            panic!(
                "{program} did not finish within {limit:?}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&err)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    }
}

/// Run tlswalk with `args`, bounded to 60 s.
pub fn run_tlswalk(args: &[&str]) -> Output {
    run_with_deadline(tlswalk().args(args), Duration::from_secs(60))
}

/// A fresh temporary directory under the target dir (removed and recreated).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// stdout as UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as UTF-8.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Require a tool on PATH, with a message that names the installer.
pub fn require_tool(tool: &str) {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "{tool} is not installed: the interop tests need it (.ci/run installs it)"
    );
}

/// Run tshark with `args` (bounded to 60 s) and return its standard output; fails the test if
/// tshark is missing or fails.
pub fn tshark(args: &[&str]) -> String {
    require_tool("tshark");
    let out = run_with_deadline(Command::new("tshark").args(args), Duration::from_secs(60));
    assert!(out.status.success(), "tshark {args:?}: {}", stderr(&out));
    stdout(&out)
}

/// What tshark flags in a capture, with IP and TCP checksum validation on: TCP analysis
/// problems (retransmissions, lost segments, bad ACKs …) and expert warnings or worse. An honest
/// capture gives an empty string.
pub fn tshark_problems(pcap: &Path) -> String {
    tshark(&[
        "-r",
        pcap.to_str().expect("UTF-8 path"),
        "-2",
        "-o",
        "tcp.check_checksum:TRUE",
        "-o",
        "ip.check_checksum:TRUE",
        "-Y",
        "tcp.analysis.flags || _ws.expert.severity >= warning",
    ])
}
