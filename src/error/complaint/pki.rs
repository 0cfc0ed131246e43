//! Certificate, key and signature files; the PKI directory.

use serde::Serialize;

/// The kind of file a command expected to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A certificate (PEM or DER).
    Certificate,
    /// A private key (PEM).
    PrivateKey,
}

/// What is wrong with the body of a PEM block whose BEGIN line was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum PemProblem {
    /// The text between BEGIN and END is not base64.
    NotBase64 {
        /// The base64 decoder's message.
        error: String,
    },
    /// No `-----END …-----` line follows.
    NoEndLine,
    /// The END line names another label.
    MismatchedEnd {
        /// The label of the END line.
        end: String,
    },
    /// Nothing between BEGIN and END.
    Empty,
    /// Anything else the PEM parser refuses (its own words).
    Other {
        /// The parser's message.
        error: String,
    },
}

/// What went wrong. (Certificate, key and signature files; the PKI directory.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "complaint", rename_all = "snake_case")]
pub enum PkiComplaint {
    /// A file to read is not there.
    NoSuchFile {
        /// The file.
        path: String,
    },
    /// A file was expected; the path is a directory.
    IsADirectory {
        /// The path given.
        path: String,
        /// What kind of file was expected.
        expected: FileKind,
        /// The directory holds a PKI (`ca.pem`): the reader probably meant a file inside it.
        holds_pki: bool,
    },
    /// A PEM block whose BEGIN line is fine but whose body is not (RFC 7468 §2).
    PemBodyBroken {
        /// The file.
        path: String,
        /// The label of the BEGIN line (`CERTIFICATE`, `PRIVATE KEY`).
        tag: String,
        /// What is wrong with the body.
        problem: PemProblem,
    },
    /// A PKI directory was expected; the path is a file.
    PkiDirIsFile {
        /// The path given.
        path: String,
    },
    /// A PKI directory to create lies below a file (`--out notes.txt/pki`).
    PkiDirUnderFile {
        /// The directory to create.
        path: String,
        /// The part of its path that is a file.
        file: String,
    },
    /// One of the PKI's four file names is taken by a directory: it cannot be written.
    PkiFileIsDirectory {
        /// The path.
        path: String,
    },
    /// A certificate was expected; the file holds a private key.
    CertFileHoldsKey {
        /// The file.
        path: String,
        /// The PEM label found.
        tag: String,
    },
    /// A certificate was expected; the file holds some other PEM block.
    CertFileHoldsOther {
        /// The file.
        path: String,
        /// The PEM label found.
        tag: String,
    },
    /// A certificate was expected; the file is neither PEM nor DER.
    CertFileNotPem {
        /// The file.
        path: String,
    },
    /// The file's certificate does not parse as X.509.
    CertFileNotX509 {
        /// The file.
        path: String,
        /// The X.509 parser's message.
        error: String,
    },
    /// A private key was expected; the file is not PEM.
    KeyFileNotPem {
        /// The file.
        path: String,
    },
    /// The PKCS#8 block is not an RSA private key.
    KeyNotRsa {
        /// The file.
        path: String,
        /// The PKCS#8 parser's message.
        error: String,
    },
    /// The PKCS#1 block does not parse.
    KeyNotPkcs1 {
        /// The file.
        path: String,
        /// The PKCS#1 parser's message.
        error: String,
    },
    /// A private key was expected; the file holds a certificate.
    KeyFileHoldsCert {
        /// The file.
        path: String,
    },
    /// The private key is encrypted.
    KeyEncrypted {
        /// The file.
        path: String,
    },
    /// A private key was expected; the file holds some other PEM block.
    KeyFileHoldsOther {
        /// The file.
        path: String,
        /// The PEM label found.
        tag: String,
    },
    /// The RSA key's size is outside what ring accepts.
    KeySize {
        /// The file.
        path: String,
        /// The key's size.
        bits: usize,
        /// The smallest size accepted.
        min: usize,
        /// The largest size accepted.
        max: usize,
    },
    /// Bytes that are not an X.509 certificate.
    NotX509 {
        /// The X.509 parser's message.
        error: String,
    },
    /// The certificate's RSA public key is unusable.
    CertRsaKey {
        /// The RSA library's message.
        error: String,
    },
    /// The certificate's public key is not RSA.
    CertKeyNotRsa {
        /// The algorithm's OID.
        algorithm: String,
    },
    /// rcgen could not build the certificate.
    CannotIssue {
        /// The subject's common name.
        common_name: String,
        /// rcgen's message.
        error: String,
    },
    /// A serial number of the wrong length.
    SerialLength {
        /// The length given, in bytes.
        len: usize,
    },
    /// A DNS name that is not ASCII.
    HostNotAscii {
        /// The name.
        name: String,
    },
    /// The RSA key could not be encoded as PKCS#8 for rcgen.
    RsaKeyPkcs8 {
        /// The encoder's message.
        error: String,
    },
    /// ring refuses the RSA key.
    RingRefusesKey {
        /// ring's message (through rcgen).
        error: String,
    },
    /// The key could not be encoded as PKCS#8 PEM.
    KeyPkcs8 {
        /// The encoder's message.
        error: String,
    },
    /// A host name for the demo PKI that is empty, not ASCII or has spaces.
    BadHostName {
        /// The name.
        host: String,
    },
    /// RSA key generation failed.
    KeyGeneration {
        /// The RSA library's message.
        error: String,
    },
    /// A PKI file already exists and --force was not given.
    AlreadyExists {
        /// The file.
        path: String,
    },
    /// A key file does not match its certificate.
    KeyMismatch {
        /// The key file.
        key: String,
        /// The certificate file.
        cert: String,
    },
}
