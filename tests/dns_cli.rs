//! `tlswalk dns`: the modeled lookup's capture through tshark (DNS dissected, UDP, IP and TCP
//! checksums good, no malformed packet), its output byte-identical per seed; `--server`
//! against a real DNS server (dnsmasq, started here on loopback) for an answer, a truncated
//! answer fetched again over TCP, and NXDOMAIN; a server that never answers (timeout, retry,
//! exit 1) and one that sends garbage and a wrong ID first; bad input in one line, exit 2.

mod common;

use common::{run_tlswalk, run_with_deadline, stderr, stdout, temp_dir, tlswalk, tshark};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tlswalk::dns::Message;

/// The DNS messages a JSON run reports, in order, decoded (after TCP's length where framed).
fn messages_of(json: &str) -> Vec<Message> {
    json.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["kind"] == "message" && v["layer"] == "dns")
        .map(|v| {
            let bytes = hex::decode(v["bytes"].as_str().unwrap()).unwrap();
            let framed = v["fields"][0]["name"] == "length";
            Message::decode(if framed { &bytes[2..] } else { &bytes }).unwrap()
        })
        .collect()
}

#[test]
fn the_modeled_capture_is_dns_to_tshark_with_good_checksums() {
    let dir = temp_dir("dns-pcap");
    let pcap = dir.join("dns.pcap");
    let out = run_tlswalk(&[
        "dns",
        "www.example.com",
        "--seed",
        "5",
        "--format",
        "json",
        "--pcap",
        pcap.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ours = messages_of(&stdout(&out));
    assert_eq!(ours.len(), 20);
    let fields = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-o",
        "udp.check_checksum:TRUE",
        "-o",
        "tcp.check_checksum:TRUE",
        "-o",
        "ip.check_checksum:TRUE",
        "-T",
        "fields",
        "-E",
        "separator=|",
        "-e",
        "frame.number",
        "-e",
        "udp.checksum.status",
        "-e",
        "ip.checksum.status",
        "-e",
        "dns.id",
        "-e",
        "dns.flags.response",
        "-e",
        "dns.flags.truncated",
        "-e",
        "dns.flags.rcode",
        "-e",
        "dns.count.answers",
        "-e",
        "_ws.malformed",
        "-e",
        "_ws.expert.severity",
    ]);
    let mut theirs = Vec::new();
    let mut udp = 0;
    for line in fields.lines() {
        let c: Vec<&str> = line.split('|').collect();
        assert_eq!(c[2], "1", "IPv4 checksum not good: {line}");
        if !c[1].is_empty() {
            udp += 1;
            assert_eq!(c[1], "1", "UDP checksum not good: {line}");
        }
        assert!(c[8].is_empty(), "malformed: {line}");
        // Status 1 is "Good". Warnings are 0x00600000 and up; chat-level notes (SYN, FIN) are
        // fine.
        for sev in c[9].split(',').filter(|s| !s.is_empty()) {
            assert!(
                sev.parse::<u32>().unwrap() < 0x0060_0000,
                "expert warning: {line}"
            );
        }
        if !c[3].is_empty() {
            let id = u16::from_str_radix(c[3].trim_start_matches("0x"), 16).unwrap();
            let yes = |v: &str| matches!(v, "1" | "True");
            theirs.push((id, yes(c[4]), yes(c[5]), c[6].to_string(), c[7].to_string()));
        }
    }
    assert_eq!(udp, 18, "18 of the 20 messages go by UDP");
    let expected: Vec<_> = ours
        .iter()
        .map(|m| {
            (
                m.header.id,
                m.header.response,
                m.header.truncated,
                // tshark shows no RCODE for a query.
                if m.header.response {
                    m.header.rcode.to_string()
                } else {
                    String::new()
                },
                if m.header.response {
                    m.answers.len().to_string()
                } else {
                    "0".into()
                },
            )
        })
        .collect();
    assert_eq!(
        theirs, expected,
        "tshark's DNS dissection vs the run's messages"
    );
}

#[test]
fn a_seed_gives_the_same_bytes_every_time() {
    let dir = temp_dir("dns-seed");
    let run = |seed: &str, format: &str, pcap: &Path| {
        let out = run_tlswalk(&[
            "dns",
            "www.example.org",
            "--seed",
            seed,
            "--verbose",
            "--format",
            format,
            "--pcap",
            pcap.to_str().unwrap(),
            "--force",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        (out.stdout, std::fs::read(pcap).unwrap())
    };
    for format in ["text", "json", "html"] {
        let a = run("7", format, &dir.join("a.pcap"));
        let b = run("7", format, &dir.join("b.pcap"));
        assert!(a == b, "--seed 7 --format {format} differs between runs");
        let c = run("8", format, &dir.join("c.pcap"));
        assert!(a.1 != c.1, "another seed, another capture");
    }
}

/// dnsmasq on a free loopback port, serving `records` (name, IPv4) with TTL 300 and
/// answering NXDOMAIN for other names under `tlswalk.test`; killed when dropped.
struct Dnsmasq {
    child: Child,
    addr: SocketAddr,
}

impl Dnsmasq {
    fn start(records: &[(&str, String)]) -> Dnsmasq {
        let program = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq"]
            .into_iter()
            .find(|p| Path::new(p).is_file())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("PATH").and_then(|p| {
                    std::env::split_paths(&p)
                        .map(|d| d.join("dnsmasq"))
                        .find(|d| d.is_file())
                })
            })
            .expect("dnsmasq is not installed: the --server tests need it (.ci/run installs it)");
        // A port free for both UDP and TCP, found by binding both and letting go.
        let port = loop {
            let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
            let port = udp.local_addr().unwrap().port();
            if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
                break port;
            }
        };
        let dir = temp_dir("dnsmasq");
        let mut cmd = Command::new(program);
        cmd.args([
            "--keep-in-foreground",
            "--no-resolv",
            "--no-hosts",
            "--bind-interfaces",
            "--listen-address=127.0.0.1",
            "--user=root",
            "--local=/tlswalk.test/",
            "--local-ttl=300",
            "--log-facility=-",
        ])
        .arg(format!("--port={port}"))
        .arg(format!("--pid-file={}", dir.join("pid").display()));
        for (name, ip) in records {
            cmd.arg(format!("--host-record={name},{ip}"));
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dnsmasq starts");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(Instant::now() < deadline, "dnsmasq did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        Dnsmasq { child, addr }
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dns_at(server: &str, name: &str, extra: &[&str], lang: &str) -> std::process::Output {
    let mut cmd = tlswalk();
    cmd.args(["dns", name, "--server", server])
        .args(extra)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    run_with_deadline(&mut cmd, Duration::from_secs(30))
}

#[test]
fn real_lookups_against_dnsmasq() {
    let mut records = vec![("www.tlswalk.test", "192.0.2.77".to_string())];
    for i in 1..=40 {
        records.push(("pool.tlswalk.test", format!("198.51.100.{i}")));
    }
    let server = Dnsmasq::start(&records);
    let addr = server.addr.to_string();

    let out = dns_at(&addr, "www.tlswalk.test", &["--verbose"], "C.UTF-8");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("A 192.0.2.77 TTL 300"), "{text}");
    assert!(text.contains("✔ answer matches query"), "{text}");
    assert!(text.contains(&format!("at {addr}")), "{text}");

    // 40 addresses do not fit in 512 bytes: dnsmasq sets TC, and the stub asks over TCP.
    let out = dns_at(&addr, "pool.tlswalk.test", &["--format", "json"], "C.UTF-8");
    assert!(out.status.success(), "{}", stderr(&out));
    let messages = messages_of(&stdout(&out));
    assert_eq!(
        messages.len(),
        4,
        "query, TC answer, query and answer over TCP"
    );
    assert!(messages[1].header.truncated);
    assert_eq!(messages[3].answers.len(), 40);
    assert!(!messages[3].header.truncated);

    let out = dns_at(&addr, "nope.tlswalk.test", &[], "C.UTF-8");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("NXDOMAIN"), "{}", stdout(&out));

    // The same run in Chinese.
    let out = dns_at(&addr, "www.tlswalk.test", &["--verbose"], "zh_CN.UTF-8");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("一次真实的查询"), "{}", stdout(&out));
}

#[test]
fn a_server_that_never_answers_is_asked_again_then_given_up_on() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap().to_string();
    let started = Instant::now();
    let out = dns_at(
        &addr,
        "www.tlswalk.test",
        &["--timeout", "300", "--tries", "2", "--verbose"],
        "C.UTF-8",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(started.elapsed() >= Duration::from_millis(600));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("no answer from {addr}: 2 tries, 300 ms each")),
        "{err}"
    );
    // Both tries reached the socket, the same query twice.
    silent
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let mut buf = [0u8; 512];
    let first = silent.recv(&mut buf).unwrap();
    let one = buf[..first].to_vec();
    let second = silent.recv(&mut buf).unwrap();
    assert_eq!(one, buf[..second].to_vec());
    assert_eq!(stdout(&out).matches("No answer yet").count(), 2);
}

#[test]
fn garbage_and_a_wrong_id_are_ignored_and_the_real_answer_taken() {
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap().to_string();
    let answering = std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        let (n, peer) = server.recv_from(&mut buf).unwrap();
        let query = Message::decode(&buf[..n]).unwrap();
        server.send_to(&[0xde, 0xad, 0xbe], peer).unwrap();
        let mut answer = query.clone();
        answer.header.response = true;
        answer.header.recursion_available = true;
        answer.header.id = query.header.id.wrapping_add(1);
        server.send_to(&answer.encode(), peer).unwrap();
        answer.header.id = query.header.id;
        answer.answers.push(tlswalk::dns::Record {
            name: query.questions[0].name.clone(),
            rtype: tlswalk::dns::RecordType::A,
            class: 1,
            ttl: 60,
            data: tlswalk::dns::RData::A([192, 0, 2, 99]),
        });
        server.send_to(&answer.encode(), peer).unwrap();
    });
    let out = dns_at(&addr, "www.tlswalk.test", &["--verbose"], "C.UTF-8");
    answering.join().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Not a DNS message"), "{text}");
    assert!(text.contains("Not our answer"), "{text}");
    assert!(text.contains("A 192.0.2.99 TTL 60"), "{text}");
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    let dir = temp_dir("dns-bad");
    let pcap = dir.join("never.pcap");
    let long = format!("{}.example.com", "a".repeat(64));
    let cases: &[(&[&str], &str)] = &[
        (&["dns", "exa mple.com"], "not a DNS name"),
        (&["dns", &long], "a label of 64 bytes"),
        (&["dns", "a..b"], "an empty label"),
        (&["dns", "localhost"], "two labels or more"),
        (
            &["dns", "example.com", "--server", "nowhere"],
            "--server \"nowhere\"",
        ),
        (
            &["dns", "example.com", "--server", "127.0.0.1:99999"],
            "not an IP address",
        ),
    ];
    for (args, said) in cases {
        let mut all = args.to_vec();
        all.extend(["--pcap", pcap.to_str().unwrap()]);
        // --pcap and --server do not go together: clap says so, also with exit code 2.
        let args: &[&str] = if args.contains(&"--server") {
            args
        } else {
            &all
        };
        let out = run_tlswalk(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(stdout(&out).is_empty(), "{args:?}");
        assert!(!pcap.exists(), "{args:?} wrote the pcap");
    }
}
