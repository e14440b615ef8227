"""Ordinary documents the rules added for held-out rounds 9–13 must not misread (found by reading those rules
again): a title that is the thing described, "giữa" as a time, a whole authority line inside a subject, a wrapped
Nơi nhận item, words a text writes in lower case."""

from __future__ import annotations

import pytest

from tasks.reading.cancu import refs_in
from tasks.reading.lines import Line
from tasks.reading.orgnames import as_written
from tasks.reading.parse import read_document
from tasks.reading.recipients import read_noi_nhan
from tests.docbuild import build_docx, parse_doc_text
from tests.tasks.reading.kinds import MOTTO


@pytest.mark.parametrize(
    ("sentence", "issuer"),
    [
        (
            "Căn cứ Quyết định số 1234/QĐ-UBND ngày 10/3/2020 về việc quy định chức năng, nhiệm vụ của Giám đốc "
            "Trung tâm Y tế huyện;",
            None,
        ),
        (
            "Căn cứ Nghị định số 33/2023/NĐ-CP ngày 10/6/2023 quy định về chế độ, chính sách của Chủ tịch Ủy ban nhân "
            "dân cấp xã;",
            None,
        ),
        ("Căn cứ Kế hoạch số 12/KH-UBND ngày 10/3/2024 giữa năm học về việc tổ chức thi;", None),
        ("Căn cứ Biên bản số 03/BB-HĐ ngày 10/3/2024 giữa kỳ của Hội đồng thi;", "Hội đồng thi"),
        # what the rules were added for still reads
        (
            "Căn cứ Thông tư số 27/2014/TT-BGDĐT ngày 11/8/2014 về việc ban hành Quy chế tuyển sinh của Bộ trưởng Bộ "
            "Giáo dục và Đào tạo;",
            "Bộ trưởng Bộ Giáo dục và Đào tạo",
        ),
        (
            "Căn cứ Thông tư liên tịch số 183/2010/TTLT/BTC-BNN ngày 15 tháng 11 năm 2010 giữa Bộ Tài chính và Bộ "
            "Nông nghiệp và PTNT hướng dẫn chế độ;",
            "Bộ Tài chính và Bộ Nông nghiệp và PTNT",
        ),
    ],
)
def test_a_title_described_or_giữa_as_a_time_is_not_an_issuer(sentence: str, issuer: str | None) -> None:
    assert [r["co_quan"] for r in refs_in(sentence)] == [issuer]


def _subject(lines: list[str], authority: list[str]) -> str | None:
    text = (
        f"[head_left]\nỦY BAN NHÂN DÂN\n**HUYỆN AN BÌNH**\nSố: 12/QĐ-UBND\n[head_right]\n{MOTTO}\n"
        "*An Bình, ngày 05 tháng 3 năm 2025*\n[body]\n**QUYẾT ĐỊNH**\n"
        + "".join(f"**{x}**\n" for x in lines + authority)
        + "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n**QUYẾT ĐỊNH:**\nĐiều 1. Nội dung.\n"
    )
    return read_document(build_docx(parse_doc_text(text)), "qd.docx").trich_yeu


def test_a_whole_authority_line_inside_a_subject_stays_in_it() -> None:
    subject = ["VỀ VIỆC PHÂN CÔNG NHIỆM VỤ CÁC THÀNH VIÊN", "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN HUYỆN AN BÌNH"]
    assert _subject(subject, ["ỦY BAN NHÂN DÂN HUYỆN AN BÌNH"]) == " ".join(subject)
    # a short one goes on to the line under it, and both are the authority
    decides = ["ĐOÀN CHỦ TỊCH", "ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM"]
    assert _subject(["VỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC THỐNG KÊ"], decides) == (
        "VỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC THỐNG KÊ"
    )


def test_a_wrapped_nơi_nhận_item_is_one_item() -> None:
    lines = [Line(t, "foot_left") for t in ("Nơi nhận:", "- Các sở, ban, ngành, đoàn thể,", "UBND các huyện, thị xã;")]
    lines.append(Line("- Lưu: VT.", "foot_left"))
    assert [n["text"] for n in read_noi_nhan(lines)] == [
        "Các sở, ban, ngành, đoàn thể, UBND các huyện, thị xã;",
        "Lưu: VT.",
    ]


def test_words_the_text_writes_in_lower_case_stay_so_in_the_issuer() -> None:
    text = "Thực hiện công tác Phòng Chống dịch bệnh trên địa bàn xã."
    assert as_written("BAN CHỈ ĐẠO PHÒNG CHỐNG DỊCH BỆNH XÃ AN BÌNH", text) == (
        "Ban Chỉ đạo Phòng Chống dịch bệnh xã An Bình"
    )
