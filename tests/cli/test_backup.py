"""`kehoach backup` and `kehoach restore` as an operator runs them."""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import make_cli, one_error
from tests.factories import make_plan_in_db

NOW = "2026-11-23T09:00:00+07:00"


def test_backup_and_restore_from_the_command_line(sqlite_db: str, tmp_path: Path) -> None:
    make_plan_in_db(5)
    cli = make_cli(tmp_path, sqlite_db, None, None, NOW)
    r = cli("backup", str(tmp_path / "sao-luu.tar.gz"))
    assert "Đã sao lưu" in r.stdout and "5 tệp" not in r.stdout and "1 tệp đã nhận" in r.stdout, r.stdout
    assert "kehoach restore" in r.stdout

    target = make_cli(tmp_path / "moi", f"sqlite:///{tmp_path / 'moi' / 'var' / 'kehoach.db'}", None, None, NOW)
    r = target("restore", str(tmp_path / "sao-luu.tar.gz"))
    assert "Đã khôi phục" in r.stdout and "khớp bản kê" in r.stdout, r.stdout
    assert target.json("plan", "status", "55/KH-UBND")["counts"]["total"] == 5

    # twice into the same place: refused, nothing touched
    line = one_error(target("restore", str(tmp_path / "sao-luu.tar.gz"), check=False))
    assert "không trống" in line
    line = one_error(target("restore", str(tmp_path / "khong-co.tar"), check=False))
    assert "khong-co.tar" in line
