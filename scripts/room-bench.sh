#!/usr/bin/env bash
# The room's benchmarks (docs/performance.md, "Room"), on loopback: a choice's round trip with 30
# teams, a 200-team event (both in-process, release build of the server crate), and the memory per
# team and idle CPU of the real `service-arena workshop host` process (SA_BIN; default: the debug
# binary `cargo build` makes, so the game's release build is not needed).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
if [ -z "${SA_BIN:-}" ]; then
    cargo build --quiet --bin service-arena
    SA_BIN="$TARGET/debug/service-arena"
fi
SA_BIN="$SA_BIN" cargo run --quiet --release -p service-arena-server --example room_bench
