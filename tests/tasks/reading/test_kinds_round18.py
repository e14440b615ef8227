"""One test per kind of fault the eighteenth held-out round (bench/holdout18) showed on its first run, each
written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.parse import read_document
from tasks.reading.pdf_layout import _rows, _zone_rows
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf, read_text

# Subject


def test_the_head_of_a_state_body_ends_a_subject_in_capitals() -> None:
    # "TỔNG KIỂM TOÁN NHÀ NƯỚC" (the head of the Kiểm toán nhà nước) over the căn cứ, like "CHỦ TỊCH …", "BỘ TRƯỞNG …"
    text = f"""[head_left]
**KIỂM TOÁN NHÀ NƯỚC**
Số: 1760/QĐ-KTNN
[head_right]
{MOTTO}
Hà Nội, ngày 24 tháng 11 năm 2025
[body]
**QUYẾT ĐỊNH**
BAN HÀNH QUY ĐỊNH VỀ MẪU THẺ KIỂM TOÁN VIÊN NHÀ NƯỚC
**TỔNG KIỂM TOÁN NHÀ NƯỚC**
Căn cứ Luật Kiểm toán nhà nước ngày 24 tháng 6 năm 2015;
**QUYẾT ĐỊNH:**
Điều 1. Ban hành kèm theo Quyết định này Quy định về mẫu thẻ kiểm toán viên nhà nước.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["trich_yeu"] == "BAN HÀNH QUY ĐỊNH VỀ MẪU THẺ KIỂM TOÁN VIÊN NHÀ NƯỚC", fmt


# Issuer


def test_a_peoples_committees_kind_of_place_is_written_in_lower_case_where_the_text_capitalises_it() -> None:
    # the text writes "Ủy ban nhân dân Thành phố Hồ Chí Minh"; Nghị định 30 writes "… thành phố Hồ Chí Minh"
    text = f"""[head_left]
**ỦY BAN NHÂN DÂN**
THÀNH PHỐ HỒ CHÍ MINH
Số: 2820/QĐ-UBND
[head_right]
{MOTTO}
*Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025*
[body]
**QUYẾT ĐỊNH**
**BAN HÀNH KẾ HOẠCH TRIỂN KHAI ĐỀ ÁN 06**
**ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH**
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch của Ủy ban nhân dân Thành phố Hồ Chí Minh.
"""
    assert read_text(text)["co_quan_ban_hanh"] == "Ủy ban nhân dân thành phố Hồ Chí Minh"


# Footer


def test_a_long_line_of_a_signature_centred_in_its_column_stays_in_it() -> None:
    # "PHÓ TRƯỞNG BAN THƯỜNG TRỰC" centred under "K/T TRƯỞNG BAN" begins ten characters left of it
    page = (
        "Nơi nhận:" + " " * 47 + "K/T TRƯỞNG BAN\n\n"
        "- Bộ Chính trị, Ban Bí thư (để b/c)," + " " * 10 + "PHÓ TRƯỞNG BAN THƯỜNG TRỰC\n\n"
        "- Các cơ quan, ban đảng Trung" + " " * 26 + "Hoàng Đăng Quang\nương,\n\n"
        "- Lãnh đạo Ban,\n\n"
        "- Lưu VP, Vụ CB.\n"
    )
    lines = _zone_rows(_rows("Ban Tổ chức Trung ương hướng dẫn thực hiện./.\n\n" + page))
    assert [ln.text for ln in lines if ln.zone == "foot_right"] == [
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
        "Hoàng Đăng Quang",
    ]
    assert [ln.text for ln in lines if ln.zone == "foot_left"][-1] == "- Lưu VP, Vụ CB."
