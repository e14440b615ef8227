"""Send outbox rows over SMTP with aiosmtplib: reused connections in parallel, rate limit, outcome per message."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

import aiosmtplib
from aiosmtplib.errors import SMTPDataError, SMTPServerDisconnected, SMTPTimeoutError
from aiosmtplib.typing import Default, SMTPStatus

from kehoach.settings import Settings
from tasks.mail.compose import WireMessage


class WireSMTP(aiosmtplib.SMTP):
    """aiosmtplib's client, which sends a `WireMessage` (already in DATA form) as it is.

    aiosmtplib puts every message in DATA form itself: two regular expressions over all of it, 0.6 ms for a 55 KB
    notice, more than building it. A plan's notices share their attachment, so kehoach puts that part in DATA form
    once a batch, by aiosmtplib's own rules (`compose.wire_message`). Everything else — the envelope, RSET after
    an error, SIZE, timeouts, errors — is aiosmtplib's `sendmail`; only the DATA command's body is ours, written
    and answered through the protocol's public calls. Any other message goes through aiosmtplib unchanged.
    """

    async def data(self, message, /, *, timeout=Default.token):
        if not isinstance(message, WireMessage):
            return await super().data(message, timeout=timeout)
        if self.protocol is None:
            raise SMTPServerDisconnected("Connection lost")
        if timeout is Default.token:
            timeout = self.timeout
        try:
            start = await self.protocol.execute_command(b"DATA", timeout=timeout)
            if start.code != SMTPStatus.start_input:
                raise SMTPDataError(start.code, start.message)
            self.protocol.write(message)  # no await between the write and the read: the answer cannot be missed
            response = await self.protocol.read_response(timeout=timeout)
        except (SMTPServerDisconnected, SMTPTimeoutError):
            self.close()
            raise
        if response.code != SMTPStatus.completed:
            raise SMTPDataError(response.code, response.message)
        return response


@dataclass
class Outcome:
    id: int
    status: str  # sent, retry, failed
    reply: str


@dataclass
class Outgoing:
    id: int
    sender: str
    recipients: list[str]
    build: Callable[[], bytes]  # built just before sending, so building overlaps the other connections' I/O


def classify(exc: BaseException) -> tuple[str, str]:
    """Return (status, reply) for an SMTP error: 5xx fails for good, anything else is tried again."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [e.code for e in exc.recipients]
        reply = "; ".join(f"{e.code} {e.message}" for e in exc.recipients)
        return ("failed" if codes and all(500 <= c < 600 for c in codes) else "retry"), reply
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return ("failed" if 500 <= exc.code < 600 else "retry"), f"{exc.code} {exc.message}"
    return "retry", f"{type(exc).__name__}: {exc}"


class Recorder:
    """Collect SMTP answers and write them to the database in groups.

    A connection calls `flush()` before it sends its next message, so its last answer is committed first and a
    crash re-sends at most one message per connection; the answers other connections received meanwhile go in
    the same commit. `db` is the one thread that writes (PostgreSQL: commits wait on the network, and the
    connections go on meanwhile), or None to write in the event loop itself (SQLite: a commit is a few hundred
    microseconds of CPU, cheaper than handing it to a thread and back).
    """

    def __init__(self, write: Callable[[list[Outcome]], None], db: Executor | None) -> None:
        self.write, self.db = write, db
        self.pending: list[Outcome] = []
        self.lock = asyncio.Lock()

    def add(self, outcome: Outcome) -> None:
        self.pending.append(outcome)

    async def flush(self) -> None:
        """Write every answer not yet written (after any write under way)."""
        async with self.lock:
            if not self.pending:
                return
            group, self.pending = self.pending, []
            if self.db is None:
                self.write(group)
            else:
                await asyncio.get_running_loop().run_in_executor(self.db, self.write, group)


class SmtpPool:
    """Up to `smtp_connections` SMTP connections, opened on first use and kept across batches."""

    def __init__(self, settings: Settings, host: str, port: int, tls_context: ssl.SSLContext | None = None) -> None:
        self.settings, self.host, self.port = settings, host, port
        self.tls_context = tls_context
        self.size = max(1, settings.smtp_connections)
        self.clients: list[aiosmtplib.SMTP | None] = [None] * self.size
        self.interval = 60.0 / settings.smtp_rate_per_minute if settings.smtp_rate_per_minute > 0 else 0.0
        self.pace_lock = asyncio.Lock()
        self.last_send = 0.0

    def _client(self) -> WireSMTP:
        s = self.settings
        tls = s.smtp_tls
        context = self.tls_context or (ssl.create_default_context() if tls != "none" else None)
        return WireSMTP(
            hostname=self.host,
            port=self.port,
            use_tls=tls == "implicit",
            start_tls=tls == "starttls",
            tls_context=context,
            username=s.smtp_username,
            # unwrapped here, at the one call that needs it
            password=s.smtp_password.get_secret_value() if s.smtp_password else None,
            timeout=s.smtp_timeout_s,
        )

    async def _pace(self) -> None:
        if not self.interval:
            return
        async with self.pace_lock:  # one rate for all connections together, as a provider counts it
            wait = self.last_send + self.interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.last_send = time.monotonic()

    def _drop(self, slot: int) -> None:
        smtp, self.clients[slot] = self.clients[slot], None
        if smtp is not None:
            smtp.close()

    async def _send_one(self, slot: int, item: Outgoing, data: bytes) -> tuple[Outcome, bool]:
        """Send one message; return its outcome and whether this connection can go on."""
        if self.clients[slot] is None or not self.clients[slot].is_connected:
            smtp = self._client()
            try:
                await smtp.connect()  # with STARTTLS and AUTH when configured
            except (aiosmtplib.SMTPException, OSError) as exc:
                smtp.close()
                # no server, no TLS or a refused login says nothing about the recipient: try again later
                return Outcome(item.id, "retry", classify(exc)[1]), False
            self.clients[slot] = smtp
        smtp = self.clients[slot]
        await self._pace()
        try:
            errors, reply = await smtp.sendmail(item.sender, item.recipients, data)
        except (aiosmtplib.SMTPServerDisconnected, OSError) as exc:  # timeouts and dropped lines included
            self._drop(slot)
            return Outcome(item.id, "retry", f"{type(exc).__name__}: {exc}"), True
        except aiosmtplib.SMTPException as exc:
            status, reply = classify(exc)
            if isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code == 421:
                self._drop(slot)  # the server is closing: start afresh rather than talk on
            else:
                try:
                    await smtp.rset()
                except (aiosmtplib.SMTPException, OSError):
                    self._drop(slot)
            return Outcome(item.id, status, reply), True
        if errors:  # one recipient a message: this is that recipient's refusal
            code, text = next(iter(errors.values()))
            return Outcome(item.id, "failed" if 500 <= code < 600 else "retry", f"{code} {text}"), True
        return Outcome(item.id, "sent", reply), True

    async def send(self, items: list[Outgoing], recorder: Recorder, build_errors: tuple = ()) -> None:
        """Send items over the pool's connections; each answer is committed before its connection sends again."""
        queue: asyncio.Queue[Outgoing] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)
        last_error = ["—"]

        async def worker(slot: int) -> None:
            while not queue.empty():
                item = queue.get_nowait()
                try:
                    data = item.build()  # built while the last answer may still be on its way to the database
                except (OSError, KeyError, ValueError, *build_errors) as exc:
                    recorder.add(Outcome(item.id, "failed", f"không dựng được thư: {type(exc).__name__}: {exc}"))
                    continue
                await recorder.flush()
                outcome, usable = await self._send_one(slot, item, data)
                recorder.add(outcome)
                if not usable:
                    last_error[0] = outcome.reply
                    return  # leave the rest to connections that work

        await asyncio.gather(*(worker(slot) for slot in range(min(self.size, len(items)))))
        # every connection failed to open: what is left waits for the next attempt
        for item in [queue.get_nowait() for _ in range(queue.qsize())]:
            recorder.add(Outcome(item.id, "retry", last_error[0]))
        await recorder.flush()

    async def close(self) -> None:
        """Say QUIT on every open connection."""
        for slot, smtp in enumerate(self.clients):
            if smtp is not None and smtp.is_connected:
                try:
                    await smtp.quit()
                except (aiosmtplib.SMTPException, OSError):
                    smtp.close()
            self.clients[slot] = None
