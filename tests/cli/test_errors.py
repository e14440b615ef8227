"""Every input an operator can get wrong ends in one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.cli_runner import make_cli, one_error
from tests.factories import PlanSpec, plan_docx

NOW = "2026-11-23T09:00:00+07:00"


@pytest.fixture
def cli(sqlite_db: str, tmp_path: Path):
    return make_cli(tmp_path, sqlite_db, None, None, NOW)


def test_a_directory_given_as_the_plan(cli, tmp_path: Path) -> None:
    assert "thư mục" in one_error(cli("plan", "issue", str(tmp_path), "--issuer", "86", "--dry-run", check=False))
    assert "thư mục" in one_error(cli("plan", "issue", str(tmp_path), "--issuer", "86", "--yes", check=False))


def test_a_directory_given_to_submit(cli, tmp_path: Path) -> None:
    assert "thư mục" in one_error(cli("submit", "abc", str(tmp_path), "--unit", "86", check=False))


def test_a_file_name_with_a_byte_that_is_not_utf8(cli, tmp_path: Path) -> None:
    name = os.fsdecode(b"ke-hoach-\xff.docx")
    (tmp_path / name).write_bytes(plan_docx(PlanSpec()))
    r = cli("plan", "issue", str(tmp_path / name), "--issuer", "99999", "--dry-run", check=False)
    assert "99999" in one_error(r)
    missing = cli("plan", "issue", str(tmp_path / os.fsdecode(b"khong-\xff.docx")), "--issuer", "1", check=False)
    assert "không tìm thấy" in one_error(missing)


def test_a_csv_that_is_not_utf8(cli, tmp_path: Path) -> None:
    f = tmp_path / "don-vi.csv"
    # "Trường Hòa Bình" as Excel on a Vietnamese Windows saves "CSV": code page 1258, base letters and tone marks
    f.write_bytes(b"code,name,kind,parent_code,email\nA,Tr\xfd\xf2ng H\xf2a B\xecnh,truong,,\n")
    r = cli("units", "import", str(f), check=False)
    assert r.returncode == 2 and "UTF-8" in r.stdout and "Traceback" not in r.stderr
    assert "không nạp đơn vị nào" in one_error(r)


def test_a_docx_renamed_xlsx(cli, tmp_path: Path) -> None:
    f = tmp_path / "don-vi.xlsx"
    f.write_bytes(plan_docx(PlanSpec()))
    r = cli("units", "import", str(f), check=False)
    assert r.returncode == 2 and "Excel" in r.stdout
    one_error(r)
    z = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("khong-phai-bang-tinh.txt", "x")
    assert cli("units", "import", str(z), check=False).returncode == 2


def test_an_output_path_in_a_missing_folder(cli, tmp_path: Path) -> None:
    r = cli("plan", "status", "abc", "--xlsx", str(tmp_path / "khong-co" / "t.xlsx"), check=False)
    assert "không tồn tại" in one_error(r)
    r = cli("plan", "status", "abc", "--csv", str(tmp_path), check=False)
    assert "thư mục" in one_error(r)


def test_an_unreachable_database(tmp_path: Path) -> None:
    cli = make_cli(tmp_path, "postgresql+psycopg://kehoach@127.0.0.1:1/kehoach", None, None, NOW)
    assert "không kết nối được cơ sở dữ liệu" in one_error(cli("units", "tree", check=False))
    assert "không kết nối được cơ sở dữ liệu" in one_error(cli("plan", "list", check=False))


def test_commands_before_init(tmp_path: Path) -> None:
    cli = make_cli(tmp_path, "", None, None, NOW)
    for args in (("units", "tree"), ("plan", "list"), ("outbox", "status"), ("plan", "status", "abc")):
        r = cli(*args, check=False)
        assert "chưa được khởi tạo" in one_error(r) and "kehoach init" in r.stderr, args


def test_an_unknown_plan_and_a_bad_date(cli) -> None:
    assert "không có kế hoạch" in one_error(cli("plan", "status", "khong-co", check=False))
    r = cli("extend", "abc", "--unit", "1", "--to", "31/02/2027", "--reason", "x", check=False)
    assert "không đúng dạng ngày" in one_error(r)


def test_mailbox_shows_the_newest_message_first(cli, tmp_path: Path) -> None:
    folder = tmp_path / "var" / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    for i, (subject, date) in enumerate(
        [("Thư cũ", "Mon, 23 Nov 2026 08:00:00 +0700"), ("Thư mới", "Mon, 23 Nov 2026 09:00:00 +0700")]
    ):
        msg = f"X-Kehoach-Rcpt: a@example.vn\r\nTo: a@example.vn\r\nSubject: {subject}\r\nDate: {date}\r\n\r\nx\r\n"
        (folder / f"{1000 + i}-1-{i:06d}.eml").write_text(msg)
    out = cli("mailbox").stdout
    assert out.index("Thư mới") < out.index("Thư cũ")


def test_a_command_written_wrongly_is_said_in_one_vietnamese_line(cli) -> None:
    """Typer's own checks (a number, a choice, a missing argument, an unknown option) answer like every other error."""
    cases = [
        (("registers", "--year", "abc"), "--year", "số nguyên"),
        (("serve", "--workers", "-1"), "--workers", "từ 0"),
        (("inspect",), "FILE", "thiếu"),
        (("plan", "list", "--khong-co"), "--khong-co", "không có tùy chọn"),
        (("khong-co-lenh",), "khong-co-lenh", "không có lệnh"),
    ]
    for args, names, says in cases:
        r = cli(*args, check=False)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        line = one_error(r)
        assert names in line and says in line, (args, line)
        assert "kehoach" in r.stderr and "--help" in r.stderr, r.stderr
    assert cli("plan", "--help").returncode == 0
