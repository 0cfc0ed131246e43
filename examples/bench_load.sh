#!/usr/bin/env bash
# serve and mitm-proxy under load: 500 idle sockets and 200 ClientHellos sent a byte a second
# held open against `tlswalk serve` (reopened when closed), then curl's time to be served and
# serve's memory (VmRSS) before and during; then a 1 GiB download through mitm-proxy and the
# proxy's peak memory (VmHWM). Run by hand, not in CI:
#   TLSWALK=target/release/tlswalk bash examples/bench_load.sh
set -euo pipefail
T=${TLSWALK:-target/release/tlswalk}
D=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$D"' EXIT
rss() { awk -v k="$2" '$1==k":" {print $2" kB"}' /proc/$1/status; }
CURL=(curl -s -o /dev/null --max-time 30 --tls-max 1.2 --ciphers AES128-GCM-SHA256)
"$T" pki init --out "$D/pki" --seed 7 >/dev/null
"$T" serve --addr 127.0.0.1:18443 --pki "$D/pki" >/dev/null & S=$!
sleep 1
echo "serve: $(nproc) cores; RSS at start $(rss $S VmRSS)"
python3 - "$D/hello" <<'PY' &
import socket, sys, time
# 500 idle sockets, 200 that send a TLS record header and then one byte a second
addr = ("127.0.0.1", 18443)
def new(): 
    s = socket.socket(); s.connect(addr); s.setblocking(False); return s
idle = [new() for _ in range(500)]
slow = [new() for _ in range(200)]
hdr = bytes([22, 3, 1, 0, 200])
sent = [0] * len(slow)
while True:
    for group in (idle, slow):
        for i, s in enumerate(group):
            try:
                if group is slow:
                    s.send(hdr[sent[i]:sent[i]+1] if sent[i] < 5 else b"\x01"); sent[i] += 1
                if s.recv(64) == b"": raise OSError
            except BlockingIOError: pass
            except OSError:
                s.close(); group[i] = new()
                if group is slow: sent[i] = 0
    time.sleep(1)
PY
A=$!
sleep 3
echo "serve: threads under attack $(awk '$1=="Threads:"{print $2}' /proc/$S/status), RSS $(rss $S VmRSS)"
for i in 1 2 3 4 5; do
  "${CURL[@]}" --cacert "$D/pki/ca.pem" -w "curl under attack: %{http_code} in %{time_total} s\n" https://localhost:18443/
done
kill $A; sleep 1
echo "serve: RSS after the attack $(rss $S VmRSS), peak $(rss $S VmHWM)"
"$T" mitm-proxy --listen 127.0.0.1:19443 --upstream 127.0.0.1:18443 --pki "$D/mallory" >/dev/null & P=$!
# Mallory's keys are made first: wait until the proxy listens.
until (exec 3<>/dev/tcp/127.0.0.1/19443) 2>/dev/null; do sleep 0.2; done
echo "mitm-proxy: RSS at start $(rss $P VmRSS)"
"${CURL[@]}" -k -w "1 GiB through mitm-proxy: %{http_code}, %{size_download} bytes at %{speed_download} B/s\n" https://localhost:19443/bytes/1073741824
echo "mitm-proxy: RSS after $(rss $P VmRSS), peak $(rss $P VmHWM)"
