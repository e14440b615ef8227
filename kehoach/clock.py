"""The one clock: KEHOACH_NOW replaces it everywhere, for tests, demos and trials."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from kehoach.settings import get_settings

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    """Return the current time, timezone-aware in Asia/Ho_Chi_Minh."""
    fixed = get_settings().now
    if fixed is not None:
        return fixed.astimezone(VN_TZ) if fixed.tzinfo else fixed.replace(tzinfo=VN_TZ)
    return datetime.now(VN_TZ)


def today() -> date:
    """Return today's date in Vietnam."""
    return now().date()


def as_vn(dt: datetime) -> datetime:
    """Return an aware datetime in Vietnam time (naive values read back from SQLite are UTC)."""
    if dt.tzinfo is None:
        from datetime import UTC

        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(VN_TZ)


def vn_date_long(d: date) -> str:
    """Write a date as Nghị định 30 wants it: 'ngày 05 tháng 02 năm 2023', 'ngày 26 tháng 8 năm 2019'."""
    # ND 30: days under 10 and months 1-2 take a leading zero; months 3-12 do not
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"
