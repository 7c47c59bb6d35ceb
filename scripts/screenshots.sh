#!/usr/bin/env bash
# Screenshots of every screen, taken by the game itself under Xvfb with Mesa's software renderer,
# then checked not to be blank. Usage: scripts/screenshots.sh [OUT_DIR] (default docs/screenshots).
# Needs: xvfb, mesa-vulkan-drivers (Debian). Uses the release build unless BIN is set.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
target="${CARGO_TARGET_DIR:-target}"
bin="${BIN:-$target/release/service-arena}"
[ -x "$bin" ] || cargo build --release --locked
mkdir -p "$out"
out="$(cd "$out" && pwd)"

display=":${XVFB_DISPLAY:-97}"
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
data="$(mktemp -d)"
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# A workshop with two rounds played, so the workshop screen has a projector view to show.
SERVICE_ARENA_DATA="$data" "$bin" workshop new --setup docs/examples/workshop.ron >/dev/null 2>&1 || true
SERVICE_ARENA_DATA="$data" "$bin" workshop play-round --script docs/examples/workshop-round1.ron >/dev/null 2>&1 || true
SERVICE_ARENA_DATA="$data" "$bin" workshop play-round --script docs/examples/workshop-round2.ron >/dev/null 2>&1 || true

DISPLAY="$display" SERVICE_ARENA_DATA="$data" SERVICE_ARENA_TOUR="$out" timeout 300 "$bin"
python3 scripts/png_check.py "$out"/*.png
