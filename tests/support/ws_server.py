"""An independent WebSocket server for tests/websocket_connect.rs: Python's `websockets`
package over Python's `ssl` (OpenSSL), serving wss://localhost:PORT/ws.

    python3 ws_server.py CERT KEY

It prints its port, then echoes every message of one connection back, upper-cased for text
(so that an echo cannot be mistaken for the client's own bytes), and exits when that
connection closes.
"""
import asyncio
import ssl
import sys

import websockets


async def main(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    # tlswalk's client speaks TLS 1.2 with TLS_RSA_WITH_AES_128_GCM_SHA256.
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("AES128-GCM-SHA256")
    done = asyncio.get_running_loop().create_future()

    async def handler(ws):
        try:
            async for message in ws:
                await ws.send(message.upper() if isinstance(message, str) else message)
        finally:
            if not done.done():
                done.set_result(ws.close_code)

    async with websockets.serve(handler, "127.0.0.1", 0, ssl=ctx, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)
        code = await asyncio.wait_for(done, 60)
        print(f"closed {code}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
