"""One test per kind of subject, căn cứ and issuer fault the thirteenth held-out round (bench/holdout13) showed on
its first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

import pytest

from tasks.reading.parse import read_document
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

# Subject

_NO_TYPE_LINE = {
    # a plan whose type line (and province line) the portal held back: the subject in capitals straight under the
    # header, then a căn cứ that cites nothing numbered
    "plan": (
        f"""[head_left]
**ỦY BAN NHÂN DÂN**
Số: 318/KH-UBND
[head_right]
{MOTTO}
*Hà Tĩnh, ngày 14 tháng 3 năm 2019*
[body]
**TUYÊN TRUYỀN PHÒNG CHỐNG MA TÚY NĂM 2019**
Căn cứ tình hình thực tế của địa phương, Ủy ban nhân dân tỉnh xây dựng Kế hoạch như sau:
Nâng cao nhận thức của người dân về tác hại của ma túy.
- Tổ chức tuyên truyền sâu rộng trên địa bàn tỉnh.
""",
        "Kế hoạch",
        "TUYÊN TRUYỀN PHÒNG CHỐNG MA TÚY NĂM 2019",
    ),
    # a guidance with no "HƯỚNG DẪN" line: the subject in bold, sentence case, straight under the header, the căn cứ
    # after it
    "guidance": (
        f"""[head_left]
HỘI NÔNG DÂN HUYỆN THANH OAI
**BAN THƯỜNG VỤ**
Số: 21/HD-BTV
[head_right]
{MOTTO}
*Thanh Oai, ngày 05 tháng 4 năm 2018*
[body]
**Tổ chức hội nghị tổng kết phong trào nông dân sản xuất, kinh doanh giỏi giai đoạn 2013 - 2018 ở cơ sở**
Căn cứ Kế hoạch số 45/KH-HNDTP ngày 12/3/2018 của Hội Nông dân thành phố Hà Nội về tổng kết phong trào;
Ban Thường vụ Hội Nông dân huyện hướng dẫn như sau:
**I. Mục đích, yêu cầu**
Đánh giá đúng kết quả phong trào.
""",
        "Hướng dẫn",
        "Tổ chức hội nghị tổng kết phong trào nông dân sản xuất, kinh doanh giỏi giai đoạn 2013 - 2018 ở cơ sở",
    ),
}


@pytest.mark.parametrize("kind", sorted(_NO_TYPE_LINE))
def test_a_document_with_no_type_line_takes_its_subject_from_the_title_under_the_header(kind: str) -> None:
    # no type line: the symbol names the type, and the body's first line, set as a title and not a căn cứ or a
    # section, is the subject (in a PDF, with no weight to go by: in capitals, centred, or with the căn cứ under it)
    text, doc_type, subject = _NO_TYPE_LINE[kind]
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["loai_van_ban"] == doc_type, fmt
        assert got["trich_yeu"] == subject, fmt


def test_a_document_with_no_type_line_does_not_take_a_sentence_for_its_subject() -> None:
    # the body opens on a sentence (ended by its period), not on a title: no subject is guessed
    text = f"""[head_left]
**ỦY BAN NHÂN DÂN**
Số: 318/KH-UBND
[head_right]
{MOTTO}
*Hà Tĩnh, ngày 14 tháng 3 năm 2019*
[body]
Ủy ban nhân dân tỉnh ban hành kế hoạch tuyên truyền phòng chống ma túy năm 2019.
Nâng cao nhận thức của người dân về tác hại của ma túy.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["trich_yeu"] is None, fmt
