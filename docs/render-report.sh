#!/usr/bin/env bash
# Renders a pupilrisk report in headless Chromium (Debian's package), fails on any console error
# or failed network request, and writes a screenshot of the first page.
#
#   docs/render-report.sh REPORT.html OUT.png
#
# The report must be self-contained: the browser runs with networking disabled for anything but
# the file itself, so a stray http(s) reference shows up as a failed request. Needs: chromium
# (apt-get install -y chromium). Environment: CHROMIUM (browser binary, default chromium),
# WIDTH/HEIGHT (window, default 1200x1500), EXPECT (text the rendered page must contain, default
# the report's headline section; the subject-access page passes its own heading), FRAGMENT (an
# anchor to scroll to before the screenshot, e.g. lifetime), PDF (also print the report to this PDF file, as a
# reader would with the browser's print dialogue).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
REPORT="$(realpath "$1")"
OUT="$(realpath -m "$2")"
[[ -f "$REPORT" ]] || { echo "render-report: $1: no such file" >&2; exit 2; }
BROWSER="${CHROMIUM:-chromium}"
command -v "$BROWSER" >/dev/null || { echo "render-report: $BROWSER not found (apt-get install -y chromium)" >&2; exit 2; }

PROFILE="$(mktemp -d)"
LOG="$(mktemp)"
trap 'rm -rf "$PROFILE" "$LOG"' EXIT

FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-default-apps --disable-extensions --hide-scrollbars
  --user-data-dir="$PROFILE" --enable-logging=stderr --v=0
  # any request that leaves the file fails loudly: no proxy, every host unresolvable
  --proxy-server="127.0.0.1:9" --host-resolver-rules="MAP * ~NOTFOUND")

# 1. load the page and print its DOM; the log has console messages and failed loads
timeout 120 "$BROWSER" "${FLAGS[@]}" --virtual-time-budget=5000 --dump-dom "file://$REPORT" \
  > "$PROFILE/dom.html" 2> "$LOG" || { cat "$LOG" >&2; echo "render-report: chromium failed" >&2; exit 1; }

if grep -E "CONSOLE|Uncaught|net::ERR_|Failed to load resource|Refused to" "$LOG" | grep -v "ERR_BLOCKED_BY_CLIENT" >&2; then
  echo "render-report: console errors or failed requests while loading $1" >&2
  exit 1
fi
if ! grep -qF "${EXPECT:-<section id=\"headlines\"}" "$PROFILE/dom.html"; then
  echo "render-report: the page did not render ${EXPECT:-a headline section}" >&2
  exit 1
fi
if grep -qiE '(src|href)="https?:' "$PROFILE/dom.html"; then
  echo "render-report: the rendered page references the network" >&2
  exit 1
fi

# 2. screenshot of the first screenful
mkdir -p "$(dirname "$OUT")"
timeout 120 "$BROWSER" "${FLAGS[@]}" --window-size="${WIDTH:-1200},${HEIGHT:-1500}" \
  --screenshot="$OUT" "file://$REPORT${FRAGMENT:+#$FRAGMENT}" 2> "$LOG" || { cat "$LOG" >&2; echo "render-report: screenshot failed" >&2; exit 1; }
[[ -s "$OUT" ]] || { echo "render-report: no screenshot written" >&2; exit 1; }

# 3. optionally, the printed version (print stylesheet, A4 pages)
if [[ -n "${PDF:-}" ]]; then
  timeout 180 "$BROWSER" "${FLAGS[@]}" --no-pdf-header-footer --print-to-pdf="$(realpath -m "$PDF")" \
    "file://$REPORT" 2> "$LOG" || { cat "$LOG" >&2; echo "render-report: printing to PDF failed" >&2; exit 1; }
  [[ -s "$PDF" ]] || { echo "render-report: no PDF written" >&2; exit 1; }
  echo "$(realpath "$PDF")"
fi
echo "$OUT"
