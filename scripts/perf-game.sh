#!/usr/bin/env bash
# Measures the game under Xvfb with Mesa's software renderer (docs/performance.md, "Game"):
#   startup  — launch to the first frame shown (SERVICE_ARENA_PERF=1 prints it), median of 5
#   idle CPU — CPU used over 10 s while the play screen waits for the player (after 4 s settling)
#   frames   — median / p95 / max frame time over 600 frames while the portrait animates, 3 runs
#              (frames back to back: the measurement lifts winit's 60 Hz cap for unfocused windows)
#   memory   — peak resident memory (VmHWM, read by the game itself at the end of each run)
# Usage: scripts/perf-game.sh   (uses the release build unless BIN is set)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
bin="${BIN:-$target/release/service-arena}"
[ -x "$bin" ] || cargo build --release --locked
. scripts/xvfb.sh
start_xvfb "${XVFB_DISPLAY:-96}"
ticks=$(getconf CLK_TCK)

echo "== startup (launch → first frame shown), 5 runs"
for i in 1 2 3 4 5; do
    SERVICE_ARENA_PERF=1 "$bin" > "$data/start.log" 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do grep -q startup_ms "$data/start.log" && break; sleep 0.1; done
    kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
    grep startup_ms "$data/start.log"
done | sort -t= -k2 -n | tee "$data/startups" | sed 's/^/  /'
echo "  median: $(sed -n 3p "$data/startups")"

echo "== idle CPU on the play screen"
SERVICE_ARENA_START=ka_stockout "$bin" >/dev/null 2>&1 &
pid=$!
sleep 4
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
a=$(cpu); sleep 10; b=$(cpu)
kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
awk -v a="$a" -v b="$b" -v t="$ticks" 'BEGIN { printf "  %.2f %% of one core over 10 s\n", (b - a) / t / 10 * 100 }'

echo "== frame times while the portrait animates (1280x720), 3 runs, and peak memory"
for run in 1 2 3; do
    SERVICE_ARENA_START=ka_stockout SERVICE_ARENA_PERF=animate "$bin" > "$data/frames.log" 2>/dev/null \
        || { echo "error: the animating run $run failed" >&2; exit 1; }
    grep -q '^frames=' "$data/frames.log" || { echo "error: run $run printed no frame times" >&2; exit 1; }
    grep -E '^(frames|peak_rss_mb)=' "$data/frames.log" | paste -sd' ' | sed 's/^/  /'
done
