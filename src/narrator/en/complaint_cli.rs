//! English for complaints: the command line and the command layer: flags, values, output paths.

use crate::error::{CliComplaint, SignInput};
use crate::hexfmt::HexProblem;

pub(super) fn say(c: &CliComplaint) -> String {
    match c {
        CliComplaint::OutputDirMissing { path, dir } => {
            format!("{path}: directory {dir} does not exist")
        }
        CliComplaint::OutputExists { path } => {
            format!("{path}: already exists; nothing written (use --force to overwrite it)")
        }
        CliComplaint::OutputIsDirectory { path } => {
            format!("{path}: is a directory; give the name of a file to write")
        }
        CliComplaint::OutputParentNotDirectory { path, file } => {
            format!("{path}: {file} is a file, not a directory")
        }
        CliComplaint::SameOutputTwice {
            path,
            first,
            second,
        } => format!("{path}: named by both {first} and {second}; give each its own file"),
        CliComplaint::OutputIsInput { path, input } => format!(
            "{path}: is also {}; writing the signature there would destroy it, even with --force \
             (choose another --out)",
            match input {
                SignInput::Message => "the file being signed",
                SignInput::Key => "the private key (--key)",
            }
        ),
        CliComplaint::NotAKeyLog { path } => format!(
            "{path}: exists and is not an NSS key log (its first line is neither a comment nor \
             CLIENT_RANDOM …); nothing appended (choose another file for --keylog)"
        ),
        CliComplaint::UnknownCommand { name, choices } => {
            format!("{name:?}: no such command; choose one of {choices}")
        }
        CliComplaint::BadHex { flag, problem } => format!("{flag}: {}", hex_problem(problem)),
        CliComplaint::PrfLenOutOfRange { len, max } => {
            format!("--len {len}: must be between 1 and {max}")
        }
        CliComplaint::CertificateUnusable { path, reason } => format!("{path}: {reason}"),
        CliComplaint::IssuerSignatureInvalid {
            cert,
            issuer,
            verdict,
            short_key,
        } => format!(
            "the signature on {cert} does not verify with the key in {issuer}: {}",
            super::signature_verdict(verdict, *short_key)
        ),
        CliComplaint::UnsupportedSignatureAlgorithm { oid, expected } => format!(
            "the certificate is signed with {oid}, not sha256WithRSAEncryption ({expected}); tlswalk walks only that one"
        ),
        CliComplaint::CacertAndInsecure => {
            "--cacert and --insecure contradict each other: verify against a CA, or skip verification, not both"
                .into()
        }
        CliComplaint::NoTrustChoice => {
            "connect needs to know which CA to trust: --cacert FILE (for `tlswalk serve`, its PKI directory's \
             ca.pem), or --insecure to skip certificate verification (and see what that means)"
                .into()
        }
        CliComplaint::NotAHostName { host } => {
            format!("--host {host:?}: not a DNS host name (letters, digits, '-', '.')")
        }
        CliComplaint::BadRequestPath { path } => {
            format!("--path {path:?}: must start with '/' and contain no spaces")
        }
        CliComplaint::UnknownAttack { name, choices } => {
            format!("--attack {name:?}: unknown attack; choose one of {choices}, or all")
        }
        CliComplaint::BadHeader { value } => format!(
            "--header {value:?}: not a header field; write it as 'Name: value' (a name of \
             letters, digits and -, no line breaks)"
        ),
        CliComplaint::Http10OneRequest => {
            "--http 1.0 closes the connection after one response: use --http 1.1 (the \
             default) for --requests 2 or more"
                .into()
        }
        CliComplaint::KxOnlyStolenKey => "--kx ecdhe and --tls 1.3 choose the session \
             --attack stolen-key records; the other attacks run on TLS 1.2 with RSA"
            .into(),
        CliComplaint::Tls12Only { option: "--ems" } => "--ems is TLS 1.2's extended master secret \
             (RFC 7627); TLS 1.3 binds every secret to the transcript anyway: drop --ems or use --tls 1.2"
            .into(),
        CliComplaint::Tls12Only { option: "--kx" } => "--kx chooses TLS 1.2's key exchange; TLS 1.3 \
             always uses an ephemeral key share: drop --kx or use --tls 1.2"
            .into(),
        CliComplaint::Tls12Only { option } => format!(
            "{option} resumes TLS 1.2 sessions; tlswalk does not resume TLS 1.3 ones: drop {option} or use --tls 1.2"
        ),
        CliComplaint::PipelineNeedsRequests => {
            "--pipeline sends several requests back to back: add --requests 2 or more".into()
        }
        CliComplaint::SendNeedsWss => {
            "--send sends a WebSocket message: it needs a wss:// URL".into()
        }
        CliComplaint::ResumeNeedsHttps => {
            "--resume connects twice for HTTPS: it needs an https:// URL, not wss://".into()
        }
        CliComplaint::BadDnsName { name, problem } => {
            format!("{name:?}: not a DNS name: {}", name_problem(problem))
        }
        CliComplaint::SingleLabelName { name } => format!(
            "{name:?}: the modeled lookup needs a name of two labels or more (like \
             example.com), since its root refers each TLD to its servers; --server ADDR asks a \
             real server any name"
        ),
        CliComplaint::BadDnsServer { value } => format!(
            "--server {value:?}: not an IP address with an optional port (127.0.0.1, \
             127.0.0.1:5353, [::1]:53)"
        ),
        CliComplaint::NoDnsAnswer {
            server,
            tries,
            timeout_ms,
        } => format!(
            "no answer from {server}: {tries} tries, {timeout_ms} ms each (is a DNS server \
             listening there?)"
        ),
        CliComplaint::UnknownScenario { name, choices } => {
            format!("--scenario {name:?}: unknown scenario; choose one of {choices}, or all")
        }
        CliComplaint::HostIsMallory { host } => format!(
            "--host {host}: that is Mallory's own name in the lab; pick the victim's host"
        ),
        CliComplaint::LessonDisagrees { wrong } => {
            let wrong: Vec<String> = wrong
                .iter()
                .map(|(attack, p)| format!("{}: {}", attack.name(), super::mitm_problem(p)))
                .collect();
            format!("not as the lesson says: {}", wrong.join("; "))
        }
        CliComplaint::NoConnectionsAllowed => "--max-connections 0: nothing to do".into(),
        CliComplaint::NotAnAddress { flag, addr } => format!(
            "{flag} {addr:?}: not an address (expected HOST:PORT, e.g. 127.0.0.1:9443)"
        ),
        CliComplaint::NotAListenAddress { addr } => format!(
            "--addr {addr:?}: not an address to listen on (expected HOST:PORT, e.g. 127.0.0.1:8443)"
        ),
        CliComplaint::NoSuchFile { path } => format!("{path}: no such file"),
        CliComplaint::SignatureInvalid { verdict, short_key } => format!(
            "signature invalid: {}",
            super::signature_verdict(verdict, *short_key)
        ),
        CliComplaint::WrongAnswer { id, mismatch } => super::exercise::wrong(*id, mismatch),
        CliComplaint::NoConcurrency { flag } => {
            format!("{flag} 0: no connection could ever be served (give 1 or more)")
        }
    }
}

/// Why text is not hex (the wording `hexfmt::parse_hex` used to return, kept as it was).
pub(super) fn hex_problem(p: &HexProblem) -> String {
    let why = match p {
        HexProblem::OddLength => "Odd number of digits".to_string(),
        HexProblem::InvalidCharacter { character, index } => {
            format!("Invalid character {character:?} at position {index}")
        }
    };
    format!("not hex ({why})")
}

/// Why a name is not a DNS name.
fn name_problem(p: &crate::dns::NameProblem) -> String {
    use crate::dns::NameProblem;
    match p {
        NameProblem::EmptyLabel => "an empty label (two dots in a row, or a leading dot)".into(),
        NameProblem::LabelTooLong { len } => {
            format!("a label of {len} bytes, over the limit of 63 (RFC 1035 §2.3.4)")
        }
        NameProblem::TooLong { len } => {
            format!("{len} bytes on the wire, over the limit of 255 (RFC 1035 §2.3.4)")
        }
        NameProblem::BadCharacter { c } => {
            format!("{c:?} is not a letter, digit, '-' or '_'")
        }
        NameProblem::BadPointer { at } => format!("a bad compression pointer at byte {at}"),
    }
}
