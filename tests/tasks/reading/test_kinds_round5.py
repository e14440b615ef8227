"""One test per kind of fault the fifth held-out round (bench/holdout5) showed on its first run, each written
small and apart from the documents it was seen in."""

from __future__ import annotations

import pytest

from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf
from tests.tasks.reading.kinds import read_text as _read
from tests.tasks.reading.kinds import refs as _refs

# Căn cứ


def test_a_description_written_with_a_capital_after_the_issuer() -> None:
    assert _refs("Căn cứ Thông tư số 187/2010/TT-BTC ngày 22/11/2010 của Bộ Tài chính Quy định về cơ chế hỗ trợ;") == [
        ("187/2010/TT-BTC", "2010-11-22", "Bộ Tài chính")
    ]


def test_the_issuer_written_before_the_date() -> None:
    sentence = (
        "Căn cứ Nghị định số 38/2023/NĐ-CP của Chính phủ ngày 24 tháng 6 năm 2023 sửa đổi, bổ sung một số điều của "
        "Nghị định số 27/2022/NĐ-CP ngày 19 tháng 4 năm 2022;"
    )
    assert _refs(sentence)[0] == ("38/2023/NĐ-CP", "2023-06-24", "Chính phủ")


def test_the_words_of_a_date_in_capitals() -> None:
    sentence = "Theo đề nghị của Cục trưởng Cục Thống kê tỉnh, tại tờ trình số 307/Ttr-CTK ngày 06 Tháng 10 năm 2023."
    assert _refs(sentence) == [("307/Ttr-CTK", "2023-10-06", "Cục trưởng Cục Thống kê tỉnh")]


def test_cua_typed_onto_the_date() -> None:
    sentence = "Thực hiện Kế hoạch số 168/KH-LĐLĐ ngày 03/12/2021của LĐLĐ tỉnh Thanh Hóa, trên cơ sở Kế hoạch số 31"
    assert _refs(sentence)[0] == ("168/KH-LĐLĐ", "2021-12-03", "LĐLĐ tỉnh Thanh Hóa")


def test_a_type_word_straight_before_the_number_without_so() -> None:
    sentence = "Căn cứ Công văn 285/CCTTHC ngày 08 tháng 9 năm 2009 của Tổ công tác chuyên trách về chuẩn bị công bố;"
    assert _refs(sentence) == [("285/CCTTHC", "2009-09-08", "Tổ công tác chuyên trách")]


def test_documents_listed_before_the_issuer_they_share() -> None:
    sentence = (
        "- Căn cứ Quyết định số 16/2006/QĐ-BGDĐT ngày 05/5/2006, Thông tư số 32/2018/TT-BGDĐT ngày 26/12/2018 "
        "của Bộ trưởng Bộ GD&ĐT về ban hành Chương trình Giáo dục phổ thông;"
    )
    assert _refs(sentence) == [
        ("16/2006/QĐ-BGDĐT", "2006-05-05", "Bộ trưởng Bộ GD&ĐT"),
        ("32/2018/TT-BGDĐT", "2018-12-26", "Bộ trưởng Bộ GD&ĐT"),
    ]


def test_a_law_before_a_decree_keeps_no_issuer() -> None:
    # a law's number with its own date, then a decree of the Government: the law is not the Government's
    sentence = "Căn cứ Luật số 42/2013/QH13 ngày 25/11/2013; Nghị định số 64/2014/NĐ-CP ngày 26/6/2014 của Chính phủ;"
    assert _refs(sentence)[0] == ("42/2013/QH13", "2013-11-25", None)


# Header


def test_a_draft_stamp_in_the_header_is_not_part_of_the_issuer() -> None:
    text = (
        "[head_left]\nPHÒNG GD&ĐT KỲ SƠN\n**TRƯỜNG PTDTBT THCS NA NGOI**\nSố /KH-THCSNN\nDỰ THẢO\n"
        f"[head_right]\n{MOTTO}\n*Na Ngoi, ngày 15 tháng 8 năm 2022*\n"
        "[body]\n**KẾ HOẠCH**\n**Giáo dục năm học 2022-2023**\nNội dung.\n"
    )
    fields = _read(text)
    assert (fields["co_quan_ban_hanh"], fields["so_ky_hieu"]) == ("Trường PTDTBT THCS Na Ngoi", None)


def test_a_lettered_first_section_ends_a_subject_on_the_type_line() -> None:
    # "KẾ HOẠCH NHÀ TRƯỜNG …" then "A. CĂN CỨ …": the section is the body's, and lists the căn cứ
    text = (
        "[head_left]\nPHÒNG GD&ĐT KỲ SƠN\n**TRƯỜNG THCS NA NGOI**\nSố: 12/KH-THCS\n"
        f"[head_right]\n{MOTTO}\n*Na Ngoi, ngày 15 tháng 8 năm 2022*\n"
        "[body]\n**KẾ HOẠCH NHÀ TRƯỜNG NĂM HỌC 2022-2023**\n**A. CĂN CỨ XÂY DỰNG KẾ HOẠCH**\n"
        "- Công văn số 1496/BGDĐT-GDTrH ngày 19/4/2022 của Bộ GD&ĐT về hướng dẫn thực hiện chương trình;\n"
        "**B. ĐẶC ĐIỂM TÌNH HÌNH**\nNội dung.\n"
    )
    fields = _read(text)
    assert fields["trich_yeu"] == "NHÀ TRƯỜNG NĂM HỌC 2022-2023"
    assert [c["so_ky_hieu"] for c in fields["can_cu"]] == ["1496/BGDĐT-GDTrH"]


@pytest.mark.parametrize(
    ("number", "kind"),
    [("411-KH/TWĐTN-BTC", "Kế hoạch"), ("232/QĐ-UBND", "Quyết định"), ("15/2023/QĐ-UBND", "Quyết định")],
)
def test_no_type_line_the_symbol_names_the_type(number: str, kind: str) -> None:
    text = (
        f"[head_left]\n**BAN CHẤP HÀNH TRUNG ƯƠNG**\nSố: {number}\n[head_right]\n**ĐOÀN TNCS HỒ CHÍ MINH**\n"
        "*Hà Nội, ngày 25 tháng 8 năm 2021*\n[body]\n"
        "Căn cứ Chỉ thị số 08-CT/TW ngày 20/8/2021 của Ban Bí thư Trung ương Đảng, Ban Chấp hành ban hành như sau:\n"
        "**1. Mục đích**\nNội dung.\n"
    )
    fields = _read(text)
    assert (fields["loai_van_ban"], fields["trich_yeu"]) == (kind, None)


def test_a_letter_without_a_type_symbol_stays_a_cong_van() -> None:
    text = (
        "[head_left]\nỦY BAN NHÂN DÂN\n**TỈNH SƠN LA**\nSố: 12/UBND-VX\nV/v triển khai công tác năm 2025\n"
        f"[head_right]\n{MOTTO}\n*Sơn La, ngày 05 tháng 3 năm 2025*\n[body]\nKính gửi: Các sở, ngành\nNội dung.\n"
    )
    assert _read(text)["loai_van_ban"] == "Công văn"


def test_a_bare_people_committee_named_whole_by_its_authority_line() -> None:
    text = (
        "[head_left]\nỦY BAN NHÂN DÂN\nSố: 232/QĐ-UBND\n[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "*Ninh Bình, ngày 12 tháng 4 năm 2019*\n[body]\n**QUYẾT ĐỊNH**\n"
        "**VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH**\n"
        "**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH BÌNH**\n*Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;*\n"
        "**QUYẾT ĐỊNH:**\nĐiều 1. Công bố danh mục.\n"
    )
    assert _read(text)["co_quan_ban_hanh"] == "Ủy ban nhân dân tỉnh Ninh Bình"


def test_the_name_as_written_inside_brackets_loses_the_closing_bracket() -> None:
    text = (
        f"[head_left]\nỦY BAN NHÂN DÂN\n**XÃ XUÂN PHÚ**\n[head_right]\n{MOTTO}\n[body]\n**QUY CHẾ**\n"
        "**LÀM VIỆC CỦA ỦY BAN NHÂN DÂN XÃ XUÂN PHÚ NHIỆM KỲ 2021 -2026**\n"
        "*(Ban hành kèm theo Quyết định số: 59/QĐ-UBND Ngày 22 tháng 7 năm 2021 của Ủy ban nhân dân xã Xuân Phú)*\n"
        "**Chương I**\nĐiều 1. Phạm vi.\n"
    )
    fields = _read(text)
    assert (fields["co_quan_ban_hanh"], fields["so_ky_hieu"]) == ("Ủy ban nhân dân xã Xuân Phú", None)


# Footer

UNLABELLED_FOOTER = (
    "[head_left]\nUBND TỈNH BÀ RỊA - VŨNG TÀU\n**SỞ GIÁO DỤC VÀ ĐÀO TẠO**\nSố: 327/SGDĐT-KHTC\n"
    "V/v đánh giá tình hình sử dụng công trình cấp nước\n"
    f"[head_right]\n{MOTTO}\n*Vũng Tàu, ngày 29 tháng 4 năm 2011*\n"
    "[body]\nKính gửi: Các Phòng Giáo dục và Đào tạo\nĐề nghị các đơn vị nộp báo cáo trước ngày 12/05/2011\n"
    "Trân trọng đề nghị./\n"
    "[foot_left]\n- Như trên;\n- Website Sở GD&ĐT;\n- Lưu VT, KHTC.\n"
    "[foot_right]\n**GIÁM ĐỐC**\n(đã ký)\n**Nguyễn Thanh Giang**\n"
)


@pytest.fixture(scope="module")
def unlabelled_footer() -> dict[str, bytes]:
    return as_docx_and_pdf(UNLABELLED_FOOTER)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_distribution_list_without_its_label_beside_a_title_only_signature(unlabelled_footer: dict, fmt: str) -> None:
    fields = read_document(unlabelled_footer[fmt], f"f.{fmt}").to_json_dict()
    assert [(n["text"], n["role"]) for n in fields["noi_nhan"]] == [
        ("Như trên;", "thuc_hien"),
        ("Website Sở GD&ĐT;", "thuc_hien"),
        ("Lưu VT, KHTC.", "luu"),
    ]
    assert (fields["quyen_han_ky"], fields["chuc_vu"], fields["nguoi_ky"]) == (None, "GIÁM ĐỐC", "Nguyễn Thanh Giang")


def test_the_unlabelled_list_as_loose_lines_at_the_end() -> None:
    docx = build_docx(parse_doc_text(UNLABELLED_FOOTER), footer="plain")
    fields = read_document(docx, "f.docx").to_json_dict()
    assert [n["text"] for n in fields["noi_nhan"]] == ["Như trên;", "Website Sở GD&ĐT;", "Lưu VT, KHTC."]


def test_a_note_item_is_not_an_archive_copy() -> None:
    text = (
        "[head_left]\nỦY BAN NHÂN DÂN\n**TỈNH SƠN LA**\nSố: 12/KH-UBND\n"
        f"[head_right]\n{MOTTO}\n*Sơn La, ngày 05 tháng 3 năm 2025*\n[body]\n**KẾ HOẠCH**\n**Triển khai năm 2025**\n"
        "- Các sở báo cáo kết quả hằng quý;\n- Lưu ý các đơn vị gửi đúng hạn.\n"
    )
    assert _read(text)["noi_nhan"] == []
