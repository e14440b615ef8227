"""One test per kind of fault the second held-out round (bench/holdout2) showed on its first run: a star under
the issuing body that ended a PDF's header, committees named after the organisation above them, abbreviated
committee names, V/v lines in quotation marks or wrapped by a narrow column, a title in capitals whose subject
follows in lower case, the date on a portal's number line, căn cứ listed as a section, and a "của" inside a
citation's description taken for its issuer. Each is built as .docx and, where the fault was in the PDF's
layout, as LibreOffice's PDF too (all PDFs in one LibreOffice run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tasks.reading.cancu import refs_in
from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text, to_pdfs
from tests.tasks.reading.kinds import MOTTO

BODY = "[body]\nKính gửi: Các đơn vị.\nĐề nghị các đơn vị thực hiện.\n"

DOCS = {
    # a party committee: "*" under its name, "Số" without a colon, the date wrapped by the right column
    "star": (
        "[head_left]\n**TỈNH ỦY THỪA THIÊN HUẾ**\n*\nSố 445-KL/TU\n"
        "[head_right]\n**ĐẢNG CỘNG SẢN VIỆT NAM**\n*Thừa Thiên Huế, ngày 13 tháng 5 năm 2022*\n"
        "[body]\n**KẾT LUẬN**\n**HỘI NGHỊ LẦN THỨ BẢY**\n**BAN CHẤP HÀNH ĐẢNG BỘ TỈNH (KHOÁ XVI)**\n"
        "**về xây dựng hệ thống kết cấu hạ tầng đồng bộ đến năm 2025,**\n**định hướng đến năm 2030**\n"
        "Hội nghị lần thứ bảy Ban Chấp hành Đảng bộ tỉnh (khóa XVI) họp ngày 26/4/2022 đã thảo luận Tờ trình của "
        "Ban Thường vụ Tỉnh ủy và kết luận:\nI. ĐÁNH GIÁ TÌNH HÌNH\nNội dung.\n"
    ),
    # an association over its central committee, a V/v over five narrow lines, one of them starting "thực hiện"
    "association": (
        "[head_left]\nHỘI NÔNG DÂN VIỆT NAM\n**BAN CHẤP HÀNH TRUNG ƯƠNG**\n*\nSố 1126- CV/HNDTW\n"
        "V/v tổ chức tuyên dương các điển hình tiên tiến\ncó thành tích xuất sắc trong 2 năm thực hiện\n"
        "mục tiêu phát triển 15.000 hợp tác xã và\nliên hiệp hợp tác xã nông nghiệp\nhoạt động có hiệu quả\n"
        f"[head_right]\n{MOTTO}\n*Hà Nội, ngày 12 tháng 11 năm 2019*\n{BODY}"
    ),
    # a district union under the provincial one; its V/v in quotation marks
    "union": (
        "[head_left]\nTỈNH ĐOÀN THANH HOÁ\n**BCH ĐOÀN HUYỆN THỌ XUÂN**\n***\nSố: 74-CV/ĐTN\n"
        "“V/v Triển khai đồng loạt Ngày Chủ nhật xanh 22/7/2018”\n"
        f"[head_right]\n**ĐOÀN TNCS HỒ CHÍ MINH**\n*Thọ Xuân, ngày 17 tháng 7 năm 2018*\n{BODY}"
    ),
    # a V/v the narrow column breaks after the hyphen of "2014-2015"
    "hyphen": (
        "[head_left]\nUBND HUYỆN THANH CHƯƠNG\n**PHÒNG GIÁO DỤC VÀ ĐÀO TẠO**\nSố: 278/PGD&ĐT-THCS\n"
        "V/v Hướng dẫn thực hiện nhiệm vụ\nGiáo dục trung học năm học 2014-2015\n"
        f"[head_right]\n{MOTTO}\n*Thanh Chương, ngày 09 tháng 9 năm 2014*\n{BODY}"
    ),
}
WANT = {
    "star": {
        "so_ky_hieu": "445-KL/TU",
        "co_quan_ban_hanh": "Tỉnh ủy Thừa Thiên Huế",
        "dia_danh": "Thừa Thiên Huế",
        "ngay_ban_hanh": "2022-05-13",
        "loai_van_ban": "Kết luận",
        "trich_yeu": "HỘI NGHỊ LẦN THỨ BẢY BAN CHẤP HÀNH ĐẢNG BỘ TỈNH (KHOÁ XVI) về xây dựng hệ thống kết cấu hạ tầng "
        "đồng bộ đến năm 2025, định hướng đến năm 2030",
    },
    "association": {
        "so_ky_hieu": "1126-CV/HNDTW",
        "co_quan_ban_hanh": "Ban Chấp hành Trung ương Hội Nông dân Việt Nam",
        "dia_danh": "Hà Nội",
        "ngay_ban_hanh": "2019-11-12",
        "trich_yeu": "tổ chức tuyên dương các điển hình tiên tiến có thành tích xuất sắc trong 2 năm thực hiện "
        "mục tiêu phát triển 15.000 hợp tác xã và liên hiệp hợp tác xã nông nghiệp hoạt động có hiệu quả",
    },
    "union": {
        "so_ky_hieu": "74-CV/ĐTN",
        "co_quan_ban_hanh": "BCH Đoàn huyện Thọ Xuân",
        "loai_van_ban": "Công văn",
        "trich_yeu": "Triển khai đồng loạt Ngày Chủ nhật xanh 22/7/2018",
    },
    "hyphen": {
        "co_quan_ban_hanh": "Phòng Giáo dục và Đào tạo",
        "trich_yeu": "Hướng dẫn thực hiện nhiệm vụ Giáo dục trung học năm học 2014-2015",
    },
}


@pytest.fixture(scope="module")
def files() -> dict[str, dict[str, bytes]]:
    docx = {name: build_docx(parse_doc_text(text, name)) for name, text in DOCS.items()}
    pdf = to_pdfs(docx, Path(tempfile.mkdtemp(prefix="kinds-round2-")))
    return {"docx": docx, "pdf": pdf}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", sorted(DOCS))
def test_header_kinds_of_round_two(files: dict, name: str, fmt: str) -> None:
    fields = read_document(files[fmt][name], f"{name}.{fmt}").to_json_dict()
    assert {k: fields[k] for k in WANT[name]} == WANT[name]


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        ("HỘI NÔNG DÂN VIỆT NAM\n**BAN CHẤP HÀNH TRUNG ƯƠNG**", "Ban Chấp hành Trung ương Hội Nông dân Việt Nam"),
        ("LIÊN ĐOÀN LAO ĐỘNG TỈNH SÓC TRĂNG\n**BAN THƯỜNG VỤ**", "Ban Thường vụ Liên đoàn Lao động tỉnh Sóc Trăng"),
        ("TỈNH ĐOÀN THANH HOÁ\n**BCH ĐOÀN HUYỆN THỌ XUÂN**", "BCH Đoàn huyện Thọ Xuân"),
        ("ĐẢNG BỘ TỈNH SÓC TRĂNG\n**BAN THƯỜNG VỤ TỈNH ỦY**", "Ban Thường vụ Tỉnh ủy"),
    ],
)
def test_committee_named_after_the_organisation_above_it(head: str, issuer: str) -> None:
    text = f"[head_left]\n{head}\nSố: 12-KH/BTV\n[head_right]\n{MOTTO}\n*Sóc Trăng, ngày 05 tháng 3 năm 2025*\n"
    text += "[body]\n**KẾ HOẠCH**\n**Triển khai công tác năm 2025**\nI. MỤC ĐÍCH\nNội dung.\n"
    fields = read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()
    assert fields["co_quan_ban_hanh"] == issuer


def test_date_on_the_number_line_under_a_portal_caption() -> None:
    text = (
        "# layout: footer=plain\n[body]\n"
        "Công văn số 550/SGDĐT-GDTX: V/v hướng dẫn tổ chức Ngày Sách Việt Nam lần thứ 4\n"
        "Số: 550/SGDĐT-GDTX, ngày 14 tháng 4 năm 2017\nKính gửi:\n- Các đơn vị trực thuộc Sở.\n"
        "Thực hiện Công văn số 1381/BGDĐT-GDTX ngày 05 tháng 4 năm 2017 của Bộ Giáo dục và Đào tạo về việc tổ chức;\n"
    )
    fields = read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()
    assert (fields["so_ky_hieu"], fields["ngay_ban_hanh"]) == ("550/SGDĐT-GDTX", "2017-04-14")
    assert fields["trich_yeu"] == "hướng dẫn tổ chức Ngày Sách Việt Nam lần thứ 4"


def test_can_cu_listed_as_the_first_section() -> None:
    text = (
        "[head_left]\nỦY BAN NHÂN DÂN\n**TỈNH HẢI DƯƠNG**\nSố: 3298/KH-UBND\n"
        f"[head_right]\n{MOTTO}\n*Hải Dương, ngày 25 tháng 9 năm 2018*\n"
        "[body]\n**KẾ HOẠCH**\n**TRIỂN KHAI THỰC HIỆN ĐỀ ÁN KIỂM SOÁT KÊ ĐƠN THUỐC TẠI TỈNH HẢI DƯƠNG**\n"
        "**I. CĂN CỨ PHÁP LÝ XÂY DỰNG KẾ HOẠCH**\n- Luật Khám chữa bệnh năm 2009;\n- Luật Dược số 105/2016/QH13;\n"
        "- Nghị định số 109/2016/NĐ-CP ngày 01/7/2016 của Chính phủ quy định cấp chứng chỉ hành nghề;\n"
        "**II. MỤC ĐÍCH, YÊU CẦU**\n- Thực hiện Quyết định số 9/QĐ-UBND ngày 02/01/2018 của UBND tỉnh.\n"
    )
    fields = read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()
    assert [(c["so_ky_hieu"], c["ngay"], c["co_quan"]) for c in fields["can_cu"]] == [
        ("105/2016/QH13", None, None),
        ("109/2016/NĐ-CP", "2016-07-01", "Chính phủ"),
    ]
    assert fields["trich_yeu"] == "TRIỂN KHAI THỰC HIỆN ĐỀ ÁN KIỂM SOÁT KÊ ĐƠN THUỐC TẠI TỈNH HẢI DƯƠNG"


def test_a_citation_inside_a_description_lends_it_no_issuer() -> None:
    sentence = (
        "Căn cứ Nghị định số 35/2015/NĐ-CP ngày 13 tháng 4 năm 2015 của Chính phủ về quản lý, sử dụng đất trồng lúa; "
        "Nghị định số 62/2019/NĐ-CP về điều chỉnh bổ sung một số điều của Nghị định số 35/2015/NĐ-CP ;"
    )
    got = [(r["so_ky_hieu"], r["ngay"], r["co_quan"]) for r in refs_in(sentence)]
    assert got[:2] == [("35/2015/NĐ-CP", "2015-04-13", "Chính phủ"), ("62/2019/NĐ-CP", None, None)]
