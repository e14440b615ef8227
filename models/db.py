"""Engine and sessions: SQLite (WAL, busy timeout) by default, PostgreSQL when configured."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from kehoach.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
_SQLITE_READY: set[str] = set()


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """Return a shared engine for a database URL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            # WAL and a busy timeout let the CLI, the portal and workers write the same file
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            # memory-mapped reads (shared by every connection) and a 16 MB page cache each: lookups stay in memory
            cur.execute("PRAGMA cache_size=-16384")
            cur.execute("PRAGMA mmap_size=268435456")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True)


def get_engine() -> Engine:
    """Return the engine for the configured database."""
    settings = get_settings()
    url = settings.db_url
    if url.startswith("sqlite") and url not in _SQLITE_READY:
        settings.data_dir.mkdir(parents=True, exist_ok=True)  # once a database, not once a session
        _SQLITE_READY.add(url)
    return engine_for(url)


@contextmanager
def session_scope() -> Iterator[Session]:
    """Open a session that commits on success and rolls back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def held_session() -> Iterator[Session]:
    """Open a session on one connection kept for many short transactions, each ended by the caller's commit.

    For a loop that commits thousands of times (the outbox sender): no pool checkout, no new session each time.
    """
    with get_engine().connect() as conn:
        session = Session(bind=conn, expire_on_commit=False)
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def is_sqlite() -> bool:
    """Return True when the configured database is SQLite (one writer, commits cost CPU, not a round trip)."""
    return get_engine().dialect.name == "sqlite"


# SQLite has one writer; threads of one process that wait for it in SQLite's busy handler sleep in steps of up
# to 100 ms. Taking turns on a lock first keeps a burst of writers (the portal's uploads) queued, not sleeping.
_SQLITE_WRITER = threading.Lock()


@contextmanager
def write_scope() -> Iterator[Session]:
    """Open a session for a short write transaction; on SQLite, threads of this process take turns first."""
    turn = _SQLITE_WRITER if get_engine().dialect.name == "sqlite" else nullcontext()
    with turn, session_scope() as session:
        yield session
