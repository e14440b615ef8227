"""What a plan asks of units, and by when: its deadlines turned into requirements with due rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kehoach import clock, workdays
from kehoach.settings import get_settings
from models.states import ObligationState, RequirementKind, label
from models.types import new_token

PERIOD_KINDS = {"monthly": "month", "quarterly": "quarter", "semiannual": "half", "annual": "year"}
DATA_WINDOW_CLOSES = 14  # ND 09/2019: a month's data runs from the 15th of the month before to the 14th
PERIOD_WORDS = {"month": "hằng tháng", "quarter": "hằng quý", "half": "6 tháng", "year": "hằng năm"}


def first_period(period_kind: str, issued: date) -> workdays.Period:
    """Return the first period whose ND 09 data window is still open on the issue date."""
    p = workdays.Period.containing(issued, period_kind)
    while p.window()[1] < issued:
        p = p.next()
    return p


def due_of(req: dict, period: str | None) -> date:
    """Return a requirement's due date for a period."""
    rule = workdays.parse_rule(req["due_rule"])
    return rule.due(workdays.Period.parse(period) if period else None)


def lock_date_for(due: date) -> date:
    """Return the last day a link takes uploads: the due date plus the lock days, on a working day."""
    return workdays.next_working_day(due + timedelta(days=get_settings().lock_days))


def obligation_row(
    *,
    document_id: int,
    requirement_id: int,
    unit_id: int,
    period: str,
    due: date,
    now: datetime,
    lock: date | None = None,
) -> dict:
    """Return a new, pending obligation as the row `insert_obligations` takes: its lock date from the due date
    (unless given), a fresh link token, link version 1."""
    return {
        "document_id": document_id,
        "requirement_id": requirement_id,
        "unit_id": unit_id,
        "period": period,
        "due_date": due,
        "lock_date": lock or lock_date_for(due),
        "state": ObligationState.pending,
        "link_version": 1,
        "created_at": now,
        "updated_at": now,
        "token": new_token(),
    }


# the last month of each period of a kind in a year
PERIOD_ENDS = {"quarterly": (3, 6, 9, 12), "semiannual": (6, 12), "annual": (12,)}


def periodic_rule(deadline: dict) -> workdays.Rule:
    """Return the due rule of a periodic report from what the plan says.

    "trước ngày 20 hằng tháng" (`day` 20): day 20 of the period's last month. A day before the 15th lies inside
    that month's ND 09 data window, so "trước ngày 05 hằng tháng" is the deadline of the period just ended: day 5
    of the month after the period. A day and month ("báo cáo năm trước ngày 20/11", or a full date) keep that
    month in every period: the period's last month, a month before it (20/11 of each year), or a month after it
    ("báo cáo 6 tháng trước ngày 10/7", "báo cáo năm trước ngày 15/02 năm sau"), whichever period end is nearest.
    Nothing said: one working day after the data window closes.
    """
    day, month = deadline.get("day"), deadline.get("month")
    if deadline.get("date") and not day:
        stated = date.fromisoformat(deadline["date"])
        day, month = stated.day, stated.month
    ends = PERIOD_ENDS.get(deadline.get("period") or "")
    if day and month and ends:
        # the period end nearest the stated month, after it on a tie: "báo cáo năm trước ngày 20/11" is a month
        # before the year ends, "trước ngày 15/02 năm sau" two months after it
        shift = min(((month - e + 5) % 12 - 5 for e in ends), key=lambda k: (abs(k), -k))
        if shift == 1:
            return workdays.DayAfterPeriod(day)
        return workdays.DayOfPeriod(day, shift)
    if day and deadline.get("date"):
        return workdays.DayOfPeriod(day)
    if day:
        return workdays.DayOfPeriod(day) if day > DATA_WINDOW_CLOSES else workdays.DayAfterPeriod(day)
    return workdays.WorkingDaysAfterWindow(1)


def review_rule(deadline: dict, year: int) -> workdays.Rule:
    """Return the due rule of a sơ kết or tổng kết: its date; else the last working day of its month
    ("Tháng 6 năm 2028: Sơ kết" → 30/6/2028); else one working day after the year's data window closes (mid-December).
    """
    if deadline.get("date"):
        return workdays.FixedDate(date.fromisoformat(deadline["date"]))
    if deadline.get("month"):
        return workdays.FixedDate(workdays.last_working_day_of_month(year, int(deadline["month"])))
    return workdays.WorkingDaysAfterWindow(1)


def plan_requirements(fields: dict, *, today: date, due_override: date | None) -> tuple[list[dict], list[str]]:
    """Turn the deadlines a plan states into requirements with due rules; return them and warnings."""
    wd = workdays
    settings = get_settings()
    warnings: list[str] = []
    reqs: list[dict] = []
    submit = [
        d for d in fields.get("deadlines") or [] if d.get("kind") == RequirementKind.submit_plan and d.get("date")
    ]
    future = [d for d in submit if date.fromisoformat(d["date"]) >= today]
    if due_override is not None:
        due = wd.next_working_day(due_override)
        reqs.append({"kind": "submit_plan", "due_rule": str(wd.FixedDate(due)), "source_text": "--due"})
    elif future:
        d = min(future, key=lambda x: x["date"])
        due = wd.next_working_day(date.fromisoformat(d["date"]))
        reqs.append({"kind": "submit_plan", "due_rule": str(wd.FixedDate(due)), "source_text": d.get("text")})
    else:
        n = settings.default_due_working_days
        due = wd.add_working_days(today, n)
        why = "chỉ nêu hạn đã qua" if submit else "không nêu hạn cho đơn vị"
        warnings.append(
            f"Văn bản {why}: hạn gửi kế hoạch của đơn vị đặt mặc định {n} ngày làm việc kể từ hôm nay "
            f"({clock.vn_date_long(today)}), tức {clock.vn_date_long(due)}. Dùng --due để đặt hạn khác."
        )
        reqs.append({"kind": "submit_plan", "due_rule": str(wd.FixedDate(due)), "source_text": None})
    reqs[0]["title"] = "Xây dựng kế hoạch thực hiện"
    seen: set[tuple] = set()
    for d in fields.get("deadlines") or []:
        kind, period = d.get("kind"), d.get("period")
        if kind == RequirementKind.periodic_report and period in PERIOD_KINDS:
            pk = PERIOD_KINDS[period]
            if ("periodic", pk) in seen:
                continue
            seen.add(("periodic", pk))
            rule = periodic_rule(d)
            reqs.append(
                {
                    "kind": kind,
                    "period_kind": pk,
                    "due_rule": str(rule),
                    "first_period": str(first_period(pk, today)),
                    "title": f"Báo cáo định kỳ {PERIOD_WORDS[pk]}",
                    "source_text": d.get("text"),
                }
            )
        elif kind in (RequirementKind.so_ket, RequirementKind.tong_ket) and (d.get("year") or d.get("date")):
            year = d.get("year") or date.fromisoformat(d["date"]).year
            if (kind, year) in seen:
                continue
            seen.add((kind, year))
            rule = review_rule(d, year)
            reqs.append(
                {
                    "kind": kind,
                    "period_kind": "year",
                    "due_rule": str(rule),
                    "first_period": str(year),
                    "title": f"{label(kind)} năm {year}",
                    "source_text": d.get("text"),
                }
            )
    return reqs, warnings
