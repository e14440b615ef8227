"""Vietnamese date expressions and the deadlines a plan states."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.reading.vndates import extract_deadlines, parse_date_in


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Duyên Hải, ngày 26 tháng 8 năm 2019", date(2019, 8, 26)),
        ("Kế hoạch số 66/KH-UBND ngày 20/8/2019 của", date(2019, 8, 20)),
        ("gửi về trước ngày 23 tháng 02 năm 2023, qua hộp thư", date(2023, 2, 23)),
        ("không có ngày nào ở đây", None),
        ("ngày 31/02/2023 không có thật", None),
    ],
)
def test_parse_date_in(text: str, want: date | None) -> None:
    assert parse_date_in(text) == want


@pytest.mark.parametrize(
    ("line", "kind", "period", "day", "year"),
    [
        ("Định kỳ hàng tháng báo cáo kết quả với Ban Thường vụ.", "periodic_report", "monthly", None, None),
        ("Hằng quý, các đơn vị báo cáo tiến độ về Sở Nội vụ.", "periodic_report", "quarterly", None, None),
        ("6 tháng họp đánh giá rút kinh nghiệm giai đoạn.", "periodic_report", "semiannual", None, None),
        ("Cuối năm báo cáo kết quả về Ủy ban nhân dân huyện.", "periodic_report", "annual", None, None),
        ("Định kỳ hằng năm báo cáo Ủy ban nhân dân thị xã để tổng hợp.", "periodic_report", "annual", None, None),
        ("- Năm 2022: Sơ kết Phong trào thi đua.", "so_ket", None, None, 2022),
        ("- Năm 2025: Tổng kết Phong trào thi đua.", "tong_ket", None, None, 2025),
        ("Gửi Kế hoạch về Phòng Nội vụ trước ngày 23 tháng 02 năm 2023.", "submit_plan", None, "2023-02-23", 2023),
        ("Báo cáo kết quả trước ngày 20/12/2026.", "other", None, "2026-12-20", 2026),
    ],
)
def test_deadlines(line: str, kind: str, period: str | None, day: str | None, year: int | None) -> None:
    (d,) = [x for x in extract_deadlines([line]) if x["kind"] == kind]
    assert (d["period"], d["date"], d["year"]) == (period, day, year)
