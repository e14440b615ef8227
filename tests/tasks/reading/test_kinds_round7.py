"""One test per kind of fault the seventh held-out round (bench/holdout7) showed on its first run, each written
small and apart from the documents it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO
from tests.tasks.reading.kinds import read_text as _read
from tests.tasks.reading.kinds import refs as _refs

# Căn cứ


def test_a_date_with_ngay_typed_twice() -> None:
    sentence = "Thông tư 28/2020/TT-BGDĐT ngày ngày 04 tháng 9 năm 2020 về việc Ban hành điều lệ trường Tiểu học;"
    assert _refs("Căn cứ " + sentence) == [("28/2020/TT-BGDĐT", "2020-09-04", None)]


def test_an_issuer_followed_by_a_lower_case_vv() -> None:
    sentence = "Căn cứ Quyết định số 2082/QĐ-UBND ngày 14/8/2024 của UBND tỉnh Nghệ An v/v ban hành khung thời gian;"
    assert _refs(sentence) == [("2082/QĐ-UBND", "2024-08-14", "UBND tỉnh Nghệ An")]


def test_an_issuer_with_its_short_form_or_a_note_in_brackets() -> None:
    inside = "Căn cứ Quyết định số 1664/QĐ-UBND ngày 08/8/2023 của Ủy ban nhân dân (UBND) tỉnh Quảng Nam về việc;"
    assert _refs(inside) == [("1664/QĐ-UBND", "2023-08-08", "Ủy ban nhân dân tỉnh Quảng Nam")]
    after = "Công văn số 1841/SGDĐT-GDTH ngày 15/8/2023 của Sở Giáo dục và Đào tạo (GDĐT) về việc hướng dẫn;"
    assert _refs("Căn cứ " + after) == [("1841/SGDĐT-GDTH", "2023-08-15", "Sở Giáo dục và Đào tạo")]
    note = (
        "Theo đề nghị của Sở Kế hoạch và Đầu tư (Thường trực Ban Vì sự tiến bộ phụ nữ tỉnh) tại Tờ trình số "
        "126/SKHĐT ngày 23/01/2007,"
    )
    assert _refs(note) == [("126/SKHĐT", "2007-01-23", "Sở Kế hoạch và Đầu tư")]


def test_an_issuer_straight_after_the_date_without_cua() -> None:
    sentence = "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 Chính phủ về thực hiện cơ chế một cửa;"
    assert _refs(sentence) == [("61/2018/NĐ-CP", "2018-04-23", "Chính phủ")]
    # a date followed by the description is not an issuer
    assert _refs("Căn cứ Luật số 77/2015/QH13 ngày 19/6/2015 quy định về tổ chức chính quyền;") == [
        ("77/2015/QH13", "2015-06-19", None)
    ]


def test_the_document_an_amending_one_amends_is_not_a_can_cu() -> None:
    sentence = (
        "Căn cứ Nghị định số 61/2011/NĐ-CP ngày 26/7/2011 của Chính phủ về sửa đổi, bổ sung một số điều của Nghị "
        "định số 135/2004/NĐ-CP ngày 10/6/2004 của Chính phủ quy định về chế độ áp dụng biện pháp;"
    )
    assert _refs(sentence) == [("61/2011/NĐ-CP", "2011-07-26", "Chính phủ")]


def test_ministries_issuing_jointly_as_lien_bo() -> None:
    sentence = (
        "Căn cứ Thông tư liên tịch số 24/2012/TTLT-BLĐTBXH-BNV-BTC ngày 22/10/2012 của liên Bộ: Lao động - Thương "
        "binh và Xã hội, Nội vụ, Tài chính quy định việc thành lập;"
    )
    assert _refs(sentence) == [
        ("24/2012/TTLT-BLĐTBXH-BNV-BTC", "2012-10-22", "liên Bộ: Lao động - Thương binh và Xã hội, Nội vụ, Tài chính")
    ]


def test_huong_dan_straight_before_the_number() -> None:
    sentence = "- Căn cứ Hướng dẫn 5937/BGDĐT-GDTH ngày 20/8/2012 của Bộ giáo dục và Đào tạo về việc hướng dẫn."
    assert _refs(sentence) == [("5937/BGDĐT-GDTH", "2012-08-20", "Bộ giáo dục và Đào tạo")]


def test_a_cited_document_without_can_cu_among_can_cu_lines() -> None:
    text = f"""
[head_left]
UBND HUYỆN NÚI THÀNH
**TRƯỜNG TH HOÀNG VĂN THỤ**
Số: 32/KH-THHVT
[head_right]
{MOTTO}
*Tam Sơn, ngày 25 tháng 9 năm 2023*
[body]
**KẾ HOẠCH**
**NĂM HỌC: 2023-2024**
Căn cứ Quyết định số 1664/QĐ-UBND ngày 08/8/2023 của UBND tỉnh Quảng Nam về việc ban hành Kế hoạch thời gian năm học;
Công văn số 1841/SGDĐT-GDTH ngày 15/8/2023 của Sở Giáo dục và Đào tạo về việc hướng dẫn thực hiện nhiệm vụ;
Căn cứ Công văn số 176/PGDĐT-TH ngày 05/9/2023 của Phòng GDĐT Núi Thành về hướng dẫn thực hiện nhiệm vụ;
Căn cứ kết quả năm học 2022-2023, Trường TH Hoàng Văn Thụ xây dựng kế hoạch năm học 2023-2024 như sau:
**PHẦN I**
Công văn số 99/PGDĐT-TH ngày 05/10/2023 của Phòng GDĐT Núi Thành đã được thực hiện.
"""
    assert [c["so_ky_hieu"] for c in _read(text)["can_cu"]] == ["1664/QĐ-UBND", "1841/SGDĐT-GDTH", "176/PGDĐT-TH"]


# Type and subject


def _doc(head_left: str, place: str, body: str) -> str:
    return f"[head_left]\n{head_left}\n[head_right]\n{MOTTO}\n*{place}*\n[body]\n{body}\n"


def test_a_type_line_with_a_period_word_after_the_type() -> None:
    got = _read(
        _doc(
            "**BCĐ XD NÔNG THÔN MỚI**\n**XÃ TÂN HƯƠNG**",
            "Tân Hương, ngày 14 tháng 3 năm 2018",
            "**BÁO CÁO TUẦN**\n**Kết quả xây dựng NTM từ ngày 15 – 30/3/2018 và kế hoạch tuần tới**\n"
            "- Làm hàng rào khuôn viên sân vận động;",
        )
    )
    assert (got["loai_van_ban"], got["trich_yeu"]) == (
        "Báo cáo",
        "Kết quả xây dựng NTM từ ngày 15 – 30/3/2018 và kế hoạch tuần tới",
    )


def test_a_subject_in_capitals_ending_on_a_month_or_a_lower_case_line() -> None:
    month = _read(
        _doc(
            "LIÊN ĐOÀN LAO ĐỘNG TP HUẾ\n**CĐCS MẦM NON II**",
            "Đông Ba, ngày 01 tháng 6 năm 2022",
            "**KẾ HOẠCH HOẠT ĐỘNG CÔNG ĐOÀN**\n**Tháng 6/ 2022**\n**I. TÌNH HÌNH THÁNG 5/2022**\n- Đã tổ chức.",
        )
    )
    assert month["trich_yeu"] == "HOẠT ĐỘNG CÔNG ĐOÀN Tháng 6/ 2022"
    lower = _read(
        "[head_left]\n**BAN CHẤP HÀNH TRUNG ƯƠNG**\n***\nSố: 26-CTr/TWĐTN-VP\n[head_right]\n"
        "**ĐOÀN TNCS HỒ CHÍ MINH**\n*Hà Nội, ngày 19 tháng 5 năm 2021*\n[body]\n**CHƯƠNG TRÌNH HÀNH ĐỘNG**\n"
        "**CỦA ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH**\n"
        "**thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII**\n————\n"
        "Ban Chấp hành Trung ương Đoàn ban hành Chương trình hành động, cụ thể như sau:\n**I. MỤC ĐÍCH, YÊU CẦU**\n"
    )
    assert lower["trich_yeu"] == (
        "HÀNH ĐỘNG CỦA ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần "
        "thứ XIII"
    )


def test_a_part_heading_ends_a_subject_in_capitals() -> None:
    got = _read(
        _doc(
            "HỘI NÔNG DÂN TỈNH ĐỒNG THÁP\n**BCH HND HUYỆN THÁP MƯỜI**\nSố -BC/ĐH",
            "Tháp Mười, ngày tháng năm 2017",
            "**BÁO CÁO**\n**CỦA BAN CHẤP HÀNH HỘI NÔNG DÂN HUYỆN THÁP MƯỜI**\n**TẠI ĐẠI HỘI ĐẠI BIỂU LẦN THỨ IX**\n"
            "**PHẦN THỨ NHẤT**\n**ĐÁNH GIÁ KẾT QUẢ CÔNG TÁC HỘI**\n- Về cây lúa: diện tích tăng.",
        )
    )
    assert got["trich_yeu"] == "CỦA BAN CHẤP HÀNH HỘI NÔNG DÂN HUYỆN THÁP MƯỜI TẠI ĐẠI HỘI ĐẠI BIỂU LẦN THỨ IX"


def test_a_subject_that_opens_with_thuc_hien() -> None:
    text = (
        "[body]\n**CHƯƠNG TRÌNH**\n**Thực hiện Chỉ thị 13-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng**\n"
        "**đối với công tác quản lý, bảo vệ và phát triển rừng**\n"
        "Thực hiện Chỉ thị 13-CT/TW, ngày 12/01/2017 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng, Ban Thường vụ "
        "Tỉnh ủy ban hành chương trình thực hiện như sau:\n**I. MỤC ĐÍCH, YÊU CẦU**\n1. Nâng cao trách nhiệm.\n"
    )
    got = _read(text)
    assert got["trich_yeu"] == (
        "Thực hiện Chỉ thị 13-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng đối với công tác quản lý, bảo vệ "
        "và phát triển rừng"
    )
    assert got["can_cu"] == [{"so_ky_hieu": "13-CT/TW", "ngay": "2017-01-12", "co_quan": "Ban Bí thư"}]


def test_the_period_word_and_the_thuc_hien_subject_in_a_pdf_too() -> None:
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    weekly = _doc(
        "**BCĐ XD NÔNG THÔN MỚI**\n**XÃ TÂN HƯƠNG**",
        "Tân Hương, ngày 14 tháng 3 năm 2018",
        "**BÁO CÁO TUẦN**\n**Kết quả xây dựng NTM từ ngày 15 – 30/3/2018 và kế hoạch tuần tới**\n"
        "* Kết quả thực hiện trong 2 tuần qua:\n- Làm hàng rào khuôn viên sân vận động;",
    )
    programme = (
        "[body]\n**CHƯƠNG TRÌNH**\n**Thực hiện Chỉ thị 13-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng**\n"
        "**đối với công tác quản lý, bảo vệ và phát triển rừng**\n"
        "Thực hiện Chỉ thị 13-CT/TW, ngày 12/01/2017 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng đối với công "
        "tác quản lý, bảo vệ và phát triển rừng, Ban Thường vụ Tỉnh ủy ban hành chương trình thực hiện như sau:\n"
        "**I. MỤC ĐÍCH, YÊU CẦU**\n1. Nâng cao trách nhiệm.\n"
    )
    got = read_document(as_docx_and_pdf(weekly)["pdf"], "d.pdf").to_json_dict()
    assert got["trich_yeu"] == "Kết quả xây dựng NTM từ ngày 15 – 30/3/2018 và kế hoạch tuần tới"
    got = read_document(as_docx_and_pdf(programme)["pdf"], "d.pdf").to_json_dict()
    assert got["trich_yeu"].startswith("Thực hiện Chỉ thị 13-CT/TW của Ban Bí thư")
    assert got["trich_yeu"].endswith("đối với công tác quản lý, bảo vệ và phát triển rừng")
    assert got["can_cu"] == [{"so_ky_hieu": "13-CT/TW", "ngay": "2017-01-12", "co_quan": "Ban Bí thư"}]


# Issuer, place and date


def test_a_school_trade_union_under_its_parent() -> None:
    got = _read(
        _doc(
            "LIÊN ĐOÀN LAO ĐỘNG TP HUẾ\n**CĐCS MẦM NON II**",
            "Đông Ba, ngày 01 tháng 6 năm 2022",
            "**KẾ HOẠCH**\n**Hoạt động công đoàn tháng 6 năm 2022**\n**I. TÌNH HÌNH THÁNG 5/2022**\n- Đã tổ chức.",
        )
    )
    assert got["co_quan_ban_hanh"] == "CĐCS Mầm non II"


def test_a_steering_committee_writes_its_field_in_lower_case() -> None:
    from tasks.reading.orgnames import sentence_case

    got = _read(
        _doc(
            "**BCĐ XD NÔNG THÔN MỚI**\n**XÃ TÂN HƯƠNG**",
            "Tân Hương, ngày 14 tháng 3 năm 2018",
            "**BÁO CÁO**\n**Kết quả xây dựng nông thôn mới tháng 3 năm 2018**\n- Làm hàng rào;",
        )
    )
    assert got["co_quan_ban_hanh"] == "BCĐ XD nông thôn mới xã Tân Hương"
    assert sentence_case("BAN CHỈ ĐẠO XÂY DỰNG NÔNG THÔN MỚI XÃ TÂN HƯƠNG") == (
        "Ban Chỉ đạo xây dựng nông thôn mới xã Tân Hương"
    )


def test_a_place_and_date_with_ngay_in_capitals() -> None:
    got = _read(
        _doc(
            "PHÒNG GD&ĐT KRÔNG NÔ\n**TRƯỜNG TIỂU HỌC TRẦN QUỐC TOẢN**\nSố: 12/KH-THTQT",
            "Tân Thành, Ngày 05 tháng 9 năm 2012",
            "**KẾ HOẠCH**\n**Kiểm tra nội bộ năm học 2012 – 2013**\n**I. Mục đích, yêu cầu**\nKiểm tra nội bộ.",
        )
    )
    assert (got["dia_danh"], got["ngay_ban_hanh"]) == ("Tân Thành", "2012-09-05")


def test_a_cong_van_header_a_pdf_reads_as_rows_of_two_columns() -> None:
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = (
        "[head_left]\n**BỘ GIÁO DỤC VÀ ĐÀO TẠO**\nSố:    /BGDĐT- GDMN\nV/v: Hướng dẫn thực hiện nhiệm vụ\n"
        "Năm học 2007- 2008\nbậc học Mầm non\n[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "**Độc lập – Tự do – Hạnh phúc**\n*Hà Nội, ngày 10 tháng 8 năm 2007*\n**Dự thảo**\n[body]\n"
        "Kính gửi: Các sở giáo dục – đào tạo\n"
        "Căn cứ quyết định số 38/2007/QĐ-BGDĐT, ngày 31/7/2007 của Bộ trưởng Bộ Giáo dục và Đào tạo về kế hoạch.\n"
        "Bộ Giáo dục và Đào tạo hướng dẫn các Sở Giáo dục – Đào tạo như sau:\n**I- PHƯƠNG HƯỚNG CHUNG:**\n"
    )
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["loai_van_ban"], got["dia_danh"], got["ngay_ban_hanh"], got["trich_yeu"]) == (
            "Công văn",
            "Hà Nội",
            "2007-08-10",
            "Hướng dẫn thực hiện nhiệm vụ Năm học 2007- 2008 bậc học Mầm non",
        ), kind


def test_a_report_titled_by_a_slogan_with_its_type_in_brackets_under_it() -> None:
    got = _read(
        _doc(
            "HỘI NÔNG DÂN BỐ TRẠCH\n**BCH HỘI NÔNG DÂN TÂY TRẠCH**\n***",
            "Tây Trạch, ngày tháng năm 2018",
            "**DỰ THẢO**\n**“ XÂY DỰNG TỔ CHỨC HỘI NÔNG DÂN XÃ TÂY TRẠCH VỮNG MẠNH”**\n"
            "*(Báo cáo chính trị của Ban Chấp hành Hội Nông dân xã khoá XII, tại Đại hội đại biểu lần thứ XIII)*\n"
            "Thực hiện Nghị quyết Đại hội Hội nông dân xã lần thứ XII, các hoạt động có nhiều chuyển biến.",
        )
    )
    assert got["loai_van_ban"] == "Báo cáo"


def test_the_slogan_report_and_the_wrapped_vv_in_the_other_header_layouts() -> None:
    from tasks.reading.parse import read_document
    from tests.docbuild import build_docx, parse_doc_text

    report = parse_doc_text(
        _doc(
            "HỘI NÔNG DÂN QUẢNG BÌNH\nHỘI NÔNG DÂN BỐ TRẠCH\n**BCH HỘI NÔNG DÂN TÂY TRẠCH**\n***",
            "Tây Trạch, ngày tháng năm 2018",
            "**DỰ THẢO**\n**“ XÂY DỰNG TỔ CHỨC HỘI NÔNG DÂN XÃ TÂY TRẠCH VỮNG MẠNH”**\n"
            "*(Báo cáo chính trị của Ban Chấp hành Hội Nông dân xã khoá XII, tại Đại hội đại biểu lần thứ XIII)*\n"
            "Thực hiện Nghị quyết Đại hội Hội nông dân xã lần thứ XII, các hoạt động có nhiều chuyển biến.",
        )
    )
    letter = parse_doc_text(
        "[head_left]\n**BỘ GIÁO DỤC VÀ ĐÀO TẠO**\nSố:    /BGDĐT- GDMN\nV/v: Hướng dẫn thực hiện nhiệm vụ\n"
        "Năm học 2007- 2008\nbậc học Mầm non\n[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "**Độc lập – Tự do – Hạnh phúc**\n*Hà Nội, ngày 10 tháng 8 năm 2007*\n**Dự thảo**\n[body]\n"
        "Kính gửi: Các sở giáo dục – đào tạo\nBộ Giáo dục và Đào tạo hướng dẫn như sau:\n"
    )
    for header in ("plain", "tabs"):
        got = read_document(build_docx(report, header=header), "d.docx").to_json_dict()
        assert (got["loai_van_ban"], got["co_quan_ban_hanh"]) == ("Báo cáo", "BCH Hội Nông dân Tây Trạch"), header
        got = read_document(build_docx(letter, header=header), "d.docx").to_json_dict()
        assert got["trich_yeu"] == "Hướng dẫn thực hiện nhiệm vụ Năm học 2007- 2008 bậc học Mầm non", header


def test_a_motto_that_lost_letters_or_dashes_on_the_page() -> None:
    from tasks.reading.parse import read_document
    from tasks.reading.patterns import QUOC_HIEU, TIEU_NGU
    from tests.tasks.reading.kinds import as_docx_and_pdf

    assert QUOC_HIEU.search("CỘNG HỊA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert QUOC_HIEU.search("CỘNG HÒA XàHỘI CHỦ NGHĨA VIỆT NAM")
    assert TIEU_NGU.search("Độc lập  Tự do  Hạnh phúc")
    text = (
        "# layout: header=tabs\n[head_left]\nPHỊNG GD&ĐT KRƠNG NƠ\n**TRƯỜNG TIỂU HỌC TRẦN QUỐC TOẢN**\n"
        "Số: 12/KH-THTQT\n[head_right]\n**CỘNG HỊA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập – Tự do – Hạnh phúc**\n"
        "*Tân Thành, Ngày 05 tháng 9 năm 2012*\n[body]\n**KẾ HOẠCH**\n**Kiểm tra nội bộ năm học 2012 – 2013**\n"
        "- Căn cứ Hướng dẫn 5937/BGDĐT-GDTH ngày 20/8/2012 của Bộ Giáo dục và Đào tạo về việc hướng dẫn.\n"
        "**I. Mục đích, yêu cầu**\nKiểm tra nội bộ trường học.\n"
    )
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["so_ky_hieu"], got["co_quan_ban_hanh"], got["dia_danh"], got["ngay_ban_hanh"]) == (
            "12/KH-THTQT",
            "Trường Tiểu học Trần Quốc Toản",
            "Tân Thành",
            "2012-09-05",
        ), kind
