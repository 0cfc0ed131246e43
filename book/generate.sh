#!/usr/bin/env bash
# Regenerate every transcript, value and diagram the book includes, from tlswalk runs with fixed
# seeds. Nothing under book/src/generated/ is written by hand.
#
#   book/generate.sh [--lang en|zh] [OUT_DIR]
#
# The English book's files go to book/src/generated (the default), the Chinese book's, made with
# `--lang zh` from the same runs, to book/zh/src/generated. Where an extract is found by words of
# the narration, each language has its pattern (`say KEY` below); hex, numbers and RFC names are
# the same in both.
#
# Uses $TLSWALK if set, else target/debug/tlswalk, else target/release/tlswalk (run
# `cargo build` first). tests/book_generated.rs runs this into a temporary directory and fails
# if any committed file differs.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
lang=en
if [ "${1:-}" = "--lang" ]; then
    lang="${2:-}"
    shift 2
fi
case "$lang" in
    en) out="${1:-$here/src/generated}" ;;
    zh) out="${1:-$here/zh/src/generated}" ;;
    *) echo "generate.sh: --lang must be en or zh, not '$lang'" >&2; exit 2 ;;
esac

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

# The English runs are the commands as the English chapters show them (no --lang).
langs=()
if [ "$lang" = zh ]; then langs=(--lang zh); fi
tw() { "$bin" --color never "${langs[@]}" "$@"; }

# say KEY: words of the narration that an extract is found by (an ERE or a fixed string, as
# its use needs), in the book's language. Only the words differ: the runs are the same.
say() {
    local en zh
    case "$1" in
        actors) en='client|server|CA|Mallory'; zh='客户端|服务器|CA|Mallory' ;;
        client) en='client'; zh='客户端' ;;
        server) en='server'; zh='服务器' ;;
        bytes-line) en='^ +[0-9]+ bytes?: '; zh='^ +[0-9]+字节：' ;;
        seals) en='client seals an application_data record'; zh='客户端用AES-128-GCM加密一条application_data记录' ;;
        on-wire) en='record on the wire'; zh='网络上的记录' ;;
        http-plain) en='HTTP (request|response) \(plaintext'; zh='HTTP(请求|响应)（明文' ;;
        request-plain) en='HTTP request \(plaintext'; zh='HTTP请求（明文' ;;
        hex) en='hex:'; zh='十六进制：' ;;
        layer-skip) en='│|hex:|nonce|AAD|ciphertext|tag'; zh='│|十六进制：|nonce|AAD|密文数据|认证标签' ;;
        record-header) en='record header'; zh='记录头' ;;
        request-ref) en='‹HTTP request›'; zh='‹HTTP请求›' ;;
        padding) en='padding PS  ff×202'; zh='填充PS  ff×202' ;;
        type2) en='padded block EM \(PKCS#1 v1.5, type 2\)  [0-9a-f]'; zh='填充块EM（PKCS#1 v1\.5，类型2）  [0-9a-f]' ;;
        computes-ms) en='client computes  master_secret'; zh='客户端计算  master_secret' ;;
        checklist) en='client ✔ (parse|issuer known|issuer signature|validity|host name|leaf is not|issuer is a CA|key usage)'
                   zh='客户端 ✔ (解析|颁发者已知|颁发者签名|有效期|主机名|叶子证书不是CA|颁发者是CA|密钥用法)' ;;
        by-hand) en='by hand: valid'; zh='手工验证：有效' ;;
        randoms) en='random: (client|server)_random, fresh random'; zh='  random:$' ;;
        cke) en='ClientKeyExchange|^ +(client|server) +master_secret|^ +(pre_master_secret|client_random|server_random|→ master_secret)  '
             zh='ClientKeyExchange|^ +客户端 +master_secret|^ +服务器的master_secret|^ +(pre_master_secret|client_random|server_random|→ master_secret)  ' ;;
        server-ms) en='server master_secret'; zh='服务器的master_secret' ;;
        cert-size) en='(847 bytes)'; zh='847字节' ;;
        fin) en='one FIN per direction'; zh='每个方向一个FIN' ;;
        keep-alive) en='^    What keep-alive saved'; zh='^    持久连接省下了什么' ;;
        dns-recap) en='^    What the lookups cost'; zh='^    几次查询的代价' ;;
        ladder) en='^    Recap: the key schedule, rung by rung'; zh='^    回顾：密钥导出流程，一级一级往下' ;;
        dns-udp-card) en='^    The UDP header: 8 bytes'; zh='^    UDP首部：8个字节' ;;
        dns-tc) en='^    resolver: Too big: TC=1'; zh='^    递归解析器：太大了：TC=1' ;;
        tcp-state) en='TCP state'; zh='TCP状态' ;;
        close-card) en='^    (client|server): (shutdown\(Write\)|close\(\))'
                    zh='^    (客户端|服务器)：(shutdown\(Write\)|close\(\))' ;;
        socket-card) en='^    (server|client): (socket\(\)|connect\(\)|accept\(\)|write\(\)|shutdown\(Write\)|read\(\) returns 0|close\(\))'
                     zh='^    (服务器|客户端)：(socket\(\)|connect\(\)|accept\(\)|write\(\)|shutdown\(Write\)|read\(\)返回0|close\(\))' ;;
        key-lines) en='^  (public key|  exponent e|  modulus n|private key)( |$)'; zh='^  (公钥|  公钥指数e|  模数n|私钥)( |$)' ;;
        no-private) en='private key          none'; zh='私钥                 无' ;;
        sign-steps) en='^\$|^  [0-9]\. |^      [^ ]|^     (as long as|d stays)'; zh='^\$|^  [0-9]\. |^      [^ ]|^     (长度与模数相同|d一直留在)' ;;
        verify-steps) en='^\$|^  [0-9]\. |^     e and n are public'; zh='^\$|^  [0-9]\. |^     e和n是公开的' ;;
        private-key) en='private key'; zh='私钥' ;;
        anyone) en='anyone can do this'; zh='这一步谁都能做' ;;
        table-head) en='^attack +stopped by'; zh='^攻击 +拦下它的检查' ;;
        run-again) en='^Run again'; zh='^加上--verbose再运行' ;;
        attack) en='^━━ Attack: '; zh='^━━ 攻击：' ;;
        ports) en='Ports and addresses'; zh='端口和地址' ;;
        checking-cert) en='client: Checking the certificate'; zh='客户端：检查证书' ;;
        closing) en='Closing: one FIN'; zh='关闭：每个方向一个FIN' ;;
        verdict) en=': '; zh='：' ;;
        flipping) en='Mallory: Flipping one bit'; zh='Mallory：翻转一个比特' ;;
        mallory) en='Mallory: '; zh='Mallory：' ;;
        skipped) en='client ✘ certificate verification SKIPPED'; zh='客户端 ✘ 已跳过证书验证' ;;
        pms-card) en='client: The pre-master secret'; zh='客户端：预主密钥' ;;
        accepted) en='Mallory: The client accepted her certificate'; zh='Mallory：客户端接受了她的证书' ;;
        relaying) en='Mallory: Relaying'; zh='Mallory：中继' ;;
        sees) en='Mallory: What Mallory sees'; zh='Mallory：Mallory看到了什么' ;;
        months) en='^━━ Months later'; zh='^━━ 几个月后' ;;
        mallory-kb) en='Mallory computes  key_block'; zh='Mallory计算  key_block' ;;
        decrypted) en='HTTP request, decrypted by Mallory'; zh='HTTP请求（Mallory从录下的流量中解密）' ;;
        network-stolen) en='network ✔ stolen-key'; zh='网络 ✔ stolen-key' ;;
        cke-step) en='client → server  ClientKeyExchange'; zh='客户端 → 服务器  ClientKeyExchange' ;;
        names) en='^  (subject  |extension subjectAltName )'; zh='^  (主体  |扩展subjectAltName )' ;;
        sigalg) en='^  (issuer|subject|public key|signature algorithm) '; zh='^  (颁发者|主体|公钥|签名算法) ' ;;
        bad-mac) en='one bit flipped  ciphertext|✘ the tag does not match|Alert fatal bad_record_mac'
                 zh='翻转了一个比特  密文|✘ 认证标签不匹配|Alert fatal bad_record_mac' ;;
        why-finished) en='Why Finished catches the edit'; zh='为什么Finished能发现改动' ;;
        keyed) en='keyed by the master secret'; zh='要用主密钥来计算' ;;
        tbs-server) en='tbsCertificate (server certificate)'; zh='tbsCertificate（服务器证书）' ;;
        tbs-ca) en='tbsCertificate (CA certificate)'; zh='tbsCertificate（CA证书）' ;;
        type2-block) en='padded block EM (PKCS#1 v1.5, type 2)'; zh='填充块EM（PKCS#1 v1.5，类型2）' ;;
        server-cert) en='server certificate'; zh='服务器证书' ;;
        to) en=' to '; zh='连接到' ;;
        plaintext-112) en='plaintext (112 bytes)'; zh='明文（112字节）' ;;
        rsa-2048) en='RSA 2048 bits'; zh='RSA 2048位' ;;
        *) echo "generate.sh: say $1: no such words" >&2; exit 1 ;;
    esac
    if [ "$lang" = zh ]; then echo "$zh"; else echo "$en"; fi
}

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
        if (base == 0) return ind(s) == 4 && s !~ ("^    (" actors ")[ :：]")
        return s != "" && ind(s) > base + 2 && s !~ /^ +[0-9a-f][0-9a-f][0-9a-f][0-9a-f]  ?[0-9a-f][0-9a-f]( |$)/ && s !~ bytesline
    }
'
# lawk: awk with the shared functions' words for this language (an actor's name, "N bytes:").
lawk() { awk -v actors="$(say actors)" -v bytesline="$(say bytes-line)" "$@"; }
# grab ERE FILE [MAX]: the lines matching ERE (at most MAX of them), each with its
# continuation lines.
grab() {
    lawk -v re="$1" -v max="${3:-0}" "$awk_lib"'
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
    lawk -v seals="$(say seals)" -v wire="$(say on-wire)" "$awk_lib"'
        last && !cont($0, base) { exit }
        index($0, seals) { on = 1 }
        on { print }
        on && index($0, wire) { last = 1; base = ind($0) }
    ' "$1"
}
until_wire "$out/walk-phase-4.txt" > "$out/record-http.txt"
grep -qF "$(say on-wire)" "$out/record-http.txt"
test -s "$out/record-http.txt"
# The HTTP request and response as text and bytes.
lawk -v plain="$(say http-plain)" -v hexword="$(say hex)" "$awk_lib"'
    hex && cont($0, base) { print; next }
    hex { hex = 0; on = 0 }
    $0 ~ plain { on = 1 }
    on { print }
    on && $0 ~ ("^ *" hexword) { hex = 1; base = ind($0) }
' "$out/walk-phase-4.txt" > "$out/http-messages.txt"
test -s "$out/http-messages.txt"
# The signature block (type 1) as the client recovers it, and the encryption block (type 2).
grab 'EM\[[0-9]+\.\.[0-9]+\]' "$out/walk-phase-3.txt" 6 > "$out/signature-block.txt"
grep -qF "$(say padding)" "$out/signature-block.txt"
grab "$(say type2)" "$out/walk-phase-3.txt" 1 > "$out/encryption-block.txt"
grep -q '030379b7' "$out/encryption-block.txt"
# The derivations: master secret and key block (the client's view).
awk -v start="$(say computes-ms)" 'index($0, start) { on = 1 } on { print } on && /→ client_write_key/ { c = 1 } c && /→ server_write_IV/ { exit }' \
    "$out/walk-phase-3.txt" > "$out/key-schedule.txt"
test -s "$out/key-schedule.txt"
# The checklist the client runs on the certificate.
grab "$(say checklist)" \
    "$out/walk-phase-3.txt" 9 > "$out/checklist.txt"
grep -qF "$(say by-hand)" "$out/checklist.txt"
# Layers: the HTTP request step, the record that seals it as it goes on the wire, the TCP
# segment that carries the record with the record's header. Each line goes or stays with its
# continuation lines; the request's text, the nonce, AAD, ciphertext and tag stay out.
lawk -v plain="$(say request-plain)" -v skip="$(say layer-skip)" "$awk_lib"'
    block && cont($0, base) { if (keep) print; next }
    block && done { exit }
    { block = 0 }
    $0 ~ plain { on = 1 }
    !on { next }
    { block = 1; base = ind($0); keep = $0 !~ ("^ +(" skip ")") }
    keep { print }
    /TCP PSH/ { done = 1 }
' "$out/walk-phase-4.txt" > "$out/layers.txt"
grep -q 'TCP PSH' "$out/layers.txt"
grep -qF "$(say record-header)17 03 03" "$out/layers.txt" || grep -qF "$(say record-header) 17 03 03" "$out/layers.txt"
grep -qF "$(say request-ref)" "$out/layers.txt"
# The randoms as they cross the network (in clear).
grab "$(say randoms)" "$out/walk-phase-3.txt" > "$out/randoms.txt"
grep -q 'server_random' "$out/randoms.txt"
# What the ClientKeyExchange carries, and what is computed instead of sent.
# In the compact walk: the message, the master secret the client derives from the three
# values, and the server's master secret.
grab "$(say cke)" \
    "$out/walk-compact.txt" > "$out/cke.txt"
grep -q 'client_random' "$out/cke.txt"
grep -qF "$(say server-ms)" "$out/cke.txt"
# The certificate message's size.
grab 'certificate\[0\]: DER' "$out/walk-phase-3.txt" 1 > "$out/cert-in-handshake.txt"
tr -s ' \n' ' ' < "$out/cert-in-handshake.txt" | grep -qF "$(say cert-size)"
# TCP state changes of the close.
awk -v fin="$(say fin)" -v state="$(say tcp-state)" 'index($0, fin) { on = 1 } on && (/^\[/ || index($0, state))' "$out/walk-phase-5.txt" > "$out/tcp-close.txt"
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
grab "$(say key-lines)" "$out/pki-show.txt" > "$out/pki-show-key.txt"
test "$(wc -l < "$out/pki-show-key.txt")" -eq 5
grep -qF "$(say no-private)" "$out/pki-show-key.txt"
# The steps of signing and verifying, without the hex (a step that wraps continues six
# columns in).
{
    grep -E "$(say sign-steps)" "$out/sign.txt"
    grep -E "$(say verify-steps)" "$out/verify.txt"
} > "$out/sign-verify-steps.txt"
grep -qF "$(say private-key)" "$out/sign-verify-steps.txt"
grep -qF "$(say anyone)" "$out/sign-verify-steps.txt"

# --- The man-in-the-middle lab ------------------------------------------------------------------
tw mitm --attack all --seed 7 > "$out/mitm-all.txt"
awk -v head="$(say table-head)" -v again="$(say run-again)" '$0 ~ head { on = 1 } on && $0 ~ again { exit } on { print }' \
    "$out/mitm-all.txt" > "$out/mitm-table.txt"
test "$(wc -l < "$out/mitm-table.txt")" -eq 12
tw mitm --attack rogue-ca --seed 7 --format svg > "$out/mitm-rogue-ca.svg"
for a in rogue-ca tamper-record insecure-client; do
    tw mitm --attack "$a" --seed 7 --format html > "$out/mitm-$a.html"
done
for a in rogue-ca tamper-record tamper-handshake insecure-client stolen-key; do
    tw mitm --attack "$a" --seed 7 --verbose > "$work/mitm-$a.txt"
done
v="$work/mitm-rogue-ca.txt"
{
    range "$v" "$(say attack)rogue-ca" "^    $(say ports)"
    gap
    range "$v" "$(say checking-cert)" "^    $(say closing)"
    gap
    from "$v" "^rogue-ca$(say verdict)"
} > "$out/mitm-rogue-ca.txt"
v="$work/mitm-tamper-record.txt"
{
    range "$v" "$(say attack)tamper-record" "^    $(say ports)"
    gap
    range "$v" "$(say flipping)" "^    $(say closing)"
    gap
    from "$v" "^tamper-record$(say verdict)"
} > "$out/mitm-tamper-record.txt"
v="$work/mitm-insecure-client.txt"
{
    para "$v" "$(say attack)insecure-client"
    echo
    para "$v" "$(say mallory)insecure-client"
    gap
    range "$v" "$(say skipped)" "$(say pms-card)"
    gap
    para "$v" "$(say accepted)"
    echo
    para "$v" "$(say relaying)"
    gap
    para "$v" "$(say sees)"
    gap
    from "$v" "^insecure-client$(say verdict)"
} > "$out/mitm-insecure-client.txt"
v="$work/mitm-stolen-key.txt"
{
    range "$v" "$(say attack)stolen-key" "^    $(say ports)"
    gap
    range "$v" "$(say months)" "$(say mallory-kb)"
    gap
    range "$v" "$(say decrypted)" "$(say network-stolen)"
    echo
    from "$v" "^stolen-key$(say verdict)"
} > "$out/mitm-stolen-key.txt"

# --- Extracts for the misconceptions chapter ------------------------------------------------
# need() fails the script unless FILE has exactly N lines.
need() {
    test "$(wc -l < "$1")" -eq "$2" || { echo "generate.sh: $1 should have $2 lines" >&2; exit 1; }
}
# The TCP segments of the compact walk: the three-way handshake and the four-segment close.
ends="$(say client)|$(say server)"
grep -E "^\[[0-9]+\] ($ends) → ($ends)  TCP " "$out/walk-compact.txt" > "$out/walk-tcp.txt"
need "$out/walk-tcp.txt" 7
# The TLS handshake messages of the compact walk (no CertificateRequest among them).
grep -E "^\[[0-9]+\] ($ends) → ($ends)  (ClientHello|ServerHello|Certificate|ServerHelloDone|ClientKeyExchange|ChangeCipherSpec|Finished) " \
    "$out/walk-compact.txt" > "$out/walk-tls.txt"
need "$out/walk-tls.txt" 9
# The socket calls of the walk with the TCP segments and states around them (the sockets
# chapter): each call's card, every numbered TCP step, every TCP state change.
awk -v card="$(say socket-card)" -v state="$(say tcp-state)" '
    /^$/ { incard = 0 }
    $0 ~ card { if (printed) print ""; incard = 1 }
    incard || /^\[[0-9]+\] .*  TCP / || index($0, state) { print; printed = 1 }
' "$out/walk-verbose.txt" > "$out/socket-calls.txt"
test "$(grep -cE "$(say socket-card)" "$out/socket-calls.txt")" -eq 8

# The frame that carries the HTTP request, layer by layer (tcp.md).
tw handshake --layers --seed 7 > "$out/layers-frame.txt"
grep -q 'GET / HTTP/1.1' "$out/layers-frame.txt"

# --- The TCP lab: each scenario verbose, and all of them compact ------------------------
for s in old-duplicate-syn lost-final-ack simultaneous-close half-close rst; do
    tw tcp --scenario "$s" --seed 7 --verbose > "$out/tcp-lab-$s.txt"
    test -s "$out/tcp-lab-$s.txt"
done
tw tcp --scenario all --seed 7 > "$out/tcp-lab-all.txt"
# The closing scenarios from their first shutdown() or close() on (the opening is the usual one).
for s in lost-final-ack simultaneous-close half-close; do
    awk -v card="$(say close-card)" '$0 ~ card { on = 1 } on' "$out/tcp-lab-$s.txt" > "$out/tcp-lab-$s-close.txt"
    test -s "$out/tcp-lab-$s-close.txt"
done
grep -q 'CLOSING' "$out/tcp-lab-simultaneous-close.txt"

# --- DNS: the four lookups compact; the cached one and NXDOMAIN verbose; excerpts -------
tw dns www.example.com --seed 7 > "$out/dns-all.txt"
tw dns www.example.com --seed 7 --verbose > "$work/dns-verbose.txt"
awk -v dir="$work" '
    /^━━ DNS/ { n++ }
    n > 0 { print > (dir "/dns-lookup-" n ".txt") }
' "$work/dns-verbose.txt"
for n in 1 2 3 4; do
    test -s "$work/dns-lookup-$n.txt" || { echo "generate.sh: DNS lookup $n missing" >&2; exit 1; }
done
cp "$work/dns-lookup-2.txt" "$work/dns-lookup-4.txt" "$out/"
# The first query: from the phase heading to the datagram that carries it (its bytes and the
# UDP header card on the way).
awk '{ print } /  UDP [0-9]+ → / { exit }' "$work/dns-lookup-1.txt" > "$out/dns-query.txt"
grep -qE "$(say dns-udp-card)" "$out/dns-query.txt"
# The root's referral: step 3 with its bytes.
awk '/^\[3\]/ { on = 1 } /^\[4\]/ { exit } on' "$work/dns-lookup-1.txt" > "$out/dns-referral.txt"
grep -q 'NSDNAME' "$out/dns-referral.txt"
# The truncated answer and the same question over TCP, up to the answer over TCP.
awk -v card="$(say dns-tc)" '$0 ~ card { on = 1 } /^\[19\]/ { exit } on' "$work/dns-lookup-3.txt" > "$out/dns-tcp.txt"
grep -qE '  length: ?' "$out/dns-tcp.txt"
# The last card: what each lookup cost, side by side.
awk -v card="$(say dns-recap)" '$0 ~ card { on = 1 } on' "$work/dns-lookup-4.txt" > "$out/dns-recap.txt"
test -s "$out/dns-recap.txt"
# The UDP-versus-TCP table (udp-tcp.md), filled in from the same run's events and capture.
(cd "$work" && tw dns www.example.com --seed 7 --format json --pcap dns.pcap > dns.jsonl)
python3 "$here/udp-tcp-table.py" "$lang" "$work/dns.jsonl" "$work/dns.pcap" > "$out/udp-tcp-table.md"
test "$(wc -l < "$out/udp-tcp-table.md")" -eq 10

# --- HTTP beyond one GET: methods and status codes, keep-alive, pipelining ---------------
# One line per request of the small site: the request line and the status line it got.
for req in "GET /" "GET /old" "GET /missing" "POST /login user=ann" "PUT /notes/1 hello" "DELETE /notes/1" "OPTIONS /" "POST /"; do
    set -- $req
    if [ -n "${3:-}" ]; then data=(--data "$3"); else data=(); fi
    tw handshake --seed 7 --method "$1" --path "$2" "${data[@]}" \
        | grep -E '^\[1[56]\] ' | sed -e 's/^\[1[56]\] //'
done > "$out/http-site.txt"
test "$(wc -l < "$out/http-site.txt")" -eq 16
# Three requests on one connection, one after the other, then pipelined: phase 4's steps and
# the segments that carry them, and the card on what keep-alive saved.
for how in keep-alive pipeline; do
    if [ "$how" = pipeline ]; then extra=(--pipeline); else extra=(); fi
    tw handshake --seed 7 --requests 3 "${extra[@]}" > "$work/http-$how.txt"
    awk '/^━━ 4\./ { on = 1; next } /^━━ 5\./ { exit } on && NF' "$work/http-$how.txt" > "$out/http-$how.txt"
    test -s "$out/http-$how.txt"
done
tw handshake --seed 7 --requests 3 --verbose | grep -A6 -E "$(say keep-alive)" > "$out/http-saved.txt"
grep -q '6' "$out/http-saved.txt"

# --- WebSocket: the steps after the TLS handshake, the accept value, one frame, the close ---
tw websocket --seed 7 > "$work/ws-compact.txt"
tw websocket --seed 7 --verbose > "$work/ws-verbose.txt"
# The WebSocket phases' headings and numbered steps (a step line with its continuation).
lawk "$awk_lib"'
    /^━━ WebSocket/ { on = 1 }
    !on { next }
    /^━━/ { print; taking = 0; next }
    /^\[[0-9]+\]/ { print; taking = 1; next }
    taking && cont($0, 0) { print; next }
    { taking = 0 }
' "$work/ws-compact.txt" > "$out/ws-steps.txt"
test "$(grep -c '^\[' "$out/ws-steps.txt")" -eq 21
# The server's derivation of Sec-WebSocket-Accept.
awk '/Sec-WebSocket-Accept = base64/ { on = 1 } on { print } on && /→ Sec-WebSocket-Accept/ { exit }' \
    "$work/ws-verbose.txt" > "$out/ws-accept.txt"
grep -q 'SHA-1' "$out/ws-accept.txt"
# The first frame, bit by bit, with the server's unmasking, up to the record that carries it.
awk -v seals="$(say seals)" '/^\[17\]/ { on = 1 } on && index($0, seals) { exit } on' \
    "$work/ws-verbose.txt" > "$out/ws-frame.txt"
grep -q 'masking_key' "$out/ws-frame.txt"
# The last phase: the close frames, close_notify, and the TCP close the server starts.
awk -v again="$(say run-again)" '/^━━ WebSocket/ { n = 0; delete l } { l[++n] = $0 } END { for (i = 1; i <= n; i++) if (l[i] !~ again) print l[i] }' \
    "$work/ws-compact.txt" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' > "$out/ws-close.txt"
grep -q 'FIN' "$out/ws-close.txt"

# The segments and TCP state changes of the opening, as tcp-close.txt has them for the close.
awk -v state="$(say tcp-state)" '/^\[/ || index($0, state)' "$out/walk-phase-2.txt" > "$out/tcp-open.txt"
grep -q 'LISTEN → SYN-RECEIVED' "$out/tcp-open.txt"
# Addresses and ports: what names a connection.
para "$out/walk-phase-2.txt" "$(say ports)" > "$out/ports.txt"
# What a FIN says.
range "$out/walk-phase-5.txt" "$(say closing)" "$(say tcp-state)" > "$out/fin.txt"
# Every data segment, with the header of each TLS record it carries: several records may share
# one. (The verbose walk shows the headers; the segments are the compact walk's.)
grab 'TCP PSH' "$out/walk-verbose.txt" > "$out/data-segments.txt"
test "$(grep -c 'TCP PSH' "$out/data-segments.txt")" -eq "$(grep -c 'TCP PSH' "$out/walk-compact.txt")"
grep -q 'len=925' "$out/data-segments.txt"
grep -q 'len=318' "$out/data-segments.txt"
test "$(grep -cF "$(say record-header)" "$out/data-segments.txt")" -eq 13
# The certificate's names, and who signed it with which algorithm.
grab "$(say names)" "$out/pki-show.txt" > "$out/pki-show-names.txt"
need "$out/pki-show-names.txt" 2
grep -q 'DNS:localhost, IP:127.0.0.1' "$out/pki-show-names.txt"
grab "$(say sigalg)" "$out/pki-show.txt" > "$out/pki-show-sigalg.txt"
need "$out/pki-show-sigalg.txt" 5
grep -q 'sha256WithRSAEncryption' "$out/pki-show-sigalg.txt"
# The client's secret, encrypted to the server's public key, and the message that carries it.
{
    para "$out/walk-phase-3.txt" "$(say pms-card)"
    gap
    para "$out/walk-phase-3.txt" "$(say cke-step)"
} > "$out/cke-bytes.txt"
# Persistent by default: the client has to ask for the close.
grep -E '│ (GET |HTTP/1\.1 |Connection: )' "$out/http-messages.txt" > "$out/http-connection.txt"
need "$out/http-connection.txt" 4
# A query string in a GET request travels inside the encrypted record like any other byte.
tw handshake --seed 7 --path '/search?q=my+secret' --verbose > "$work/walk-query.txt"
until_wire "$work/walk-query.txt" > "$out/record-query.txt"
grep -q 'GET /search?q=my+secret HTTP/1.1' "$out/record-query.txt"
grep -qF "$(say on-wire)  17030300 88" "$out/record-query.txt"
# A keyed tag, not a bare hash: the flipped bit is caught, and Finished cannot be fixed up.
{
    grab "$(say bad-mac)" \
        "$work/mitm-tamper-record.txt"
    gap
    para "$work/mitm-tamper-handshake.txt" "$(say why-finished)"
} > "$out/tamper-mac.txt"
grep -q 'bad_record_mac (20)' "$out/tamper-mac.txt"
grep -qF "$(say keyed)" "$out/tamper-mac.txt"

# Numbers the chapters quote (most of them the misconceptions chapter): if a run changes, the
# chapter must change with it.
quoted() {
    grep -qF -- "$2" "$out/$1" || {
        echo "generate.sh: the book quotes '$2' from $1: update the chapter" >&2
        exit 1
    }
}
# The quoted lines in each language's words: a record header, "N bytes: <hex>".
rh() {
    if [ "$lang" = zh ]; then
        if [ "$4" = 1 ]; then n='后面只有1字节'; else n="后面有$4字节"; fi
        echo "记录头$1：$2（$3），TLS 1.2，$n"
    else
        if [ "$4" = 1 ]; then n='1 byte follows'; else n="$4 bytes follow"; fi
        echo "record header $1: $2 ($3), TLS 1.2, $n"
    fi
}
nb() { if [ "$lang" = zh ]; then echo "$1字节： $2"; else echo "$1 bytes: $2"; fi; }
c="$(say client)"
s="$(say server)"
for q in 'seq=3849052062' 'seq=3377135928 ack=3849052063' 'seq=3849052063 ack=3377135929' \
    "[19] $c → $s  TCP FIN, ACK  seq=3849052619" \
    "[20] $s → $c  TCP ACK  seq=3377137193 ack=3849052620" \
    "[21] $s → $c  TCP FIN, ACK  seq=3377137193" \
    "[22] $c → $s  TCP ACK  seq=3849052620 ack=3377137194"; do
    quoted walk-tcp.txt "$q"
done
for q in "    $c → $s  TCP PSH, ACK  seq=3849052063 ack=3377135929 win=65535 len=84" \
    "    $s → $c  TCP PSH, ACK  seq=3377135929 ack=3849052147 win=65535 len=925" \
    "    $c → $s  TCP PSH, ACK  seq=3849052147 ack=3377136854 win=65535 len=318" \
    "    $s → $c  TCP PSH, ACK  seq=3377136854 ack=3849052465 win=65535 len=51" \
    "$(rh '16 03 03 00 31' handshake 22 49)" \
    "$(rh '16 03 03 03 59' handshake 22 857)" \
    "$(rh '16 03 03 00 04' handshake 22 4)" \
    "$(rh '16 03 03 01 06' handshake 22 262)" \
    "$(rh '14 03 03 00 01' change_cipher_spec 20 1)" \
    "$(rh '16 03 03 00 28' handshake 22 40)"; do
    quoted data-segments.txt "$q"
done
for q in "$(nb 49 02)" "$(nb 857 0b)" "$(nb 4 0e)" "$(nb 262 10)" \
    "$(say on-wire)  16030300 28"; do
    quoted walk-phase-3.txt "$q"
done
# Grouped hex as the chapters show it: the public key in the tbsCertificate, the end of the
# padding in the encryption block, the certificate in its handshake message.
for q in '02820101 00d22c55' ' 01020301' '0001a381 ' "3082034b ‖ ‹$(say tbs-server)› ‖ 300d0609" \
    "‹$(say tbs-ca)[163..419]›" 'EM  0001 ‖ ff×202 ‖'; do
    quoted walk-phase-1.txt "$q"
done
quoted encryption-block.txt 'ea31f300 030379b7'
quoted encryption-block.txt "$(say type2-block)  0002c939"
quoted walk-phase-3.txt "$(nb 857 '0b000355 00035200 034f') ‖ ‹$(say server-cert)›"
quoted walk-phase-3.txt "$(rh '16 03 03 00 4f' handshake 22 79)"
quoted layers.txt "$(rh '17 03 03 00 76' application_data 23 118)"
quoted record-query.txt "$(say on-wire)  17030300 88"
quoted ports.txt "192.0.2.10:53947$(say to)192.0.2.80:443"
quoted record-query.txt "$(say plaintext-112)"
quoted pki-show-sigalg.txt "$(say rsa-2048)"

# --- The PRF on the IETF test vector ------------------------------------------------------
tw prf --secret 9bbe436ba940f017b17652849a71db35 --label 'test label' \
    --seed a0ba9f936cda311827a6f796ffd5198c --len 100 --verbose > "$out/prf-ietf.txt"
# The master secret of the walk, recomputed with the prf command from the walk's own values.
# value LABEL FILE: the first hex value after "LABEL  ", its continuation lines joined and the
# spaces between the groups of four bytes removed.
value() {
    lawk -v label="$1" "$awk_lib"'
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

# --- Forward secrecy and TLS 1.3: the three handshakes, run ---------------------------------
tw compare --seed 7 > "$out/compare.txt"
(cd "$work" && tw handshake --tls 1.3 --seed 7 --keylog walk13.keys > walk13.txt)
cp "$work/walk13.keys" "$out/walk13.keys"
range "$work/walk13.txt" '^━━ 3\.' '^━━ 4\.' > "$out/walk13-handshake.txt"
tw handshake --tls 1.3 --seed 7 --verbose > "$work/walk13-verbose.txt"
range "$work/walk13-verbose.txt" "$(say ladder)" '→ server_write_iv' > "$out/walk13-ladder.txt"
grep -E '→ server_write_iv' "$work/walk13-verbose.txt" | tail -1 >> "$out/walk13-ladder.txt"
tw handshake --kx ecdhe --seed 7 > "$work/walk-ecdhe.txt"
range "$work/walk-ecdhe.txt" '^━━ 3\.' '^━━ 4\.' > "$out/walk-ecdhe-handshake.txt"

# --- Exercises ------------------------------------------------------------------------------
tw exercise list > "$out/exercises.txt"
for n in $(awk '{ print $1 }' "$out/exercises.txt"); do
    tw exercise show "$n" --seed 1 > "$out/exercise-$n.txt"
done
