"""kehoach.heap: what is loaded is set aside from the collector for a block, and handed back after it."""

from __future__ import annotations

import gc


def test_loaded_objects_are_set_aside_for_the_block_and_given_back() -> None:
    from kehoach.heap import loaded_kept

    assert gc.get_freeze_count() == 0
    with loaded_kept():
        assert gc.get_freeze_count() > 10_000  # the test process's modules, at least
    assert gc.get_freeze_count() == 0
    try:
        with loaded_kept():
            raise ValueError("stop")
    except ValueError:
        pass
    assert gc.get_freeze_count() == 0  # given back when the block fails too
