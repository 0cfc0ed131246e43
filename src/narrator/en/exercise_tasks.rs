//! English for the exercises' statements: each prompt's inputs in their sentences. (Titles,
//! hints and verdicts are in `exercise.rs`.) Byte strings are shown as contiguous hex, so that
//! a learner can copy them into another tool.

use crate::exercise::{
    BadCert, LayerField, MitmScene, Prompt, SocketEffect, TcpEvent, ThreatStory,
};
use crate::hexfmt::hex;
use crate::tls::keys::FinishedLabel;

/// The statement of a prompt, before wrapping (the card wraps it).
pub fn statement(p: &Prompt) -> String {
    match p {
        Prompt::SynAck { isn } => format!(
            "A client opens a TCP connection. Its SYN segment carries seq={isn}.\n\
             What acknowledgment number does the server's SYN-ACK carry?"
        ),
        Prompt::SeqAfterData { seq, len } => format!(
            "A TCP segment has seq={seq} and carries {len} bytes of data (a piece of a TLS record).\n\
             What sequence number does the sender's next segment carry?"
        ),
        Prompt::TcpState { from, event } => format!(
            "A TCP endpoint is in state {from} and {}.\n\
             Which state is it in now? (Use the RFC 9293 name, e.g. SYN-SENT.)",
            tcp_event(*event)
        ),
        Prompt::TimeWait { msl } => format!(
            "A TCP stack uses a maximum segment lifetime (MSL) of {msl} seconds.\n\
             How many seconds does a connection stay in TIME-WAIT?"
        ),
        Prompt::StatusCode { code, example } => format!(
            "A server answers with the status line:\n\n    HTTP/1.1 {code} ???\n\n\
             What is the standard reason phrase for {code}? (an answer looks like \"{example}\")"
        ),
        Prompt::ContentLength { body } => format!(
            "A server sends this body, encoded as UTF-8, with nothing before or after it \
             (no newline):\n\n    {body}\n\n\
             What value must its Content-Length header have?"
        ),
        Prompt::Eavesdrop { payload } => format!(
            "You capture one TCP segment on café Wi-Fi. Its payload (plain HTTP, no TLS) is:\n\n{}\n\n\
             What is the password?",
            hex(payload)
        ),
        Prompt::Threat { story } => format!(
            "{}\n\nWhich of the three threats is this: eavesdropping, tampering or impersonation?",
            threat_story(*story)
        ),
        Prompt::ToyRsa { p, q, n, e, m } => format!(
            "Textbook RSA with tiny numbers (real keys have 2048-bit n).\n\
             Public key: n = {p} × {q} = {n}, e = {e}.\n\
             Encrypt the message m = {m}: what is c = m^e mod n?"
        ),
        Prompt::Pkcs1Capacity { bits } => format!(
            "A server has a {bits}-bit RSA key. With PKCS#1 v1.5 encryption (00 02, at least 8 \
             non-zero padding bytes, 00, message), what is the longest message in bytes that fits \
             in one block? (TLS puts its 48-byte pre-master secret there.)"
        ),
        Prompt::Sha256Text { text } => format!(
            "What is SHA-256 of the UTF-8 text below (no newline at the end)? Answer in hex.\n\n    {text}"
        ),
        Prompt::SignaturePadding { bits } => format!(
            "A {bits}-bit RSA key signs with PKCS#1 v1.5 and SHA-256. The block it raises to the \
             private exponent is\n\n    00 01 FF FF … FF 00 ‖ DigestInfo (19 bytes) ‖ SHA-256 digest (32 bytes)\n\n\
             How many FF bytes does the padding hold?"
        ),
        Prompt::TbsDigest { seed, tbs } => format!(
            "Here is the tbsCertificate (the \"to be signed\" part) of the server certificate that \
             `tlswalk handshake --seed {seed}` uses, as hex:\n\n{}\n\n\
             What digest does the CA sign? (SHA-256 of these bytes, in hex.)",
            hex(tbs)
        ),
        Prompt::FailedCheck { case } => format!(
            "{}\n\nThe client runs its checklist in this order: {CHECK_NAMES}.\n\
             Which check fails first?",
            bad_cert_story(*case)
        ),
        Prompt::HandshakeType { msg_type } => format!(
            "A handshake message starts with the four bytes {msg_type:02x} ?? ?? ?? (msg_type, then a \
             3-byte length).\nWhich TLS 1.2 handshake message is it?"
        ),
        Prompt::VerifyData {
            master_secret,
            handshake_hash,
            finished,
        } => {
            // The label is the RFC's (data); who sends the message is said in words.
            let (label, who) = match finished {
                FinishedLabel::Client => ("client finished", "client"),
                FinishedLabel::Server => ("server finished", "server"),
            };
            format!(
                "master_secret               = {}\n\
                 SHA-256(handshake_messages) = {}\n\n\
                 What verify_data does the {who}'s Finished message carry?\n\
                 verify_data = PRF(master_secret, \"{label}\", SHA-256(handshake_messages))[0..12]",
                hex(master_secret),
                hex(handshake_hash)
            )
        }
        Prompt::MasterSecret {
            pre_master_secret,
            client_random,
            server_random,
        } => format!(
            "pre_master_secret = {}\n\
             client_random     = {}\n\
             server_random     = {}\n\n\
             What is the master secret (48 bytes, hex)?\n\
             master_secret = PRF(pre_master_secret, \"master secret\", client_random ‖ server_random)[0..48]",
            hex(pre_master_secret),
            hex(client_random),
            hex(server_random)
        ),
        Prompt::ClientWriteKey {
            master_secret,
            client_random,
            server_random,
        } => format!(
            "master_secret = {}\n\
             client_random = {}\n\
             server_random = {}\n\n\
             What is client_write_key (16 bytes, hex)?\n\
             key_block = PRF(master_secret, \"key expansion\", server_random ‖ client_random)",
            hex(master_secret),
            hex(client_random),
            hex(server_random)
        ),
        Prompt::GcmNonce { iv, seq } => format!(
            "client_write_IV = {}. The client seals its record with sequence number {seq}, and \
             (as OpenSSL and tlswalk do) uses the sequence number as the 8-byte explicit nonce.\n\
             What is the 12-byte GCM nonce (hex)?",
            hex(iv)
        ),
        Prompt::Aad {
            content_type,
            seq,
            len,
        } => format!(
            "A TLS 1.2 {content_type} record with sequence number {seq} carries {len} bytes of plaintext.\n\
             What 13 bytes of additional authenticated data (AAD) go into AES-GCM (hex)?"
        ),
        Prompt::DecryptRecord {
            key,
            iv,
            seq,
            record,
        } => format!(
            "server_write_key = {}\nserver_write_IV  = {}\nsequence number  = {seq}\n\
             record on the wire:\n{}\n\n\
             Decrypt it: what is the plaintext (UTF-8 text)?",
            hex(key),
            hex(iv),
            hex(record)
        ),
        Prompt::TamperedPart { sent, received } => format!(
            "The client sent this record:\n{}\n\nThe server received this one:\n{}\n\n\
             Mallory changed one bit. In which part of the record: header, explicit nonce, \
             ciphertext or tag? (Whatever the part, the receiver answers bad_record_mac.)",
            hex(sent),
            hex(received)
        ),
        Prompt::MitmAlert { scene } => {
            let story = match scene {
                MitmScene::Certificate { case } => bad_cert_story(*case),
                MitmScene::FlippedRecordBit => {
                    "After the handshake, Mallory flips one bit in an application_data record on its \
                     way to the server."
                }
            };
            format!(
                "{story}\n\nThe attack is detected. What alert code (a number, RFC 5246 section 7.2) \
                 does the detecting side send?"
            )
        }
        Prompt::StolenKey {
            pre_master_secret,
            client_random,
            server_random,
        } => format!(
            "Years ago you recorded an HTTPS connection that used RSA key exchange. Today the \
             server's private key leaked, and with it you decrypted the ClientKeyExchange:\n\n\
             pre_master_secret = {}\n\
             client_random     = {}   (from the recorded ClientHello)\n\
             server_random     = {}   (from the recorded ServerHello)\n\n\
             What is client_write_key, the key of every request the client sent?",
            hex(pre_master_secret),
            hex(client_random),
            hex(server_random)
        ),
        Prompt::ToyDh {
            p,
            g,
            client_public,
            server_secret,
        } => format!(
            "Ephemeral Diffie-Hellman with tiny numbers (what ECDHE does with elliptic curves).\n\
             Public: p = {p}, g = {g}. The client picked a secret a and sent A = g^a mod p = {client_public}.\n\
             You are the server; your fresh secret is b = {server_secret}.\n\
             What shared secret do you compute (A^b mod p)?"
        ),
        Prompt::KeylogClientRandom {
            client_random,
            master_secret,
        } => format!(
            "client_random = {}\nmaster_secret = {}\n\n\
             Write the NSS key log line (SSLKEYLOGFILE) that lets Wireshark decrypt this session.",
            hex(client_random),
            hex(master_secret)
        ),
        Prompt::KeylogRsa {
            encrypted_pre_master_secret,
            pre_master_secret,
        } => format!(
            "encrypted_pre_master_secret (from the ClientKeyExchange) =\n{}\n\
             pre_master_secret = {}\n\n\
             Write the NSS key log line of type RSA for this session.",
            hex(encrypted_pre_master_secret),
            hex(pre_master_secret)
        ),
        Prompt::Ipv6Groups { address } => format!(
            "An IPv6 address is written as\n\n    {address}\n\n\
             How many all-zero 16-bit groups does \"::\" stand for?"
        ),
        Prompt::Sni { client_hello } => format!(
            "A ClientHello, as it crossed the network before any key existed:\n\n{}\n\n\
             Which site is the client visiting? (the host name in the server_name extension)",
            hex(client_hello)
        ),
        Prompt::SocketCall { effect } => format!(
            "A program makes one socket call. On the wire and in the program, this happens:\n\n    \
             {}\n\n\
             Which call was it? (its POSIX name, e.g. socket)",
            socket_effect(*effect)
        ),
        Prompt::OldSynReset { own_seq, old_seq } => format!(
            "A client sends SYN seq={own_seq}. Before it arrives, an old duplicate SYN from an \
             earlier connection on the same ports, seq={old_seq}, reaches the listening server, \
             which answers it with a SYN-ACK. The client rejects that SYN-ACK with an RST.\n\n\
             What sequence number does the client's RST carry?"
        ),
        Prompt::TimeWaitRestart { msl_s, again_ms } => format!(
            "A stack's maximum segment lifetime is {msl_s} s. The client enters TIME-WAIT at \
             t = 0 ms. Its last ACK is lost; the server's FIN comes again, and the client \
             acknowledges it at t = {again_ms} ms.\n\n\
             At what t (in ms) does the client leave TIME-WAIT, if nothing else arrives?"
        ),
        Prompt::DnsTtlLeft { name, ttl, after_s } => format!(
            "A recursive resolver gets the answer {name}. A 192.0.2.7 with TTL {ttl} from the \
             authoritative server and caches it. {after_s} s later a stub resolver asks it for \
             {name} A, and it answers from its cache.\n\n\
             What TTL does that answer carry?"
        ),
        Prompt::DnsPointer { bytes } => format!(
            "In a DNS response, where a name should start, are the two bytes {}.\n\n\
             At which offset of the message (counted from its first byte, 0) is the rest of \
             the name?",
            crate::hexfmt::hex(bytes)
        ),
        Prompt::UdpLength { name } => format!(
            "A stub resolver sends a query for {name} (QTYPE A, QCLASS IN, one question, no \
             EDNS record, no other records) in one UDP datagram.\n\n\
             What does the datagram's UDP length field say?"
        ),
        Prompt::UdpChecksum {
            src,
            dst,
            src_port,
            dst_port,
            payload,
        } => format!(
            "A UDP datagram goes from {}:{src_port} to {}:{dst_port} over IPv4 with the {} \
             payload bytes {}.\n\n\
             What is its checksum?",
            std::net::Ipv4Addr::from(*src),
            std::net::Ipv4Addr::from(*dst),
            payload.len(),
            crate::hexfmt::hex(payload)
        ),
        Prompt::FramePayload {
            frame_len,
            data_offset,
        } => format!(
            "An Ethernet II frame of {frame_len} bytes (without its FCS) carries an IPv4 packet \
             with IHL 5, which carries a TCP segment whose data offset is {data_offset}.\n\n\
             How many bytes of payload does the TCP segment carry?"
        ),
        Prompt::PipelinedResponse { paths, nth, status } => format!(
            "A client pipelines {} GET requests on one HTTP/1.1 connection, in this order: \
             {}. The responses arrive; the one in place {nth} says {status}.\n\n\
             Which path did that response answer?",
            paths.len(),
            paths.join(", ")
        ),
        Prompt::KeepAliveRoundTrips { requests } => format!(
            "A browser needs {requests} resources from one HTTPS server (TLS 1.2, full \
             handshakes). It can open a new connection for each, or send all of them on one \
             kept-alive connection.\n\n\
             How many round trips does keep-alive save before the requests go out?"
        ),
        Prompt::X25519Shared { private, public } => format!(
            "Your X25519 private key is\n\n    {}\n\nand the other side's key share (its \
             public key) is\n\n    {}\n\nWhat is the shared secret?",
            hex(private),
            hex(public)
        ),
        Prompt::ExpandLabel { secret, label, len } => format!(
            "A TLS 1.3 traffic secret is\n\n    {}\n\n\
             What is HKDF-Expand-Label(secret, \"{label}\", \"\", {len}) with SHA-256?",
            hex(secret)
        ),
        Prompt::KeyLogLine { lines, target } => format!(
            "Wireshark was given this key log for a TLS 1.3 capture:\n\n    {}\n\n\
             The key that decrypts {} comes from which line? Give its label.",
            lines.join("\n    "),
            match target {
                crate::exercise::KeyLogTarget::ServerCertificate => "the server's Certificate",
                crate::exercise::KeyLogTarget::ClientFinished => "the client's Finished",
                crate::exercise::KeyLogTarget::Request => "the HTTP request",
                crate::exercise::KeyLogTarget::Response => "the HTTP response",
            }
        ),
        Prompt::Tls13Nonce { iv, seq } => format!(
            "A TLS 1.3 connection's server_write_iv is {}. What nonce seals the server's record \
             with sequence number {seq}?",
            hex(iv)
        ),
        Prompt::WsAccept { key } => format!(
            "A browser asks to open a WebSocket with the header\n\n    \
             Sec-WebSocket-Key: {key}\n\n\
             What does the server send as Sec-WebSocket-Accept?"
        ),
        Prompt::WsUnmask { key, masked } => format!(
            "A client's text frame has the masking key {} and, on the wire, the payload {}.\n\n\
             What text did the client send?",
            hex(key),
            hex(masked)
        ),
        Prompt::OsiLayer { field } => format!(
            "Counting OSI's seven layers from the bottom, with the physical layer as 1: at \
             which layer does {} belong?",
            layer_field(*field)
        ),
        Prompt::ReadAfterWrites { writes, buffer } => {
            let list: Vec<String> = writes.iter().map(|w| format!("{w} bytes")).collect();
            format!(
                "A client calls write() {} times in a row on one TCP connection: {}. All the \
                 bytes have arrived at the server, which has read nothing yet. Now the server \
                 calls read() once, with a buffer of {buffer} bytes.\n\n\
                 How many bytes does that read() return?",
                writes.len(),
                list.join(", then ")
            )
        }
    }
}

/// What a socket call does, as exercise 30 describes it.
fn socket_effect(e: SocketEffect) -> &'static str {
    match e {
        SocketEffect::NamesTheAddress => {
            "nothing is sent; the socket now has its local address and port"
        }
        SocketEffect::StartsAnsweringSyns => {
            "nothing is sent; from now on the kernel answers SYNs to the socket's address"
        }
        SocketEffect::SendsTheSyn => {
            "a SYN goes out, and the call blocks until the SYN-ACK arrives"
        }
        SocketEffect::ReturnsACompletedConnection => {
            "nothing is sent; the call returns a new socket for a connection whose handshake \
             the kernel already completed"
        }
        SocketEffect::SendsAFinButKeepsReading => {
            "a FIN goes out, and the program can still read what the peer sends"
        }
        SocketEffect::ReturnsZeroAtTheFin => "the peer's FIN has arrived, and the call returns 0",
    }
}

/// The certificate checks in the order the client runs them, by the names the checklist
/// prints (exercise 14's answer is one of them).
const CHECK_NAMES: &str = "parse, issuer known, issuer signature, validity, host name, \
                           leaf is not a CA, issuer is a CA, key usage";

/// What happens to the endpoint, as the end of "A TCP endpoint is in state X and …".
fn tcp_event(e: TcpEvent) -> &'static str {
    match e {
        TcpEvent::PeerFin => "receives a FIN from its peer (and acknowledges it)",
        TcpEvent::OwnFinAcked => "receives the ACK of its own FIN (no FIN from the peer yet)",
        TcpEvent::PeerFinAfterOwn => "receives the peer's FIN and acknowledges it",
        TcpEvent::Syn => "receives a SYN and answers SYN-ACK",
        TcpEvent::SynAck => "receives SYN-ACK and answers ACK",
        TcpEvent::LastFinAcked => "receives the ACK of its FIN",
        TcpEvent::CloseAfterPeer => "its application closes, so it sends FIN",
        TcpEvent::CloseFirst => "its application closes first, so it sends FIN",
    }
}

fn threat_story(s: ThreatStory) -> &'static str {
    match s {
        ThreatStory::CookieRead => {
            "On café Wi-Fi, someone reads the session cookie in your plain-HTTP request."
        }
        ThreatStory::AdInserted => {
            "An internet provider inserts an advertisement into the HTML of a page served over plain HTTP."
        }
        ThreatStory::ForgedDns => {
            "A forged DNS answer sends you to the attacker's machine, which shows a copy of your bank's login page."
        }
        ThreatStory::AccountChanged => {
            "A router on the path changes the account number in a money-transfer form you submit over plain HTTP."
        }
        ThreatStory::PasswordRecorded => {
            "Someone on the same network records the password you type into an http:// login form."
        }
        ThreatStory::FakeAccessPoint => {
            "A fake Wi-Fi access point answers for mail.example with a server it controls."
        }
    }
}

fn bad_cert_story(c: BadCert) -> &'static str {
    match c {
        BadCert::Expired => {
            "The server shows its genuine certificate, but the client's clock says it is a \
             month after the certificate's notAfter date."
        }
        BadCert::WrongHost => {
            "The client wants bank.example. The server shows a genuine certificate issued by \
             the trusted CA, for localhost."
        }
        BadCert::ForgedSignature => {
            "Mallory copies the real certificate and changes one byte of its signature (as \
             she would have to, after editing any field)."
        }
        BadCert::UnknownCa => {
            "Mallory shows a certificate signed by a CA she made herself; the client has never \
             heard of that CA."
        }
        BadCert::SelfSigned => {
            "Mallory shows a self-signed certificate: it names its own issuer, and no CA the \
             client trusts signed it."
        }
    }
}

fn layer_field(f: LayerField) -> &'static str {
    match f {
        LayerField::DestinationMac => "an Ethernet frame's destination MAC address",
        LayerField::Ttl => "IPv4's TTL, which each router decrements",
        LayerField::DestinationIp => "an IPv4 packet's destination address",
        LayerField::TcpPort => "a TCP segment's destination port",
        LayerField::UdpChecksum => "a UDP datagram's checksum",
        LayerField::RequestLine => "an HTTP request line (GET / HTTP/1.1)",
        LayerField::Qname => "a DNS question's QNAME",
    }
}
