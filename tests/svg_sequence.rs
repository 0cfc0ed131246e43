//! `--format svg`: the sequence diagram as an SVG image, checked through the real binary.
//!
//! The image must be well-formed XML (parsed with roxmltree), self-contained (no script, no
//! external reference), draw one arrow per TLS message in the order the JSON Lines output of
//! the same run lists them, show the alert of a failed attack, give Mallory a lifeline only
//! when she takes part, and be byte-identical across runs with the same seed.

mod common;

use common::{run_with_deadline, tlswalk};
use std::time::Duration;

fn run(args: &[&str]) -> String {
    let out = run_with_deadline(
        tlswalk().args(["--color", "never"]).args(args),
        Duration::from_secs(120),
    );
    assert!(
        out.status.success(),
        "tlswalk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The texts of the arrows whose group has exactly `class`, in document order: the first
/// `<text>` of each group is the arrow's label (wrapped labels are joined by a space).
fn arrow_labels(doc: &roxmltree::Document, class: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some(class))
        .map(|g| {
            // The label lines come before the arrow's line; the summary after it.
            let mut label = Vec::new();
            for child in g.children().filter(|c| c.is_element()) {
                if child.has_tag_name("line") {
                    break;
                }
                if child.has_tag_name("text") {
                    label.push(child.text().unwrap_or_default().to_string());
                }
            }
            label.join(" ")
        })
        .collect()
}

/// The TLS messages of a run as its JSON Lines output lists them (sender and receiver both
/// drawn, i.e. neither is the network).
fn tls_messages(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .filter(|v| v["kind"] == "message" && v["layer"] == "tls")
        .filter(|v| v["actor"] != "network" && v["to"] != "network")
        .map(|v| v["name"].as_str().expect("a name").to_string())
        .collect()
}

fn check_self_contained(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")));
    assert_eq!(root.attribute("font-family"), Some("monospace"));
    assert!(root.attribute("width").unwrap().parse::<u32>().unwrap() > 400);
    for node in doc.descendants().filter(|n| n.is_element()) {
        assert!(!node.has_tag_name("script"), "a script in the SVG");
        assert!(!node.has_tag_name("image"), "an external image in the SVG");
        for a in node.attributes() {
            assert!(
                a.name() != "href" && !a.value().contains("url("),
                "an external reference: {}={}",
                a.name(),
                a.value()
            );
        }
    }
    doc
}

#[test]
fn the_walk_draws_every_tls_message_once_in_order_without_mallory() {
    let svg = run(&["handshake", "--seed", "7", "--format", "svg"]);
    let again = run(&["handshake", "--seed", "7", "--format", "svg"]);
    assert!(svg == again, "two runs with seed 7 gave different SVGs");

    let doc = check_self_contained(&svg);
    let jsonl = run(&["handshake", "--seed", "7", "--format", "json"]);
    let expected = tls_messages(&jsonl);
    // Seven handshake messages and two ChangeCipherSpec: RFC 5246 §7.3, Figure 1, without
    // the optional messages.
    assert_eq!(
        expected,
        [
            "ClientHello",
            "ServerHello",
            "Certificate",
            "ServerHelloDone",
            "ClientKeyExchange",
            "ChangeCipherSpec",
            "Finished",
            "ChangeCipherSpec",
            "Finished"
        ]
    );
    assert_eq!(arrow_labels(&doc, "message tls"), expected);
    assert_eq!(
        arrow_labels(&doc, "message http"),
        ["HTTP request", "HTTP response"]
    );
    // Both close_notify alerts, and the TCP open and close: SYN, SYN-ACK, ACK, then FIN, ACK
    // twice.
    assert_eq!(
        arrow_labels(&doc, "alert"),
        ["alert close_notify (0)", "alert close_notify (0)"]
    );
    let segments = arrow_labels(&doc, "segment");
    let flags: Vec<&str> = segments
        .iter()
        .map(|s| s.split(" seq=").next().unwrap())
        .collect();
    assert_eq!(
        flags,
        [
            "SYN", "SYN, ACK", "ACK", "FIN, ACK", "ACK", "FIN, ACK", "ACK"
        ]
    );
    assert!(
        doc.descendants()
            .all(|n| n.attribute("class") != Some("alert failure"))
    );

    let lifelines: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("lifeline"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    // The CA appears: it hands the server its certificate in the PKI phase.
    assert_eq!(
        lifelines,
        ["lifeline-client", "lifeline-server", "lifeline-ca"]
    );
    assert!(
        svg.contains("server certificate"),
        "the CA's issuing arrow is missing"
    );
    assert!(!svg.contains("Mallory"));
}

#[test]
fn the_rogue_ca_attack_shows_mallory_and_the_alert() {
    let args = [
        "mitm", "--attack", "rogue-ca", "--seed", "7", "--format", "svg",
    ];
    let svg = run(&args);
    assert!(
        svg == run(&args),
        "two runs with seed 7 gave different SVGs"
    );
    let doc = check_self_contained(&svg);

    let lifelines: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("lifeline"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(
        lifelines,
        [
            "lifeline-client",
            "lifeline-mallory",
            "lifeline-server",
            "lifeline-ca"
        ]
    );
    // unknown_ca is alert 48 (RFC 5246 §7.2): the client does not trust Mallory's CA.
    assert_eq!(
        arrow_labels(&doc, "alert failure"),
        ["alert unknown_ca (48)"]
    );
    // The failed check that caused it is a note.
    let notes: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("note failure"))
        .map(|g| {
            g.descendants()
                .filter(|t| t.has_tag_name("text"))
                .filter_map(|t| t.text())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("✘ issuer known:") && notes[0].contains("Mallory Root CA"),
        "{notes:?}"
    );
    // The handshake stops at ServerHelloDone: the client never sends its key exchange.
    assert_eq!(
        arrow_labels(&doc, "message tls"),
        [
            "ClientHello",
            "ServerHello",
            "Certificate",
            "ServerHelloDone"
        ]
    );
}

#[test]
fn svg_output_is_the_document_alone() {
    // Nothing but the document on stdout: the text summary line is for the text format.
    let svg = run(&[
        "mitm", "--attack", "expired", "--seed", "7", "--format", "svg",
    ]);
    assert!(
        svg.starts_with("<svg ") && svg.ends_with("</svg>\n"),
        "{svg}"
    );
    check_self_contained(&svg);
}

/// In Chinese the diagram's words are Chinese too: the participants' boxes and the label a
/// screen reader reads; the ids stay the same in every language.
#[test]
fn the_chinese_diagram_names_its_participants_in_chinese() {
    let out = run_with_deadline(
        tlswalk().args([
            "--lang",
            "zh",
            "handshake",
            "--seed",
            "7",
            "--format",
            "svg",
        ]),
        Duration::from_secs(60),
    );
    assert!(out.status.success());
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(
        root.attribute("aria-label"),
        Some("时序图：客户端、服务器、CA")
    );
    assert!(svg.contains(">客户端<") && svg.contains(">服务器<"));
    assert!(!svg.contains(">Client<") && !svg.contains("Sequence diagram"));
    assert!(svg.contains("id=\"lifeline-client\""));
}
