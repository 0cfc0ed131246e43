//! `tlswalk serve`: a real HTTPS server (TLS 1.2, RSA key exchange, AES-128-GCM) that narrates
//! every connection, each line prefixed with the connection's number.

use crate::cli::{Format, ServeArgs};
use crate::commands::output::{check_append, output_result};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tlswalk::error::{CliComplaint, Error, IoContext, Result};
use tlswalk::event::EventSink;
use tlswalk::narrator::{Line, Narrator, PkiUser};
use tlswalk::net::output::{
    Detail, KeyLogAppender, LineWriter, OutputWatch, SharedOutput, Watched,
};
use tlswalk::net::server::{HttpsServer, ServeConfig, SinkFactory};
use tlswalk::pki::{Pki, PkiOrigin};
use tlswalk::render::json::JsonRenderer;
use tlswalk::render::text::TextRenderer;
use tlswalk::rng::Randomness;
use tlswalk::tls::resume::SessionCache;
use tlswalk::tls::server::ServerConfig;
use tlswalk::tls::ticket::TicketKeys;
use tlswalk::ui::Style;

/// The sink for one connection (or, with id 0, for the server's own start-up).
fn make_sink(
    out: &SharedOutput,
    format: Format,
    style: Style,
    verbose: bool,
    keylog: Option<KeyLogAppender>,
    id: u64,
) -> Box<dyn EventSink + Send> {
    let w = LineWriter::new(out.clone());
    match format {
        Format::Text => {
            let prefix = if id == 0 {
                String::new()
            } else {
                format!("[c{id}] ")
            };
            Box::new(Detail {
                // serve's output is a log, one line per event (for grep), never wrapped.
                inner: TextRenderer::new(
                    w,
                    Style {
                        width: usize::MAX,
                        ..style
                    },
                    verbose,
                )
                .with_prefix(prefix),
                detail: verbose,
                keylog,
            })
        }
        Format::Json => Box::new(Detail {
            inner: JsonRenderer::new(w).with_field("connection", id.into()),
            detail: verbose,
            keylog,
        }),
    }
}

/// The host name to put in the commands we suggest: the certificate names localhost and
/// 127.0.0.1, so a loopback or wildcard address is reached as `localhost`.
fn host_for(addr: &SocketAddr) -> String {
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        "localhost".into()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    }
}

pub fn run(args: ServeArgs, style: Style) -> Result<()> {
    // A typo in the address is bad input: say so before making keys.
    if std::net::ToSocketAddrs::to_socket_addrs(&args.addr).is_err() {
        return Err(Error::bad_input(CliComplaint::NotAListenAddress {
            addr: args.addr.clone(),
        }));
    }
    if args.max_concurrent == Some(0) {
        return Err(Error::bad_input(CliComplaint::NoConcurrency {
            flag: "--max-concurrent".into(),
        }));
    }
    let randomness = Randomness::from_seed(args.seed.seed);
    // Every connection writes to standard output through one watch: when a write fails (a full
    // disk, a closed pipe) the server stops, since nobody can read its narration any more.
    let watch = OutputWatch::new();
    let stdout: SharedOutput = Arc::new(Mutex::new(Watched::new(std::io::stdout(), watch.clone())));
    // Everything the user named is checked before keys are made or anything is printed.
    if let Some(p) = &args.keylog {
        check_append(p)?;
    }
    // Bound before the PKI is made, so a port in use costs no key generation.
    let listen_error = |e| {
        Error::io(
            IoContext::Listening {
                addr: args.addr.to_string(),
            },
            e,
        )
    };
    let listener = std::net::TcpListener::bind(&args.addr).map_err(listen_error)?;
    let (pki, origin) = {
        let mut sink = make_sink(&stdout, args.format, style, args.verbose, None, 0);
        Pki::open_or_create(&args.pki, &randomness, &[], sink.as_mut())?
    };
    if origin == PkiOrigin::Created {
        let dir = args.pki.display().to_string();
        let created = Narrator::default().line(&Line::PkiCreated {
            by: PkiUser::Serve,
            dir: &dir,
        });
        say(args.format, &stdout, &format!("{created}\n"));
    }
    let keylog = match &args.keylog {
        Some(p) => Some(KeyLogAppender::open(p).map_err(|e| Error::io(p, e))?),
        None => None,
    };
    // The private operation in AWS-LC: constant time, at OpenSSL's speed (the walk does it by hand).
    let mut tls = ServerConfig::new(vec![pki.server.cert_der.clone()], pki.server.key.clone())
        .with_constant_time_rsa();
    tls.accept_ems = args.ems;
    tls.versions = crate::cli::TlsVersionArg::versions(args.tls);
    tls.groups = crate::cli::GroupArg::groups(&args.groups);
    tls.ecdhe = args.kx != Some(crate::cli::KxArg::Rsa);
    tls.rsa_kx = args.kx != Some(crate::cli::KxArg::Ecdhe);
    // Resumption both ways: a session cache by session_id, and tickets (RFC 5077) sealed with
    // keys made fresh at each start.
    tls.sessions = Some(Arc::new(SessionCache::default()));
    tls.tickets = Some(Arc::new(TicketKeys::new(
        tls.provider,
        randomness.stream("ticket keys"),
    )));
    let mut config = ServeConfig::new(tls, randomness);
    config.max_connections = args.max_connections;
    if let Some(n) = args.max_concurrent {
        config.max_concurrent = n;
    }
    let server = HttpsServer::with_listener(listener, config).map_err(listen_error)?;
    let addr = server.local_addr().map_err(listen_error)?;

    say(args.format, &stdout, &banner(&args, &addr));
    if watch.failed() {
        return output_result(watch.result());
    }

    let stopper = server.stopper();
    let on_output_failure = stopper.clone();
    watch.on_failure(move || on_output_failure.stop());
    // Only one handler per process; a second `serve` in the same process (tests) goes without.
    let _ = ctrlc::set_handler(move || stopper.stop());

    let (format, verbose) = (args.format, args.verbose);
    let out = stdout.clone();
    let factory: Arc<SinkFactory> =
        Arc::new(move |id| make_sink(&out, format, style, verbose, keylog.clone(), id));
    let summary = server.run(factory);
    let end = Narrator::default().line(&Line::ServeStopped {
        connections: summary.connections as u64,
        handshakes: summary.handshakes as u64,
        requests: summary.requests as u64,
        refused: summary.refused as u64,
    });
    if watch.failed() {
        return output_result(watch.result());
    }
    match args.format {
        Format::Text => {
            let mut out = stdout.lock().unwrap_or_else(|p| p.into_inner());
            let written = out.write_all(end.as_bytes()).and_then(|()| out.flush());
            drop(out);
            output_result(written)?;
        }
        Format::Json => to_stderr(&end),
    }
    Ok(())
}

/// Say `text` to the person running the server: on standard output beside the text narration,
/// on standard error beside JSON Lines (standard output carries JSON only). A failure on
/// standard output is kept by its watch, and checked by the caller.
fn say(format: Format, stdout: &SharedOutput, text: &str) {
    match format {
        Format::Text => {
            let mut out = stdout.lock().unwrap_or_else(|p| p.into_inner());
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        }
        Format::Json => to_stderr(text),
    }
}

/// Write to standard error; if even that fails there is nowhere left to say so.
fn to_stderr(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

fn banner(args: &ServeArgs, addr: &SocketAddr) -> String {
    let dir = args.pki.display().to_string();
    let keylog = args.keylog.as_ref().map(|p| p.display().to_string());
    Narrator::default().line(&Line::ServeBanner {
        addr: *addr,
        host: &host_for(addr),
        pki_dir: &dir,
        ems: args.ems,
        versions: &crate::cli::TlsVersionArg::versions(args.tls),
        keylog: keylog.as_deref(),
        max_connections: args.max_connections,
    })
}
