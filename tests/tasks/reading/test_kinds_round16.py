"""One test per kind of fault the sixteenth held-out round (bench/holdout16) showed on its first run, each written
small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.parse import read_document
from tasks.reading.pdf_layout import pdf_pages
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

# Issuer


def test_a_header_cell_flattened_onto_one_line_keeps_its_separator_out_of_the_issuer() -> None:
    # each header cell run into one line, the separator under the issuer's name kept at its end ("SỞ Y TẾ TỈNH
    # ĐỒNG THÁP -------"), and under the motto ("… Hạnh phúc ---------------"): the separator is no part of the name
    text = """[head_left]
SỞ Y TẾ TỈNH ĐỒNG THÁP -------
Số: 318/KH-SYT
[head_right]
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Đồng Tháp, ngày 21 tháng 3 năm 2024
[body]
KẾ HOẠCH
Tiêm chủng mở rộng năm 2024
Các bệnh viện, trung tâm y tế tổ chức tiêm chủng đầy đủ, an toàn cho trẻ em trên địa bàn.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Sở Y tế tỉnh Đồng Tháp", fmt
        assert (got["so_ky_hieu"], got["dia_danh"], got["ngay_ban_hanh"]) == ("318/KH-SYT", "Đồng Tháp", "2024-03-21")
        assert got["trich_yeu"] == "Tiêm chủng mở rộng năm 2024", fmt


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


def test_a_distribution_list_run_into_one_line_is_read_item_by_item() -> None:
    # "Nơi nhận: - A (để b/c); - B; - Lưu: …" on one line, as a page flattened it: each item is its own, with its
    # role; a dash inside an item's brackets ("(Vụ Tổng hợp - để b/c)") does not part it
    text = f"""[head_left]
**BỘ TÀI CHÍNH**
Số: 812/QĐ-BTC
[head_right]
{MOTTO}
*Hà Nội, ngày 05 tháng 5 năm 2024*
[body]
**QUYẾT ĐỊNH**
**Về việc giao dự toán năm 2024**
Điều 1. Giao dự toán năm 2024 cho các đơn vị.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
[foot_left]
Nơi nhận: - Văn phòng Chính phủ (Vụ Tổng hợp - để b/c); - Lãnh đạo Bộ (để biết); - Như Điều 2; - Lưu: VT, HCSN.
[foot_right]
**KT. BỘ TRƯỞNG**
**THỨ TRƯỞNG**
**Võ Thành Hưng**
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert [(r["text"], r["role"]) for r in got["noi_nhan"]] == [
            ("Văn phòng Chính phủ (Vụ Tổng hợp - để b/c);", "de_biet"),
            ("Lãnh đạo Bộ (để biết);", "de_biet"),
            ("Như Điều 2;", "thuc_hien"),
            ("Lưu: VT, HCSN.", "luu"),
        ], fmt


# Signature


def test_a_signature_run_into_one_line_is_read_as_title_and_name() -> None:
    # the signature cell flattened onto one line: the title in capitals then the name ("GIÁM ĐỐC Phạm Minh Tuấn");
    # with an authority and a deputy's title run in too ("TM. … KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Đã ký) …")
    head = f"""[head_left]
**SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG**
Số: 95/KH-SNNMT
[head_right]
{MOTTO}
*Cao Bằng, ngày 10 tháng 4 năm 2025*
[body]
**KẾ HOẠCH**
**Phòng, chống dịch bệnh gia súc năm 2025**
Các phòng, đơn vị triển khai tiêm phòng cho đàn gia súc trên địa bàn.
[foot_left]
**Nơi nhận:**
- Như trên;
- Lưu: VT.
[foot_right]
"""
    for sig, want in (
        ("GIÁM ĐỐC Phạm Minh Tuấn", (None, "GIÁM ĐỐC", "Phạm Minh Tuấn")),
        (
            "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Đã ký) Lê Thị Lan",
            ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Lan"),
        ),
    ):
        for fmt, data in as_docx_and_pdf(head + sig + "\n").items():
            got = read_document(data, f"d.{fmt}").to_json_dict()
            assert (got["quyen_han_ky"], got["chuc_vu"], got["nguoi_ky"]) == want, (fmt, sig)


# Deadlines


def test_an_attached_plans_paragraphs_are_read_whole_in_a_pdf() -> None:
    # a decision with its plan attached after the signature ([tail]): in the PDF each paragraph of the plan is read
    # whole, its wrapped rows put back together, so a report's periods and dates are read with the words that name
    # them, as in the .docx ("… hằng quý (trước ngày 15 của tháng cuối quý), năm (trước ngày 05/12 hằng năm) …")
    text = f"""[head_left]
**ỦY BAN NHÂN DÂN**
**TỈNH LẠNG SƠN**
Số: 1207/QĐ-UBND
[head_right]
{MOTTO}
*Lạng Sơn, ngày 14 tháng 7 năm 2025*
[body]
**QUYẾT ĐỊNH**
**Ban hành Kế hoạch phát triển du lịch cộng đồng năm 2025**
**ỦY BAN NHÂN DÂN TỈNH**
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển du lịch cộng đồng năm 2025.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
[foot_left]
**Nơi nhận:**
- Như Điều 2;
- Lưu: VT, KGVX.
[foot_right]
**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**
**Hồ Tiến Thiệu**
[tail]
**KẾ HOẠCH**
**Phát triển du lịch cộng đồng năm 2025**
1. Các huyện, thành phố chủ động bố trí nguồn lực, lồng ghép các chương trình mục tiêu để triển khai Kế hoạch. Định kỳ hằng quý (trước ngày 15 của tháng cuối quý), năm (trước ngày 05/12 hằng năm) hoặc khi có yêu cầu, báo cáo tình hình thực hiện Kế hoạch về Sở Văn hóa, Thể thao và Du lịch để tổng hợp.
2. Sở Văn hóa, Thể thao và Du lịch tổng hợp, tham mưu Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện Kế hoạch về Bộ Văn hóa, Thể thao và Du lịch trước ngày 20/12/2025.
"""  # noqa: E501
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert [(d["kind"], d["period"], d["date"], d["day"], d["month"]) for d in got["deadlines"]][:2] == [
            ("periodic_report", "quarterly", None, 15, None),
            ("periodic_report", "annual", None, 5, 12),
        ], fmt
        assert "2025-12-20" in [d["date"] for d in got["deadlines"]], fmt


def test_each_clause_of_a_sentence_that_sets_its_own_date_is_a_deadline() -> None:
    # one sentence, its clauses parted by semicolons, sets a plan's date in one and a report's in another ("… xây
    # dựng Kế hoạch … gửi về Sở trước ngày 15/4/2024; bố trí kinh phí …; báo cáo kết quả … trước ngày 30/11/2024
    # …"): each date is a deadline, the plan's as a plan's
    text = f"""[head_left]
**ỦY BAN NHÂN DÂN**
**TỈNH HÀ GIANG**
Số: 77/KH-UBND
[head_right]
{MOTTO}
*Hà Giang, ngày 18 tháng 3 năm 2024*
[body]
**KẾ HOẠCH**
**Phòng, chống thiên tai năm 2024**
1. Các sở, ngành; UBND các huyện, thành phố căn cứ nhiệm vụ được giao xây dựng Kế hoạch thực hiện và gửi về Sở Nông nghiệp và Phát triển nông thôn trước ngày 15/4/2024; bố trí kinh phí theo phân cấp ngân sách; báo cáo kết quả thực hiện gửi về Sở Nông nghiệp và Phát triển nông thôn trước ngày 30/11/2024 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.
"""  # noqa: E501
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert [(d["kind"], d["date"]) for d in got["deadlines"]] == [
            ("submit_plan", "2024-04-15"),
            ("other", "2024-11-30"),
        ], fmt
