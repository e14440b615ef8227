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
