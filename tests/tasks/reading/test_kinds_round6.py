"""One test per kind of fault the sixth held-out round (bench/holdout6) showed on its first run, each written
small and apart from the documents it was seen in."""

from __future__ import annotations

import pytest

from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text
from tests.tasks.reading.kinds import MOTTO
from tests.tasks.reading.kinds import read_text as _read
from tests.tasks.reading.kinds import refs as _refs

# Căn cứ


def test_an_issuer_whose_name_has_a_comma() -> None:
    sentence = (
        "Thực hiện Công văn số 2928/LĐTBXH-BVCSTE , ngày 12/8/2014 của Bộ Lao động, Thương binh và Xã hội về việc "
        "triển khai Quyết định 34/2014/QĐ-TTg của Thủ tướng Chính phủ."
    )
    assert _refs(sentence)[0] == ("2928/LĐTBXH-BVCSTE", "2014-08-12", "Bộ Lao động, Thương binh và Xã hội")


def test_a_minister_who_also_heads_the_office() -> None:
    sentence = (
        "Căn cứ Thông tư số 02/2017/TT-VPCP ngày 31/10/2017 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn "
        "về nghiệp vụ kiểm soát thủ tục hành chính;"
    )
    assert _refs(sentence) == [("02/2017/TT-VPCP", "2017-10-31", "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ")]


def test_so_that_lost_its_letters_before_the_number() -> None:
    assert _refs("Căn cứ Nghị định s20/2008/NĐ-CP ngày 14/02/2008 của Chính phủ về việc tiếp nhận;") == [
        ("20/2008/NĐ-CP", "2008-02-14", "Chính phủ")
    ]
    assert _refs("Căn cứ Nghị định s 63/2010/NĐ-CP ngày 08/6/2010 của Chinh phủ về kiểm soát;") == [
        ("63/2010/NĐ-CP", "2010-06-08", "Chinh phủ")
    ]


def test_documents_listed_before_the_date_and_issuer_they_share() -> None:
    sentence = (
        "Căn cứ Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị ban hành kèm "
        "theo Quy chế Giám sát;"
    )
    assert _refs(sentence) == [
        ("217-QĐ/TW", "2013-12-12", "Bộ Chính trị"),
        ("218-QĐ/TW", "2013-12-12", "Bộ Chính trị"),
    ]


def test_a_sign_with_a_colon_and_the_issuer_before_va() -> None:
    sentence = (
        "Thực hiện Đề án của Chính phủ (Đề án 06), căn cứ văn bản hướng dẫn số 374/ĐK:HT ngày 29/12/2022 của Bộ "
        "Công an và kết quả thực hiện Đề án 06 trên địa bàn tỉnh năm 2022, Ủy ban nhân dân tỉnh ban hành Kế hoạch:"
    )
    assert _refs(sentence) == [("374/ĐK:HT", "2022-12-29", "Bộ Công an")]


def test_a_document_named_in_the_subject_of_another_is_not_cited() -> None:
    sentence = (
        "Thực hiện Quyết định 25/QĐ-TTg ngày 22/7/2021 của Thủ tướng Chính phủ ban hành quy định; Thông tư số "
        "09/2021/TT-BTP ngày 15/11/2021 của Bộ Tư pháp hướng dẫn thi hành Quyết định số 25/2021/QĐ-TTg; Kế hoạch số "
        "127/KH-UBND ngày 16/02/2023 của UBND thành phố Thanh Hóa về công tác phổ biến."
    )
    assert [r[0] for r in _refs(sentence)] == ["25/QĐ-TTg", "09/2021/TT-BTP", "127/KH-UBND"]


def test_can_cu_lines_opening_with_an_en_dash() -> None:
    text = (
        "[head_left]\n**HỘI ĐỒNG NHÂN DÂN**\n**XÃ QUYẾT THẮNG**\nSố: 12/NQ-HĐND\n"
        f"[head_right]\n{MOTTO}\n*Quyết Thắng, ngày 05 tháng 6 năm 2012*\n[body]\n**NGHỊ QUYẾT**\n"
        "**Về việc thông qua quy hoạch sử dụng đất**\n**HỘI ĐỒNG NHÂN DÂN XÃ QUYẾT THẮNG**\n"
        "– Căn cứ Luật Đất đai ngày 26 tháng 11 năm 2003;\n"
        "– Căn cứ Nghị định số 181/2004/NĐ-CP ngày 29 tháng 10 năm 2004 của Chính phủ về thi hành Luật Đất đai;\n"
        "**QUYẾT NGHỊ**\nĐiều 1. Thông qua.\n"
    )
    assert [c["so_ky_hieu"] for c in _read(text)["can_cu"]] == ["181/2004/NĐ-CP"]


# Header


def test_a_draft_stamp_on_the_type_line() -> None:
    text = (
        "[head_left]\n**ỦY BAN NHÂN DÂN**\n**PHƯỜNG LONG ANH**\nSố:      /BC-UBND\n"
        f"[head_right]\n{MOTTO}\n*Long Anh, ngày       tháng 01 năm 2024*\n[body]\n**DỰ THẢO BÁO CÁO**\n"
        "**Đánh giá kết quả xây dựng phường**\n**đạt chuẩn tiếp cận pháp luật năm 2023**\n"
        "Thực hiện Kế hoạch số 127/KH-UBND ngày 16/02/2023 của UBND thành phố Thanh Hóa.\n"
        "**I. KẾT QUẢ**\nNội dung.\n"
    )
    fields = _read(text)
    assert (fields["loai_van_ban"], fields["trich_yeu"]) == (
        "Báo cáo",
        "Đánh giá kết quả xây dựng phường đạt chuẩn tiếp cận pháp luật năm 2023",
    )


def test_a_header_that_lost_the_first_letter_of_uy_ban() -> None:
    text = (
        "[head_left]\nY BAN NHÂN DÂN\n**TỈNH KON TUM**\nSố: 2516/KH-UBND\n"
        f"[head_right]\n{MOTTO}\n*Kon Tum, ngày 03 tháng 10 năm 2014*\n[body]\n**KẾ HOẠCH**\n"
        "**TRIỂN KHAI TIÊU CHUẨN XÃ PHÙ HỢP VỚI TRẺ EM**\n"
        "Ủy ban nhân dân tỉnh xây dựng kế hoạch triển khai thực hiện, cụ thể như sau:\n**I. Mục đích**\nNội dung.\n"
    )
    assert _read(text)["co_quan_ban_hanh"] == "Ủy ban nhân dân tỉnh Kon Tum"


@pytest.mark.parametrize("header", [None, "plain"])
def test_a_decision_whose_type_heading_was_lost(header: str | None) -> None:
    text = (
        "[head_left]\nỦY BAN NHÂN DÂN\nSố: 30/2007/QĐ-UBND\n[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "*Buôn Ma Thuột, ngày 23 tháng 08 năm 2007*\n[body]\n"
        "**VỀ VIỆC BAN HÀNH QUY ĐỊNH CÔNG TÁC TIẾP CÔNG DÂN TRÊN ĐỊA BÀN TỈNH**\n**ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK**\n"
        "*Căn cứ Nghị định số 136/2006/NĐ-CP ngày 14/11/2006 của Chính phủ quy định chi tiết;*\n"
        "**QUYẾT ĐỊNH**\nĐiều 1. Nay ban hành Quy định.\n"
    )
    fields = read_document(build_docx(parse_doc_text(text), header=header), "d.docx").to_json_dict()
    assert (fields["loai_van_ban"], fields["trich_yeu"], fields["co_quan_ban_hanh"]) == (
        "Quyết định",
        "VỀ VIỆC BAN HÀNH QUY ĐỊNH CÔNG TÁC TIẾP CÔNG DÂN TRÊN ĐỊA BÀN TỈNH",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
    )
    assert [c["so_ky_hieu"] for c in fields["can_cu"]] == ["136/2006/NĐ-CP"]
    assert (fields["dia_danh"], fields["ngay_ban_hanh"]) == ("Buôn Ma Thuột", "2007-08-23")


def test_a_bare_people_committee_named_by_the_province_its_text_names() -> None:
    text = (
        "[head_left]\nỦY BAN NHÂN DÂN\nSố: 612/QĐ-UBND\n[head_right]\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "*Vĩnh Long, ngày 05 tháng 3 năm 2020*\n[body]\n**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH**\n"
        "*Căn cứ Quyết định số 600/QĐ-UBND ngày 04 tháng 3 năm 2020 của Chủ tịch UBND tỉnh về việc công bố thủ tục "
        "hành chính thuộc thẩm quyền giải quyết của Sở Nông nghiệp và Phát triển nông thôn tỉnh Vĩnh Long;*\n"
        "**QUYẾT ĐỊNH:**\nĐiều 1. Phê duyệt.\n"
    )
    assert _read(text)["co_quan_ban_hanh"] == "Ủy ban nhân dân tỉnh Vĩnh Long"


# PDF lines


def test_a_pdf_line_wrapped_inside_a_range_of_years_is_not_a_new_item() -> None:
    from tasks.reading.pdf_layout import _rows, _zone_rows

    page = (
        "ỦY BAN NHÂN DÂN                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "  TỈNH NGHỆ AN                            Độc lập - Tự do - Hạnh phúc\n"
        "Số: 63/KH-UBND                        Nghệ An, ngày 03 tháng 02 năm 2023\n"
        "\n"
        "                               KẾ HOẠCH\n"
        "\n"
        "Thực hiện Đề án của Chính phủ về phát triển ứng dụng dữ liệu về dân cư giai đoạn 2022\n"
        "- 2025, căn cứ văn bản hướng dẫn số 374/ĐK:HT ngày 29/12/2022 của Bộ Công an, Ủy ban\n"
        "nhân dân tỉnh ban hành Kế hoạch như sau:\n"
        "\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
    )
    body = [ln.text for ln in _zone_rows(_rows(page)) if ln.zone == "body"]
    assert any(t.startswith("Thực hiện") and "2022 - 2025, căn cứ" in t for t in body), body


def test_an_issuer_followed_by_the_subject_in_quotes() -> None:
    sentence = (
        "Căn cứ Nghị định số 136/2006/NĐ-CP ngày 14/11/2006 của Chính phủ “Quy định chi tiết và hướng dẫn thi hành "
        "một số điều của Luật Khiếu nại, tố cáo”;"
    )
    assert _refs(sentence) == [("136/2006/NĐ-CP", "2006-11-14", "Chính phủ")]


def test_a_place_and_date_left_blank_read_as_two_cells_in_a_pdf() -> None:
    from tasks.reading.header import read_header
    from tasks.reading.lines import Line

    lines = [
        Line("ỦY BAN NHÂN DÂN"),
        Line("PHƯỜNG LONG ANH"),
        Line("Số: | /BC-UBND", "table"),
        Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Line("Độc lập - Tự do - Hạnh phúc"),
        Line("Long Anh, ngày | tháng 01 năm 2024", "table"),
        Line("DỰ THẢO BÁO CÁO"),
        Line("Đánh giá kết quả xây dựng phường đạt chuẩn tiếp cận pháp luật năm 2023"),
    ]
    h = read_header(lines)
    assert (h.dia_danh, h.ngay_ban_hanh) == ("Long Anh", None)
