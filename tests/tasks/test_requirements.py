"""The deadlines a plan states become due rules: the day of the month, the month of a sơ kết or tổng kết."""

from __future__ import annotations

from datetime import date

from kehoach import workdays
from tasks.plans import plan_requirements


def rules(deadlines: list[dict], today: date = date(2026, 11, 23)) -> dict[tuple, str]:
    reqs, _ = plan_requirements({"deadlines": deadlines}, today=today, due_override=None)
    return {(r["kind"], r.get("period_kind"), r.get("first_period")): r["due_rule"] for r in reqs[1:]}


def test_a_day_of_the_month_is_the_due_day_of_each_period() -> None:
    got = rules([{"kind": "periodic_report", "period": "monthly", "day": 20, "date": None}])
    assert got == {("periodic_report", "month", "2026-12"): "day:20"}
    rule = workdays.parse_rule("day:20")
    assert rule.due(workdays.Period.parse("2027-01")) == date(2027, 1, 20)
    # 20/06/2027 is a Sunday: the next working day
    assert rule.due(workdays.Period.parse("2027-06")) == date(2027, 6, 21)


def test_a_day_inside_the_data_window_is_the_deadline_of_the_period_just_ended() -> None:
    got = rules([{"kind": "periodic_report", "period": "quarterly", "day": 5, "date": None}])
    (rule,) = got.values()
    assert rule == "day_after:5"
    # quý IV/2026 closes its data on 14/12/2026; its report is due 05/01/2027
    assert workdays.parse_rule(rule).due(workdays.Period.parse("2026-Q4")) == date(2027, 1, 5)


def test_a_full_date_keeps_its_day_in_the_period_last_month() -> None:
    got = rules([{"kind": "periodic_report", "period": "annual", "date": "2026-12-10", "day": None}])
    assert got == {("periodic_report", "year", "2026"): "day:10"}


def test_a_review_in_a_month_is_due_on_its_last_working_day() -> None:
    got = rules(
        [
            {"kind": "so_ket", "year": 2028, "month": 6, "date": None},
            {"kind": "tong_ket", "year": 2030, "month": None, "date": None},
            {"kind": "tong_ket", "year": 2031, "month": 8, "date": "2031-08-15"},
        ]
    )
    # 30/06/2028 is a Friday; a tổng kết with only a year: one working day after its data window (14/12)
    assert got == {
        ("so_ket", "year", "2028"): "fixed:2028-06-30",
        ("tong_ket", "year", "2030"): "wd_after_window:1",
        ("tong_ket", "year", "2031"): "fixed:2031-08-15",
    }
    assert workdays.last_working_day_of_month(2027, 10) == date(2027, 10, 29)  # 30-31/10/2027 is a weekend


def test_several_periods_in_one_sentence_each_become_a_requirement() -> None:
    text = "định kỳ 6 tháng, năm báo cáo"
    got = rules(
        [
            {"kind": "periodic_report", "period": "semiannual", "text": text, "day": None, "date": None},
            {"kind": "periodic_report", "period": "annual", "text": text, "day": None, "date": None},
        ]
    )
    assert got == {
        ("periodic_report", "half", "2026-H2"): "wd_after_window:1",
        ("periodic_report", "year", "2026"): "wd_after_window:1",
    }
