//! Benchmark: tlswalk's HTTPS server next to `openssl s_server`, same machine, same run, same
//! certificate and key.
//!
//! ```text
//! cargo run --release --example bench_net            # 5 s of handshakes, 200 MB downloads
//! cargo run --release --example bench_net -- 2 50    # 2 s, 50 MB (a quick look)
//! ```
//!
//! * handshakes per second: `openssl s_time -connect … -new -time T -cipher AES128-GCM-SHA256`
//!   (a new full handshake per connection, one at a time), then one such client per core at once
//!   (a server that uses every core keeps up);
//! * download throughput: `curl -o /dev/null -w '%{speed_download}'` of `/bytes/N` from
//!   tlswalk and of an N-byte file from `openssl s_server -WWW`, median of three.
//!
//! The tlswalk server runs in this process (the same `HttpsServer` `tlswalk serve` runs) with
//! narration off, as `serve` without `--verbose` runs the record layer. Needs openssl and
//! curl on the PATH.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tlswalk::event::{Discard, EventSink};
use tlswalk::net::server::{HttpsServer, ServeConfig, SinkFactory};
use tlswalk::rng::Randomness;
use tlswalk::tls::server::ServerConfig;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(5);
    let megabytes: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let size = megabytes * 1_000_000;
    for tool in ["openssl", "curl"] {
        if Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            eprintln!("bench_net needs {tool} on the PATH");
            std::process::exit(2);
        }
    }

    let dir = std::env::temp_dir().join(format!("tlswalk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let pki = tlswalk::pki::generate(&Randomness::Seeded(7), &[], &mut Discard).expect("PKI");
    pki.save(&dir, true).expect("save PKI");
    write_file(&dir.join("file.bin"), size);

    // tlswalk, in this process, narration off.
    // As `serve` runs it: the RSA private operation in AWS-LC.
    let tls = ServerConfig::new(vec![pki.server.cert_der.clone()], pki.server.key.clone())
        .with_constant_time_rsa();
    let server =
        HttpsServer::bind("127.0.0.1:0", ServeConfig::new(tls, Randomness::Os)).expect("bind");
    let ours = server.local_addr().expect("addr").port();
    let stopper = server.stopper();
    let sinks: Arc<SinkFactory> = Arc::new(|_| Box::new(Discard) as Box<dyn EventSink + Send>);
    let running = std::thread::spawn(move || server.run(sinks));

    // OpenSSL, serving files from the temp dir.
    let theirs = free_port();
    let mut s_server = Command::new("openssl")
        .current_dir(&dir)
        .args([
            "s_server",
            "-accept",
            &theirs.to_string(),
            "-tls1_2",
            "-cipher",
            "AES128-GCM-SHA256",
            "-cert",
            "server.pem",
            "-key",
            "server.key",
            "-WWW",
            "-quiet",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    wait_listening(theirs);

    println!("Measuring: {seconds} s of handshakes each, {megabytes} MB downloads (median of 3)…");
    let hs_ours = handshakes(ours, seconds, 1);
    let hs_theirs = handshakes(theirs, seconds, 1);
    // As many clients at once as the machine has cores: a server that uses every core keeps up.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let par_ours = handshakes(ours, seconds, cores);
    let par_theirs = handshakes(theirs, seconds, cores);
    let ca = dir.join("ca.pem");
    let dl_ours = median3(|| download(&ca, &format!("https://localhost:{ours}/bytes/{size}")));
    let dl_theirs = median3(|| download(&ca, &format!("https://localhost:{theirs}/file.bin")));

    let _ = s_server.kill();
    let _ = s_server.wait();
    stopper.stop();
    let _ = running.join();
    let _ = std::fs::remove_dir_all(&dir);

    println!();
    println!(
        "{:<34} {:>14} {:>18} {:>8}",
        "measure", "tlswalk serve", "openssl s_server", "ratio"
    );
    println!(
        "{:<34} {:>14.0} {:>18.0} {:>7.2}×",
        "handshakes/s (s_time -new)",
        hs_ours,
        hs_theirs,
        hs_ours / hs_theirs
    );
    println!(
        "{:<34} {:>14.0} {:>18.0} {:>7.2}×",
        format!("handshakes/s ({cores} s_time at once)"),
        par_ours,
        par_theirs,
        par_ours / par_theirs
    );
    println!(
        "{:<34} {:>14.0} {:>18.0} {:>7.2}×",
        format!("download MB/s (curl, {megabytes} MB)"),
        dl_ours / 1e6,
        dl_theirs / 1e6,
        dl_ours / dl_theirs
    );
    println!();
    println!(
        "Both servers: TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256, the same RSA-2048 key, loopback, {} cores.",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}

/// A file of `size` bytes (the /bytes pattern, so both servers send the same kind of data).
fn write_file(path: &Path, size: u64) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create file"));
    let block = tlswalk::net::site::pattern_chunk();
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        f.write_all(&block[..n]).expect("write file");
        left -= n as u64;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind")
        .port()
}

fn wait_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s_server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Full handshakes per second of wall time, from `clients` runs of `openssl s_time -new` at once.
fn handshakes(port: u16, seconds: u64, clients: usize) -> f64 {
    let started = Instant::now();
    let runs: Vec<_> = (0..clients)
        .map(|_| std::thread::spawn(move || s_time(port, seconds)))
        .collect();
    let n: f64 = runs.into_iter().map(|r| r.join().expect("s_time")).sum();
    n / started.elapsed().as_secs_f64()
}

/// The number of connections one `openssl s_time -new` run made.
fn s_time(port: u16, seconds: u64) -> f64 {
    let out = Command::new("openssl")
        .args([
            "s_time",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-new",
            "-time",
            &seconds.to_string(),
            "-cipher",
            "AES128-GCM-SHA256",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("openssl s_time");
    let text = String::from_utf8_lossy(&out.stdout);
    // "1234 connections in 4.88s; 252.87 connections/user sec, bytes read 0"
    text.lines()
        .find(|l| l.contains("connections in") && l.contains("user sec"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected s_time output:\n{text}"))
}

/// Bytes per second curl measured for one download.
fn download(ca: &Path, url: &str) -> f64 {
    let out = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--max-time",
            "120",
            "--tls-max",
            "1.2",
            "--ciphers",
            "AES128-GCM-SHA256",
            "--cacert",
            ca.to_str().expect("utf-8 path"),
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{speed_download}",
            url,
        ])
        .output()
        .expect("curl");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    assert_eq!(
        parts.next(),
        Some("200"),
        "{url}: {text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parts.next().and_then(|s| s.parse().ok()).expect("speed")
}

fn median3(mut f: impl FnMut() -> f64) -> f64 {
    let mut v = [f(), f(), f()];
    v.sort_by(|a, b| a.total_cmp(b));
    v[1]
}
