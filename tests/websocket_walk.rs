//! `tlswalk websocket`: the modeled run's capture, decrypted with its key log, is WebSocket to
//! tshark, frame for frame the run's own (opcode, FIN, MASK, length, the unmasked text); the
//! accept value is RFC 6455's; the frame decoder never panics and gives back what the encoder
//! wrote, for any frame.

mod common;

use common::{run_tlswalk, stderr, stdout, temp_dir, tshark};
use proptest::prelude::*;
use tlswalk::websocket::{Frame, From, Opcode, handshake};

/// (opcode, FIN, masked, payload length, text) of every frame event of a JSON run.
fn frames_of(json: &str) -> Vec<(u8, bool, bool, usize, String)> {
    json.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["kind"] == "message" && v["layer"] == "websocket")
        .map(|v| {
            let bytes = hex::decode(v["bytes"].as_str().unwrap()).unwrap();
            let from = if v["actor"] == "client" {
                From::Client
            } else {
                From::Server
            };
            let (f, n) = Frame::decode(&bytes, from, u64::MAX >> 1).unwrap().unwrap();
            assert_eq!(n, bytes.len());
            let text = if f.opcode == Opcode::TEXT || f.opcode == Opcode::CONTINUATION {
                String::from_utf8(f.payload.clone()).unwrap()
            } else {
                String::new()
            };
            (f.opcode.0, f.fin, f.mask.is_some(), f.payload.len(), text)
        })
        .collect()
}

#[test]
fn tshark_reads_every_frame_of_the_run() {
    let dir = temp_dir("websocket-walk");
    let (pcap, keys) = (dir.join("ws.pcap"), dir.join("ws.keys"));
    let out = run_tlswalk(&[
        "websocket",
        "--seed",
        "7",
        "--format",
        "json",
        "--pcap",
        pcap.to_str().unwrap(),
        "--keylog",
        keys.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ours = frames_of(&stdout(&out));
    assert_eq!(ours.len(), 13);
    let keylog = format!("tls.keylog_file:{}", keys.display());
    let fields = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-o",
        &keylog,
        "-o",
        "tcp.check_checksum:TRUE",
        "-Y",
        "websocket",
        "-T",
        "fields",
        "-E",
        "separator=|",
        "-e",
        "websocket.opcode",
        "-e",
        "websocket.fin",
        "-e",
        "websocket.mask",
        "-e",
        "websocket.payload_length",
        "-e",
        "websocket.payload_length_ext_16",
        "-e",
        "websocket.payload_length_ext_64",
        "-e",
        "websocket.payload.text",
    ]);
    let mut theirs = Vec::new();
    for line in fields.lines() {
        let c: Vec<&str> = line.split('|').collect();
        // The 7-bit field says 126 or 127 when a longer form follows.
        let len: usize = [c[5], c[4], c[3]]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap()
            .parse()
            .unwrap();
        let opcode: u8 = c[0].parse().unwrap();
        let text = if opcode <= 1 {
            c[6].to_string()
        } else {
            String::new()
        };
        theirs.push((opcode, c[1] == "1", c[2] == "1", len, text));
    }
    // tshark shows a fragmented message's text once, on its last frame, reassembled; the
    // run's fragments carry their own parts.
    let fragment_texts: Vec<String> = ours
        .iter()
        .filter(|f| !f.1 || f.0 == 0)
        .map(|f| f.4.clone())
        .collect();
    let whole = fragment_texts.concat();
    let expected: Vec<_> = ours
        .iter()
        .map(|(op, fin, masked, len, text)| {
            let shown = if !fin {
                String::new()
            } else if *op == 0 {
                whole.clone()
            } else {
                text.clone()
            };
            (*op, *fin, *masked, *len, shown)
        })
        .collect();
    assert_eq!(theirs, expected);
    // The three length forms are there: 7-bit, 16-bit (300) and 64-bit (70000).
    assert!(ours.iter().any(|f| f.3 == 300) && ours.iter().any(|f| f.3 == 70_000));
    let problems = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-o",
        &keylog,
        "-Y",
        "_ws.malformed || _ws.expert.severity >= warning || tcp.analysis.flags",
    ]);
    assert!(problems.trim().is_empty(), "{problems}");
}

#[test]
fn the_page_labels_every_byte_of_every_frame() {
    // `--format html` refuses to write a page with a byte no field explains.
    let dir = temp_dir("websocket-page");
    let page = dir.join("ws.html");
    let out = run_tlswalk(&[
        "websocket",
        "--seed",
        "7",
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
        "--force",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("masking key") && html.contains("WebSocket"));
}

#[test]
fn the_accept_value_is_rfc_6455s() {
    // RFC 6455 §1.3.
    assert_eq!(
        handshake::accept("dGhlIHNhbXBsZSBub25jZQ=="),
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    );
    // And the run derives its own the same way, shown step by step.
    let out = run_tlswalk(&["websocket", "--seed", "3", "--verbose"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Sec-WebSocket-Accept = base64(SHA-1(Sec-WebSocket-Key"));
    assert!(text.contains("✔ Sec-WebSocket-Accept"), "{text}");
}

fn opcode() -> impl Strategy<Value = Opcode> {
    prop_oneof![
        Just(Opcode::TEXT),
        Just(Opcode::BINARY),
        Just(Opcode::CONTINUATION),
        Just(Opcode::PING),
        Just(Opcode::PONG),
        Just(Opcode::CLOSE),
    ]
}

proptest! {
    #[test]
    fn the_decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        for from in [From::Client, From::Server] {
            let _ = Frame::annotate(&bytes, from, 1 << 16);
        }
    }

    #[test]
    fn what_the_encoder_writes_decodes_back(
        op in opcode(),
        fin in any::<bool>(),
        key in proptest::option::of(any::<[u8; 4]>()),
        len in prop_oneof![0usize..130, 65_530usize..65_540, 65_536usize..70_001],
        byte in any::<u8>(),
    ) {
        // Control frames are short and final (RFC 6455 §5.5).
        let (fin, len) = if op.is_control() { (true, len % 126) } else { (fin, len) };
        let mut f = Frame::new(op, vec![byte; len]).with_fin(fin);
        f.mask = key;
        let bytes = f.encode();
        let from = if key.is_some() { From::Client } else { From::Server };
        let (back, n, fields) = Frame::annotate(&bytes, from, 1 << 20).unwrap().unwrap();
        prop_assert_eq!(n, bytes.len());
        prop_assert_eq!(back, f);
        // The top-level fields tile the frame.
        let mut at = 0;
        for field in fields.iter().filter(|f| f.depth == 0) {
            prop_assert_eq!(field.start, at);
            at = field.end;
        }
        prop_assert_eq!(at, bytes.len());
        // One byte short is "not yet", never a problem or a panic.
        prop_assert_eq!(Frame::decode(&bytes[..bytes.len() - 1], from, 1 << 20), Ok(None));
    }
}
