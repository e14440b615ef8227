"""Deadlines read as the text states them when one sentence gives each period its own date, a clause ends the
sentence at the day, a sơ kết and a tổng kết share a sentence, or a review is set by quarter or half of a year
(issue 13) — and the dates the follow-up then computes."""

from __future__ import annotations

from datetime import date

import pytest

from kehoach import workdays
from kehoach.workdays import DayAfterPeriod, DayOfPeriod, Period, parse_rule
from tasks.plans.requirements import periodic_rule
from tasks.reading.vndates import extract_deadlines

P = "periodic_report"


def got(line: str) -> list[tuple]:
    return [(d["kind"], d["period"], d["date"], d["year"], d["day"], d["month"]) for d in extract_deadlines([line])]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        # the day of the month ends the sentence
        (
            "Định kỳ hằng tháng, các đơn vị báo cáo kết quả về UBND huyện (qua Phòng Nội vụ) trước ngày 20.",
            [(P, "monthly", None, None, 20, None)],
        ),
        # each period its own day and month, in brackets
        (
            "Các xã báo cáo kết quả định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12) về Ban Chỉ đạo huyện.",
            [(P, "semiannual", None, None, 15, 6), (P, "annual", None, None, 15, 12)],
        ),
        # one clause a period, joined by semicolons
        (
            "Chế độ báo cáo: báo cáo tháng gửi trước ngày 25 hằng tháng; báo cáo 6 tháng gửi trước ngày 15/6/2025;"
            " báo cáo năm gửi trước ngày 15/12/2025.",
            [
                (P, "monthly", None, None, 25, None),
                (P, "semiannual", "2025-06-15", 2025, None, None),
                (P, "annual", "2025-12-15", 2025, None, None),
            ],
        ),
        (
            "Thời gian gửi báo cáo: báo cáo 6 tháng trước ngày 20/6; báo cáo năm trước ngày 20/11 hằng năm.",
            [(P, "semiannual", None, None, 20, 6), (P, "annual", None, None, 20, 11)],
        ),
        # two dates after one due word, in the order of the periods
        (
            "Báo cáo định kỳ 6 tháng, năm gửi về Ban Thường vụ Huyện ủy (qua Ban Tuyên giáo) trước ngày 10/6 và"
            " 10/12 hằng năm.",
            [(P, "semiannual", None, None, 10, 6), (P, "annual", None, None, 10, 12)],
        ),
        # sơ kết and tổng kết in one sentence, each its own year
        (
            "Giữa năm 2028 tổ chức sơ kết, cuối năm 2030 tổng kết việc thực hiện Kế hoạch.",
            [("so_ket", None, None, 2028, None, 6), ("tong_ket", None, None, 2030, None, 12)],
        ),
        # by quarter of a year
        (
            "Sơ kết 5 năm thực hiện vào quý IV năm 2027; tổng kết vào quý IV năm 2030.",
            [("so_ket", None, None, 2027, None, 12), ("tong_ket", None, None, 2030, None, 12)],
        ),
        # a number of days is not a day of the month
        (
            "Các đơn vị báo cáo kết quả thực hiện trong 05 ngày làm việc, định kỳ hằng quý.",
            [(P, "quarterly", None, None, None, None)],
        ),
        # a semicolon inside brackets, or before a clause that names no period, does not part the deadline from it
        (
            "Hằng tháng, các đơn vị gửi báo cáo về Sở (gồm: số liệu; phân tích) trước ngày 20 hằng tháng.",
            [(P, "monthly", None, None, 20, None)],
        ),
        (
            "Định kỳ hằng quý, các xã báo cáo kết quả; gửi về Ủy ban nhân dân huyện trước ngày 20 của tháng cuối quý.",
            [(P, "quarterly", None, None, 20, None)],
        ),
        # "trước 15 ngày" is a number of days, not day 1 or 15 of a month
        (
            "Báo cáo 6 tháng và năm gửi trước 15 ngày khi kết thúc kỳ.",
            [(P, "semiannual", None, None, None, None), (P, "annual", None, None, None, None)],
        ),
        # as before: one day for several periods
        (
            "Định kỳ 6 tháng, năm các đơn vị báo cáo trước ngày 20 của tháng cuối kỳ.",
            [(P, "semiannual", None, None, 20, None), (P, "annual", None, None, 20, None)],
        ),
    ],
)
def test_each_period_its_own_deadline(line: str, want: list[tuple]) -> None:
    assert got(line) == want


def _due(line: str, period: str) -> dict[str, date]:
    """Return the due date the follow-up computes for each deadline of a line, in one period of its kind."""
    out = {}
    for d in extract_deadlines([line]):
        rule = periodic_rule(d)
        assert parse_rule(str(rule)) == rule
        kind = {"monthly": "month", "quarterly": "quarter", "semiannual": "half", "annual": "year"}[d["period"]]
        out[d["period"]] = rule.due(Period.parse(period if kind != "year" else period[:4]))
    return out


def test_the_follow_up_keeps_the_month_the_text_states() -> None:
    line = "Thời gian gửi báo cáo: báo cáo 6 tháng trước ngày 20/6; báo cáo năm trước ngày 20/11 hằng năm."
    # 20/11/2026 is a Friday, 20/06/2026 a Saturday → Monday 22/06
    assert _due(line, "2026-H1") == {"semiannual": date(2026, 6, 22), "annual": date(2026, 11, 20)}
    # the month after the period: "báo cáo năm trước ngày 15/01" is the next January's
    line = "Báo cáo năm gửi trước ngày 15/01 năm sau; báo cáo 6 tháng gửi trước ngày 10/7."
    assert _due(line, "2026-H1") == {"annual": date(2027, 1, 15), "semiannual": date(2026, 7, 10)}
    # two months after: the report on 2025 is due in February 2026, never before the year it reports on
    # (15/02/2026 is a Sunday and Tết runs to the 22nd: the next working day is Monday 23/02)
    line = "Báo cáo năm gửi về Sở trước ngày 15/02 năm sau; báo cáo 6 tháng trước ngày 15/8."
    assert _due(line, "2025-H1") == {"annual": date(2026, 2, 23), "semiannual": date(2025, 8, 15)}


def test_a_day_in_a_month_before_the_period_ends() -> None:
    assert DayOfPeriod(20, -1).due(Period.parse("2026")) == date(2026, 11, 20)
    assert DayOfPeriod(20, -1).due(Period.parse("2026-H1")) == date(2026, 5, 20)
    assert str(DayOfPeriod(20, -1)) == "day:20:-1" and str(DayOfPeriod(20)) == "day:20"
    assert parse_rule("day:20:-1") == DayOfPeriod(20, -1)
    assert isinstance(periodic_rule({"period": "annual", "day": 15, "month": 1}), DayAfterPeriod)
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_rule("day:20:-12")
    assert workdays.DayOfPeriod(5, 0) == DayOfPeriod(5)


def test_a_date_before_the_document_is_not_its_deadline() -> None:
    """A Thông tư of 2022 naming who was sent abroad "đến hết ngày 31 tháng 12 năm 1988" sets no deadline; the
    same words with a date after the document's are one."""
    from tasks.reading.parse import read_document
    from tests.docbuild import build_docx, parse_doc_text
    from tests.tasks.reading.kinds import MOTTO

    def deadlines(sentence: str) -> list[tuple]:
        text = (
            f"[head_left]\nBỘ LAO ĐỘNG - THƯƠNG BINH\n**VÀ XÃ HỘI**\nSố: 07/2022/TT-BLĐTBXH\n[head_right]\n{MOTTO}\n"
            "*Hà Nội, ngày 06 tháng 5 năm 2022*\n[body]\n**THÔNG TƯ**\n**Hướng dẫn thực hiện chế độ**\n"
            f"{sentence}\n"
        )
        got = read_document(build_docx(parse_doc_text(text)), "tt.docx").to_json_dict()["deadlines"]
        return [(d["kind"], d["date"]) for d in got]

    assert deadlines("Người được cử làm chuyên gia tại Lào đến hết ngày 31 tháng 12 năm 1988 nay đã nghỉ hưu.") == []
    assert deadlines("Các Sở gửi kết quả rà soát về Bộ trước ngày 31 tháng 12 năm 2022.") == [("other", "2022-12-31")]
    # a passed date first, the deadline after it: the deadline is kept
    assert deadlines("Các Sở gửi báo cáo trước ngày 30/4/2022 (đã quá hạn), chậm nhất ngày 20/5/2022 về Bộ.") == [
        ("other", "2022-05-20")
    ]
