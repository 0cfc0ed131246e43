//! HTTP/1.1 message framing over real sockets (RFC 9112):
//!
//! * `serve` answers requests whose lines end with a bare LF (§2.2), HTTP/1.0 requests
//!   without a Host header, and pipelined requests, each at once rather than after a timeout.
//! * `connect` reads a chunked response (§7.1) to its last chunk without waiting for the
//!   server to close, and refuses a response with two different Content-Length values (§6.3).
//! * `connect` says in one line, exit code 2, what is wrong with a URL it cannot use.

mod serve_support;

use serve_support::*;
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};
use tlswalk::event::Discard;
use tlswalk::net::stream::{Limits, Received, TlsStream};
use tlswalk::pki::Pki;
use tlswalk::rng::Randomness;
use tlswalk::tls::client::{Client, ClientConfig, Verification};
use tlswalk::tls::server::{Server, ServerConfig};

/// Short limits: a peer that waits for bytes that never come fails the test quickly.
fn limits() -> Limits {
    Limits {
        handshake_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(10),
        max_buffered: 1 << 20,
    }
}

/// Send `request` inside TLS to `serve` on `port` and return everything it answers before it
/// closes.
fn exchange(port: u16, request: &[u8]) -> Vec<u8> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let r = Randomness::Seeded(1);
    let mut client = Client::new(
        ClientConfig::new("localhost", Verification::Insecure, r.clock()),
        r.stream("client"),
    );
    client.start(&mut Discard);
    let mut s = TlsStream::new(tcp, client, limits()).expect("stream");
    s.handshake(&mut Discard).expect("handshake");
    s.write(request, &mut Discard).expect("send the request");
    let mut got = Vec::new();
    loop {
        match s.read(&mut Discard) {
            Ok(Received::Data(d)) => got.extend_from_slice(&d),
            Ok(_) => return got,
            Err(e) => panic!(
                "{e} while waiting for the answer to {:?}; got so far:\n{}",
                String::from_utf8_lossy(request),
                String::from_utf8_lossy(&got)
            ),
        }
    }
}

#[test]
fn serve_answers_bare_lf_http_1_0_without_host_and_pipelined_requests() {
    let (server, port) = serve(&["--max-connections", "3", "--verbose"]);

    // A request line and an empty line ended by bare LFs (RFC 9112 §2.2), HTTP/1.0, no Host.
    let started = Instant::now();
    let got = String::from_utf8(exchange(port, b"GET / HTTP/1.0\n\n")).unwrap();
    assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
    assert!(got.contains("Connection: close\r\n"), "{got}");
    assert!(got.ends_with("</html>\n"), "{got}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered only after {:?}",
        started.elapsed()
    );

    // HTTP/1.0 without Host, CRLF, echoed back exactly as sent.
    let request = b"GET /echo HTTP/1.0\r\nUser-Agent: raw\r\n\r\n";
    let got = exchange(port, request);
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(got.ends_with(request), "{text}");

    // Two pipelined requests in one write, the first with bare LFs; the second closes.
    let got = String::from_utf8(exchange(
        port,
        b"GET /bytes/5 HTTP/1.1\nHost: localhost\n\nGET /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    ))
    .unwrap();
    let first = "HTTP/1.1 200 OK\r\n";
    assert!(got.starts_with(first), "{got}");
    assert!(got.contains("Connection: keep-alive\r\n"), "{got}");
    assert!(
        got.contains("\r\n\r\nabcdeHTTP/1.1 404 Not Found\r\n"),
        "{got}"
    );

    let (status, output) = server.finish();
    assert!(status.success(), "{output}");
    assert!(
        output.contains("(3 handshakes completed, 4 requests answered, 0 refused)"),
        "{output}"
    );
    // The narration says which requests came pipelined.
    assert!(
        output.contains("Request 2 was already here before the answer to the one before it"),
        "{output}"
    );
}

/// A one-connection HTTPS server in this process that answers any request with `response`,
/// then closes (`close`) or keeps the connection open until the client closes it.
fn one_shot_server(response: &'static [u8], close: bool) -> (u16, thread::JoinHandle<()>) {
    let pki = Pki::load_or_create(pki_dir(), &Randomness::Seeded(7), &[], &mut Discard)
        .expect("load the test PKI");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let (tcp, _) = listener.accept().unwrap();
        let server = Server::new(
            ServerConfig::new(vec![pki.server.cert_der.clone()], pki.server.key.clone()),
            Randomness::Seeded(2).stream("server"),
        );
        let limits = Limits {
            idle_timeout: Duration::from_secs(20),
            ..limits()
        };
        let mut s = TlsStream::new(tcp, server, limits).unwrap();
        s.handshake(&mut Discard).expect("server handshake");
        let mut request = Vec::new();
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match s.read(&mut Discard).expect("read the request") {
                Received::Data(d) => request.extend_from_slice(&d),
                _ => return,
            }
        }
        s.write(response, &mut Discard).expect("send the response");
        if close {
            let _ = s.close(&mut Discard);
            s.linger(Duration::from_secs(2), &mut Discard);
            return;
        }
        // Do not close: a client that needs the close to find the end would wait here.
        while let Ok(Received::Data(_)) = s.read(&mut Discard) {}
    });
    (port, handle)
}

fn connect_to(port: u16) -> Output {
    let url = format!("https://localhost:{port}/");
    let ca = ca_pem();
    run_within(
        TLSWALK,
        &["connect", &url, "--cacert", &ca],
        b"",
        Duration::from_secs(30),
    )
}

#[test]
fn connect_reads_a_chunked_response_to_its_last_chunk() {
    // The body "Wikipedia in\r\n\r\nchunks." in three chunks (one with an extension), then
    // the last chunk and a trailer field, as in RFC 9112 §7.1.
    let (port, server) = one_shot_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n\
          4\r\nWiki\r\n5;note=x\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n",
        false,
    );
    let started = Instant::now();
    let out = connect_to(port);
    let took = started.elapsed();
    server.join().unwrap();
    assert_eq!(out.code(), Some(0), "{out:?}");
    assert!(
        took < Duration::from_secs(8),
        "connect waited {took:?}: it did not see the last chunk"
    );
    assert!(
        out.stdout.contains("Transfer-Encoding: chunked"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\r\n0\r\nExpires: never\r\n"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr, "", "{out:?}");
}

#[test]
fn connect_refuses_two_different_content_lengths() {
    let (port, server) = one_shot_server(
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 12\r\n\r\nhello world!",
        false,
    );
    let out = connect_to(port);
    server.join().unwrap();
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the response is not HTTP: conflicting Content-Length headers (5 and 12)"),
        "{}",
        out.stderr
    );
}

#[test]
fn connect_refuses_a_response_cut_short() {
    let (port, server) = one_shot_server(
        b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this",
        true,
    );
    let out = connect_to(port);
    server.join().unwrap();
    assert_eq!(out.code(), Some(1), "{out:?}");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the response ended too early: it brought only 9 of the 50 body bytes"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_urls_are_one_line_and_exit_2() {
    for (url, needle) in [
        (
            "ftp://x",
            "only https:// and wss:// URLs are supported (this is a TLS client), not ftp://",
        ),
        ("https://[::1", "not an IPv6 address"),
        ("https://[nope]:8443/", "not an IPv6 address"),
        (
            "https://localhost:0/",
            "port \"0\" is not a number from 1 to 65535",
        ),
        (
            "https://localhost:65536/",
            "port is not a number from 1 to 65535",
        ),
        ("https://user@localhost/", "user information"),
        ("https://loc al/", "spaces"),
        ("https://a<b/", "not a DNS name"),
        ("https://:8443/", "no host name"),
        ("localhost:8443", "is not a URL"),
    ] {
        let out = run_within(
            TLSWALK,
            &["connect", url, "--insecure"],
            b"",
            Duration::from_secs(30),
        );
        assert_eq!(out.code(), Some(2), "{url}: {out:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{url}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("tlswalk: error: ") && out.stderr.contains(needle),
            "{url}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains(url),
            "{url}: names the value: {}",
            out.stderr
        );
        assert_eq!(out.stdout, "", "{url}");
    }
}
