#!/usr/bin/env python3
"""Write the README's command samples again from real runs.

Each sample in SAMPLES is a fenced block whose first line is `$ tlswalk ARGS`; its body is
replaced by what `tlswalk --color never ARGS` prints, in full. tests/readme.rs runs the same
commands and fails when a sample differs, so the README never shows output tlswalk no longer
gives. (The other blocks show commands that need a server, a file or a terminal.)

    python3 scripts/readme-samples.py          # uses $TLSWALK, else target/release/tlswalk
"""
import os
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
binary = os.environ.get("TLSWALK") or str(root / "target/release/tlswalk")
if not os.access(binary, os.X_OK):
    sys.exit(f"readme-samples: no tlswalk binary at {binary}: run 'cargo build --release' first")

readme = root / "README.md"
text = readme.read_text()
SAMPLES = [
    "handshake --seed 7",
    "handshake --tls 1.3 --seed 7",
    "compare --seed 7",
    "mitm --attack all --seed 7 --summary",
]
block = re.compile(
    r"```text\n\$ tlswalk (?P<args>" + "|".join(map(re.escape, SAMPLES)) + r")\n(?P<body>.*?)```",
    re.S,
)


def rerun(m):
    args = m.group("args").split(" ")
    out = subprocess.run([binary, "--color", "never", *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"readme-samples: `tlswalk {m.group('args')}` failed: {out.stderr.strip()}")
    return f"```text\n$ tlswalk {m.group('args')}\n{out.stdout}```"


new, n = block.subn(rerun, text)
if n != len(SAMPLES):
    sys.exit(f"readme-samples: found {n} of the {len(SAMPLES)} samples in README.md")
readme.write_text(new)
print(f"readme-samples: {n} samples written")
