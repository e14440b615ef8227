"""A real SMTP server for tests: aiosmtpd in-process, collecting every message it accepts."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class Collector:
    """Keeps what the server accepted; `delay_s` slows each DATA to catch a sender mid-way.

    A message to an address in `hold` is kept at once but answered only after `hold_s`, the first time: a sender
    killed meanwhile has a message in flight that the server has, and must send it again.
    """

    received: list[Received] = field(default_factory=list)
    delay_s: float = 0.0
    hold: set[str] = field(default_factory=set)
    hold_s: float = 30.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        import asyncio

        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            held = self.hold.intersection(envelope.rcpt_tos)
            self.hold -= held
        if held:
            await asyncio.sleep(self.hold_s)
        return "250 OK"

    def by_recipient(self) -> dict[str, list[EmailMessage]]:
        out: dict[str, list[EmailMessage]] = {}
        with self.lock:
            items = list(self.received)
        for r in items:
            for to in r.rcpt_tos:
                out.setdefault(to, []).append(r.message)
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """Start a collecting SMTP server on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        self.collector = Collector()
        self.port = free_port()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
