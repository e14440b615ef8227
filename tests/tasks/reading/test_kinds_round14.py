"""One test per kind of issuer and number fault the fourteenth held-out round (bench/holdout14) showed on its first
run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.parse import read_document
from tests.tasks.reading.kinds import as_docx_and_pdf

# Issuer


def test_a_letterhead_that_lost_its_capitals_names_a_mass_organisations_committee_as_written() -> None:
    # a mass organisation's name over its bare central committee, both printed without capitals (and no motto): the
    # committee is the organisation's, written as the page writes it
    text = """[head_left]
Hội Sinh viên Việt Nam
**Ủy ban Trung ương**
***
Số: 45-KH/TWHSV
[head_right]
*Hà Nội, ngày 12 tháng 3 năm 2015*
[body]
**kế hoạch**
**Tổ chức tháng thanh niên năm 2015**
Năm 2015 các cấp bộ Hội tiếp tục triển khai các hoạt động tình nguyện.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Ủy ban Trung ương Hội Sinh viên Việt Nam", fmt
