//! What a [`Derive`](crate::event::EventKind::Derive) event derived. The formula, as the RFC
//! writes it, comes from the narrator; the values are in the event.

use crate::tls::resume::Mechanism;
use serde::Serialize;

/// Which value was derived, and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "derivation", rename_all = "snake_case")]
pub enum Derivation {
    /// A step of the TLS 1.3 key schedule (RFC 8446 §7.1).
    Tls13Schedule(crate::event::ScheduleStep),
    /// The classic master secret from the three values (RFC 5246 §8.1).
    MasterSecret,
    /// The extended master secret from the session hash (RFC 7627 §4).
    ExtendedMasterSecret,
    /// The key block and its split (RFC 5246 §6.3).
    KeyBlock,
    /// Finished verify_data (RFC 5246 §7.4.9).
    VerifyData {
        /// `client finished` or `server finished`.
        label: String,
    },
    /// The client encrypts the pre-master secret (RFC 5246 §7.4.7.1, RFC 8017 §7.2.1).
    PreMasterEncrypt,
    /// The server decrypts it, falling back to a random secret (RFC 5246 §7.4.7.1).
    PreMasterDecrypt,
    /// The transcript hash the server computed its expectation of Finished from.
    ServerTranscriptHash,
    /// A SHA-256 digest of a named input.
    Digest {
        /// What is hashed.
        input: String,
        /// What the digest is called.
        output: String,
    },
    /// RSASSA-PKCS1-v1_5 signing, step 1: the digest of the message.
    SignDigest,
    /// Signing, step 2: the EMSA-PKCS1-v1_5 block (RFC 8017 §9.2).
    SignEncode,
    /// Signing, step 3: RSASP1 (RFC 8017 §5.2.1).
    SignPrivateOp,
    /// Verifying, step 1: the digest of the signed data.
    VerifyDigest {
        /// What was signed (e.g. `tbsCertificate`).
        message: String,
    },
    /// Verifying, step 2: RSAVP1 reveals the block (RFC 8017 §5.2.2).
    VerifyPublicOp,
    /// Verifying, step 3: the block the verifier expects (RFC 8017 §9.2).
    VerifyExpected,
    /// The walk's recap: the three values, the master secret and the keys made from them.
    Recap {
        /// The master secret was the extended one (RFC 7627).
        extended: bool,
    },
    /// The lab's insecure client: Mallory's two sessions, side by side.
    MallorySessions,
    /// The lab's edited ClientHello: both sides' transcript hashes.
    TranscriptHashes,
    /// The lab's forged certificate: the TBS digest before and after the key swap.
    TbsDigests,
    /// The lab's stolen key decrypts a recorded pre-master secret.
    StolenKeyDecrypt,
    /// The CA hashes a certificate's tbsCertificate (RFC 5280 §4.1.1.3).
    TbsDigest {
        /// Which certificate.
        certificate: CertRole,
    },
    /// The CA signs the digest (RFC 8017 §8.2.1).
    CertSignature {
        /// Which certificate.
        certificate: CertRole,
    },
    /// The PRF starts: PRF(secret, label, seed) = P_SHA256(secret, label ‖ seed), and
    /// A(0) = label ‖ seed (RFC 5246 §5).
    PrfStart {
        /// The label, as text.
        label: String,
    },
    /// One step of P_SHA256: A(i) = HMAC(secret, A(i-1)).
    PrfA {
        /// i, from 1.
        i: usize,
    },
    /// One output block of P_SHA256: HMAC(secret, A(i) ‖ label ‖ seed).
    PrfBlock {
        /// i, from 1.
        i: usize,
    },
    /// The PRF's output: the blocks concatenated and cut to `len` bytes.
    PrfOutput {
        /// Bytes asked for.
        len: usize,
    },
    /// A resumed session's master secret: not derived, but found by its session_id or opened
    /// from its ticket.
    CachedMasterSecret {
        /// How it was found.
        mechanism: Mechanism,
        /// Which side: the server looks it up or opens the ticket, the client kept it.
        role: crate::event::Actor,
    },
    /// Sec-WebSocket-Accept = base64(SHA-1(Sec-WebSocket-Key ‖ GUID)) (RFC 6455 §4.2.2).
    WebSocketAccept,
    /// A masked payload XORed with its masking key (RFC 6455 §5.3).
    WebSocketUnmask,
}

/// Which certificate of the demo PKI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertRole {
    /// The CA's self-signed certificate.
    Ca,
    /// The server's certificate.
    Server,
}
