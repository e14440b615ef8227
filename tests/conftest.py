"""Shared fixtures: settings pointed at a temp data dir, and the database on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Prefect: no telemetry offline, and its home (task cache, the temporary server's database)
# in a fresh folder, so a ~/.prefect left on the machine can neither help nor spoil a run.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="kehoach-tests-prefect-")

from tests.pg import ThrowawayPostgres
from tests.smtp import SmtpSink


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    """Start one throwaway PostgreSQL cluster for the session (fails, never skips, if it cannot)."""
    pg = ThrowawayPostgres().start()
    try:
        yield pg
    finally:
        pg.stop()


def configure(monkeypatch: pytest.MonkeyPatch, data_dir: Path, db_url: str, **extra: str) -> None:
    """Point kehoach's settings at a data dir and database, and forget cached settings/engines."""
    from kehoach.settings import get_settings

    monkeypatch.setenv("KEHOACH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("KEHOACH_DATABASE_URL", db_url)
    monkeypatch.delenv("KEHOACH_SMTP_HOST", raising=False)
    for k, v in extra.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Yield a migrated database URL: the same test runs on SQLite and on PostgreSQL."""
    from models.migrate import upgrade_to_head

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'var' / 'kehoach.db'}"
    else:
        url = request.getfixturevalue("postgres").new_database()
    (tmp_path / "var").mkdir(exist_ok=True)
    configure(monkeypatch, tmp_path / "var", url, KEHOACH_NOW="2026-11-23T09:00:00+07:00")
    upgrade_to_head(url)
    yield url
    from kehoach.settings import get_settings
    from models.db import engine_for

    engine_for(url).dispose()
    get_settings.cache_clear()


@pytest.fixture
def sqlite_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Yield a migrated SQLite database URL (for tests that only need one backend)."""
    from models.migrate import upgrade_to_head

    (tmp_path / "var").mkdir(exist_ok=True)
    url = f"sqlite:///{tmp_path / 'var' / 'kehoach.db'}"
    configure(monkeypatch, tmp_path / "var", url, KEHOACH_NOW="2026-11-23T09:00:00+07:00")
    upgrade_to_head(url)
    yield url
    from kehoach.settings import get_settings

    get_settings.cache_clear()


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Prefect's test harness once; return its API URL for subprocesses."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield PREFECT_API_URL.value()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    """A real SMTP server (aiosmtpd) collecting what it accepts."""
    with SmtpSink() as sink:
        yield sink
