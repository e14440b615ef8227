"""A header typed as loose lines, one under another, printed to PDF; a header typed with tabs whose number was left
blank; a footer that runs onto the next page; a signature followed by the rules a decision issues. Each read from
LibreOffice's PDF (or, for the page break, from the text pypdf lays out) as from the .docx."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tasks.reading.lines import Line
from tasks.reading.parse import read_document
from tasks.reading.pdf_layout import _rows, _zone_rows
from tasks.reading.signature import read_signature
from tests.docbuild import build_docx, parse_doc_text, to_pdfs

MOTTO = "**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập – Tự do – Hạnh phúc**"
LOOSE = {
    # spaces typed inside the number line ("Số:    3929/ …") are no second column
    "spaced number": (
        "[head_left]\nUBND THÀNH PHỐ HÀ NỘI\n**SỞ GIÁO DỤC VÀ ĐÀO TẠO**\nSố:    3929/ SGD&ĐT-GDTX-CN\n"
        "V/v hướng dẫn công tác tuyển sinh\nTCCN  năm học 2016-2017\n"
        f"[head_right]\n{MOTTO}\n*Hà Nội, ngày   19 tháng 10 năm  2016*\n"
        "[body]\nKính gửi: Hiệu trưởng các trường trung cấp chuyên nghiệp\n"
        "Sở Giáo dục và Đào tạo Hà Nội hướng dẫn các trường thực hiện công tác tuyển sinh như sau:\n"
    ),
    # the motto over two lines is not the subject of a plan with no type line
    "motto over two lines": (
        "[head_left]\n**ỦY BAN NHÂN DÂN**\nSố: 58/KH-UBND\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI**\n**CHỦ NGHĨA VIỆT NAM**\n*Cần Thơ, ngày 20 tháng 3 năm 2023*\n"
        "[body]\n**GIÁM SÁT VÀ PHÒNG, CHỐNG DỊCH CÚM A TRÊN NGƯỜI NĂM 2023**\n"
        "Căn cứ Thông tư số 54/2015/TT-BYT ngày 28 tháng 12 năm 2015 của Bộ trưởng Bộ Y tế;\n"
        "Để chủ động phòng, chống dịch cúm A, Ủy ban nhân dân thành phố ban hành Kế hoạch như sau:\n"
    ),
    # a letterhead that lost its capitals, as loose lines
    "lower-case letterhead": (
        "[head_left]\nHội Liên hiệp Thanh niên Việt Nam\nUỷ ban Trung ương\n***\nSố: 12-BC/TWH\n"
        "[head_right]\n*Hà Nội, ngày 30 tháng 01 năm 2009*\n"
        "[body]\n**báo cáo**\n**Kết quả công tác Hội và phong trào thanh niên năm 2008**\n"
        "Năm 2008 là năm đầu tiên triển khai thực hiện Nghị quyết Đại hội.\n"
    ),
    # the number left blank the width of a table cell in the PDF; a căn cứ "Thông tư số …" is no number line
    "blank number": (
        "[head_left]\nPHÒNG GD&ĐT DIỄN CHÂU\n**TRƯỜNG MẦM NON DIỄN LIÊN**\nSố:         /KH-TMN\n"
        f"[head_right]\n{MOTTO}\n*Diễn Liên, ngày        tháng 9 năm 2021*\n"
        "[body]\n**KẾ HOẠCH GIÁO DỤC NHÀ TRƯỜNG NĂM HỌC 2021 - 2022**\n**I. CĂN CỨ XÂY DỰNG KẾ HOẠCH**\n"
        "Thông tư số 52/2020/TT-BGDĐT ngày 31/12/2020 của Bộ Giáo dục và Đào tạo về việc Ban hành Điều lệ Trường "
        "Mầm non.\n"
    ),
    # a numbered letter with no type line and no V/v, its motto and date after the number
    "letter": (
        "[head_left]\nUBND TỈNH HẬU GIANG\nSố: 283/SXD-QLN\n"
        "[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n*Vị Thanh, ngày 19 tháng 5 năm 2008*\n"
        "[body]\nKính gửi: Ủy ban nhân dân các huyện, thị xã.\nCăn cứ Luật Nhà ở ngày 29 tháng 11 năm 2005;\n"
        "Nay, Sở Xây dựng hướng dẫn một số nội dung như sau:\n"
    ),
}
WANT = {
    "spaced number": ("3929/SGD&ĐT-GDTX-CN", "Công văn", "Sở Giáo dục và Đào tạo", "2016-10-19"),
    "motto over two lines": ("58/KH-UBND", "Kế hoạch", None, "2023-03-20"),
    "lower-case letterhead": (
        "12-BC/TWH",
        "Báo cáo",
        "Uỷ ban Trung ương Hội Liên hiệp Thanh niên Việt Nam",
        "2009-01-30",
    ),
    "blank number": (None, "Kế hoạch", "Trường Mầm non Diễn Liên", None),
    "letter": ("283/SXD-QLN", "Công văn", None, "2008-05-19"),
}
SUBJECT = {
    "spaced number": "hướng dẫn công tác tuyển sinh TCCN năm học 2016-2017",
    "motto over two lines": "GIÁM SÁT VÀ PHÒNG, CHỐNG DỊCH CÚM A TRÊN NGƯỜI NĂM 2023",
    "blank number": "GIÁO DỤC NHÀ TRƯỜNG NĂM HỌC 2021 - 2022",
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    docx = {n: build_docx(parse_doc_text(t, n), header="plain") for n, t in LOOSE.items()}
    return to_pdfs(docx, Path(tempfile.mkdtemp(prefix="loose-header-")))


@pytest.mark.parametrize("name", sorted(LOOSE))
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_header_of_loose_lines(pdfs: dict[str, bytes], name: str, fmt: str) -> None:
    data = pdfs[name] if fmt == "pdf" else build_docx(parse_doc_text(LOOSE[name], name), header="plain")
    f = read_document(data, f"{name}.{fmt}").to_json_dict()
    issuer = WANT[name][2]
    got = (f["so_ky_hieu"], f["loai_van_ban"], f["co_quan_ban_hanh"] if issuer else None, f["ngay_ban_hanh"])
    assert got == WANT[name]
    if name in SUBJECT:
        assert f["trich_yeu"] == SUBJECT[name]


TABS = {
    # "Vạn Giã , ngày …": a space before the comma; "/KH-UBND   Dân Lực, ngày …": three spaces after a blank number
    "space before comma": (
        "[head_left]\nPHÒNG GD& ĐT VẠN NINH\n**TRƯỜNG MẦM NON VẠN GIÃ**\nSố:    / KH- MNVG\n"
        f"[head_right]\n{MOTTO}\n*Vạn Giã , ngày 10 tháng 10 năm 2019*\n"
        "[body]\n**KẾ HOẠCH**\n**Kiểm tra nội bộ trường học năm học 2019 – 2020**\nNội dung.\n"
    ),
    "blank number beside date": (
        "[head_left]\n**UỶ BAN NHÂN DÂN**\n**XÃ DÂN  LỰC**\nSố:        /KH-UBND\n"
        f"[head_right]\n{MOTTO}\n*Dân Lực, ngày 18 tháng 02 năm 2021*\n"
        "[body]\n**KẾ HOẠCH**\n**Thông tin, tuyên truyền Cuộc bầu cử đại biểu Quốc hội khóa XV**\nNội dung.\n"
    ),
}
TABS_WANT = {
    "space before comma": ("Vạn Giã", "2019-10-10", "Trường Mầm non Vạn Giã"),
    "blank number beside date": ("Dân Lực", "2021-02-18", "Uỷ ban nhân dân xã Dân Lực"),
}


@pytest.mark.parametrize("name", sorted(TABS))
def test_a_tab_typed_header_with_its_number_blank_keeps_its_place_and_date(name: str) -> None:
    docx = build_docx(parse_doc_text(TABS[name], name), header="tabs")
    pdf = to_pdfs({name: docx}, Path(tempfile.mkdtemp(prefix="tab-blank-")))[name]
    f = read_document(pdf, f"{name}.pdf").to_json_dict()
    assert (f["dia_danh"], f["ngay_ban_hanh"], f["co_quan_ban_hanh"]) == TABS_WANT[name]
    assert f["so_ky_hieu"] is None


def test_a_footer_running_onto_the_next_page_laid_out_further_left_keeps_its_columns() -> None:
    # pypdf lays each page out on its own: the right column begins at 57 on the first page, at 50 and 47 on the next
    page1 = "Sở Giáo dục và Đào tạo đề nghị Thủ trưởng các đơn vị nghiêm túc thực hiện./.\n\n" + (
        "Nơi nhận:" + " " * 48 + "KT. GIÁM ĐỐC\n"
    )
    page2 = (
        "- Như trên;\n"
        "- Đ/c PGĐ Phạm Quốc Toản;" + " " * 25 + "PHÓ GIÁM ĐỐC\n"
        "- Đ/c PGĐ Nguyễn Quang Tuấn;" + " " * 19 + "Nguyễn Quang Tuấn\n"
        "- Các phòng thuộc Sở;\n"
        "- Lưu: VT, CTTTHSSV.\n"
    )
    lines = _zone_rows(_rows(page1) + _rows(page2))
    right = [ln.text for ln in lines if ln.zone == "foot_right"]
    left = [ln.text for ln in lines if ln.zone == "foot_left"]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Quang Tuấn"]
    assert left[-3:] == ["- Đ/c PGĐ Nguyễn Quang Tuấn;", "- Các phòng thuộc Sở;", "- Lưu: VT, CTTTHSSV."]


def test_the_signature_is_read_before_the_rules_a_decision_issues() -> None:
    # a footer as loose lines, then the rules the decision issues with their caption and first chapter in capitals
    texts = [
        "Điều 3. Các tổ chuyên môn chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:",
        "– Như điều 3;",
        "– Lưu VT.",
        "HIỆU TRƯỞNG",
        "Lê Thị Thuận",
        "QUY CHẾ CHUYÊN MÔN",
        "(Ban hành kèm theo quyết định số 101/QĐ-MNTT ngày 30 tháng 09 năm 2022 của trường mầm non Tuổi Thơ)",
        "CHƯƠNG I. NHỮNG QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi, đối tượng thực hiện",
    ]
    sig = read_signature([Line(t, "body") for t in texts])
    assert (sig.chuc_vu, sig.nguoi_ky) == ("HIỆU TRƯỞNG", "Lê Thị Thuận")


def test_the_signature_is_read_before_the_plan_a_decision_issues_after_it() -> None:
    # a footer as loose lines, then the plan the decision issues, opening with its type as a heading and running on
    # for pages
    texts = [
        "Điều 3. Các sở, ngành chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT.",
        "TM. UỶ BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thành Công",
        "KẾ HOẠCH",
        "XUẤT KHẨU SẢN PHẨM HÀNG HÓA TỈNH SƠN LA GIAI ĐOẠN 2026 - 2030",
        "I. MỤC TIÊU",
        *[f"{k}. Nhiệm vụ thứ {k} của các sở, ngành trong giai đoạn." for k in range(1, 45)],
        "V. CHẾ ĐỘ BÁO CÁO",
        "Các sở báo cáo trước ngày 20/11 hằng năm.",
    ]
    sig = read_signature([Line(t, "body") for t in texts])
    assert (sig.quyen_han_ky, sig.chuc_vu, sig.nguoi_ky) == (
        "TM. UỶ BAN NHÂN DÂN KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thành Công",
    )
