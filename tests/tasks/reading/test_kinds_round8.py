"""One test per kind of fault the eighth held-out round (bench/holdout8) showed on its first run, each written
small and apart from the documents it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO
from tests.tasks.reading.kinds import read_text as _read

# Căn cứ


def test_a_proposal_after_xet_and_another_ground() -> None:
    # "Xét tình hình thực tế ở địa phương và theo đề nghị của … tại Công văn số …": the proposal is a căn cứ
    text = f"""[head_left]
ỦY BAN NHÂN DÂN
**TỈNH HÀ NAM**
Số: 12/QĐ-UBND
[head_right]
{MOTTO}
*Hà Nam, ngày 08 tháng 9 năm 2015*
[body]
**QUYẾT ĐỊNH**
**VỀ VIỆC BAN HÀNH QUY ĐỊNH BẦU TRƯỞNG THÔN**
**ỦY BAN NHÂN DÂN TỈNH HÀ NAM**
*Căn cứ Nghị định số 79/2003/NĐ-CP ngày 07/7/2003 của Chính phủ ban hành Quy chế thực hiện dân chủ ở xã;*
*Xét tình hình thực tế ở địa phương và theo đề nghị của Giám đốc Sở Nội vụ tại Công văn số 718/SNV ngày 19/8/2015,*
**QUYẾT ĐỊNH**
**Điều 1.** Ban hành kèm theo Quyết định này bản Quy định.
"""
    assert [c["so_ky_hieu"] for c in _read(text)["can_cu"]] == ["79/2003/NĐ-CP", "718/SNV"]
    assert _read(text)["can_cu"][1]["co_quan"] == "Giám đốc Sở Nội vụ"


# Type and subject


def test_a_type_line_that_repeats_the_number() -> None:
    # "QUYẾT ĐỊNH 24/2021/QĐ-TTg" (a site's copy): the number is not the subject, the next line is
    text = f"""[head_left]
**THỦ TƯỚNG CHÍNH PHỦ**
Số: 24/2021/QĐ-TTg
[head_right]
{MOTTO}
*Hà Nội, ngày 16 tháng 7 năm 2021*
[body]
**QUYẾT ĐỊNH 24/2021/QĐ-TTg**
**QUY ĐỊNH QUY TRÌNH RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO HẰNG NĂM**
*Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo;*
Thủ tướng Chính phủ ban hành Quyết định quy định quy trình rà soát hộ nghèo.
"""
    got = _read(text)
    assert (got["loai_van_ban"], got["trich_yeu"]) == (
        "Quyết định",
        "QUY ĐỊNH QUY TRÌNH RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO HẰNG NĂM",
    )
    assert got["so_ky_hieu"] == "24/2021/QĐ-TTg"


# Issuer


def test_a_bare_peoples_committee_named_by_its_authority_line_not_by_its_subject() -> None:
    # the subject in capitals names "ỦY BAN NHÂN DÂN QUẬN, HUYỆN": the issuer is the authority line's
    text = """[head_left]
ỦY BAN NHÂN DÂN
Số: 30/2018/QĐ-UBND
[head_right]
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
*Hải Phòng, ngày 09 tháng 10 năm 2018*
[body]
**QUYẾT ĐỊNH**
**BAN HÀNH QUY ĐỊNH VỀ TRÁCH NHIỆM CỦA NGƯỜI ĐỨNG ĐẦU CÁC SỞ, ỦY BAN NHÂN DÂN QUẬN, HUYỆN TRONG CẢI CÁCH**
**ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG**
*Căn cứ Nghị định số 34/2011/NĐ-CP ngày 17 tháng 5 năm 2011 của Chính phủ quy định về xử lý kỷ luật;*
**QUYẾT ĐỊNH:**
**Điều 1.** Ban hành kèm theo Quyết định này Quy định trách nhiệm.
"""
    assert _read(text)["co_quan_ban_hanh"] == "Ủy ban nhân dân thành phố Hải Phòng"


def test_a_school_named_in_lower_case_mid_sentence() -> None:
    # "TRƯỜNG THPT CHUYÊN" / "LÊ QUÝ ĐÔN" in the header, "… , trường THPT chuyên Lê Quý Đôn xây dựng …" in the text:
    # the text's spelling, its first letter as a name begins
    text = f"""[head_left]
SỞ GD&ĐT QUẢNG TRỊ
**TRƯỜNG THPT CHUYÊN**
**LÊ QUÝ ĐÔN**
Số: 12/KH-LQĐ
[head_right]
{MOTTO}
*Đông Hà, ngày 15 tháng 9 năm 2020*
[body]
**KẾ HOẠCH**
**HOẠT ĐỘNG GIÁO DỤC NGOÀI GIỜ LÊN LỚP NĂM HỌC 2020 – 2021**
Căn cứ vào tình hình thực tiễn của trường, trường THPT chuyên Lê Quý Đôn xây dựng kế hoạch như sau:
**I. MỤC ĐÍCH, YÊU CẦU**
"""
    assert _read(text)["co_quan_ban_hanh"] == "Trường THPT chuyên Lê Quý Đôn"


def test_a_national_name_wrapped_beside_a_long_one_line_issuer() -> None:
    # a PDF of a header typed with a tab: "UỶ BAN NHÂN DÂN TỈNH LÀO CAI <tab> CỘNG HOÀ XÃ HỘI CHỦ NGHĨA" and "VIỆT NAM"
    # wrapped under it at the left margin: "VIỆT NAM" is the national name's, not the issuer's
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = (
        "# layout: header=tabs\n[head_left]\n**UỶ BAN NHÂN DÂN TỈNH LÀO CAI**\n-----\nSố: 08/2008/QĐ-UBND\n"
        "[head_right]\n**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n-------\n"
        "*Lào Cai, ngày 26 tháng 02 năm 2008*\n[body]\n**QUYẾT ĐỊNH**\n**BAN HÀNH QUY ĐỊNH VỀ CHÍNH SÁCH HỖ TRỢ**\n"
        "**UỶ BAN NHÂN DÂN TỈNH LÀO CAI**\n*Căn cứ Nghị định số 56/2002/NĐ-CP ngày 15/5/2002 của Chính phủ về tổ chức "
        "cai nghiện;*\n**QUYẾT ĐỊNH:**\n**Điều 1.** Ban hành kèm theo quyết định này.\n"
    )
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["co_quan_ban_hanh"], got["so_ky_hieu"], got["dia_danh"]) == (
            "Uỷ ban nhân dân tỉnh Lào Cai",
            "08/2008/QĐ-UBND",
            "Lào Cai",
        ), kind


def test_a_header_line_touching_the_slogan_in_a_pdf() -> None:
    # a PDF of a header typed with a tab too short: "TRƯỜNG THPT CHUYÊNĐộc lập - Tự do - Hạnh phúc", the two columns
    # touching inside one word: parted where a word in capitals runs into the slogan (or the place and date)
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = (
        "# layout: header=tabs\n[head_left]\nSỞ GD&ĐT QUẢNG TRỊ\n**TRƯỜNG THPT CHUYÊN**\n**LÊ QUÝ ĐÔN**\n"
        "Số: 12/KH-LQĐ\n[head_right]\n" + MOTTO + "\n*Đông Hà, ngày 15 tháng 9 năm 2020*\n[body]\n**KẾ HOẠCH**\n"
        "**HOẠT ĐỘNG GIÁO DỤC NGOÀI GIỜ LÊN LỚP NĂM HỌC 2020 – 2021**\n"
        "Căn cứ vào tình hình thực tiễn của trường, trường THPT chuyên Lê Quý Đôn xây dựng kế hoạch như sau:\n"
        "**I. MỤC ĐÍCH, YÊU CẦU**\nGiáo dục học sinh.\n"
    )
    for kind, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{kind}").to_json_dict()
        assert (got["co_quan_ban_hanh"], got["so_ky_hieu"], got["dia_danh"], got["ngay_ban_hanh"]) == (
            "Trường THPT chuyên Lê Quý Đôn",
            "12/KH-LQĐ",
            "Đông Hà",
            "2020-09-15",
        ), kind
