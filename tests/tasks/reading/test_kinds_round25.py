"""One test per kind of fault the twenty-fifth and twenty-sixth held-out rounds (bench/holdout25, bench/holdout26)
showed on their first run, each written small and apart from the document it was seen in."""

from __future__ import annotations

from tasks.reading.lines import Line
from tasks.reading.parse import read_document
from tasks.reading.recipients import read_noi_nhan
from tasks.reading.signature import read_signature
from tasks.reading.vndates import extract_deadlines
from tests.tasks.reading.kinds import MOTTO, as_docx_and_pdf

# Signature


def test_an_authority_a_narrow_column_wrapped_mid_name() -> None:
    texts = ["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN BAN CHÍNH SÁCH,", "THUẾ QUỐC TẾ", "Nguyễn Thị Thanh Hằng"]
    sig = read_signature([Line(t, "foot_right") for t in texts])
    assert (sig.quyen_han_ky, sig.nguoi_ky) == (
        "TL. CỤC TRƯỞNG KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ",
        "Nguyễn Thị Thanh Hằng",
    )


def test_a_copys_signature_that_is_the_name_alone() -> None:
    # "Nguyễn Mạnh Kiểm (Đã ký)" in the footer's one cell, no authority, no title
    text = f"""[head_left]
**BỘ XÂY DỰNG**
Số: 04/2001/TT-BXD
[head_right]
{MOTTO}
*Hà Nội, ngày 06 tháng 3 năm 2001*
[body]
**THÔNG TƯ**
**Hướng dẫn thực hiện hỗ trợ người có công về nhà ở**
1. Những người thuộc diện được hỗ trợ được giao đất.
Thông tư này có hiệu lực thi hành kể từ ngày ký.
[foot_right]
Nguyễn Mạnh Kiểm (Đã ký)
"""
    for fmt, data in as_docx_and_pdf(text).items():
        got = read_document(data, f"d.{fmt}").to_json_dict()
        assert got["nguoi_ky"] == "Nguyễn Mạnh Kiểm", fmt


# Nơi nhận


def test_a_long_recipient_item_wrapped_in_the_footers_column_goes_on() -> None:
    # a PDF joins the item's rows after a page break into one long line: it is still the item's
    lines = [
        Line("Nơi nhận:", "foot_left"),
        Line("- Kiểm toán Nhà nước;", "foot_left"),
        Line("- UBND các tỉnh, thành phố: Hồ Chí Minh, Hà Nội, Đà Nẵng, Thanh Hóa, Nghệ", "foot_left"),
        Line(
            "An, Hà Tĩnh, Quảng Trị, Quảng Ngãi, Gia Lai, Khánh Hòa, Đắk Lắk, Lâm Đồng, Tây Ninh, Đồng Nai, Vĩnh "
            "Long, Đồng Tháp, An Giang, Cà Mau;",
            "foot_left",
        ),
        Line("- Các Tập đoàn, TCT: EVN, VEC, ACV, VATM;", "foot_left"),
        Line("- Lưu: VT, CN (2).", "foot_left"),
    ]
    got = [it["text"] for it in read_noi_nhan(lines)]
    assert len(got) == 4 and got[1].endswith("Cà Mau;") and got[2] == "Các Tập đoàn, TCT: EVN, VEC, ACV, VATM;"


# Deadlines


def test_a_report_every_three_months_is_quarterly() -> None:
    got = extract_deadlines(["Hàng tháng có báo cáo nhanh, 3 tháng một lần có báo cáo định kỳ kết quả thực hiện."])
    assert [(d["kind"], d["period"]) for d in got] == [("periodic_report", "monthly"), ("periodic_report", "quarterly")]


def test_an_authority_wrapped_anywhere_before_the_name_when_no_deputys_title_follows() -> None:
    # a PDF's column wrapped it after "CHÍNH": after KT. a title is a deputy's, so the line is the authority's rest
    texts = ["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN BAN CHÍNH", "SÁCH, THUẾ QUỐC TẾ", "Nguyễn Thị Thanh Hằng"]
    sig = read_signature([Line(t, "foot_right") for t in texts])
    assert (sig.quyen_han_ky, sig.chuc_vu) == ("TL. CỤC TRƯỞNG KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ", None)
    # the deputy's title after KT. is still the title
    sig = read_signature([Line(t, "foot_right") for t in ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]])
    assert (sig.quyen_han_ky, sig.chuc_vu) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    # wrapped over two lines
    texts = ["TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN BAN CHÍNH", "SÁCH,", "THUẾ QUỐC TẾ", "Nguyễn Thị Thanh Hằng"]
    sig = read_signature([Line(t, "foot_right") for t in texts])
    assert sig.quyen_han_ky == "TL. CỤC TRƯỞNG KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ"
