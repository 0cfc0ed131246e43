//! The command line and the command layer: flags, values, output paths.

use crate::event::SignatureVerdict;
use crate::exercise::{ExerciseId, Mismatch};
use crate::hexfmt::HexProblem;
use crate::scenario::mitm::{Attack, Problem};
use serde::Serialize;

/// The files `sign` reads, which its `--out` must not replace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInput {
    /// The file being signed.
    Message,
    /// The private key (`--key`).
    Key,
}

/// What went wrong. (The command line and the command layer: flags, values, output paths.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum CliComplaint {
    /// An output file's directory does not exist.
    OutputDirMissing {
        /// The output file.
        path: String,
        /// Its directory.
        dir: String,
    },
    /// An output file is already there and `--force` was not given: nothing is written.
    OutputExists {
        /// The output file.
        path: String,
    },
    /// An output path names a directory.
    OutputIsDirectory {
        /// The path given.
        path: String,
    },
    /// An output file's directory is a file (`--pcap notes.txt/walk.pcap`).
    OutputParentNotDirectory {
        /// The output file.
        path: String,
        /// The part of its path that is a file.
        file: String,
    },
    /// Two output options name the same file.
    SameOutputTwice {
        /// The file.
        path: String,
        /// The first option naming it.
        first: String,
        /// The second option naming it.
        second: String,
    },
    /// `sign --out` names one of the files `sign` reads: refused even with `--force`, since
    /// writing the signature there destroys what is being signed.
    OutputIsInput {
        /// The output file.
        path: String,
        /// Which input it is.
        input: SignInput,
    },
    /// A key log to append to exists but is not an NSS key log: nothing is appended.
    NotAKeyLog {
        /// The file.
        path: String,
    },
    /// `tlswalk man COMMAND` names no command.
    UnknownCommand {
        /// The words given.
        name: String,
        /// The commands there are at that level, comma-separated.
        choices: String,
    },
    /// A hex flag (`--secret`, `--seed`) does not parse.
    BadHex {
        /// The flag.
        flag: String,
        /// Why the hex does not parse.
        problem: HexProblem,
    },
    /// `prf --len` outside what the command produces.
    PrfLenOutOfRange {
        /// The length asked for.
        len: usize,
        /// The longest output.
        max: usize,
    },
    /// A certificate file that cannot be used (does not parse, holds no RSA key).
    CertificateUnusable {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// `pki show --issuer`: the signature does not verify with the issuer's key.
    IssuerSignatureInvalid {
        /// The certificate checked.
        cert: String,
        /// The issuer's certificate file.
        issuer: String,
        /// Why the check failed.
        verdict: SignatureVerdict,
        /// Whether the key is shorter than 2048 bits.
        short_key: bool,
    },
    /// A certificate signed with an algorithm the walk does not cover.
    UnsupportedSignatureAlgorithm {
        /// The certificate's signature algorithm OID.
        oid: String,
        /// The one tlswalk walks (sha256WithRSAEncryption).
        expected: String,
    },
    /// `connect --cacert` together with `--insecure`.
    CacertAndInsecure,
    /// `connect` with neither `--cacert` nor `--insecure`.
    NoTrustChoice,
    /// `--host` is not a DNS host name.
    NotAHostName {
        /// The value given.
        host: String,
    },
    /// `--path` does not start with `/` or holds spaces.
    BadRequestPath {
        /// The value given.
        path: String,
    },
    /// `mitm --attack` names no attack.
    UnknownAttack {
        /// The value given.
        name: String,
        /// The attacks there are, by name, comma-separated.
        choices: String,
    },
    /// `handshake --header` is not `Name: value`.
    BadHeader {
        /// The value given.
        value: String,
    },
    /// `handshake --http 1.0 --requests N`: HTTP/1.0 closes after one response.
    Http10OneRequest,
    /// `handshake --pipeline` with one request.
    PipelineNeedsRequests,
    /// `mitm --kx ecdhe` or `--tls 1.3` with another attack than stolen-key.
    KxOnlyStolenKey,
    /// An option of TLS 1.2's with `--tls 1.3`.
    Tls12Only {
        /// The option, as typed.
        option: &'static str,
    },
    /// `connect --send` with an https:// URL: only WebSocket sends messages.
    SendNeedsWss,
    /// `connect --resume` with a wss:// URL.
    ResumeNeedsHttps,
    /// `dns NAME` is not a valid DNS name.
    BadDnsName {
        /// The value given.
        name: String,
        /// What is wrong with it.
        problem: crate::dns::NameProblem,
    },
    /// `dns NAME` without `--server` has one label: the model's root delegates only TLDs.
    SingleLabelName {
        /// The value given.
        name: String,
    },
    /// `dns --server` is not an IP address, with or without a port.
    BadDnsServer {
        /// The value given.
        value: String,
    },
    /// `dns --server`: no answer came after every try (exit 1).
    NoDnsAnswer {
        /// The server.
        server: String,
        /// How many tries.
        tries: u32,
        /// Milliseconds waited after each.
        timeout_ms: u64,
    },
    /// `tcp --scenario` names no scenario.
    UnknownScenario {
        /// The value given.
        name: String,
        /// The scenarios there are, by name, comma-separated.
        choices: String,
    },
    /// `mitm --host` is Mallory's own name.
    HostIsMallory {
        /// Mallory's host name in the lab.
        host: String,
    },
    /// Some attacks of the lab did not go as their lessons say.
    LessonDisagrees {
        /// Each attack that went differently, and how.
        wrong: Vec<(Attack, Problem)>,
    },
    /// `mitm-proxy --max-connections 0`.
    NoConnectionsAllowed,
    /// An address flag that is not HOST:PORT.
    NotAnAddress {
        /// The flag.
        flag: String,
        /// The value given.
        addr: String,
    },
    /// `serve --addr` is not an address to listen on.
    NotAListenAddress {
        /// The value given.
        addr: String,
    },
    /// An input file that does not exist.
    NoSuchFile {
        /// The file.
        path: String,
    },
    /// `verify`: the signature is invalid.
    SignatureInvalid {
        /// Why the check failed.
        verdict: SignatureVerdict,
        /// Whether the key is shorter than 2048 bits.
        short_key: bool,
    },
    /// `exercise check`: the answer is wrong; the narrator says why and adds the exercise's
    /// hint.
    WrongAnswer {
        /// Which exercise (whose hint to give).
        id: ExerciseId,
        /// Why the answer is wrong.
        mismatch: Mismatch,
    },
    /// `--max-concurrent 0`: no connection could ever be served.
    NoConcurrency {
        /// The flag.
        flag: String,
    },
}
