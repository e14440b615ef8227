"""Several machines, shown on one: a Prefect server on PostgreSQL, one process work pool, two workers.

Each worker has its own data dir and Prefect home, as a separate machine would; they share what machines share:
the application database (PostgreSQL), the received files (KEHOACH_FILES_DIR), the link key and the SMTP server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import configure
from tests.paths import REPO
from tests.pg import ThrowawayPostgres
from tests.smtp import SmtpSink, free_port

NOW = "2026-11-23T09:00:00+07:00"
POOL = "kehoach-kiem-thu"
SECRET = "khoa-ky-duong-dan-dung-chung-cho-moi-may-0123456789"


@dataclass
class Stack:
    api_url: str
    app_url: str
    files_dir: Path
    worker_logs: list[Path]
    smtp: SmtpSink


def _wait_health(api_url: str, proc: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the Prefect server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"the Prefect server did not answer:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def stack(postgres: ThrowawayPostgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A Prefect server on PostgreSQL, the deployments registered with one process pool, two workers."""
    from models.migrate import upgrade_to_head

    tmp = tmp_path_factory.mktemp("workers")
    prefect_db = postgres.new_database().replace("postgresql+psycopg://", "postgresql+asyncpg://")
    app_url = postgres.new_database()
    upgrade_to_head(app_url)
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    base = {
        **os.environ,
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "INFO",
    }
    procs: list[subprocess.Popen] = []
    smtp = SmtpSink().__enter__()
    smtp.collector.delay_s = 0.05  # each message takes a while: the two senders' runs overlap
    try:
        log = tmp / "prefect-server.log"
        server_env = base | {
            "PREFECT_HOME": str(tmp / "prefect-server"),
            "PREFECT_API_DATABASE_CONNECTION_URL": prefect_db,
            "PREFECT_UI_ENABLED": "false",
        }
        with log.open("wb") as f:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                    env=server_env,
                    stdout=f,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    cwd=tmp,
                )
            )
        _wait_health(api_url, procs[0], log)
        r = subprocess.run(
            [sys.executable, "-m", "deployments.pool", "--pool", POOL],
            env=base | {"PREFECT_HOME": str(tmp / "registrar")},
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 0, r.stdout + r.stderr
        assert "dispatch-plan → work pool" in r.stdout and "send-outbox → work pool" in r.stdout, r.stdout
        files_dir = tmp / "chia-se" / "tep"  # storage both "machines" reach
        files_dir.mkdir(parents=True)
        worker_logs = []
        for name in ("may-1", "may-2"):
            wlog = tmp / f"worker-{name}.log"
            (tmp / name / "prefect").mkdir(parents=True)
            worker_env = base | {
                "PREFECT_HOME": str(tmp / name / "prefect"),
                "PREFECT_WORKER_QUERY_SECONDS": "2",
                "KEHOACH_DATA_DIR": str(tmp / name / "var"),
                "KEHOACH_DATABASE_URL": app_url,
                "KEHOACH_FILES_DIR": str(files_dir),
                "KEHOACH_SECRET_KEY": SECRET,
                "KEHOACH_SMTP_HOST": "127.0.0.1",
                "KEHOACH_SMTP_PORT": str(smtp.port),
                "KEHOACH_NOW": NOW,
            }
            with wlog.open("wb") as f:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "prefect", "worker", "start", "--pool", POOL, "--name", name]
                        + ["--type", "process", "--limit", "1"],
                        env=worker_env,
                        stdout=f,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                        cwd=tmp / "chia-se",
                    )
                )
            worker_logs.append(wlog)
        yield Stack(api_url, app_url, files_dir, worker_logs, smtp)
    finally:
        for p in reversed(procs):
            _stop(p)
        smtp.__exit__(None, None, None)


def _run_and_wait(api_url: str, name: str, parameters: dict, count: int = 1, timeout: float = 300) -> list:
    """Create `count` runs of a deployment at once and wait until all are final; return the flow runs."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}):
        runs = [run_deployment(name, parameters=parameters, timeout=0) for _ in range(count)]
        deadline = time.monotonic() + timeout
        with get_client(sync_client=True) as client:
            while True:
                done = [client.read_flow_run(r.id) for r in runs]
                if all(fr.state is not None and fr.state.is_final() for fr in done):
                    return done
                if time.monotonic() > deadline:
                    raise AssertionError(f"runs not finished: {[(fr.id, fr.state_name) for fr in done]}")
                time.sleep(1)


def _picked_by(stack: Stack, flow_run_id) -> list[str]:
    """Return the workers that ran a flow run (its process prints where to view it; a worker that lost the race to
    submit it only names it in an "Aborted submission" line)."""
    ran = f"/flow-run/{flow_run_id}"
    return [log.stem.removeprefix("worker-") for log in stack.worker_logs if ran in log.read_text()]


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_drain_the_outbox_at_once_and_run_a_dispatch_into_postgresql(
    stack: Stack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.db import session_scope
    from models.obligations import list_obligations
    from models.outbox import OutgoingMessage, count_messages_by_state
    from tests.outbox_rows import queue_rows

    configure(
        monkeypatch,
        tmp_path / "var",
        stack.app_url,
        KEHOACH_NOW=NOW,
        KEHOACH_FILES_DIR=str(stack.files_dir),
        KEHOACH_SECRET_KEY=SECRET,
    )
    # Two send-outbox runs at once, one on each worker, over 600 queued messages with an attachment on shared storage
    addrs = queue_rows(600, prefix="dv", attach=True)
    runs = _run_and_wait(stack.api_url, "send-outbox/send-outbox", {}, count=2)
    assert [fr.state.type.value for fr in runs] == ["COMPLETED", "COMPLETED"], [fr.state for fr in runs]
    assert sorted(w for fr in runs for w in _picked_by(stack, fr.id)) == ["may-1", "may-2"]
    with session_scope() as s:
        assert count_messages_by_state(session=s) == {"sent": 600}
        from sqlmodel import select

        senders = Counter(s.exec(select(OutgoingMessage.claimed_by)).all())
    print(f"\nmessages sent by each worker's sender: {sorted(senders.values())}")
    assert len(senders) == 2 and min(senders.values()) > 0, senders  # both drained it, at the same time
    received = stack.smtp.collector.received
    ids = [r.message["Message-ID"] for r in received]
    assert len(received) == 600 and len(set(ids)) == 600  # no message sent twice
    assert sorted(to for r in received for to in r.rcpt_tos) == sorted(addrs)

    # A dispatch on whichever worker takes it: the obligations land in PostgreSQL, the notices go out once each
    from bench.tree import approved_plan

    document_id = approved_plan(30, tmp_path)
    (run,) = _run_and_wait(stack.api_url, "dispatch-plan/dispatch-plan", {"document_id": document_id})
    assert run.state.is_completed(), run.state
    assert len(_picked_by(stack, run.id)) == 1
    with session_scope() as s:
        assert len(list_obligations(session=s, document_id=document_id)) == 60
        assert count_messages_by_state(session=s, document_id=document_id) == {"sent": 30}
    notices = stack.smtp.collector.received[600:]  # after the 600 above, which were notices too
    assert all(b"X-Kehoach-Kind: notice" in r.data for r in notices)
    assert len(notices) == 30 and len({r.message["Message-ID"] for r in notices}) == 30
