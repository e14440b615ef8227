"""The outbox and its sender against real aiosmtpd servers: outcomes, TLS and AUTH, headers."""

from __future__ import annotations

import asyncio
import re
import ssl
import subprocess
import unicodedata
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from kehoach import clock
from kehoach.settings import get_settings
from models.db import session_scope
from models.outbox import count_messages_by_state, list_failed_messages, queue_messages
from tasks.mail import send_queued
from tasks.storage import store_file
from tests.smtp import Collector, free_port

SUBJECT = "Kế hoạch 55/KH-UBND — Tổ chức thực hiện phong trào thi đua “Văn hóa công sở”"
ATTACHMENT = "Kế hoạch số 55 – Ủy ban nhân dân thị xã Duyên Hải.docx"


def queue(n: int, *, prefix: str = "u", attach: bool = False) -> list[str]:
    sha = store_file(b"PK\x03\x04 demo attachment " * 100, "docx") if attach else None
    addrs = [f"{prefix}{i}@example.vn" for i in range(n)]
    with session_scope() as s:
        queue_messages(session=s, now=clock.now(), messages=[{
            "idempotency_key": f"test:{a}", "kind": "notice", "to_addr": a, "to_name": "Ủy ban nhân dân xã Long Toàn",
            "subject": SUBJECT, "template": "generic", "context": {"text": "Đề nghị đơn vị xây dựng kế hoạch."},
            "attachments": [{"sha256": sha, "ext": "docx", "filename": ATTACHMENT}] if attach else [],
            "reply_to": "vanthu@duyenhai.gov.vn", "urgent": True} for a in addrs])  # fmt: skip
    return addrs


def point_at(monkeypatch: pytest.MonkeyPatch, port: int, **extra: str) -> None:
    monkeypatch.setenv("KEHOACH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KEHOACH_SMTP_PORT", str(port))
    monkeypatch.setenv("KEHOACH_SMTP_RETRY_BASE_S", "0")
    for k, v in extra.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()


class Flaky(Collector):
    """Answers 451 or 421 to a message's first try, 550 to some recipients, or drops the line mid-DATA."""

    def __init__(self, *, temp: set[str] = frozenset(), closing: set[str] = frozenset(),
                 refuse: set[str] = frozenset(), drop: set[str] = frozenset()) -> None:  # fmt: skip
        super().__init__()
        self.temp, self.closing, self.refuse, self.drop = set(temp), set(closing), set(refuse), set(drop)
        self.tries: dict[str, int] = {}

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # noqa: ANN001, N802
        if address in self.refuse:
            return "550 5.1.1 Hộp thư không tồn tại".encode().decode()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        (to,) = envelope.rcpt_tos
        n = self.tries[to] = self.tries.get(to, 0) + 1
        if n == 1 and to in self.drop:
            server.transport.abort()  # the line goes dead in the middle of the message
            return "250 never seen"
        if n == 1 and to in self.temp:
            return "451 4.3.0 Thử lại sau"
        if n == 1 and to in self.closing:
            return "421 4.3.2 Đang quá tải, đóng kết nối"
        return await super().handle_DATA(server, session, envelope)


def test_outcomes_temporary_permanent_and_dropped(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    addrs = queue(30)
    handler = Flaky(temp={addrs[1], addrs[2]}, closing={addrs[5]}, refuse={addrs[7], addrs[8]}, drop={addrs[11]})
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_CONNECTIONS="3")
        res = send_queued()
    finally:
        ctl.stop()
    got = handler.by_recipient()
    assert set(got) == set(addrs) - {addrs[7], addrs[8]}  # every other address delivered in the end
    assert all(len(v) == 1 for v in got.values())
    assert res["failed"] == 2
    with session_scope() as s:
        assert count_messages_by_state(session=s) == {"sent": 28, "failed": 2}
        failed = list_failed_messages(session=s)
    assert {f["to_addr"] for f in failed} == {addrs[7], addrs[8]}
    assert all(f["last_reply"].startswith("550") for f in failed)  # the server's reply is kept


def test_retries_are_bounded(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (addr,) = queue(1)

    class Always451(Collector):
        async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
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
        assert first == {"sent": 1, "retry": 1, "failed": 0}
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
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return d / "cert.pem", d / "key.pem"


def test_starttls_with_auth(sqlite_db: str, monkeypatch: pytest.MonkeyPatch, certificate) -> None:  # noqa: ANN001
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"vanthu" and auth_data.password == b"mat-khau"
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=ok)

    handler = Collector()
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port(), tls_context=server_ctx, require_starttls=True,
                     authenticator=authenticator, auth_required=True, auth_require_tls=True)  # fmt: skip
    ctl.start()
    try:
        addrs = queue(5)
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_TLS="starttls", KEHOACH_SMTP_USERNAME="vanthu",
                 KEHOACH_SMTP_PASSWORD="mat-khau")  # fmt: skip
        client_ctx = ssl.create_default_context(cafile=str(cert))
        assert send_queued(tls_context=client_ctx)["sent"] == 5
    finally:
        ctl.stop()
    assert set(handler.by_recipient()) == set(addrs)
    assert logins and all(login == b"vanthu" for login, _ in logins)


def test_wrong_password_is_a_failure_not_a_crash(sqlite_db: str, monkeypatch: pytest.MonkeyPatch, certificate) -> None:  # noqa: ANN001
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    ctl = Controller(Collector(), hostname="127.0.0.1", port=free_port(), tls_context=server_ctx,
                     require_starttls=True, authenticator=lambda *a: AuthResult(success=False, handled=False),
                     auth_required=True, auth_require_tls=True)  # fmt: skip
    ctl.start()
    try:
        queue(2)
        point_at(monkeypatch, ctl.port, KEHOACH_SMTP_TLS="starttls", KEHOACH_SMTP_USERNAME="vanthu",
                 KEHOACH_SMTP_PASSWORD="sai", KEHOACH_SMTP_MAX_ATTEMPTS="2")  # fmt: skip
        res = send_queued(tls_context=ssl.create_default_context(cafile=str(cert)))
    finally:
        ctl.stop()
    assert res["sent"] == 0 and res["failed"] == 2


def test_headers_and_attachment_names_decode_to_the_same_nfc_text(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = Collector()
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        point_at(monkeypatch, ctl.port, KEHOACH_MAIL_FROM="Văn phòng UBND thị xã Duyên Hải <vanthu@duyenhai.gov.vn>")
        queue(1, attach=True)
        send_queued()
    finally:
        ctl.stop()
    (received,) = handler.received
    raw = received.data
    assert all(b < 128 for b in raw)  # every header and part encoded for 7-bit transport
    msg = message_from_bytes(raw, policy=policy.default)
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    assert str(msg["Subject"]) == nfc(SUBJECT)
    assert msg["From"].addresses[0].display_name == "Văn phòng UBND thị xã Duyên Hải"
    assert msg["To"].addresses[0].display_name == "Ủy ban nhân dân xã Long Toàn"
    assert msg["Reply-To"] == "vanthu@duyenhai.gov.vn"
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == nfc(ATTACHMENT)
    assert re.search(rb"filename\*(0\*)?=utf-8''", raw)  # RFC 2231, continued over lines when long
    assert msg.get_body(("plain",)).get_content().startswith("Kính gửi: Ủy ban nhân dân xã Long Toàn")
    assert msg.get_body(("html",)) is not None
    assert msg["Message-ID"].startswith("<") and "@duyenhai.gov.vn>" in msg["Message-ID"]


def test_embedded_catcher_keeps_eml_files_and_leaves_no_server(sqlite_db: str) -> None:
    from tasks.mail.catcher import list_caught

    assert get_settings().smtp_host is None
    addrs = queue(4)
    assert send_queued()["sent"] == 4
    caught = list_caught(get_settings().mail_dir)
    assert sorted(c["to"] for c in caught) == sorted(addrs)
    assert all(c["subject"] == SUBJECT for c in caught)

    async def nothing_listening() -> bool:
        return True

    assert asyncio.run(nothing_listening())


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
        async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
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
