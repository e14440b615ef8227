"""One test per kind of fault the fourth held-out round (bench/holdout4) showed on its first run: "Kính gởi"
(the older spelling) not ending a subject in a PDF, a stray full stop after "Số:", and a colon after the kind of
body in a header line ("TRƯỜNG: THCS …"); and one seen while reading them: the national motto in the older tone
placement ("CỘNG HOÀ"), or a party's motto in its place, warned of as missing."""

from __future__ import annotations

import pytest

from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

SCHOOL_REQUEST = (
    "[head_left]\nPHÒNG GD&ĐT TÁNH LINH\n**TRƯỜNG TH ĐỒNG KHO 1**\nSố: 14/TTr-ĐK1\n"
    f"[head_right]\n{MOTTO}\n*Đồng Kho, ngày 10 tháng 10 năm 2010*\n"
    "[body]\n**TỜ TRÌNH**\n**Về việc công nhận trường đạt danh hiệu Trường học thân thiện – Học sinh tích cực**\n"
    "Kính gởi: Lãnh đạo phòng Giáo dục và Đào tạo huyện Tánh Linh\n"
    "Căn cứ công văn số 4015/SGD&ĐT-GDTH ngày 06/12/2010 của Sở GD&ĐT về việc hướng dẫn đánh giá,\n"
    "Nhà trường kính đề nghị Phòng GD&ĐT về kiểm tra công nhận.\n"
    "[foot_left]\n***Nơi nhận:***\n- Như trên;\n- Lưu: VT.\n[foot_right]\n**HIỆU TRƯỞNG**\n**Cao Thống Suý**\n"
)


@pytest.fixture(scope="module")
def request_files() -> dict[str, bytes]:
    return as_docx_and_pdf(SCHOOL_REQUEST)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_kinh_goi_in_its_older_spelling_ends_the_subject(request_files: dict, fmt: str) -> None:
    fields = read_document(request_files[fmt], f"r.{fmt}").to_json_dict()
    assert fields["trich_yeu"] == "Về việc công nhận trường đạt danh hiệu Trường học thân thiện – Học sinh tích cực"
    assert fields["co_quan_ban_hanh"] == "Trường TH Đồng Kho 1"
    assert [c["so_ky_hieu"] for c in fields["can_cu"]] == ["4015/SGD&ĐT-GDTH"]


def test_a_stray_full_stop_after_so() -> None:
    text = (
        "[head_left]\n**BỘ GIÁO DỤC VÀ ĐÀO TẠO**\n-------\nSố:. 4315/BGDĐT-GDTrH\n"
        "V/v: Nội dung báo cáo tổng kết giáo dục trung học năm học 2007-2008\n"
        f"[head_right]\n{MOTTO}\n*Hà Nội, ngày 19 tháng 5 năm 2008*\n[body]\nKính gửi: Các Sở Giáo dục và Đào tạo\n"
    )
    fields = read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()
    assert (fields["so_ky_hieu"], fields["trich_yeu"]) == (
        "4315/BGDĐT-GDTrH",
        "Nội dung báo cáo tổng kết giáo dục trung học năm học 2007-2008",
    )


def test_a_colon_after_the_kind_of_body_in_the_header() -> None:
    text = (
        "[head_left]\nPHÒNG GD&ĐT BẢO LÂM\n**TRƯỜNG: THCS MÔNG ÂN**\n"
        f"[head_right]\n{MOTTO}\n[body]\n**BÁO CÁO**\n**Kết quả thực hiện công tác năm học 2021-2022**\n"
        "**I. ĐẶC ĐIỂM TÌNH HÌNH**\nNội dung.\n"
    )
    fields = read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()
    assert (fields["co_quan_ban_hanh"], fields["so_ky_hieu"]) == ("Trường THCS Mông Ân", None)


@pytest.mark.parametrize(
    ("right", "warned"),
    [
        ("**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**", False),  # the older "HOÀ"
        ("**ĐẢNG CỘNG SẢN VIỆT NAM**", False),  # a party document carries its own motto
        ("**ĐOÀN TNCS HỒ CHÍ MINH**", False),
        ("", True),
    ],
)
def test_national_motto_warning_only_when_it_is_missing(right: str, warned: bool) -> None:
    text = (
        f"[head_left]\nỦY BAN NHÂN DÂN\n**TỈNH SÓC TRĂNG**\nSố: 12/KH-UBND\n[head_right]\n{right}\n"
        "*Sóc Trăng, ngày 05 tháng 3 năm 2025*\n[body]\n**KẾ HOẠCH**\n**Triển khai công tác năm 2025**\nNội dung.\n"
    )
    fields = read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()
    assert any("Quốc hiệu" in w for w in fields["warnings"]) is warned
