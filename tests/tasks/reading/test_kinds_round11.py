"""One test per kind of header, subject and căn cứ fault the eleventh held-out round (bench/holdout11) showed on
its first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO, read_text, refs

# Number


def test_a_number_with_a_dot_in_it() -> None:
    # "Số: 66.17/2026/NQ-CP": the dot belongs to the number, in the header and in a căn cứ
    text = f"""[head_left]
**CHÍNH PHỦ**
Số: 12.05/2026/NQ-CP
[head_right]
{MOTTO}
*Hà Nội, ngày 15 tháng 5 năm 2026*
[body]
**NGHỊ QUYẾT**
**Về việc điều chỉnh danh mục ngành, nghề**
Căn cứ Nghị quyết số 31.02/2025/NQ-CP của Chính phủ về cải cách thủ tục hành chính;
**Điều 1. Phạm vi điều chỉnh**
"""
    got = read_text(text)
    assert got["so_ky_hieu"] == "12.05/2026/NQ-CP"
    assert refs("Căn cứ Nghị quyết số 31.02/2025/NQ-CP của Chính phủ về cải cách thủ tục hành chính;") == [
        ("31.02/2025/NQ-CP", None, "Chính phủ")
    ]


# Subject


def test_a_subject_in_capitals_ending_on_its_period_in_brackets() -> None:
    # "… TRÊN ĐỊA BÀN TỈNH" / "(Giai đoạn: 2021- 2025)" in italics: the period is the subject's last line, in .docx and
    # in its PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
ỦY BAN NHÂN DÂN
**TỈNH NAM ĐỊNH**
Số: 21/KH-UBND
[head_right]
{MOTTO}
*Nam Định, ngày 05 tháng 3 năm 2021*
[body]
**KẾ HOẠCH**
**PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG TRÊN ĐỊA BÀN TỈNH**
*(Giai đoạn: 2021- 2025)*
Thực hiện Quyết định số 12/QĐ-TTg ngày 10/01/2021 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành:
**I. MỤC ĐÍCH, YÊU CẦU**
"""
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert got["trich_yeu"] == "PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG TRÊN ĐỊA BÀN TỈNH (Giai đoạn: 2021- 2025)", kind


def test_a_presidiums_authority_line_ends_a_decisions_subject() -> None:
    # "VỀ VIỆC …" / "ĐOÀN CHỦ TỊCH TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" / "Căn cứ …": the presidium's line is the authority
    # that decides, as "BỘ TRƯỞNG BỘ …" or "BAN THƯỜNG VỤ …" is, not the subject's last line
    text = f"""[head_left]
**LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN**
Số: 88/QĐ-LĐLĐ
[head_right]
{MOTTO}
*Nghệ An, ngày 10 tháng 4 năm 2019*
[body]
**QUYẾT ĐỊNH**
**VỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC CỦA CƠ QUAN**
**ĐOÀN CHỦ TỊCH LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN**
Căn cứ Điều lệ Công đoàn Việt Nam;
Xét đề nghị của Văn phòng Liên đoàn Lao động tỉnh,
**QUYẾT ĐỊNH**
Điều 1. Ban hành Quy chế làm việc của cơ quan.
"""
    assert read_text(text)["trich_yeu"] == "VỀ VIỆC BAN HÀNH QUY CHẾ LÀM VIỆC CỦA CƠ QUAN"


def test_a_word_after_the_type_and_the_subject_set_under_it_as_a_title() -> None:
    # "BÁO CÁO THÀNH TÍCH" / "Phong trào hoạt động … năm 2021" / "Đề nghị UBND xã … tặng Giấy khen" (bold), then
    # "Kính gửi": the word after the type and the two title lines are the subject; in .docx and in its PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
HỘI NÔNG DÂN XÃ AN BÌNH
**CHI HỘI THÔN ĐÔNG HÀ**
[head_right]
{MOTTO}
*Đông Hà, ngày 20 tháng 01 năm 2022*
[body]
**BÁO CÁO THÀNH TÍCH**
**Phong trào thi đua của Chi hội thôn Đông Hà năm 2021**
**Đề nghị UBND xã An Bình tặng Giấy khen**
Kính gửi: Hội đồng thi đua khen thưởng xã An Bình
Năm 2021 Chi hội thôn Đông Hà đạt được một số thành tích như sau:
"""
    want = "THÀNH TÍCH Phong trào thi đua của Chi hội thôn Đông Hà năm 2021 Đề nghị UBND xã An Bình tặng Giấy khen"
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["loai_van_ban"], got["trich_yeu"]) == ("Báo cáo", want), kind


# Căn cứ


def test_an_issuers_term_in_brackets_is_part_of_its_name() -> None:
    # "của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam (khóa VIII) về …": the term says which presidium, as
    # "Ban Chấp hành Trung ương Đảng khóa XII" does; a short form in brackets ("(UBND)") is still dropped
    assert refs(
        "Căn cứ Nghị quyết số 05/NQ-ĐCT ngày 22 tháng 11 năm 2000 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam "
        "(khóa VIII) về “Đổi mới công tác thông tin, báo cáo;"
    ) == [("05/NQ-ĐCT", "2000-11-22", "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam (khóa VIII)")]
    assert refs("Căn cứ Nghị quyết số 09-NQ/TU ngày 12/3/2021 của Ban Chấp hành Đảng bộ tỉnh (khoá XX);") == [
        ("09-NQ/TU", "2021-03-12", "Ban Chấp hành Đảng bộ tỉnh (khoá XX)")
    ]
    assert refs("Căn cứ Quyết định số 15/QĐ-UBND ngày 12/3/2021 của Ủy ban nhân dân (UBND) tỉnh Quảng Nam về;") == [
        ("15/QĐ-UBND", "2021-03-12", "Ủy ban nhân dân tỉnh Quảng Nam")
    ]


# Issuer


def test_a_village_branch_under_a_communes_association() -> None:
    # "HỘI LHPN XÃ AN BÌNH" / "CHI HỘI PN THÔN ĐÔNG HÀ": the branch issues, its parent is the association; the village
    # is a level, written in lower case as "xã" is; in .docx and in its PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
HỘI LHPN XÃ AN BÌNH
**CHI HỘI PN THÔN ĐÔNG HÀ**
[head_right]
{MOTTO}
*Đông Hà, ngày 20 tháng 01 năm 2022*
[body]
**BÁO CÁO**
**Kết quả hoạt động năm 2021**
**A. ĐẶC ĐIỂM TÌNH HÌNH**
"""
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Chi hội PN thôn Đông Hà", kind


# Place and date


def test_a_date_whose_day_is_typed_onto_the_month_word() -> None:
    # "Đông Mai, ngày 22tháng 01 năm 2022": no space after the day, in .docx and in its PDF
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
**ỦY BAN NHÂN DÂN XÃ AN BÌNH**
Số: 12/BC-UBND
[head_right]
{MOTTO}
*An Bình, ngày 22tháng 01 năm 2022*
[body]
**BÁO CÁO**
**Kết quả công tác năm 2021**
**I. ĐẶC ĐIỂM TÌNH HÌNH**
"""
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["dia_danh"], got["ngay_ban_hanh"]) == ("An Bình", "2022-01-22"), kind


def test_a_can_cu_whose_cu_the_page_lost() -> None:
    # "Căn công văn 167/… ngày …", "Căn vào công văn số 804/… ngày …": "Căn cứ" with "cứ" lost, known by the document
    # named straight after; a letter's type in lower case with no "số" is still its type
    from tasks.reading.cancu import read_can_cu
    from tasks.reading.lines import Line

    def cited(*texts: str) -> list[tuple]:
        lines = [Line(t, "body", None, None, None) for t in texts]
        return [(r["so_ky_hieu"], r["ngay"], r["co_quan"]) for r in read_can_cu(lines, 0)]

    assert cited(
        "Căn công văn 167/SGD&ĐT-VP ngày 17/01/2013 việc triển khai thực hiện “Năm giáo dục vùng khó khăn”;",
        "Căn vào công văn số 804/HD-PGD-ĐT ngày 01/11/2013 V/v triển khai năm học 2013- 2014;",
        "Căn tình hình thực tế của địa phương, Ủy ban nhân dân xã xây dựng Kế hoạch như sau:",
    ) == [("167/SGD&ĐT-VP", "2013-01-17", None), ("804/HD-PGD-ĐT", "2013-11-01", None)]
    assert refs("Căn cứ công văn 52/UBND-VX ngày 03/02/2020 của Ủy ban nhân dân huyện;") == [
        ("52/UBND-VX", "2020-02-03", "Ủy ban nhân dân huyện")
    ]
    # an ordinary sentence opening with "Căn" is not a citation
    assert cited("Căn nhà số 12/4 đường Lê Lợi được sửa theo Quyết định số 15/QĐ-UBND ngày 02/3/2020;") == []
