#!/usr/bin/env bash
# Screenshots of the room's team page into docs/screenshots/ (or the directory given): a room on
# 127.0.0.1, five rival teams played over WebSockets, Debian's Chromium headless through
# ChromeDriver as one team's device; phone (390×844) and laptop (1366×768), zh and en, large text;
# the lobby, the waiting screen, mid-call, the reveal. Needs chromium and chromium-driver, and a
# Chinese font for the browser (fonts-noto-cjk): without one Chinese text is drawn as boxes.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    echo "no Chinese font for Chromium: apt-get install -y fonts-noto-cjk" >&2
    exit 1
fi
OUT="${1:-docs/screenshots}"
cargo run --quiet -p service-arena-server --example room_screenshots -- "$OUT"
