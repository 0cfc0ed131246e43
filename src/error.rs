//! Errors, and how each maps to an exit code or a TLS alert.
//!
//! * [`TlsError`]: a protocol failure; names the alert a real TLS stack sends (RFC 5246 §7.2).
//! * [`Error`]: what a command returns. Bad input (a missing file, a non-PEM file, a value that
//!   does not parse) exits 2 with one line; a failed check in a lesson exits 1 with its reason;
//!   output that cannot be written (a full disk) exits 2 with one line.

mod complaint;
mod reason;

pub use complaint::{
    CliComplaint, Complaint, During, FileKind, HostProblem, InputFile, IoContext, IoProblem,
    KeyAlgorithm, LessonComplaint, NetComplaint, NetFailure, PemProblem, PkiComplaint, SignInput,
    UrlProblem,
};
pub use reason::{DecodeError, ErrorReason, Problem, ProtocolError, Within};

use crate::wire::enums::AlertDescription;

/// A TLS protocol failure: the alert to send and why.
///
/// The reason is typed; `Display` renders it in the English narrator's words
/// (`decode_error (50): ClientHello.cipher_suites: the vector at offset 39 says …`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{alert} ({}): {reason}", alert.0)]
pub struct TlsError {
    /// The alert a real stack sends for this failure.
    pub alert: AlertDescription,
    /// What was expected and what came.
    pub reason: ErrorReason,
}

impl TlsError {
    /// A failure with the given alert.
    pub fn new(alert: AlertDescription, reason: impl Into<ErrorReason>) -> Self {
        TlsError {
            alert,
            reason: reason.into(),
        }
    }
    /// Malformed or truncated input: `decode_error` (50).
    pub fn decode(reason: impl Into<ErrorReason>) -> Self {
        Self::new(AlertDescription::DECODE_ERROR, reason)
    }
    /// A message that is not allowed now: `unexpected_message` (10).
    pub fn unexpected(reason: impl Into<ErrorReason>) -> Self {
        Self::new(AlertDescription::UNEXPECTED_MESSAGE, reason)
    }
    /// Nothing in common to negotiate: `handshake_failure` (40).
    pub fn handshake_failure(reason: impl Into<ErrorReason>) -> Self {
        Self::new(AlertDescription::HANDSHAKE_FAILURE, reason)
    }
    /// A field holds a value that is not allowed: `illegal_parameter` (47).
    pub fn illegal(reason: impl Into<ErrorReason>) -> Self {
        Self::new(AlertDescription::ILLEGAL_PARAMETER, reason)
    }
    /// The same failure, found while reading `what`.
    pub fn within(self, what: Within) -> Self {
        TlsError {
            alert: self.alert,
            reason: self.reason.within(what),
        }
    }
}

/// What a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from the person running tlswalk: exit code 2.
    #[error("{0}")]
    BadInput(Complaint),
    /// A check in a lesson failed (signature invalid, certificate rejected): exit code 1.
    #[error("{0}")]
    CheckFailed(Complaint),
    /// A TLS failure (the peer misbehaved or an attack was caught): exit code 1.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// A file or socket operation failed: exit code 2, naming what was touched and why
    /// (`FILE: permission denied`; see [`IoProblem`]).
    #[error("{}: {}", crate::narrator::Narrator::default().io_context(context),
        crate::narrator::Narrator::default().io_problem(&IoProblem::of(source)))]
    Io {
        /// The file or address involved.
        context: IoContext,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// Writing to standard output failed (a full disk, a broken device): exit code 2. A closed
    /// pipe (`tlswalk … | head`) is not reported this way: the reader has read all it wanted,
    /// so the command ends quietly (see [`Error::is_closed_pipe`]).
    #[error("{}: {}", crate::narrator::Narrator::default().io_context(&IoContext::StandardOutput),
        crate::narrator::Narrator::default().io_problem(&IoProblem::of(.0)))]
    Output(#[source] std::io::Error),
}

impl Error {
    /// Bad input, formatted.
    pub fn bad_input(msg: impl Into<Complaint>) -> Self {
        Error::BadInput(msg.into())
    }

    /// A failed check in a lesson.
    pub fn check_failed(msg: impl Into<Complaint>) -> Self {
        Error::CheckFailed(msg.into())
    }

    /// An I/O error on `context` (a path or an address).
    pub fn io(context: impl Into<IoContext>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// A failed write to standard output.
    pub fn output(source: std::io::Error) -> Self {
        Error::Output(source)
    }

    /// Whether this is standard output's reader going away (`EPIPE`): a normal end, not a
    /// failure.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The process exit code: 2 for bad input, I/O and output, 1 for failed checks.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::BadInput(_) | Error::Io { .. } | Error::Output(_) => 2,
            Error::CheckFailed(_) | Error::Tls(_) => 1,
        }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
