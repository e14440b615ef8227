"""The embedded mail catcher: an aiosmtpd server on 127.0.0.1 that keeps every message as an .eml file."""

from __future__ import annotations

import itertools
import os
import socket
import tempfile
import time
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller

_seq = itertools.count()


class _Keeper:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server, session, envelope) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        rcpt = ",".join(envelope.rcpt_tos)
        data = f"X-Kehoach-Rcpt: {rcpt}\r\n".encode() + envelope.original_content
        name = f"{time.time_ns()}-{os.getpid()}-{next(_seq):06d}.eml"
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".in-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, self.folder / name)  # whole files only: a reader never sees half a message
        return "250 Đã nhận"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailCatcher:
    """Run the catcher for the duration of a `with` block; `port` is where to send."""

    def __init__(self, folder: Path) -> None:
        self.port = _free_port()
        self.controller = Controller(_Keeper(folder), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> MailCatcher:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def list_caught(folder: Path, limit: int | None = None) -> list[dict]:
    """Return what the catcher kept, newest last: recipient, subject, time, file."""
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    if limit:
        files = files[-limit:]
    out = []
    for f in files:
        msg = message_from_bytes(f.read_bytes(), policy=policy.default)
        out.append(
            {
                "to": msg["X-Kehoach-Rcpt"] or msg["To"],
                "subject": str(msg["Subject"] or ""),
                "date": str(msg["Date"] or ""),
                "file": str(f),
                "message_id": msg["Message-ID"],
            }
        )
    return out
