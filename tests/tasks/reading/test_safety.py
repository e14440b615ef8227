"""Bad files are refused by content, with a stable code and a Vietnamese reason, writing nothing."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tasks.reading.parse import read_document
from tasks.reading.safety import FileRejected, check_file, check_path, read_checked, read_limited
from tests.badfiles import bad_files
from tests.factories import plan_docx

CASES = bad_files()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_refused(case: str) -> None:
    name, data, code = CASES[case]
    check = check_file(data, name)
    assert not check.ok and check.code == code
    assert check.message and "\n" not in check.message
    assert any(ch in check.message for ch in "ệảấờ")  # a Vietnamese sentence for the unit
    with pytest.raises(FileRejected) as exc:
        read_document(data, name)
    assert exc.value.code == code


def test_name_does_not_matter_content_does() -> None:
    good = plan_docx()
    assert check_file(good, "bao-cao.pdf").kind == "docx"
    assert check_file(good, None).ok


def test_size_limit_is_a_setting() -> None:
    data = plan_docx()
    assert not check_file(data, "x.docx", max_bytes=len(data) - 1).ok
    assert check_file(data, "x.docx", max_bytes=len(data)).ok


def test_read_checked_judges_size_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "lon.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(FileRejected) as exc:
        read_checked(big, max_bytes=20 * 1024 * 1024)
    assert exc.value.code == "too_large" and "50.0 MB" in exc.value.message
    small = tmp_path / "ke-hoach.docx"
    small.write_bytes(plan_docx())
    assert read_checked(small) == small.read_bytes()
    assert check_path(small).kind == "docx" and check_path(big, max_bytes=1024).code == "too_large"


def test_read_limited_stops_at_the_limit() -> None:
    with pytest.raises(FileRejected) as exc:
        read_limited(io.BytesIO(b"x" * 2049), max_bytes=2048)
    assert exc.value.code == "too_large"
    assert read_limited(io.BytesIO(b"x" * 2048), max_bytes=2048) == b"x" * 2048


def test_read_checked_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "ong.docx"
    os.mkfifo(fifo)  # opening it plainly would wait for a writer
    for path in (fifo, tmp_path, Path("/dev/zero")):
        with pytest.raises(FileRejected) as exc:
            read_checked(path)
        assert exc.value.code == "not_a_file"
    with pytest.raises(OSError):
        read_checked(tmp_path / "khong-co.docx")
