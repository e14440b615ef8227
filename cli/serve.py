"""`kehoach serve [--no-portal] [--workers N]`: the Prefect server, every deployment, the portal and the mail catcher.

One command in the foreground. With `--workers N` the deployments go to the process work pool
(`python -m deployments.pool`) and N `prefect worker start --pool …` children run them: the shape of several
machines, on one. Each child runs in its own session, so Ctrl-C at a terminal reaches only this
process, which stops the children in order (deployments, portal, Prefect server) and then ends any process
still carrying this serve's marker in its environment. A lock in the data dir makes a second serve refuse.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from cli.console import ensure_utf8, err, fail, out
from cli.prefect_env import LOCK_FILE, STATE_FILE, api_answers, prefect_command, prepare_prefect_db

REPO = Path(__file__).resolve().parents[1]
# Every process serve starts, and everything those start, carries this variable: how a stop (or the next
# start, after a serve that was killed) finds what is left.
MARKER = "KEHOACH_SERVE_ID"
# Seconds each part gets to stop after SIGTERM before SIGKILL; with the sweep, the whole stop stays under 30 s.
STOP_WAIT_S = {"deployments": 10.0, "portal": 5.0, "prefect-server": 8.0}
WORKER_STOP_WAIT_S = 10.0  # all workers at once: each lets its runs end (a process worker sends them SIGINT)
GROUP_GRACE_S = 1.5


class _Stop(Exception):
    """Ctrl-C, SIGTERM or SIGHUP arrived."""


@dataclass
class Child:
    name: str
    proc: subprocess.Popen
    log: Path


class Stack:
    """The parts of one `kehoach serve`, started in order and stopped in reverse."""

    def __init__(self, settings, no_portal: bool, workers: int = 0) -> None:
        self.settings = settings
        self.no_portal = no_portal
        self.workers = workers
        self.serve_id = uuid.uuid4().hex
        self.data_dir = settings.data_dir.resolve()
        self.logs = self.data_dir / "logs"
        self.port = settings.prefect_port
        self.ui_url = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.ui_url}/api"
        self.children: list[Child] = []
        self.catcher = None
        self.smtp: tuple[str, int] | None = None
        self.portal_url: str | None = None
        self.deployments: list[dict] = []
        self.ready_s = 0.0
        self.stopping = False

    # Start
    def start(self) -> None:
        started = time.monotonic()
        self.logs.mkdir(parents=True, exist_ok=True)
        if not _port_free(self.port):
            fail(
                f"cổng {self.port} của máy chủ Prefect đang bận.",
                "Dừng chương trình đang dùng cổng đó hoặc chọn cổng khác: KEHOACH_PREFECT_PORT=4300 kehoach serve",
            )
        if not self.settings.smtp_host:
            from tasks.mail.catcher import MailCatcher

            self.catcher = MailCatcher(self.settings.mail_dir).__enter__()
            self.smtp = ("127.0.0.1", self.catcher.port)
        prepare_prefect_db(self.settings)
        server = self._spawn(
            "prefect-server", [*prefect_command(), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)]
        )
        self._wait_for("máy chủ Prefect", server, lambda: api_answers(self.api_url, timeout=2))
        ready = self.logs / "deployments.ready.json"
        ready.unlink(missing_ok=True)
        if self.workers:
            self._start_workers(ready)
        else:
            runner = self._spawn("deployments", [sys.executable, "-m", "deployments.serve", "--ready-file", str(ready)])
            self._wait_for("các deployment", runner, ready.exists)
        self.deployments = json.loads(ready.read_text())
        portal = None if self.no_portal else _portal_command()
        if portal:
            host, port = self.settings.portal_host, self.settings.portal_port
            self._wait_for("cổng nộp", self._spawn("portal", portal), lambda: _port_answers(host, port))
            self.portal_url = f"http://{host}:{port}"
        self.ready_s = time.monotonic() - started

    def _start_workers(self, ready: Path) -> None:
        """Register the deployments with the work pool (a child that exits), then start the workers."""
        pool = self.settings.work_pool
        registrar = self._spawn(
            "deployments", [sys.executable, "-m", "deployments.pool", "--pool", pool, "--ready-file", str(ready)]
        )
        try:
            code = registrar.proc.wait(self.settings.prefect_startup_timeout_s)
        except subprocess.TimeoutExpired:
            code = None
        if code != 0 or not ready.exists():
            fail(f"không đăng ký được các deployment với work pool {pool}.", _tail_hint(registrar.log))
        self.children.remove(registrar)  # its work is done: watch() must not take its exit for a failure
        for i in range(1, self.workers + 1):
            name = f"worker-{i}"
            self._spawn(name, [*prefect_command(), "worker", "start", "--pool", pool, "--name", f"kehoach-{i}"])

    def _env(self) -> dict[str, str]:
        env = {
            **os.environ,
            MARKER: self.serve_id,
            # children run from the repository root: the data dir and database must not depend on where serve ran
            "KEHOACH_DATA_DIR": str(self.data_dir),
            "KEHOACH_DATABASE_URL": self.settings.db_url,
            "PREFECT_HOME": str(self.settings.prefect_home.resolve()),
            "PREFECT_API_URL": self.api_url,
            "PREFECT_UI_API_URL": self.api_url,  # otherwise the UI calls port 4200 whatever the port
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        env.pop("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", None)  # children's consoles are their log files
        if self.smtp:
            env.update(KEHOACH_SMTP_HOST=self.smtp[0], KEHOACH_SMTP_PORT=str(self.smtp[1]), KEHOACH_SMTP_TLS="none")
        return env

    def _spawn(self, name: str, cmd: list[str]) -> Child:
        log = self.logs / f"{name}.log"
        with log.open("ab") as f:
            f.write(f"\n== {datetime.now(UTC).isoformat()} kehoach serve {self.serve_id}: {' '.join(cmd)}\n".encode())
            proc = subprocess.Popen(
                cmd,
                cwd=REPO,
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=f,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: Ctrl-C reaches serve only, serve stops the group
            )
        child = Child(name, proc, log)
        self.children.append(child)
        return child

    def _wait_for(self, what: str, child: Child, ready) -> None:
        deadline = time.monotonic() + self.settings.prefect_startup_timeout_s
        while not ready():
            if child.proc.poll() is not None:
                fail(f"{what} dừng khi đang khởi động (mã {child.proc.returncode}).", _tail_hint(child.log))
            if time.monotonic() > deadline:
                fail(
                    f"{what} chưa sẵn sàng sau {self.settings.prefect_startup_timeout_s} giây.",
                    _tail_hint(child.log) + " Máy đang quá tải? Tăng KEHOACH_PREFECT_STARTUP_TIMEOUT_S.",
                )
            time.sleep(0.25)

    # Run
    def state(self) -> dict:
        return {
            "pid": os.getpid(),
            "serve_id": self.serve_id,
            "started_at": datetime.now(UTC).isoformat(),
            "data_dir": str(self.data_dir),
            "api_url": self.api_url,
            "ui_url": self.ui_url,
            "portal_url": self.portal_url,
            "smtp": {"host": self.smtp[0], "port": self.smtp[1]} if self.smtp else None,
            "children": {c.name: c.proc.pid for c in self.children},
            "deployments": self.deployments,
            "logs": str(self.logs),
        }

    def print_where(self) -> None:
        out.print(f"[green]✓[/] kehoach serve sẵn sàng sau {self.ready_s:.1f} giây — thư mục dữ liệu {self.data_dir}")
        out.print(f"  Giao diện Prefect: [bold]{self.ui_url}[/]   API: {self.api_url}")
        names = ", ".join(d["name"] + (f" ({d['schedule']})" if d["schedule"] else "") for d in self.deployments)
        out.print(f"  Deployment: {names}")
        if self.workers:
            pool, n = self.settings.work_pool, self.workers
            out.print(f"  Work pool {pool}: {n} worker (kehoach-1…kehoach-{n}), mỗi lượt chạy một tiến trình mới")
        if self.portal_url:
            public = self.settings.portal_url
            links = "" if public.rstrip("/") == self.portal_url else f" (đường dẫn trong thư: {public})"
            out.print(f"  Cổng nộp: {self.portal_url}{links}")
        else:
            why = "tắt (--no-portal)" if self.no_portal else "chưa có (portal/__main__.py)"
            out.print(f"  Cổng nộp: {why}")
        if self.smtp:
            out.print(f"  Hộp thư nội bộ: smtp://{self.smtp[0]}:{self.smtp[1]} → {self.settings.mail_dir.resolve()}")
        else:
            out.print(f"  Thư gửi qua: {self.settings.smtp_host}:{self.settings.smtp_port}")
        out.print(f"  Nhật ký: {self.logs}")
        out.print("Ctrl-C để dừng tất cả.")

    def watch(self) -> int:
        """Wait until a signal arrives or a part stops by itself; return the exit code."""
        while True:
            for c in self.children:
                if c.proc.poll() is not None:
                    err.print(f"[bold red]Lỗi:[/] {c.name} đã dừng (mã {c.proc.returncode}); dừng tất cả.")
                    err.print(f"→ {_tail_hint(c.log)}", soft_wrap=True)
                    return 1
            time.sleep(1)

    # Stop
    def stop(self) -> None:
        self.stopping = True
        # every worker is told at once, so N of them take the time of one
        for c in self.children:
            if c.name.startswith("worker-"):
                _kill_group(c.proc.pid, signal.SIGTERM)
        for c in reversed(self.children):
            wait_s = WORKER_STOP_WAIT_S if c.name.startswith("worker-") else STOP_WAIT_S.get(c.name, 5.0)
            _stop_group(c.proc, wait_s)
        for pid in marked_pids(self.serve_id):
            _kill(pid, signal.SIGKILL)
        if self.catcher is not None:
            self.catcher.__exit__(None, None, None)


def serve(
    no_portal: Annotated[bool, typer.Option("--no-portal", help="Không chạy cổng nộp.")] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            help="Chạy N worker của work pool (như nhiều máy, trên một máy); 0: các deployment chạy trong serve.",
        ),
    ] = 0,
) -> None:
    """Chạy máy chủ Prefect (giao diện, lịch sử), mọi deployment, cổng nộp và hộp thư nội bộ; Ctrl-C để dừng."""
    ensure_utf8()
    from kehoach.settings import get_settings

    settings = get_settings()
    settings.ensure_dirs()
    data_dir = settings.data_dir.resolve()
    lock = _take_lock(data_dir)
    _end_leftovers(data_dir)
    from models.migrate import upgrade_to_head

    try:
        upgrade_to_head(settings.db_url)  # as `kehoach init` does: the served flows need the newest schema
    except Exception as exc:  # the operator needs the reason, not a traceback
        fail(f"không chuẩn bị được cơ sở dữ liệu: {exc}", "Kiểm tra KEHOACH_DATABASE_URL, hoặc chạy kehoach init.")
    stack = Stack(settings, no_portal, workers)

    def on_signal(signum: int, _frame) -> None:
        if not stack.stopping:
            raise _Stop(signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    code = 0
    try:
        stack.start()
        _write_state(data_dir, stack.state())
        stack.print_where()
        code = stack.watch()
    except _Stop:
        pass
    finally:
        stack.stopping = True
        began = time.monotonic()
        out.print("Đang dừng…")
        stack.stop()
        (data_dir / STATE_FILE).unlink(missing_ok=True)
        lock.close()
        out.print(f"[green]✓[/] Đã dừng kehoach serve ({time.monotonic() - began:.1f} giây).")
    if code:
        raise typer.Exit(code)


def marked_pids(serve_id: str) -> list[int]:
    """Return the processes whose environment carries this serve's marker."""
    needle = f"{MARKER}={serve_id}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def _take_lock(data_dir: Path):
    lock = (data_dir / LOCK_FILE).open("a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        try:
            other = json.loads((data_dir / STATE_FILE).read_text())
            where = f" (pid {other['pid']}, giao diện {other['ui_url']})"
        except (OSError, ValueError, KeyError):
            where = " (đang khởi động)"
        fail(
            f"kehoach serve đã chạy cho thư mục dữ liệu {data_dir}{where}.",
            "Dùng bản đang chạy, dừng nó (Ctrl-C) trước, hoặc chọn thư mục dữ liệu khác (KEHOACH_DATA_DIR).",
        )
    return lock


def _end_leftovers(data_dir: Path) -> None:
    # We hold the lock, so a state file left behind belongs to a serve that was killed before it could clean up.
    try:
        old = json.loads((data_dir / STATE_FILE).read_text())["serve_id"]
    except (OSError, ValueError, KeyError):
        return
    left = marked_pids(old)
    for pid in left:
        _kill(pid, signal.SIGKILL)
    if left:
        err.print(f"Đã dừng {len(left)} tiến trình còn sót của lần kehoach serve trước (bị dừng đột ngột).")
    (data_dir / STATE_FILE).unlink(missing_ok=True)


def _write_state(data_dir: Path, state: dict) -> None:
    tmp = data_dir / f".{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=2))
    tmp.replace(data_dir / STATE_FILE)


def _stop_group(proc: subprocess.Popen, wait_s: float) -> None:
    """SIGTERM the child's process group, wait, then SIGKILL whatever of the group is left."""
    group = proc.pid  # its own session: the group id is its pid
    _kill_group(group, signal.SIGTERM)
    try:
        proc.wait(wait_s)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + GROUP_GRACE_S
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    _kill_group(group, signal.SIGKILL)
    proc.wait()


def _kill_group(group: int, sig: int) -> None:
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is not busy
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _portal_command() -> list[str] | None:
    """Return how to start the portal (host, port and workers from the settings), or None where it is absent."""
    if not (REPO / "portal" / "__main__.py").exists():
        return None
    return [sys.executable, "-m", "portal"]


def _port_answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def _tail_hint(log: Path, lines: int = 6) -> str:
    try:
        tail = log.read_text(errors="replace").strip().splitlines()[-lines:]
    except OSError:
        tail = []
    return f"Xem nhật ký {log}" + (": " + " | ".join(t.strip() for t in tail) if tail else ".")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
