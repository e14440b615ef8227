"""Working days in Vietnam, the Nghị định 09/2019 report periods, and deadline rules.

Holidays (Tết included), substituted days off and make-up working Saturdays come from the `holidays`
package: its Vietnam calendar lists them (e.g. 26/04/2025 is a working Saturday, 02/05/2025 a day off).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
PERIOD_KINDS = (MONTH, QUARTER, HALF, YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    # one year a calendar keeps lookups cheap and lets the package compute lunar dates lazily
    return holidays.country_holidays("VN", years=[year - 1, year, year + 1])


def is_working_day(d: date) -> bool:
    """Return True on a working day: not a weekend (unless a make-up Saturday), not a holiday or day off."""
    return _calendar(d.year).is_working_day(d)


def holiday_name(d: date) -> str | None:
    """Return the name of the holiday or day off on a date, if any."""
    return _calendar(d.year).get(d)


def next_working_day(d: date) -> date:
    """Return d if it is a working day, else the next working day (a deadline on a day off moves forward)."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(d: date, n: int) -> date:
    """Return the n-th working day after d (n ≥ 0; 0 gives d rolled forward)."""
    if n <= 0:
        return next_working_day(d)
    while n:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def working_days_between(a: date, b: date) -> int:
    """Count working days in (a, b]; negative when b is before a. Used for 'days late'."""
    if b == a:
        return 0
    if b < a:
        return -working_days_between(b, a)
    n, d = 0, a
    while d < b:
        d += timedelta(days=1)
        n += is_working_day(d)
    return n


# Periods


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + delta
    return m // 12, m % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period, written 2026-03, 2026-Q1, 2026-H1 or 2026."""

    year: int
    kind: str
    index: int = 0  # month 1-12, quarter 1-4, half 1-2; 0 for a year

    @staticmethod
    def parse(text: str) -> Period:
        """Parse '2026-03', '2026-Q1', '2026-H1' or '2026'."""
        t = (text or "").strip().upper()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
            if 1 <= int(m[2]) <= 12:
                return Period(int(m[1]), MONTH, int(m[2]))
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", t):
            return Period(int(m[1]), QUARTER, int(m[2]))
        elif m := re.fullmatch(r"(\d{4})-H([12])", t):
            return Period(int(m[1]), HALF, int(m[2]))
        elif re.fullmatch(r"\d{4}", t):
            return Period(int(t), YEAR, 0)
        raise ValueError(
            f"Kỳ “{text}” không hợp lệ: viết 2026-03 (tháng), 2026-Q1 (quý), 2026-H1 (6 tháng) hoặc 2026 (năm)."
        )

    def __str__(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind == HALF:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @staticmethod
    def containing(d: date, kind: str) -> Period:
        """Return the calendar period of a kind that contains a date."""
        if kind == MONTH:
            return Period(d.year, MONTH, d.month)
        if kind == QUARTER:
            return Period(d.year, QUARTER, (d.month - 1) // 3 + 1)
        if kind == HALF:
            return Period(d.year, HALF, 1 if d.month <= 6 else 2)
        if kind == YEAR:
            return Period(d.year, YEAR, 0)
        raise ValueError(kind)

    def _months(self) -> tuple[int, int]:
        """First and last month of the period."""
        if self.kind == MONTH:
            return self.index, self.index
        if self.kind == QUARTER:
            return 3 * self.index - 2, 3 * self.index
        if self.kind == HALF:
            return (1, 6) if self.index == 1 else (7, 12)
        return 1, 12

    @property
    def start(self) -> date:
        return date(self.year, self._months()[0], 1)

    @property
    def end(self) -> date:
        y, m = _month_shift(self.year, self._months()[1], 1)
        return date(y, m, 1) - timedelta(days=1)

    def window(self) -> tuple[date, date]:
        """Return the ND 09/2019 data window: from the 15th of the month before the period to the 14th of its last."""
        first, last = self._months()
        y0, m0 = _month_shift(self.year, first, -1)
        return date(y0, m0, 15), date(self.year, last, 14)

    def next(self) -> Period:
        """Return the period that follows."""
        if self.kind == YEAR:
            return Period(self.year + 1, YEAR, 0)
        count = {MONTH: 12, QUARTER: 4, HALF: 2}[self.kind]
        if self.index == count:
            return Period(self.year + 1, self.kind, 1)
        return Period(self.year, self.kind, self.index + 1)

    def label_vi(self) -> str:
        """Return the period as an office writes it: 'tháng 03/2026', 'quý I/2026', '6 tháng đầu năm 2026'."""
        if self.kind == MONTH:
            return f"tháng {self.index:02d}/{self.year}"
        if self.kind == QUARTER:
            return f"quý {ROMAN[self.index]}/{self.year}"
        if self.kind == HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"


# Deadline rules: each gives a due date (rolled forward to a working day) and reads back from its string


@dataclass(frozen=True)
class FixedDate:
    """A fixed date."""

    day: date

    def due(self, period: Period | None = None) -> date:
        return next_working_day(self.day)

    def __str__(self) -> str:
        return f"fixed:{self.day.isoformat()}"


@dataclass(frozen=True)
class WorkingDaysAfter:
    """N working days after an anchor date."""

    n: int
    anchor: date

    def due(self, period: Period | None = None) -> date:
        return add_working_days(self.anchor, self.n)

    def __str__(self) -> str:
        return f"wd_after:{self.n}:{self.anchor.isoformat()}"


@dataclass(frozen=True)
class DayOfPeriod:
    """Day D of the period's last month (the last day if the month is shorter)."""

    day: int

    def due(self, period: Period | None = None) -> date:
        if period is None:
            raise ValueError("DayOfPeriod needs a period")
        end = period.end
        return next_working_day(date(end.year, end.month, min(self.day, end.day)))

    def __str__(self) -> str:
        return f"day:{self.day}"


@dataclass(frozen=True)
class WorkingDaysAfterWindow:
    """N working days after the period's ND 09 data window closes (at least one, as the decree asks)."""

    n: int = 1

    def due(self, period: Period | None = None) -> date:
        if period is None:
            raise ValueError("WorkingDaysAfterWindow needs a period")
        return add_working_days(period.window()[1], max(1, self.n))

    def __str__(self) -> str:
        return f"wd_after_window:{self.n}"


Rule = FixedDate | WorkingDaysAfter | DayOfPeriod | WorkingDaysAfterWindow


def parse_rule(text: str) -> Rule:
    """Read a rule back from its string form."""
    kind, _, rest = text.partition(":")
    if kind == "fixed":
        return FixedDate(date.fromisoformat(rest))
    if kind == "wd_after":
        n, anchor = rest.split(":", 1)
        return WorkingDaysAfter(int(n), date.fromisoformat(anchor))
    if kind == "day":
        return DayOfPeriod(int(rest))
    if kind == "wd_after_window":
        return WorkingDaysAfterWindow(int(rest))
    raise ValueError(f"unknown deadline rule {text!r}")
