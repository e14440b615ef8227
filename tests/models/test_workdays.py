"""The working-day calendar and ND 09/2019 periods, on real dates."""

from __future__ import annotations

from datetime import date

import pytest

from kehoach.workdays import (
    DayOfPeriod,
    FixedDate,
    Period,
    WorkingDaysAfter,
    WorkingDaysAfterWindow,
    add_working_days,
    is_working_day,
    next_working_day,
    parse_rule,
    working_days_between,
)


def test_tet_2025() -> None:
    # Tết Ất Tỵ: Monday 27/01 to Saturday 01/02/2025 off; back on Monday 03/02
    for day in range(27, 32):
        assert not is_working_day(date(2025, 1, day)), day
    assert not is_working_day(date(2025, 2, 1)) and not is_working_day(date(2025, 2, 2))
    assert is_working_day(date(2025, 1, 24)) and is_working_day(date(2025, 2, 3))
    assert next_working_day(date(2025, 1, 28)) == date(2025, 2, 3)


def test_tet_2026() -> None:
    # Tết Bính Ngọ: 14–22/02/2026 (the weekdays 16–20 are public holidays)
    for day in range(14, 23):
        assert not is_working_day(date(2026, 2, day)), day
    assert is_working_day(date(2026, 2, 13)) and is_working_day(date(2026, 2, 23))


def test_reunification_and_labour_day_with_make_up_saturday() -> None:
    assert not is_working_day(date(2025, 4, 30)) and not is_working_day(date(2025, 5, 1))
    assert not is_working_day(date(2025, 5, 2))  # day off, swapped for …
    assert is_working_day(date(2025, 4, 26))  # … the make-up working Saturday
    assert not is_working_day(date(2025, 4, 27))  # an ordinary Sunday
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_national_day() -> None:
    assert not is_working_day(date(2025, 9, 1)) and not is_working_day(date(2025, 9, 2))
    assert not is_working_day(date(2026, 9, 2))
    assert is_working_day(date(2025, 9, 3))


def test_deadline_on_a_sunday_moves_to_monday() -> None:
    assert date(2026, 12, 20).weekday() == 6
    assert FixedDate(date(2026, 12, 20)).due() == date(2026, 12, 21)
    assert next_working_day(date(2026, 12, 21)) == date(2026, 12, 21)


def test_working_days_after_and_between() -> None:
    # 23/11/2026 is a Monday and 24/11 Vietnam Culture Day, a day off
    assert not is_working_day(date(2026, 11, 24))
    assert add_working_days(date(2026, 11, 23), 10) == date(2026, 12, 8)
    assert WorkingDaysAfter(10, date(2026, 11, 23)).due() == date(2026, 12, 8)
    assert working_days_between(date(2026, 11, 23), date(2026, 12, 8)) == 10
    assert working_days_between(date(2026, 12, 8), date(2026, 11, 23)) == -10
    # across Tết 2026: Friday 13/02 → Monday 23/02 is one working day
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("2026-01", (date(2025, 12, 15), date(2026, 1, 14))),
        ("2026-03", (date(2026, 2, 15), date(2026, 3, 14))),
        ("2026-Q1", (date(2025, 12, 15), date(2026, 3, 14))),
        ("2026-Q3", (date(2026, 6, 15), date(2026, 9, 14))),
        ("2026-H1", (date(2025, 12, 15), date(2026, 6, 14))),
        ("2026-H2", (date(2026, 6, 15), date(2026, 12, 14))),
        ("2026", (date(2025, 12, 15), date(2026, 12, 14))),
    ],
)
def test_nd09_windows(text: str, window: tuple[date, date]) -> None:
    p = Period.parse(text)
    assert p.window() == window
    assert str(p) == text


@pytest.mark.parametrize("bad", ["2026-13", "2026-Q5", "2026-H3", "26", "2026/03", "", "tháng 3"])
def test_bad_period_rejected_in_vietnamese(bad: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        Period.parse(bad)


def test_period_navigation_and_labels() -> None:
    assert Period.parse("2026-12").next() == Period.parse("2027-01")
    assert Period.parse("2026-Q4").next() == Period.parse("2027-Q1")
    assert Period.containing(date(2026, 8, 3), "half") == Period.parse("2026-H2")
    assert Period.parse("2026-03").label_vi() == "tháng 03/2026"
    assert Period.parse("2026-Q1").label_vi() == "quý I/2026"
    assert Period.parse("2026-H1").label_vi() == "6 tháng đầu năm 2026"
    assert Period.parse("2026-Q2").end == date(2026, 6, 30)


def test_rules_round_trip_and_due_dates() -> None:
    rules = [FixedDate(date(2023, 2, 23)), WorkingDaysAfter(10, date(2026, 11, 23)), DayOfPeriod(20),
             WorkingDaysAfterWindow(1)]  # fmt: skip
    for r in rules:
        assert parse_rule(str(r)) == r
    # day 20 of March 2026 is a Friday; of June 2026 a Saturday → Monday 22
    assert DayOfPeriod(20).due(Period.parse("2026-03")) == date(2026, 3, 20)
    assert DayOfPeriod(20).due(Period.parse("2026-Q2")) == date(2026, 6, 22)
    # the yearly window closes Monday 14/12/2026; one working day after is Tuesday 15/12
    assert WorkingDaysAfterWindow(1).due(Period.parse("2026")) == date(2026, 12, 15)
    # the February window closes Saturday 14/02/2026, in Tết: the next working day after is 23/02
    assert WorkingDaysAfterWindow(1).due(Period.parse("2026-02")) == date(2026, 2, 23)
