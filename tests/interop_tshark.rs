//! Wireshark's view: capture a real `tlswalk serve` session on loopback with tshark and
//! decrypt it with the key log serve wrote. Needs tshark (and the right to capture on `lo`:
//! root, or dumpcap's capabilities); fails (never skips) without them.

mod serve_support;

use serve_support::*;
use std::time::Duration;

/// One capture of one served `/echo`: the capture file and the key log.
fn capture_one_session(
    dir: &std::path::Path,
    attempt: u32,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let keys = dir.join(format!("serve-{attempt}.keys"));
    let pcap = dir.join(format!("capture-{attempt}.pcapng"));
    let (server, port) = serve(&["--max-connections", "1", "--keylog", keys.to_str().unwrap()]);
    let filter = format!("tcp port {port}");
    let mut capture = Running::start(
        "tshark",
        &["-i", "lo", "-f", &filter, "-w", pcap.to_str().unwrap()],
    );
    capture.wait_for("Capturing on");
    // dumpcap reports before the first packet can be seen; give it a moment to be sure.
    std::thread::sleep(Duration::from_millis(500));
    let mut args = curl_args(port, "/echo");
    args.extend([
        "-o".into(),
        "/dev/null".into(),
        "-w".into(),
        "%{http_code}".into(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run("curl", &args, b"");
    assert_eq!(out.stdout, "200", "{out:?}");
    let (status, served) = server.finish();
    assert!(status.success(), "{served}");
    std::thread::sleep(Duration::from_millis(500));
    let (_, captured) = capture.interrupt();
    assert!(pcap.exists(), "no capture file; tshark said:\n{captured}");
    (pcap, keys)
}

/// The HTTP rows tshark decrypts from a capture: method, URI, response code.
fn decrypted_rows(pcap: &std::path::Path, keys: &std::path::Path) -> Vec<Vec<String>> {
    let keylog = format!("tls.keylog_file:{}", keys.display());
    let decrypted = run(
        "tshark",
        &[
            "-r",
            pcap.to_str().unwrap(),
            "-o",
            &keylog,
            "-Y",
            "http",
            "-T",
            "fields",
            "-e",
            "http.request.method",
            "-e",
            "http.request.uri",
            "-e",
            "http.response.code",
        ],
        b"",
    );
    assert_eq!(decrypted.code(), Some(0), "{decrypted:?}");
    decrypted
        .stdout
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// Whether a capture holds the session's first packet (the SYN): when dumpcap started late,
/// the ClientHello (and so the client random the key log is keyed by) is missing.
fn saw_the_syn(pcap: &std::path::Path) -> bool {
    let syns = run(
        "tshark",
        &[
            "-r",
            pcap.to_str().unwrap(),
            "-Y",
            "tcp.flags.syn == 1 && tcp.flags.ack == 0",
        ],
        b"",
    );
    !syns.stdout.trim().is_empty()
}

#[test]
fn tshark_decrypts_a_captured_serve_session_with_its_key_log() {
    require("tshark");
    require("curl");
    let dir = temp_dir("tshark");
    // A capture that began after the SYN cannot be decrypted and proves nothing either way:
    // take another (at most three); a capture that saw the whole session must decrypt.
    let (pcap, keys) = (1..=3)
        .map(|attempt| capture_one_session(&dir, attempt))
        .find(|(pcap, _)| saw_the_syn(pcap))
        .expect("three captures all missed the start of the session");
    let rows = decrypted_rows(&pcap, &keys);
    assert!(
        rows.iter()
            .any(|r| r.first().map(String::as_str) == Some("GET")
                && r.get(1).map(String::as_str) == Some("/echo")),
        "no decrypted GET /echo: {rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.get(2).map(String::as_str) == Some("200")),
        "no decrypted 200 response: {rows:?}"
    );
    // Without the key log the same capture shows no HTTP at all: it really was encrypted.
    let blind = run("tshark", &["-r", pcap.to_str().unwrap(), "-Y", "http"], b"");
    assert_eq!(blind.code(), Some(0), "{blind:?}");
    assert!(blind.stdout.trim().is_empty(), "{}", blind.stdout);
}
