"""Bad files are refused by content, with a stable code and a Vietnamese reason, writing nothing."""

from __future__ import annotations

import pytest

from tasks.reading.parse import read_document
from tasks.reading.safety import FileRejected, check_file
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
