#!/usr/bin/env bash
# The demo: the whole job on the embedded defaults — SQLite under var/demo, the built-in mail catcher,
# Prefect's local API — on a fixed day (KEHOACH_NOW) so every run shows the same dates.
set -euo pipefail
cd "$(dirname "$0")/.."
export KEHOACH_DATA_DIR="${KEHOACH_DATA_DIR:-var/demo}"
export KEHOACH_NOW="${KEHOACH_NOW:-2026-11-23T09:00:00+07:00}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
K=.venv/bin/kehoach
rm -rf "$KEHOACH_DATA_DIR"

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
# show the first/last N lines of a command's output without breaking its pipe
first() { local n=$1; shift; "$@" > "$KEHOACH_DATA_DIR/.out"; head -n "$n" "$KEHOACH_DATA_DIR/.out"; }
last() { local n=$1; shift; "$@" > "$KEHOACH_DATA_DIR/.out"; tail -n "$n" "$KEHOACH_DATA_DIR/.out"; }

step "1. Khởi tạo cơ sở dữ liệu ($KEHOACH_DATA_DIR)"
$K init

step "2. Nạp cây đơn vị: tỉnh Vĩnh Long hiện hành (1 + 124 xã, phường) và Trà Vinh trước 01/7/2025"
$K units import-provinces "Vĩnh Long" --email-domain example.vn
$K units import-provinces "Trà Vinh" --legacy --email-domain example.vn
first 8 $K units tree

step "3. Soạn kế hoạch của tỉnh từ mẫu Nghị định 30, rồi đọc lại (kehoach inspect)"
.venv/bin/python scripts/demo_plan.py "$KEHOACH_DATA_DIR/ke-hoach-120.docx"
$K inspect "$KEHOACH_DATA_DIR/ke-hoach-120.docx"

step "4. Xem trước: ai phải thực hiện, dòng Nơi nhận nào chưa xác định, hạn nộp"
last 15 $K plan issue "$KEHOACH_DATA_DIR/ke-hoach-120.docx" --issuer 86 --dry-run

step "5. Ban hành: đăng ký, chờ phê duyệt"
last 4 $K plan issue "$KEHOACH_DATA_DIR/ke-hoach-120.docx" --issuer 86
REF=$($K plan list --json | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)[0]['ref'])")

step "6. Lãnh đạo phê duyệt → mở nghĩa vụ cho từng xã, phường và gửi thông báo kèm đường dẫn riêng"
$K approve "$REF" --by "Nguyễn Văn Minh"

step "7. Hộp thư nội bộ (10 thư mới nhất; mỗi thư là một tệp .eml trong $KEHOACH_DATA_DIR/mail)"
$K mailbox --limit 10

step "8. Đơn vị nộp, gia hạn, miễn nộp"
CODES=($($K plan status "$REF" --json | .venv/bin/python -c "
import json, sys
units = [u['code'] for u in json.load(sys.stdin)['units'] if u['requirement'] == 'submit_plan']
print(' '.join(units[:3]))"))
.venv/bin/python scripts/demo_plan.py "$KEHOACH_DATA_DIR/ke-hoach-xa.docx" xa >/dev/null
$K submit "$REF" --unit "${CODES[0]}" "$KEHOACH_DATA_DIR/ke-hoach-xa.docx" --channel email
$K extend "$REF" --unit "${CODES[1]}" --requirement ke-hoach --to 2027-01-08 --reason "Xã đề nghị gia hạn do sáp nhập"
$K exempt "$REF" --unit "${CODES[2]}" --requirement ke-hoach --reason "Đơn vị đã giải thể"

step "9. Tình hình nộp (20 dòng đầu)"
first 26 $K plan status "$REF"
$K plan status "$REF" --xlsx "$KEHOACH_DATA_DIR/tinh-hinh-nop.xlsx"
$K outbox status

printf '\nXong. Dữ liệu, tệp nhận được, thư đã gửi: %s\n' "$KEHOACH_DATA_DIR"
