//! English for the TLS 1.2 client and server.

use super::actor;
use crate::event::{Actor, LookupOutcome, TlsCheck, TlsTopic};
use crate::hexfmt::hex;
use crate::narrator::{Card, CheckWords};
use crate::tls::resume::Mechanism;
use crate::tls::ticket::TicketProblem;

/// Mallory's words where she plays the server: the server's own card would say things that
/// are not true of her.
pub(super) fn mallory_card(t: &TlsTopic) -> Option<Card> {
    Some(match t {
        TlsTopic::Certificate => Card::new(
            "Certificate",
            "Mallory sends the certificate she brought, as if she were the server. It carries a public key \
             whose private half she holds; whether the client accepts it depends only on the checks that follow.",
        ),
        TlsTopic::DecryptingPreMasterSecret => Card::new(
            "Decrypting the pre-master secret",
            "Mallory decrypts the ClientKeyExchange with her own private key, exactly as a server would: if the \
             client encrypted to her key, she now holds the pre-master secret, and with the randoms she saw, \
             every key of the session.",
        ),
        _ => return None,
    })
}

pub(super) fn card(t: &TlsTopic) -> Card {
    match t {
        TlsTopic::ClientHello { host } => Card::new(
            "ClientHello",
            format!(
                "The client opens the handshake. It says which TLS version it speaks (1.2) and lists two values as \
                 cipher suites: TLS_RSA_WITH_AES_128_GCM_SHA256 (RSA key exchange, AES-128-GCM records, SHA-256 PRF), the \
                 only suite it supports, and TLS_EMPTY_RENEGOTIATION_INFO_SCSV, which is no suite at all but a signal that \
                 it supports secure renegotiation (RFC 5746). It names the host it wants ({host}) so a server with many \
                 sites on one address can pick the right certificate (SNI, RFC 6066); before SNI a server had one \
                 certificate per IP address and port, which could name many hosts. And it sends 32 fresh random bytes, \
                 the client random: it makes every session's keys unique, even if everything else repeats."
            ),
        ),
        TlsTopic::ServerHello => Card::new(
            "ServerHello",
            "The server picks from what the client offered: TLS 1.2 and TLS_RSA_WITH_AES_128_GCM_SHA256. It sends its own \
             32 random bytes, the server random. It answers the client's renegotiation signal with an empty \
             renegotiation_info extension (RFC 5746), which OpenSSL 3 clients insist on, and echoes no extension the client \
             did not offer.",
        ),
        TlsTopic::Certificate => Card::new(
            "Certificate",
            "Next the server proves who it is, or rather claims to: it sends its certificate chain. The certificate holds the \
             server's public key and host names, signed by a CA. The private key never leaves the server; the certificate \
             only carries the public half.",
        ),
        TlsTopic::ServerHelloDone => Card::new(
            "ServerHelloDone",
            "With RSA key exchange the server has nothing more to say (no ServerKeyExchange: the key exchange uses the \
             certificate's key directly). ServerHelloDone hands the turn to the client.",
        ),
        TlsTopic::CheckingCertificate => Card::new(
            "Checking the certificate",
            "Before it sends anything secret, the client checks that the certificate really belongs to the \
             server it wants: signed by a CA it trusts, valid today, issued for this host name, and allowed to \
             be used this way. Any failure ends the handshake with an alert; nothing secret has left the client.",
        ),
        TlsTopic::PreMasterSecret => Card::new(
            "The pre-master secret",
            "The client now makes the secret both sides will share: 48 bytes, the version it offered (03 03) \
             followed by 46 random bytes. It pads it (PKCS#1 v1.5: 00 02, non-zero random bytes, 00, the secret) \
             and encrypts it with the RSA public key from the server's certificate. Only the holder of the matching \
             private key can decrypt it.",
        ),
        TlsTopic::ClientChangeCipherSpecAndFinished => Card::new(
            "ChangeCipherSpec and Finished",
            "ChangeCipherSpec (a one-byte message of its own type) says: everything I send from now on is \
             encrypted with the new keys. The first encrypted message is Finished: 12 bytes of verify_data, the PRF \
             keyed with the master secret over the SHA-256 hash of every handshake message so far (not a MAC with \
             keys made from it). Only someone who holds \
             the master secret and saw exactly the same messages can produce it, so it proves both, and catches a \
             man in the middle who changed anything in the clear part of the handshake.",
        ),
        TlsTopic::DecryptingPreMasterSecret => Card::new(
            "Decrypting the pre-master secret",
            "The server decrypts the ClientKeyExchange with its private key and checks the block: 00 02, at least 8 \
             non-zero padding bytes, 00, then exactly 48 bytes starting with the version the client offered. If anything \
             is wrong it does NOT say so: it carries on with a random pre-master secret, and the handshake fails later at \
             Finished with the same alert as any other mismatch (RFC 5246 §7.4.7.1). Telling an attacker which check failed \
             would let the attacker decrypt RSA ciphertexts one query at a time (Bleichenbacher's attack, 1998).",
        ),
        TlsTopic::ConstantTimeDecryption => Card::new(
            "Decrypted in constant time",
            "This server does the RSA private operation inside AWS-LC, whose arithmetic takes the same time \
             whatever the ciphertext, so the decrypted block stays inside the library and is not shown here \
             (`tlswalk handshake --verbose` shows it, decrypted by hand). Timing matters: the Marvin attack \
             (2023) recovered RSA plaintexts from servers whose decryption time depended, by a few microseconds, \
             on the block. The recipe around it is the same: a bad block gives a random pre-master secret.",
        ),
        TlsTopic::ExtendedMasterSecret { classic } => Card::new(
            "Extended master secret (RFC 7627)",
            format!(
                "The client offered extended_master_secret and the server accepted, so the master secret is derived from \
                 the hash of the whole handshake so far: the randoms are still in it, inside the hashed Hellos, and so is \
                 everything else both sides said, the server's certificate included. RFC 7627 exists because of the \
                 triple-handshake attack (2014): with the classic derivation a man in the middle could make two \
                 connections with different servers share one master secret. Without it the classic master secret \
                 would have been {}.",
                hex(classic)
            ),
        ),
        TlsTopic::ServerChangeCipherSpecAndFinished => Card::new(
            "The server's ChangeCipherSpec and Finished",
            "The client's Finished checked out, so the server switches to its own write key and sends its Finished: \
             the same PRF with the label \"server finished\", over a transcript that now also includes the client's \
             Finished. When the client verifies it, both sides know they agree on everything.",
        ),
        TlsTopic::ResumeOffered { mechanism } => Card::new(
            "Offering to resume a session",
            match mechanism {
                Mechanism::SessionId => {
                    "The client has been here before: it puts the session_id the server gave it last time into \
                     ClientHello. If the server still has that session in its cache, the two can skip the key \
                     exchange and reuse its master secret; if not, the server simply answers with a full handshake."
                }
                Mechanism::Ticket => {
                    "The client has been here before: it sends back, in the session_ticket extension, the ticket \
                     the server gave it last time (RFC 5077). The ticket is the session's state sealed with a key \
                     only the server holds, so the server keeps nothing itself. The client also sends a fresh \
                     session_id: if the server echoes it, the session is resumed (RFC 5077 §3.4)."
                }
            },
        ),
        TlsTopic::SessionResumed { mechanism } => Card::new(
            "Resuming the session",
            format!(
                "The server {} and the client still offers its suite, so it resumes the session: the abbreviated \
                 handshake (RFC 5246 §7.3, figure 2). ServerHello carries the client's session_id back, then the \
                 server goes straight to ChangeCipherSpec and Finished. No Certificate, no ServerHelloDone, no \
                 ClientKeyExchange: a round trip saved, and the RSA private-key operation, the most expensive \
                 step of the whole handshake, is not done at all.",
                match mechanism {
                    Mechanism::SessionId => "finds the session_id in its cache",
                    Mechanism::Ticket => "opens the ticket with its ticket key",
                }
            ),
        ),
        TlsTopic::ResumedKeys => Card::new(
            "Keys for the resumed session",
            "The master secret is the session's, unchanged; the keys are not. The key block is \
             PRF(master_secret, \"key expansion\", server_random ‖ client_random) with the two NEW randoms of \
             this handshake (RFC 5246 §6.3), so this connection's keys differ from the first one's, and \
             recording one connection does not give away the other's traffic keys.",
        ),
        TlsTopic::ServerFinishedFirst => Card::new(
            "The server's ChangeCipherSpec and Finished, first",
            "In a resumed session the server speaks first: it switches to its write key and sends Finished over \
             the two Hellos. Only a server that holds the session's master secret can compute it, so it proves \
             the server is the one the session was made with, without a certificate.",
        ),
        TlsTopic::ClientFinishedLast => Card::new(
            "The client's ChangeCipherSpec and Finished",
            "The server's Finished checked out, so the client switches to its write key and answers with its own \
             Finished, over a transcript that now includes the server's. The resumed handshake took one round \
             trip instead of two.",
        ),
        TlsTopic::TicketRenewed { lifetime_hint } => Card::new(
            "A new ticket for the resumed session",
            format!(
                "The ticket worked, but it was sealed with a ticket key the server has since replaced (or it \
                 has lived half its time), so the server gives the client a fresh one now, before its \
                 ChangeCipherSpec (RFC 5077 §3.3, figure 2): the same session, sealed with the current key, \
                 worth keeping for {lifetime_hint} seconds. Without it the client's next visit would find \
                 its ticket unreadable after the next key rotation and pay for a full handshake."
            ),
        ),
        TlsTopic::NewSessionTicket { lifetime_hint } => Card::new(
            "NewSessionTicket",
            format!(
                "Before its ChangeCipherSpec the server hands the client a session ticket (RFC 5077 §3.3): the \
                 session's master secret, suite and options, encrypted and authenticated with a key only the \
                 server holds (AES-128-GCM here). The client cannot read it; it only gives it back next time. \
                 The server keeps nothing, and says the ticket is worth keeping for {lifetime_hint} seconds."
            ),
        ),
        TlsTopic::SessionCached => Card::new(
            "A name for the session",
            "The server gives this session a 32-byte session_id in ServerHello and will keep its master secret \
             in its cache (a bounded one: the oldest sessions go first, and none lives longer than its \
             lifetime). A client that comes back with that session_id can resume the session.",
        ),
    }
}

pub(super) fn check(c: &TlsCheck, passed: bool) -> CheckWords {
    let (name, detail): (String, String) = match c {
        TlsCheck::ChangeCipherSpec { peer } => (
            "ChangeCipherSpec".into(),
            format!("the {}'s records are encrypted from here on", actor(*peer)),
        ),
        TlsCheck::VersionChosen { version } => {
            ("version".into(), format!("server chose {version}"))
        }
        TlsCheck::VersionOffered { version } => (
            "version".into(),
            format!("client offers {version}; {version} it is"),
        ),
        TlsCheck::SuiteChosen { suite } => {
            ("cipher suite".into(), format!("server chose {suite}"))
        }
        TlsCheck::SuiteOffered { suite } => {
            ("cipher suite".into(), format!("client offers {suite}"))
        }
        TlsCheck::SecureRenegotiation { answered } => (
            "secure renegotiation".into(),
            if *answered {
                "server answered the SCSV with an empty renegotiation_info (RFC 5746)".into()
            } else {
                "server did not answer the SCSV; tlswalk never renegotiates, so this is only noted"
                    .into()
            },
        ),
        TlsCheck::VerificationSkipped => (
            "certificate verification SKIPPED".into(),
            "no certificate is checked (connect --insecure, or mitm-proxy without --upstream-cacert): anyone on the path can pretend to be the server and read everything".into(),
        ),
        TlsCheck::PreMasterBlock => (
            "pre-master secret block well formed (told to no one)".into(),
            if passed {
                "00 02 ‖ padding ‖ 00 ‖ 03 03 ‖ 46 bytes".into()
            } else {
                "malformed: continuing with a random pre-master secret; Finished will fail".into()
            },
        ),
        TlsCheck::Resumption { mechanism, resumed } => (
            "session resumption".into(),
            match (mechanism, resumed) {
                (Mechanism::SessionId, true) => {
                    "server echoed the session_id: the session is resumed (abbreviated handshake)".into()
                }
                (Mechanism::Ticket, true) => {
                    "server echoed the session_id sent with the ticket: the session is resumed (abbreviated handshake)".into()
                }
                (Mechanism::SessionId, false) => {
                    "server did not resume the session_id offered: a full handshake follows".into()
                }
                (Mechanism::Ticket, false) => {
                    "server did not resume the ticket offered: a full handshake follows".into()
                }
            },
        ),
        TlsCheck::SessionLookup { mechanism, outcome } => {
            let what = match mechanism {
                Mechanism::SessionId => "session_id",
                Mechanism::Ticket => "session ticket",
            };
            let detail = match outcome {
                LookupOutcome::Resumed => "the session is resumed".to_string(),
                LookupOutcome::Unknown => "not in the cache (never issued, or evicted): a full handshake".into(),
                LookupOutcome::Expired => "the session is older than its lifetime: a full handshake".into(),
                LookupOutcome::Ticket {
                    problem: TicketProblem::UnknownKey,
                } => "sealed with a key this server no longer has (or never had): a full handshake".into(),
                LookupOutcome::Ticket {
                    problem: TicketProblem::Undecryptable,
                } => "does not decrypt: forged or damaged, so a full handshake".into(),
                LookupOutcome::Ticket {
                    problem: TicketProblem::Expired,
                } => "older than the ticket lifetime: a full handshake".into(),
                LookupOutcome::SuiteNotOffered => {
                    "the session's cipher suite is not offered any more: a full handshake".into()
                }
                LookupOutcome::EmsNowOffered => "the session was made without the extended master secret and the \
                     client offers it now: a full handshake (RFC 7627 §5.3)"
                    .into(),
                LookupOutcome::ServerNameChanged => {
                    "the session was made for another host name: a full handshake (RFC 6066 §3)".into()
                }
            };
            (format!("{what} offered"), detail)
        }
        TlsCheck::Finished {
            of,
            verify_data,
            expected,
        } => {
            let who = actor(*of);
            let detail = if passed {
                format!(
                    "verify_data {} matches: the {who} holds the same master secret and saw the same handshake",
                    hex(verify_data)
                )
            } else {
                finished_mismatch(*of, verify_data, expected)
            };
            (format!("{who} Finished"), detail)
        }
    };
    CheckWords { name, detail }
}

/// Why a Finished message was rejected (also the reason of the alert that follows).
pub fn finished_mismatch(of: Actor, verify_data: &[u8], expected: &[u8]) -> String {
    match of {
        Actor::Server => format!(
            "server Finished verify_data {} differs from the expected {}: the two sides did not see the same handshake",
            hex(verify_data),
            hex(expected)
        ),
        _ => format!(
            "client Finished verify_data {} differs from the expected {}: different handshake transcripts or different secrets",
            hex(verify_data),
            hex(expected)
        ),
    }
}
