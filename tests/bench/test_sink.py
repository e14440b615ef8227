"""bench.sink's BulkDataSMTP reads DATA in runs and gets the same content aiosmtpd's own line reading gets."""

from __future__ import annotations

import asyncio

import aiosmtplib
from aiosmtpd.smtp import SMTP

from bench.sink import BulkDataSMTP

# lines that start with dots, a lone dot inside a line, a ".\r\n" at the end of a line, long runs with no ".\r\n"
# (longer than the reader's buffer, so DATA is read across its LimitOverrunError), an empty body, a body of one
# line; every line within SMTP's 1,000 (aiosmtpd refuses longer ones)
MESSAGES = [
    b"Subject: a\r\n\r\nhello\r\n",
    b"Subject: dots\r\n\r\n.\r\n..\r\n...x\r\nend.\r\n.end\r\nx.\r\n\r\n.\r\nlast",
    b"Subject: long\r\n\r\n" + (b"A" * 990 + b"\r\n") * 7 + b".\r\n" + (b"B" * 990 + b".\r\n") * 40 + b".lead\r\n",
    b"",
    b"one line",
    b"Subject: crlf dot at the seams\r\n\r\n" + b"\r\n".join(b"x" * n + b"." for n in range(960, 997)),
]


class Keep:
    def __init__(self) -> None:
        self.got: list[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.got.append(envelope.original_content)
        return "250 OK"


async def _through(server_class) -> list[bytes]:
    keep = Keep()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: server_class(keep, data_size_limit=None), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as smtp:
            for m in MESSAGES:
                await smtp.sendmail("a@example.vn", ["b@example.vn"], m)
    finally:
        server.close()
        await server.wait_closed()
    return keep.got


def test_bulk_data_reading_gets_what_aiosmtpd_gets() -> None:
    theirs = asyncio.run(_through(SMTP))
    ours = asyncio.run(_through(BulkDataSMTP))
    assert len(ours) == len(MESSAGES)
    assert ours == theirs
    assert ours[1].startswith(b"Subject: dots\r\n\r\n.\r\n..\r\n...x\r\n")  # dot-stuffing undone, as aiosmtpd does
