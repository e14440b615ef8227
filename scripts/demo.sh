#!/usr/bin/env bash
# The demo: the whole chain on a real local Prefect server (kehoach serve), on the embedded defaults — SQLite,
# the portal and the built-in mail catcher, everything under var/demo — with the clock moved by a file every
# process reads (KEHOACH_NOW_FILE): a province's plan down to its wards and agencies, a ward's own plan down to
# its schools, units answering through the portal over HTTP, reminders and chasing, reviews, the compiled report
# sent up (scripts/demo_chain.py). It stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export KEHOACH_DATA_DIR="${KEHOACH_DATA_DIR:-var/demo}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
unset KEHOACH_NOW PREFECT_API_URL KEHOACH_DATABASE_URL KEHOACH_SMTP_HOST
K=.venv/bin/kehoach
PY=.venv/bin/python
DATA="$KEHOACH_DATA_DIR"
started=$SECONDS
rm -rf "$DATA"
mkdir -p "$DATA/logs"
export KEHOACH_NOW_FILE="$PWD/$DATA/now"

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
at() { # move every process's clock: the CLI's, the portal's, the served flows'
  printf '%s\n' "$1" > "$KEHOACH_NOW_FILE.tmp" && mv "$KEHOACH_NOW_FILE.tmp" "$KEHOACH_NOW_FILE"
  printf '\033[2m(đồng hồ: %s)\033[0m\n' "$1"
}
free_port() { $PY -c "
import socket, sys
for p in range(int(sys.argv[1]), int(sys.argv[1]) + 200):
    with socket.socket() as s:
        try:
            s.bind(('127.0.0.1', p)); print(p); break
        except OSError:
            pass" "$1"; }

# The UI at 4200 and the portal at 8000 when they are free (another demo may hold them on a shared machine)
export KEHOACH_PREFECT_PORT="${KEHOACH_PREFECT_PORT:-$(free_port 4200)}"
export KEHOACH_PORTAL_PORT="${KEHOACH_PORTAL_PORT:-$(free_port 8000)}"
export KEHOACH_PORTAL_URL="http://127.0.0.1:$KEHOACH_PORTAL_PORT"
UI="http://127.0.0.1:$KEHOACH_PREFECT_PORT"

SERVE_PID=""
stop_serve() {
  if [ -n "$SERVE_PID" ] && kill -0 "$SERVE_PID" 2>/dev/null; then
    printf '\nDừng kehoach serve (máy chủ Prefect, deployment, cổng nộp, hộp thư)…\n'
    kill -TERM "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
  fi
}
trap stop_serve EXIT

at 2026-11-20T08:30:00+07:00
step "1. Khởi tạo dữ liệu ($DATA) và nạp đơn vị: tỉnh Vĩnh Long (vietnam-provinces) cùng các sở và trường từ tệp CSV"
$K init
$K units import-provinces "Vĩnh Long" --email-domain example.vn
$K units import scripts/demo_units.csv

step "2. Chạy kehoach serve: máy chủ Prefect ($UI), các deployment, cổng nộp ($KEHOACH_PORTAL_URL), hộp thư nội bộ"
$K serve > "$DATA/logs/serve.out" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 480); do
  if [ -f "$DATA/serve.json" ] && $PY -c "import urllib.request as u; u.urlopen('$KEHOACH_PORTAL_URL/healthz', timeout=2)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVE_PID" 2>/dev/null; then
    echo "kehoach serve đã dừng khi khởi động:"; tail -n 20 "$DATA/logs/serve.out"; exit 1
  fi
  sleep 0.5
done
[ -f "$DATA/serve.json" ] || { echo "kehoach serve chưa sẵn sàng sau 4 phút:"; tail -n 20 "$DATA/logs/serve.out"; exit 1; }
grep -v '^Ctrl-C' "$DATA/logs/serve.out" || true

# 3–12: the chain, every step a kehoach command, in one process (see scripts/demo_chain.py)
$PY scripts/demo_chain.py

printf '\nXem lại mọi lần chạy, artifact và sự kiện của demo trong giao diện Prefect (dữ liệu giữ trong %s):\n' "$DATA"
printf '  KEHOACH_DATA_DIR=%s .venv/bin/kehoach serve   → mở %s\n' "$DATA" "http://127.0.0.1:4200"
printf 'Demo chạy trong %s giây (không kể cài đặt).\n' "$((SECONDS - started))"
