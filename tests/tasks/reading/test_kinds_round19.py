"""One test per kind of fault the nineteenth held-out round (bench/holdout19, local issuers) showed on its first
run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.orgnames import sentence_case
from tasks.reading.parse import read_document
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

# Issuer


def test_the_school_a_unit_belongs_to_is_a_common_noun_in_its_name() -> None:
    # "CHI ĐOÀN TRƯỜNG TH QUANG TRUNG": the Youth Union branch of the school; "trường" in lower case, as in
    # "CĐCS trường THPT Ngọc Tố"; a school's own name keeps its capital
    assert sentence_case("CHI ĐOÀN TRƯỜNG TH QUANG TRUNG") == "Chi đoàn trường TH Quang Trung"
    assert sentence_case("CHI BỘ TRƯỜNG THCS AN PHÚ") == "Chi bộ trường THCS An Phú"
    assert sentence_case("CĐCS TRƯỜNG THPT NGỌC TỐ") == "CĐCS trường THPT Ngọc Tố"
    assert sentence_case("TRƯỜNG MẦM NON VẠN GIÃ") == "Trường Mầm non Vạn Giã"


def test_a_pioneer_brigade_under_its_council_with_the_pioneers_motto() -> None:
    # "HĐĐ HUYỆN ĐỒNG HỶ" / "LIÊN ĐỘI THCS MINH LẬP" beside "ĐỘI TNTP HỒ CHÍ MINH"; the month's theme under the
    # subject is not part of it
    text = """[head_left]
HĐĐ HUYỆN ĐỒNG HỶ
**LIÊN ĐỘI THCS MINH LẬP**
Số:    /KH-LĐ
[head_right]
**ĐỘI TNTP HỒ CHÍ MINH**
*Minh Lập, ngày 27 tháng 11 năm 2019*
[body]
**KẾ HOẠCH**
**Công tác Đội và phong trào thiếu nhi tháng 12 năm học 2019 - 2020**
Chủ đề: “Tự hào anh bộ đội cụ Hồ”
1. Tổ chức sơ kết tháng 11, triển khai kế hoạch công tác tháng 12.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["co_quan_ban_hanh"], got["ngay_ban_hanh"], got["so_ky_hieu"]) == (
            "Liên đội THCS Minh Lập",
            "2019-11-27",
            None,
        ), fmt
        assert got["trich_yeu"] == "Công tác Đội và phong trào thiếu nhi tháng 12 năm học 2019 - 2020", fmt


def test_a_school_written_in_lower_case_under_its_parent_in_capitals_is_the_issuer() -> None:
    text = f"""[head_left]
UỶ BAN NHÂN DÂN THỊ XÃ BUÔN HỒ
**Trường PTDTNT THCS TX Buôn Hồ**
Số:  38    /KH-DTNT
[head_right]
{MOTTO}
*An Lạc, ngày 03 tháng 10 năm 2018*
[body]
**KẾ HOẠCH**
**Kiểm tra nội bộ năm học 2018 – 2019**
1. MỤC ĐÍCH, YÊU CẦU
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert (got["co_quan_ban_hanh"], got["so_ky_hieu"]) == ("Trường PTDTNT THCS TX Buôn Hồ", "38/KH-DTNT"), fmt


# Subject


def test_a_first_section_numbered_with_a_dash_ends_the_subject() -> None:
    text = """[head_left]
ĐOÀN TNCS HỒ CHÍ MINH
**CHI ĐOÀN TRƯỜNG THCS KHÁNH THƯỢNG**
[head_right]
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
*Khánh Thượng, ngày 05 tháng 09 năm 2020*
[body]
**KẾ HOẠCH HOẠT ĐỘNG CHI ĐOÀN**
**NĂM HỌC 2020 – 2021**
**I – CĂN CỨ LẬP KẾ HOẠCH**
- Căn cứ kế hoạch, nhiệm vụ của nhà trường năm học 2020 – 2021
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["trich_yeu"] == "HOẠT ĐỘNG CHI ĐOÀN NĂM HỌC 2020 – 2021", fmt
        assert got["co_quan_ban_hanh"] == "Chi đoàn trường THCS Khánh Thượng", fmt
