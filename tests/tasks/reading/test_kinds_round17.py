"""One test per kind of fault the seventeenth held-out round (bench/holdout17) showed on its first run, each
written small and apart from the document it was seen in."""

from __future__ import annotations

from datetime import date

from tasks.reading.lines import Line
from tasks.reading.signature import read_signature
from tasks.reading.vndates import extract_deadlines

ISSUED = date(2025, 11, 22)

# Deadlines


def test_a_date_whose_day_is_six_names_no_six_monthly_report() -> None:
    # "Nghị định số 289/2025/NĐ-CP ngày 06 tháng 11 năm 2025": a date; the reports asked for just after are one-off
    lines = [
        "- Khẩn trương thực hiện chế độ theo Nghị định số 289/2025/NĐ-CP ngày 06 tháng 11 năm 2025 của Chính phủ; "
        "đồng thời rà soát, đánh giá tổ chức pháp chế.",
        "- Các Báo cáo trên gửi Bộ Tư pháp trước ngày 05 tháng 12 năm 2025.",
    ]
    got = [(d["kind"], d["period"], d["date"]) for d in extract_deadlines(lines, ISSUED)]
    assert got == [("other", None, "2025-12-05")]


def test_a_new_numbered_item_does_not_take_the_period_of_the_report_the_item_before_named() -> None:
    lines = [
        "5. Về điều chuyển số vốn: Ủy ban nhân dân tỉnh báo cáo hằng quý kết quả giải ngân.",
        "6. Về tuyến đường kết nối: Ủy ban nhân dân tỉnh khẩn trương báo cáo Thủ tướng Chính phủ về việc chuẩn bị "
        "đầu tư trước ngày 01 tháng 12 năm 2025.",
    ]
    got = [(d["kind"], d["period"], d["date"]) for d in extract_deadlines(lines, ISSUED)]
    assert ("other", None, "2025-12-01") in got
    assert ("periodic_report", "quarterly", "2025-12-01") not in got


def test_a_report_due_within_a_named_quarter_is_no_quarterly_report() -> None:
    lines = ["Ủy ban nhân dân tỉnh báo cáo Thủ tướng Chính phủ kết quả thực hiện trong Quý I năm 2026."]
    assert [d for d in extract_deadlines(lines, ISSUED) if d["period"] == "quarterly"] == []


# Signature


def test_a_title_a_narrow_column_wrapped_is_read_whole() -> None:
    texts = ["K/T CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "THƯỜNG TRỰC", "Lâm Thị Phương Thanh"]
    sig = read_signature([Line(t, "foot_right") for t in texts])
    assert (sig.quyen_han_ky, sig.chuc_vu, sig.nguoi_ky) == (
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC",
        "Lâm Thị Phương Thanh",
    )


def test_an_authority_title_and_name_on_their_own_lines_stay_apart() -> None:
    texts = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    sig = read_signature([Line(t, "foot_right") for t in texts])
    assert (sig.quyen_han_ky, sig.chuc_vu, sig.nguoi_ky) == (
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
    )
