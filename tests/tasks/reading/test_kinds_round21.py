"""One test per kind of fault the twenty-first and twenty-second held-out rounds (bench/holdout21, bench/holdout22)
showed on their first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.orgnames import as_written, sentence_case
from tasks.reading.parse import read_document
from tasks.reading.vndates import extract_deadlines
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

# Issuer


def test_a_provincial_tax_office_under_the_tax_department_is_the_issuer() -> None:
    # since 2025 "CỤC THUẾ" over "THUẾ TỈNH TÂY NINH": two bodies, the one under issues
    text = f"""[head_left]
CỤC THUẾ
**THUẾ TỈNH TÂY NINH**
Số: 3257/TNI-QLDN1
*V/v thuế suất thuế GTGT*
[head_right]
{MOTTO}
*Tây Ninh, ngày 01 tháng 12 năm 2025*
[body]
Kính gửi: Các doanh nghiệp trên địa bàn tỉnh.
Thuế tỉnh Tây Ninh nhận được công văn của các doanh nghiệp.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["co_quan_ban_hanh"], got["so_ky_hieu"]) == ("Thuế tỉnh Tây Ninh", "3257/TNI-QLDN1"), fmt


def test_a_school_named_with_its_number_is_not_a_number_line() -> None:
    # "TRƯỜNG TH SỐ 2 QUẢNG PHÚ" over "Số: /KH-THS2QP": the school's name holds "SỐ 2"; the number line is below
    text = f"""[head_left]
PHÒNG GD& ĐT QUẢNG TRẠCH
**TRƯỜNG TH SỐ 2 QUẢNG PHÚ**
Số:   15/KH- THS2QP
[head_right]
{MOTTO}
*Quảng Phú, ngày 17 tháng 12 năm 2020*
[body]
**KẾ HOẠCH**
**Tham gia Hội khỏe Phù Đổng cấp huyện**
Nhà trường hướng dẫn Ban hoạt động ngoài giờ lên lớp chuẩn bị tốt các điều kiện.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["co_quan_ban_hanh"], got["so_ky_hieu"]) == ("Trường TH số 2 Quảng Phú", "15/KH-THS2QP"), fmt
    assert sentence_case("TRƯỜNG MẦM NON SỐ 1") == "Trường Mầm non số 1"


def test_a_sentence_that_keeps_the_headers_capitals_is_not_how_the_name_is_written() -> None:
    # "… Trường THCS AN PHÚ xây dựng Kế hoạch …": the text copied the header's capitals; the rules write it
    body = "Thực hiện Kế hoạch của quận, Trường THCS AN PHÚ xây dựng Kế hoạch tổ chức giải thể thao cấp trường."
    assert as_written("TRƯỜNG THCS AN PHÚ", body) == "Trường THCS An Phú"
    # a text that writes it as a name keeps its spelling, abbreviations in capitals and all
    assert as_written("TRƯỜNG THPT CHUYÊN LÊ QUÝ ĐÔN", "Trường THPT chuyên Lê Quý Đôn tổ chức") == (
        "Trường THPT chuyên Lê Quý Đôn"
    )


# Deadlines


def test_an_allowance_paid_monthly_is_no_monthly_report() -> None:
    # round 20's labour ministry letter: "Kinh phí chi trả trợ cấp hàng tháng …: Căn cứ …" with a report named far on
    # in the sentence; the period is the allowance's, not a report's (the follow-up would have opened one every month)
    sentence = (
        "Kinh phí chi trả trợ cấp hàng tháng và các khoản trợ cấp 1 lần theo chế độ thường xuyên: Căn cứ Nghị định số "
        "31/2013/NĐ-CP ngày 09/4/2013 của Chính phủ quy định chi tiết, hướng dẫn thi hành một số điều của Pháp lệnh "
        "ưu đãi người có công với cách mạng; các Sở lập dự toán theo đối tượng và mức trợ cấp, đánh giá tình hình "
        "thực hiện năm 2019."
    )
    assert [d for d in extract_deadlines([sentence]) if d["kind"] == "periodic_report"] == []
    # a report named beside its period still is one
    got = extract_deadlines(["Định kỳ hằng tháng, các Sở báo cáo kết quả về Bộ trước ngày 20."])
    assert [(d["kind"], d["period"], d["day"]) for d in got] == [("periodic_report", "monthly", 20)]
