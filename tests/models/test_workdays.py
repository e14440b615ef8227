"""The working-day calendar and ND 09/2019 periods, on real dates."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from kehoach.workdays import (
    HALF,
    MONTH,
    QUARTER,
    YEAR,
    DayOfPeriod,
    FixedDate,
    Period,
    WorkingDaysAfter,
    WorkingDaysAfterWindow,
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    parse_rule,
    working_days_between,
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# The calendar


def test_tet_2025() -> None:
    # TB 6150/TB-BLĐTBXH: Saturday 25/01 to Sunday 02/02/2025 off. The legal Tết days are 28/01 (giao thừa)
    # to Saturday 01/02 (mùng 4); the Saturday is given back on Monday 27/01 ("29 Tết").
    assert all(not is_working_day(d) for d in _days(date(2025, 1, 25), date(2025, 2, 2)))
    assert holiday_name(date(2025, 1, 27)) == "29 Tết"
    assert holiday_name(date(2025, 1, 29)) == "Tết Nguyên Đán"
    assert holiday_name(date(2025, 2, 1)) == "Mùng bốn Tết Nguyên Đán"
    assert is_working_day(date(2025, 1, 24)) and is_working_day(date(2025, 2, 3))  # Friday before, Monday after
    assert next_working_day(date(2025, 1, 28)) == date(2025, 2, 3)


def test_tet_2026() -> None:
    # Tết Bính Ngọ, as the Government fixed it: Saturday 14/02 (27 tháng Chạp) to Sunday 22/02/2026 (mùng 6).
    # The package has the five weekdays 16–20 as holidays; the rest are weekends.
    assert all(not is_working_day(d) for d in _days(date(2026, 2, 14), date(2026, 2, 22)))
    assert [d.day for d in _days(date(2026, 2, 14), date(2026, 2, 22)) if holiday_name(d)] == [16, 17, 18, 19, 20]
    assert holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert is_working_day(date(2026, 2, 13)) and is_working_day(date(2026, 2, 23))


def test_reunification_and_labour_day_with_make_up_saturday() -> None:
    for year in (2024, 2025, 2026):
        assert not is_working_day(date(year, 4, 30)) and not is_working_day(date(year, 5, 1)), year
    # 2025: Friday 02/05 off, worked on Saturday 26/04 instead
    assert not is_working_day(date(2025, 5, 2))
    assert holiday_name(date(2025, 5, 2)) == "Ngày nghỉ (thay cho ngày 26/04/2025)"
    assert is_working_day(date(2025, 4, 26)) and date(2025, 4, 26).weekday() == 5
    assert not is_working_day(date(2025, 4, 27))  # an ordinary Sunday
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)
    # 2024: Monday 29/04 off, worked on Saturday 04/05
    assert not is_working_day(date(2024, 4, 29)) and is_working_day(date(2024, 5, 4))
    # an ordinary Saturday stays a day off
    assert not is_working_day(date(2025, 4, 19))


def test_make_up_saturday_in_the_year_before_the_day_off() -> None:
    # 02/01/2015 was off, worked on Saturday 27/12/2014: the swap is filed under 2015
    assert is_working_day(date(2014, 12, 27)) and not is_working_day(date(2015, 1, 2))


def test_national_day() -> None:
    # Labour Code 2019: 2/9 and the day before or after it
    assert not is_working_day(date(2025, 9, 1)) and not is_working_day(date(2025, 9, 2))  # Monday, Tuesday
    assert is_working_day(date(2025, 9, 3))
    # 2026: Monday 31/08 off in exchange for Saturday 22/08, then 1/9 and 2/9
    assert all(not is_working_day(d) for d in _days(date(2026, 8, 29), date(2026, 9, 2)))
    assert is_working_day(date(2026, 8, 22)) and is_working_day(date(2026, 9, 3))
    assert not is_working_day(date(2027, 9, 2)) and not is_working_day(date(2027, 9, 3))  # Thursday, Friday


def test_hung_kings_day() -> None:
    assert holiday_name(date(2025, 4, 7)) == "Ngày Giỗ Tổ Hùng Vương"  # 10/3 âm lịch, a Monday
    # 10/3 âm lịch 2026 is Sunday 26/04: observed on Monday 27/04
    assert not is_working_day(date(2026, 4, 27))
    assert holiday_name(date(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"


def test_calendar_agrees_with_the_holidays_package() -> None:
    cal = holidays.country_holidays("VN", years=range(2023, 2029))
    assert all(is_working_day(d) == cal.is_working_day(d) for d in _days(date(2024, 1, 1), date(2027, 12, 31)))


def test_deadline_on_a_sunday_moves_to_monday() -> None:
    assert date(2026, 12, 20).weekday() == 6
    assert FixedDate(date(2026, 12, 20)).due() == date(2026, 12, 21)
    assert next_working_day(date(2026, 12, 21)) == date(2026, 12, 21)


def test_deadline_in_tet_rolls_past_it() -> None:
    assert FixedDate(date(2026, 2, 17)).due() == date(2026, 2, 23)
    assert FixedDate(date(2025, 1, 30)).due() == date(2025, 2, 3)
    # day 20 of February 2026 is a Friday in Tết
    assert DayOfPeriod(20).due(Period.parse("2026-02")) == date(2026, 2, 23)


def test_working_days_after_and_between() -> None:
    # 23/11/2026 is a Monday and 24/11 Vietnam Culture Day, a day off from 2026
    assert not is_working_day(date(2026, 11, 24)) and is_working_day(date(2025, 11, 24))
    assert add_working_days(date(2026, 11, 23), 10) == date(2026, 12, 8)
    assert WorkingDaysAfter(10, date(2026, 11, 23)).due() == date(2026, 12, 8)
    assert working_days_between(date(2026, 11, 23), date(2026, 12, 8)) == 10
    assert working_days_between(date(2026, 12, 8), date(2026, 11, 23)) == -10
    assert working_days_between(date(2026, 12, 8), date(2026, 12, 8)) == 0
    # across Tết 2026: Friday 13/02 → Monday 23/02 is one working day; across Tết 2025 likewise
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1
    # backwards: the working day before Monday 23/02/2026 is Friday 13/02
    assert add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 15), 0) == date(2026, 2, 23)


def test_working_days_between_counts_day_by_day_across_years() -> None:
    a = date(2024, 12, 20)
    for b in _days(a, date(2027, 1, 10)):
        expected = sum(is_working_day(d) for d in _days(a + timedelta(days=1), b))
        assert working_days_between(a, b) == expected, b
    # 2025: 261 weekdays, less 12 weekday holidays (1/1, five for Tết, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9), plus 26/04
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 250


# Periods


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("2026-01", (date(2025, 12, 15), date(2026, 1, 14))),
        ("2026-03", (date(2026, 2, 15), date(2026, 3, 14))),
        ("2026-12", (date(2026, 11, 15), date(2026, 12, 14))),
        ("2026-Q1", (date(2025, 12, 15), date(2026, 3, 14))),
        ("2026-Q2", (date(2026, 3, 15), date(2026, 6, 14))),
        ("2026-Q3", (date(2026, 6, 15), date(2026, 9, 14))),
        ("2026-Q4", (date(2026, 9, 15), date(2026, 12, 14))),
        ("2026-H1", (date(2025, 12, 15), date(2026, 6, 14))),
        ("2026-H2", (date(2026, 6, 15), date(2026, 12, 14))),
        ("2026", (date(2025, 12, 15), date(2026, 12, 14))),
    ],
)
def test_nd09_windows(text: str, window: tuple[date, date]) -> None:
    p = Period.parse(text)
    assert p.window() == window
    assert str(p) == text


@pytest.mark.parametrize("kind", [MONTH, QUARTER, HALF, YEAR])
def test_windows_of_a_kind_tile_the_calendar(kind: str) -> None:
    p = Period.containing(date(2024, 1, 1), kind)
    while p.year < 2028:
        nxt = p.next()
        assert nxt.window()[0] == p.window()[1] + timedelta(days=1), p
        assert nxt.start == p.end + timedelta(days=1), p
        p = nxt


@pytest.mark.parametrize(
    "bad",
    [
        "2026-13",
        "2026-00",
        "2026-3",
        "2026-Q5",
        "2026-Q0",
        "2026-H3",
        "2026-q1",
        "2026-h1",
        " 2026-03",
        "2026-03 ",
        "26",
        "0999",
        "2026/03",
        "03/2026",
        "2026-M03",
        "",
        "tháng 3",
        "٢٠٢٦",
    ],
)
def test_bad_period_rejected_in_vietnamese(bad: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        Period.parse(bad)


def test_period_fields_are_checked() -> None:
    assert Period(MONTH, 2026, 3) == Period.parse("2026-03")
    assert Period(YEAR, 2026) == Period.parse("2026")
    bad = [(MONTH, 2026, 13), (QUARTER, 2026, 0), (HALF, 2026, 3), (YEAR, 2026, 1), ("week", 2026, 1), (YEAR, 999, 0)]
    for kind, year, index in bad:
        with pytest.raises(ValueError, match="không hợp lệ"):
            Period(kind, year, index)
    with pytest.raises(ValueError, match="không hợp lệ"):
        Period.containing(date(2026, 1, 1), "week")


def test_period_bounds_navigation_and_labels() -> None:
    assert Period.parse("2026-12").next() == Period.parse("2027-01")
    assert Period.parse("2026-Q4").next() == Period.parse("2027-Q1")
    assert Period.parse("2026-H1").next() == Period.parse("2026-H2")
    assert Period.parse("2026").next() == Period.parse("2027")
    d = date(2026, 8, 3)
    containing = [str(Period.containing(d, k)) for k in (MONTH, QUARTER, HALF, YEAR)]
    assert containing == ["2026-08", "2026-Q3", "2026-H2", "2026"]
    assert (Period.parse("2028-02").start, Period.parse("2028-02").end) == (date(2028, 2, 1), date(2028, 2, 29))
    assert (Period.parse("2026-Q2").start, Period.parse("2026-Q2").end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert Period.parse("2026-H2").start == date(2026, 7, 1) and Period.parse("2026").end == date(2026, 12, 31)
    labels = {
        "2026-03": "tháng 03/2026",
        "2026-Q1": "quý I/2026",
        "2026-Q4": "quý IV/2026",
        "2026-H1": "6 tháng đầu năm 2026",
        "2026-H2": "6 tháng cuối năm 2026",
        "2026": "năm 2026",
    }
    assert {t: Period.parse(t).label_vi() for t in labels} == labels


# Deadline rules


def test_rules_round_trip_and_due_dates() -> None:
    rules = [
        FixedDate(date(2023, 2, 23)),
        WorkingDaysAfter(10, date(2026, 11, 23)),
        DayOfPeriod(20),
        WorkingDaysAfterWindow(1),
    ]
    assert [str(r) for r in rules] == ["fixed:2023-02-23", "wd_after:10:2026-11-23", "day:20", "wd_after_window:1"]
    for r in rules:
        assert parse_rule(str(r)) == r
    # seed 002: before 23/02/2023, a Thursday
    assert FixedDate(date(2023, 2, 23)).due() == date(2023, 2, 23)
    # day 20 of March 2026 is a Friday; of June 2026 (last month of Q2) a Saturday → Monday 22
    assert DayOfPeriod(20).due(Period.parse("2026-03")) == date(2026, 3, 20)
    assert DayOfPeriod(20).due(Period.parse("2026-Q2")) == date(2026, 6, 22)
    # day 31 of a 30-day month is its last day
    assert DayOfPeriod(31).due(Period.parse("2026-H1")) == date(2026, 6, 30)
    # the yearly window closes Monday 14/12/2026; one working day after is Tuesday 15/12
    assert WorkingDaysAfterWindow(1).due(Period.parse("2026")) == date(2026, 12, 15)
    # the February window closes Saturday 14/02/2026, in Tết: the next working day after is 23/02
    assert WorkingDaysAfterWindow(1).due(Period.parse("2026-02")) == date(2026, 2, 23)
    # the Q2/2025 window closes Saturday 14/06/2025; three working days after: 16, 17, 18 June
    assert WorkingDaysAfterWindow(3).due(Period.parse("2025-Q2")) == date(2025, 6, 18)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "fixed:",
        "fixed:2026-02-30",
        "fixed:20260223",
        "wd_after:10",
        "wd_after:-1:2026-11-23",
        "day:0",
        "day:32",
        "day:x",
        "wd_after_window:0",
        "weekly:1",
        "fixed:2023-02-23:x",
    ],
)
def test_bad_rules_rejected_in_vietnamese(bad: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_rule(bad)


def test_period_rules_need_a_period() -> None:
    for rule in (DayOfPeriod(20), WorkingDaysAfterWindow(1)):
        with pytest.raises(ValueError, match="cần cho biết kỳ"):
            rule.due(None)
    with pytest.raises(ValueError, match="ít nhất 1 ngày làm việc"):
        WorkingDaysAfterWindow(0)
