"""One test per kind of fault the fifteenth held-out round (bench/holdout15) showed on its first run, and the issuer
spelling fault of the sixteenth (bench/holdout16), each written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.parse import read_document
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf, read_text, refs

# Issuer


def test_the_letterheads_placing_of_tone_marks_is_kept_where_a_sentence_places_them_otherwise() -> None:
    # "UỶ BAN NHÂN DÂN" / "TỈNH LÀO CAI" over a text that writes "Ủy ban nhân dân tỉnh Lào Cai": both spellings are
    # in use; the letterhead's is the body's own, the sentence gives the case
    text = f"""[head_left]
UỶ BAN NHÂN DÂN
**TỈNH LÀO CAI**
Số: 179/KH-UBND
[head_right]
{MOTTO}
*Lào Cai, ngày 30 tháng 03 năm 2023*
[body]
**KẾ HOẠCH**
**PHÒNG, CHỐNG BỆNH DẠI TRÊN NGƯỜI NĂM 2023**
Căn cứ Kế hoạch số 41/KH-UBND ngày 28/01/2022 của Ủy ban nhân dân tỉnh Lào Cai về phòng, chống bệnh dại;
Ủy ban nhân dân tỉnh Lào Cai xây dựng Kế hoạch như sau:
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Uỷ ban nhân dân tỉnh Lào Cai", fmt


def test_a_name_the_text_writes_two_ways_is_written_the_way_it_writes_it_most() -> None:
    # "Trung tâm phục vụ hành chính công" once in a căn cứ, "Trung tâm Phục vụ hành chính công" in each article
    text = f"""[head_left]
UBND THÀNH PHỐ HÀ NỘI
**TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG**
Số: 1610/QĐ-TTPVHCC
[head_right]
{MOTTO}
*Hà Nội, ngày 02 tháng 12 năm 2025*
[body]
**QUYẾT ĐỊNH**
**Phê duyệt phương án tái cấu trúc quy trình**
Căn cứ Quyết định số 1716/QĐ-UBND ngày 25/3/2025 ủy quyền cho Giám đốc Trung tâm phục vụ hành chính công;
Điều 1. Phê duyệt phương án của Trung tâm Phục vụ hành chính công Thành phố.
Điều 2. Trung tâm Phục vụ hành chính công Thành phố chủ trì thực hiện.
Điều 3. Trung tâm Phục vụ hành chính công Thành phố chịu trách nhiệm thi hành Quyết định này.
"""
    assert read_text(text)["co_quan_ban_hanh"] == "Trung tâm Phục vụ hành chính công"


def test_the_prime_ministers_letterhead_on_two_lines_is_one_name() -> None:
    # "THỦ TƯỚNG" / "CHÍNH PHỦ": the Prime Minister's letterhead, not the Government under a parent "THỦ TƯỚNG"
    text = f"""[head_left]
**THỦ TƯỚNG**
**CHÍNH PHỦ**
Số: 345/QĐ-TTg
[head_right]
{MOTTO}
*Hà Nội, ngày 3 tháng 4 năm 2008*
[body]
**QUYẾT ĐỊNH**
**Về việc tặng thưởng Cờ thi đua của Chính phủ**
Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;
**QUYẾT ĐỊNH:**
Điều 1 Tặng thưởng bằng khen của Thủ tướng Chính phủ cho nhân dân và cán bộ thị xã Uông Bí.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Thủ tướng Chính phủ", fmt


# Căn cứ


def test_each_proposer_named_before_its_to_trinh_in_brackets_goes_with_it() -> None:
    got = refs(
        "Xét đề nghị của Chủ tịch UBND tỉnh Quảng Ninh (Tờ trình số 1134/TTr-BTC ngày 25/3/2008) và Trưởng ban Ban "
        "Thi đua-Khen thưởng Trung ương (Tờ trình số 358/TTr-BTĐKT ngày 31 tháng 3 năm 2008),"
    )
    assert got == [
        ("1134/TTr-BTC", "2008-03-25", "Chủ tịch UBND tỉnh Quảng Ninh"),
        ("358/TTr-BTĐKT", "2008-03-31", "Trưởng ban Ban Thi đua-Khen thưởng Trung ương"),
    ]


# Type


def test_a_numbered_letter_with_no_type_line_and_no_vv_that_opens_kinh_gui_is_a_cong_van() -> None:
    text = f"""[head_left]
UBND TỈNH HẬU GIANG
Số: 283/SXD-QLN
[head_right]
{MOTTO}
*Vị Thanh, ngày 19 tháng 5 năm 2008*
[body]
Kính gửi: Ủy ban nhân dân các huyện, thị xã.
Căn cứ Luật Nhà ở ngày 29 tháng 11 năm 2005;
Nay, Sở Xây dựng hướng dẫn một số nội dung trong việc cấp Giấy chứng nhận quyền sở hữu nhà ở như sau:
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["loai_van_ban"], got["so_ky_hieu"], got["trich_yeu"]) == ("Công văn", "283/SXD-QLN", None), fmt
