"""One test per kind of fault the twenty-third and twenty-fourth held-out rounds (bench/holdout23, bench/holdout24)
showed on their first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.lines import Line
from tasks.reading.orgnames import as_written, sentence_case
from tasks.reading.parse import read_document
from tasks.reading.signature import read_signature
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf, refs

# Issuer


def test_a_parent_and_the_body_under_it_run_into_one_header_line_are_two() -> None:
    # "BỘ TÀI CHÍNH TỔNG CỤC THUẾ": a dataset stored the header's cell on one line; the body under the ministry issues
    text = f"""[head_left]
BỘ TÀI CHÍNH TỔNG CỤC THUẾ
Số: 1414/TCT-CS
[head_right]
{MOTTO}
*Hà Nội, ngày 08 tháng 5 năm 2013*
[body]
Kính gửi: Cục Thuế các tỉnh, thành phố trực thuộc Trung ương.
Tổng cục Thuế nhận được công văn của các Cục Thuế.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Tổng cục Thuế", fmt


def test_a_hyphen_the_header_closes_up_is_matched_to_the_texts_spaced_one() -> None:
    body = "Bộ Lao động - Thương binh và Xã hội đề nghị các Sở thực hiện."
    assert as_written("BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI", body) == "Bộ Lao động - Thương binh và Xã hội"


def test_each_field_a_ministrys_name_lists_keeps_its_capital() -> None:
    assert sentence_case("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH") == "Bộ Văn hóa, Thể thao và Du lịch"
    assert sentence_case("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH") == "Sở Văn hóa, Thể thao và Du lịch"
    # a steering committee's task stays in lower case
    assert sentence_case("BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH") == "Ban Chỉ đạo phòng, chống dịch"


# Căn cứ


def test_what_a_cited_decision_does_is_not_its_issuers_name() -> None:
    got = refs(
        "Căn cứ Quyết định số 22/2013/QĐ-TTg ngày 26/4/2013 của Thủ tướng Chính phủ hỗ trợ người có công với cách "
        "mạng về nhà ở;"
    )
    assert got == [("22/2013/QĐ-TTg", "2013-04-26", "Thủ tướng Chính phủ")]
    # a body whose name holds such words in lower case keeps them
    assert refs("Căn cứ Kế hoạch số 13/KH-BCĐ ngày 26/4/2013 của Ban chỉ đạo tỉnh;") == [
        ("13/KH-BCĐ", "2013-04-26", "Ban chỉ đạo tỉnh")
    ]


# Signature


def test_an_authority_a_narrow_column_wrapped_before_the_deputys_title() -> None:
    texts = ["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN NGHIỆP VỤ", "THUẾ HQ", "PHÓ TRƯỞNG BAN", "Đào Thu Hương"]
    sig = read_signature([Line(t, "foot_right") for t in texts])
    assert (sig.quyen_han_ky, sig.chuc_vu, sig.nguoi_ky) == (
        "TL. CỤC TRƯỞNG KT. TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ",
        "PHÓ TRƯỞNG BAN",
        "Đào Thu Hương",
    )
    # a deputy's title wrapped after it is still the title
    texts = ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "THƯỜNG TRỰC", "Lâm Thị Phương Thanh"]
    sig = read_signature([Line(t, "foot_right") for t in texts])
    assert (sig.quyen_han_ky, sig.chuc_vu) == ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC")
