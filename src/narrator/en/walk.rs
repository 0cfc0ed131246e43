//! English for the guided walk's own framing.

use crate::event::WalkTopic;
use crate::narrator::Card;
use crate::tls::resume::Mechanism;

pub(super) fn card(t: &WalkTopic) -> Card {
    match t {
        WalkTopic::Introduction { host, path } => Card::new(
            "What you are about to see",
            format!(
                "One HTTPS request to https://{host}{path}, done for real between a client and a server that live in this \
                 process: (1) a certificate authority signs the server's certificate; (2) TCP opens the connection; \
                 (3) TLS 1.2 agrees on keys from three values (client random, server random, pre-master secret) and \
                 proves both sides derived the same ones; (4) the HTTP request and response travel encrypted with \
                 AES-128-GCM; (5) both sides close. Every byte shown is a byte that crosses the network: the TLS \
                 record headers are shown with the TCP segments that carry them."
            ),
        ),
        WalkTopic::TrustStore => Card::new(
            "Trust store",
            "The client trusts one CA: the one just created, as a browser trusts the CAs its vendor ships. It has never seen \
             the server's certificate; it will accept it only if that CA signed it.",
        ),
        WalkTopic::TcpOpens => {
            Card::new("2. TCP: the three-way handshake opens the connection", "")
        }
        WalkTopic::TlsHandshake => Card::new("3. TLS 1.2 handshake: RSA key exchange", ""),
        WalkTopic::HandshakeComplete => Card::new(
            "Handshake complete",
            "Both Finished messages checked out: each side proved it holds the same master secret and saw the same handshake \
             messages, so nobody tampered with the negotiation. From here on every record is encrypted and authenticated.",
        ),
        WalkTopic::HttpInsideTls => Card::new("4. HTTP inside TLS: AES-128-GCM records", ""),
        WalkTopic::KeepAlive {
            requests,
            round_trips,
            bytes,
            segments,
        } => Card::new(
            "What keep-alive saved",
            format!(
                "{requests} requests on one connection: HTTP/1.1 keeps a connection open unless \
                 told otherwise (RFC 9112 §9.3), so the TCP handshake and the TLS handshake \
                 happened once, not {requests} times. The record sequence numbers simply go on. \
                 Saved: {round_trips} round trips (1 for TCP and 2 for TLS 1.2 per connection) \
                 and {bytes} bytes in {segments} segments, what this connection's open and \
                 handshake cost above."
            ),
        ),
        WalkTopic::Pipelined { requests } => Card::new(
            "Pipelining, and head-of-line blocking",
            format!(
                "The client sent its {requests} requests back to back without waiting. The \
                 server must answer them in the order they came (RFC 9112 §9.3.2), since \
                 nothing in a response says which request it answers: a slow first answer \
                 holds up every answer behind it. That is head-of-line blocking, and why \
                 browsers never turned pipelining on; HTTP/2 numbers its streams instead."
            ),
        ),
        WalkTopic::Http10 => Card::new(
            "HTTP/1.0",
            "An HTTP/1.0 request, without Connection: keep-alive: the server closes the \
             connection after its one response (RFC 9112 §9.3), and a second request would pay \
             for a new TCP and TLS handshake. HTTP/1.1 made keep-alive the default.",
        ),
        WalkTopic::ApplicationData => Card::new(
            "Application data",
            "HTTP knows nothing about TLS: the client hands its request to TLS as application data, and TLS puts it in a \
             record sealed with the client_write_key. The GCM nonce is the 4-byte client_write_IV (never sent) followed by \
             an 8-byte explicit part carried in the record. The additional authenticated data (sequence number ‖ type ‖ \
             version ‖ length) is covered by the 16-byte tag without being encrypted: type, version and length are in \
             the record header anyway; only the sequence number is implicit. Here the explicit nonce is the sequence \
             number too, so it can be read on the wire, but the receiver puts its own counter into the AAD, not the \
             number it reads: a record replayed, dropped or reordered fails the tag check. The \
             server answers the same way with its own key and IV.",
        ),
        WalkTopic::Closing => {
            Card::new("5. Closing: close_notify, then the TCP four-way close", "")
        }
        WalkTopic::CloseNotify => Card::new(
            "close_notify",
            "Each side says it is done with an encrypted close_notify alert before closing TCP. Without it, an attacker could \
             cut the connection early and the receiver could not tell a truncated response from a complete one.",
        ),
        WalkTopic::Recap => Card::new(
            "Recap: three values became four keys",
            "Two randoms travelled in the clear; the pre-master secret travelled encrypted to the server's public key, so \
             only the server could read it. From those three values both sides computed the same master secret, and from \
             it the same key block: a key and an implicit IV for each direction. An eavesdropper saw the randoms and the \
             encrypted pre-master secret, and without the server's private key that is not enough. \
             Steal that key later and a recording of this connection opens: `tlswalk handshake --tls 1.3` \
             walks the same request in TLS 1.3, where no secret is ever encrypted to the server's key.",
        ),
        WalkTopic::SecondConnection => {
            Card::new("6. A second connection: resuming the session", "")
        }
        WalkTopic::WhyResume {
            mechanism: Mechanism::SessionId,
        } => Card::new(
            "Why resume",
            "The client comes back on a new TCP connection. The first ServerHello gave the session a 32-byte \
             session_id, and the server kept the session's master secret in its cache under that name; the client \
             kept it too. Offering the session_id again lets both sides skip the whole key exchange.",
        ),
        WalkTopic::WhyResume {
            mechanism: Mechanism::Ticket,
        } => Card::new(
            "Why resume",
            "The client comes back on a new TCP connection. The server kept nothing of the first session: it \
             sealed the session's master secret into the ticket it gave the client, and only the client holds \
             that ticket. Handing it back lets both sides skip the whole key exchange, and the server needs no \
             cache, which is why tickets suit servers behind a load balancer.",
        ),
        WalkTopic::AbbreviatedHandshake => Card::new(
            "7. TLS 1.2 abbreviated handshake: no certificate, no key exchange",
            "",
        ),
        WalkTopic::ResumedComplete => Card::new(
            "Resumed handshake complete",
            "Four messages instead of eight: no Certificate, no ServerHelloDone, no ClientKeyExchange. The client \
             could send its request after one round trip instead of two, and the server did no RSA private-key \
             operation, the costliest step of a full handshake. The keys are new all the same: the same master \
             secret with two new randoms gives a new key block.",
        ),
        WalkTopic::ResumedHttpAndClosing => {
            Card::new("8. HTTP on the resumed session's keys, then closing", "")
        }
    }
}
