//! `handshake --layers`: the frame that carries the HTTP request, header by header. Every byte
//! shown is the byte of the same frame in the run's pcap, and tshark, reading that pcap on its
//! own, finds the same lengths at every layer.

mod common;

use common::{run_tlswalk, stderr, stdout, temp_dir, tshark};

/// The frames of a classic pcap (24-byte global header, 16-byte record headers).
fn pcap_frames(pcap: &[u8]) -> Vec<Vec<u8>> {
    let mut frames = Vec::new();
    let mut at = 24;
    while at + 16 <= pcap.len() {
        let len = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().unwrap()) as usize;
        frames.push(pcap[at + 16..at + 16 + len].to_vec());
        at += 16 + len;
    }
    frames
}

#[test]
fn every_byte_shown_is_the_pcap_frame_and_tshark_agrees_on_each_layer() {
    let dir = temp_dir("walk_layers");
    let pcap = dir.join("walk.pcap");
    let out = run_tlswalk(&[
        "--color",
        "never",
        "handshake",
        "--layers",
        "--seed",
        "7",
        "--pcap",
        pcap.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // The frame: the client's first frame whose TCP payload is an application_data record.
    let (number, frame) = pcap_frames(&std::fs::read(&pcap).unwrap())
        .into_iter()
        .enumerate()
        .find(|(_, f)| f.get(54) == Some(&0x17) && f[26..30] == [192, 0, 2, 10])
        .map(|(i, f)| (i + 1, f))
        .expect("the request's frame");
    assert!(
        text.contains(&format!("{} bytes on the wire", frame.len())),
        "{text}"
    );
    // Every field line: "offset  hex  name  value"; its hex is the frame's bytes there.
    let mut checked = 0;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(offset), Some(hex)) = (words.first(), words.get(1)) else {
            continue;
        };
        let (Ok(offset), Ok(bytes)) = (usize::from_str_radix(offset, 16), hex::decode(hex)) else {
            continue;
        };
        // A field line's first word is a 4-digit offset, its second the field's bytes.
        if words[0].len() != 4 || bytes.is_empty() {
            continue;
        }
        assert_eq!(
            &frame[offset..offset + bytes.len()],
            &bytes[..],
            "the bytes at {offset:#06x} differ from the pcap's: {line}"
        );
        checked += 1;
    }
    assert!(
        checked >= 24,
        "only {checked} header fields checked:\n{text}"
    );
    // tshark's own reading of that frame.
    let fields = tshark(&[
        "-r",
        pcap.to_str().unwrap(),
        "-Y",
        &format!("frame.number == {number}"),
        "-T",
        "fields",
        "-E",
        "separator=,",
        "-e",
        "eth.type",
        "-e",
        "ip.len",
        "-e",
        "tcp.len",
        "-e",
        "tls.record.length",
    ]);
    assert_eq!(fields.trim(), "0x0800,163,123,118", "tshark's lengths");
    for said in [
        "14-byte header, carrying 163 bytes",
        "total length            163",
        "20-byte header, carrying 123 bytes",
        "length                  118",
        "GET / HTTP/1.1",
    ] {
        assert!(text.contains(said), "{said:?} missing:\n{text}");
    }
    // Chinese too.
    let zh = run_tlswalk(&["--lang", "zh", "handshake", "--layers", "--seed", "7"]);
    assert!(stdout(&zh).contains("网际层") && stdout(&zh).contains("传输层"));
}
