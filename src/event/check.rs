//! What a [`Check`](crate::event::EventKind::Check) event checked, with the values it compared.
//! The check's name and its detail sentence come from the narrator; the lab's verdicts and the
//! renderers match on these types.
//!
//! In JSON a check is flattened into its event as `"area": "tls", "check": "finished"` plus the
//! variant's fields.

use crate::event::Actor;
use crate::hexfmt::serde_hex;
use crate::scenario::mitm::{Attack, Problem, StoppedBy};
use crate::tcp::TcpState;
use crate::wire::enums::{AlertDescription, CipherSuite, ProtocolVersion};
use serde::Serialize;

/// What was checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "area", rename_all = "snake_case")]
pub enum CheckKind {
    /// A check of the TLS state machines.
    Tls(TlsCheck),
    /// The TCP model refused a call.
    Tcp(TcpCheck),
    /// A signature verified by hand and by a library.
    Signature(SignatureCheck),
    /// A check of the man-in-the-middle lab.
    Mitm(MitmCheck),
    /// A check whose words have not yet moved into the catalogue (being converted area by
    /// area; see the narrator's module doc).
    Named {
        /// What is checked.
        name: String,
        /// Expected and found.
        detail: String,
    },
}

/// Checks made by the TLS client and server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum TlsCheck {
    /// The peer's ChangeCipherSpec arrived where it belongs.
    ChangeCipherSpec {
        /// Whose records are encrypted from here on.
        peer: Actor,
    },
    /// The client accepts the version the server chose.
    VersionChosen {
        /// The server's choice.
        version: ProtocolVersion,
    },
    /// The server accepts the version the client offers.
    VersionOffered {
        /// The client's offer.
        version: ProtocolVersion,
    },
    /// The client offered the suite the server chose.
    SuiteChosen {
        /// The server's choice.
        suite: CipherSuite,
    },
    /// The client offers the one suite the server speaks.
    SuiteOffered {
        /// The suite.
        suite: CipherSuite,
    },
    /// Whether the server answered the renegotiation SCSV (RFC 5746).
    SecureRenegotiation {
        /// An empty renegotiation_info came back.
        answered: bool,
    },
    /// `--insecure`: the certificate checklist did not run.
    VerificationSkipped,
    /// The PKCS#1 block of the pre-master secret was well formed (RFC 5246 §7.4.7.1: the
    /// server tells no one).
    PreMasterBlock,
    /// The peer's Finished verify_data against the one computed locally.
    Finished {
        /// Whose Finished it is.
        of: Actor,
        /// What the peer sent.
        #[serde(with = "serde_hex")]
        verify_data: Vec<u8>,
        /// What this side computed.
        #[serde(with = "serde_hex")]
        expected: Vec<u8>,
    },
}

/// A call the TCP model refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum TcpCheck {
    /// `open` on a connection that was already opened.
    AlreadyOpened,
    /// `send` when one of the ends cannot carry data.
    CannotSend {
        /// The sender's state.
        sender: TcpState,
        /// The receiver's state.
        receiver: TcpState,
    },
    /// `close` when the ends are not both ESTABLISHED.
    CannotClose {
        /// The initiator's state.
        initiator: TcpState,
        /// The peer's state.
        peer: TcpState,
    },
    /// `reset` with no connection.
    NothingToReset {
        /// The end that tried.
        end: Actor,
        /// Its state.
        state: TcpState,
    },
}

/// Why a by-hand signature check came out as it did (RFC 8017 §8.2.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum SignatureVerdict {
    /// The revealed block equals EMSA-PKCS1-v1_5(SHA-256(message)).
    Valid,
    /// The signature is not k bytes long.
    WrongLength {
        /// The signature's length.
        len: usize,
        /// The modulus's length.
        modulus_len: usize,
    },
    /// The signature, as a number, is not below n.
    NotBelowModulus,
    /// A well-formed block whose digest is not the message's.
    DigestDiffers {
        /// The digest inside the signature.
        #[serde(with = "serde_hex")]
        found: Vec<u8>,
        /// The digest of the message.
        #[serde(with = "serde_hex")]
        expected: Vec<u8>,
    },
    /// s^e mod n is not a PKCS#1 v1.5 block.
    NotABlock {
        /// The first part that is wrong.
        bad_part: String,
    },
}

/// A signature checked two ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum SignatureCheck {
    /// The by-hand walk: EM = EM'.
    ByHand {
        /// Why.
        #[serde(flatten)]
        verdict: SignatureVerdict,
        /// The key is under 2048 bits, which ring refuses.
        short_key: bool,
    },
    /// ring's `RSA_PKCS1_2048_8192_SHA256`.
    Library,
}

/// Checks of the man-in-the-middle lab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum MitmCheck {
    /// The pre-master secret the insecure client encrypted is the one Mallory decrypted.
    HoldsClientPreMaster,
    /// An attack behaved as its lesson says (passed) or not.
    Verdict {
        /// The attack.
        attack: Attack,
        /// What stopped it, if anything.
        stopped_by: Option<StoppedBy>,
        /// The first fatal alert: who sent it and which.
        alert: Option<(Actor, AlertDescription)>,
        /// Whether Mallory learned a secret.
        secrets_exposed: bool,
        /// What went differently from the lesson, if anything.
        problem: Option<Problem>,
    },
}

macro_rules! into_check {
    ($($area:ident($t:ty)),*) => {
        $(impl From<$t> for CheckKind {
            fn from(c: $t) -> CheckKind {
                CheckKind::$area(c)
            }
        })*
    };
}
into_check!(
    Tls(TlsCheck),
    Tcp(TcpCheck),
    Signature(SignatureCheck),
    Mitm(MitmCheck)
);

impl CheckKind {
    /// A check whose words are not yet in the catalogue.
    pub fn named(name: impl Into<String>, detail: impl Into<String>) -> CheckKind {
        CheckKind::Named {
            name: name.into(),
            detail: detail.into(),
        }
    }
}
