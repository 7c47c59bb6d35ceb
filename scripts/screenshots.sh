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

# Practice history for three people, so the history screen has runs to chart and an overview to
# show (the tour itself plays as the default name, 练习者, and adds one run per pass).
"$bin" play account_enquiry --choices "$(path account_enquiry 1 worst)" --player 练习者 >/dev/null
"$bin" play tv_dropped --choices "$(path tv_dropped 1 best)" --player 练习者 >/dev/null
"$bin" play ka_stockout --choices "$(path ka_stockout 1 best)" --player 王芳 >/dev/null
"$bin" play soup_bowl --choices "$(path soup_bowl 1 worst)" --player 王芳 >/dev/null
"$bin" play account_enquiry --choices "$(path account_enquiry 1 best)" --player "Alex Chen" >/dev/null

# Every screen in zh and en at 100 % and 160 % text: 84 shots, the room's on loopback (about two
# minutes, docs/performance.md).
rm -f "$out"/[0-9][0-9]-*.png
start=$(date +%s)
SERVICE_ARENA_TOUR="$out" timeout 600 "$bin"
echo "tour: $(ls "$out"/*.png | wc -l) screenshots in $(( $(date +%s) - start )) s"
python3 scripts/png_check.py "$out"/*.png
