"""Run `kehoach` as a user does: a subprocess with its own data dir, database, SMTP server and Prefect API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.paths import REPO

KEHOACH = str(Path(sys.executable).parent / "kehoach")


class Cli:
    """Run `kehoach` against one data dir, database, SMTP server and Prefect API."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def __call__(self, *args: str, check: bool = True, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
        r = subprocess.run(
            [KEHOACH, *args], capture_output=True, text=True, env=self.env | env, cwd=REPO, timeout=timeout
        )
        if check and r.returncode != 0:
            raise AssertionError(f"kehoach {' '.join(args)} → {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r

    def json(self, *args: str) -> dict:
        return json.loads(self(*args, "--json").stdout)

    def popen(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [KEHOACH, *args], env=self.env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )


def make_cli(tmp_path: Path, db_url: str, smtp_port: int | None, prefect_api: str | None, now: str) -> Cli:
    """Return a runner bound to a data dir under `tmp_path`, a database, an SMTP port and a Prefect API."""
    env = {
        **os.environ,
        "KEHOACH_DATA_DIR": str(tmp_path / "var"),
        "KEHOACH_DATABASE_URL": db_url,
        "KEHOACH_NOW": now,
        "KEHOACH_PORTAL_URL": "https://nop.example.vn",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    if smtp_port is not None:
        env |= {"KEHOACH_SMTP_HOST": "127.0.0.1", "KEHOACH_SMTP_PORT": str(smtp_port)}
    else:
        env.pop("KEHOACH_SMTP_HOST", None)
    if prefect_api is not None:
        env["PREFECT_API_URL"] = prefect_api
    return Cli(env)


def one_error(r: subprocess.CompletedProcess) -> str:
    """Assert a command failed with one clear error ("Lỗi: …", perhaps a "→" hint) and nothing else; return it."""
    assert r.returncode != 0, r.stdout
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert "Traceback" not in r.stderr and " | ERROR " not in r.stderr, r.stderr
    assert lines and lines[0].startswith("Lỗi: "), r.stderr
    assert all(ln.startswith("→ ") for ln in lines[1:]), r.stderr
    return lines[0]
