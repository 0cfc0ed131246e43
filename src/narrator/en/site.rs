//! English for the site `serve` answers with: the page about the connection that fetched it
//! and the bodies of its error responses (see `net::site`).

use crate::narrator::{Recap13Step, RecapStep, Site, SiteValue, TryItem};

/// The text.
pub fn site(t: &Site<'_>) -> String {
    match t {
        Site::PageTitle => "tlswalk: what just happened".into(),
        Site::PageHeading => "You are talking to tlswalk over TLS 1.2".into(),
        Site::PageIntro {
            id,
            peer,
            request,
            method,
            path,
            host,
            sni,
        } => {
            let sni = match sni {
                Some(name) => format!("<code>{name}</code>"),
                None => "none (your client sent no server_name extension)".into(),
            };
            format!(
                "Connection {id} from <code>{peer}</code>, request {request} on it: \
                 <code>{method} {path}</code> for host <code>{host}</code>. SNI: {sni}."
            )
        }
        Site::RecapHeading => "What just happened".into(),
        Site::Recap(step) => recap(*step).into(),
        Site::Recap13(step) => recap13(*step).into(),
        Site::ValueMeaning13 { value, group } => value_meaning13(*value, group),
        Site::ValuesHeading => "This session's values".into(),
        Site::ValuesNote => "These are secret to everyone but your client and this server; your \
                             client computed the same ones. (Showing them is the point of a \
                             teaching server. A real server never would.)"
            .into(),
        Site::NoSecrets => "(no session secrets)".into(),
        Site::ValueName(v) => value_name(*v).into(),
        Site::ValueMeaning {
            value,
            bytes,
            ems,
            salt,
        } => value_meaning(*value, *bytes, *ems, salt),
        Site::TryHeading => "Try".into(),
        Site::Try(item) => try_item(*item).into(),
        Site::MethodNotAllowed { method, path } => {
            format!("{method} is not allowed on {path}; use GET (or anything on /echo)\n")
        }
        Site::BytesTooMany { max } => format!("/bytes/N: N is at most {max} (1 GiB)\n"),
        Site::BytesNotANumber { got } => {
            format!("/bytes/N: N must be a number of bytes, got {got:?}\n")
        }
        Site::NotAnUpgrade => "/ws speaks WebSocket: send a GET with Upgrade: websocket, \
             Connection: Upgrade, Sec-WebSocket-Key and Sec-WebSocket-Version: 13 (RFC 6455 \
             §4.1)\n"
            .into(),
        Site::NotFound { path } => {
            format!("nothing at {path}; try /, /echo, /bytes/1000 or wss://…/ws\n")
        }
        Site::BadRequest(problem) => format!("{}\n", super::http_problem(problem)),
        Site::RequestTooLarge { max } => format!("requests are limited to {max} bytes\n"),
    }
}

fn recap(step: RecapStep) -> &'static str {
    match step {
        RecapStep::Tcp => "<b>TCP</b>: your client and this server exchanged SYN, SYN-ACK, ACK.",
        RecapStep::ClientHello => {
            "<b>ClientHello</b>: your client offered TLS versions, cipher suites and a fresh \
             client random."
        }
        RecapStep::ServerHello => {
            "<b>ServerHello, Certificate, ServerHelloDone</b>: the server chose TLS 1.2 and \
             <code>TLS_RSA_WITH_AES_128_GCM_SHA256</code> (0x009C), sent its server random and \
             its certificate, signed by this server's CA. Your client checked the signature, the \
             validity dates and the host name."
        }
        RecapStep::ClientKeyExchange => {
            "<b>ClientKeyExchange</b>: your client made a 48-byte pre-master secret and encrypted \
             it with the server's RSA public key. Only this server's private key can decrypt it. \
             (With RSA key exchange, anyone who steals that key later can decrypt a recording of \
             this connection: there is no forward secrecy. TLS 1.3 removed RSA key exchange for \
             that reason.)"
        }
        RecapStep::EcdheKeyExchange => {
            "<b>ServerKeyExchange, ClientKeyExchange</b>: the server sent an ephemeral public key \
             signed with its certificate's key, your client answered with its own; each side \
             combined its private key with the other's public key into the same shared secret, \
             the pre-master secret, which never crossed the wire (ECDHE: forward secrecy)."
        }
        RecapStep::KeyDerivation => {
            "<b>Key derivation</b>: both sides turned the pre-master secret and the two randoms \
             into the master secret, then into the AES-128-GCM keys and nonce salts below."
        }
        RecapStep::Finished => {
            "<b>ChangeCipherSpec, Finished</b>: each side proved it holds the same master secret \
             and saw the same handshake messages. From then on every record is encrypted and \
             authenticated."
        }
        RecapStep::Http => {
            "<b>HTTP</b>: your request and this page travelled in application_data records, each \
             sealed with AES-128-GCM (nonce = salt ‖ 8-byte sequence number, additional data = \
             sequence number ‖ type ‖ version ‖ length)."
        }
    }
}

fn value_name(v: SiteValue) -> &'static str {
    match v {
        SiteValue::ClientRandom => "client random",
        SiteValue::ServerRandom => "server random",
        SiteValue::EncryptedPreMasterSecret => "encrypted pre-master secret",
        SiteValue::PreMasterSecret => "pre-master secret",
        SiteValue::MasterSecret => "master secret",
        SiteValue::ClientWriteKey => "client_write_key",
        SiteValue::ServerWriteKey => "server_write_key",
        SiteValue::SharedSecret => "shared secret",
        SiteValue::HandshakeSecret => "handshake secret",
        SiteValue::ClientHandshakeTraffic => "client_handshake_traffic_secret",
        SiteValue::ServerHandshakeTraffic => "server_handshake_traffic_secret",
        SiteValue::MasterSecret13 => "master secret",
        SiteValue::ClientApplicationTraffic => "client_application_traffic_secret_0",
        SiteValue::ServerApplicationTraffic => "server_application_traffic_secret_0",
    }
}

fn value_meaning(v: SiteValue, bytes: usize, ems: bool, salt: &str) -> String {
    match v {
        SiteValue::ClientRandom => format!("{bytes} bytes your client chose (ClientHello)"),
        SiteValue::ServerRandom => format!("{bytes} bytes this server chose (ServerHello)"),
        SiteValue::EncryptedPreMasterSecret => format!(
            "{bytes} bytes: your client encrypted the pre-master secret with the RSA public key \
             in this server's certificate (ClientKeyExchange)"
        ),
        SiteValue::PreMasterSecret => format!(
            "{bytes} bytes: 03 03 (the version your client offered) and 46 random bytes; only \
             the private key could recover them"
        ),
        SiteValue::MasterSecret if ems => "master_secret = PRF(pre_master_secret, \"extended \
             master secret\", session_hash) — the extended master secret (RFC 7627): bound to \
             the hash of this very handshake"
            .into(),
        SiteValue::MasterSecret => "master_secret = PRF(pre_master_secret, \"master secret\", \
             client_random ‖ server_random) — the classic derivation (RFC 5246 §8.1)"
            .into(),
        SiteValue::ClientWriteKey => {
            format!("AES-128 key for what your client sends; nonce salt <code>{salt}</code>")
        }
        SiteValue::ServerWriteKey => format!(
            "AES-128 key for what this server sends (this page); nonce salt <code>{salt}</code>"
        ),
        _ => value_meaning13(v, ""),
    }
}

fn try_item(item: TryItem) -> &'static str {
    match item {
        TryItem::Echo => "<code>/echo</code>: your request, as the server decrypted it.",
        TryItem::Bytes => {
            "<code>/bytes/N</code>: N bytes (at most 1 GiB) in 16 KiB records, to measure \
             throughput."
        }
        TryItem::Decrypt => {
            "Start the server with <code>--keylog keys.log</code>, capture with <code>tshark -i \
             lo -w cap.pcap</code>, and decrypt with <code>tshark -r cap.pcap -o \
             tls.keylog_file:keys.log -Y http</code>."
        }
    }
}

fn recap13(step: Recap13Step) -> &'static str {
    match step {
        Recap13Step::ClientHello => {
            "<b>ClientHello</b>: your client offered TLS 1.3 (in supported_versions) and sent a \
             key share: the public half of an ephemeral key pair made for this connection alone."
        }
        Recap13Step::ServerHello => {
            "<b>ServerHello</b>: the server chose TLS 1.3 and <code>TLS_AES_128_GCM_SHA256</code> \
             and answered with its own key share. Each side combined its private key with the \
             other's public key into the same shared secret, which never crossed the wire."
        }
        Recap13Step::Encrypted => {
            "<b>Encrypted from here</b>: the handshake traffic keys came from the shared secret \
             and the hash of the two hellos, so EncryptedExtensions and the certificate were \
             already encrypted."
        }
        Recap13Step::CertificateVerify => {
            "<b>CertificateVerify</b>: the server signed the hash of the handshake so far with \
             its certificate's private key (RSA-PSS). Your client checked it, and the certificate. \
             That key only signs: stealing it later decrypts nothing recorded today (forward \
             secrecy), because the ephemeral private keys are gone."
        }
        Recap13Step::Finished => {
            "<b>Finished</b>: each side sent an HMAC of the whole handshake; the application \
             traffic keys below protect your request and this page. One round trip in all."
        }
    }
}

fn value_meaning13(v: SiteValue, group: &str) -> String {
    match v {
        SiteValue::SharedSecret => format!(
            "{group}(private key, the other side's key share): computed on both sides, never sent"
        ),
        SiteValue::HandshakeSecret => {
            "HKDF-Extract(Derive-Secret(early_secret, \"derived\", \"\"), \
             shared secret) (RFC 8446 §7.1)"
                .into()
        }
        SiteValue::ClientHandshakeTraffic | SiteValue::ServerHandshakeTraffic => {
            "Derive-Secret(handshake secret, \"c hs traffic\" or \"s hs traffic\", \
             ClientHello…ServerHello): its key and IV encrypted the rest of the handshake"
                .into()
        }
        SiteValue::MasterSecret13 => "HKDF-Extract(Derive-Secret(handshake secret, \"derived\", \
             \"\"), 0)"
            .into(),
        SiteValue::ClientApplicationTraffic => "Derive-Secret(master secret, \"c ap traffic\", \
             ClientHello…server Finished): what your client sends is encrypted with keys from it"
            .into(),
        _ => "Derive-Secret(master secret, \"s ap traffic\", ClientHello…server Finished): this \
             page is encrypted with keys from it"
            .into(),
    }
}
