"""One test per kind of fault the twentieth held-out round (bench/holdout20) showed on its first run, each written
small and apart from the document it was seen in."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from tasks.reading.parse import read_document
from tasks.reading.pdf_layout import pdf_pages
from tasks.reading.vndates import extract_deadlines
from tests.docbuild import build_docx, parse_doc_text, to_pdfs
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf


def _docx_and_pdf_each(texts: dict[str, str]) -> dict[tuple[str, str], bytes]:
    """Return several document texts built as .docx and as LibreOffice's PDF, in one LibreOffice run: {(name,
    fmt): bytes}."""
    docx = {name: build_docx(parse_doc_text(text)) for name, text in texts.items()}
    pdf = to_pdfs(docx, Path(tempfile.mkdtemp(prefix="kinds-")))
    return {**{(n, "docx"): d for n, d in docx.items()}, **{(n, "pdf"): d for n, d in pdf.items()}}


# Signature

HEAD = f"""[head_left]
**BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI**
Số: 1402/LĐTBXH-KHTC
[head_right]
{MOTTO}
*Hà Nội, ngày 15 tháng 4 năm 2019*
[body]
**Về việc báo cáo tình hình thực hiện dự toán**
Kính gửi: Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố.
Đề nghị Sở báo cáo tình hình thực hiện dự toán năm 2019 về Bộ để tổng hợp.
"""


def test_an_authority_run_into_the_signers_title_ends_where_the_title_begins() -> None:
    # the signature cell flattened onto one line, the authority, the title and the name run together ("KT. BỘ
    # TRƯỞNG THỨ TRƯỞNG Lê Văn An"): after KT. the title is the deputy's ("THỨ TRƯỞNG", "PHÓ …"); after TL. or
    # TUQ. the head it names ends the authority ("TL. BỘ TRƯỞNG" / "VỤ TRƯỞNG VỤ …"); a PDF's narrow column may
    # wrap the line anywhere
    cases = {
        "kt_minister": ("KT. BỘ TRƯỞNG THỨ TRƯỞNG Lê Văn An", ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Lê Văn An")),
        "kt_pm": ("KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Trần Văn Bình", ("KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Trần Văn Bình")),
        "tl_dept": (
            "TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH Phạm Văn Cường",
            ("TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH", "Phạm Văn Cường"),
        ),
        "tl_office": (
            "TUQ. CHỦ TỊCH CHÁNH VĂN PHÒNG Đỗ Thị Dung",
            ("TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Đỗ Thị Dung"),
        ),
        "tm_kt": (
            "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị Thu Hằng",
            ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Thu Hằng"),
        ),
    }
    texts = {
        name: HEAD + f"[foot_left]\nNơi nhận: - Như trên; - Lưu: VT, KHTC.\n[foot_right]\n{sig}\n"
        for name, (sig, _) in cases.items()
    }
    for (name, fmt), data in _docx_and_pdf_each(texts).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["quyen_han_ky"], got["chuc_vu"], got["nguoi_ky"]) == cases[name][1], (name, fmt)


def test_a_flattened_signature_with_no_nơi_nhận_beside_it_is_read() -> None:
    # a letter with no Nơi nhận: its signature cell, flattened onto one line, is the only cell of the footer
    # (a .docx reads it as a table row) or, in the PDF, lines at the body's end a narrow column wrapped ("TM. ỦY BAN
    # NHÂN DÂN KT. CHỦ" / "TỊCH PHÓ CHỦ TỊCH Nguyễn Thị" / "Thu Hằng")
    cases = {
        "kt": ("KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Trần Văn Bình", ("KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Trần Văn Bình")),
        "tm_kt": (
            "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thị Thu Hằng",
            ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Thu Hằng"),
        ),
    }
    texts = {name: HEAD + f"[foot_right]\n{sig}\n" for name, (sig, _) in cases.items()}
    for (name, fmt), data in _docx_and_pdf_each(texts).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["quyen_han_ky"], got["chuc_vu"], got["nguoi_ky"]) == cases[name][1], (name, fmt)


# Nơi nhận


def test_a_note_after_an_items_semicolon_stays_with_that_item_in_a_list_run_into_one_line() -> None:
    # the list flattened onto one line with the brace's note put after each item's semicolon ("- Bộ Nội vụ; (báo
    # cáo) - Thường trực Tỉnh ủy; (báo cáo) - Các sở, ngành; - …"): each item is its own, the note goes with the
    # item before it (to be informed), the item after it has none; in the PDF the line wraps, and a page break parts
    # an item ("- Hội" / next page: "Khuyến học tỉnh; - Như Điều 3 …", a long line): the list goes on over it
    filler = "\n".join(
        f"{k}. Phòng chuyên môn số {k} rà soát hồ sơ của đơn vị, cập nhật dữ liệu lên hệ thống dùng chung của tỉnh."
        for k in range(1, 26)
    )
    text = f"""[head_left]
**ỦY BAN NHÂN DÂN TỈNH YÊN BÁI**
Số: 612/QĐ-UBND
[head_right]
{MOTTO}
*Yên Bái, ngày 12 tháng 8 năm 2024*
[body]
**QUYẾT ĐỊNH**
**Ban hành kế hoạch thời gian năm học 2024-2025**
Điều 1. Ban hành kế hoạch thời gian năm học 2024-2025 của tỉnh.
{filler}
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
[foot_left]
Nơi nhận: - Bộ Giáo dục và Đào tạo; (báo cáo) - Thường trực Tỉnh ủy; (báo cáo) - Thường trực HĐND tỉnh; (báo cáo) - Các PCT UBND tỉnh; - Ủy ban MTTQ và các đoàn thể tỉnh; - Ban Tuyên giáo Tỉnh ủy; - Thường trực Huyện ủy, Thành ủy; - Hội Khuyến học tỉnh; - Như Điều 3 (thực hiện); - Báo Yên Bái; - Đài PTTH tỉnh; - Cổng TTĐT tỉnh; - Lưu: VT, VX.
[foot_right]
KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Khánh
"""  # noqa: E501
    files = as_docx_and_pdf(text)
    # the page breaks inside an item of the long line (else this test no longer tests that)
    assert pdf_pages(files["pdf"])[-1].strip().startswith("Khuyến học tỉnh;")
    for fmt, data in files.items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert [(r["text"], r["role"]) for r in got["noi_nhan"]] == [
            ("Bộ Giáo dục và Đào tạo; (báo cáo)", "de_biet"),
            ("Thường trực Tỉnh ủy; (báo cáo)", "de_biet"),
            ("Thường trực HĐND tỉnh; (báo cáo)", "de_biet"),
            ("Các PCT UBND tỉnh;", "thuc_hien"),
            ("Ủy ban MTTQ và các đoàn thể tỉnh;", "thuc_hien"),
            ("Ban Tuyên giáo Tỉnh ủy;", "thuc_hien"),
            ("Thường trực Huyện ủy, Thành ủy;", "thuc_hien"),
            ("Hội Khuyến học tỉnh;", "thuc_hien"),
            ("Như Điều 3 (thực hiện);", "thuc_hien"),
            ("Báo Yên Bái;", "thuc_hien"),
            ("Đài PTTH tỉnh;", "thuc_hien"),
            ("Cổng TTĐT tỉnh;", "thuc_hien"),
            ("Lưu: VT, VX.", "luu"),
        ], fmt


# Stray spaces inside words


def test_stray_spaces_inside_the_place_and_the_signers_name_lose_neither_the_date_nor_the_title() -> None:
    # a stored copy with spaces inside words ("Qu ả ng Ngãi, ngày 04 tháng 10 năm 2022", "CHỦ TỊCH Đặ ng Văn
    # Minh"): the place is still a place, so its date is read; the name is still a name, so the title is read; the
    # text is printed as it stands
    text = """[head_left]
ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI -------
Số: 1404/QĐ-UBND
[head_right]
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Qu ả ng Ngãi, ngày 14 tháng 10 năm 2022
[body]
QUYẾT ĐỊNH
Về việc công bố danh mục thủ tục hành chính
Điều 1. Công bố danh mục thủ tục hành chính kèm theo Quyết định này.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
[foot_left]
Nơi nhận: - Như Điều 2; - Lưu: VT.
[foot_right]
CHỦ TỊCH Đặ ng Văn Minh
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["dia_danh"], got["ngay_ban_hanh"]) == ("Qu ả ng Ngãi", "2022-10-14"), fmt
        assert (got["quyen_han_ky"], got["chuc_vu"], got["nguoi_ky"]) == (None, "CHỦ TỊCH", "Đặ ng Văn Minh"), fmt


# Deadlines


def test_a_body_named_for_planning_is_no_plan_to_send() -> None:
    # a budget estimate to be sent "về Bộ (qua Vụ Kế hoạch - Tài chính) trước ngày 12/7/2019": the "Kế hoạch" is in
    # the name of the body it goes through, so the deadline is no plan's; a plan sent to "Sở Kế hoạch và Đầu tư" is
    # still a plan's
    issued = date(2019, 7, 3)
    budget = (
        "Đề nghị Sở khẩn trương xây dựng dự toán ngân sách năm 2020 đảm bảo nội dung yêu cầu và các biểu mẫu, gửi về Bộ"
        " (qua Vụ Kế hoạch - Tài chính) trước ngày 12/7/2019."
    )
    plan = "Các huyện xây dựng Kế hoạch thực hiện năm 2020, gửi về Sở Kế hoạch và Đầu tư trước ngày 20/7/2019."
    assert [(d["kind"], d["date"]) for d in extract_deadlines([budget], issued)] == [("other", "2019-07-12")]
    assert [(d["kind"], d["date"]) for d in extract_deadlines([plan], issued)] == [("submit_plan", "2019-07-20")]
