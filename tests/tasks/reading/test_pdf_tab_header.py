"""A header typed as rows, one tab between the columns, then printed to PDF: the tab may part the columns by
less than the four spaces the PDF reader parts columns by ("-------Độc lập …"), put the date a few characters
after the left text ("***    Hà Nội, ngày …"), or push the date onto the row below a long V/v. The right
column is found by what opens its lines (the motto, the slogan, the place and date), wherever they fall — also
when a short issuer in capitals runs into the motto in capitals ("CHÍNH PHỦCỘNG HÒA XÃ HỘI …"), when the
separator runs into a place with a hyphen in its name ("--------Phan Rang-Tháp Chàm, ngày …"), and when the two
separators stand on a row of their own, the right one wider than its column."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text, to_pdfs

DOCS = {
    "ministry": (
        "[head_left]\n**BỘ GIÁO DỤC VÀ ĐÀO TẠO**\n-------\nSố: 4315/BGDĐT-GDTrH\n"
        "V/v: Nội dung báo cáo tổng kết giáo dục trung học năm học 2007-2008\n"
        "[head_right]\n**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập – Tự do – Hạnh phúc**\n---------------\n"
        "*Hà Nội, ngày 19 tháng 5 năm 2008*\n[body]\nKính gửi: Các Sở Giáo dục và Đào tạo\nNội dung.\n"
    ),
    "union": (
        "[head_left]\n**BAN CHẤP HÀNH TRUNG ƯƠNG**\n***\nSố: 225 - KH/TWĐTN-CTTN\n"
        "[head_right]\n**ĐOÀN TNCS HỒ CHÍ MINH**\n*Hà Nội, ngày 16 tháng 5 năm 2024*\n"
        "[body]\n**KẾ HOẠCH**\n**Tổ chức các hoạt động hè dành cho thiếu nhi năm 2024**\nI. MỤC ĐÍCH\nNội dung.\n"
    ),
    "government": (
        "[head_left]\n**CHÍNH PHỦ**\n___________\nSố: 113/NQ-CP\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n"
        "_______________________________________\n*Hà Nội, ngày 25 tháng 4 năm 2026*\n"
        "[body]\n**NGHỊ QUYẾT**\n**Về thanh toán các chi phí khám bệnh, chữa bệnh bảo hiểm y tế**\n**CHÍNH PHỦ**\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n**QUYẾT NGHỊ:**\nĐiều 1. Nội dung.\n"
    ),
    "insurance": (
        "[head_left]\n**BẢO HIỂM XÃ HỘI**\n**VIỆT NAM**\n-------\nSố: 2618/BHXH-KHTC\nV/v chỉ tiêu báo cáo thống kê\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập – Tự do – Hạnh phúc**\n--------------\n"
        "*Hà Nội, ngày 28 tháng 06 năm 2010*\n[body]\nKính gửi: Bảo hiểm xã hội các tỉnh, thành phố\nNội dung.\n"
    ),
    "hyphened place": (
        "[head_left]\n**ỦY BAN NHÂN DÂN**\n**TỈNH NINH THUẬN**\n--------\nSố: 55/2007/CT-UBND\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do – Hạnh phúc**\n"
        "*Phan Rang-Tháp Chàm, ngày 05 tháng 3 năm 2007*\n"
        "[body]\n**CHỈ THỊ**\n**Về việc thực hiện kế hoạch hành động vì sự tiến bộ phụ nữ**\nNội dung.\n"
    ),
    "separators": (
        "[head_left]\n**CÔNG ĐOÀN GIÁO DỤC SÓC TRĂNG**\n**CĐCS TRƯỜNG THPT NGỌC TỐ**\n----------\nSố:   39/KH-CĐNT\n"
        "[head_right]\n**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n"
        "-----------------------------------\n*Ngọc Tố, ngày 15 tháng 9 năm 2020*\n"
        "[body]\n**KẾ HOẠCH**\n**Hoạt động công tác công đoàn**\n- Căn cứ điều lệ Công đoàn Việt Nam;\n"
        "Ban chấp hành Công đoàn trường THPT Ngọc Tố xây dựng Kế hoạch hoạt động năm học 2020- 2021 như sau:\n"
    ),
}
WANT = {
    "ministry": (
        "4315/BGDĐT-GDTrH",
        "Hà Nội",
        "2008-05-19",
        "Nội dung báo cáo tổng kết giáo dục trung học năm học 2007-2008",
    ),
    "union": ("225-KH/TWĐTN-CTTN", "Hà Nội", "2024-05-16", "Tổ chức các hoạt động hè dành cho thiếu nhi năm 2024"),
    "government": ("113/NQ-CP", "Hà Nội", "2026-04-25", "Về thanh toán các chi phí khám bệnh, chữa bệnh bảo hiểm y tế"),
    "insurance": ("2618/BHXH-KHTC", "Hà Nội", "2010-06-28", "chỉ tiêu báo cáo thống kê"),
    "hyphened place": (
        "55/2007/CT-UBND",
        "Phan Rang-Tháp Chàm",
        "2007-03-05",
        "Về việc thực hiện kế hoạch hành động vì sự tiến bộ phụ nữ",
    ),
    "separators": ("39/KH-CĐNT", "Ngọc Tố", "2020-09-15", "Hoạt động công tác công đoàn"),
}
ISSUER = {
    "government": "Chính phủ",
    "insurance": "Bảo hiểm xã hội Việt Nam",
    "hyphened place": "Ủy ban nhân dân tỉnh Ninh Thuận",
    "separators": "CĐCS trường THPT Ngọc Tố",
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    docx = {n: build_docx(parse_doc_text(t, n), header="tabs") for n, t in DOCS.items()}
    return to_pdfs(docx, Path(tempfile.mkdtemp(prefix="tab-header-")))


@pytest.mark.parametrize("name", sorted(DOCS))
def test_header_typed_with_one_tab_read_from_its_pdf(pdfs: dict[str, bytes], name: str) -> None:
    f = read_document(pdfs[name], f"{name}.pdf").to_json_dict()
    assert (f["so_ky_hieu"], f["dia_danh"], f["ngay_ban_hanh"], f["trich_yeu"]) == WANT[name]
    if name in ISSUER:
        assert f["co_quan_ban_hanh"] == ISSUER[name]


# Rows a long left line pushes about: the right column's line wrapped under it at the margin ("… ngày 08 tháng 09
# năm" / "2009", "CỘNG HÒA XÃ HỘI CHỦ" / "NGHĨA VIỆT NAM"), the right column's separator beside a left line
# ("ỦY BAN KIỂM TRA        ---------------"), a place and date with no comma ("Phan Rang ngày 12 …"), a V/v
# filling its row with its second line typed beside the date.
PUSHED = {
    "year wrapped": (
        "[head_left]\nBAN TỔ CHỨC\nĐẠI HỘI ĐẠI BIỂU\nCÁC DÂN TỘC THIỂU SỐ VIỆT NAM\n"
        "**TIỂU BAN THI ĐUA – KHEN THƯỞNG**\n"
        "-------------\nSố: 13/BTC-TĐKT\nV/v bổ sung hướng dẫn công tác khen thưởng tại Đại hội cấp tỉnh, cấp huyện\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập – Tự do – Hạnh phúc**\n-------------------\n"
        "*Hà Nội, ngày 08 tháng 09 năm 2009*\n[body]\nKính gửi: Ban Tổ chức Đại hội các tỉnh\nNội dung.\n"
    ),
    "motto wrapped": (
        "[head_left]\n**TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM**\n-------\nSố: 1454/QĐ-TLĐ\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n---------------\n"
        "*Hà Nội, ngày 28 tháng 11 năm 2014*\n[body]\n**QUYẾT ĐỊNH**\n"
        "**VỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC THỐNG KÊ CỦA TỔ CHỨC CÔNG ĐOÀN**\n"
        "**ĐOÀN CHỦ TỊCH TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM**\nCăn cứ Luật Thống kê;\nNội dung.\n"
    ),
    "no comma": (
        "[head_left]\nUBND TỈNH NINH THUẬN\n**SỞ GIÁO DỤC VÀ ĐÀO TẠO**\n-------\nSố: 1228/THPT\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập – Tự do – Hạnh phúc**\n--------------\n"
        "*Phan Rang ngày 12 tháng 11 năm 2003*\n[body]\n**QUY ĐỊNH VÀ HƯỚNG DẪN**\n"
        "**VỀ VIỆC TIẾP NHẬN VÀ CHUYỂN TRƯỜNG CHO HỌC SINH**\nKính gửi: Các trường trực thuộc\nNội dung.\n"
    ),
    "separator beside": (
        "[head_left]\nBAN CHẤP HÀNH TRUNG ƯƠNG\n**ỦY BAN KIỂM TRA**\n-------\nSố: 06-HD/UBKTTW\n"
        "[head_right]\n**ĐẢNG CỘNG SẢN VIỆT NAM**\n---------------\n*Hà Nội, ngày 18 tháng 12 năm 2018*\n"
        "[body]\n**HƯỚNG DẪN**\n**THỰC HIỆN MỘT SỐ ĐIỀU TRONG QUY ĐỊNH SỐ 07-QĐI/TW**\n"
        "- Căn cứ Quy chế làm việc của Ủy ban Kiểm tra Trung ương khóa XII;\nNội dung.\n"
    ),
    "subject beside date": (
        "[head_left]\n**BỘ GIÁO DỤC VÀ ĐÀO TẠO**\n-------\nSố: 6435/BGDĐT-CTHSSV\n"
        "V/v yêu cầu báo cáo công tác chỉ đạo và triển khai việc may, mua đồng phục của học sinh năm học 2015 - 2016\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n---------------\n"
        "*Hà Nội, ngày 10 tháng 12 năm 2015*\n[body]\nKính gửi: Các sở giáo dục và đào tạo\nNội dung.\n"
    ),
}
PUSHED_WANT = {
    "year wrapped": (
        "13/BTC-TĐKT",
        "Hà Nội",
        "2009-09-08",
        "Tiểu ban Thi đua – Khen thưởng",
        "bổ sung hướng dẫn công tác khen thưởng tại Đại hội cấp tỉnh, cấp huyện",
    ),
    "motto wrapped": (
        "1454/QĐ-TLĐ",
        "Hà Nội",
        "2014-11-28",
        "Tổng Liên đoàn Lao động Việt Nam",
        "VỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC THỐNG KÊ CỦA TỔ CHỨC CÔNG ĐOÀN",
    ),
    "no comma": (
        "1228/THPT",
        "Phan Rang",
        "2003-11-12",
        "Sở Giáo dục và Đào tạo",
        "VỀ VIỆC TIẾP NHẬN VÀ CHUYỂN TRƯỜNG CHO HỌC SINH",
    ),
    "separator beside": (
        "06-HD/UBKTTW",
        "Hà Nội",
        "2018-12-18",
        "Ủy ban Kiểm tra Trung ương",
        "THỰC HIỆN MỘT SỐ ĐIỀU TRONG QUY ĐỊNH SỐ 07-QĐI/TW",
    ),
    "subject beside date": (
        "6435/BGDĐT-CTHSSV",
        "Hà Nội",
        "2015-12-10",
        "Bộ Giáo dục và Đào tạo",
        "yêu cầu báo cáo công tác chỉ đạo và triển khai việc may, mua đồng phục của học sinh năm học 2015 - 2016",
    ),
}


@pytest.fixture(scope="module")
def pushed_pdfs() -> dict[str, bytes]:
    docx = {n: build_docx(parse_doc_text(t, n), header="tabs") for n, t in PUSHED.items()}
    return to_pdfs(docx, Path(tempfile.mkdtemp(prefix="tab-header-")))


@pytest.mark.parametrize("name", sorted(PUSHED))
def test_rows_a_long_left_line_pushes_go_to_their_column(pushed_pdfs: dict[str, bytes], name: str) -> None:
    f = read_document(pushed_pdfs[name], f"{name}.pdf").to_json_dict()
    got = (f["so_ky_hieu"], f["dia_danh"], f["ngay_ban_hanh"], f["co_quan_ban_hanh"], f["trich_yeu"])
    assert got == PUSHED_WANT[name]
