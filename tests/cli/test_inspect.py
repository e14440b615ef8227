"""`kehoach inspect` as a user runs it: JSON contract, exit codes, refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.badfiles import bad_files
from tests.docbuild import build_docx, fixture_doc, scan_like_pdf
from tests.paths import REPO

KEHOACH = str(Path(sys.executable).parent / "kehoach")


# Linux starts a child's ru_maxrss at its parent's peak (exec keeps the old address space's high-water mark),
# so a child of this pytest process reports at least pytest's own peak. A small launcher process runs the
# command (its output passes through) and adds one last stderr line: the command's own peak (kB), exit code.
LAUNCHER = """import os, subprocess, sys
p = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(p.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=sys.stderr)"""


def run_measured(*cmd: str, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run a command and return it (with its own exit code and stderr) and its own peak memory in MB."""
    r = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *cmd], capture_output=True, text=True, cwd=REPO, env=env, timeout=60
    )
    stderr, _, figures = r.stderr.rstrip("\n").rpartition("\n")
    kb, code = figures.split()
    return subprocess.CompletedProcess(cmd, int(code), r.stdout, stderr), int(kb) / 1024


def inspect(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [KEHOACH, "inspect", str(path), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "KEHOACH_DATA_DIR": str(path.parent / "var")},
        timeout=60,
    )


def test_json_is_utf8_and_exit_0(tmp_path: Path) -> None:
    f = tmp_path / "ke-hoach-112.docx"
    f.write_bytes(build_docx(fixture_doc("ke_hoach_ubnd_thi_xa")))
    r = inspect(f, "--json")
    assert r.returncode == 0, r.stderr
    assert "\\u" not in r.stdout and "Bình Minh" in r.stdout
    d = json.loads(r.stdout)
    assert d["so_ky_hieu"] == "112/KH-UBND" and d["ngay_ban_hanh"] == "2019-09-05"
    human = inspect(f)
    assert human.returncode == 0 and "Số, ký hiệu: 112/KH-UBND" in human.stdout
    assert not (tmp_path / "var").exists()  # reading writes nothing


def test_scan_exits_3_with_full_object(tmp_path: Path) -> None:
    f = tmp_path / "scan.pdf"
    f.write_bytes(scan_like_pdf())
    r = inspect(f, "--json")
    assert r.returncode == 3
    d = json.loads(r.stdout)
    assert d["has_text_layer"] is False and d["warnings"] and "so_ky_hieu" in d


def test_missing_file_exits_1(tmp_path: Path) -> None:
    r = inspect(tmp_path / "khong-co.docx")
    assert r.returncode == 1 and "không đọc được tệp" in r.stderr


@pytest.mark.parametrize("case", sorted(bad_files()))
def test_bad_files_exit_2_with_code_and_message(case: str, tmp_path: Path) -> None:
    name, data, code = bad_files()[case]
    f = tmp_path / name
    f.write_bytes(data)
    env = {**os.environ, "KEHOACH_DATA_DIR": str(tmp_path / "var")}
    r, mb = run_measured(KEHOACH, "inspect", str(f), "--json", env=env)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert json.loads(r.stdout) == {"error": code, "message": json.loads(r.stdout)["message"]}
    assert "\\u" not in r.stdout
    assert mb < 120, f"peak {mb:.0f} MB"  # this child alone; the interpreter and imports are ~40 MB of it
    human = inspect(f)
    assert human.returncode == 2 and code in human.stderr and "Từ chối" in human.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    f = tmp_path / "lon.pdf"
    with f.open("wb") as fh:  # 200 MB on paper, almost nothing on disk
        fh.write(b"%PDF-1.4\n")
        fh.truncate(200 * 1024 * 1024)
    env = {**os.environ, "KEHOACH_DATA_DIR": str(tmp_path / "var")}
    r, mb = run_measured(KEHOACH, "inspect", str(f), "--json", env=env)
    assert r.returncode == 2 and json.loads(r.stdout)["error"] == "too_large", r
    assert "200.0 MB" in json.loads(r.stdout)["message"]
    assert mb < 100, f"peak {mb:.0f} MB: the file was read before its size was judged"


def test_fifo_and_directory_are_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "ong.docx"
    os.mkfifo(fifo)
    for path in (fifo, tmp_path):
        r = subprocess.run(
            [KEHOACH, "inspect", str(path), "--json"],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "KEHOACH_DATA_DIR": str(tmp_path / "var")},
            timeout=20,
        )
        assert r.returncode == 2 and json.loads(r.stdout)["error"] == "not_a_file", r


def test_deadlines_are_said_as_an_office_says_them(tmp_path: Path) -> None:
    """The human form names each deadline's kind and period in Vietnamese, with the day and month the text gives."""
    from tests.docbuild import parse_doc_text
    from tests.tasks.reading.kinds import MOTTO

    text = (
        f"[head_left]\nỦY BAN NHÂN DÂN\n**TỈNH SÓC TRĂNG**\nSố: 30/KH-UBND\n[head_right]\n{MOTTO}\n"
        "*Sóc Trăng, ngày 05 tháng 3 năm 2026*\n[body]\n**KẾ HOẠCH**\n**Thực hiện chuyển đổi số năm 2026**\n"
        "Chế độ báo cáo: báo cáo 6 tháng trước ngày 20/6; báo cáo năm trước ngày 20/11 hằng năm. "
        "Tháng 6 năm 2028: Sơ kết.\n"
    )
    f = tmp_path / "ke-hoach-30.docx"
    f.write_bytes(build_docx(parse_doc_text(text)))
    lines = [ln.split(" — ")[0] for ln in inspect(f).stdout.splitlines() if ln.startswith("Thời hạn")]
    assert lines == [
        "Thời hạn (Báo cáo định kỳ 6 tháng): ngày 20/06",
        "Thời hạn (Báo cáo định kỳ hằng năm): ngày 20/11",
        "Thời hạn (Sơ kết): tháng 06/2028",
    ]
