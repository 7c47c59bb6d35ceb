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

. scripts/xvfb.sh
start_xvfb "${XVFB_DISPLAY:-97}"

# A workshop with two rounds played, so the workshop screen has a projector view to show.
"$bin" workshop new --setup docs/examples/workshop.ron >/dev/null 2>&1 || true
"$bin" workshop play-round --script docs/examples/workshop-round1.ron >/dev/null 2>&1 || true
"$bin" workshop play-round --script docs/examples/workshop-round2.ron >/dev/null 2>&1 || true

SERVICE_ARENA_TOUR="$out" timeout 300 "$bin"
python3 scripts/png_check.py "$out"/*.png
