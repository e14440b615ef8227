"""One test per kind of header, subject, issuer, căn cứ and signature fault the twelfth held-out round
(bench/holdout12) showed on its first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tests.tasks.reading.kinds import MOTTO, read_text, refs

# Subject


def test_a_section_numbered_with_a_slash_ends_the_subject() -> None:
    # "BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ" / "THỰC HIỆN CÔNG TÁC PCGD" / "I/ ĐẶC ĐIỂM TÌNH HÌNH …": the body's first section,
    # numbered "I/" (or "I/-", "1/"), is not the subject going on
    for number in ("I/", "I/-", "1/"):
        text = f"""[head_left]
UBND XÃ ĐỨC BÌNH
**BCĐ PCGD**
Số 07/BC-PCGD
[head_right]
{MOTTO}
*Đức Bình, ngày 10 tháng 10 năm 2008*
[body]
**BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ**
**THỰC HIỆN CÔNG TÁC PHỔ CẬP GIÁO DỤC**
{number} ĐẶC ĐIỂM TÌNH HÌNH, THUẬN LỢI - KHÓ KHĂN.
**1. Đặc điểm tình hình.**
Xã có diện tích tự nhiên là 7.710 ha.
"""
        got = read_text(text)
        assert got["trich_yeu"] == "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC PHỔ CẬP GIÁO DỤC", number


def test_a_decision_whose_type_line_is_lost_takes_its_subject_from_the_first_line() -> None:
    # no "QUYẾT ĐỊNH" type line: "BAN HÀNH QUY ĐỊNH …" straight under the header, the authority line, căn cứ lines
    # the page cut at their start, "QUYẾT ĐỊNH:" and then "Điều 2. …": the formula is not the type line, and the
    # article is not the subject
    text = """[head_left]
**ỦY BAN NHÂN DÂN**
Số: 17/2020/QĐ-UBND
[head_right]
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
*Quảng Bình, ngày 12 tháng 5 năm 2020*
[body]
**BAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH QUẢNG BÌNH**
**ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH**
ức chính quyền địa phương ngày 19 tháng 6 năm 2015;
ố 68/2017/NĐ-CP ngày 25 tháng 5 năm 2017 của Chính phủ về quản lý, phát triển cụm công nghiệp;
**QUYẾT ĐỊNH:**
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 25/5/2020.
[foot_left]
- Như Điều 3;
[foot_right]
**TM. ỦY BAN NHÂN DÂN**
"""
    got = read_text(text)
    assert got["loai_van_ban"] == "Quyết định"
    assert got["trich_yeu"] == "BAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH QUẢNG BÌNH"
    assert got["co_quan_ban_hanh"] == "Ủy ban nhân dân tỉnh Quảng Bình"


def test_a_decision_whose_type_line_is_lost_under_a_header_of_loose_lines() -> None:
    # the same decision with its header typed as loose lines, not a table: the subject is the first line after the
    # number, the motto and the place and date
    from tasks.reading.parse import read_document
    from tests.docbuild import build_docx, parse_doc_text

    text = """[head_left]
**ỦY BAN NHÂN DÂN**
Số: 17/2020/QĐ-UBND
[head_right]
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
*Quảng Bình, ngày 12 tháng 5 năm 2020*
[body]
**BAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH QUẢNG BÌNH**
**ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH**
ức chính quyền địa phương ngày 19 tháng 6 năm 2015;
**QUYẾT ĐỊNH:**
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 25/5/2020.
"""
    got = read_document(build_docx(parse_doc_text(text), header="plain"), "d.docx").to_json_dict()
    assert got["trich_yeu"] == "BAN HÀNH QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH QUẢNG BÌNH"


# Issuer


def test_a_text_whose_tone_marks_came_loose_does_not_spell_the_issuer() -> None:
    # "SỞ GIÁO DỤC VÀ ĐÀO TẠO" over a text whose marks the page detached from their letters ("Sở Giao duc và Đao
    # tao. ́ ̣ ̀ ̣"): the text's spelling lost the name's marks, it does not win over the header's
    text = f"""[head_left]
UBND TỈNH NINH THUẬN
**SỞ GIÁO DỤC VÀ ĐÀO TẠO**
Số: 2918/SGDĐT-VP
V/v báo cáo tinh hình thiêt hai do lũ lụt
[head_right]
{MOTTO}
*Phan Rang-Tháp Chàm, ngày 06 tháng 11 năm 2010*
[body]
Kính gửi: Bộ Giao duc và Đao tao. \u0301 \u0323 \u0300 \u0323
Sở Giao duc và Đao tao bao cao như sau: \u0301 \u0301 \u0300 \u0301 \u0323
"""
    assert read_text(text)["co_quan_ban_hanh"] == "Sở Giáo dục và Đào tạo"


def test_tone_marks_set_apart_from_their_letters_are_dropped() -> None:
    # "thiêt hai ̀ ̣ ̣ do lũ lụt": a PDF's text whose tone marks came loose and stand after a space, with no letter to
    # sit on and nothing to say whose they were; the subject is read without them
    text = f"""[head_left]
UBND TỈNH NINH THUẬN
**SỞ GIÁO DỤC VÀ ĐÀO TẠO**
Số: 2919/SGDĐT-VP
V/v báo cáo nhanh tinh hình thiêt hai \u0300 \u0323 \u0323 do lũ lụt cua nganh Giao duc. \u0309 \u0300
[head_right]
{MOTTO}
*Phan Rang-Tháp Chàm, ngày 07 tháng 11 năm 2010*
[body]
Kính gửi: Ủy ban nhân dân tỉnh Ninh Thuận.
"""
    assert read_text(text)["trich_yeu"] == "báo cáo nhanh tinh hình thiêt hai do lũ lụt cua nganh Giao duc"


# Căn cứ


def test_a_document_named_in_passing_then_cited_on_its_own_line() -> None:
    # "Căn cứ Kết luận số … về tiếp tục thực hiện Chỉ thị số 42-CT/TW … của Ban Bí thư …;" then "Căn cứ Chỉ thị số
    # 42-CT/TW … của Ban Bí thư Trung ương Đảng …": the Chỉ thị's own line says its issuer
    text = f"""[head_left]
**CHÍNH PHỦ**
Số: 120/NQ-CP
[head_right]
{MOTTO}
*Hà Nội, ngày 05 tháng 5 năm 2026*
[body]
**NGHỊ QUYẾT**
**Về Kế hoạch thực hiện Kết luận số 215-KL/TW của Ban Bí thư**
**CHÍNH PHỦ**
Căn cứ Kết luận số 215-KL/TW ngày 01/12/2025 của Ban Bí thư về tiếp tục thực hiện Chỉ thị số 45-CT/TW \
ngày 20/4/2020 của Ban Bí thư về phòng, chống dịch;
Căn cứ Chỉ thị số 45-CT/TW ngày 20/4/2020 của Ban Bí thư Trung ương Đảng về phòng, chống dịch;
Theo đề nghị của Bộ trưởng Bộ Y tế;
**QUYẾT NGHỊ:**
I. MỤC ĐÍCH, YÊU CẦU
"""
    got = [(r["so_ky_hieu"], r["ngay"], r["co_quan"]) for r in read_text(text)["can_cu"]]
    assert got == [
        ("215-KL/TW", "2025-12-01", "Ban Bí thư"),
        ("45-CT/TW", "2020-04-20", "Ban Bí thư Trung ương Đảng"),
    ]


def test_a_joint_documents_issuers_named_with_giua() -> None:
    # "Thông tư liên tịch số: 183/…, ngày … giữa Bộ Tài chính và Bộ Nông nghiệp và PTNT hướng dẫn …": "giữa" in place
    # of "của" names the bodies that issued it together; "giữa" further on, in the description, does not
    assert refs(
        "Căn cứ Thông tư liên tịch số: 25/2012/TTLT/BTC-BGDĐT, ngày 10 tháng 02 năm 2012 giữa Bộ Tài chính và "
        "Bộ Giáo dục và Đào tạo hướng dẫn quản lý kinh phí;"
    ) == [("25/2012/TTLT/BTC-BGDĐT", "2012-02-10", "Bộ Tài chính và Bộ Giáo dục và Đào tạo")]
    assert refs("Căn cứ Thông tư liên tịch số 30/2013/TTLT-BTC-BNV giữa Bộ Tài chính và Bộ Nội vụ về biên chế;") == [
        ("30/2013/TTLT-BTC-BNV", None, "Bộ Tài chính và Bộ Nội vụ")
    ]
    assert refs(
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 05/01/2015 của UBND tỉnh về quy chế phối hợp giữa Sở Tài chính và "
        "Sở Nội vụ;"
    ) == [("12/QĐ-UBND", "2015-01-05", "UBND tỉnh")]


# Signature


def test_a_lone_authority_line_beside_one_recipient_in_a_pdf() -> None:
    # a footer of one row, "- Như Điều 3;" beside "TM. ỦY BAN NHÂN DÂN", with no title, name or archive copy under
    # it (a portal held them back), then the attached rules: the authority is read in the PDF as in the .docx
    from tasks.reading.parse import read_document
    from tests.tasks.reading.kinds import as_docx_and_pdf

    text = f"""[head_left]
**ỦY BAN NHÂN DÂN**
**TỈNH QUẢNG BÌNH**
Số: 18/2020/QĐ-UBND
[head_right]
{MOTTO}
*Quảng Bình, ngày 14 tháng 5 năm 2020*
[body]
**QUYẾT ĐỊNH**
**Ban hành Quy chế quản lý cụm công nghiệp trên địa bàn tỉnh**
**ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH**
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
**QUYẾT ĐỊNH:**
Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý cụm công nghiệp trên địa bàn tỉnh.
[foot_left]
- Như Điều 3;
[foot_right]
**TM. ỦY BAN NHÂN DÂN**
[tail]
**QUY CHẾ QUẢN LÝ CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH**
*(Ban hành kèm theo Quyết định số 18/2020/QĐ-UBND ngày 14 tháng 5 năm 2020 của Ủy ban nhân dân tỉnh Quảng Bình)*
1. Quy chế này quy định về quản lý cụm công nghiệp trên địa bàn tỉnh.
2. Các sở, ban, ngành thực hiện theo Quy chế này.
"""
    for kind, data in as_docx_and_pdf(text).items():
        assert read_document(data, f"d.{kind}").to_json_dict()["quyen_han_ky"] == "TM. ỦY BAN NHÂN DÂN", kind
