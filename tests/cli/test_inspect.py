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


def inspect(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([KEHOACH, "inspect", str(path), *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "KEHOACH_DATA_DIR": str(path.parent / "var")}, timeout=60)  # fmt: skip


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
    # run it alone and read this one child's peak memory from the kernel
    env = {**os.environ, "KEHOACH_DATA_DIR": str(tmp_path / "var")}
    p = subprocess.Popen([KEHOACH, "inspect", str(f), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, cwd=REPO, env=env)  # fmt: skip
    stdout, stderr = p.stdout.read(), p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2, (stdout, stderr)
    assert json.loads(stdout) == {"error": code, "message": json.loads(stdout)["message"]}
    assert "\\u" not in stdout
    assert usage.ru_maxrss < 300 * 1024  # kilobytes: the reader stays under 300 MB
    human = inspect(f)
    assert human.returncode == 2 and code in human.stderr and "Từ chối" in human.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written
