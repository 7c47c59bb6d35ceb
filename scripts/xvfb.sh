# Sourced by the game scripts: starts a private Xvfb (1280x720, 24-bit) on display :$1, exports
# DISPLAY, makes a throw-away data directory ($data, exported as SERVICE_ARENA_DATA) and removes
# both on exit.
start_xvfb() {
    local display=":$1"
    Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    data="$(mktemp -d)"
    trap 'kill $xvfb_pid 2>/dev/null || true; rm -rf "$data"' EXIT
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
    [ -e "/tmp/.X11-unix/X${display#:}" ] || { echo "error: Xvfb did not start on $display" >&2; exit 1; }
    export DISPLAY="$display" SERVICE_ARENA_DATA="$data"
}
