//! English for the man-in-the-middle lab.

use super::actor;
use crate::event::{MitmCheck, MitmTopic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use crate::scenario::mitm::{Attack, Failure, Problem, StoppedBy};

pub(super) fn card(t: &MitmTopic) -> Card {
    match t {
        MitmTopic::AttackBegins { attack, number, of } => {
            let title = if *of > 1 {
                format!("Attack {number}/{of}: {}", attack.name())
            } else {
                format!("Attack: {}", attack.name())
            };
            Card::new(title, "")
        }
        MitmTopic::Attack { attack } => Card::new(attack.name(), attack_summary(*attack)),
        MitmTopic::TrustStore => Card::new(
            "Trust store",
            "The client trusts one CA, the one just created. Mallory can copy anything she sees on \
             the network, including the server's certificate, but she does not have the CA's or the \
             server's private key.",
        ),
        MitmTopic::MalloryTools { ca_name } => Card::new(
            "Mallory's tools",
            format!(
                "Mallory makes an RSA key pair of her own, and a certificate authority of her own ({ca_name}). \
                 Anyone can make a CA: what makes a CA matter is whether clients trust it, and this one is in \
                 no trust store."
            ),
        ),
        MitmTopic::OwnCaCertificate { host, ca_name } => Card::new(
            "A certificate from her own CA",
            format!(
                "Her CA issues a certificate for {host} with her public key. It looks like the real one \
                 in every field a person reads, but it is signed by {ca_name}, not by the CA the \
                 client trusts."
            ),
        ),
        MitmTopic::SelfSignedCertificate { host } => Card::new(
            "A self-signed certificate",
            format!(
                "She signs a certificate for {host} with its own key: it vouches for itself. Nothing \
                 stops anyone from making one; nothing makes a client trust it."
            ),
        ),
        MitmTopic::CertificateForHerName { host, her_host } => Card::new(
            "A genuine certificate for her own name",
            format!(
                "Mallory owns {her_host}, so the real CA, after checking that, issues her a perfectly \
                 genuine certificate for it. Signature, dates and usages are all valid; only the name \
                 is not {host}."
            ),
        ),
        MitmTopic::ExpiredCertificate { host } => Card::new(
            "A genuine certificate that has expired",
            format!(
                "Long ago the real CA issued a certificate for {host} to a key Mallory holds (an old \
                 server's key, leaked after it was retired). Everything about it is genuine, but its \
                 validity ended: a key that old may have been copied anywhere, which is why certificates \
                 expire."
            ),
        ),
        MitmTopic::Forging { at } => Card::new(
            "Forging: her key in the real certificate",
            format!(
                "She copies the real certificate from an earlier handshake and overwrites the server's public key \
                 (the modulus n, at byte {at} of the DER) with her own. Names, dates and the CA's signature stay as they \
                 were. But the CA signed SHA-256 of the original tbsCertificate; the edited one hashes differently."
            ),
        ),
        MitmTopic::AnswersInServersPlace => Card::new(
            "Mallory answers in the server's place",
            "She sits on the path (a rogue Wi-Fi hotspot, a compromised router). When the client opens a connection \
             to the server's address, she answers it herself, running an ordinary TLS server with her certificate \
             and her key. From here on, what the server side says is Mallory speaking.",
        ),
        MitmTopic::WhatMalloryGot {
            received,
            client_key_exchange,
        } => Card::new(
            "What Mallory got",
            format!(
                "From the client she received: {}, then an alert. {}",
                received.join(", "),
                if *client_key_exchange {
                    "A ClientKeyExchange reached her: a secret left the client."
                } else {
                    "No ClientKeyExchange: the client refused before encrypting any secret, so there is \
                     nothing for her to decrypt."
                }
            ),
        ),
        MitmTopic::ClientAcceptedCertificate => Card::new(
            "The client accepted her certificate",
            "The client skipped verification, so it encrypted its pre-master secret to Mallory's public key. She \
             decrypted it with her private key (above, as the server would) and derived the session keys: this \
             connection is hers to read.",
        ),
        MitmTopic::OwnConnection => {
            Card::new("Mallory opens her own connection to the real server", "")
        }
        MitmTopic::Relaying => Card::new(
            "Relaying",
            "To stay unnoticed she must give the client real answers, so she connects to the real server as an \
             ordinary client. The server sees a normal, valid connection: it cannot know there is a second one \
             behind it.",
        ),
        MitmTopic::Login => Card::new(
            "The client sends its login; Mallory reads it and relays it",
            "",
        ),
        MitmTopic::WhatMallorySees { password } => Card::new(
            "What Mallory sees",
            format!(
                "She opened the record with the client_write_key she derived: the whole request is plaintext to her, \
                 password included ({password}). She could change it; here she relays it unchanged so nobody notices."
            ),
        ),
        MitmTopic::ClosingBoth => Card::new("Closing both connections", ""),
        MitmTopic::OnThePath => Card::new(
            "On the path",
            "This time Mallory does not pretend to be anyone: the client really talks to the real server, with the \
             real certificate. She only forwards their bytes, and changes some on the way.",
        ),
        MitmTopic::FlippingOneBit { before, after } => Card::new(
            "Flipping one bit",
            format!(
                "Mallory cannot read the encrypted request, but she can change it: she flips the lowest bit of the \
                 first ciphertext byte ({before:02x} → {after:02x}). With a stream-like cipher such as GCM's counter \
                 mode, that would flip the same bit of the plaintext, if the tag let it through."
            ),
        ),
        MitmTopic::NothingDelivered => Card::new(
            "Nothing delivered",
            "AES-GCM authenticates every record: the tag covers the ciphertext and the AAD (sequence number, \
             type, version, length). One flipped bit and the tag no longer matches, so the server discards the \
             record, delivers nothing to the application, and ends the connection with bad_record_mac. Mallory \
             cannot read the request, and she cannot change it without being caught.",
        ),
        MitmTopic::StrippingTls13 => Card::new(
            "Stripping TLS 1.3 from the ClientHello",
            "Both sides speak TLS 1.3, but TLS 1.2 with RSA key exchange would suit Mallory better: \
             a recording she could open once she steals the server's key. The ClientHello travels \
             in the clear, so she removes supported_versions and key_share from it: what is left \
             looks like the hello of a client that knows only TLS 1.2. She re-encodes it with \
             correct lengths.",
        ),
        MitmTopic::SentinelCaught => Card::new(
            "The downgrade sentinel",
            "The server, which speaks TLS 1.3, answered the edited hello in TLS 1.2 and ended its \
             random with 44 4F 57 4E 47 52 44 01 (\"DOWNGRD\" 01), as RFC 8446 §4.1.3 requires. \
             The client offered TLS 1.3, so it knows someone removed it, and aborts with \
             illegal_parameter before sending anything. Mallory cannot take the sentinel out: the \
             random is covered by the signature of a TLS 1.2 ServerKeyExchange, and by both \
             Finished messages whatever the key exchange.",
        ),
        MitmTopic::EditingClientHello => Card::new(
            "Editing the ClientHello",
            "The ClientHello travels in the clear, so Mallory parses it and removes one cipher suite value: \
             TLS_EMPTY_RENEGOTIATION_INFO_SCSV, the client's \"I support secure renegotiation\" signal (RFC 5746). \
             Without it the server will not protect renegotiation, the opening for the 2009 renegotiation attack. \
             Stripping an offer to weaken what both sides agree on is a downgrade attack. She re-encodes the message \
             with correct lengths, so it parses perfectly.",
        ),
        MitmTopic::WhyFinishedCatchesEdit {
            client_hash,
            server_hash,
        } => Card::new(
            "Why Finished catches the edit",
            format!(
                "Each side hashes every handshake message it sent and received, and Finished carries \
                 verify_data = PRF(master_secret, \"client finished\", transcript hash). The client hashed the \
                 ClientHello it sent; the server hashed the one it received. The hashes differ ({} vs {}), so the \
                 server's expected verify_data differs from the client's and it answers decrypt_error. Mallory cannot \
                 fix up Finished: it is encrypted and keyed by the master secret, which she does not have.",
                hex(prefix(client_hash)),
                hex(prefix(server_hash))
            ),
        ),
        MitmTopic::Recording => Card::new(
            "Recording",
            "Mallory only listens: she copies every byte of a perfectly genuine session and stores it. Today she can \
             read none of it.",
        ),
        MitmTopic::KeyStolenLater => {
            Card::new("Months later: Mallory steals the server's private key", "")
        }
        MitmTopic::StolenKey => Card::new(
            "The stolen key",
            "A break-in, a leaked backup, a bug like Heartbleed: Mallory now holds the server's RSA private key. With \
             RSA key exchange that key is all she needs for every session she ever recorded.",
        ),
        MitmTopic::ThreeValuesFromRecording => Card::new(
            "Three values from the recording",
            "The keys of a TLS 1.2 RSA session come from three values, all of them in her recording: the client random \
             (ClientHello, in the clear), the server random (ServerHello, in the clear) and the pre-master secret \
             (ClientKeyExchange, encrypted to the server's key, which she now has).",
        ),
        MitmTopic::NothingToDecrypt { key_exchange } => Card::new(
            "The stolen key opens nothing",
            match key_exchange {
                crate::scenario::mitm::KeyExchange::Tls13 => {
                    "Mallory holds the recording and the server's private key. The recording has \
                     both randoms and both key shares; the handshake after ServerHello, the \
                     certificate included, and all the HTTP are in records whose keys come from \
                     the X25519 shared secret. To compute it she needs the client's or the \
                     server's ephemeral private key, and both were thrown away when the handshake \
                     ended. The stolen key signed the CertificateVerify and decrypts nothing: \
                     she reads nothing."
                }
                _ => {
                    "Mallory holds the recording and the server's private key. The recording has \
                     both randoms, the two ephemeral public keys and the server's signature over \
                     its own; the pre-master secret is their X25519 shared secret, which needs an \
                     ephemeral private key, and both were thrown away when the handshake ended. \
                     The stolen key only made the ServerKeyExchange signature and decrypts \
                     nothing: she reads nothing."
                }
            },
        ),
        MitmTopic::ForwardSecrecy => Card::new(
            "Forward secrecy",
            "With RSA key exchange the pre-master secret travels encrypted to the server's long-term key, so that \
             one key protects every past session: steal it once and the whole archive opens. Forward secrecy means \
             a later theft cannot open earlier sessions: with ephemeral Diffie-Hellman (ECDHE) both sides make a \
             fresh key pair per connection, derive the secret from it, and throw it away; the certificate's key only \
             signs. TLS 1.3 (RFC 8446) removed RSA key exchange altogether for this reason: every full TLS 1.3 handshake \
             uses (EC)DHE (only resumption in psk_ke mode, RFC 8446 §4.2.9, does without).",
        ),
    }
}

/// The first 8 bytes of a hash, as the card quotes it.
fn prefix(hash: &[u8]) -> &[u8] {
    &hash[..hash.len().min(8)]
}

/// One line: what Mallory tries.
pub fn attack_summary(attack: Attack) -> &'static str {
    match attack {
        Attack::RogueCa => "Mallory answers with a certificate her own CA issued for the host",
        Attack::SelfSigned => "Mallory answers with a self-signed certificate for the host",
        Attack::ForgedSignature => {
            "Mallory swaps her public key into the real certificate and keeps the CA's signature"
        }
        Attack::WrongHost => {
            "Mallory answers with a genuine certificate the CA issued her for mallory.example"
        }
        Attack::Expired => {
            "Mallory answers with a genuine certificate for the host that has expired"
        }
        Attack::TamperRecord => "Mallory flips one bit of the encrypted HTTP request in flight",
        Attack::Downgrade => {
            "Mallory removes TLS 1.3 from the ClientHello in flight, to force TLS 1.2"
        }
        Attack::TamperHandshake => {
            "Mallory edits the ClientHello in flight, stripping the secure-renegotiation signal"
        }
        Attack::InsecureClient => "as rogue-ca, but the client skips certificate verification",
        Attack::StolenKey => {
            "Mallory records a session, steals the server's private key later, and decrypts the recording"
        }
    }
}

pub(super) fn check(c: &MitmCheck) -> CheckWords {
    match c {
        MitmCheck::HoldsClientPreMaster => CheckWords {
            name: "Mallory holds the client's pre-master secret".into(),
            detail: "the secret the client encrypted for \"the server\" is the one Mallory decrypted with her key".into(),
        },
        MitmCheck::Verdict {
            attack,
            stopped_by: by,
            alert,
            secrets_exposed,
            problem: p,
        } => {
            let detail = format!(
                "stopped by: {}; alert: {}; secrets exposed: {}",
                by.as_ref()
                    .map(stopped_by)
                    .unwrap_or_else(|| "nothing".into()),
                alert
                    .map(|(a, d)| format!("{d} (from the {})", actor(a)))
                    .unwrap_or_else(|| "none".into()),
                if *secrets_exposed { "yes" } else { "no" }
            );
            let detail = match p {
                None => detail,
                Some(p) => format!("{detail}; NOT AS THE LESSON SAYS: {}", problem(p)),
            };
            CheckWords {
                name: format!("{}: behaves as the lesson says", attack.name()),
                detail,
            }
        }
    }
}

/// What stopped an attack, e.g. `client: issuer known`.
pub fn stopped_by(s: &StoppedBy) -> String {
    let what = match &s.failure {
        Failure::Check { check } => super::check(check, false).name,
        Failure::Tag { content_type, seq } => format!("GCM tag of {content_type} record #{seq}"),
    };
    format!("{}: {what}", actor(s.by))
}

/// How an attack went differently from its lesson.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::WrongAlert {
            expected_from,
            expected,
            got,
        } => format!(
            "expected the {} to send {expected}, got {}",
            actor(*expected_from),
            got.map(|(a, d)| format!("{d} from the {}", actor(a)))
                .unwrap_or_else(|| "no alert".into())
        ),
        Problem::SecretLeaked => "a secret leaked".into(),
        Problem::KeyExchangeBeforeRefusing => {
            "the client sent a ClientKeyExchange before refusing".into()
        }
        Problem::DataReachedServer => "application data reached the server".into(),
        Problem::RecoveredNothing => "Mallory recovered nothing".into(),
        Problem::CounterfactualAlert => "the counterfactual ended in an alert".into(),
        Problem::PlaintextLacks { wanted } => {
            format!("the recovered plaintext lacks {wanted:?}")
        }
        Problem::RelayedResponseLost => "the relayed response did not reach the client".into(),
        Problem::NothingToTamper => "Mallory found nothing to tamper with".into(),
        Problem::RecordingDiffers => {
            "the decrypted recording differs from what the two sides exchanged".into()
        }
    }
}
