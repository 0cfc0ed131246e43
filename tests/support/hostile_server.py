#!/usr/bin/env python3
"""A hostile HTTPS server for tests/hostile_connect.rs: one connection, one misbehaviour.

Usage: hostile_server.py MODE CERT KEY
Binds 127.0.0.1 on a free port, prints the port on one line, serves one connection the way
MODE says, and exits. Every mode ends by itself within about 40 s, so a test that forgets it
leaves nothing running for long.

TLS modes (Python's ssl module, TLS 1.2 with AES128-GCM-SHA256, the given certificate): the
handshake is real, the HTTP response is crafted.
Raw modes (plain TCP): bytes written by hand, to reach the client's limits before any TLS.
"""

import socket
import ssl
import struct
import sys
import time

MODE, CERT, KEY = sys.argv[1], sys.argv[2], sys.argv[3]

# The injection a hostile server tries on whoever reads its bytes in a terminal: clear the
# screen (CSI 2 J), set the window title (OSC 0 ; … BEL), a NUL, and a colour of its own.
EVIL = b"\x1b[2J\x1b]0;pwned\x07\x00body\x1b[31mred"

# (response bytes, send close_notify afterwards)
RESPONSES = {
    "short_close_notify": (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello", True),
    "short_eof": (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello", False),
    "overrun": (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello, and more bytes", True),
    "chunked_short": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        True,
    ),
    "evil_body": (
        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(EVIL), EVIL),
        True,
    ),
    # Control characters in a header value: the HTTP parser refuses them, the narration
    # still shows the bytes as they came.
    "evil_head": (
        b"HTTP/1.1 200 OK\r\nX-Evil: " + EVIL + b"\r\nContent-Length: 2\r\n\r\nok",
        True,
    ),
}


def listen():
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(30)
    print(ls.getsockname()[1], flush=True)
    conn, _ = ls.accept()
    conn.settimeout(40)
    return conn


def record(content_type, payload):
    """A TLS record (RFC 5246 §6.2.1): type, version 3.3, length, fragment."""
    return struct.pack("!BHH", content_type, 0x0303, len(payload)) + payload


def handshake(msg_type, body):
    """A handshake message (RFC 5246 §7.4): type, uint24 length, body."""
    return struct.pack("!B", msg_type) + len(body).to_bytes(3, "big") + body


def server_hello():
    """A ServerHello choosing TLS_RSA_WITH_AES_128_GCM_SHA256 with an empty
    renegotiation_info (RFC 5246 §7.4.1.3, RFC 5746 §3.6)."""
    ext = struct.pack("!HH", 0xFF01, 1) + b"\x00"
    body = (
        b"\x03\x03" + bytes(range(32)) + b"\x00" + b"\x00\x9c" + b"\x00"
        + struct.pack("!H", len(ext)) + ext
    )
    return record(22, handshake(2, body))


def read_hello(conn):
    """Read what the client sends first (its ClientHello), enough to answer it."""
    conn.recv(65536)


def send_forever(conn, chunks):
    try:
        for c in chunks:
            conn.sendall(c)
    except OSError:
        pass


def tls_mode(conn):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("AES128-GCM-SHA256")
    ctx.load_cert_chain(CERT, KEY)
    s = ctx.wrap_socket(conn, server_side=True)
    request = b""
    while b"\r\n\r\n" not in request:
        d = s.recv(4096)
        if not d:
            return
        request += d
    if MODE == "trickle_body":
        # A head that promises a large body, then one byte a second: every read makes
        # progress, so only an overall deadline ends it.
        s.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")
        for _ in range(40):
            time.sleep(1)
            s.sendall(b"x")
        return
    response, close_notify = RESPONSES[MODE]
    s.sendall(response)
    if close_notify:
        try:
            s.unwrap()
        except (OSError, ssl.SSLError):
            pass
    else:
        time.sleep(0.2)
    conn.close()


def raw_mode(conn):
    if MODE == "garbage":
        read_hello(conn)
        send_forever(conn, [b"\x00\xff garbage, not TLS \x1b[2J" * 100])
    elif MODE == "silent":
        read_hello(conn)
        time.sleep(40)
    elif MODE == "close_mid_handshake":
        read_hello(conn)
        hello = server_hello()
        conn.sendall(hello[: len(hello) // 2])
        time.sleep(0.2)
    elif MODE == "trickle_handshake":
        # A ServerHello a byte a second, then more of the same: bytes keep arriving.
        read_hello(conn)
        hello = server_hello() * 100
        for i in range(40):
            try:
                conn.sendall(hello[i : i + 1])
            except OSError:
                return
            time.sleep(1)
    elif MODE == "huge_certificate":
        # A Certificate message announcing 16 MiB - 1 (the uint24 maximum), then junk for as
        # long as the client reads.
        read_hello(conn)
        head = server_hello() + record(22, b"\x0b" + (0xFFFFFF).to_bytes(3, "big"))
        junk = record(22, b"\x30" * 16384)
        send_forever(conn, [head] + [junk] * 1024)
    elif MODE == "eleven_certificates":
        # One certificate more than connect takes (tls::client::MAX_CHAIN), in a message far
        # below the size cap: the count alone must refuse it.
        read_hello(conn)
        der = ssl.PEM_cert_to_DER_cert(open(CERT).read())
        certs = (len(der).to_bytes(3, "big") + der) * 11
        msg = handshake(11, len(certs).to_bytes(3, "big") + certs)
        records = [record(22, msg[i : i + 16384]) for i in range(0, len(msg), 16384)]
        send_forever(conn, [server_hello()] + records)
    elif MODE == "thousand_certificates":
        # A Certificate message listing the server's certificate a thousand times, cut into
        # records of 2^14 bytes (RFC 5246 §6.2.1).
        read_hello(conn)
        pem = open(CERT).read()
        der = ssl.PEM_cert_to_DER_cert(pem)
        one = len(der).to_bytes(3, "big") + der
        certs = one * 1000
        body = len(certs).to_bytes(3, "big") + certs
        msg = handshake(11, body)
        records = [record(22, msg[i : i + 16384]) for i in range(0, len(msg), 16384)]
        send_forever(conn, [server_hello()] + records)
    else:
        raise SystemExit("unknown mode " + MODE)
    try:
        conn.close()
    except OSError:
        pass


def main():
    conn = listen()
    if MODE in RESPONSES or MODE == "trickle_body":
        try:
            tls_mode(conn)
        except (OSError, ssl.SSLError):
            pass
    else:
        raw_mode(conn)


main()
