"""The one clock: KEHOACH_NOW (or the file KEHOACH_NOW_FILE names) replaces it everywhere, for tests, demos, trials."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kehoach.settings import get_settings

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


_file_clock: tuple[str, float, datetime | None] = ("", 0.0, None)


def _from_file(path: Path) -> datetime | None:
    """Return the time a clock file holds (re-read only when the file changes), or None when it holds none."""
    global _file_clock
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    name, seen, value = _file_clock
    if name != str(path) or seen != mtime:
        text = path.read_text(encoding="utf-8").strip()
        value = datetime.fromisoformat(text) if text else None
        _file_clock = (str(path), mtime, value)
    return value


def now() -> datetime:
    """Return the current time, timezone-aware in Asia/Ho_Chi_Minh."""
    settings = get_settings()
    fixed = (_from_file(settings.now_file) if settings.now_file else None) or settings.now
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
