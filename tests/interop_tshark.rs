//! Wireshark's view: capture a real `tlswalk serve` session on loopback with tshark and
//! decrypt it with the key log serve wrote. Needs tshark (and the right to capture on `lo`:
//! root, or dumpcap's capabilities); fails (never skips) without them.

mod serve_support;

use serve_support::*;
use std::time::Duration;

#[test]
fn tshark_decrypts_a_captured_serve_session_with_its_key_log() {
    require("tshark");
    require("curl");
    let dir = temp_dir("tshark");
    let (keys, pcap) = (dir.join("serve.keys"), dir.join("capture.pcapng"));
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
    let rows: Vec<Vec<&str>> = decrypted
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.first() == Some(&"GET") && r.get(1) == Some(&"/echo")),
        "no decrypted GET /echo: {rows:?}"
    );
    assert!(
        rows.iter().any(|r| r.get(2) == Some(&"200")),
        "no decrypted 200 response: {rows:?}"
    );
    // Without the key log the same capture shows no HTTP at all: it really was encrypted.
    let blind = run("tshark", &["-r", pcap.to_str().unwrap(), "-Y", "http"], b"");
    assert_eq!(blind.code(), Some(0), "{blind:?}");
    assert!(blind.stdout.trim().is_empty(), "{}", blind.stdout);
}
