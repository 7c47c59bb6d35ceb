#!/usr/bin/env bash
# Measures the game under Xvfb with Mesa's software renderer (docs/performance.md, "Game"):
#   startup  — launch to the first frame shown (SERVICE_ARENA_PERF=1 prints it), median of 5
#   idle CPU — CPU used over 10 s while the play screen waits for the player (after 4 s settling)
#   frames   — median / p95 / max frame time over 600 frames while the portrait animates, and the
#              same for two empty egui windows, three interleaved rounds: the stock one (Bevy's and
#              bevy_egui's own drawing: the yardstick, whose ratio holds across machines) and the
#              game's own (its window pass: what the play screen adds to the floor); frames run back
#              to back (the measurement lifts winit's 60 Hz cap for unfocused windows)
#   memory   — peak resident memory (VmHWM, read by the game itself at the end of each run)
#   room     — the room's projector on loopback with 30 teams part-way through a round: frame
#              times over 600 frames, and idle CPU over 10 s with the room open and nothing
#              happening
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

echo "== frame times (1280x720): the play screen while the portrait animates, beside two empty egui"
echo "   windows in the same run (3 rounds, interleaved): the stock one, drawn by Bevy's and bevy_egui's"
echo "   own passes (a yardstick of the machine that the game's drawing does not change), and the game's"
echo "   own, drawn by its window pass (only the clear and the present); then the ratios and peak memory"
frames() {  # $1: what (label), then the environment; prints "p50 p95" and logs the line
    local what=$1; shift
    env "$@" "$bin" > "$data/frames.log" 2>/dev/null \
        || { echo "error: the $what run failed" >&2; exit 1; }
    grep -q '^frames=' "$data/frames.log" || { echo "error: the $what run printed no frame times" >&2; exit 1; }
    echo "  $what: $(grep -E '^(frames|peak_rss_mb)=' "$data/frames.log" | paste -sd' ')" >&2
    sed -n 's/.*p50_ms=\([0-9.]*\) p95_ms=\([0-9.]*\).*/\1 \2/p' "$data/frames.log"
}
: > "$data/ratios"
for run in 1 2 3; do
    read -r s50 s95 < <(frames "stock empty window" SERVICE_ARENA_PERF=empty-stock)
    read -r e50 e95 < <(frames "game's empty window" SERVICE_ARENA_PERF=empty)
    read -r p50 p95 < <(frames "play screen" SERVICE_ARENA_START=ka_stockout SERVICE_ARENA_PERF=animate)
    [ -n "${s50:-}" ] && [ -n "${e50:-}" ] && [ -n "${p50:-}" ] || { echo "error: round $run has no frame times" >&2; exit 1; }
    awk -v p50="$p50" -v p95="$p95" -v s50="$s50" -v s95="$s95" -v e50="$e50" -v e95="$e95" -v r="$run" 'BEGIN {
        printf "  round %d: play / stock empty  p50 %.2fx  p95 %.2fx;  play / game'"'"'s empty  p50 %.2fx  p95 %.2fx  (play adds %.2f ms at p50)\n", r, p50 / s50, p95 / s95, p50 / e50, p95 / e95, p50 - e50 }'
    awk -v p50="$p50" -v p95="$p95" -v s50="$s50" -v s95="$s95" -v e50="$e50" -v e95="$e95" \
        'BEGIN { printf "%.3f %.3f %.3f %.3f\n", p50 / s50, p95 / s95, p50 / e50, p95 / e95 }' >> "$data/ratios"
done
med() { cut -d' ' -f"$1" "$data/ratios" | sort -n | sed -n 2p; }
echo "  median of the 3 rounds: play / stock empty window p50 $(med 1)x, p95 $(med 2)x (target <= 1.5x);"
echo "                          play / the game's empty window p50 $(med 3)x, p95 $(med 4)x"

echo "== the room's projector (loopback, 30 teams part-way through a round, trainer's panel hidden)"
frames "room projector" SERVICE_ARENA_PERF=room > "$data/room-frames"
read -r r50 r95 < "$data/room-frames"
echo "  p50 ${r50} ms, p95 ${r95} ms (target p95 < 16.7 ms)"
SERVICE_ARENA_PERF=room-idle "$bin" >/dev/null 2>&1 &
pid=$!
sleep 6
a=$(cpu); sleep 10; b=$(cpu)
kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
awk -v a="$a" -v b="$b" -v t="$ticks" 'BEGIN { printf "  idle with the room open: %.2f %% of one core over 10 s\n", (b - a) / t / 10 * 100 }'
