//! English for the lines commands print around their events: the walk's and the lab's
//! closing summaries and hints, `serve`'s banner and last line, `connect`'s heading.

use crate::narrator::{Line, PkiUser};
use crate::net::proxy::Interception;
use crate::pki::inspect::format_time;
use crate::pki::{ClockRule, MovedClock};
use crate::scenario::mitm::Outcome;

/// A command's line.
pub fn line(l: &Line<'_>) -> String {
    match *l {
        Line::InsecureWarning => "WARNING: --insecure: the server's certificate will NOT be checked.\n\
             \x20        Anyone between you and the server (a Wi-Fi hotspot, a proxy, a compromised router) can\n\
             \x20        present their own certificate, read everything you send and change what you receive,\n\
             \x20        and this client would not notice. Use it to look, never for anything that matters."
            .into(),
        Line::WalkVerboseHint => {
            "Run again with --verbose for the full explanation of every step, byte and key.".into()
        }
        Line::WalkDone {
            status: Some(s),
            tls13: false,
        } => format!(
            "Done: the client received HTTP {s} over TLS 1.2 (TLS_RSA_WITH_AES_128_GCM_SHA256), and both sides closed cleanly."
        ),
        Line::WalkDone {
            status: Some(s),
            tls13: true,
        } => format!(
            "Done: the client received HTTP {s} over TLS 1.3 (TLS_AES_128_GCM_SHA256), and both sides closed cleanly."
        ),
        Line::WalkDone { status: None, .. } => {
            "Done: the handshake completed, but no complete HTTP response arrived.".into()
        }
        Line::MitmVerboseHint => {
            "Run again with --verbose to see every step from all three points of view.".into()
        }
        Line::MitmSummary(o) => one_line(o),
        Line::MitmTable(outcomes) => table(outcomes),
        Line::CompareTable(rows) => super::tls13::compare_table(rows),
        Line::ServeBanner {
            addr,
            host,
            pki_dir,
            ems,
            versions,
            keylog,
            max_connections,
        } => serve_banner(addr, host, pki_dir, ems, versions, keylog, max_connections),
        Line::ServeStopped {
            connections,
            handshakes,
            requests,
            refused,
        } => format!(
            "tlswalk serve: stopped after {connections} connection{} ({handshakes} handshake{} completed, {requests} request{} answered, {refused} refused)\n",
            plural(connections),
            plural(handshakes),
            plural(requests),
        ),
        Line::ConnectResumed { mechanism, resumed } => {
            use crate::tls::resume::Mechanism;
            match (mechanism, resumed) {
                (None, _) => "Resumption: the server gave no session_id and no ticket, so the second \
                              connection made a full handshake."
                    .into(),
                (Some(Mechanism::SessionId), true) => "Resumption: the server resumed the session by its \
                     session_id (abbreviated handshake: no certificate, no RSA key exchange)."
                    .into(),
                (Some(Mechanism::Ticket), true) => "Resumption: the server resumed the session from its \
                     ticket (abbreviated handshake: no certificate, no RSA key exchange)."
                    .into(),
                (Some(Mechanism::SessionId), false) => "Resumption: the server declined the session_id \
                     offered; the second connection made a full handshake."
                    .into(),
                (Some(Mechanism::Ticket), false) => "Resumption: the server declined the ticket offered; \
                     the second connection made a full handshake."
                    .into(),
            }
        }
        Line::ConnectResponse { peer, bytes } => format!("Response from {peer} ({bytes} bytes):"),
        Line::SeededClockMoved { from, moved } => seeded_clock(from, moved),
        Line::PkiCreated {
            by: PkiUser::Serve,
            dir,
        } => format!(
            "tlswalk serve: {dir} held no PKI, so a new one was made there (ca.pem, ca.key, \
             server.pem, server.key); clients trust this server through {dir}/ca.pem"
        ),
        Line::PkiCreated {
            by: PkiUser::MitmProxy,
            dir,
        } => format!(
            "mitm-proxy: {dir} held no PKI, so Mallory's was made there (ca.pem, ca.key, \
             server.pem, server.key); only a client that trusts {dir}/ca.pem or skips \
             verification is fooled"
        ),
        Line::ProxyListening {
            addr,
            upstream,
            pki_dir,
        } => format!(
            "mitm-proxy: listening on {addr}, relaying to {upstream} (certificates from Mallory's CA in {pki_dir})"
        ),
        Line::ProxyInterception(seen) => interception(seen),
    }
}

/// Why a seeded run's clock is not the usual seeded instant.
fn seeded_clock(from: &str, moved: MovedClock) -> String {
    let usual = format_time(crate::rng::SEEDED_NOW);
    let now = format_time(moved.now);
    let how = match moved.rule {
        ClockRule::DayAfterNewest => "one day after the newest certificate's notBefore",
        ClockRule::Middle => "the middle of the time they are all valid",
        ClockRule::NoCommonTime => {
            "the newest one's notBefore (they are never all valid at once, so a check will fail)"
        }
    };
    format!(
        "Seeded clock: the certificates in {from} are not valid at the usual seeded instant \
         ({usual}), so this run's clock reads {now}, {how}."
    )
}

/// What mitm-proxy saw in one connection: the decrypted request's head, the response's
/// status line, and how the connection ended.
fn interception(seen: &Interception) -> String {
    let host = seen.sni.as_deref().unwrap_or("(no SNI)");
    if seen.request.is_empty() {
        return format!(
            "mitm-proxy: {host}: nothing intercepted: {}",
            seen.error.as_deref().unwrap_or("no request")
        );
    }
    let mut out = format!("mitm-proxy: {host}: Mallory read the decrypted request:");
    let text = String::from_utf8_lossy(&seen.request);
    for line in text.split("\r\n").take_while(|l| !l.is_empty()) {
        out.push_str(&format!("\n    {line}"));
    }
    let status = String::from_utf8_lossy(&seen.response);
    if let Some(first) = status.lines().next() {
        out.push_str(&format!("\nmitm-proxy: {host}: and the response: {first}"));
    }
    if let Some(e) = &seen.error {
        out.push_str(&format!(
            "\nmitm-proxy: {host}: the connection then ended: {e}"
        ));
    }
    out
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn serve_banner(
    addr: std::net::SocketAddr,
    host: &str,
    dir: &str,
    ems: bool,
    versions: &[crate::wire::enums::ProtocolVersion],
    keylog: Option<&str>,
    max_connections: Option<u64>,
) -> String {
    use crate::wire::enums::ProtocolVersion;
    let port = addr.port();
    let (v13, v12) = (
        versions.contains(&ProtocolVersion::TLS1_3),
        versions.contains(&ProtocolVersion::TLS1_2),
    );
    let ems = if ems {
        "accepted when the client offers it (RFC 7627)"
    } else {
        "not accepted: every session uses the classic master secret (--ems to accept it)"
    };
    let keylog = match keylog {
        Some(p) => format!(
            "  key log:     appending to {p} (decrypt a capture: tshark -r cap.pcap -o tls.keylog_file:{p} -Y http)\n"
        ),
        None => String::new(),
    };
    let limit = match max_connections {
        Some(n) => format!("Stops after {n} connection{}, or on Ctrl-C.\n", plural(n)),
        None => "Ctrl-C stops the server.\n".into(),
    };
    let speaks = match (v13, v12) {
        (true, true) => {
            "TLS 1.3 with TLS_AES_128_GCM_SHA256, TLS 1.2 with TLS_RSA_WITH_AES_128_GCM_SHA256"
        }
        (true, false) => "TLS 1.3 only, with TLS_AES_128_GCM_SHA256",
        _ => "TLS 1.2, TLS_RSA_WITH_AES_128_GCM_SHA256",
    };
    let mut tries = String::new();
    if v13 {
        tries += &format!("  curl --cacert {dir}/ca.pem https://{host}:{port}/\n");
    }
    if v12 {
        tries += &format!(
            "  curl --tls-max 1.2 --ciphers AES128-GCM-SHA256 --cacert {dir}/ca.pem https://{host}:{port}/\n\
             \x20 openssl s_client -connect {host}:{port} -tls1_2 -cipher AES128-GCM-SHA256 -CAfile {dir}/ca.pem -servername localhost\n"
        );
    }
    format!(
        "tlswalk serve: listening on https://{addr}/ ({speaks})\n\
         \x20 certificate: {dir}/server.pem, signed by the CA in {dir}/ca.pem\n\
         \x20 extended master secret (TLS 1.2): {ems}\n\
         {keylog}\
         Try it:\n\
         {tries}\
         \x20 tlswalk connect https://{host}:{port}/ --cacert {dir}/ca.pem\n\
         Routes: / (what just happened), /echo (your request back), /bytes/N (N bytes, for throughput).\n\
         {limit}"
    )
}

fn alert_text(o: &Outcome) -> String {
    o.alert
        .map(|(who, d)| format!("{d} ({}) from the {}", d.0, super::actor(who)))
        .unwrap_or_else(|| "none".into())
}

fn one_line(o: &Outcome) -> String {
    let verdict = if o.as_expected() {
        "as the lesson says"
    } else {
        "NOT as the lesson says"
    };
    if o.forward_secret {
        return format!(
            "{}: the stolen key opens nothing (forward secrecy); secrets exposed: {} ({verdict}).",
            o.attack.name(),
            if o.secrets_exposed { "yes" } else { "no" }
        );
    }
    match o.stopped_by.as_ref().map(super::mitm::stopped_by) {
        Some(check) => format!(
            "{}: stopped by {check}; alert {}; secrets exposed: {} ({verdict}).",
            o.attack.name(),
            alert_text(o),
            if o.secrets_exposed { "yes" } else { "no" }
        ),
        None => {
            let read: Vec<String> = o
                .recovered
                .iter()
                .flat_map(|m| {
                    String::from_utf8_lossy(m)
                        .lines()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .filter(|l| {
                    ["GET ", "POST ", "HTTP/1.1 ", "user=", "Account", "Welcome"]
                        .iter()
                        .any(|p| l.starts_with(p))
                })
                .map(|l| format!("  Mallory read: {l}"))
                .collect();
            format!(
                "{}: nothing stopped it; secrets exposed: {} ({verdict}).\n{}",
                o.attack.name(),
                if o.secrets_exposed { "yes" } else { "no" },
                read.join("\n")
            )
        }
    }
}

/// The summary table of `--attack all`.
fn table(outcomes: &[Outcome]) -> String {
    let rows: Vec<[String; 5]> = outcomes
        .iter()
        .map(|o| {
            [
                o.attack.name().to_string(),
                o.stopped_by
                    .as_ref()
                    .map(super::mitm::stopped_by)
                    .unwrap_or_else(|| "nothing (counterfactual)".into()),
                o.alert
                    .map(|(_, d)| format!("{d} ({})", d.0))
                    .unwrap_or_else(|| "none".into()),
                if o.secrets_exposed { "yes" } else { "no" }.to_string(),
                match (o.as_expected(), o.secrets_exposed) {
                    (true, false) => "stopped, as the lesson shows",
                    (true, true) => "leaked, as the lesson shows",
                    (false, _) => "BUG",
                }
                .to_string(),
            ]
        })
        .collect();
    let header = [
        "attack",
        "stopped by",
        "alert sent",
        "secrets exposed",
        "lesson",
    ];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths.iter())
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&header.map(String::from));
    out.push_str(&line(&widths.map(|w| "-".repeat(w))));
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}
