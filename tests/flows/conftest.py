"""Fixtures for flow tests: one Prefect test harness per session, SMTP sink, a CLI runner bound to both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import REPO
from tests.smtp import SmtpSink

KEHOACH = str(Path(sys.executable).parent / "kehoach")


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Prefect's test harness once; return its API URL for subprocesses."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield PREFECT_API_URL.value()


class Cli:
    """Run `kehoach` as a user does, against one data dir, database, SMTP server and Prefect API."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def __call__(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
        r = subprocess.run([KEHOACH, *args], capture_output=True, text=True, env=self.env, cwd=REPO, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"kehoach {' '.join(args)} → {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r

    def json(self, *args: str) -> dict:
        return json.loads(self(*args, "--json").stdout)

    def popen(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [KEHOACH, *args], env=self.env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink


def make_cli(tmp_path: Path, db_url: str, smtp: SmtpSink, prefect_api: str, now: str) -> Cli:
    env = {
        **os.environ,
        "KEHOACH_DATA_DIR": str(tmp_path / "var"),
        "KEHOACH_DATABASE_URL": db_url,
        "KEHOACH_SMTP_HOST": "127.0.0.1",
        "KEHOACH_SMTP_PORT": str(smtp.port),
        "KEHOACH_NOW": now,
        "KEHOACH_PORTAL_URL": "https://nop.example.vn",
        "PREFECT_API_URL": prefect_api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    return Cli(env)
