#!/usr/bin/env bash
# The demo: everything on the embedded defaults (SQLite under var/demo, the built-in mail catcher).
set -euo pipefail
cd "$(dirname "$0")/.."
export KEHOACH_DATA_DIR="${KEHOACH_DATA_DIR:-var/demo}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
K=.venv/bin/kehoach

echo "== 1. Khởi tạo cơ sở dữ liệu =="
$K init
echo
echo "== 2. Nạp cây đơn vị: tỉnh Vĩnh Long (hiện hành) và tỉnh Trà Vinh (trước 01/7/2025) =="
$K units import-provinces "Vĩnh Long" --email-domain example.vn
$K units import-provinces "Trà Vinh" --legacy --email-domain example.vn
echo
echo "== 3. Cây đơn vị (20 dòng đầu) =="
$K units tree | head -20
