"""`kehoach outbox send|status` and `kehoach mailbox`, run as the operator runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from kehoach.settings import get_settings
from tests.outbox_rows import SUBJECT, queue_rows
from tests.paths import REPO
from tests.smtp import Collector, free_port

KEHOACH = str(Path(sys.executable).parent / "kehoach")


def run(*args: str, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **extra}  # the test's KEHOACH_* settings, as monkeypatch set them
    return subprocess.run([KEHOACH, *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_send_with_the_embedded_catcher_then_mailbox_and_status(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEHOACH_NOW", "2026-11-23T20:00:00+07:00")  # Monday evening: outside the sending window
    get_settings.cache_clear()
    addrs = queue_rows(3)
    queue_rows(1, prefix="nhac", kind="reminder")

    r = run("outbox", "send")
    assert r.returncode == 0, r.stderr
    assert "1 thư nhắc hạn, đôn đốc, tổng hợp chờ đến khung giờ gửi (07:00–17:30 ngày làm việc)" in r.stdout
    assert "Đã gửi 3; sẽ gửi lại sau 0; lỗi 0." in r.stdout
    assert len(list(get_settings().mail_dir.glob("*.eml"))) == 3  # the catcher kept them, then stopped with the run

    r = run("mailbox")
    assert r.returncode == 0, r.stderr
    assert all(a in r.stdout for a in addrs) and SUBJECT[:30] in r.stdout

    status = json.loads(run("outbox", "status", "--json").stdout)
    assert status == {"counts": {"sent": 3, "queued": 1}, "failures": []}
    r = run("outbox", "status")
    assert "Chờ gửi: 1" in r.stdout and "Đã gửi: 3" in r.stdout

    r = run("outbox", "send")  # nothing due until the window opens
    assert r.returncode == 0 and "Không có thư nào cần gửi lúc này." in r.stdout
    r = run("outbox", "send", KEHOACH_NOW="2026-11-24T07:30:00+07:00")  # Tuesday 24/11 is a day off (Văn hóa)
    assert "Không có thư nào cần gửi lúc này." in r.stdout
    r = run("outbox", "send", KEHOACH_NOW="2026-11-25T07:30:00+07:00")
    assert "Đã gửi 1;" in r.stdout


def test_status_lists_permanent_failures_with_the_server_reply(sqlite_db: str) -> None:
    class Refusing(Collector):
        async def handle_RCPT(self, server, session, envelope, address, options) -> str:
            if address.startswith("sai"):
                return "550 5.1.1 Hộp thư không tồn tại"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    good = queue_rows(2)
    bad = queue_rows(1, prefix="sai")
    handler = Refusing()
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        r = run("outbox", "send", KEHOACH_SMTP_HOST="127.0.0.1", KEHOACH_SMTP_PORT=str(ctl.port))
    finally:
        ctl.stop()
    assert r.returncode == 0, r.stderr
    assert "Đã gửi 2; sẽ gửi lại sau 0; lỗi 1." in r.stdout and "kehoach outbox status" in r.stdout
    assert sorted(handler.by_recipient()) == sorted(good)
    status = json.loads(run("outbox", "status", "--json").stdout)
    assert status["counts"] == {"sent": 2, "failed": 1}
    (failure,) = status["failures"]
    assert failure["to_addr"] == bad[0] and failure["last_reply"].startswith("550 5.1.1")
    r = run("outbox", "status")
    assert f"<{bad[0]}>" in r.stdout and "550 5.1.1" in r.stdout


def test_empty_outbox(sqlite_db: str) -> None:
    assert "Không có thư nào cần gửi lúc này." in run("outbox", "send").stdout
    assert "Hộp thư đi trống." in run("outbox", "status").stdout
    assert "Chưa có thư nào" in run("mailbox").stdout


def test_a_refused_login_is_said_and_the_exit_is_not_zero(sqlite_db: str) -> None:
    from aiosmtpd.smtp import AuthResult

    queue_rows(2)
    ctl = Controller(
        Collector(),
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=lambda *a: AuthResult(success=False, handled=False),
        auth_required=True,
        auth_require_tls=False,
    )
    ctl.start()
    try:
        smtp = {"KEHOACH_SMTP_HOST": "127.0.0.1", "KEHOACH_SMTP_PORT": str(ctl.port)}
        r = run("outbox", "send", **smtp, KEHOACH_SMTP_USERNAME="vanthu", KEHOACH_SMTP_PASSWORD="sai")
    finally:
        ctl.stop()
    assert r.returncode != 0
    assert "từ chối đăng nhập" in r.stderr and "535" in r.stderr and "KEHOACH_SMTP_PASSWORD" in r.stderr
    assert "Traceback" not in r.stderr
    assert json.loads(run("outbox", "status", "--json").stdout)["counts"] == {"queued": 2}  # kept for later
