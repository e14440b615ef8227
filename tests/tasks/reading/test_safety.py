"""Bad files are refused by content, with a stable code and a Vietnamese reason, writing nothing."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tasks.reading.parse import read_document
from tasks.reading.safety import MESSAGES, FileRejected, check_file, check_path, read_checked, read_limited
from tests.badfiles import active_files, bad_files, harmless_files, large_document_docx
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


ACTIVE = active_files()
HARMLESS = harmless_files()


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_active_content_refused(case: str) -> None:
    name, data, code = ACTIVE[case]
    check = check_file(data, name)
    assert (check.ok, check.code) == (False, code)
    assert check.message == MESSAGES[code] and "\n" not in check.message


@pytest.mark.parametrize("case", sorted(HARMLESS))
def test_what_real_documents_carry_is_accepted(case: str) -> None:
    name, data, kind = HARMLESS[case]
    check = check_file(data, name)
    assert (check.ok, check.kind) == (True, kind), check.message


def test_every_reason_is_one_vietnamese_line_with_what_to_do() -> None:
    for code, message in MESSAGES.items():
        assert "\n" not in message and message.endswith("."), code
        assert any(w in message for w in ("Hãy", "hãy")), code  # says what to do
        assert len(message) < 240, code


def test_checking_streams_parts_instead_of_loading_them() -> None:
    import tracemalloc

    data = large_document_docx(15)  # word/document.xml inflates to 15 MB, from a 180 kB file
    tracemalloc.start()
    try:
        check = check_file(data, "lon.docx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert check.ok
    assert peak < 12 * 1024 * 1024, f"check_file allocated {peak / 1048576:.0f} MB for a {len(data) >> 10} kB file"


def test_an_xml_part_past_the_reader_limit_is_refused() -> None:
    assert check_file(large_document_docx(20), "lon.docx").code == "zip_bomb"


PDF_ACTIVE = sorted(c for c in ACTIVE if c.startswith("pdf_") and ACTIVE[c][2].startswith("pdf_"))


@pytest.mark.parametrize("case", PDF_ACTIVE)
def test_both_pdf_looks_find_active_content_alone(case: str) -> None:
    # the byte scan and the object walk each catch every case, so a gap in one is not a hole
    from pypdf import PdfReader

    from tasks.reading.pdf_safety import _scan_bytes, _walk_objects

    _, data, code = ACTIVE[case]
    by_bytes, _ = _scan_bytes(data)
    assert by_bytes is not None and by_bytes.code == code
    reader = PdfReader(io.BytesIO(data), strict=False)
    seen = {stm for stm, _ in reader.xref_objStm.values()}  # the byte scan stops at its first find
    by_walk = _walk_objects(reader, seen)
    assert by_walk is not None and by_walk.code == code
