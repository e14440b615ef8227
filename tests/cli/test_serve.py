"""`kehoach serve` as an operator runs it: one process tree, found by the CLI, stopped by SIGTERM, kept across
restarts; and `plan issue` without it, on a bare home, beside a CPU hog."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest

from tests.factories import PlanSpec, plan_docx
from tests.paths import OUTPUT, REPO
from tests.smtp import free_port

KEHOACH = str(Path(sys.executable).parent / "kehoach")
NOW = "2026-11-23T09:00:00+07:00"
NOT_KEPT = "lịch sử của nó sẽ không được giữ đầy đủ"
pytestmark = pytest.mark.slow


def bare_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The test's environment without any KEHOACH_ or PREFECT_ setting, pointed at `data_dir`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEHOACH_", "PREFECT_"))}
    env.update(KEHOACH_DATA_DIR=str(data_dir), KEHOACH_NOW=NOW, PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    return env


def province_plan(folder: Path, so_ky_hieu: str = "120/KH-UBND") -> Path:
    """A plan of Vĩnh Long province sent to every commune and ward (124 units)."""
    spec = PlanSpec(
        so_ky_hieu=so_ky_hieu,
        parent_body="",
        issuer_body="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
        place="Vĩnh Long",
        issued_on=date(2026, 11, 20),
        noi_nhan=["UBND các xã, phường;", "Lưu: VT, NC."],
        body=[
            "I. TỔ CHỨC THỰC HIỆN",
            "Ủy ban nhân dân các xã, phường xây dựng kế hoạch thực hiện, gửi về Sở Nội vụ "
            "trước ngày 15 tháng 12 năm 2026; định kỳ hằng năm báo cáo kết quả.",
        ],
    )
    path = folder / f"ke-hoach-{so_ky_hieu.split('/')[0]}.docx"
    path.write_bytes(plan_docx(spec))
    return path


class Served:
    """One data dir and port; `kehoach serve` started and stopped on them as an operator would."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        self.args = args  # serve's options
        self.data = root / "var"
        self.port = free_port()
        self.portal_port = free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        # every process serve starts, and all they start, inherit this: how the test finds what is left
        self.mark = uuid.uuid4().hex
        self.env = bare_env(
            self.data,
            KEHOACH_PREFECT_PORT=str(self.port),
            KEHOACH_PORTAL_PORT=str(self.portal_port),
            KEHOACH_TEST_MARK=self.mark,
        )
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 300) -> float:
        """Start serve; return the seconds until it wrote where it listens."""
        self.starts += 1
        self.output = self.root / f"serve-{self.starts}.out"
        began = time.monotonic()
        with self.output.open("wb") as out:
            self.proc = subprocess.Popen(
                [KEHOACH, "serve", *self.args],
                env=self.env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group, so the test can check the group is empty afterwards
            )
        while not (self.data / "serve.json").exists():
            if self.proc.poll() is not None:
                raise AssertionError(f"serve stopped ({self.proc.returncode}):\n{self.output.read_text()}")
            if time.monotonic() - began > timeout:
                raise AssertionError(f"serve not ready after {timeout} s:\n{self.output.read_text()}")
            time.sleep(0.2)
        return time.monotonic() - began

    def stop(self, sig: int = signal.SIGTERM) -> float:
        """Send `sig` to serve; return the seconds until it exited."""
        assert self.proc is not None
        began = time.monotonic()
        self.proc.send_signal(sig)
        self.proc.wait(60)
        return time.monotonic() - began

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def leftovers(self) -> list[int]:
        """Return the processes still carrying this test's mark."""
        needle = f"KEHOACH_TEST_MARK={self.mark}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if needle in (entry / "environ").read_bytes().split(b"\0"):
                        found.append(int(entry.name))
                except OSError:
                    pass
        return found

    def cli(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
        r = subprocess.run([KEHOACH, *args], capture_output=True, text=True, env=self.env, cwd=REPO, timeout=timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"kehoach {' '.join(args)} → {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r

    def kill_leftovers(self) -> None:
        if self.running():
            self.stop()
        for pid in self.leftovers():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`kehoach serve` on a free port and a temp data dir, with Vĩnh Long's communes loaded."""
    s = Served(tmp_path_factory.mktemp("serve"))
    try:
        print(f"\nkehoach serve ready in {s.start():.1f} s (first start on an empty data dir)")
        s.cli("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn")
        yield s
    finally:
        s.kill_leftovers()


@asynccontextmanager
async def client_of(served: Served):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: served.api_url}):
        async with get_client() as client:
            yield client


async def runs_of(client, flow_name: str) -> list:
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.client.schemas.sorting import FlowRunSort

    return await client.read_flow_runs(
        flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name])), limit=50, sort=FlowRunSort.START_TIME_DESC
    )


async def artifact(client, key: str):
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, TaskRunFilter
    from prefect.client.schemas.sorting import ArtifactSort

    # every field given: this server version refuses the client's nulls for limit, sort and run filters
    found = await client.read_artifacts(
        artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
        limit=1,
        sort=ArtifactSort.CREATED_DESC,
        flow_run_filter=FlowRunFilter(),
        task_run_filter=TaskRunFilter(),
    )
    return found[0] if found else None


async def deployments_by_name(client) -> dict:
    from prefect.client.schemas.sorting import DeploymentSort

    return {d.name: d for d in await client.read_deployments(limit=50, sort=DeploymentSort.NAME_ASC)}


async def screenshot(url: str, path: Path, wait_for: str) -> str:
    """Open `url` in Chromium, wait for `wait_for` to show, save a PNG; return the page's text."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 760})
            await page.goto(url, wait_until="networkidle", timeout=90_000)
            await page.get_by_text(wait_for).first.wait_for(timeout=60_000)
            await page.wait_for_timeout(1000)
            path.parent.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(path), full_page=False)
            return await page.inner_text("body")
        finally:
            await browser.close()


async def test_serve_keeps_runs_artifacts_and_schedules_across_a_restart(served: Served) -> None:
    from prefect.client.schemas.objects import StateType

    # A second serve on the same data dir refuses instead of fighting the first
    second = subprocess.run(
        [KEHOACH, "serve", "--no-portal"], env=served.env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert second.returncode == 1 and "đã chạy cho thư mục dữ liệu" in second.stderr, second.stderr
    state = json.loads((served.data / "serve.json").read_text())
    assert state["ui_url"] == f"http://127.0.0.1:{served.port}" and state["smtp"]["port"]
    assert state["portal_url"] == f"http://127.0.0.1:{served.portal_port}"
    with urllib.request.urlopen(state["portal_url"], timeout=30) as page:
        assert page.status == 200
    printed = served.output.read_text()
    assert state["ui_url"] in printed and "send-outbox (*/5 * * * * (Asia/Ho_Chi_Minh))" in printed

    # The CLI finds serve by itself: the run is kept, no word about lost history
    began = time.monotonic()
    r = served.cli("plan", "issue", str(province_plan(served.root)), "--issuer", "86", "--yes", "--json")
    print(f"plan issue --yes against serve: {time.monotonic() - began:.1f} s")
    assert NOT_KEPT not in r.stderr
    ref = json.loads(r.stdout)["ref"]
    async with client_of(served) as client:
        (run,) = await runs_of(client, "issue-plan")
        assert run.state_type == StateType.COMPLETED
        table = await artifact(client, f"plan-{ref}-status")
        summary = await artifact(client, f"plan-{ref}")
        deployments = await deployments_by_name(client)
    rows = table.data if isinstance(table.data, list) else json.loads(table.data)
    assert len(rows) == 248 and table.flow_run_id is not None
    assert "120/KH-UBND" in summary.data
    assert set(deployments) >= {"issue-plan", "approve-plan", "dispatch-plan", "send-outbox"}
    for d in deployments.values():
        assert d.entrypoint.startswith("flows/") and not d.paused
    (schedule,) = deployments["send-outbox"].schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == (
        "*/5 * * * *",
        "Asia/Ho_Chi_Minh",
        True,
    )

    # The schedule runs: Prefect's scheduler has put send-outbox's next runs on the calendar
    async with client_of(served) as client:
        for _ in range(180):
            upcoming = [r for r in await runs_of(client, "send-outbox") if r.state_type == StateType.SCHEDULED]
            if upcoming:
                break
            await asyncio.sleep(0.5)
    assert upcoming, f"no scheduled send-outbox run; see {served.data / 'logs' / 'prefect-server.log'}"
    assert {r.expected_start_time.minute % 5 for r in upcoming} == {0}

    # What a supervisor sees: the plan's table and summary in the UI (which calls this port's API, not 4200's)
    for art, name, shows in ((table, "serve-plan-table.png", "Chưa nộp"), (summary, "serve-plan-summary.png", ref)):
        page = await screenshot(f"{state['ui_url']}/artifacts/artifact/{art.id}", OUTPUT / name, shows)
        assert "Can't connect" not in page and art.key in page

    # SIGTERM stops everything, in time, and leaves no process behind
    group = served.proc.pid
    print(f"stop after SIGTERM: {served.stop():.1f} s")
    assert served.proc.returncode == 0
    with pytest.raises(ProcessLookupError):
        os.killpg(group, 0)
    assert served.leftovers() == []
    assert not (served.data / "serve.json").exists()
    # while nothing runs, the schedule is still active in Prefect's database (pause_on_shutdown=False)
    with sqlite3.connect(served.data / "prefect" / "prefect.db") as db:
        kept = db.execute(
            "SELECT d.paused, s.active FROM deployment d JOIN deployment_schedule s ON s.deployment_id = d.id"
            " WHERE d.name = 'send-outbox'"
        ).fetchall()
    assert kept == [(0, 1)]

    # Started again: the same run, the same deployments, the schedule still active
    print(f"kehoach serve ready in {served.start():.1f} s (restart)")
    async with client_of(served) as client:
        again = await client.read_flow_run(run.id)
        assert again.state_type == StateType.COMPLETED
        assert await artifact(client, f"plan-{ref}-status") is not None
        after = await deployments_by_name(client)
    assert {n: d.id for n, d in after.items()} == {n: d.id for n, d in deployments.items()}
    assert after["send-outbox"].schedules[0].active


async def test_approve_plan_from_the_run_form_is_picked_up_by_serve(served: Served) -> None:
    from prefect.client.schemas.objects import StateType

    if not served.running():
        served.start()
    plan = province_plan(served.root, "121/KH-UBND")
    out = json.loads(served.cli("plan", "issue", str(plan), "--issuer", "86", "--json").stdout)
    assert out["status"] == "awaiting_approval"
    mail_before = len(list((served.data / "mail").glob("*.eml")))
    async with client_of(served) as client:
        approve = await client.read_deployment_by_name("approve-plan/approve-plan")
        # what the UI's Run → Custom run form sends: the deployment and its parameters
        began = time.monotonic()
        run = await client.create_flow_run_from_deployment(
            approve.id, parameters={"ref": out["ref"], "by": "Trần Thị B"}
        )
        started = None
        while True:
            run = await client.read_flow_run(run.id)
            if started is None and run.state_type != StateType.SCHEDULED and run.state_type != StateType.PENDING:
                started = time.monotonic() - began
            if run.state.is_final():
                break
            assert time.monotonic() - began < 240, f"approve-plan still {run.state_name}"
            await asyncio.sleep(0.5)
    done = time.monotonic() - began
    print(f"approve-plan from the form: running after {started:.1f} s, {run.state_name} after {done:.1f} s")
    assert run.state_type == StateType.COMPLETED, run.state.message
    st = json.loads(served.cli("plan", "status", out["ref"], "--json").stdout)
    assert st["status"] == "dispatched" and st["counts"]["total"] == 248
    # the served flow sent through serve's catcher, into this data dir
    assert len(list((served.data / "mail").glob("*.eml"))) - mail_before == 124


async def test_serve_with_two_workers_runs_deployments_from_the_work_pool_and_stops_them(tmp_path: Path) -> None:
    from prefect.client.schemas.objects import StateType

    served = Served(tmp_path, "--workers", "2", "--no-portal")
    try:
        print(f"kehoach serve --workers 2 ready in {served.start():.1f} s")
        state = json.loads((served.data / "serve.json").read_text())
        assert {"worker-1", "worker-2", "prefect-server"} <= set(state["children"]), state["children"]
        assert "deployments" not in state["children"]  # it registered them with the pool and exited
        assert "Work pool kehoach: 2 worker" in served.output.read_text()
        async with client_of(served) as client:
            deployments = await deployments_by_name(client)
            assert {d.work_pool_name for d in deployments.values()} == {"kehoach"}
            outbox = deployments["send-outbox"]
            runs = [await client.create_flow_run_from_deployment(outbox.id) for _ in range(2)]
            began = time.monotonic()
            while True:
                runs = [await client.read_flow_run(r.id) for r in runs]
                if all(r.state.is_final() for r in runs):
                    break
                assert time.monotonic() - began < 120, [r.state_name for r in runs]
                await asyncio.sleep(0.5)
        assert [r.state_type for r in runs] == [StateType.COMPLETED] * 2, [r.state for r in runs]
        logs = "".join((served.data / "logs" / f"worker-{i}.log").read_text() for i in (1, 2))
        assert all(f"/flow-run/{r.id}" in logs for r in runs)  # each ran in a worker's process

        group = served.proc.pid
        took = served.stop()
        print(f"stop after SIGTERM: {took:.1f} s")
        assert served.proc.returncode == 0 and took < 30
        with pytest.raises(ProcessLookupError):
            os.killpg(group, 0)
        assert served.leftovers() == []
    finally:
        served.kill_leftovers()


def test_plan_issue_without_serve_on_a_bare_home_beside_a_cpu_hog(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = bare_env(tmp_path / "var", HOME=str(home))

    def kehoach(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([KEHOACH, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=600)

    assert kehoach("init").returncode == 0
    shutil.rmtree(tmp_path / "var" / "prefect")  # as if never run: the plan issue makes Prefect's database itself
    assert kehoach("units", "import-provinces", "Vĩnh Long", "--email-domain", "example.vn").returncode == 0
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        began = time.monotonic()
        r = kehoach("plan", "issue", str(province_plan(tmp_path)), "--issuer", "86", "--yes", "--json")
        print(f"plan issue --yes, temporary API, bare home, beside a CPU hog: {time.monotonic() - began:.1f} s")
    finally:
        hog.kill()
        hog.wait()
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["queued"] == 124
    assert r.stderr.count(NOT_KEPT) == 1 and "kehoach serve" in r.stderr
    assert not (home / ".prefect").exists()  # Prefect's home is the data dir's
    assert (tmp_path / "var" / "prefect" / "prefect.db").exists()
