"""A small run of bench/watch.py: it builds what it says and the watch does what it should (no times asserted)."""

from __future__ import annotations


def test_the_watch_bench_on_a_small_tree() -> None:
    from bench.watch import bench

    r = bench("sqlite", 120, None)
    assert (r["obligations"], r["units"]) == (120 * 100, 120)
    first, second = r["first"], r["second"]
    # Monday 19/04/2027: April's reports are due tomorrow; every unit that has not sent gets one message
    assert first["reminders"] == r["expected_reminders"] > 0 and first["units"] == first["reminders"]
    assert first["digests"] == 4 and first["queued"] == first["reminders"] + 4
    assert second["queued"] == 0 and second["reminders"] == 0  # twice: nothing new
    assert first["table_rows"] == 4 * 1000  # each plan's table capped at artifact_max_rows
