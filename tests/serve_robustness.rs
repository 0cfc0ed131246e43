//! `tlswalk serve` against clients that misbehave: garbage, a truncated record, a TLS
//! 1.3-only client, a client without our suite. Each gets the right alert (or a clean
//! close), none disturbs the server, and a good client still succeeds afterwards. Needs
//! openssl and curl; fails (never skips) without them.

mod serve_support;

use serve_support::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Send `bytes` on a fresh connection, half-close, and return everything the server sends
/// before it closes.
fn raw_exchange(port: u16, bytes: &[u8]) -> Vec<u8> {
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    tcp.write_all(bytes).unwrap();
    tcp.shutdown(std::net::Shutdown::Write).unwrap();
    let mut got = Vec::new();
    tcp.read_to_end(&mut got)
        .expect("the server must close the connection, not hang");
    got
}

fn openssl_client(port: u16, extra: &[&str]) -> Output {
    let connect = format!("localhost:{port}");
    let mut args = vec!["s_client", "-connect", &connect];
    args.extend_from_slice(extra);
    run("openssl", &args, b"")
}

#[test]
fn misbehaving_clients_get_the_right_alert_and_a_good_client_still_succeeds() {
    require("openssl");
    require("curl");
    let (server, port) = serve(&["--max-connections", "5"]);

    // 1. Plaintext HTTP on the TLS port: a fatal unexpected_message (10) alert in a plaintext
    //    record, RFC 5246 §6.
    let got = raw_exchange(port, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(got, vec![21, 3, 3, 0, 2, 2, 10], "garbage");

    // 2. A record header announcing 512 bytes, 3 of them sent, then FIN: the server closes
    //    without answering (nothing whole arrived to answer).
    let got = raw_exchange(port, &[22, 3, 1, 2, 0, 1, 0, 0]);
    assert_eq!(got, Vec::<u8>::new(), "truncated record");

    // 3. TLS 1.3 only: served in TLS 1.3 (`serve --tls 1.2` answers protocol_version, see
    //    tests/interop_tls13.rs).
    let out = openssl_client(port, &["-tls1_3"]);
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(out.stdout.contains("New, TLSv1.3"), "{out:?}");

    // 4. No suite in common: handshake_failure (40).
    let out = openssl_client(port, &["-tls1_2", "-cipher", "AES256-SHA"]);
    assert_ne!(out.code(), Some(0));
    assert!(out.stderr.contains("alert handshake failure"), "{out:?}");

    // 5. And a good client is served as if nothing happened.
    let mut args = curl_args(port, "/");
    args.extend([
        "-o".into(),
        "/dev/null".into(),
        "-w".into(),
        "%{http_code}".into(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run("curl", &args, b"");
    assert_eq!(out.stdout, "200", "{out:?}");

    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
    assert!(!output.contains("panicked"), "{output}");
    for needle in [
        "[c1] [1] server → client  Alert fatal unexpected_message (10)",
        "[c2]     server ✘ connection: the peer closed the TCP connection during the handshake",
        "[c4] [2] server → client  Alert fatal handshake_failure (40)",
        "(2 handshakes completed, 1 request answered, 0 refused)",
    ] {
        assert!(output.contains(needle), "missing {needle:?} in:\n{output}");
    }
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let (server, port) = serve(&[]);
    // An open, idle connection must not keep the server from stopping.
    let _idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let (status, output) = server.interrupt();
    assert!(status.success(), "{status}: {output}");
    assert!(
        output.contains("tlswalk serve: stopped after 1 connection"),
        "{output}"
    );
}

#[test]
fn a_connection_over_the_bound_is_refused_with_internal_error() {
    use std::sync::{Arc, Mutex};
    use tlswalk::event::{Event, EventSink};
    use tlswalk::net::server::{HttpsServer, ServeConfig, SinkFactory};
    use tlswalk::pki::Pki;
    use tlswalk::rng::Randomness;
    use tlswalk::tls::server::ServerConfig;

    /// Records every connection's events in one shared list.
    struct Shared(Arc<Mutex<Vec<Event>>>);
    impl EventSink for Shared {
        fn emit(&mut self, e: Event) {
            self.0.lock().unwrap().push(e);
        }
    }
    let pki = Pki::load(pki_dir()).unwrap();
    let tls = ServerConfig::new(vec![pki.server.cert_der.clone()], pki.server.key.clone());
    let mut config = ServeConfig::new(tls, Randomness::Seeded(3));
    config.max_concurrent = 1;
    config.max_connections = Some(2);
    let server = HttpsServer::bind("127.0.0.1:0", config).unwrap();
    let port = server.local_addr().unwrap().port();
    let events = Arc::new(Mutex::new(Vec::new()));
    let recorded = events.clone();
    let sinks: Arc<SinkFactory> =
        Arc::new(move |_| Box::new(Shared(recorded.clone())) as Box<dyn EventSink + Send>);
    let stopper = server.stopper();
    let running = std::thread::spawn(move || server.run(sinks));

    // The first connection holds the only slot and is working: its ClientHello is in and
    // answered, and it sits in the handshake (a connection that sent nothing would be shed
    // to make room instead).
    let mut first = TcpStream::connect(("127.0.0.1", port)).unwrap();
    first.write_all(&client_hello("localhost")).unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut flight = [0u8; 5];
    first
        .read_exact(&mut flight)
        .expect("the server answers the ClientHello");
    assert_eq!(flight[0], 22, "a handshake record (ServerHello)");
    // The second is turned away at once with a fatal internal_error (80) alert.
    let got = raw_exchange(port, &[22, 3, 1, 0, 1, 1]);
    assert_eq!(got, vec![21, 3, 3, 0, 2, 2, 80]);
    drop(first);
    let summary = running.join().unwrap();
    stopper.stop();
    assert_eq!((summary.connections, summary.refused), (2, 1));
    let narrator = tlswalk::narrator::Narrator::default();
    let text: Vec<String> = events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match &e.kind {
            tlswalk::event::EventKind::Phase { topic } => Some(narrator.card(topic).title),
            _ => None,
        })
        .collect();
    let text = text.join("\n");
    assert!(
        text.contains("refused, the limit of 1 open connections is reached"),
        "{text}"
    );
}

/// RFC 5246 §7.2.2: after a fatal alert the connection is over. The server sends its FIN right
/// behind the alert, without waiting for the client to close first: a client that keeps its
/// socket open still sees the end of the stream.
#[test]
fn after_a_fatal_alert_the_server_closes_at_once() {
    let (server, port) = serve(&["--max-connections", "1"]);
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    // A whole ClientHello whose session_id claims 32 bytes where none remain: decode_error (50).
    let mut body = vec![3, 3];
    body.extend_from_slice(&[0; 32]);
    body.push(32);
    let mut hello = vec![22, 3, 1, 0, 4 + body.len() as u8, 1, 0, 0, body.len() as u8];
    hello.extend_from_slice(&body);
    tcp.write_all(&hello).unwrap();
    let started = std::time::Instant::now();
    // Long enough for the server's old half-second wait to show, short of the drain deadline
    // the test would otherwise hide behind.
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut got = Vec::new();
    tcp.read_to_end(&mut got)
        .expect("the server closes the connection: end of stream, not a timeout");
    let waited = started.elapsed();
    assert_eq!(
        got,
        vec![21, 3, 3, 0, 2, 2, 50],
        "decode_error, then the end"
    );
    // The FIN follows the alert at once; the old behaviour waited 500 ms for the client.
    assert!(
        waited < Duration::from_millis(400),
        "the FIN came {waited:?} after the ClientHello"
    );
    drop(tcp);
    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
}

/// `connect` tells the response before the server's close_notify, whatever way the bytes were
/// split into reads (they often come in one).
#[test]
fn connect_tells_the_response_before_the_servers_close_notify() {
    let runs = 4;
    let (server, port) = serve(&["--max-connections", &runs.to_string()]);
    let url = format!("https://localhost:{port}/echo");
    let ca = ca_pem();
    for _ in 0..runs {
        let out = run_within(
            TLSWALK,
            &["connect", &url, "--cacert", &ca, "--color", "never"],
            b"",
            Duration::from_secs(30),
        );
        let text = out.stdout.clone();
        assert_eq!(out.status.code(), Some(0), "{text}");
        let response = text.find("server → client  HTTP response");
        let alert = text.find("server → client  Alert warning close_notify");
        assert!(
            matches!((response, alert), (Some(r), Some(a)) if r < a),
            "the response must come before the server's close_notify:\n{text}"
        );
    }
    drop(server);
}
