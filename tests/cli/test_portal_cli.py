"""`kehoach portal` serves the portal alone; `kehoach plan links REF --supervisor` prints the status page's link."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.factories import make_plan_in_db
from tests.paths import REPO
from tests.smtp import free_port

KEHOACH = str(Path(sys.executable).parent / "kehoach")


def env_for(tmp_path: Path, db: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "KEHOACH_DATA_DIR": str(tmp_path / "var"),
        "KEHOACH_DATABASE_URL": db,
        "KEHOACH_NOW": "2026-11-23T09:00:00+07:00",
        "KEHOACH_PORTAL_URL": f"http://127.0.0.1:{port}",
        "KEHOACH_PORTAL_FOLLOWUP_S": "0",
        "PREFECT_API_URL": "http://127.0.0.1:9/api",  # nothing there: neither command needs Prefect
    }


@pytest.mark.slow
def test_portal_command_serves_the_supervisor_link_the_plan_command_prints(
    sqlite_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kehoach.settings import get_settings

    port = free_port()
    env = env_for(tmp_path, sqlite_db, port)
    monkeypatch.setenv("KEHOACH_PORTAL_URL", env["KEHOACH_PORTAL_URL"])
    get_settings.cache_clear()
    plan = make_plan_in_db(2)
    printed = subprocess.run(
        [KEHOACH, "plan", "links", plan.ref, "--supervisor"], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert printed.returncode == 0, printed.stderr
    link = printed.stdout.strip()
    assert link.startswith(f"http://127.0.0.1:{port}/theo-doi/{plan.ref}.")
    units = subprocess.run([KEHOACH, "plan", "links", plan.ref], env=env, cwd=REPO, capture_output=True, text=True)
    assert units.stdout.count("/nop/") == 2 and "/theo-doi/" not in units.stdout

    server = subprocess.Popen(
        [KEHOACH, "portal", "--port", str(port)], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(link, timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "kehoach portal did not start"
                time.sleep(0.2)
        assert page.status_code == 200 and "Phường Số 1" in page.text and "Phường Số 2" in page.text
    finally:
        server.terminate()  # this one process: `kehoach portal` has become `python -m portal`
        out, _ = server.communicate(timeout=20)
    assert b"Uvicorn running on http://127.0.0.1:" in out
