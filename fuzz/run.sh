#!/usr/bin/env bash
# Run every fuzz target for a while: `fuzz/run.sh [SECONDS] [RUNS]` (defaults: 600 s or a
# million executions per target, whichever comes first). Needs cargo-fuzz
# (`cargo install cargo-fuzz --locked`). New inputs that add coverage are kept in
# fuzz/corpus/<target>/; a crash is saved in fuzz/artifacts/<target>/ and stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
runs=${2:-1000000}
# cargo-fuzz builds with the machine's stable toolchain; without sanitizers it needs no
# nightly flags. (Add `--sanitizer address` with a nightly toolchain for ASan.)
cargo fuzz build --sanitizer none -O
for target in record handshake http certificate client server; do
    echo "== $target"
    cargo fuzz run --sanitizer none -O "$target" -- \
        -max_total_time="$seconds" -runs="$runs" -print_final_stats=1 2>&1 |
        grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)|INFO: seed corpus|ERROR|panicked|SUMMARY|Test unit written' || true
done
