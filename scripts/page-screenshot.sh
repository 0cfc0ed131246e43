#!/usr/bin/env bash
# Take the README's screenshot of the HTML page again. It is the browser test's own screenshot
# (tests/browser/page.mjs, desktop size, the ClientHello's fields with its random selected) of
# the seed-7 walk, copied to book/src/images/. Needs node, npm ci and /usr/bin/chromium, as the
# tests do.
#
#   scripts/page-screenshot.sh        # uses $TLSWALK, else target/release/tlswalk
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${TLSWALK:-$root/target/release/tlswalk}"
if [ ! -x "$bin" ]; then
    echo "page-screenshot: no tlswalk binary at $bin: run 'cargo build --release' first" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" handshake --seed 7 --format html --out "$work/walk.html"
"$bin" handshake --seed 7 --format json > "$work/walk.jsonl"
(cd "$root" && node tests/browser/page.mjs "$work/walk.html" "$work/walk.jsonl" "$work/shots")
mkdir -p "$root/book/src/images"
cp "$work/shots/page-fields-1280x800.png" "$root/book/src/images/page-1280x800.png"
echo "page-screenshot: book/src/images/page-1280x800.png written"
