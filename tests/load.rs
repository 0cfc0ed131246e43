//! `serve` and `mitm-proxy` under load and attack, on loopback, every loop bounded.
//!
//! * Idle sockets (reopened when the server drops them) and ClientHellos sent a byte at a time
//!   hold more connections than the server admits; a real `curl` is still served within 3 s,
//!   because idle and half-open connections are shed to make room, oldest first.
//! * A ClientHello sent a byte every 200 ms is cut off at the handshake deadline, progress or
//!   not.
//! * A client that reads its response slowly (a few KiB at a time, never stalling a write for
//!   a whole idle limit) is cut off when one flush outlasts the idle limit.
//! * `mitm-proxy` serves `curl -k` within 3 s while idle sockets sit on it.
//!
//! Needs curl; fails (never skips) without it.

mod serve_support;

use serve_support::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use tlswalk::event::{Event, EventKind, EventSink, NetTopic, Topic};
use tlswalk::net::Limits;
use tlswalk::net::server::{HttpsServer, ServeConfig, SinkFactory, Stopper, Summary};
use tlswalk::pki::Pki;
use tlswalk::rng::Randomness;
use tlswalk::tls::server::ServerConfig;

/// How long a real client may wait for its answer while the server is under attack.
const SERVED_WITHIN: Duration = Duration::from_secs(3);

/// Every connection's events, in one list.
#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<Vec<Event>>>);

impl EventSink for Recorded {
    fn emit(&mut self, e: Event) {
        self.0.lock().unwrap().push(e);
    }
}

impl Recorded {
    /// How many connections were narrated as shed to make room.
    fn shed(&self) -> usize {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|e| {
                matches!(
                    &e.kind,
                    EventKind::Phase {
                        topic: Topic::Net(NetTopic::ConnectionShed { .. })
                    }
                )
            })
            .count()
    }
}

/// An in-process `serve` (the same `HttpsServer` the command runs) with `limit` slots.
fn start_server(
    limit: usize,
    limits: Limits,
) -> (u16, Stopper, Recorded, thread::JoinHandle<Summary>) {
    let pki = Pki::load(pki_dir()).unwrap();
    let tls = ServerConfig::new(vec![pki.server.cert_der.clone()], pki.server.key.clone());
    let mut config = ServeConfig::new(tls, Randomness::Os);
    config.max_concurrent = limit;
    config.limits = limits;
    let server = HttpsServer::bind("127.0.0.1:0", config).unwrap();
    let port = server.local_addr().unwrap().port();
    let stopper = server.stopper();
    let recorded = Recorded::default();
    let r = recorded.clone();
    let sinks: Arc<SinkFactory> =
        Arc::new(move |_| Box::new(r.clone()) as Box<dyn EventSink + Send>);
    let running = thread::spawn(move || server.run(sinks));
    (port, stopper, recorded, running)
}

/// Attackers on `port` until dropped: `idle` sockets that send nothing and `slow` sockets that
/// send a real ClientHello one byte every 200 ms. A socket the server closes is reopened.
struct Attack {
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<u64>>,
}

impl Attack {
    fn start(port: u16, idle: usize, slow: usize) -> Attack {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let hello = client_hello("localhost");
        let open = move || {
            let s = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
            s.set_nonblocking(true).ok()?;
            Some(s)
        };
        let thread = thread::spawn(move || {
            // (socket, bytes of the ClientHello sent; usize::MAX: an idle one)
            let mut socks: Vec<(Option<TcpStream>, usize)> = Vec::new();
            socks.extend((0..idle).map(|_| (open(), usize::MAX)));
            socks.extend((0..slow).map(|_| (open(), 0)));
            let mut reopened = 0u64;
            let mut buf = [0u8; 256];
            while !flag.load(Ordering::SeqCst) {
                for (sock, sent) in socks.iter_mut() {
                    let alive = sock.as_mut().is_some_and(|s| {
                        if *sent != usize::MAX
                            && *sent < hello.len()
                            && s.write(&hello[*sent..*sent + 1]).is_ok()
                        {
                            *sent += 1;
                        }
                        match s.read(&mut buf) {
                            Ok(0) => false,
                            Ok(_) => true,
                            Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
                        }
                    });
                    if !alive {
                        *sock = open();
                        if *sent != usize::MAX {
                            *sent = 0;
                        }
                        reopened += 1;
                    }
                }
                thread::sleep(Duration::from_millis(200));
            }
            reopened
        });
        Attack {
            stop,
            thread: Some(thread),
        }
    }

    /// Stop; returns how many sockets the server closed and the attack reopened.
    fn stop(mut self) -> u64 {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.take().unwrap().join().unwrap()
    }
}

impl Drop for Attack {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// `curl` for `path` on `port`; returns its HTTP status and how long it took.
fn timed_curl(port: u16, path: &str, extra: &[&str]) -> (String, Duration) {
    let mut args = curl_args(port, path);
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend([
        "-o".into(),
        "/dev/null".into(),
        "-w".into(),
        "%{http_code}".into(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let started = Instant::now();
    let out = run_within("curl", &args, b"", Duration::from_secs(30));
    (
        format!("{} {}", out.stdout, out.stderr.trim()),
        started.elapsed(),
    )
}

#[test]
fn idle_sockets_and_slow_client_hellos_do_not_keep_curl_out() {
    require("curl");
    const LIMIT: usize = 16;
    let (port, stopper, recorded, running) = start_server(LIMIT, Limits::default());
    // One and a half times as many attackers as slots: on their own they would hold every
    // slot, and the server sheds one every few milliseconds.
    let attack = Attack::start(port, LIMIT, LIMIT / 2);
    thread::sleep(Duration::from_millis(600));
    for round in 0..3 {
        let (status, took) = timed_curl(port, "/", &[]);
        assert!(
            status.starts_with("200"),
            "round {round}: curl got {status}"
        );
        assert!(
            took < SERVED_WITHIN,
            "round {round}: curl waited {took:?} under attack"
        );
    }
    let reopened = attack.stop();
    assert!(reopened > 0, "the server must have shed attackers");
    stopper.stop();
    let summary = running.join().unwrap();
    assert!(summary.shed > 0, "{summary:?}");
    assert_eq!(summary.requests, 3, "{summary:?}");
    assert_eq!(
        recorded.shed() as u64,
        summary.shed,
        "each shed connection is narrated"
    );
}

#[test]
fn a_client_hello_a_byte_at_a_time_is_cut_off_at_the_handshake_deadline() {
    let limits = Limits {
        handshake_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let (port, stopper, _recorded, running) = start_server(4, limits);
    let hello = client_hello("localhost");
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 64];
    // A byte every 100 ms is steady progress: only a deadline for the whole handshake ends it.
    let closed_after = loop {
        let elapsed = started.elapsed();
        assert!(
            elapsed < Duration::from_secs(5),
            "still open after {elapsed:?}"
        );
        let sent = (elapsed.as_millis() / 100) as usize;
        if sent < hello.len() - 1 {
            let _ = tcp.write_all(&hello[sent..sent + 1]);
        }
        match tcp.read(&mut buf) {
            Ok(0) => break elapsed,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => break elapsed,
        }
    };
    assert!(
        closed_after >= Duration::from_millis(900) && closed_after < Duration::from_secs(3),
        "closed after {closed_after:?}, the handshake deadline is 1 s"
    );
    stopper.stop();
    running.join().unwrap();
}

/// A peer on a bad link: it takes at most 1 KiB per system call and each call takes 200 ms,
/// always well within the socket's write timeout (a call that would outlast it gives up at
/// the timeout, as the kernel's does).
struct SlowLink {
    write_timeout: Option<Duration>,
    taken: usize,
}

impl Read for SlowLink {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Ok(0)
    }
}

impl Write for SlowLink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let per_call = Duration::from_millis(200);
        match self.write_timeout {
            Some(t) if t < per_call => {
                thread::sleep(t);
                Err(std::io::ErrorKind::WouldBlock.into())
            }
            _ => {
                thread::sleep(per_call);
                let n = buf.len().min(1024);
                self.taken += n;
                Ok(n)
            }
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl tlswalk::net::Socket for SlowLink {
    fn set_read_timeout(&mut self, _: Option<Duration>) -> std::io::Result<()> {
        Ok(())
    }
    fn set_write_timeout(&mut self, t: Option<Duration>) -> std::io::Result<()> {
        self.write_timeout = t;
        Ok(())
    }
    fn shutdown_write(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A connected endpoint that sends application data as it is (the driver is under test here,
/// not the record layer).
#[derive(Default)]
struct Plain {
    out: Vec<u8>,
}

impl tlswalk::net::Endpoint for Plain {
    fn read_tls(
        &mut self,
        _: &[u8],
        _: &mut dyn EventSink,
    ) -> Result<(), tlswalk::error::TlsError> {
        Ok(())
    }
    fn take_outgoing(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
    fn is_handshaking(&self) -> bool {
        false
    }
    fn is_connected(&self) -> bool {
        true
    }
    fn peer_closed(&self) -> bool {
        false
    }
    fn take_app_data(&mut self) -> Vec<u8> {
        Vec::new()
    }
    fn send_app_data(&mut self, data: &[u8], _: &mut dyn EventSink) {
        self.out.extend_from_slice(data);
    }
    fn close(&mut self, _: &mut dyn EventSink) {}
    fn secrets(&self) -> Option<&tlswalk::tls::session::SessionSecrets> {
        None
    }
}

#[test]
fn a_write_the_peer_takes_a_trickle_of_is_cut_off_at_the_idle_limit() {
    use tlswalk::net::{NetError, TlsStream};
    let limits = Limits {
        idle_timeout: Duration::from_secs(1),
        ..Limits::default()
    };
    let link = SlowLink {
        write_timeout: None,
        taken: 0,
    };
    let mut s = TlsStream::new(link, Plain::default(), limits).unwrap();
    // 64 KiB, as serve flushes /bytes/N: 64 calls of 200 ms each, every one within the
    // socket's timeout. A timeout per call would let this run for 13 s; the deadline is for
    // the whole write.
    let started = Instant::now();
    let r = s.write(&[0x5a; 64 * 1024], &mut tlswalk::event::Discard);
    let took = started.elapsed();
    assert!(
        matches!(r, Err(NetError::Timeout { .. })),
        "{:?} after {took:?}",
        r.map(|()| s.socket().taken)
    );
    assert!(
        took < Duration::from_millis(1500),
        "cut off after {took:?}, the limit is 1 s"
    );
    assert!(s.socket().taken < 8 * 1024, "{} bytes", s.socket().taken);
}

/// `tlswalk mitm-proxy` in front of `tlswalk serve`; returns both and the proxy's port.
fn start_proxy(extra: &[&str]) -> (Running, Running, u16) {
    let (upstream, up_port) = serve(&[]);
    let mallory = temp_dir("load-mallory");
    let mut args = vec![
        "mitm-proxy".to_string(),
        "--listen".into(),
        "127.0.0.1:0".into(),
        "--upstream".into(),
        format!("127.0.0.1:{up_port}"),
        "--pki".into(),
        mallory.to_str().unwrap().into(),
        "--seed".into(),
        "5".into(),
        "--color".into(),
        "never".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut proxy = Running::start(TLSWALK, &args);
    let line = proxy.wait_for("listening on");
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    (upstream, proxy, port)
}

#[test]
fn mitm_proxy_serves_curl_while_idle_sockets_sit_on_it() {
    require("curl");
    let (_upstream, proxy, port) = start_proxy(&["--max-concurrent", "8"]);
    let attack = Attack::start(port, 12, 4);
    thread::sleep(Duration::from_millis(400));
    for round in 0..2 {
        let (status, took) = timed_curl(port, "/", &["-k"]);
        assert!(
            status.starts_with("200"),
            "round {round}: curl got {status}; proxy said:\n{}",
            proxy.output()
        );
        assert!(took < SERVED_WITHIN, "round {round}: curl waited {took:?}");
    }
    attack.stop();
    let said = proxy.output();
    assert!(said.contains("closed to make room"), "{said}");
}

#[test]
fn mitm_proxy_answers_a_malformed_client_hello_as_serve_does() {
    let (_upstream, _proxy, port) = start_proxy(&[]);
    let (_server, serve_port) = serve(&[]);
    // Plaintext HTTP on the TLS port, and a ClientHello whose session_id length (the byte
    // after the record header 5, handshake header 4, version 2 and random 32, RFC 5246
    // §7.4.1.2) runs past the message: serve's state machine answers each with a fatal
    // alert (unexpected_message 10, decode_error 50).
    let mut bad = client_hello("localhost");
    bad[5 + 4 + 2 + 32] = 0xff;
    for bytes in [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), bad] {
        let from = |p: u16| {
            let mut tcp = TcpStream::connect(("127.0.0.1", p)).unwrap();
            tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            tcp.write_all(&bytes).unwrap();
            tcp.shutdown(std::net::Shutdown::Write).unwrap();
            let mut got = Vec::new();
            let _ = tcp.read_to_end(&mut got);
            got
        };
        let (proxied, served) = (from(port), from(serve_port));
        assert_eq!(served.first(), Some(&21), "serve sends an alert");
        assert_eq!(proxied, served, "mitm-proxy answers as serve does");
    }
}
