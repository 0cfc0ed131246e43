//! Benchmarks for the handshake walk, measured side by side with OpenSSL in the same run.
//!
//! ```text
//! cargo run --release --example bench_walk
//! ```
//!
//! Prints, each with OpenSSL's figure and the ratio (higher is better for tlswalk):
//! * RSA-2048 key generation, median over 20 seeds, against `openssl genrsa 2048`;
//! * the whole walk with key generation, against two `openssl genrsa 2048` runs;
//! * the walk with a ready PKI;
//! * RSA decryption of the pre-master secret, by hand (the walk) and in AWS-LC (`serve`), against
//!   `openssl speed rsa2048` (private ops/s);
//! * AES-128-GCM record seal/open on 16 KiB records, both providers, against
//!   `openssl speed -evp aes-128-gcm -bytes 16384`;
//! * the server reading the largest legal ClientHello, in full records and in 100-byte ones;
//! * the walk's peak memory (VmHWM of this process right after one walk).

use rsa::RsaPrivateKey;
use std::process::Command;
use std::time::{Duration, Instant};
use tlswalk::crypto::aead::{GcmKey, Provider};
use tlswalk::crypto::rsa_kx;
use tlswalk::event::Discard;
use tlswalk::rng::Randomness;
use tlswalk::scenario::walk::{WalkOptions, walk, walk_with_pki};
use tlswalk::tls::record_layer::{CipherState, aad, gcm_nonce};
use tlswalk::wire::enums::{ContentType, ProtocolVersion};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// A ClientHello whose extensions block is 2^16 - 1 bytes: renegotiation_info and padding.
fn big_client_hello() -> Vec<u8> {
    use tlswalk::wire::client_hello::ClientHello;
    use tlswalk::wire::enums::CipherSuite;
    use tlswalk::wire::extension::Extension;
    use tlswalk::wire::handshake::{HandshakeMessage, HandshakePayload};
    // 5 bytes for renegotiation_info, 4 for the padding extension's header.
    let padding = (1 << 16) - 1 - 5 - 4;
    let ch = ClientHello {
        client_version: ProtocolVersion::TLS1_2,
        random: [7; 32],
        session_id: Vec::new(),
        cipher_suites: vec![CipherSuite::TLS_RSA_WITH_AES_128_GCM_SHA256],
        compression_methods: vec![0],
        extensions: Some(vec![
            Extension::renegotiation_info_empty(),
            Extension::padding(padding),
        ]),
    };
    HandshakeMessage::new(HandshakePayload::ClientHello(ch)).raw
}

fn row(what: &str, ours: &str, theirs: &str, ratio: f64) {
    println!("{what:<44} {ours:>16} {theirs:>18} {ratio:>8.2}×");
}

fn openssl(args: &[&str]) -> String {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is needed for the comparison");
    assert!(out.status.success(), "openssl {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    // Memory first, before the benchmarks allocate anything of their own.
    walk(&WalkOptions::new(Randomness::Seeded(1)), &mut Discard).expect("walk");
    let peak = peak_rss_kib();

    println!(
        "{:<44} {:>16} {:>18} {:>9}",
        "benchmark", "tlswalk", "OpenSSL", "ratio"
    );
    println!("{}", "-".repeat(90));

    // RSA-2048 key generation: median over 20 seeds vs 20 `openssl genrsa 2048` runs.
    let ours: Vec<Duration> = (0..20u64)
        .map(|seed| {
            let mut rng = Randomness::Seeded(seed).stream("bench-key");
            let t = Instant::now();
            RsaPrivateKey::new(&mut rng, 2048).expect("keygen");
            t.elapsed()
        })
        .collect();
    let theirs: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            openssl(&["genrsa", "2048"]);
            t.elapsed()
        })
        .collect();
    let (ko, kt) = (median(ours), median(theirs));
    row(
        "RSA-2048 key generation (median of 20)",
        &ms(ko),
        &ms(kt),
        kt.as_secs_f64() / ko.as_secs_f64(),
    );

    // The whole walk, key generation included (two keys), vs two genrsa runs.
    let walks: Vec<Duration> = (0..10u64)
        .map(|seed| {
            let t = Instant::now();
            walk(
                &WalkOptions::new(Randomness::Seeded(100 + seed)),
                &mut Discard,
            )
            .expect("walk");
            t.elapsed()
        })
        .collect();
    let w = median(walks);
    row(
        "walk incl. 2 key generations (median of 10)",
        &ms(w),
        &ms(kt * 2),
        (kt * 2).as_secs_f64() / w.as_secs_f64(),
    );

    // The walk with a ready PKI.
    let pki = tlswalk::pki::generate(&Randomness::Seeded(1), &[], &mut Discard).expect("pki");
    let walks: Vec<Duration> = (0..50u64)
        .map(|seed| {
            let t = Instant::now();
            walk_with_pki(
                &WalkOptions::new(Randomness::Seeded(seed)),
                &pki,
                &mut Discard,
            )
            .expect("walk");
            t.elapsed()
        })
        .collect();
    let w = median(walks);
    println!(
        "{:<44} {:>16} {:>18}",
        "walk with a ready PKI (median of 50)",
        ms(w),
        "-"
    );

    // RSA decryption of the pre-master secret (blinded, with the RFC 5246 §7.4.7.1 checks).
    let key = &pki.server.key;
    let mut rng = Randomness::Seeded(2).stream("bench");
    let ct = rsa_kx::encrypt_pkcs1_v15(&key.to_public_key(), &[3u8; 48], &mut rng)
        .expect("encrypt")
        .ciphertext;
    let n = 300;
    // The server's path: blinding factors cached across handshakes.
    let blinding = std::sync::Mutex::new(None);
    let t = Instant::now();
    for _ in 0..n {
        rsa_kx::server_pre_master_with(key, Some(&blinding), &ct, [3, 3], &mut rng);
    }
    let ours_rate = n as f64 / t.elapsed().as_secs_f64();
    let speed = openssl(&["speed", "-seconds", "3", "rsa2048"]);
    let theirs_rate: f64 = speed
        .lines()
        .find(|l| l.starts_with("rsa 2048 bits"))
        .and_then(|l| l.split_whitespace().nth(5)?.parse().ok())
        .expect("openssl speed rsa2048 output");
    row(
        "RSA-2048 private ops/s, by hand (the walk)",
        &format!("{ours_rate:.0}/s"),
        &format!("{theirs_rate:.0}/s"),
        ours_rate / theirs_rate,
    );
    // serve's path: the same recipe with the private operation in AWS-LC.
    let fast = tlswalk::crypto::rsa_constant_time::ConstantTimeRsa::new(key).expect("AWS-LC key");
    let n = 2000;
    let t = Instant::now();
    for _ in 0..n {
        fast.server_pre_master(&ct, [3, 3], &mut rng);
    }
    let fast_rate = n as f64 / t.elapsed().as_secs_f64();
    row(
        "RSA-2048 private ops/s, AWS-LC (serve)",
        &format!("{fast_rate:.0}/s"),
        &format!("{theirs_rate:.0}/s"),
        fast_rate / theirs_rate,
    );

    // The server's share of one handshake, in memory (no sockets), configured as `serve` is.
    let config = tlswalk::tls::server::ServerConfig::new(
        vec![pki.server.cert_der.clone()],
        pki.server.key.clone(),
    )
    .with_constant_time_rsa();
    let trust = tlswalk::pki::verify::TrustStore {
        anchors: vec![pki.ca.cert_der.clone()],
    };
    let mut server_time = Duration::ZERO;
    let rounds = 200u32;
    for i in 0..rounds {
        let r = Randomness::Seeded(1000 + i as u64);
        let mut c = tlswalk::tls::client::Client::new(
            tlswalk::tls::client::ClientConfig::new(
                "localhost",
                tlswalk::tls::client::Verification::Verify(trust.clone()),
                r.clock(),
            ),
            r.stream("client"),
        );
        c.start(&mut Discard);
        let t = Instant::now();
        let mut s = tlswalk::tls::server::Server::new(config.clone(), r.stream("server"));
        s.read_tls(&c.take_outgoing(), &mut Discard).expect("hello");
        let flight = s.take_outgoing();
        server_time += t.elapsed();
        c.read_tls(&flight, &mut Discard).expect("flight");
        let answer = c.take_outgoing();
        let t = Instant::now();
        s.read_tls(&answer, &mut Discard).expect("finished");
        let _ = s.take_outgoing();
        server_time += t.elapsed();
    }
    let per = server_time / rounds;
    println!(
        "{:<44} {:>16} {:>18}",
        "server side of one handshake (in memory)",
        format!("{:.2} ms", per.as_secs_f64() * 1e3),
        format!("RSA: {:.2} ms", 1e3 / fast_rate)
    );

    // The largest legal ClientHello: 2^16 - 1 bytes of extensions (RFC 5246 §7.4.1.2), sent in
    // full records and in 100-byte fragments (every record a separate read).
    for fragment in [1usize << 14, 100] {
        let hello = big_client_hello();
        let mut bytes = Vec::new();
        for chunk in hello.chunks(fragment) {
            bytes.extend_from_slice(&[ContentType::HANDSHAKE.0, 3, 3]);
            bytes.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
            bytes.extend_from_slice(chunk);
        }
        let records = hello.len().div_ceil(fragment);
        let mut times: Vec<Duration> = (0..20)
            .map(|i| {
                let mut s = tlswalk::tls::server::Server::new(
                    config.clone(),
                    Randomness::Seeded(i).stream("server"),
                );
                let t = Instant::now();
                for rec in bytes.chunks(5 + fragment) {
                    s.read_tls(rec, &mut Discard).expect("a legal ClientHello");
                }
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{:<44} {:>16} {:>18}",
            format!("64 KiB ClientHello in {records} records (median)"),
            format!("{:.2} ms", times[times.len() / 2].as_secs_f64() * 1e3),
            "-"
        );
    }

    // Record seal/open on 16 KiB records.
    let speed = openssl(&[
        "speed",
        "-seconds",
        "3",
        "-bytes",
        "16384",
        "-evp",
        "aes-128-gcm",
    ]);
    let theirs_mbs: f64 = speed
        .lines()
        .last()
        .and_then(|l| {
            l.split_whitespace()
                .last()?
                .trim_end_matches('k')
                .parse::<f64>()
                .ok()
        })
        .map(|k| k * 1000.0 / 1e6)
        .expect("openssl speed aes-128-gcm output");
    let plain = vec![0x5au8; 16384];
    for provider in [Provider::Ring, Provider::RustCrypto] {
        let mut w = CipherState::new(provider, &[7; 16], [1; 4]);
        let budget = Duration::from_secs(2);
        let t = Instant::now();
        let mut bytes = 0usize;
        let mut records = Vec::new();
        while t.elapsed() < budget {
            let r = w.seal(
                ContentType::APPLICATION_DATA,
                &plain,
                tlswalk::event::Actor::Server,
                &mut Discard,
            );
            bytes += plain.len();
            if records.len() < 64 {
                records.push(r);
            }
        }
        let seal = bytes as f64 / t.elapsed().as_secs_f64() / 1e6;
        row(
            &format!("seal 16 KiB records, {provider:?} (MB/s)"),
            &format!("{seal:.0}"),
            &format!("{theirs_mbs:.0}"),
            seal / theirs_mbs,
        );
        // Open: the GCM key without the sequence bookkeeping, on the same nonce/AAD each time.
        let key = GcmKey::new(provider, &[7; 16]);
        let nonce = gcm_nonce(&[1; 4], &0u64.to_be_bytes());
        let additional = aad(
            0,
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLS1_2,
            plain.len(),
        );
        let sealed = key.seal(&nonce, &additional, &plain);
        let t = Instant::now();
        let mut bytes = 0usize;
        let mut buf = Vec::with_capacity(sealed.len());
        while t.elapsed() < budget {
            buf.clear();
            buf.extend_from_slice(&sealed);
            key.open_in_place(&nonce, &additional, &mut buf)
                .expect("open");
            bytes += plain.len();
        }
        let open = bytes as f64 / t.elapsed().as_secs_f64() / 1e6;
        row(
            &format!("open 16 KiB records, {provider:?} (MB/s)"),
            &format!("{open:.0}"),
            &format!("{theirs_mbs:.0}"),
            open / theirs_mbs,
        );
    }
    println!(
        "{:<44} {:>16} {:>18}",
        "peak memory of one walk (VmHWM)",
        format!("{:.1} MiB", peak as f64 / 1024.0),
        "-"
    );
}
