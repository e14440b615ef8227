"""The outbox and its sender against real aiosmtpd servers: outcomes, timeouts, TLS and AUTH, the catcher."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from kehoach.settings import get_settings
from models.db import session_scope
from models.outbox import count_messages_by_state, list_failed_messages, queue_messages
from tasks.mail import send_queued
from tests.outbox_rows import SUBJECT, counts, queue_rows
from tests.smtp import Collector, free_port

queue = queue_rows


def point_at(monkeypatch: pytest.MonkeyPatch, port: int, **extra: str) -> None:
    monkeypatch.setenv("KEHOACH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KEHOACH_SMTP_PORT", str(port))
    monkeypatch.setenv("KEHOACH_SMTP_RETRY_BASE_S", "0")
    for k, v in extra.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()


class Flaky(Collector):
    """Answers 451 or 421 to a message's first try, 550 to some recipients, drops the line or stalls."""

    def __init__(
        self,
        *,
        temp: set[str] = frozenset(),
        closing: set[str] = frozenset(),
        refuse: set[str] = frozenset(),
        drop: set[str] = frozenset(),
        stall: set[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.temp, self.closing, self.refuse, self.drop = set(temp), set(closing), set(refuse), set(drop)
        self.stall = set(stall)
        self.tries: dict[str, int] = {}

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        if address in self.refuse:
            return "550 5.1.1 Hộp thư không tồn tại".encode().decode()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        (to,) = envelope.rcpt_tos
        n = self.tries[to] = self.tries.get(to, 0) + 1
        if n == 1 and to in self.drop:
            server.transport.abort()  # the line goes dead with the message sent and no answer given
            return "250 never seen"
        if n == 1 and to in self.stall:
            await asyncio.sleep(4.0)  # longer than the client waits
            return "451 4.3.0 Quá chậm"
        if n == 1 and to in self.temp:
            return "451 4.3.0 Thử lại sau"
        if n == 1 and to in self.closing:
            return "421 4.3.2 Đang quá tải, đóng kết nối"
        return await super().handle_DATA(server, session, envelope)


def test_outcomes_temporary_permanent_and_dropped(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite and PostgreSQL: the batched claim and outcome updates are plain SQL on both."""
    addrs = queue(30)
    handler = Flaky(
        temp={addrs[1], addrs[2]}, closing={addrs[5]}, refuse={addrs[7], addrs[8]}, drop={addrs[11]}, stall={addrs[14]}
    )
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_CONNECTIONS="3", KEHOACH_SMTP_TIMEOUT_S="2.0")
        res = send_queued(max_batches=1)
        assert res["retry"] == 5 and res["failed"] == 2  # 451, 451, 421, dropped, timed out; two 550s
        with session_scope() as s:
            assert count_messages_by_state(session=s) == {"sent": 23, "queued": 5, "failed": 2}
        res = send_queued()  # retry base 0 s: due at once
    finally:
        ctl.stop()
    got = handler.by_recipient()
    assert set(got) == set(addrs) - {addrs[7], addrs[8]}  # every other address delivered in the end
    assert all(len(v) == 1 for v in got.values())
    assert counts(res) == {"sent": 5, "retry": 0, "failed": 0}
    with session_scope() as s:
        assert count_messages_by_state(session=s) == {"sent": 28, "failed": 2}
        failed = list_failed_messages(session=s)
    assert {f["to_addr"] for f in failed} == {addrs[7], addrs[8]}
    assert all(f["last_reply"].startswith("550") for f in failed)  # the server's reply is kept


def test_line_cut_in_the_middle_of_data_is_retried(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from aiosmtpd.smtp import SMTP

    addrs = queue(6, attach=True)
    cut = {addrs[2], addrs[4]}

    class CutsMidData(SMTP):
        async def smtp_DATA(self, arg: str) -> None:
            (to,) = self.envelope.rcpt_tos
            if to in cut:
                cut.discard(to)
                await self.push("354 End data with <CR><LF>.<CR><LF>")
                await self._reader.readuntil(b"\r\n")  # the first lines of the message, then the line goes dead
                await self._reader.readuntil(b"\r\n")
                self.transport.abort()
                return
            await super().smtp_DATA(arg)

    class Ctl(Controller):
        def factory(self) -> SMTP:
            return CutsMidData(self.handler, **self.SMTP_kwargs)

    handler = Collector()
    ctl = Ctl(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_CONNECTIONS="2")
        assert counts(send_queued(max_batches=1)) == {"sent": 4, "retry": 2, "failed": 0}
        assert counts(send_queued()) == {"sent": 2, "retry": 0, "failed": 0}
    finally:
        ctl.stop()
    got = handler.by_recipient()
    assert sorted(got) == sorted(addrs) and all(len(v) == 1 for v in got.values())


def test_retries_are_bounded(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (addr,) = queue(1)

    class Always451(Collector):
        async def handle_DATA(self, server, session, envelope) -> str:
            return "451 4.3.0 Thử lại sau"

    ctl = Controller(Always451(), hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_MAX_ATTEMPTS="3")
        send_queued()
    finally:
        ctl.stop()
    with session_scope() as s:
        (f,) = list_failed_messages(session=s)
    assert f["attempts"] == 3 and f["last_reply"].startswith("451")


def test_backoff_waits_before_retrying(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    addrs = queue(2)
    handler = Flaky(temp={addrs[0]})
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_RETRY_BASE_S="60")
        first = send_queued()
        assert counts(first) == {"sent": 1, "retry": 1, "failed": 0}
        assert send_queued()["sent"] == 0  # not due yet: the clock has not moved
        monkeypatch.setenv("KEHOACH_NOW", "2026-11-23T09:02:00+07:00")
        get_settings.cache_clear()
        assert send_queued()["sent"] == 1
    finally:
        ctl.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(d / "key.pem"),
            "-out",
            str(d / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return d / "cert.pem", d / "key.pem"


def test_starttls_with_auth(sqlite_db: str, monkeypatch: pytest.MonkeyPatch, certificate) -> None:
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"vanthu" and auth_data.password == b"mat-khau"
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=ok)

    handler = Collector()
    ctl = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_ctx,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    ctl.start()
    try:
        addrs = queue(5)
        point_at(
            monkeypatch,
            ctl.port,
            KEHOACH_SMTP_TLS="starttls",
            KEHOACH_SMTP_USERNAME="vanthu",
            KEHOACH_SMTP_PASSWORD="mat-khau",
        )
        client_ctx = ssl.create_default_context(cafile=str(cert))
        assert send_queued(tls_context=client_ctx)["sent"] == 5
    finally:
        ctl.stop()
    assert set(handler.by_recipient()) == set(addrs)
    assert logins and all(login == b"vanthu" for login, _ in logins)


def test_wrong_password_is_retried_not_blamed_on_recipients(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    ctl = Controller(
        Collector(),
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_ctx,
        require_starttls=True,
        authenticator=lambda *a: AuthResult(success=False, handled=False),
        auth_required=True,
        auth_require_tls=True,
    )
    ctl.start()
    try:
        queue(2)
        point_at(
            monkeypatch,
            ctl.port,
            KEHOACH_SMTP_TLS="starttls",
            KEHOACH_SMTP_USERNAME="vanthu",
            KEHOACH_SMTP_PASSWORD="sai",
            KEHOACH_SMTP_MAX_ATTEMPTS="2",
        )
        context = ssl.create_default_context(cafile=str(cert))
        # a refused login says nothing about the recipients: kept for the operator to fix the password
        assert counts(send_queued(tls_context=context, max_batches=1)) == {"sent": 0, "retry": 2, "failed": 0}
        # then up to the bound of attempts
        assert counts(send_queued(tls_context=context, max_batches=1)) == {"sent": 0, "retry": 0, "failed": 2}
    finally:
        ctl.stop()
    with session_scope() as s:
        assert all(f["last_reply"].startswith("535") for f in list_failed_messages(session=s))


def test_no_server_leaves_everything_queued(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    queue(5)
    point_at(monkeypatch, free_port(), KEHOACH_SMTP_CONNECTIONS="2")  # nothing listens there
    assert counts(send_queued(max_batches=1)) == {"sent": 0, "retry": 5, "failed": 0}
    with session_scope() as s:
        assert count_messages_by_state(session=s) == {"queued": 5}


def test_embedded_catcher_keeps_eml_files_and_leaves_no_server(sqlite_db: str) -> None:
    from tasks.mail.catcher import list_caught

    assert get_settings().smtp_host is None
    addrs = queue(4)
    assert send_queued()["sent"] == 4
    caught = list_caught(get_settings().mail_dir)
    assert sorted(c["to"] for c in caught) == sorted(addrs)
    assert all(c["subject"] == SUBJECT for c in caught)
    assert not list(get_settings().mail_dir.glob(".in-*"))  # only whole files
    import threading

    assert not [t for t in threading.enumerate() if "smtp" in t.name.lower() or "controller" in t.name.lower()]


def test_unknown_kind_and_notice_without_link_are_refused(sqlite_db: str) -> None:
    with session_scope() as s, pytest.raises(ValueError):
        queue_messages(
            session=s, messages=[{"idempotency_key": "k", "kind": "spam", "to_addr": "a@x.vn", "subject": "x"}]
        )
    with session_scope() as s, pytest.raises(ValueError, match="đường dẫn"):
        queue_messages(
            session=s,
            messages=[{"idempotency_key": "k", "kind": "notice", "to_addr": "a@x.vn", "subject": "x", "context": {}}],
        )


def test_queueing_twice_is_harmless_and_message_id_is_stable(sqlite_db: str) -> None:
    from sqlmodel import select

    from models.outbox import OutgoingMessage, message_id_for

    queue(3)
    queue(3)
    with session_scope() as s:
        rows = s.exec(select(OutgoingMessage)).all()
    assert len(rows) == 3
    assert rows[0].message_id == message_id_for("test:u0@example.vn", get_settings().mail_domain)


def test_rate_limit_spaces_messages(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    stamps: list[float] = []

    class Stamping(Collector):
        async def handle_DATA(self, server, session, envelope) -> str:
            stamps.append(time.monotonic())
            return await super().handle_DATA(server, session, envelope)

    ctl = Controller(Stamping(), hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        queue(4)
        # 300 a minute: one every 0.2 s, however many connections are open
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_RATE_PER_MINUTE="300", KEHOACH_SMTP_CONNECTIONS="4")
        assert send_queued()["sent"] == 4
    finally:
        ctl.stop()
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.15  # a lower bound only: pacing can make it slower, never faster
