"""A running portal for HTTP tests: uvicorn in a thread on a free port, over the test's database and data dir."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from kehoach.settings import get_settings
from tests.factories import PlanInDb, make_plan_in_db
from tests.smtp import free_port


@dataclass
class Portal:
    url: str
    plan: PlanInDb

    def link(self, i: int = 0) -> str:
        """Return the full link of the plan's i-th unit (as its notice carries it)."""
        from models.db import session_scope
        from models.obligations import get_obligation
        from tasks.links import link_url

        with session_scope() as s:
            return link_url(get_obligation(session=s, obligation_id=self.plan.obligation_ids[i]))

    def supervisor(self) -> str:
        from models.db import session_scope
        from models.documents import get_document
        from tasks.links import supervisor_url

        with session_scope() as s:
            return supervisor_url(get_document(session=s, document_id=self.plan.document_id))

    def client(self, **kw: object) -> httpx.Client:
        return httpx.Client(timeout=30, **kw)

    def upload(self, i: int, name: str, data: bytes, *, follow: bool = False, **headers: str) -> httpx.Response:
        with self.client(follow_redirects=follow) as c:
            return c.post(self.link(i), files={"tep": (name, data)}, headers=headers)


class ServerThread:
    """uvicorn.Server in a daemon thread; `stop()` asks it to exit and waits."""

    def __init__(self, port: int) -> None:
        import uvicorn

        config = uvicorn.Config("portal.app:app", host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("portal did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)


def start_portal(monkeypatch: pytest.MonkeyPatch, n_units: int = 3, **env: str) -> tuple[ServerThread, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("KEHOACH_PORTAL_URL", url)
    monkeypatch.setenv("KEHOACH_PORTAL_FOLLOWUP_S", "0")
    # the portal needs no Prefect: point the client at nothing, and nothing may break
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    return ServerThread(port).start(), url


@pytest.fixture
def portal(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Portal]:
    """A portal over SQLite with a plan dispatched to three wards."""
    server, url = start_portal(monkeypatch)
    try:
        yield Portal(url, make_plan_in_db(3))
    finally:
        server.stop()


def text_of(html: str) -> str:
    """Return a page's visible text on one line (tags dropped, entities kept as written)."""
    body = re.sub(r"(?s)<(style|head)[^>]*>.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


class PortalProcess:
    """`python -m portal` in its own process(es), as `kehoach serve` starts it; `stop()` sends SIGTERM by pid."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        import subprocess
        import sys

        from tests.paths import REPO

        self.url = f"http://127.0.0.1:{port}"
        self.log = open(env["KEHOACH_DATA_DIR"] + f"/portal-{port}.log", "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "portal", "--port", str(port)], env=env, cwd=REPO, stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("portal process did not start")
            time.sleep(0.1)

    def memory_kb(self) -> dict[str, int]:
        """Return VmRSS and VmHWM (peak) of the serving process, in KB."""
        out = {}
        for line in open(f"/proc/{self.proc.pid}/status"):
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except Exception:  # it would not stop: kill this one process
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


def portal_process_env(monkeypatch: pytest.MonkeyPatch, port: int, **env: str) -> dict[str, str]:
    """Return the environment of a portal process over the test's data dir and database."""
    import os

    monkeypatch.setenv("KEHOACH_PORTAL_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    return {
        **os.environ,
        "KEHOACH_PORTAL_FOLLOWUP_S": "0",
        "PREFECT_API_URL": "http://127.0.0.1:9/api",  # no Prefect server: the portal must not need one
        **env,
    }
