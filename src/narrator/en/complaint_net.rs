//! English for complaints: sockets, addresses, URLs, peers: connect, serve, mitm-proxy.

use crate::error::{During, IoContext, IoProblem, NetComplaint, NetFailure, UrlProblem};
use crate::wire::enums::AlertDescription;

pub(super) fn say(c: &NetComplaint) -> String {
    match c {
        NetComplaint::BadUrl {
            url,
            problem: UrlProblem::NotAUrl,
        } => format!("{url:?} is not a URL: expected https://host[:port]/path"),
        NetComplaint::BadUrl { url, problem } => format!("{url:?}: {}", url_problem(problem)),
        NetComplaint::NoUpgrade {
            context,
            status: 101,
        } => format!(
            "{}: the 101's Sec-WebSocket-Accept is not the one computed from the key",
            io_context(context)
        ),
        NetComplaint::NoUpgrade { context, status } => format!(
            "{}: the server answered {status}, not 101 Switching Protocols: no WebSocket there",
            io_context(context)
        ),
        NetComplaint::BadFrame { context, code } => format!(
            "{}: the server sent a frame RFC 6455 does not allow; closed with code {code}",
            io_context(context)
        ),
        NetComplaint::ResponseTooLarge { context, limit } => format!(
            "{}: the response is larger than {limit} bytes; stopped reading",
            io_context(context)
        ),
        NetComplaint::BadResponse { context, error } => {
            format!("{}: {}", io_context(context), super::http_problem(error))
        }
        NetComplaint::ServerAlert { context, alert } => {
            server_alert(&io_context(context), AlertDescription(*alert))
        }
        NetComplaint::ServerClosedHandshake { context } => format!(
            "{}: the server closed the connection during the handshake without an alert: it may not speak \
             TLS 1.2 with TLS_RSA_WITH_AES_128_GCM_SHA256, or not speak TLS on this port at all",
            io_context(context)
        ),
        NetComplaint::ClientClosedHandshake => {
            "the client closed during the handshake (it refused the certificate?)".into()
        }
        NetComplaint::BadRequest { error } => super::http_problem(error),
        NetComplaint::RequestTooLarge => "request larger than 1 MiB".into(),
        NetComplaint::ClientClosedRequest => "the client closed before a whole request".into(),
        NetComplaint::NoAddress { addr } => format!("{addr}: resolves to no address"),
        NetComplaint::NoClientHello { limit } => format!("no ClientHello within {limit:?}"),
        NetComplaint::ClientClosedBeforeHello => "the client closed before its ClientHello".into(),
        NetComplaint::ClientHelloTooLarge => "ClientHello larger than 1 MiB".into(),
        NetComplaint::PeerTimeout {
            context,
            during,
            after,
        } => format!(
            "{}: {}",
            io_context(context),
            net_failure(&NetFailure::Timeout {
                during: *during,
                after: *after
            })
        ),
        NetComplaint::PeerClosed { context, during } => format!(
            "{}: {}",
            io_context(context),
            net_failure(&NetFailure::Closed { during: *during })
        ),
        NetComplaint::Deadline {
            context,
            after,
            during: d,
        } => format!(
            "{}: the exchange did not finish within its overall deadline of {} s (--timeout), \
             during {}: the peer sent too little, too slowly, or nothing",
            io_context(context),
            after.as_secs_f64(),
            during(*d)
        ),
        NetComplaint::ResponseTruncated {
            context,
            problem,
            close_notify: false,
        } => format!(
            "{}: {}, and the server closed TCP without close_notify. The response's framing \
             (its Content-Length, or the chunked coding's last chunk) and TLS's close_notify are \
             how a client knows it has everything: TCP's FIN and RST are not authenticated, so \
             anyone on the path can end a connection early, and a body cut short without \
             close_notify is what a truncation attack looks like (RFC 5246 §7.2.1). tlswalk does \
             not take the part for the whole",
            io_context(context),
            super::http_problem(problem)
        ),
        NetComplaint::ResponseTruncated {
            context,
            problem,
            close_notify: true,
        } => format!(
            "{}: {}, although the server's close_notify says it has sent everything. \
             close_notify is authenticated (no one on the path can forge it), so the server \
             itself sent less than its framing announced; the part is not the whole",
            io_context(context),
            super::http_problem(problem)
        ),
        NetComplaint::ResponseOverrun {
            context,
            framed,
            extra,
        } => format!(
            "{}: {extra} bytes arrived after the end of the response its framing announced \
             ({framed} bytes of head and body). Bytes outside any response's framing are how \
             response splitting and desynchronisation smuggle a second response past a client; \
             tlswalk trusts neither part",
            io_context(context)
        ),
        NetComplaint::PeerOverflow { context, limit } => format!(
            "{}: {}",
            io_context(context),
            net_failure(&NetFailure::Overflow { limit: *limit })
        ),
    }
}

/// What a failed file or socket operation was touching: `TCP connect to 127.0.0.1:8443`.
pub fn io_context(c: &IoContext) -> String {
    match c {
        IoContext::Path { path } => path.clone(),
        IoContext::Address { addr } => addr.clone(),
        IoContext::Listening { addr } => format!("listening on {addr}"),
        IoContext::DnsLookup { host } => format!("DNS lookup of {host}"),
        IoContext::TcpConnect { addr } => format!("TCP connect to {addr}"),
        IoContext::ClientConnection => "client connection".into(),
        IoContext::StandardOutput => "writing standard output".into(),
        IoContext::ClientHandshake => "client handshake".into(),
        IoContext::UpstreamHandshake { upstream } => format!("upstream handshake with {upstream}"),
    }
}

/// Why a file or socket operation failed: `is a directory, expected a file`.
pub fn io_problem(p: &IoProblem) -> String {
    match p {
        IoProblem::NotFound => "no such file or directory".into(),
        IoProblem::PermissionDenied => "permission denied".into(),
        IoProblem::IsADirectory => "is a directory, expected a file".into(),
        IoProblem::NotADirectory => "a part of this path is a file, not a directory".into(),
        IoProblem::AlreadyExists => "already exists".into(),
        IoProblem::ConnectionRefused => "connection refused (nothing listens there)".into(),
        IoProblem::ConnectionReset => "the peer reset the connection".into(),
        IoProblem::BrokenPipe => "the peer closed the connection while we were writing".into(),
        IoProblem::AddrInUse => {
            "address already in use (another program listens there; pick another port)".into()
        }
        IoProblem::AddrNotAvailable => "not an address of this machine".into(),
        IoProblem::TimedOut => "timed out".into(),
        IoProblem::Other { message } => message.clone(),
    }
}

/// What a connection was doing.
fn during(d: During) -> &'static str {
    match d {
        During::Handshake => "the handshake",
        During::Sending => "sending (the peer does not read)",
        During::WaitingForData => "waiting for data",
        During::Closing => "closing",
    }
}

/// How a connection failed: `no progress from the peer for 10 s during the handshake`.
pub fn net_failure(f: &NetFailure) -> String {
    match f {
        NetFailure::AlertSent { alert, reason } => format!(
            "{alert} ({}): {} (alert sent to the peer)",
            alert.0,
            super::error(reason)
        ),
        NetFailure::AlertReceived { reason, .. } => super::error(reason),
        // The handshake has a deadline for the whole of it (see `net::stream`): a peer that
        // sends a byte a second makes progress and is still cut off, so "no progress" would
        // misreport it.
        NetFailure::Timeout {
            during: During::Handshake,
            after,
        } => format!(
            "the handshake did not finish within its {} s deadline (the peer sent nothing more, \
             or too little too slowly)",
            after.as_secs_f64()
        ),
        NetFailure::Timeout { during: d, after } => format!(
            "no progress from the peer for {} s during {}",
            after.as_secs_f64(),
            during(*d)
        ),
        NetFailure::Closed { during: d } => format!(
            "the peer closed the TCP connection during {} without a TLS alert",
            during(*d)
        ),
        NetFailure::Overflow { limit } => {
            format!("the peer sent more than {limit} bytes that were not yet consumed")
        }
        NetFailure::Socket { problem } => format!("socket: {}", io_problem(problem)),
    }
}

/// What the server's alert means for this client.
fn server_alert(context: &str, alert: AlertDescription) -> String {
    let what = match alert {
        AlertDescription::HANDSHAKE_FAILURE | AlertDescription::INSUFFICIENT_SECURITY => {
            "it found nothing in common with what this client offered: TLS 1.3 with TLS_AES_128_GCM_SHA256 \
             (unless --tls 1.2), and in TLS 1.2 only TLS_RSA_WITH_AES_128_GCM_SHA256 (RSA key exchange, \
             AES-128-GCM). Most servers today have turned RSA key exchange off because it gives no forward \
             secrecy, so a server that speaks only TLS 1.2 answers exactly this way"
        }
        AlertDescription::PROTOCOL_VERSION => {
            "it does not accept the TLS versions this client offered"
        }
        AlertDescription::INTERNAL_ERROR => "it had an internal problem (a busy server says this)",
        _ => "it refused the handshake",
    };
    format!(
        "{context}: the server answered with a fatal {} alert ({}): {what}",
        alert, alert.0
    )
}

/// What is wrong with a URL, for a person who typed it.
fn url_problem(p: &UrlProblem) -> String {
    match p {
        UrlProblem::Whitespace => {
            "a URL may not contain spaces or control characters (percent-encode them)".into()
        }
        UrlProblem::NotAUrl => "not a URL: expected https://host[:port]/path".into(),
        UrlProblem::NotHttps { scheme } => {
            format!(
                "only https:// and wss:// URLs are supported (this is a TLS client), not {scheme}://"
            )
        }
        UrlProblem::UserInfo => "user information (user@host) is not supported".into(),
        UrlProblem::NoHost => "no host name".into(),
        UrlProblem::PortZero => "port \"0\" is not a number from 1 to 65535".into(),
        UrlProblem::BadPort => "the port is not a number from 1 to 65535".into(),
        UrlProblem::BadIpv6 => {
            "not an IPv6 address between [ and ] (e.g. https://[::1]:8443/)".into()
        }
        UrlProblem::BadIpv4 => "the host is not an IPv4 address".into(),
        UrlProblem::BadHost => "the host is not a DNS name (letters, digits, '-', '.'), an \
             international domain name or an IP address"
            .into(),
        UrlProblem::Other { reason } => reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn io_errors_are_words_without_the_os_number() {
        use std::io::{Error as IoError, ErrorKind};
        let cases = [
            (
                IoError::from(ErrorKind::PermissionDenied),
                "permission denied",
            ),
            (
                IoError::from(ErrorKind::NotFound),
                "no such file or directory",
            ),
            (
                IoError::from(ErrorKind::IsADirectory),
                "is a directory, expected a file",
            ),
            (IoError::from(ErrorKind::AlreadyExists), "already exists"),
            (
                IoError::from(ErrorKind::NotADirectory),
                "a part of this path is a file, not a directory",
            ),
        ];
        for (e, want) in cases {
            let said = crate::error::Error::io(std::path::Path::new("demo-pki/ca.pem"), e);
            assert_eq!(said.to_string(), format!("demo-pki/ca.pem: {want}"));
        }
        // An OS error: named by its kind (EACCES is 13 on Linux), or its text without the number.
        #[cfg(target_os = "linux")]
        {
            let denied = IoProblem::of(&IoError::from_raw_os_error(13));
            assert_eq!(denied, IoProblem::PermissionDenied);
            let full = IoProblem::of(&IoError::from_raw_os_error(28));
            assert_eq!(
                full,
                IoProblem::Other {
                    message: "No space left on device".into()
                }
            );
        }
        // A library's own message is kept: it says more than its kind.
        let own = IoError::new(ErrorKind::NotFound, "failed to lookup address");
        assert_eq!(io_problem(&IoProblem::of(&own)), "failed to lookup address");
    }

    #[test]
    fn server_alert_names_the_alert_and_what_it_means() {
        let said = say(&NetComplaint::ServerAlert {
            context: IoContext::addr("127.0.0.1:443"),
            alert: AlertDescription::HANDSHAKE_FAILURE.0,
        });
        assert!(
            said.starts_with(
                "127.0.0.1:443: the server answered with a fatal handshake_failure alert (40): \
                 it found nothing in common with what this client offered"
            ),
            "{said}"
        );
    }

    #[test]
    fn peer_timeout_and_close_keep_their_wording() {
        let timeout = say(&NetComplaint::PeerTimeout {
            context: IoContext::addr("client"),
            during: During::WaitingForData,
            after: Duration::from_millis(1500),
        });
        assert_eq!(
            timeout,
            "client: no progress from the peer for 1.5 s during waiting for data"
        );
        // The handshake's limit is a deadline for all of it: a peer sending a byte a second
        // makes progress and still meets it.
        let deadline = say(&NetComplaint::PeerTimeout {
            context: IoContext::addr("client"),
            during: During::Handshake,
            after: Duration::from_secs(10),
        });
        assert_eq!(
            deadline,
            "client: the handshake did not finish within its 10 s deadline (the peer sent \
             nothing more, or too little too slowly)"
        );
        let closed = say(&NetComplaint::PeerClosed {
            context: IoContext::addr("client"),
            during: During::Handshake,
        });
        assert_eq!(
            closed,
            "client: the peer closed the TCP connection during the handshake without a TLS alert"
        );
        let hello = say(&NetComplaint::NoClientHello {
            limit: Duration::from_secs(10),
        });
        assert_eq!(hello, "no ClientHello within 10s");
    }
}
