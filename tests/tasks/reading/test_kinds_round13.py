"""One test per kind of subject, căn cứ and issuer fault the thirteenth held-out round (bench/holdout13) showed on
its first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

import pytest

from tasks.reading.parse import read_document
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf, refs

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


def test_a_document_with_no_type_line_under_a_header_of_loose_lines_does_not_take_its_motto_for_the_subject() -> None:
    # a Đoàn plan with no type line and no subject line, its header typed as loose lines: "ĐOÀN TNCS HỒ CHÍ MINH",
    # the motto of the right column, comes after the number and is not the subject
    from tests.docbuild import build_docx, parse_doc_text

    text = """[head_left]
**BAN CHẤP HÀNH TỈNH ĐOÀN**
Số: 52-KH/TĐTN-BTC
[head_right]
**ĐOÀN TNCS HỒ CHÍ MINH**
*Nam Định, ngày 02 tháng 3 năm 2022*
[body]
Căn cứ Chỉ thị số 08-CT/TW ngày 20/8/2021 của Ban Bí thư, Ban Thường vụ Tỉnh Đoàn ban hành Kế hoạch như sau:
**1. Mục đích**
- Tổng kết việc thực hiện Nghị quyết Đại hội nhiệm kỳ qua.
"""
    got = read_document(build_docx(parse_doc_text(text), header="plain"), "d.docx").to_json_dict()
    assert got["loai_van_ban"] == "Kế hoạch"
    assert got["trich_yeu"] is None


# Căn cứ


def test_an_issuer_named_after_the_subject_and_its_period_is_the_issuer() -> None:
    # "…, v/v hướng dẫn … năm học 2024 – 2025 của phòng GD&ĐT …": the body that ends the citation straight after the
    # period its subject covers issued it, in lower case too; "số12/KH-…" with no space after "số"
    assert refs(
        "Căn cứ công văn số 417/PGDĐT-GDTH ngày 12 tháng 9 năm 2023, v/v hướng dẫn thực hiện nhiệm vụ giáo dục"
        " tiểu học năm học 2023 – 2024 của phòng GD&ĐT Quảng Điền."
    ) == [("417/PGDĐT-GDTH", "2023-09-12", "phòng GD&ĐT Quảng Điền")]
    assert refs(
        "Căn cứ kế hoạch số8/KH-THQT ngày 05/9/2023 về việc thực hiện kế hoạch giáo dục của nhà trường năm học"
        " 2023 - 2024 của Trường TH Quảng Thái."
    ) == [("8/KH-THQT", "2023-09-05", "Trường TH Quảng Thái")]
    # a document named in the subject, with no period before its body, keeps no issuer it does not name
    assert refs(
        "Căn cứ Kế hoạch số 5/KH-UBND ngày 09/9/2024 về thực hiện Nghị quyết của Ban Chấp hành Đảng bộ tỉnh."
    ) == [("5/KH-UBND", "2024-09-09", None)]


# Issuer


def test_an_issuer_wrapped_on_a_last_word_that_names_a_kind_of_body_keeps_it() -> None:
    # "TRƯỜNG TH-THCS TÂN" / "TRƯỜNG" (a narrow column, or a PDF that wraps the name): the last word, "TRƯỜNG" of the
    # place's name, is no body of its own
    text = f"""[head_left]
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
**TRƯỜNG TH-THCS TÂN**
**TRƯỜNG**
Số: 12/KH-THCS
[head_right]
{MOTTO}
*Tân Trường, ngày 15 tháng 9 năm 2022*
[body]
**KẾ HOẠCH**
**Giáo dục nhà trường năm học 2022-2023**
**I. Đặc điểm tình hình**
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Trường TH-THCS Tân Trường", fmt
