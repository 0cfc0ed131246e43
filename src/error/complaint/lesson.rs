//! The lessons: exercises, the walk, the lab, signing by hand.

use crate::scenario::mitm::Attack;
use serde::Serialize;

/// What went wrong. (The lessons: exercises, the walk, the lab, signing by hand.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum LessonComplaint {
    /// No exercise has this number.
    NoSuchExercise {
        /// The number asked for.
        number: u32,
        /// How many exercises there are.
        count: usize,
    },
    /// An exercise's IPv6 address does not parse back.
    AddressDoesNotParse {
        /// The address as written.
        text: String,
        /// Why it does not parse.
        reason: String,
    },
    /// No small public exponent is coprime to φ(n).
    NoSmallExponent,
    /// A key too small to hold a PKCS#1 v1.5 SHA-256 block (in an exercise).
    PaddingKeyTooSmall {
        /// The key size in bits.
        bits: usize,
    },
    /// A certificate that does not parse.
    CertificateDoesNotParse {
        /// The parser's reason.
        reason: String,
    },
    /// A bad certificate case that passes every check.
    EveryCheckPassed {
        /// The case.
        case: String,
    },
    /// A sealed record that does not open again.
    RecordDidNotOpen {
        /// The alert it opened with.
        alert: u8,
    },
    /// An opened record that is not UTF-8.
    OpenedRecordNotUtf8,
    /// A bad certificate case with no alert.
    NoAlert {
        /// The case.
        case: String,
    },
    /// A tampered record that opened anyway.
    TamperedRecordOpened,
    /// The key log renderer wrote no line.
    KeyLogNoLine,
    /// The HTML page cannot label every byte of a message exactly once.
    PageBytesUnlabelled {
        /// The step the message is in (0: before the first step).
        step: u32,
        /// The message's name.
        message: String,
        /// Where labelling fails.
        gap: crate::render::html::tree::Gap,
    },
    /// A ClientHello whose server_name did not survive encoding.
    ServerNameLost,
    /// RSA key generation failed.
    KeyGenerationFailed {
        /// The library's reason.
        reason: String,
    },
    /// Mallory's kit was not made.
    MalloryKitMissing,
    /// A certificate asked for an attack that uses none of Mallory's.
    AttackUsesNoCertificate {
        /// The attack.
        attack: Attack,
    },
    /// Mallory's modulus differs in length from the server's.
    ModulusLengthDiffers,
    /// The server's modulus is not found in its certificate.
    ModulusNotInCertificate,
    /// The recording lacks a handshake message.
    RecordingLacks {
        /// The message missing.
        message: String,
    },
    /// The recorded pre-master secret does not decrypt.
    RecordedPreMasterUndecryptable {
        /// Why.
        reason: String,
    },
    /// The walk's handshake stopped before both sides finished.
    HandshakeUnfinished,
    /// The WebSocket upgrade did not complete: no key in the request, or no 101 with the right
    /// Sec-WebSocket-Accept.
    UpgradeFailed,
    /// A key too small for a SHA-256 PKCS#1 v1.5 signature.
    SigningKeyTooSmall {
        /// The key size in bits.
        bits: usize,
    },
    /// The rsa crate could not sign.
    LibraryCouldNotSign {
        /// The library's reason.
        reason: String,
    },
    /// The by-hand signature differs from the rsa crate's.
    SignaturesDiffer,
}
