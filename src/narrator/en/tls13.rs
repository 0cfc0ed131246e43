//! English for TLS 1.3 (RFC 8446): cards, message summaries, field meanings, checks and the
//! key schedule's formulas.

use crate::event::{Actor, ScheduleStep, Tls13Check, Tls13Gist, Tls13Meaning, Tls13Topic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};

fn whose(a: Actor) -> &'static str {
    if a == Actor::Client {
        "client"
    } else {
        "server"
    }
}

/// The card of a TLS 1.3 topic.
pub(super) fn card(t: &Tls13Topic) -> Card {
    match t {
        Tls13Topic::ClientHello { host, group } => Card::new(
            "ClientHello: TLS 1.3 with a key share",
            format!(
                "The client asks for {host} and offers TLS 1.3 in supported_versions (the \
                 legacy_version field still says TLS 1.2, for old middleboxes). It does not \
                 wait to learn what the server likes: it guesses {group} and sends its public \
                 key share now, made from an ephemeral private key that never leaves this \
                 connection. That guess is what saves a round trip."
            ),
        ),
        Tls13Topic::HelloRetry { group } => Card::new(
            "HelloRetryRequest: the server wants another group",
            format!(
                "The server supports none of the groups the client sent shares for, but {group} \
                 is in the client's supported_groups. So it answers with a HelloRetryRequest \
                 (a ServerHello whose random is SHA-256(\"HelloRetryRequest\")) and the client \
                 sends a second ClientHello with a {group} share. That costs one extra round \
                 trip. The transcript now starts with message_hash, a stand-in for the first \
                 ClientHello."
            ),
        ),
        Tls13Topic::ServerHello { group } => Card::new(
            "ServerHello: both sides now hold the shared secret",
            format!(
                "The server picks TLS 1.3 (supported_versions = 0x0304) and answers with its own \
                 {group} key share. Each side combines its private key with the other's public \
                 share and gets the same shared secret, which never crossed the wire. This \
                 replaces the whole RSA key exchange of TLS 1.2: nobody encrypts a secret to \
                 the server's long-term key."
            ),
        ),
        Tls13Topic::EncryptedFromHere => Card::new(
            "Encrypted from here on",
            "From the shared secret and the hash of ClientHello and ServerHello both sides \
             derive the handshake traffic keys. Everything the server sends after ServerHello \
             (its extensions, its certificate, its signature, its Finished) goes in records \
             that say application_data on the outside: an eavesdropper no longer sees which \
             certificate was sent.",
        ),
        Tls13Topic::EncryptedExtensions => Card::new(
            "EncryptedExtensions",
            "The answers to the client's extensions that are not needed to agree on keys. In \
             TLS 1.2 they were in the ServerHello, in the clear.",
        ),
        Tls13Topic::Certificate => Card::new(
            "Certificate, encrypted",
            "The same X.509 chain as in TLS 1.2, in a slightly different message (a request \
             context and per-certificate extensions), and now encrypted.",
        ),
        Tls13Topic::CertificateVerify { scheme } => Card::new(
            "CertificateVerify: proof of the private key",
            format!(
                "In TLS 1.2 with RSA the server proved it held its private key by decrypting \
                 the pre-master secret. Here nothing is encrypted to that key, so the server \
                 signs instead, with {scheme}: 64 spaces, the string \"TLS 1.3, server \
                 CertificateVerify\", a zero byte and the hash of every handshake message so \
                 far. The client verifies it with the public key in the certificate."
            ),
        ),
        Tls13Topic::ServerFinished => Card::new(
            "The server's Finished and the application keys",
            "Finished is an HMAC of the transcript hash, keyed from the server's handshake \
             traffic secret. Right after it, both sides derive the application traffic \
             secrets from the master secret and the transcript up to this Finished. The \
             server may already send data.",
        ),
        Tls13Topic::ClientFinished => Card::new(
            "The client's Finished: one round trip",
            "The client checked the certificate, the signature and the server's Finished; it \
             sends its own Finished and may send its request in the same flight. The \
             handshake took one round trip (TLS 1.2 takes two).",
        ),
        Tls13Topic::CompatChangeCipherSpec => Card::new(
            "ChangeCipherSpec, for middleboxes only",
            "TLS 1.3 has no ChangeCipherSpec. This one-byte record is sent only so that the \
             connection looks like a resumed TLS 1.2 session to old middleboxes (RFC 8446 \
             §D.4). The receiver drops it unread.",
        ),
        Tls13Topic::TicketIgnored => Card::new(
            "NewSessionTicket, kept no use for",
            "After the handshake a TLS 1.3 server may send tickets for resuming later. This \
             client does not resume TLS 1.3 sessions, so it reads the ticket and drops it.",
        ),
        Tls13Topic::KeyUpdate { requested } => Card::new(
            "KeyUpdate",
            if *requested {
                "The peer updated its sending keys and asks for an update in return: the next \
                 traffic secret is HKDF-Expand-Label(secret, \"traffic upd\", \"\", 32), and \
                 new keys come from it."
                    .to_string()
            } else {
                "The peer updated its sending keys: the next traffic secret is \
                 HKDF-Expand-Label(secret, \"traffic upd\", \"\", 32), and new keys come from it."
                    .to_string()
            },
        ),
        Tls13Topic::WalkPhase => Card::new("3. TLS 1.3 handshake: a key share, one round trip", ""),
        Tls13Topic::WalkComplete => Card::new(
            "Handshake complete, in one round trip",
            "The client's first flight carried its key share, the server's answer carried \
             everything else, and the client's Finished can travel with its request: one round \
             trip before data, where TLS 1.2 needs two. An eavesdropper saw the two hellos: the \
             randoms, the offered versions and suites, the name in SNI and the two public key \
             shares. Not the certificate, not the signature: those were already encrypted. And \
             nothing it saw, nor the server's private key if it is stolen later, gives the shared \
             secret: that takes one of the two ephemeral private keys, which are gone.",
        ),
        Tls13Topic::WalkHttp => Card::new("4. HTTP inside TLS 1.3 records", ""),
        Tls13Topic::ApplicationData => Card::new(
            "Application data in TLS 1.3",
            "The request goes into a record sealed with the client's application key. The real \
             content type travels inside the encryption, as the last byte of the plaintext \
             (TLSInnerPlaintext); on the outside every record says application_data (23) and \
             version 0x0303. Nothing of the nonce is sent: it is the 12-byte IV XOR the record's \
             sequence number. The additional authenticated data is the 5-byte record header.",
        ),
        Tls13Topic::WalkRecap => Card::new(
            "Recap: the key schedule, rung by rung",
            "One secret went in that was never sent: the shared secret from the two key shares. \
             Each rung below is HKDF-Extract or Derive-Secret of the one above, mixed with the \
             hash of the handshake so far, so every key depends on every handshake message. \
             The handshake keys protected the server's certificate and Finished; the \
             application keys protect the HTTP. Compare the TLS 1.2 walk, where one secret sent \
             RSA-encrypted decided everything.",
        ),
        Tls13Topic::ServerKeyExchange { group, scheme } => Card::new(
            "ServerKeyExchange: an ephemeral key, signed",
            format!(
                "With ECDHE the server does not let the client encrypt a secret to its \
                 certificate's key. It makes an ephemeral {group} key pair for this connection \
                 alone, sends the public half, and signs client_random ‖ server_random ‖ the \
                 parameters with its certificate's key ({scheme}): the client knows the \
                 ephemeral key is the server's, and that it was made for this very handshake."
            ),
        ),
        Tls13Topic::EcdheClientKeyExchange { group } => Card::new(
            "ClientKeyExchange: the client's ephemeral key",
            format!(
                "The client makes its own ephemeral {group} key pair and sends the public half. \
                 Each side combines its private key with the other's public key: the same \
                 shared secret, which never crossed the wire, is the pre-master secret. The \
                 master secret and the keys follow from it exactly as with RSA."
            ),
        ),
        Tls13Topic::RecapEcdhe => Card::new(
            "Recap: three values became four keys, one of them never sent",
            "The two randoms travelled in the clear. The pre-master secret did not travel at all: \
             it is the ECDH shared secret of two ephemeral keys, and only their public halves were \
             sent. From those three values both sides computed the same master secret and key \
             block, as with RSA. An eavesdropper who later steals the server's private key can \
             check the ServerKeyExchange signature, and nothing else: the ephemeral private keys \
             are gone, and with them any way to the keys of this recording.",
        ),
        Tls13Topic::WalkPhaseEcdhe => Card::new("3. TLS 1.2 handshake: ECDHE key exchange", ""),
        Tls13Topic::Compared(m) => compared(m),
        Tls13Topic::DowngradeSentinelSet => Card::new(
            "TLS 1.2, with the downgrade sentinel",
            "The client offered TLS 1.3 but this connection will use TLS 1.2, so the server \
             ends its random with 44 4F 57 4E 47 52 44 01 (\"DOWNGRD\" 01). A TLS 1.3 client \
             that sees it knows someone removed TLS 1.3 from its ClientHello, and aborts.",
        ),
    }
}

/// The one-line summary of a TLS 1.3 message.
pub(super) fn summary(g: &Tls13Gist) -> String {
    match g {
        Tls13Gist::HelloRetryRequest { group: Some(g) } => format!("asks for a {g} key share"),
        Tls13Gist::HelloRetryRequest { group: None } => "asks for another ClientHello".into(),
        Tls13Gist::EncryptedExtensions { extensions } => {
            super::summary::count(*extensions, "extension")
        }
        Tls13Gist::Certificate { count, der_bytes } => format!(
            "{}, {der_bytes} bytes of DER",
            super::summary::count(*count, "certificate")
        ),
        Tls13Gist::CertificateVerify { scheme, bytes } => {
            format!("{scheme}, {bytes}-byte signature")
        }
        Tls13Gist::Finished { verify_data } => format!("verify_data {}", hex(verify_data)),
        Tls13Gist::NewSessionTicket {
            lifetime,
            ticket_bytes,
        } => format!("lifetime {lifetime} s, {ticket_bytes}-byte ticket"),
        Tls13Gist::KeyUpdate { requested: true } => "new keys, update requested".into(),
        Tls13Gist::KeyUpdate { requested: false } => "new keys".into(),
        Tls13Gist::CompatChangeCipherSpec => "for middleboxes only, dropped unread".into(),
        Tls13Gist::ServerKeyExchange { group, scheme } => {
            format!("ECDHE on {group}, params signed with {scheme}")
        }
        Tls13Gist::EcdhClientKeyExchange { bytes } => format!("{bytes}-byte ephemeral public key"),
    }
}

/// What a TLS 1.3 field's bytes mean.
pub(super) fn meaning(m: &Tls13Meaning) -> String {
    match m {
        Tls13Meaning::KeyExchange { group, role } => {
            format!("the {}'s ephemeral {group} public key", whose(*role))
        }
        Tls13Meaning::HelloRetryRandom => {
            "SHA-256(\"HelloRetryRequest\"): this ServerHello is a HelloRetryRequest".into()
        }
        Tls13Meaning::DowngradeSentinel { below } => {
            format!("\"DOWNGRD\" and a version byte: a TLS 1.3 server chose {below}")
        }
        Tls13Meaning::RequestContext => "empty: this certificate was not requested".into(),
        Tls13Meaning::EntryExtensions => "this certificate's extensions".into(),
        Tls13Meaning::Signature { scheme } => {
            format!("{scheme} signature over the transcript hash")
        }
        Tls13Meaning::FinishedMac => "HMAC-SHA256(finished_key, transcript hash)".into(),
        Tls13Meaning::RequestUpdate { requested: true } => "update_requested (1)".into(),
        Tls13Meaning::RequestUpdate { requested: false } => "update_not_requested (0)".into(),
        Tls13Meaning::LegacySessionId {
            role: Actor::Client,
        } => "legacy_session_id: random, so middleboxes see a TLS 1.2 resumption".into(),
        Tls13Meaning::LegacySessionId { .. } => {
            "legacy_session_id_echo: the client's, sent back".into()
        }
        Tls13Meaning::TicketAgeAdd => "a random number added to the ticket's age".into(),
        Tls13Meaning::TicketNonce => "makes this ticket's key unique".into(),
        Tls13Meaning::CurveType => "named_curve (3)".into(),
        Tls13Meaning::ParamsSignature { scheme } => {
            format!("{scheme} signature over client_random ‖ server_random ‖ params")
        }
        Tls13Meaning::ClientPoint => "the client's ephemeral public key".into(),
    }
}

/// A TLS 1.3 check's name and detail.
pub(super) fn check(c: &Tls13Check) -> CheckWords {
    match c {
        Tls13Check::KeyShare { group } => CheckWords {
            name: "key share".into(),
            detail: format!("a valid {group} public key, on the group the client chose"),
        },
        Tls13Check::CertificateVerify { scheme } => CheckWords {
            name: "CertificateVerify".into(),
            detail: format!(
                "{scheme} signature over the transcript, checked with the certificate's key"
            ),
        },
        Tls13Check::ServerKeyExchange { scheme } => CheckWords {
            name: "ServerKeyExchange".into(),
            detail: format!(
                "{scheme} signature over client_random ‖ server_random ‖ params, checked with the certificate's key"
            ),
        },
        Tls13Check::NoDowngradeSentinel => CheckWords {
            name: "downgrade sentinel".into(),
            detail:
                "a TLS 1.2 ServerHello.random must not end in \"DOWNGRD\" when TLS 1.3 was offered"
                    .into(),
        },
        Tls13Check::Finished {
            of,
            verify_data,
            expected,
        } => CheckWords {
            name: format!("{} Finished", whose(*of)),
            detail: format!("received {}, expected {}", hex(verify_data), hex(expected)),
        },
    }
}

/// Whose secret a Derive-Secret label makes, of which kind, from which secret, over which
/// messages (RFC 8446 §7.1).
pub(crate) fn traffic_parts(
    label: &str,
) -> (&'static str, &'static str, &'static str, &'static str) {
    let of = if label.starts_with("c ") {
        "client"
    } else {
        "server"
    };
    if label.contains(" hs ") {
        (
            of,
            "handshake",
            "handshake_secret",
            "ClientHello…ServerHello",
        )
    } else {
        (
            of,
            "application",
            "master_secret",
            "ClientHello…server Finished",
        )
    }
}

/// The formula of a key schedule step.
pub(super) fn formula(s: &ScheduleStep) -> String {
    match s {
        ScheduleStep::SharedSecret { group } => {
            format!("shared_secret = {group}(my private key, the peer's public key share)")
        }
        ScheduleStep::EarlySecret => {
            "early_secret = HKDF-Extract(salt = 0, IKM = 32 zero bytes)   (no PSK)".into()
        }
        ScheduleStep::HandshakeSecret => "handshake_secret = HKDF-Extract(salt = \
             Derive-Secret(early_secret, \"derived\", \"\"), IKM = shared_secret)"
            .into(),
        ScheduleStep::TrafficSecret { label } => {
            let (of, kind, secret, range) = traffic_parts(label);
            format!("{of}_{kind}_traffic_secret = Derive-Secret({secret}, \"{label}\", {range})")
        }
        ScheduleStep::MasterSecret => "master_secret = HKDF-Extract(salt = \
             Derive-Secret(handshake_secret, \"derived\", \"\"), IKM = 32 zero bytes)"
            .into(),
        ScheduleStep::TrafficKeys {
            writer,
            application,
        } => {
            let kind = if *application {
                "application"
            } else {
                "handshake"
            };
            let w = whose(*writer);
            format!(
                "{w}_write_key = HKDF-Expand-Label({w}_{kind}_traffic_secret, \"key\", \"\", 16); \
                 {w}_write_iv = HKDF-Expand-Label(…, \"iv\", \"\", 12)"
            )
        }
        ScheduleStep::Finished { of } => {
            let w = whose(*of);
            format!(
                "verify_data = HMAC-SHA256(HKDF-Expand-Label({w}_handshake_traffic_secret, \
                 \"finished\", \"\", 32), transcript hash)"
            )
        }
        ScheduleStep::NextTrafficSecret { writer } => format!(
            "{w}_application_traffic_secret_N+1 = HKDF-Expand-Label(…_N, \"traffic upd\", \"\", 32)",
            w = whose(*writer)
        ),
        ScheduleStep::SignedContent { of } => format!(
            "content = 0x20 × 64 ‖ \"TLS 1.3, {} CertificateVerify\" ‖ 0x00 ‖ transcript hash",
            whose(*of)
        ),
        ScheduleStep::Ladder => "shared_secret → handshake_secret → {c,s} hs traffic → \
             master_secret → {c,s} ap traffic → write keys and IVs   (RFC 8446 §7.1, §7.3)"
            .into(),
    }
}

fn compared(m: &crate::scenario::compare::Measured) -> Card {
    use crate::scenario::compare::Kind;
    let title = match m.handshake {
        Kind::Rsa => "TLS 1.2 with RSA key exchange",
        Kind::Ecdhe => "TLS 1.2 with ECDHE",
        Kind::Tls13 => "TLS 1.3",
    };
    let sees = match m.handshake {
        Kind::Rsa => {
            "both randoms, the suite, the certificate, and the pre-master secret encrypted to that \
             certificate's key"
        }
        Kind::Ecdhe => {
            "both randoms, the suite, the certificate, both ephemeral public keys and the \
             server's signature over them"
        }
        Kind::Tls13 => {
            "both randoms, the versions and suites offered, the name in SNI and both key shares; \
             not the certificate"
        }
    };
    let certificate = if m.certificate_in_clear {
        "the certificate among them"
    } else {
        "the certificate not among them"
    };
    let theft = if m.theft_reveals {
        "it decrypts the recorded ClientKeyExchange, so the pre-master secret, every key and \
         every record of this connection are open"
    } else {
        "it opens nothing: no secret was ever encrypted to it, and the shared secret needs one of \
         the ephemeral private keys, which are gone (the stolen key can still sign: it lets the \
         thief pose as the server from now on)"
    };
    Card::new(
        title,
        format!(
            "{} before the request. Handshake: {} bytes, {} of them in the clear, {certificate}. \
             A passive eavesdropper sees {sees}. The server's private key, stolen later and \
             tried on this recording: {theft}.",
            super::summary::count(m.round_trips, "round trip"),
            m.handshake_bytes,
            m.clear_bytes
        ),
    )
}

/// `compare`'s table: one column per handshake.
pub(crate) fn compare_table(rows: &[crate::scenario::compare::Measured]) -> String {
    let yes = |b: bool| if b { "yes" } else { "no" };
    let mut out = format!(
        "{:<42}{:>14}{:>16}{:>10}\n",
        "", "TLS 1.2 RSA", "TLS 1.2 ECDHE", "TLS 1.3"
    );
    let mut line = |name: &str, f: &dyn Fn(&crate::scenario::compare::Measured) -> String| {
        out += &format!("{name:<42}");
        for (m, w) in rows.iter().zip([14, 16, 10]) {
            out += &format!("{:>w$}", f(m), w = w);
        }
        out += "\n";
    };
    line("round trips before the request", &|m| {
        m.round_trips.to_string()
    });
    line("handshake message bytes", &|m| {
        m.handshake_bytes.to_string()
    });
    line("  sent in the clear", &|m| m.clear_bytes.to_string());
    line("certificate in the clear", &|m| {
        yes(m.certificate_in_clear).into()
    });
    line("a stolen server key opens the recording", &|m| {
        yes(m.theft_reveals).into()
    });
    out
}
