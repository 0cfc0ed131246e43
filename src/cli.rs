//! The command line: the only place clap is used. Parsing only; commands live in `commands/`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use tlswalk::ui::{ColorChoice, HexMode};

/// See how HTTPS really works: a real TLS 1.2 handshake, walked byte by byte.
#[derive(Debug, Parser)]
#[command(name = "tlswalk", version, about, long_about = None,
    after_help = "Start here:  tlswalk handshake --verbose\n中文：      tlswalk handshake --verbose --lang zh   (or LANG=zh_CN.UTF-8)")]
pub struct Cli {
    /// Colour output: auto (terminal and NO_COLOR unset), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Byte strings in text output: full (every byte once; a value shown before is referred
    /// to by name) or short (long values abbreviated to their first bytes).
    #[arg(long, value_enum, default_value_t = HexMode::Full, global = true)]
    pub hex: HexMode,
    /// The language of everything tlswalk says (not of --help): en or zh (简体中文). Default:
    /// from LC_ALL, LC_MESSAGES or LANG (zh… gives zh), else en.
    #[arg(long, value_enum, global = true, value_name = "LANG")]
    pub lang: Option<LangChoice>,
    #[command(subcommand)]
    pub command: Command,
}

/// The language tlswalk speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangChoice {
    /// English.
    En,
    /// 简体中文 (Simplified Chinese).
    Zh,
}

/// A TLS version to restrict a peer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TlsVersionArg {
    /// TLS 1.2 (RFC 5246).
    #[value(name = "1.2")]
    V12,
    /// TLS 1.3 (RFC 8446).
    #[value(name = "1.3")]
    V13,
}

impl TlsVersionArg {
    /// The versions a peer speaks: the one chosen, or both when none is.
    pub fn versions(choice: Option<TlsVersionArg>) -> Vec<tlswalk::wire::enums::ProtocolVersion> {
        use tlswalk::wire::enums::ProtocolVersion;
        match choice {
            Some(TlsVersionArg::V12) => vec![ProtocolVersion::TLS1_2],
            Some(TlsVersionArg::V13) => vec![ProtocolVersion::TLS1_3],
            None => vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2],
        }
    }
}

/// A TLS 1.2 key exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KxArg {
    /// RSA: the client encrypts the pre-master secret to the certificate's key.
    Rsa,
    /// ECDHE: ephemeral keys on both sides, the server's signed (RFC 8422).
    Ecdhe,
}

/// A group for TLS 1.3 key shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GroupArg {
    /// X25519 (RFC 7748).
    X25519,
    /// P-256, secp256r1.
    P256,
}

impl GroupArg {
    /// The groups, in the order given; all of tlswalk's when none are.
    pub fn groups(choice: &[GroupArg]) -> Vec<tlswalk::wire::enums::NamedGroup> {
        use tlswalk::wire::enums::NamedGroup;
        if choice.is_empty() {
            return tlswalk::tls::tls13::GROUPS.to_vec();
        }
        choice
            .iter()
            .map(|g| match g {
                GroupArg::X25519 => NamedGroup::X25519,
                GroupArg::P256 => NamedGroup::SECP256R1,
            })
            .collect()
    }
}

/// Output format of commands that explain something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Text for people.
    #[default]
    Text,
    /// JSON Lines: one event per line.
    Json,
}

/// Output format of commands that run a conversation (these can also draw it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum RunFormat {
    /// Text for people.
    #[default]
    Text,
    /// JSON Lines: one event per line.
    Json,
    /// A Mermaid sequenceDiagram of the run.
    Mermaid,
    /// The sequence diagram as a self-contained SVG image.
    Svg,
    /// One self-contained interactive HTML page: lanes, steps, every byte and field, the
    /// derivations with commands to reproduce them.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create and inspect a CA and a server certificate.
    #[command(
        subcommand,
        after_help = "Examples:\n  tlswalk pki init --out demo-pki --seed 7\n  tlswalk pki show demo-pki/server.pem --issuer demo-pki/ca.pem"
    )]
    Pki(PkiCommand),
    /// Sign a file: SHA-256 digest, PKCS#1 v1.5 padding, RSA private operation.
    #[command(
        after_help = "Example:\n  tlswalk sign --key demo-pki/server.key --out msg.sig msg.txt\n  openssl dgst -sha256 -sign demo-pki/server.key msg.txt | cmp - msg.sig"
    )]
    Sign(SignArgs),
    /// Verify a signature with the public key in a certificate, step by step.
    #[command(
        after_help = "Example:\n  tlswalk verify --cert demo-pki/server.pem --sig msg.sig msg.txt"
    )]
    Verify(VerifyArgs),
    /// Walk a whole HTTPS connection in memory: PKI, TCP, TLS 1.2, HTTP, close.
    #[command(
        after_help = "Examples:\n  tlswalk handshake --verbose\n  tlswalk handshake --seed 7 --format json > walk.jsonl\n  tlswalk handshake --seed 7 --keylog walk.keys --pcap walk.pcap"
    )]
    Handshake(HandshakeArgs),
    /// The TLS 1.2 PRF (RFC 5246 §5): P_SHA256(secret, label ‖ seed).
    #[command(
        after_help = "Example:\n  tlswalk prf --secret 9bbe436ba940f017b17652849a71db35 --label 'test label' \\\n      --seed a0ba9f936cda311827a6f796ffd5198c --len 100 --verbose"
    )]
    Prf(PrfArgs),
    /// A real HTTPS server (TLS 1.2, RSA key exchange, AES-128-GCM) that narrates each connection.
    #[command(
        after_help = "Example:\n  tlswalk serve --pki demo-pki --verbose\n  curl --tls-max 1.2 --ciphers AES128-GCM-SHA256 --cacert demo-pki/ca.pem https://localhost:8443/"
    )]
    Serve(ServeArgs),
    /// A real HTTPS client that narrates the connection and prints the response.
    #[command(
        after_help = "Examples:\n  tlswalk connect https://localhost:8443/ --cacert demo-pki/ca.pem --verbose\n  tlswalk connect wss://localhost:8443/ws --cacert demo-pki/ca.pem --send hello"
    )]
    Connect(ConnectArgs),
    /// The TCP lab: the classic exam questions about TCP's open and close, run on the model.
    #[command(
        after_help = "Examples:\n  tlswalk tcp --scenario old-duplicate-syn --verbose\n  tlswalk tcp --scenario lost-final-ack --pcap lost-ack.pcap\n  tlswalk tcp --scenario all"
    )]
    Tcp(TcpArgs),
    /// A DNS lookup: stub resolver, recursive resolver, root, TLD and authoritative servers,
    /// every message field by field; or a real query to a real server.
    #[command(
        after_help = "Examples:\n  tlswalk dns www.example.com --verbose\n  tlswalk dns www.example.com --pcap dns.pcap\n  tlswalk dns example.com --server 127.0.0.1:5353"
    )]
    Dns(DnsArgs),
    /// WebSocket over TLS: the upgrade, the accept value, frames bit by bit, the close.
    #[command(
        after_help = "Examples:\n  tlswalk websocket --verbose\n  tlswalk websocket --seed 7 --pcap ws.pcap --keylog ws.keys"
    )]
    Websocket(WebsocketArgs),
    /// The same request three ways (TLS 1.2 RSA, TLS 1.2 ECDHE, TLS 1.3), side by side:
    /// round trips, bytes in the clear, what an eavesdropper sees, what a stolen key opens.
    #[command(
        after_help = "Examples:\n  tlswalk compare --seed 7\n  tlswalk compare --format json"
    )]
    Compare(CompareArgs),
    /// The man-in-the-middle and tampering labs.
    #[command(
        after_help = "Examples:\n  tlswalk mitm --verbose\n  tlswalk mitm --attack all --summary\n  tlswalk mitm --attack insecure-client --verbose"
    )]
    Mitm(MitmArgs),
    /// A real intercepting proxy: clients that verify certificates refuse it.
    #[command(
        name = "mitm-proxy",
        after_help = "Example:\n  tlswalk mitm-proxy --listen 127.0.0.1:9443 --upstream 127.0.0.1:8443\n  curl -k --tls-max 1.2 --ciphers AES128-GCM-SHA256 https://localhost:9443/echo"
    )]
    MitmProxy(MitmProxyArgs),
    /// Self-checking cryptography exercises.
    #[command(
        subcommand,
        after_help = "Examples:\n  tlswalk exercise list\n  tlswalk exercise show 8 --seed 42\n  tlswalk exercise check 8 ANSWER --seed 42"
    )]
    Exercise(ExerciseCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Examples:\n  tlswalk completions bash > ~/.local/share/bash-completion/completions/tlswalk\n  tlswalk completions zsh > ~/.zfunc/_tlswalk\n  tlswalk completions fish > ~/.config/fish/completions/tlswalk.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for tlswalk or one of its commands.
    #[command(
        after_help = "Examples:\n  tlswalk man | man -l -\n  tlswalk man handshake > tlswalk-handshake.1"
    )]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command (e.g. handshake, or "pki init"): its own page instead of tlswalk's.
    #[arg(value_name = "COMMAND", num_args = 0..)]
    pub command: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum PkiCommand {
    /// Create a CA and a server certificate signed by it (ca.pem, ca.key, server.pem, server.key).
    #[command(
        after_help = "Example:\n  tlswalk pki init --out demo-pki --seed 7 --host example.test\n  openssl verify -CAfile demo-pki/ca.pem demo-pki/server.pem"
    )]
    Init(PkiInitArgs),
    /// Explain a certificate field by field; with --issuer, check its signature by hand.
    #[command(
        after_help = "Example:\n  tlswalk pki show demo-pki/server.pem --issuer demo-pki/ca.pem"
    )]
    Show(PkiShowArgs),
}

#[derive(Debug, Args)]
pub struct SeedArg {
    /// Make every output byte-identical across runs (fixed randomness and clock).
    ///
    /// The seeded clock reads 2026-01-01 12:00:00 UTC. Certificates loaded from files that are
    /// not valid then (a PKI made without --seed, on another day) move it inside their
    /// validity instead: one day after the newest certificate's notBefore (or the middle of
    /// their common validity when that is shorter). The run says so in one line; the same
    /// files always give the same instant.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Debug, Args)]
pub struct PkiInitArgs {
    /// Directory to write ca.pem, ca.key, server.pem, server.key into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Extra host names for the server certificate (localhost and 127.0.0.1 are always added).
    #[arg(long = "host", value_name = "NAME")]
    pub hosts: Vec<String>,
    /// Overwrite ca.pem, ca.key, server.pem and server.key if they exist in DIR.
    #[arg(long)]
    pub force: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show each step in detail.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct PkiShowArgs {
    /// The certificate (PEM) to explain.
    pub cert: PathBuf,
    /// The issuer's certificate: walk the signature check by hand.
    #[arg(long, value_name = "CA_CERT")]
    pub issuer: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Private key (PKCS#8 or PKCS#1 PEM).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// Where to write the raw signature bytes (never the file signed or the key).
    #[arg(long, value_name = "SIG")]
    pub out: PathBuf,
    /// Overwrite SIG if it exists (without it, nothing is replaced).
    #[arg(long)]
    pub force: bool,
    /// The file to sign.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Certificate (PEM) holding the signer's public key.
    #[arg(long, value_name = "CERT")]
    pub cert: PathBuf,
    /// The raw signature bytes.
    #[arg(long, value_name = "SIG")]
    pub sig: PathBuf,
    /// The signed file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct HandshakeArgs {
    /// Explain every step in full.
    #[arg(long, short)]
    pub verbose: bool,
    #[command(flatten)]
    pub seed: SeedArg,
    /// The host name the client asks for (SNI) and checks in the certificate.
    #[arg(long, value_name = "NAME", default_value = "localhost")]
    pub host: String,
    /// The HTTP path to GET.
    #[arg(long, value_name = "P", default_value = "/")]
    pub path: String,
    /// Load the PKI from DIR, or create it there if missing.
    ///
    /// With --seed, a loaded PKI whose certificates are not valid on 2026-01-01 (the seeded
    /// clock) moves the clock one day after the newest certificate's notBefore, and says so:
    /// seeded runs stay reproducible with a PKI made on any day.
    #[arg(long, value_name = "DIR")]
    pub pki: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    pub format: RunFormat,
    /// Write the NSS key log (for Wireshark) to FILE.
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    /// Write a pcap of the modeled TCP/IP conversation to FILE.
    #[arg(long, value_name = "FILE")]
    pub pcap: Option<PathBuf>,
    /// Write the output (any --format) to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the --out, --keylog and --pcap files if they exist (without it, nothing is
    /// replaced).
    #[arg(long)]
    pub force: bool,
    /// Offer and use the extended master secret (RFC 7627).
    #[arg(long)]
    pub ems: bool,
    /// The TLS version of the walk: 1.2 (the default: RSA key exchange, as the notes teach it)
    /// or 1.3 (RFC 8446: a key share, one round trip, encrypted from ServerHello on).
    #[arg(long, value_enum, value_name = "VERSION")]
    pub tls: Option<TlsVersionArg>,
    /// The TLS 1.2 key exchange of the walk: rsa (the default) or ecdhe (ephemeral keys, the
    /// server's signed: forward secrecy).
    #[arg(long, value_enum, value_name = "KX")]
    pub kx: Option<KxArg>,
    /// Then a second connection that resumes the session (abbreviated handshake), named by its
    /// session_id (the default) or by a session ticket (RFC 5077).
    #[arg(long, value_name = "BY", num_args = 0..=1, default_missing_value = "session-id")]
    pub resume: Option<ResumeBy>,
    /// The HTTP method of the request(s).
    #[arg(long, value_enum, default_value_t = Method::Get)]
    pub method: Method,
    /// A body to send, with Content-Type and Content-Length computed (a form such as
    /// user=ann is sent as application/x-www-form-urlencoded).
    #[arg(long, value_name = "BODY")]
    pub data: Option<String>,
    /// An extra request header field, 'Name: value' (repeatable).
    #[arg(long = "header", value_name = "'NAME: VALUE'")]
    pub headers: Vec<String>,
    /// Send N requests on the one connection (HTTP/1.1 keep-alive).
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub requests: u32,
    /// Send all --requests back to back before reading any response.
    #[arg(long)]
    pub pipeline: bool,
    /// The HTTP version of the request(s).
    #[arg(long, value_enum, value_name = "VERSION", default_value_t = HttpVersion::V11)]
    pub http: HttpVersion,
    /// Instead of the walk, take apart the frame that carries the HTTP request: Ethernet,
    /// IPv4, TCP, TLS record and HTTP, each header inside the one before.
    #[arg(long, conflicts_with_all = ["verbose", "format", "out", "resume"])]
    pub layers: bool,
}

/// `handshake --method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum Method {
    Get,
    Post,
    Head,
    Put,
    Delete,
    Options,
}

/// `handshake --http`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HttpVersion {
    /// HTTP/1.0: one response, then the connection closes.
    #[value(name = "1.0")]
    V10,
    /// HTTP/1.1: keep-alive by default.
    #[value(name = "1.1")]
    V11,
}

/// How `handshake --resume` names the session it resumes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ResumeBy {
    /// The session_id the server gave; the server keeps the session in its cache.
    SessionId,
    /// A session ticket (RFC 5077); the client keeps the session, sealed by the server.
    Ticket,
}

#[derive(Debug, Args)]
pub struct PrfArgs {
    /// The secret, hex.
    #[arg(long, value_name = "HEX")]
    pub secret: String,
    /// The label, as text (ASCII).
    #[arg(long, value_name = "TEXT")]
    pub label: String,
    /// The PRF's seed, hex (RFC 5246 calls it seed; this command draws no randomness).
    #[arg(long, value_name = "HEX")]
    pub seed: String,
    /// How many bytes to produce.
    #[arg(long, value_name = "N")]
    pub len: usize,
    /// Show each A(i) and HMAC block.
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8443")]
    pub addr: String,
    /// PKI directory (created first if missing).
    #[arg(long, value_name = "DIR", default_value = "tlswalk-pki")]
    pub pki: PathBuf,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Explain every step of every connection.
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Append NSS key log lines to FILE (created if missing; an existing key log is appended
    /// to, as with SSLKEYLOGFILE; a file that is not a key log is refused).
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    /// Accept the extended master secret (RFC 7627) when offered.
    #[arg(long)]
    pub ems: bool,
    /// Speak only this TLS version (default: TLS 1.3 when the client offers it, else TLS 1.2).
    #[arg(long, value_enum, value_name = "VERSION")]
    pub tls: Option<TlsVersionArg>,
    /// The groups TLS 1.3 key shares are taken on, in order of preference (default:
    /// x25519,p256). A client whose share is on none of them is asked for another
    /// (HelloRetryRequest).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "GROUPS")]
    pub groups: Vec<GroupArg>,
    /// The only TLS 1.2 key exchange to accept (default: ECDHE when the client offers it,
    /// else RSA).
    #[arg(long, value_enum, value_name = "KX")]
    pub kx: Option<KxArg>,
    /// Exit after N connections.
    #[arg(long, value_name = "N")]
    pub max_connections: Option<u64>,
    /// Connections served at once (default: sized to this machine's cores and open-file
    /// limit); past it idle and half-open connections are closed to make room, oldest first.
    #[arg(long, value_name = "N")]
    pub max_concurrent: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// https://host[:port]/path, or wss://host[:port]/path for WebSocket
    pub url: String,
    /// With a wss:// URL: send TEXT as a WebSocket message and read the answer (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub send: Vec<String>,
    /// Trust this CA certificate (PEM).
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Skip certificate verification (and see what that means).
    #[arg(long)]
    pub insecure: bool,
    /// Explain every step.
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    pub format: RunFormat,
    /// Write the output (any --format) to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the --out file if it exists (without it, nothing is replaced).
    #[arg(long)]
    pub force: bool,
    /// Append NSS key log lines to FILE (created if missing; an existing key log is appended
    /// to, as with SSLKEYLOGFILE; a file that is not a key log is refused).
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Give up after SECS seconds for the whole exchange, from DNS to the response's last byte
    /// (the handshake alone has at most 10 s, a silence after it at most 30 s).
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Then connect again, offering the first connection's session (ticket or session_id).
    #[arg(long)]
    pub resume: bool,
    /// Offer only this TLS version (default: TLS 1.3 and TLS 1.2; with --resume, TLS 1.2,
    /// whose sessions tlswalk resumes).
    #[arg(long, value_enum, value_name = "VERSION")]
    pub tls: Option<TlsVersionArg>,
    /// The groups to offer for TLS 1.3, in order of preference; a key share is sent for the
    /// first (default: x25519,p256).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "GROUPS")]
    pub groups: Vec<GroupArg>,
    /// The only TLS 1.2 key exchange to offer (default: ECDHE, then RSA).
    #[arg(long, value_enum, value_name = "KX")]
    pub kx: Option<KxArg>,
}

#[derive(Debug, Args)]
pub struct MitmArgs {
    /// Which attack: rogue-ca, self-signed, forged-signature, wrong-host, expired,
    /// tamper-record, tamper-handshake, insecure-client, stolen-key, or all.
    #[arg(long, value_name = "NAME", default_value = "rogue-ca")]
    pub attack: String,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Explain every step.
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    pub format: RunFormat,
    /// The host name the client wants.
    #[arg(long, value_name = "NAME", default_value = "localhost")]
    pub host: String,
    /// Write a pcap of the modeled conversation to FILE.
    #[arg(long, value_name = "FILE")]
    pub pcap: Option<PathBuf>,
    /// Write the NSS key log to FILE.
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    /// Write the output (any --format) to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the --out, --pcap and --keylog files if they exist (without it, nothing is
    /// replaced).
    #[arg(long)]
    pub force: bool,
    /// Print only the verdict: the summary table (one line for a single attack).
    #[arg(long, conflicts_with_all = ["verbose", "format", "out"])]
    pub summary: bool,
    /// stolen-key: record a TLS 1.2 session with this key exchange instead of RSA.
    #[arg(long, value_enum, value_name = "KX")]
    pub kx: Option<KxArg>,
    /// stolen-key: record a session in this TLS version (1.3: ephemeral key shares).
    #[arg(long, value_enum, value_name = "VERSION")]
    pub tls: Option<TlsVersionArg>,
}

#[derive(Debug, Args)]
pub struct TcpArgs {
    /// Which scenario: open-close, old-duplicate-syn, lost-final-ack, simultaneous-close,
    /// half-close, rst, or all.
    #[arg(long, value_name = "NAME", default_value = "open-close")]
    pub scenario: String,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Explain every step.
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    pub format: RunFormat,
    /// Write a pcap of the modeled segments to FILE.
    #[arg(long, value_name = "FILE")]
    pub pcap: Option<PathBuf>,
    /// Write the output (any --format) to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the --out and --pcap files if they exist (without it, nothing is replaced).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct WebsocketArgs {
    #[command(flatten)]
    pub seed: SeedArg,
    /// Explain every step.
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    pub format: RunFormat,
    /// Write a pcap of the modeled TCP segments to FILE.
    #[arg(long, value_name = "FILE")]
    pub pcap: Option<PathBuf>,
    /// Write the session's secrets to FILE in NSS key log format (for Wireshark).
    #[arg(long, value_name = "FILE")]
    pub keylog: Option<PathBuf>,
    /// Write the output (any --format) to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the --out, --pcap and --keylog files if they exist (without it, nothing is
    /// replaced).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub seed: SeedArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct DnsArgs {
    /// The name to look up, e.g. www.example.com.
    pub name: String,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Explain every step.
    #[arg(long, short)]
    pub verbose: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    pub format: RunFormat,
    /// Write a pcap of the modeled lookups (UDP datagrams and TCP segments) to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "server")]
    pub pcap: Option<PathBuf>,
    /// Write the output (any --format) to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the --out and --pcap files if they exist (without it, nothing is replaced).
    #[arg(long)]
    pub force: bool,
    /// Ask this DNS server for real, over UDP (IP[:PORT], port 53 by default), instead of
    /// running the model.
    #[arg(long, value_name = "ADDR")]
    pub server: Option<String>,
    /// With --server: milliseconds to wait for an answer before asking again.
    #[arg(long, value_name = "MS", default_value_t = 2000,
          value_parser = clap::value_parser!(u64).range(1..=60_000), requires = "server")]
    pub timeout: u64,
    /// With --server: how many times to send the query.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=10), requires = "server")]
    pub tries: u32,
}

#[derive(Debug, Args)]
pub struct MitmProxyArgs {
    /// Address to accept clients on.
    #[arg(long, value_name = "ADDR")]
    pub listen: String,
    /// The real server.
    #[arg(long, value_name = "ADDR")]
    pub upstream: String,
    /// Mallory's PKI directory (created if missing).
    #[arg(long, value_name = "DIR", default_value = "mallory-pki")]
    pub pki: PathBuf,
    /// Trust this CA for the upstream connection (default: do not verify upstream).
    #[arg(long, value_name = "FILE")]
    pub upstream_cacert: Option<PathBuf>,
    /// Explain every step.
    #[arg(long, short)]
    pub verbose: bool,
    /// Exit after N connections.
    #[arg(long, value_name = "N")]
    pub max_connections: Option<u64>,
    #[command(flatten)]
    pub seed: SeedArg,
    /// Connections served at once (default: sized to this machine's cores and open-file
    /// limit); past it the half-open connection waiting longest is closed to make room.
    #[arg(long, value_name = "N")]
    pub max_concurrent: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum ExerciseCommand {
    /// List the exercises, one per line.
    #[command(after_help = "Example:\n  tlswalk exercise list")]
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show an exercise with its inputs.
    #[command(after_help = "Example:\n  tlswalk exercise show 3 --seed 42")]
    Show {
        /// Exercise number.
        n: u32,
        /// Your own variant.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check an answer: exit 0 and "correct", or exit 1 with a hint.
    #[command(after_help = "Example:\n  tlswalk exercise check 3 1a2b3c --seed 42")]
    Check {
        /// Exercise number.
        n: u32,
        /// Your answer.
        answer: String,
        /// The variant you were shown.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}
