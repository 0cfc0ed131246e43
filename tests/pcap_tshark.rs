//! The pcap writer judged by an outside tool: tshark (Wireshark's command-line form) must
//! read our file, find no TCP analysis problem and no bad checksum, see exactly the segments
//! the model produced, and dissect the HTTP inside.
//!
//! These tests need tshark on the PATH and fail (they never skip) when it is missing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tlswalk::event::{Actor, Event, EventKind};
use tlswalk::render::pcap::write_pcap;
use tlswalk::rng::{Randomness, SEEDED_NOW};
use tlswalk::tcp::TcpModel;

/// Any tshark run longer than this is stuck.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The filter that must match nothing in a clean capture: any TCP analysis flag
/// (retransmission, out of order, lost segment, ACK of unseen data …) or any expert item of
/// severity warning or worse (bad checksums with the checks on, malformed packets).
const PROBLEMS: &str = "tcp.analysis.flags || _ws.expert.severity >= warning";

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run tshark with `args`, killing it if it outlives [`TIMEOUT`].
fn tshark(args: &[&str]) -> Output {
    let mut child = match Command::new("tshark")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!(
            "cannot run tshark ({e}): these tests need Wireshark's tshark on the PATH \
             (Debian/Ubuntu: apt-get install tshark)"
        ),
    };
    // Drain both pipes on their own threads so a chatty tshark cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let out_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait().expect("waiting for tshark") {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("tshark {args:?} did not finish within {TIMEOUT:?}");
            }
            None => thread::sleep(Duration::from_millis(20)),
        }
    };
    Output {
        code: status.code(),
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    }
}

/// Run tshark and insist it exits 0; return its standard output.
fn tshark_ok(args: &[&str]) -> String {
    let out = tshark(args);
    assert_eq!(
        out.code,
        Some(0),
        "tshark {args:?} failed\nstdout:\n{}\nstderr:\n{}",
        out.stdout,
        out.stderr
    );
    out.stdout
}

fn problems(file: &Path) -> String {
    tshark_ok(&[
        "-r",
        file.to_str().expect("utf-8 path"),
        "-2",
        "-o",
        "tcp.check_checksum:TRUE",
        "-o",
        "ip.check_checksum:TRUE",
        "-Y",
        PROBLEMS,
    ])
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pcap_tshark_{name}.pcap"));
    std::fs::write(&path, bytes).expect("write pcap");
    path
}

/// A plaintext HTTP exchange on port 80 with a response of several segments.
fn http_run() -> (TcpModel, Vec<Event>) {
    let r = Randomness::Seeded(7);
    let (client, mut server) = TcpModel::default_endpoints(&r);
    server.port = 80;
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.open(&mut ev);
    tcp.send(
        Actor::Client,
        b"GET /index.html HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n",
        &mut ev,
    );
    let body = "tlswalk ".repeat(500);
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    tcp.send(Actor::Server, response.as_bytes(), &mut ev);
    tcp.close(Actor::Client, &mut ev);
    (tcp, ev)
}

fn pcap_of(tcp: &TcpModel, ev: &[Event]) -> Vec<u8> {
    let _ = tcp;
    write_pcap(ev, SEEDED_NOW)
}

/// How tshark 4 prints `tcp.flags.str`: 12 positions (3 reserved, then NS CWR ECE URG ACK
/// PSH RST SYN FIN), a letter where the bit is set and `·` where it is not.
fn wireshark_flags(bits: u8) -> String {
    let letters = [
        (0x80, 'C'),
        (0x40, 'E'),
        (0x20, 'U'),
        (0x10, 'A'),
        (0x08, 'P'),
        (0x04, 'R'),
        (0x02, 'S'),
        (0x01, 'F'),
    ];
    let mut s = String::from("····");
    for (bit, letter) in letters {
        s.push(if bits & bit != 0 { letter } else { '·' });
    }
    s
}

#[test]
fn clean_capture_has_no_analysis_flags_or_bad_checksums() {
    let (tcp, ev) = http_run();
    let file = write("clean", &pcap_of(&tcp, &ev));
    assert_eq!(problems(&file), "", "tshark found problems in our capture");
}

#[test]
fn tshark_sees_exactly_the_segments_written() {
    let (tcp, ev) = http_run();
    let file = write("fields", &pcap_of(&tcp, &ev));
    let got = tshark_ok(&[
        "-r",
        file.to_str().unwrap(),
        "-T",
        "fields",
        "-e",
        "ip.src",
        "-e",
        "tcp.srcport",
        "-e",
        "tcp.flags.str",
        "-e",
        "tcp.seq_raw",
        "-e",
        "tcp.ack_raw",
        "-e",
        "tcp.len",
        "-e",
        "tcp.window_size_value",
    ]);
    let mut expected = String::new();
    for e in &ev {
        if let EventKind::Segment {
            src_port,
            seq,
            ack,
            flags,
            window,
            payload,
            ..
        } = &e.kind
        {
            let ip = if e.actor == Actor::Client {
                "192.0.2.10"
            } else {
                "192.0.2.80"
            };
            expected.push_str(&format!(
                "{ip}\t{src_port}\t{}\t{seq}\t{}\t{}\t{window}\n",
                wireshark_flags(flags.bits()),
                ack.unwrap_or(0),
                payload.len()
            ));
        }
    }
    // 3 handshake + request and its ACK + 4 response segments (3 of data, one ACK) + ACK + 4
    // closing: 14 segments.
    assert_eq!(expected.lines().count(), 14);
    assert_eq!(got, expected);
}

#[test]
fn tshark_dissects_the_http_inside() {
    let (tcp, ev) = http_run();
    let file = write("http", &pcap_of(&tcp, &ev));
    let path = file.to_str().unwrap();
    let get = tshark_ok(&[
        "-r",
        path,
        "-Y",
        "http.request.method == \"GET\"",
        "-T",
        "fields",
        "-e",
        "http.request.uri",
    ]);
    assert_eq!(get, "/index.html\n");
    // The response spans three segments: tshark must reassemble them by sequence number to
    // find the whole body.
    let response = tshark_ok(&[
        "-r",
        path,
        "-Y",
        "http.response.code == 200",
        "-T",
        "fields",
        "-e",
        "http.content_length",
        "-e",
        "tcp.reassembled.length",
    ]);
    let body_len = "tlswalk ".len() * 500;
    let head_len = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body_len}\r\n\r\n"
    )
    .len();
    assert_eq!(response, format!("{body_len}\t{}\n", head_len + body_len));
}

#[test]
fn timestamps_start_at_the_base_time() {
    let (tcp, ev) = http_run();
    let file = write("time", &pcap_of(&tcp, &ev));
    let times = tshark_ok(&[
        "-r",
        file.to_str().unwrap(),
        "-T",
        "fields",
        "-e",
        "frame.time_epoch",
    ]);
    let lines: Vec<&str> = times.lines().collect();
    // SEEDED_NOW is 2026-01-01 12:00:00 UTC = 1767268800 s after the epoch; the SYN-ACK
    // comes one way (10 ms) plus 50 µs later.
    assert_eq!(lines.first(), Some(&"1767268800.000000000"));
    assert_eq!(lines.get(1), Some(&"1767268800.010050000"));
}

#[test]
fn a_bad_checksum_is_caught() {
    // The clean-capture test means something only if tshark does check: flip one payload
    // byte of the request and the TCP checksum must be reported.
    let (tcp, ev) = http_run();
    let mut bytes = pcap_of(&tcp, &ev);
    let needle = b"GET /index.html";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("request in the capture");
    bytes[at] = b'P';
    let file = write("corrupt", &bytes);
    let found = problems(&file);
    assert_eq!(
        found.lines().count(),
        1,
        "expected one bad packet:\n{found}"
    );
}

#[test]
fn a_reset_is_reported_as_a_reset() {
    let r = Randomness::Seeded(11);
    let (client, server) = TcpModel::default_endpoints(&r);
    let mut tcp = TcpModel::new(client, server, &r);
    let mut ev = Vec::new();
    tcp.open(&mut ev);
    tcp.send(Actor::Client, &[0x16; 100], &mut ev);
    tcp.reset(Actor::Mallory, &mut ev);
    let file = write("reset", &pcap_of(&tcp, &ev));
    // Wireshark marks every RST as a warning ("Connection reset"); nothing else may appear.
    let found = tshark_ok(&[
        "-r",
        file.to_str().unwrap(),
        "-2",
        "-o",
        "tcp.check_checksum:TRUE",
        "-o",
        "ip.check_checksum:TRUE",
        "-Y",
        PROBLEMS,
        "-T",
        "fields",
        "-e",
        "ip.src",
        "-e",
        "tcp.flags.str",
        "-e",
        "tcp.seq_raw",
    ]);
    let seq = tcp.isn(Actor::Server).wrapping_add(1);
    assert_eq!(
        found,
        format!("192.0.2.80\t{}\t{seq}\n", wireshark_flags(0x04))
    );
}

#[test]
fn same_events_same_bytes() {
    let (tcp, ev) = http_run();
    let a = pcap_of(&tcp, &ev);
    let (tcp2, ev2) = http_run();
    assert_eq!(a, pcap_of(&tcp2, &ev2));
    // Classic pcap, little-endian, version 2.4, snaplen 65535, Ethernet.
    assert_eq!(
        hex::encode(&a[..24]),
        "d4c3b2a1020004000000000000000000ffff000001000000"
    );
}
