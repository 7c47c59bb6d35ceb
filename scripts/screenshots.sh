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

# A workshop with two rounds played, so the workshop screen has a projector view to show: the
# example setup (round seeds 11 and 22), teams playing the best and the worst paths `analyze` finds.
path() { "$bin" analyze "$1" --seed "$2" --runs 0 --json | python3 -c "import json,sys; print(','.join(map(str, json.load(sys.stdin)['$3']['path'])))"; }
"$bin" workshop new --setup docs/examples/workshop.ron >/dev/null
"$bin" workshop play-round --team 红队 --choices "$(path ka_stockout 11 worst)" >/dev/null
"$bin" workshop play-round --team 蓝队 --choices "$(path ka_stockout 11 best)" >/dev/null
"$bin" workshop skip --team "Green Team" --reason "迟到 / late" >/dev/null
"$bin" workshop play-round --team 红队 --choices "$(path tv_dropped 22 best)" >/dev/null
"$bin" workshop play-round --team 蓝队 --choices "$(path tv_dropped 22 worst)" >/dev/null

SERVICE_ARENA_TOUR="$out" timeout 300 "$bin"
python3 scripts/png_check.py "$out"/*.png
