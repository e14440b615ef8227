"""A message sent in its DATA form (WireSMTP) reaches the server byte for byte as aiosmtplib would have sent it."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings

from tests.smtp import Collector, free_port

# lines a unit or a template may produce that SMTP treats specially: a leading dot, two, a lone CR, a lone dot
AWKWARD = "Kính gửi đơn vị.\n.Dòng bắt đầu bằng dấu chấm\n..hai dấu chấm\nCR lẻ\rcuối\n.\nHết"


def row(sha: str) -> SimpleNamespace:
    return SimpleNamespace(
        to_name="Ủy ban nhân dân xã Long Toàn",
        to_addr="longtoan@example.vn",
        kind="notice",
        template="generic",
        subject="Kế hoạch 55/KH-UBND — Văn hóa công sở",
        context={"text": AWKWARD, "link": "http://127.0.0.1:8000/nop/abc"},
        attachments=[{"sha256": sha, "ext": "docx", "filename": "Kế hoạch 55.docx"}],
        message_id="<wire-1@example.vn>",
        reply_to="vt@example.vn",
    )


@pytest.fixture
def same_token(monkeypatch: pytest.MonkeyPatch) -> None:
    import tasks.mail.compose as compose

    monkeypatch.setattr(compose.secrets, "token_hex", lambda n: "ab" * n)  # one boundary for both builds


def stored_attachment() -> str:
    from tasks.storage import store_file

    # base64 lines of this content never start with a dot; the dot lines are in the text part
    return store_file(b"PK\x03\x04" + bytes(range(256)) * 300, "docx")


def test_the_wire_form_is_aiosmtplibs_own_form_of_the_message(sqlite_db: str, same_token: None) -> None:
    from tasks.mail.compose import WireMessage, build_message, wire_message

    r, parts = row(stored_attachment()), {}
    plain = build_message(r, {})
    expected = PERIOD_REGEX.sub(b"..", normalize_message_line_endings(plain)) + b".\r\n"
    first, again = wire_message(r, parts), wire_message(r, parts)  # the second from the batch's cached part
    assert isinstance(first, WireMessage) and first == expected and again == expected
    # quoted-printable keeps a leading dot (the lone one becomes =2E): SMTP's dot-stuffing doubles it
    assert b"\r\n..D=C3=B2ng" in first and b"\r\n...hai" in first and b"\r\ncu=E1=BB=91i" in first


@pytest.mark.parametrize("size_limit", [None, 10_000_000], ids=["no-SIZE", "SIZE"])
def test_wire_smtp_delivers_the_same_bytes_as_aiosmtplib(sqlite_db: str, same_token: None, size_limit) -> None:
    from tasks.mail.compose import build_message, wire_message
    from tasks.mail.sender import WireSMTP

    r = row(stored_attachment())
    collector = Collector()
    ctl = Controller(collector, hostname="127.0.0.1", port=free_port(), data_size_limit=size_limit)
    ctl.start()

    async def send() -> None:
        plain = aiosmtplib.SMTP(hostname="127.0.0.1", port=ctl.port)
        await plain.connect()
        await plain.sendmail("vanthu@example.vn", [r.to_addr], build_message(r, {}))
        await plain.quit()
        wire = WireSMTP(hostname="127.0.0.1", port=ctl.port)
        await wire.connect()
        errors, _reply = await wire.sendmail("vanthu@example.vn", [r.to_addr], wire_message(r, {}))
        assert errors == {}
        # a plain message through the same client still goes the library's way
        await wire.sendmail("vanthu@example.vn", [r.to_addr], b"Subject: x\n\n.dot\n")
        await wire.quit()

    try:
        asyncio.run(send())
    finally:
        ctl.stop()
    by_aiosmtplib, by_wire, plain_text = collector.received
    assert by_wire.data == by_aiosmtplib.data and by_wire.rcpt_tos == by_aiosmtplib.rcpt_tos
    assert b"\r\n.D=C3=B2ng" in by_wire.data and b"\r\n..hai" in by_wire.data  # the server undid the stuffing
    assert plain_text.data == b"Subject: x\r\n\r\n.dot\r\n"


def test_a_refused_message_is_an_error_and_the_connection_goes_on(sqlite_db: str) -> None:
    from tasks.mail.compose import wire_message
    from tasks.mail.sender import WireSMTP

    class Refusing(Collector):
        async def handle_DATA(self, server, session, envelope) -> str:
            return "552 Thư quá lớn" if len(self.received) == 0 and not self.received.append(None) else "250 OK"

    ctl = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    ctl.start()
    r = row(stored_attachment())

    async def send() -> tuple:
        smtp = WireSMTP(hostname="127.0.0.1", port=ctl.port)
        await smtp.connect()
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await smtp.sendmail("vanthu@example.vn", [r.to_addr], wire_message(r, {}))
        second = await smtp.sendmail("vanthu@example.vn", [r.to_addr], wire_message(r, {}))
        await smtp.quit()
        return refused.value.code, second

    try:
        code, (errors, reply) = asyncio.run(send())
    finally:
        ctl.stop()
    assert code == 552 and errors == {} and reply.startswith("OK")
