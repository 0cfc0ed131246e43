//! English for the self-checking exercises: the catalogue's lines, a task, a verdict, and each
//! exercise's title and hint. (The statements are in `exercise_tasks.rs`.)

use super::complaint_cli::hex_problem;
use super::exercise_tasks::statement;
use crate::event::{ExerciseCheck, ExerciseTopic};
use crate::exercise::{AnswerWord, ExerciseId, Mismatch};
use crate::narrator::{Card, CheckWords};

pub(super) fn card(t: &ExerciseTopic) -> Card {
    match t {
        ExerciseTopic::Entry {
            number,
            chapter,
            id,
        } => Card::new("", format!("{number:>2}  {chapter:<18} {}", title(*id))),
        ExerciseTopic::Task {
            number,
            seed,
            prompt,
        } => Card::new(
            format!("Exercise {number}: {}", title(prompt.id())),
            format!(
                "\n{}\n\nCheck your answer:  tlswalk exercise check {number} ANSWER --seed {seed}",
                crate::exercise::wrap(statement(prompt).trim_end(), 92)
            ),
        ),
    }
}

pub(super) fn check(c: &ExerciseCheck, passed: bool) -> CheckWords {
    match c {
        ExerciseCheck::Answer {
            number,
            id,
            mismatch,
            ..
        } => CheckWords {
            name: format!("answer to exercise {number}"),
            detail: match mismatch {
                Some(m) if !passed => wrong(*id, m),
                _ => "correct".into(),
            },
        },
    }
}

/// Why an answer is wrong, then what to think about: what `exercise check` says on a wrong
/// answer.
pub fn wrong(id: ExerciseId, m: &Mismatch) -> String {
    format!("{} Hint: {}", mismatch(m), hint(id))
}

/// Why an answer is wrong or malformed.
fn mismatch(m: &Mismatch) -> String {
    match m {
        Mismatch::NotQuite => "Not quite.".into(),
        Mismatch::NotANumber { typed } => {
            format!("{typed:?} is not a whole number; answer with decimal digits.")
        }
        Mismatch::WrongLength {
            typed_len,
            expected_len,
        } => {
            format!("Not quite: your answer has {typed_len} bytes, the answer has {expected_len}.")
        }
        Mismatch::SameLengthDifferentBytes => "Not quite: right length, different bytes.".into(),
        Mismatch::NoHexDigits { typed } => format!("{typed:?} is not hex (it is empty)."),
        Mismatch::NotHex { typed, problem } => {
            format!("{typed:?} is not hex ({}).", hex_problem(problem))
        }
        Mismatch::Empty => "The answer is empty.".into(),
    }
}

/// An exercise's short title.
pub fn title(id: ExerciseId) -> &'static str {
    match id {
        ExerciseId::SynAck => "The acknowledgment of a SYN",
        ExerciseId::SeqAfterData => "Sequence numbers after data",
        ExerciseId::TcpState => "Which TCP state comes next",
        ExerciseId::TimeWait => "How long TIME-WAIT lasts",
        ExerciseId::StatusCode => "What a status code means",
        ExerciseId::ContentLength => "Content-Length counts bytes",
        ExerciseId::Eavesdrop => "Read a password off the wire",
        ExerciseId::Threat => "Eavesdropping, tampering or impersonation",
        ExerciseId::ToyRsa => "Textbook RSA by hand",
        ExerciseId::Pkcs1Capacity => "How much fits in one RSA block",
        ExerciseId::Sha256Text => "SHA-256 of a short text",
        ExerciseId::SignaturePadding => "The padding inside a signature",
        ExerciseId::TbsDigest => "The digest a CA signs",
        ExerciseId::FailedCheck => "Which check a bad certificate fails",
        ExerciseId::HandshakeType => "Name a handshake message",
        ExerciseId::VerifyData => "Compute verify_data",
        ExerciseId::MasterSecret => "The master secret",
        ExerciseId::ClientWriteKey => "The client write key",
        ExerciseId::GcmNonce => "The GCM nonce of record k",
        ExerciseId::Aad => "The additional authenticated data",
        ExerciseId::DecryptRecord => "Decrypt a record",
        ExerciseId::TamperedPart => "Spot the tampered byte",
        ExerciseId::MitmAlert => "Which alert stops Mallory",
        ExerciseId::StolenKey => "A stolen server key opens old traffic",
        ExerciseId::ToyDh => "Diffie-Hellman with small numbers",
        ExerciseId::KeylogClientRandom => "Write the CLIENT_RANDOM key log line",
        ExerciseId::KeylogRsa => "Write the RSA key log line",
        ExerciseId::Ipv6Groups => "How many groups '::' hides in IPv6",
        ExerciseId::Sni => "Read the server name from a ClientHello",
        ExerciseId::SocketCall => "Which socket call does that",
        ExerciseId::ReadAfterWrites => "What one read() returns",
        ExerciseId::OldSynReset => "The RST against an old SYN",
        ExerciseId::TimeWaitRestart => "When TIME-WAIT ends after a repeated FIN",
        ExerciseId::DnsTtlLeft => "The TTL of a cached answer",
        ExerciseId::DnsPointer => "Where a compression pointer points",
        ExerciseId::UdpLength => "The UDP length of a DNS query",
        ExerciseId::UdpChecksum => "A UDP checksum by hand",
        ExerciseId::FramePayload => "How much payload a frame carries",
        ExerciseId::OsiLayer => "Which OSI layer a field belongs to",
        ExerciseId::WsAccept => "Compute Sec-WebSocket-Accept",
        ExerciseId::WsUnmask => "Unmask a client's frame",
        ExerciseId::PipelinedResponse => "Which request a pipelined response answers",
        ExerciseId::KeepAliveRoundTrips => "The round trips keep-alive saves",
        ExerciseId::X25519Shared => "An X25519 shared secret",
        ExerciseId::ExpandLabel => "HKDF-Expand-Label",
        ExerciseId::Tls13Nonce => "A TLS 1.3 record nonce",
        ExerciseId::KeyLogLine => "Which key log line opens which records",
    }
}

/// What to think about when the answer is wrong (never the answer itself).
pub fn hint(id: ExerciseId) -> &'static str {
    match id {
        ExerciseId::SynAck => {
            "a SYN takes up one sequence number, and the acknowledgment number names the next \
             sequence number expected (arithmetic is modulo 2^32)."
        }
        ExerciseId::SeqAfterData => {
            "each byte of data takes one sequence number; add and wrap modulo 2^32 = 4294967296."
        }
        ExerciseId::TcpState => {
            "follow RFC 9293's state diagram (section 3.3.2, figure 5); the chapter draws the \
             close with the states of both ends."
        }
        ExerciseId::TimeWait => {
            "TIME-WAIT lasts 2·MSL: long enough for a lost last ACK to be resent and for old \
             segments to die out."
        }
        ExerciseId::StatusCode => {
            "1xx informational, 2xx success, 3xx redirection, 4xx client error, 5xx server \
             error; RFC 9110 section 15 lists each code's phrase."
        }
        ExerciseId::ContentLength => {
            "Content-Length counts bytes, not characters: in UTF-8 a Chinese character takes 3 \
             bytes and é takes 2; spaces count too."
        }
        ExerciseId::Eavesdrop => {
            "the payload is ASCII text: decode the hex (e.g. `echo HEX | xxd -r -p`) and look \
             at the request body after the empty line."
        }
        ExerciseId::Threat => {
            "eavesdropping = reading; tampering = changing what travels; impersonation = \
             pretending to be the other party. TLS answers them with encryption, integrity \
             (the GCM tag) and authentication (the certificate)."
        }
        ExerciseId::ToyRsa => {
            "multiply step by step and reduce modulo n after each multiplication, or use \
             Python: pow(m, e, n). Anyone can do this: it uses only the public key."
        }
        ExerciseId::Pkcs1Capacity => {
            "the block is as long as the modulus (bits / 8 bytes); 2 + 8 + 1 = 11 bytes are \
             taken by the padding (RFC 8017 section 7.2.1)."
        }
        ExerciseId::Sha256Text => {
            "use `printf '%s' 'TEXT' | openssl dgst -sha256` or `sha256sum`; `echo` adds a \
             newline and changes the digest completely."
        }
        ExerciseId::SignaturePadding => {
            "the block is bits / 8 bytes long; subtract 00 01, the 00 separator, the 19-byte \
             DigestInfo and the 32-byte digest (RFC 8017 section 9.2)."
        }
        ExerciseId::TbsDigest => {
            "hash the bytes, not the hex text: `echo HEX | xxd -r -p | openssl dgst -sha256`."
        }
        ExerciseId::FailedCheck => {
            "ask what the attacker cannot produce: a signature from a trusted CA's private key, \
             over the exact bytes, for this host name, inside the validity dates."
        }
        ExerciseId::HandshakeType => {
            "RFC 5246 section 7.4 lists HandshakeType: hello_request(0), client_hello(1), \
             server_hello(2), certificate(11), server_key_exchange(12), \
             certificate_request(13), server_hello_done(14), certificate_verify(15), \
             client_key_exchange(16), finished(20)."
        }
        ExerciseId::VerifyData => {
            "`tlswalk prf --secret MASTER --label 'LABEL' --seed HASH --len 12`; mind the label \
             (client finished / server finished)."
        }
        ExerciseId::MasterSecret => {
            "`tlswalk prf --secret PMS --label 'master secret' --seed CLIENT_RANDOMSERVER_RANDOM \
             --len 48`: the client random comes first here."
        }
        ExerciseId::ClientWriteKey => {
            "key expansion puts the server random first (the opposite of the master secret); \
             client_write_key is key_block[0..16]."
        }
        ExerciseId::GcmNonce => {
            "nonce = implicit IV (4 bytes) ‖ explicit nonce (8 bytes, big-endian sequence \
             number) (RFC 5288 section 3)."
        }
        ExerciseId::Aad => {
            "AAD = seq_num (8 bytes) ‖ type (1: handshake 16, alert 15, application_data 17 in \
             hex) ‖ version (03 03) ‖ length of the plaintext (2 bytes) (RFC 5246 section \
             6.2.3.3)."
        }
        ExerciseId::DecryptRecord => {
            "split the record: 5-byte header, 8-byte explicit nonce, ciphertext, 16-byte tag. \
             nonce = IV ‖ explicit nonce; AAD = seq ‖ 17 ‖ 0303 ‖ plaintext length; then \
             AES-128-GCM decrypt (e.g. Python's cryptography AESGCM)."
        }
        ExerciseId::TamperedPart => {
            "find the first differing hex pair and count bytes: header 0..5, explicit nonce \
             5..13, then ciphertext, and the last 16 bytes are the tag."
        }
        ExerciseId::MitmAlert => {
            "bad_record_mac 20, bad_certificate 42, certificate_expired 45, unknown_ca 48, \
             decrypt_error 51; tlswalk maps certificate failures as OpenSSL does (the \
             chapter on certificates has the table)."
        }
        ExerciseId::StolenKey => {
            "first the master secret (label \"master secret\", client random first), then the \
             key block (label \"key expansion\", server random first); the key is its first 16 \
             bytes. This is why RSA key exchange has no forward secrecy."
        }
        ExerciseId::ToyDh => {
            "compute A^b mod p, e.g. Python pow(A, b, p). Only A and B = g^b mod p travel; a and \
             b are thrown away after the handshake, which is what gives forward secrecy."
        }
        ExerciseId::KeylogClientRandom => {
            "the line is three words separated by spaces: a label, the client random, the \
             master secret (both as hex). Quote the whole line on the command line."
        }
        ExerciseId::KeylogRsa => {
            "RSA <first 8 bytes of the encrypted pre-master secret, hex> <pre-master secret, \
             hex>. Quote the whole line on the command line."
        }
        ExerciseId::Ipv6Groups => {
            "an IPv6 address is 128 bits = 8 groups of 16 bits (4 hex digits each, not 16 \
             bytes each); \"::\" fills in however many zero groups are missing."
        }
        ExerciseId::Sni => {
            "find the server_name extension (type 00 00) near the end, skip its lengths and \
             the name_type 00, and decode the ASCII bytes."
        }
        ExerciseId::SocketCall => {
            "the server calls socket, bind, listen, accept; the client socket, connect; both \
             write and read; one side shutdown or close. Which one sends, which one waits, \
             which one sends nothing? The sockets chapter maps each to its segments."
        }
        ExerciseId::OldSynReset => {
            "the server's SYN-ACK acknowledges the SYN it received, the old one; a reset sent \
             in answer to an ACK takes its sequence number from that ACK (RFC 9293 §3.5.2, \
             figure 8). Sequence numbers wrap at 2^32."
        }
        ExerciseId::TimeWaitRestart => {
            "TIME-WAIT lasts 2·MSL, and acknowledging a repeated FIN starts that wait again \
             (RFC 9293 §3.6.1). Give milliseconds."
        }
        ExerciseId::ReadAfterWrites => {
            "TCP carries a stream of bytes: it keeps no boundary between one write() and the \
             next. read() returns what has arrived, up to the size of its buffer."
        }
        ExerciseId::DnsTtlLeft => {
            "a record's TTL keeps counting down while it sits in a cache (RFC 1035 §3.2.1), so \
             the copy never outlives the original. tlswalk dns shows it on its second lookup."
        }
        ExerciseId::DnsPointer => {
            "a pointer is 16 bits: the first two are 11, the other 14 are the offset from the \
             message's first byte (RFC 1035 §4.1.4). Give the offset in decimal."
        }
        ExerciseId::UdpLength => {
            "UDP's length counts its own 8 bytes and the payload; the DNS query is a 12-byte \
             header, the name as labels (a length byte before each, a zero at the end), then \
             QTYPE and QCLASS, 2 bytes each. tlswalk dns --verbose shows one."
        }
        ExerciseId::FramePayload => {
            "each header sits inside the one before: Ethernet II's is 14 bytes, IPv4's 4 times \
             its IHL (here 5), TCP's 4 times its data offset. What is left is payload. \
             tlswalk handshake --layers shows one frame taken apart."
        }
        ExerciseId::OsiLayer => {
            "1 physical (bits on the wire), 2 data link (frames between neighbours, MAC \
             addresses), 3 network (packets across networks, IP addresses, TTL), 4 transport \
             (ports, end to end), 5 to 7 above; HTTP and DNS are applications."
        }
        ExerciseId::X25519Shared => {
            "X25519(your private key, their public key), RFC 7748 §5: the same value the other \
             side gets from its private key and your public key. Python's cryptography package \
             (X25519PrivateKey.from_private_bytes, exchange) computes it."
        }
        ExerciseId::ExpandLabel => {
            "HKDF-Expand(secret, HkdfLabel, length), where HkdfLabel is the length (2 bytes), \
             the label with \"tls13 \" in front (1-byte length) and an empty context (a 0 byte) \
             (RFC 8446 §7.1). One HMAC-SHA256 block is enough here."
        }
        ExerciseId::KeyLogLine => {
            "each line names a secret by the client random. Handshake traffic secrets give the \
             keys of the encrypted handshake (EncryptedExtensions to Finished), application \
             traffic secrets those of the data; CLIENT_ secrets protect what the client sends, \
             SERVER_ what the server sends (RFC 8446 §7.1). Give the label."
        }
        ExerciseId::Tls13Nonce => {
            "the 64-bit sequence number, padded on the left to 12 bytes, XORed with the IV \
             (RFC 8446 §5.3). Nothing of the nonce travels in the record."
        }
        ExerciseId::PipelinedResponse => {
            "nothing in a response names its request: HTTP/1.1 answers pipelined requests in \
             the order they were sent (RFC 9112 §9.3.2). Give the path."
        }
        ExerciseId::KeepAliveRoundTrips => {
            "each new connection costs a TCP handshake (1 round trip) and a full TLS 1.2 \
             handshake (2 more) before its request; with keep-alive only the first request pays."
        }
        ExerciseId::WsAccept => {
            "append the GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11 to the key as text (the \
             key stays base64, it is not decoded), take SHA-1 of that, and base64 the 20 bytes \
             (RFC 6455 §4.2.2)."
        }
        ExerciseId::WsUnmask => {
            "XOR byte i of the payload with byte i mod 4 of the masking key (RFC 6455 §5.3); \
             the result is UTF-8 text. Give the text."
        }
        ExerciseId::UdpChecksum => {
            "sum the pseudo-header (source and destination address, a zero byte, 17, the UDP \
             length), the header with the checksum field zero, and the payload padded to even \
             length, as 16-bit words; fold the carries back in; invert (RFC 768, RFC 1071). \
             Give four hex digits."
        }
    }
}

/// The spellings of an answer word that are accepted (exercises 8 and 22).
pub fn answer_words(word: AnswerWord) -> &'static [&'static str] {
    match word {
        AnswerWord::Eavesdropping => &["eavesdropping", "eavesdrop", "sniffing"],
        AnswerWord::Tampering => &["tampering", "tamper", "modification"],
        AnswerWord::Impersonation => &["impersonation", "impersonate", "spoofing"],
        AnswerWord::RecordHeader => &["header", "record header"],
        AnswerWord::ExplicitNonce => &["explicit nonce", "nonce"],
        AnswerWord::Ciphertext => &["ciphertext"],
        AnswerWord::Tag => &["tag", "authentication tag"],
    }
}
