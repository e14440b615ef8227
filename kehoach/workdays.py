"""Working days in Vietnam, the Nghị định 09/2019 report periods, and deadline rules.

Every fact about days off comes from the `holidays` package's Vietnam calendar, nothing is listed here:
- public holidays (Labour Code 2019, art. 112), Tết included, with the days the Government adds around
  Tết when one falls on a weekend (27/01/2025 for Saturday 01/02/2025);
- substituted days off (`VietnamStaticHolidays.special_public_holidays`: 02/05/2025 off, worked on
  Saturday 26/04/2025), which the package exposes as holidays plus `weekend_workdays`;
- observed days (Hùng Kings' day on Sunday 26/04/2026 → Monday 27/04/2026).
`HolidayBase.is_working_day` combines them: a weekend day is working only if it is a make-up day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

import holidays

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
PERIOD_KINDS = (MONTH, QUARTER, HALF, YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PERIOD_FORMS = "2026-03 (tháng), 2026-Q1 (quý), 2026-H1 (6 tháng) hoặc 2026 (năm)"


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    # The package files a swap under the year of the day off, and the make-up Saturday can sit in the
    # year before (02/01/2015 was worked on 27/12/2014): load the neighbours too.
    return holidays.country_holidays("VN", years=range(year - 1, year + 2), language="vi")


@lru_cache(maxsize=256)
def _year_table(year: int) -> tuple[bytes, tuple[int, ...]]:
    """Return, for each day of a year, 1 if it is a working day, and the running count from 1 January."""
    cal = _calendar(year)
    first = date(year, 1, 1)
    flags = bytes(cal.is_working_day(first + timedelta(days=i)) for i in range(date(year, 12, 31).timetuple().tm_yday))
    return flags, tuple(accumulate(flags))


def _day_index(d: date) -> int:
    return d.toordinal() - date(d.year, 1, 1).toordinal()


def is_working_day(d: date) -> bool:
    """Return True on a working day: not a weekend (unless a make-up Saturday), not a holiday or day off."""
    return bool(_year_table(d.year)[0][_day_index(d)])


def holiday_name(d: date) -> str | None:
    """Return the Vietnamese name of the holiday or day off on a date, if any."""
    return _calendar(d.year).get(d)


def next_working_day(d: date) -> date:
    """Return d if it is a working day, else the next working day (a deadline on a day off moves forward)."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def last_working_day_of_month(year: int, month: int) -> date:
    """Return the last working day of a month (a sơ kết "in June 2028" is due by then)."""
    y, m = _month_shift(year, month, 1)
    d = date(y, m, 1) - timedelta(days=1)
    while not is_working_day(d):
        d -= timedelta(days=1)
    return d


def add_working_days(d: date, n: int) -> date:
    """Return the n-th working day strictly after d (before d if n < 0); n = 0 gives d rolled forward."""
    if n == 0:
        return next_working_day(d)
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        d += step
        left -= is_working_day(d)
    return d


def _working_days_through(d: date) -> int:
    """Count working days from 1 January of d's year through d."""
    return _year_table(d.year)[1][_day_index(d)]


def working_days_between(a: date, b: date) -> int:
    """Count working days in (a, b]; negative when b is before a. Used for 'days late'."""
    if b < a:
        return -working_days_between(b, a)
    total = _working_days_through(b) - _working_days_through(a)
    # whole years in between: add the working days of each year before b's
    for year in range(a.year, b.year):
        total += _year_table(year)[1][-1]
    return total


# Periods


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + delta
    return m // 12, m % 12 + 1


_PERIOD_RE = re.compile(r"([1-9][0-9]{3})(?:-(?:([0-9]{2})|Q([1-4])|H([12])))?")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period, written 2026-03, 2026-Q1, 2026-H1 or 2026 (CLI, JSON, files, database)."""

    kind: str
    year: int
    index: int = 0  # month 1-12, quarter 1-4, half 1-2; 0 for a year

    def __post_init__(self) -> None:
        top = {MONTH: 12, QUARTER: 4, HALF: 2, YEAR: 0}.get(self.kind)
        if top is None:
            raise ValueError(f"Loại kỳ “{self.kind}” không hợp lệ: chọn một trong {', '.join(PERIOD_KINDS)}.")
        if not (1 <= self.index <= top if top else self.index == 0) or not 1000 <= self.year <= 9999:
            raise ValueError(f"Kỳ {self.kind} {self.year}/{self.index} không hợp lệ.")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse exactly '2026-03', '2026-Q1', '2026-H1' or '2026'."""
        m = _PERIOD_RE.fullmatch(text or "")
        if m is None or (m[2] is not None and not 1 <= int(m[2]) <= 12):
            raise ValueError(f"Kỳ “{text}” không hợp lệ: viết {_PERIOD_FORMS}.")
        year = int(m[1])
        if m[2]:
            return cls(MONTH, year, int(m[2]))
        if m[3]:
            return cls(QUARTER, year, int(m[3]))
        if m[4]:
            return cls(HALF, year, int(m[4]))
        return cls(YEAR, year, 0)

    def __str__(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind == HALF:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @classmethod
    def containing(cls, d: date, kind: str) -> Period:
        """Return the calendar period of a kind that contains a date."""
        if kind == MONTH:
            return cls(MONTH, d.year, d.month)
        if kind == QUARTER:
            return cls(QUARTER, d.year, (d.month - 1) // 3 + 1)
        if kind == HALF:
            return cls(HALF, d.year, 1 if d.month <= 6 else 2)
        if kind == YEAR:
            return cls(YEAR, d.year, 0)
        raise ValueError(f"Loại kỳ “{kind}” không hợp lệ: chọn một trong {', '.join(PERIOD_KINDS)}.")

    def _months(self) -> tuple[int, int]:
        """Return the first and last month of the period."""
        if self.kind == MONTH:
            return self.index, self.index
        if self.kind == QUARTER:
            return 3 * self.index - 2, 3 * self.index
        if self.kind == HALF:
            return (1, 6) if self.index == 1 else (7, 12)
        return 1, 12

    @property
    def start(self) -> date:
        """Return the first calendar day of the period."""
        return date(self.year, self._months()[0], 1)

    @property
    def end(self) -> date:
        """Return the last calendar day of the period."""
        y, m = _month_shift(self.year, self._months()[1], 1)
        return date(y, m, 1) - timedelta(days=1)

    def window(self) -> tuple[date, date]:
        """Return the ND 09/2019 data window, inclusive: the 15th of the month before to the 14th of the last."""
        first, last = self._months()
        y0, m0 = _month_shift(self.year, first, -1)
        return date(y0, m0, 15), date(self.year, last, 14)

    def next(self) -> Period:
        """Return the period of the same kind that follows."""
        if self.kind == YEAR:
            return Period(YEAR, self.year + 1, 0)
        count = {MONTH: 12, QUARTER: 4, HALF: 2}[self.kind]
        if self.index == count:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.index + 1)

    def label_vi(self) -> str:
        """Return the period as an office writes it: 'tháng 03/2026', 'quý I/2026', '6 tháng đầu năm 2026'."""
        if self.kind == MONTH:
            return f"tháng {self.index:02d}/{self.year}"
        if self.kind == QUARTER:
            return f"quý {ROMAN[self.index]}/{self.year}"
        if self.kind == HALF:
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"


# Deadline rules: each gives a due date rolled forward to a working day, and reads back from its string


def _need_period(rule: object, period: Period | None) -> Period:
    if period is None:
        raise ValueError(f"Hạn “{rule}” tính theo kỳ báo cáo: cần cho biết kỳ.")
    return period


@dataclass(frozen=True)
class FixedDate:
    """A fixed date."""

    day: date

    def due(self, period: Period | None = None) -> date:
        """Return the date, moved to the next working day if it is a day off."""
        return next_working_day(self.day)

    def __str__(self) -> str:
        return f"fixed:{self.day.isoformat()}"


@dataclass(frozen=True)
class WorkingDaysAfter:
    """N working days after an anchor date (usually the day the plan is issued)."""

    n: int
    anchor: date

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ValueError(f"Số ngày làm việc phải không âm (nhận {self.n}).")

    def due(self, period: Period | None = None) -> date:
        """Return the n-th working day after the anchor."""
        return add_working_days(self.anchor, self.n)

    def __str__(self) -> str:
        return f"wd_after:{self.n}:{self.anchor.isoformat()}"


@dataclass(frozen=True)
class DayOfPeriod:
    """Day D of the period's last month (its last day if the month is shorter): 'trước ngày 20 của tháng cuối kỳ'.

    With `shift` k, day D of the month k months from the last: 'báo cáo năm trước ngày 20/11' is day 20 of the
    year's 12th month shifted by −1, 'trước ngày 15/02 năm sau' shifted by 2. Written 'day:20', or 'day:20:-1'.
    """

    day: int
    shift: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31:
            raise ValueError(f"Ngày trong tháng phải từ 1 đến 31 (nhận {self.day}).")
        if not -11 <= self.shift <= 11:
            raise ValueError(f"Số tháng lệch so với tháng cuối kỳ phải từ -11 đến 11 (nhận {self.shift}).")

    def due(self, period: Period | None = None) -> date:
        """Return day D of the period's last month (shifted), moved to the next working day if it is a day off."""
        end = _need_period(self, period).end
        y, m = _month_shift(end.year, end.month, self.shift)
        return next_working_day(date(y, m, min(self.day, calendar.monthrange(y, m)[1])))

    def __str__(self) -> str:
        return f"day:{self.day}" if not self.shift else f"day:{self.day}:{self.shift}"


@dataclass(frozen=True)
class DayAfterPeriod:
    """Day D of the month after the period ends: 'trước ngày 05 hằng tháng' reports on the month before.

    A day inside the period's ND 09 data window (before the 15th) cannot be the deadline of that period's report,
    which must come after the window closes; it is the deadline of the period just ended.
    """

    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31:
            raise ValueError(f"Ngày trong tháng phải từ 1 đến 31 (nhận {self.day}).")

    def due(self, period: Period | None = None) -> date:
        """Return day D of the month after the period, moved to the next working day if it is a day off."""
        return DayOfPeriod(self.day, 1).due(_need_period(self, period))

    def __str__(self) -> str:
        return f"day_after:{self.day}"


@dataclass(frozen=True)
class WorkingDaysAfterWindow:
    """N working days after the period's ND 09 data window closes (the decree asks for at least one)."""

    n: int = 1

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"Hạn phải sau khi chốt số liệu ít nhất 1 ngày làm việc (nhận {self.n}).")

    def due(self, period: Period | None = None) -> date:
        """Return the n-th working day after the data window's last day."""
        return add_working_days(_need_period(self, period).window()[1], self.n)

    def __str__(self) -> str:
        return f"wd_after_window:{self.n}"


Rule = FixedDate | WorkingDaysAfter | DayOfPeriod | DayAfterPeriod | WorkingDaysAfterWindow

_ISO = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
_RULE_FORMS = "fixed:2023-02-23, wd_after:10:2026-11-23, day:20, day:20:-1, day_after:5 hoặc wd_after_window:1"


def parse_rule(text: str) -> Rule:
    """Read a rule back from its string form, e.g. 'fixed:2023-02-23' or 'wd_after_window:1'."""
    try:
        if m := re.fullmatch(rf"fixed:{_ISO}", text):
            return FixedDate(date.fromisoformat(m[1]))
        if m := re.fullmatch(rf"wd_after:([0-9]+):{_ISO}", text):
            return WorkingDaysAfter(int(m[1]), date.fromisoformat(m[2]))
        if m := re.fullmatch(r"day:([0-9]+)(?::(-?[0-9]+))?", text):
            return DayOfPeriod(int(m[1]), int(m[2] or 0))
        if m := re.fullmatch(r"day_after:([0-9]+)", text):
            return DayAfterPeriod(int(m[1]))
        if m := re.fullmatch(r"wd_after_window:([0-9]+)", text):
            return WorkingDaysAfterWindow(int(m[1]))
    except ValueError as exc:  # a date like 2026-02-30, or a value out of range
        raise ValueError(f"Quy tắc hạn “{text}” không hợp lệ: {exc}") from exc
    raise ValueError(f"Quy tắc hạn “{text}” không hợp lệ: viết {_RULE_FORMS}.")
