#!/usr/bin/env bash
# Regenerate every transcript, value and diagram the book includes, from tlswalk runs with fixed
# seeds. Nothing under book/src/generated/ is written by hand.
#
#   book/generate.sh [OUT_DIR]        (default: book/src/generated)
#
# Uses $TLSWALK if set, else target/debug/tlswalk, else target/release/tlswalk (run
# `cargo build` first). tests/book_generated.rs runs this into a temporary directory and fails
# if any committed file differs.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here/src/generated}"

bin="${TLSWALK:-}"
if [ -z "$bin" ]; then
    for candidate in "$root/target/debug/tlswalk" "$root/target/release/tlswalk"; do
        if [ -x "$candidate" ]; then bin="$candidate"; break; fi
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "generate.sh: no tlswalk binary found: run 'cargo build' first or set TLSWALK" >&2
    exit 2
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tw() { "$bin" --color never "$@"; }

# --- The whole walk, seed 7 -------------------------------------------------------------
tw handshake --seed 7 > "$out/walk-compact.txt"
tw handshake --seed 7 --verbose > "$out/walk-verbose.txt"
tw handshake --seed 7 --format mermaid > "$out/walk.mmd"
tw handshake --seed 7 --format json > "$work/walk.jsonl"
sed -n '1,12p' "$work/walk.jsonl" > "$out/walk-json-head.jsonl"
(cd "$work" && tw handshake --seed 7 --keylog walk.keys --pcap walk.pcap > /dev/null)
cp "$work/walk.keys" "$out/walk.keys"

# One file per phase of the verbose walk ("━━ 1. PKI", "━━ 2. TCP" …).
awk -v dir="$out" '
    /^━━ [0-9]\./ { n = substr($2, 1, 1) }
    n != "" { print > (dir "/walk-phase-" n ".txt") }
' "$out/walk-verbose.txt"
for n in 1 2 3 4 5; do
    test -s "$out/walk-phase-$n.txt" || { echo "generate.sh: phase $n missing from the walk" >&2; exit 1; }
done

# --- Extracts for single points (each must match, or the script fails) ------------------
# A value may wrap: its continuation lines are the non-blank lines after it indented more than
# two columns deeper (a line two deeper is a detail of its own, such as the named plaintext
# under "plaintext (94 bytes)"). A step line ("[17] …", column 0) continues four columns in,
# where its detail lines start too; those begin with an actor's name. A byte-table row or an
# "N bytes:" line is never a continuation, even after a table row that starts further left.
# The awk functions are shared by the extracts; an extract never cuts a value in half.
awk_lib='
    function ind(s) { match(s, /^ */); return RLENGTH }
    function cont(s, base) {
        if (base == 0) return ind(s) == 4 && s !~ /^    (client|server|CA|Mallory)[ :]/
        return s != "" && ind(s) > base + 2 && s !~ /^ +[0-9a-f][0-9a-f][0-9a-f][0-9a-f]  ?[0-9a-f][0-9a-f]( |$)/ && s !~ /^ +[0-9]+ bytes?: /
    }
'
# grab ERE FILE [MAX]: the lines matching ERE (at most MAX of them), each with its
# continuation lines.
grab() {
    awk -v re="$1" -v max="${3:-0}" "$awk_lib"'
        taking && cont($0, base) { print; next }
        { taking = 0 }
        $0 ~ re && (max == 0 || n < max) { print; n++; base = ind($0); taking = 1 }
    ' "$2"
}
# The SNI bytes of the ClientHello.
grab 'extension_type: server_name|server_name_list|name_type|host_name' \
    "$out/walk-phase-3.txt" 6 > "$out/sni.txt"
test "$(wc -l < "$out/sni.txt")" -eq 5
# The first application_data record: HTTP bytes inside a TLS record.
# until_wire FILE: from the first sealed application_data record to its record on the wire
# (with the continuation lines of that value).
until_wire() {
    awk "$awk_lib"'
        last && !cont($0, base) { exit }
        /client seals an application_data record/ { on = 1 }
        on { print }
        on && /record on the wire/ { last = 1; base = ind($0) }
    ' "$1"
}
until_wire "$out/walk-phase-4.txt" > "$out/record-http.txt"
grep -q 'record on the wire' "$out/record-http.txt"
test -s "$out/record-http.txt"
# The HTTP request and response as text and bytes.
awk "$awk_lib"'
    hex && cont($0, base) { print; next }
    hex { hex = 0; on = 0 }
    /HTTP (request|response) \(plaintext/ { on = 1 }
    on { print }
    on && /^ *hex:/ { hex = 1; base = ind($0) }
' "$out/walk-phase-4.txt" > "$out/http-messages.txt"
test -s "$out/http-messages.txt"
# The signature block (type 1) as the client recovers it, and the encryption block (type 2).
grab 'EM\[[0-9]+\.\.[0-9]+\]' "$out/walk-phase-3.txt" 6 > "$out/signature-block.txt"
grep -q 'padding PS  ff×202' "$out/signature-block.txt"
grab 'padded block EM \(PKCS#1 v1.5, type 2\)  [0-9a-f]' "$out/walk-phase-3.txt" 1 > "$out/encryption-block.txt"
grep -q '030379b7' "$out/encryption-block.txt"
# The derivations: master secret and key block (the client's view).
awk '/client computes  master_secret/ { on = 1 } on { print } on && /→ client_write_key/ { c = 1 } c && /→ server_write_IV/ { exit }' \
    "$out/walk-phase-3.txt" > "$out/key-schedule.txt"
test -s "$out/key-schedule.txt"
# The checklist the client runs on the certificate.
grab 'client ✔ (parse|issuer known|issuer signature|validity|host name|leaf is not|issuer is a CA|key usage)' \
    "$out/walk-phase-3.txt" 9 > "$out/checklist.txt"
grep -q 'by hand: valid' "$out/checklist.txt"
# Layers: the HTTP request step, the record that seals it as it goes on the wire, the TCP
# segment that carries the record with the record's header. Each line goes or stays with its
# continuation lines; the request's text, the nonce, AAD, ciphertext and tag stay out.
awk "$awk_lib"'
    block && cont($0, base) { if (keep) print; next }
    block && done { exit }
    { block = 0 }
    /HTTP request \(plaintext/ { on = 1 }
    !on { next }
    { block = 1; base = ind($0); keep = $0 !~ /^ +(│|hex:|nonce|AAD|ciphertext|tag)/ }
    keep { print }
    /TCP PSH/ { done = 1 }
' "$out/walk-phase-4.txt" > "$out/layers.txt"
grep -q 'TCP PSH' "$out/layers.txt"
grep -q 'record header 17 03 03' "$out/layers.txt"
grep -q '‹HTTP request›' "$out/layers.txt"
# The randoms as they cross the network (in clear).
grab 'random: (client|server)_random, fresh random' "$out/walk-phase-3.txt" > "$out/randoms.txt"
grep -q 'server_random' "$out/randoms.txt"
# What the ClientKeyExchange carries, and what is computed instead of sent.
# In the compact walk: the message, the master secret the client derives from the three
# values, and the server's master secret.
grab 'ClientKeyExchange|^ +(client|server) +master_secret|^ +(pre_master_secret|client_random|server_random|→ master_secret)  ' \
    "$out/walk-compact.txt" > "$out/cke.txt"
grep -q 'client_random' "$out/cke.txt"
grep -q 'server master_secret' "$out/cke.txt"
# The certificate message's size.
grab 'certificate\[0\]: DER' "$out/walk-phase-3.txt" 1 > "$out/cert-in-handshake.txt"
tr -s ' \n' ' ' < "$out/cert-in-handshake.txt" | grep -q '(847 bytes)'
# TCP state changes of the close.
awk '/one FIN per direction/ { on = 1 } on && (/^\[/ || /TCP state/)' "$out/walk-phase-5.txt" > "$out/tcp-close.txt"
test -s "$out/tcp-close.txt"

# --- A client that asks for the wrong host name ------------------------------------------
(
    cd "$work"
    tw handshake --seed 7 --pki pki > /dev/null
    if tw handshake --seed 7 --pki pki --host bank.example > wrong-host.txt 2>&1; then
        echo "generate.sh: the wrong-host run was expected to fail" >&2
        exit 1
    fi
)
cp "$work/wrong-host.txt" "$out/wrong-host.txt"
{
    echo "\$ wc -c pki/server.pem pki/server.key"
    (cd "$work" && wc -c pki/server.pem pki/server.key)
    echo "\$ head -1 pki/server.pem; head -1 pki/server.key"
    (cd "$work" && head -1 pki/server.pem && head -1 pki/server.key)
} > "$out/pki-files.txt"

# --- The walk's sequence diagram as an image -----------------------------------------------
tw handshake --seed 7 --format svg > "$out/walk.svg"
# ... and as the interactive page (one self-contained HTML file).
tw handshake --seed 7 --format html > "$out/walk.html"

# --- Extract helpers: each fails the script when its text is not there ------------------------
# range FILE START STOP: from the first line matching START up to (not including) the next
# line matching STOP.
range() {
    # Blank lines are held back until more text follows, so an extract never ends in one.
    awk -v a="$2" -v b="$3" '
        on && $0 ~ b { exit }
        !on && $0 ~ a { on = 1 }
        on && /^$/ { blank++; next }
        on { while (blank > 0) { print ""; blank-- } print }
    ' "$1" > "$work/range.txt"
    test -s "$work/range.txt" || { echo "generate.sh: /$2/ not found in $1" >&2; exit 1; }
    cat "$work/range.txt"
}
# para FILE START: the paragraph that begins at the first line matching START.
para() { range "$1" "$2" '^$'; }
# from FILE START: from the first line matching START to the end.
from() { range "$1" "$2" '^a^'; }
gap() { printf '\n    […]\n\n'; }

# --- PKI files, a certificate field by field, sign and verify (seed 7) ------------------------
(
    cd "$work"
    {
        echo "\$ tlswalk pki init --out pki7 --seed 7"
        tw pki init --out pki7 --seed 7
    } > pki-init.txt
    {
        echo "\$ tlswalk pki show pki7/server.pem --issuer pki7/ca.pem"
        tw pki show pki7/server.pem --issuer pki7/ca.pem
    } > pki-show.txt
    printf 'Pay Bob 10 euros\n' > message.txt
    {
        echo "\$ tlswalk sign --key pki7/server.key --out message.sig message.txt"
        tw sign --key pki7/server.key --out message.sig message.txt
    } > sign.txt
    {
        echo "\$ tlswalk verify --cert pki7/server.pem --sig message.sig message.txt"
        tw verify --cert pki7/server.pem --sig message.sig message.txt
    } > verify.txt
    # One character changed: the signature must no longer verify (exit status 1).
    printf 'Pay Bob 90 euros\n' > changed.txt
    status=0
    {
        echo "\$ tlswalk verify --cert pki7/server.pem --sig message.sig changed.txt"
        tw verify --cert pki7/server.pem --sig message.sig changed.txt 2>&1 || status=$?
    } > verify-changed.txt
    if [ "$status" -ne 1 ]; then
        echo "generate.sh: verify of a changed message exited with $status, expected 1" >&2
        exit 1
    fi
    echo "\$ echo \$?" >> verify-changed.txt
    echo "$status" >> verify-changed.txt
)
for f in pki-init pki-show sign verify verify-changed; do cp "$work/$f.txt" "$out/$f.txt"; done
# What a certificate holds of a key: the public half only.
# (The modulus is on the line after its label: five lines.)
grab '^  (public key|  exponent e|  modulus n|private key)( |$)' "$out/pki-show.txt" > "$out/pki-show-key.txt"
test "$(wc -l < "$out/pki-show-key.txt")" -eq 5
grep -q 'private key          none' "$out/pki-show-key.txt"
# The steps of signing and verifying, without the hex (a step that wraps continues six
# columns in).
{
    grep -E '^\$|^  [0-9]\. |^      [^ ]|^     (as long as|d stays)' "$out/sign.txt"
    grep -E '^\$|^  [0-9]\. |^     e and n are public' "$out/verify.txt"
} > "$out/sign-verify-steps.txt"
grep -q 'private key' "$out/sign-verify-steps.txt"
grep -q 'anyone can do this' "$out/sign-verify-steps.txt"

# --- The man-in-the-middle lab ------------------------------------------------------------------
tw mitm --attack all --seed 7 > "$out/mitm-all.txt"
awk '/^attack +stopped by/ { on = 1 } on && /^Run again/ { exit } on { print }' \
    "$out/mitm-all.txt" > "$out/mitm-table.txt"
test "$(wc -l < "$out/mitm-table.txt")" -eq 11
tw mitm --attack rogue-ca --seed 7 --format svg > "$out/mitm-rogue-ca.svg"
for a in rogue-ca tamper-record insecure-client; do
    tw mitm --attack "$a" --seed 7 --format html > "$out/mitm-$a.html"
done
for a in rogue-ca tamper-record tamper-handshake insecure-client stolen-key; do
    tw mitm --attack "$a" --seed 7 --verbose > "$work/mitm-$a.txt"
done
v="$work/mitm-rogue-ca.txt"
{
    range "$v" '^━━ Attack: rogue-ca' '^    Ports and addresses'
    gap
    range "$v" 'client: Checking the certificate' '^    Closing: one FIN'
    gap
    from "$v" '^rogue-ca: '
} > "$out/mitm-rogue-ca.txt"
v="$work/mitm-tamper-record.txt"
{
    range "$v" '^━━ Attack: tamper-record' '^    Ports and addresses'
    gap
    range "$v" 'Mallory: Flipping one bit' '^    Closing: one FIN'
    gap
    from "$v" '^tamper-record: '
} > "$out/mitm-tamper-record.txt"
v="$work/mitm-insecure-client.txt"
{
    para "$v" '^━━ Attack: insecure-client'
    echo
    para "$v" 'Mallory: insecure-client'
    gap
    range "$v" 'client ✘ certificate verification SKIPPED' 'client: The pre-master secret'
    gap
    para "$v" 'Mallory: The client accepted her certificate'
    echo
    para "$v" 'Mallory: Relaying'
    gap
    para "$v" 'Mallory: What Mallory sees'
    gap
    from "$v" '^insecure-client: '
} > "$out/mitm-insecure-client.txt"
v="$work/mitm-stolen-key.txt"
{
    range "$v" '^━━ Attack: stolen-key' '^    Ports and addresses'
    gap
    range "$v" '^━━ Months later' 'Mallory computes  key_block'
    gap
    range "$v" 'HTTP request, decrypted by Mallory' 'network ✔ stolen-key'
    echo
    from "$v" '^stolen-key: '
} > "$out/mitm-stolen-key.txt"

# --- Extracts for the misconceptions chapter ------------------------------------------------
# need() fails the script unless FILE has exactly N lines.
need() {
    test "$(wc -l < "$1")" -eq "$2" || { echo "generate.sh: $1 should have $2 lines" >&2; exit 1; }
}
# The TCP segments of the compact walk: the three-way handshake and the four-segment close.
grep -E '^\[[0-9]+\] (client|server) → (server|client)  TCP ' "$out/walk-compact.txt" > "$out/walk-tcp.txt"
need "$out/walk-tcp.txt" 7
# The TLS handshake messages of the compact walk (no CertificateRequest among them).
grep -E '^\[[0-9]+\] (client|server) → (server|client)  (ClientHello|ServerHello|Certificate|ServerHelloDone|ClientKeyExchange|ChangeCipherSpec|Finished) ' \
    "$out/walk-compact.txt" > "$out/walk-tls.txt"
need "$out/walk-tls.txt" 9
# The segments and TCP state changes of the opening, as tcp-close.txt has them for the close.
awk '/^\[/ || /TCP state/' "$out/walk-phase-2.txt" > "$out/tcp-open.txt"
grep -q 'LISTEN → SYN-RECEIVED' "$out/tcp-open.txt"
# Addresses and ports: what names a connection.
para "$out/walk-phase-2.txt" 'Ports and addresses' > "$out/ports.txt"
# What a FIN says.
range "$out/walk-phase-5.txt" 'Closing: one FIN per direction' 'TCP state' > "$out/fin.txt"
# Every data segment, with the header of each TLS record it carries: several records may share
# one. (The verbose walk shows the headers; the segments are the compact walk's.)
grab 'TCP PSH' "$out/walk-verbose.txt" > "$out/data-segments.txt"
test "$(grep -c 'TCP PSH' "$out/data-segments.txt")" -eq "$(grep -c 'TCP PSH' "$out/walk-compact.txt")"
grep -q 'len=925' "$out/data-segments.txt"
grep -q 'len=318' "$out/data-segments.txt"
test "$(grep -c 'record header' "$out/data-segments.txt")" -eq 13
# The certificate's names, and who signed it with which algorithm.
grab '^  (subject  |extension subjectAltName )' "$out/pki-show.txt" > "$out/pki-show-names.txt"
need "$out/pki-show-names.txt" 2
grep -q 'DNS:localhost, IP:127.0.0.1' "$out/pki-show-names.txt"
grab '^  (issuer|subject|public key|signature algorithm) ' "$out/pki-show.txt" > "$out/pki-show-sigalg.txt"
need "$out/pki-show-sigalg.txt" 5
grep -q 'sha256WithRSAEncryption' "$out/pki-show-sigalg.txt"
# The client's secret, encrypted to the server's public key, and the message that carries it.
{
    para "$out/walk-phase-3.txt" 'client: The pre-master secret'
    gap
    para "$out/walk-phase-3.txt" 'client → server  ClientKeyExchange'
} > "$out/cke-bytes.txt"
# Persistent by default: the client has to ask for the close.
grep -E '│ (GET |HTTP/1\.1 |Connection: )' "$out/http-messages.txt" > "$out/http-connection.txt"
need "$out/http-connection.txt" 4
# A query string in a GET request travels inside the encrypted record like any other byte.
tw handshake --seed 7 --path '/search?q=my+secret' --verbose > "$work/walk-query.txt"
until_wire "$work/walk-query.txt" > "$out/record-query.txt"
grep -q 'GET /search?q=my+secret HTTP/1.1' "$out/record-query.txt"
grep -q 'record on the wire  17030300 88' "$out/record-query.txt"
# A keyed tag, not a bare hash: the flipped bit is caught, and Finished cannot be fixed up.
{
    grab 'one bit flipped  ciphertext|✘ the tag does not match|Alert fatal bad_record_mac' \
        "$work/mitm-tamper-record.txt"
    gap
    para "$work/mitm-tamper-handshake.txt" 'Why Finished catches the edit'
} > "$out/tamper-mac.txt"
grep -q 'bad_record_mac (20)' "$out/tamper-mac.txt"
grep -q 'keyed by the master secret' "$out/tamper-mac.txt"

# Numbers the chapters quote (most of them the misconceptions chapter): if a run changes, the
# chapter must change with it.
quoted() {
    grep -qF -- "$2" "$out/$1" || {
        echo "generate.sh: the book quotes '$2' from $1: update the chapter" >&2
        exit 1
    }
}
for q in 'seq=3849052062' 'seq=3377135928 ack=3849052063' 'seq=3849052063 ack=3377135929' \
    '[19] client → server  TCP FIN, ACK  seq=3849052619' \
    '[20] server → client  TCP ACK  seq=3377137176 ack=3849052620' \
    '[21] server → client  TCP FIN, ACK  seq=3377137176' \
    '[22] client → server  TCP ACK  seq=3849052620 ack=3377137177'; do
    quoted walk-tcp.txt "$q"
done
for q in '    client → server  TCP PSH, ACK  seq=3849052063 ack=3377135929 win=65535 len=84' \
    '    server → client  TCP PSH, ACK  seq=3377135929 ack=3849052147 win=65535 len=925' \
    '    client → server  TCP PSH, ACK  seq=3849052147 ack=3377136854 win=65535 len=318' \
    '    server → client  TCP PSH, ACK  seq=3377136854 ack=3849052465 win=65535 len=51' \
    'record header 16 03 03 00 31: handshake (22), TLS 1.2, 49 bytes follow' \
    'record header 16 03 03 03 59: handshake (22), TLS 1.2, 857 bytes follow' \
    'record header 16 03 03 00 04: handshake (22), TLS 1.2, 4 bytes follow' \
    'record header 16 03 03 01 06: handshake (22), TLS 1.2, 262 bytes follow' \
    'record header 14 03 03 00 01: change_cipher_spec (20), TLS 1.2, 1 byte follows' \
    'record header 16 03 03 00 28: handshake (22), TLS 1.2, 40 bytes follow'; do
    quoted data-segments.txt "$q"
done
for q in '49 bytes: 02' '857 bytes: 0b' '4 bytes: 0e' '262 bytes: 10' \
    'record on the wire  16030300 28'; do
    quoted walk-phase-3.txt "$q"
done
# Grouped hex as the chapters show it: the public key in the tbsCertificate, the end of the
# padding in the encryption block, the certificate in its handshake message.
for q in '02820101 00d22c55' ' 01020301' '0001a381 ' '3082034b ‖ ‹tbsCertificate (server certificate)› ‖ 300d0609' \
    '‹tbsCertificate (CA certificate)[163..419]›' 'EM  0001 ‖ ff×202 ‖'; do
    quoted walk-phase-1.txt "$q"
done
quoted encryption-block.txt 'ea31f300 030379b7'
quoted encryption-block.txt 'padded block EM (PKCS#1 v1.5, type 2)  0002c939'
quoted walk-phase-3.txt '857 bytes: 0b000355 00035200 034f ‖ ‹server certificate›'
quoted walk-phase-3.txt 'record header 16 03 03 00 4f: handshake (22), TLS 1.2, 79 bytes follow'
quoted layers.txt 'record header 17 03 03 00 76: application_data (23), TLS 1.2, 118 bytes follow'
quoted record-query.txt 'record on the wire  17030300 88'
quoted ports.txt '192.0.2.10:53947 to 192.0.2.80:443'
quoted record-query.txt 'plaintext (112 bytes)'
quoted pki-show-sigalg.txt 'RSA 2048 bits'

# --- The PRF on the IETF test vector ------------------------------------------------------
tw prf --secret 9bbe436ba940f017b17652849a71db35 --label 'test label' \
    --seed a0ba9f936cda311827a6f796ffd5198c --len 100 --verbose > "$out/prf-ietf.txt"
# The master secret of the walk, recomputed with the prf command from the walk's own values.
# value LABEL FILE: the first hex value after "LABEL  ", its continuation lines joined and the
# spaces between the groups of four bytes removed.
value() {
    awk -v label="$1" "$awk_lib"'
        taking && cont($0, base) { v = v $0; next }
        taking { exit }
        !taking && index($0, label "  ") && $0 ~ ("^ *" label "  [0-9a-f]") {
            base = ind($0); v = substr($0, index($0, label "  ") + length(label) + 2); taking = 1
        }
        END { gsub(/ /, "", v); print v }
    ' "$2"
}
pms="$(value pre_master_secret "$out/key-schedule.txt")"
cr="$(value client_random "$out/key-schedule.txt")"
sr="$(value server_random "$out/key-schedule.txt")"
ms="$(value '→ master_secret' "$out/key-schedule.txt")"
[[ "$pms" =~ ^[0-9a-f]{96}$ ]] || { echo "generate.sh: pre_master_secret not found in key-schedule.txt" >&2; exit 1; }
[[ "$cr" =~ ^[0-9a-f]{64}$ ]] || { echo "generate.sh: client_random not found in key-schedule.txt" >&2; exit 1; }
[[ "$sr" =~ ^[0-9a-f]{64}$ ]] || { echo "generate.sh: server_random not found in key-schedule.txt" >&2; exit 1; }
[[ "$ms" =~ ^[0-9a-f]{96}$ ]] || { echo "generate.sh: master_secret not found in key-schedule.txt" >&2; exit 1; }
{
    echo "\$ tlswalk prf --secret $pms \\"
    echo "    --label 'master secret' --seed $cr$sr --len 48"
    tw prf --secret "$pms" --label 'master secret' --seed "$cr$sr" --len 48
} > "$out/prf-master-secret.txt"
grep -q "$ms" "$out/prf-master-secret.txt" || {
    echo "generate.sh: the prf command does not give the walk's master secret" >&2
    exit 1
}

# --- Exercises ------------------------------------------------------------------------------
tw exercise list > "$out/exercises.txt"
for n in $(awk '{ print $1 }' "$out/exercises.txt"); do
    tw exercise show "$n" --seed 1 > "$out/exercise-$n.txt"
done
