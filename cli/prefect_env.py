"""Pick the Prefect API a command's flows run against, and keep Prefect's files under the data dir.

In order: `PREFECT_API_URL` when set; the `kehoach serve` running on this data dir; otherwise Prefect's
temporary API, whose history is lost when the command exits (said once). Call before Prefect is imported
(the settings Prefect reads at import are refreshed when it already was).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
import warnings
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from cli.console import err, fail

if TYPE_CHECKING:
    from kehoach.settings import Settings

# `kehoach serve` writes where its parts listen here, and holds the lock for its whole life.
STATE_FILE = "serve.json"
LOCK_FILE = "serve.lock"

_announced = False


def quiet_prefect() -> None:
    """Keep Prefect's console lines out of the operator's way (its logs still reach the API) and its home ours."""
    from kehoach.settings import get_settings

    try:
        settings = get_settings()
    except ValueError:
        return  # the command reports invalid settings itself, in words
    os.environ["PREFECT_HOME"] = str(settings.prefect_home.resolve())
    # Prefect makes its home at import, without parents, and warns on stderr when the data dir is not made yet;
    # a command that needs the data dir says so in words (`kehoach init`), and read-only ones write nothing
    warnings.filterwarnings("ignore", message="Failed to create the Prefect home directory")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    _refresh_prefect()


def use_prefect() -> str:
    """Point Prefect at the API this command's flows run against; return where, in words."""
    global _announced
    from kehoach.settings import get_settings

    quiet_prefect()
    settings = get_settings()
    if settings.prefect_api_url:
        os.environ["PREFECT_API_URL"] = settings.prefect_api_url
        _refresh_prefect()
        return f"Prefect API {settings.prefect_api_url} (PREFECT_API_URL)"
    served = find_serve(settings.data_dir)
    if served and api_answers(served["api_url"]):
        os.environ["PREFECT_API_URL"] = served["api_url"]
        _refresh_prefect()
        return f"kehoach serve (pid {served['pid']}), giao diện {served['ui_url']}"
    # Prefect's temporary API: it starts with this command and its history goes with it
    os.environ.pop("PREFECT_API_URL", None)
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(settings.prefect_startup_timeout_s))
    try:
        prepare_prefect_db(settings)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        fail(str(exc), f"Kiểm tra quyền ghi {settings.prefect_home} hoặc chạy kehoach serve.")
    _refresh_prefect()
    if not _announced:
        _announced = True
        why = "máy chủ Prefect của kehoach serve không trả lời" if served else "không thấy kehoach serve"
        # What it recorded stays in the data dir's Prefect database; what it had not yet recorded is lost.
        err.print(
            f"Lưu ý: {why}; lần chạy này dùng máy chủ Prefect tạm thời, lịch sử của nó sẽ không được giữ đầy đủ. "
            "→ Chạy [bold]kehoach serve[/] để giữ lịch sử và xem trong giao diện Prefect.",
            soft_wrap=True,
        )
    return "máy chủ Prefect tạm thời (không giữ lịch sử)"


def find_serve(data_dir: Path) -> dict | None:
    """Return what the `kehoach serve` of this data dir wrote about itself, if its process is alive."""
    try:
        state = json.loads((data_dir / STATE_FILE).read_text())
        os.kill(int(state["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state


def api_answers(api_url: str, timeout: float = 3.0) -> bool:
    """Return True when a Prefect API answers its health check."""
    import urllib.request

    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def prepare_prefect_db(settings: Settings) -> None:
    """Create and migrate Prefect's database once per Prefect version, before any server starts on it.

    A temporary server on an empty home migrates while its client waits, and on a busy machine the client gave
    up first ("Timed out while attempting to connect to ephemeral Prefect API server").
    """
    home = settings.prefect_home.resolve()
    done = home / f".kehoach-migrated-{version('prefect')}"
    if done.exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".kehoach-migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two commands started together migrate once
        if done.exists():
            return
        err.print(f"Đang chuẩn bị cơ sở dữ liệu Prefect {version('prefect')} ({home}), chỉ một lần…")
        started = time.monotonic()
        env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        r = subprocess.run(
            [*prefect_command(), "server", "database", "upgrade", "-y"],
            env=env,
            capture_output=True,
            text=True,
            timeout=max(settings.prefect_startup_timeout_s, 60) * 2,
        )
        if r.returncode != 0:
            tail = (r.stderr or r.stdout).strip().splitlines()[-5:]
            raise RuntimeError("không tạo được cơ sở dữ liệu Prefect: " + " / ".join(tail))
        done.write_text(f"{time.monotonic() - started:.1f}s\n")


def prefect_command() -> list[str]:
    """Return the command that runs Prefect's CLI with this interpreter."""
    return [sys.executable, "-m", "prefect"]


def _refresh_prefect() -> None:
    # Prefect reads its settings once, at import; a command that already imported it must see the new ones.
    context = sys.modules.get("prefect.context")
    if context is not None:
        context.refresh_global_settings_context()
