"""Long work over many rows, out of the garbage collector's way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loaded_kept() -> Iterator[None]:
    """Keep what the process has loaded out of the collector's scans while the block runs.

    A flow-run process holds some 220,000 objects once Prefect and SQLAlchemy are imported, and they live as long
    as it does; each full collection walked them all again. A dispatch to 10,000 units allocates enough rows to
    run two or three of them: 0.32 s of its 1.37 s before the first notice, 0.07 s with them set aside
    (`gc.freeze`). They go back to the collector afterwards, so a process that runs many flows (the tests, a
    worker) keeps collecting them.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
