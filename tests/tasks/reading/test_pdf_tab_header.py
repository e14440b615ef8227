"""A header typed as rows, one tab between the columns, then printed to PDF: the tab may part the columns by
less than the four spaces the PDF reader parts columns by ("-------Độc lập …"), put the date a few characters
after the left text ("***    Hà Nội, ngày …"), or push the date onto the row below a long V/v. The right
column is found by what opens its lines (the motto, the slogan, the place and date), wherever they fall."""

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
}
WANT = {
    "ministry": (
        "4315/BGDĐT-GDTrH",
        "Hà Nội",
        "2008-05-19",
        "Nội dung báo cáo tổng kết giáo dục trung học năm học 2007-2008",
    ),
    "union": ("225-KH/TWĐTN-CTTN", "Hà Nội", "2024-05-16", "Tổ chức các hoạt động hè dành cho thiếu nhi năm 2024"),
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    docx = {n: build_docx(parse_doc_text(t, n), header="tabs") for n, t in DOCS.items()}
    return to_pdfs(docx, Path(tempfile.mkdtemp(prefix="tab-header-")))


@pytest.mark.parametrize("name", sorted(DOCS))
def test_header_typed_with_one_tab_read_from_its_pdf(pdfs: dict[str, bytes], name: str) -> None:
    f = read_document(pdfs[name], f"{name}.pdf").to_json_dict()
    assert (f["so_ky_hieu"], f["dia_danh"], f["ngay_ban_hanh"], f["trich_yeu"]) == WANT[name]
