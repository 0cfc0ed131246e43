"""An independent WebSocket client for tests/websocket_serve.rs: Python's `websockets`
package (https://websockets.readthedocs.io/, pinned by .ci/run) for the well-behaved cases,
and a hand-made TLS client for frames `websockets` would never send.

    python3 ws_client.py PORT CAFILE MODE

MODE is one of:
  echo         text, a 70,000-byte binary message, a fragmented message, a ping, close 1000
  too-big      a 1.1 MB message: the server must close with 1009
  unmasked     an unmasked client frame: 1002
  reserved     a frame with RSV1 set: 1002
  long-ping    a ping with 126 bytes of payload: 1002
  bad-utf8     a text frame that is not UTF-8: 1007
Each prints one line per check and exits 0 when all hold.
"""
import asyncio
import base64
import os
import socket
import ssl
import sys

import websockets


def context(cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    # tlswalk serve speaks TLS 1.2 with one suite.
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("AES128-GCM-SHA256")
    return ctx


async def echo(port, cafile):
    url = f"wss://localhost:{port}/ws"
    async with websockets.connect(url, ssl=context(cafile), max_size=2**21, compression=None) as ws:
        await ws.send("hello from python")
        assert await ws.recv() == "hello from python"
        print("text echoed")
        big = bytes(i % 256 for i in range(70000))
        await ws.send(big)
        assert await ws.recv() == big
        print("70000 bytes echoed")
        await ws.send(["frag", "mented ", "message"])
        assert await ws.recv() == "fragmented message"
        print("fragmented message echoed")
        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        print("pong")
        await ws.close(1000, "bye")
        assert ws.close_code == 1000, ws.close_code
        print("closed 1000")


async def too_big(port, cafile):
    url = f"wss://localhost:{port}/ws"
    async with websockets.connect(url, ssl=context(cafile), compression=None) as ws:
        try:
            await ws.send(b"x" * 1_100_000)
            await ws.recv()
        except websockets.ConnectionClosed as e:
            code = e.rcvd.code if e.rcvd else None
            assert code == 1009, code
            print("closed 1009")
            return
    raise AssertionError("the server did not close")


def raw(port, cafile, frame):
    """Upgrade by hand over TLS, send `frame`, return the server's close code."""
    s = context(cafile).wrap_socket(
        socket.create_connection(("127.0.0.1", port), timeout=20), server_hostname="localhost"
    )
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(
        (
            f"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        assert chunk, "closed before the 101"
        head += chunk
    assert head.startswith(b"HTTP/1.1 101"), head
    rest = head.split(b"\r\n\r\n", 1)[1]
    s.sendall(frame)
    data = rest
    while len(data) < 4:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    # The server's close frame: 88, a length, then the status code (unmasked).
    assert data[0] == 0x88, data.hex()
    return int.from_bytes(data[2:4], "big")


def masked(first, payload, key=b"\x01\x02\x03\x04", length_byte=None):
    n = len(payload)
    out = bytes([first, 0x80 | (length_byte if length_byte is not None else n)])
    if length_byte == 126:
        out += n.to_bytes(2, "big")
    out += key
    return out + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def main():
    port, cafile, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    if mode == "echo":
        asyncio.run(echo(port, cafile))
    elif mode == "too-big":
        asyncio.run(too_big(port, cafile))
    else:
        frame, want = {
            "unmasked": (b"\x81\x02hi", 1002),
            "reserved": (masked(0xC1, b"hi"), 1002),
            "long-ping": (masked(0x89, b"p" * 126, length_byte=126), 1002),
            "bad-utf8": (masked(0x81, b"\xff\xfe"), 1007),
        }[mode]
        code = raw(port, cafile, frame)
        assert code == want, (mode, code)
        print(f"closed {code}")


if __name__ == "__main__":
    main()
