"""Benchmark: the working-day calendar's cost per call (the 'days late' column runs it once per obligation).

.venv/bin/python -m bench.workdays_speed [N]
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kehoach.workdays import (
    Period,
    WorkingDaysAfterWindow,
    add_working_days,
    is_working_day,
    working_days_between,
)


def _per_call_us(fn, n: int) -> float:
    t = time.perf_counter()
    for i in range(n):
        fn(i)
    return (time.perf_counter() - t) / n * 1e6


def main(n: int) -> None:
    base = date(2025, 1, 1)
    t = time.perf_counter()
    is_working_day(base)
    print(f"first call (builds 2025 from the holidays package): {(time.perf_counter() - t) * 1e3:.1f} ms")
    for y in range(2020, 2031):
        is_working_day(date(y, 6, 1))
    periods = [Period.parse(f"2026-{m:02d}") for m in range(1, 13)]
    rule = WorkingDaysAfterWindow(1)
    cases = {
        "is_working_day": lambda i: is_working_day(base + timedelta(days=i % 730)),
        "working_days_between, 60 days": lambda i: working_days_between(base, base + timedelta(days=60 + i % 7)),
        "working_days_between, 3 years": lambda i: working_days_between(base, base + timedelta(days=1100 + i % 7)),
        "add_working_days, 10": lambda i: add_working_days(base + timedelta(days=i % 365), 10),
        "WorkingDaysAfterWindow(1).due(month)": lambda i: rule.due(periods[i % 12]),
        "Period.parse + str": lambda i: str(Period.parse("2026-Q3")),
    }
    for name, fn in cases.items():
        print(f"{name:40s} {_per_call_us(fn, n):7.2f} µs/call")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
