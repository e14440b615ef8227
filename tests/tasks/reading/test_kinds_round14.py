"""One test per kind of issuer and number fault the fourteenth held-out round (bench/holdout14) showed on its first
run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.cancu import parse_number
from tasks.reading.lines import Line
from tasks.reading.parse import DocumentFields, extract, read_document
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

# Issuer


def test_a_letterhead_that_lost_its_capitals_names_a_mass_organisations_committee_as_written() -> None:
    # a mass organisation's name over its bare central committee, both printed without capitals (and no motto): the
    # committee is the organisation's, written as the page writes it
    text = """[head_left]
Hội Sinh viên Việt Nam
**Ủy ban Trung ương**
***
Số: 45-KH/TWHSV
[head_right]
*Hà Nội, ngày 12 tháng 3 năm 2015*
[body]
**kế hoạch**
**Tổ chức tháng thanh niên năm 2015**
Năm 2015 các cấp bộ Hội tiếp tục triển khai các hoạt động tình nguyện.
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["co_quan_ban_hanh"] == "Ủy ban Trung ương Hội Sinh viên Việt Nam", fmt


# Number


def test_a_number_whose_type_letters_were_lost_before_the_dash_is_read_as_printed() -> None:
    # "Số: 742/-UBND": the page lost the type letters ("QĐ") between the slash and the dash; the number and the
    # body's letters are there, and are read as printed
    text = f"""[head_left]
**ỦY BAN NHÂN DÂN**
**TỈNH NGHỆ AN**
Số: 742/-UBND
[head_right]
{MOTTO}
*Nghệ An, ngày 20 tháng 3 năm 2016*
[body]
**QUYẾT ĐỊNH**
**Về việc phê duyệt danh mục dự án năm 2016**
**ỦY BAN NHÂN DÂN TỈNH**
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["so_ky_hieu"] == "742/-UBND", fmt


def test_a_slash_and_dash_with_no_letters_after_them_is_not_a_number() -> None:
    # "12/-" or "3/-2020": nothing after the dash names a body; no number is read
    assert parse_number("12/-") is None
    assert parse_number("3/-2020") is None


# Subject


def test_a_notice_with_no_header_or_subject_does_not_take_its_addressee_for_a_subject() -> None:
    # only the national name and motto over "THÔNG BÁO", then "Kính gửi: …" straight under the type: the notice has
    # no subject, and the addressee is not one (in a PDF, with no columns or weight to go by, too)
    text = """[head_right]
**Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam**
**Độc lập – Tự do – Hạnh phúc**
[body]
**THÔNG BÁO**
Kính gửi: Các bậc cha mẹ học sinh
Trường Tiểu học Hoa Sen thông báo lịch nghỉ hè của học sinh:
Học sinh nghỉ hè từ ngày 01/6/2015 đến ngày 15/8/2015.
Trân trọng cảm ơn!
[foot_right]
**TM. BAN GIÁM HIỆU**
(đã ký)
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["loai_van_ban"] == "Thông báo", fmt
        assert got["trich_yeu"] is None, fmt


def test_a_subject_in_capitals_wrapped_before_its_year_keeps_the_year() -> None:
    # a PDF's lines (no weight, not centred) of a plan with no type line, its subject in capitals wrapped so that the
    # year it covers stands alone on the next line ("… NĂM" / "2025"): the year is the subject's
    def line(text: str, zone: str = "body") -> Line:
        return Line(text, zone, None, None, False if zone == "body" else None)

    lines = [
        line("ỦY BAN NHÂN DÂN", "head_left"),
        line("Số: 7/KH-UBND", "head_left"),
        line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "head_right"),
        line("Thái Nguyên, ngày 08 tháng 01 năm 2025", "head_right"),
        line("KIỂM TRA, GIÁM SÁT AN TOÀN THỰC PHẨM TRONG BẾP ĂN TẬP THỂ NĂM"),
        line("2025"),
        line("Năm 2024, công tác bảo đảm an toàn thực phẩm trên địa bàn tỉnh tiếp tục được quan tâm, đạt kết quả."),
    ]
    got = extract(lines, DocumentFields())
    assert got.loai_van_ban == "Kế hoạch"
    assert got.trich_yeu == "KIỂM TRA, GIÁM SÁT AN TOÀN THỰC PHẨM TRONG BẾP ĂN TẬP THỂ NĂM 2025"
