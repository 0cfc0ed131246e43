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

/// The files tlswalk reads, each with the largest size it accepts (see
/// [`InputFile::limit`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputFile {
    /// A certificate, PEM or DER.
    Certificate,
    /// A private key, PEM.
    PrivateKey,
    /// A signature (`verify --sig`).
    Signature,
    /// A file to sign or verify.
    Message,
}

impl InputFile {
    /// The largest file of this kind read, in bytes: far above any honest file, far below
    /// what would hold the machine's memory. A certificate of a 4096-bit key is under 2 KiB
    /// of PEM, its private key about 3.3 KiB; an RSA signature is as long as the modulus (at
    /// most 512 bytes for 4096 bits, RFC 8017 §8.2.2 step 1); a message is hashed, and is held
    /// in memory to be shown and checked.
    pub const fn limit(self) -> u64 {
        match self {
            InputFile::Certificate | InputFile::PrivateKey => 64 << 10,
            InputFile::Signature => 4 << 10,
            InputFile::Message => 64 << 20,
        }
    }
}

/// A key's algorithm, from the OID in its AlgorithmIdentifier (PKCS#8 privateKeyAlgorithm,
/// RFC 5958 §2; subjectPublicKeyInfo algorithm, RFC 5280 §4.1.2.7): what a key that tlswalk
/// cannot use really is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "algorithm", rename_all = "snake_case")]
pub enum KeyAlgorithm {
    /// rsaEncryption, 1.2.840.113549.1.1.1 (RFC 8017 §A.1).
    Rsa,
    /// id-RSASSA-PSS, 1.2.840.113549.1.1.10 (RFC 4055 §3.1): RSA restricted to PSS signatures.
    RsaPss,
    /// id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1), with its namedCurve's OID when
    /// the parameters name one.
    Ec {
        /// The curve's OID, e.g. 1.2.840.10045.3.1.7 (secp256r1, RFC 5480 §2.1.1.1).
        curve: Option<String>,
    },
    /// id-Ed25519, 1.3.101.112 (RFC 8410 §3).
    Ed25519,
    /// id-Ed448, 1.3.101.113 (RFC 8410 §3).
    Ed448,
    /// id-X25519, 1.3.101.110 (RFC 8410 §3).
    X25519,
    /// id-X448, 1.3.101.111 (RFC 8410 §3).
    X448,
    /// id-dsa, 1.2.840.10040.4.1 (RFC 3279 §2.3.2).
    Dsa,
    /// Any other algorithm.
    Other {
        /// Its OID, dotted.
        oid: String,
    },
}

impl KeyAlgorithm {
    /// The algorithm named by `oid` (dotted), with `parameter` the OID in its parameters, if
    /// any (the curve, for id-ecPublicKey).
    pub fn from_oid(oid: &str, parameter: Option<String>) -> KeyAlgorithm {
        match oid {
            "1.2.840.113549.1.1.1" => KeyAlgorithm::Rsa,
            "1.2.840.113549.1.1.10" => KeyAlgorithm::RsaPss,
            "1.2.840.10045.2.1" => KeyAlgorithm::Ec { curve: parameter },
            "1.3.101.112" => KeyAlgorithm::Ed25519,
            "1.3.101.113" => KeyAlgorithm::Ed448,
            "1.3.101.110" => KeyAlgorithm::X25519,
            "1.3.101.111" => KeyAlgorithm::X448,
            "1.2.840.10040.4.1" => KeyAlgorithm::Dsa,
            other => KeyAlgorithm::Other {
                oid: other.to_string(),
            },
        }
    }
}

/// Why a name is not a host name a certificate may carry ([`crate::pki::names`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum HostProblem {
    /// Nothing at all.
    Empty,
    /// A character other than a letter, digit, hyphen, dot or a wildcard's star.
    Character {
        /// The first such character.
        c: char,
    },
    /// Longer than 253 characters.
    TooLong {
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// Two dots in a row, or a dot at the start.
    EmptyLabel,
    /// A label longer than 63 characters.
    LabelTooLong {
        /// The label.
        label: String,
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A label that starts or ends with a hyphen.
    Hyphen {
        /// The label.
        label: String,
    },
    /// A star anywhere but as the whole leftmost label.
    Wildcard,
    /// A wildcard with no name after it.
    WildcardAlone,
    /// The last label is all digits: an IPv4 address that is not one.
    Numeric,
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
        /// The algorithm.
        algorithm: KeyAlgorithm,
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
    /// A host name a certificate may not carry (RFC 5280 §4.2.1.6, RFC 1123 §2.1).
    HostName {
        /// The name as given.
        host: String,
        /// What is wrong with it.
        problem: HostProblem,
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
    /// A private key of an algorithm other than RSA.
    KeyAlgorithm {
        /// The file.
        path: String,
        /// What the key is.
        algorithm: KeyAlgorithm,
    },
    /// A file larger than its kind may be: refused before it is read whole.
    FileTooLarge {
        /// The file.
        path: String,
        /// What it was read as.
        input: InputFile,
        /// The limit, in bytes ([`InputFile::limit`]).
        limit: u64,
    },
}
