"""One test per kind of fault the sixteenth held-out round (bench/holdout16) showed on its first run, each written
small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.parse import read_document
from tasks.reading.pdf_layout import pdf_pages
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

# Nơi nhận


def test_a_recipient_wrapped_over_a_page_break_is_one_item() -> None:
    # a PDF whose Nơi nhận runs over a page break inside an item ("- VPUBND tỉnh: …, các phòng:" / next page:
    # "KGVX, NCPC, TH, HCTC, KTTH;"): the page break is no paragraph break, the item goes on
    filler = "\n".join(
        f"{k}. Phòng chuyên môn số {k} rà soát hồ sơ của đơn vị, cập nhật dữ liệu lên hệ thống dùng chung của tỉnh."
        for k in range(1, 28)
    )
    text = f"""[head_left]
**ỦY BAN NHÂN DÂN**
**TỈNH BẮC KẠN**
Số: 41/KH-UBND
[head_right]
{MOTTO}
*Bắc Kạn, ngày 03 tháng 3 năm 2025*
[body]
**KẾ HOẠCH**
**Rà soát dữ liệu dùng chung năm 2025**
{filler}
[foot_left]
**Nơi nhận:**
- Bộ Nội vụ;
- Thường trực Tỉnh ủy;
- VPUBND tỉnh: LĐVP, các phòng: KGVX, NCPC, TH, HCTC, KTTH;
- Các sở, ban, ngành tỉnh;
- UBND các huyện, thành phố;
- Lưu: VT, NC.
[foot_right]
**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**
**Nguyễn Văn Bình**
"""
    files = as_docx_and_pdf(text)
    # the page breaks inside the item (else this test no longer tests the kind)
    assert pdf_pages(files["pdf"])[-1].strip().startswith("KGVX, NCPC, TH, HCTC, KTTH;")
    for fmt, data in files.items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert [(r["text"], r["role"]) for r in got["noi_nhan"]] == [
            ("Bộ Nội vụ;", "thuc_hien"),
            ("Thường trực Tỉnh ủy;", "thuc_hien"),
            ("VPUBND tỉnh: LĐVP, các phòng: KGVX, NCPC, TH, HCTC, KTTH;", "thuc_hien"),
            ("Các sở, ban, ngành tỉnh;", "thuc_hien"),
            ("UBND các huyện, thành phố;", "thuc_hien"),
            ("Lưu: VT, NC.", "luu"),
        ], fmt
