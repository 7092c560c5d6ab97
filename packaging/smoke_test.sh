#!/usr/bin/env bash
# Smoke test of the built bundle on a fresh SQLite file: --version, migrate + demo data, a
# handover PDF from the bundle's CLI, and the GUI rendering one window offscreen.
set -euo pipefail
cd "$(dirname "$0")"
BIN=${1:-dist/dosisdesk/dosisdesk}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen DOSISDESK_DATA_DIR="$work/data" DOSISDESK_LOG_DIR="$work/logs"
export DOSISDESK_CONFIG="$work/none.ini"
db="sqlite:///$work/smoke.sqlite"

ver=$("$BIN" --version)
[[ "$ver" == "dosisdesk "* ]] || { echo "unexpected --version: $ver"; exit 1; }
t0=$(date +%s.%N)
"$BIN" --db "$db" --now 2026-11-22T10:00 demo --citizens 60 --seed 3 >/dev/null
team=$("$BIN" --db "$db" --json search --limit 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["team_name"])')
"$BIN" --db "$db" --user admin --now 2026-11-22T10:00 handover --team "$team" --date 2026-11-22 \
    --pdf "$work/handover.pdf" >/dev/null
[[ "$(head -c 5 "$work/handover.pdf")" == "%PDF-" ]] || { echo "handover is not a PDF"; exit 1; }
if command -v pdftotext >/dev/null 2>&1; then
  text=$(pdftotext "$work/handover.pdf" -)
  [[ "$text" == *"Side 1 af"* ]] || { echo "handover PDF has no page numbers"; exit 1; }
fi
"$BIN" --db "$db" --user admin audit verify >/dev/null
"$BIN" --db "$db" --user admin --now 2026-11-22T10:00 --screenshot "$work/window.png"
test -s "$work/window.png"
t1=$(date +%s.%N)
echo "smoke test passed ($(python3 -c "print(round($t1-$t0,1))") s)"
