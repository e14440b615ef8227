"""Send outbox rows over SMTP with aiosmtplib: reused connections in parallel, rate limit, outcome per message."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiosmtplib

from kehoach.settings import Settings


@dataclass
class Outcome:
    id: int
    status: str  # sent, retry, failed
    reply: str


def _classify(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [e.code for e in exc.recipients]
        reply = "; ".join(f"{e.code} {e.message}" for e in exc.recipients)
        return ("failed" if codes and all(500 <= c < 600 for c in codes) else "retry"), reply
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return ("failed" if 500 <= exc.code < 600 else "retry"), f"{exc.code} {exc.message}"
    return "retry", f"{type(exc).__name__}: {exc}"


def _client(settings: Settings, host: str, port: int) -> aiosmtplib.SMTP:
    tls = settings.smtp_tls
    context = ssl.create_default_context()
    return aiosmtplib.SMTP(
        hostname=host,
        port=port,
        use_tls=tls == "implicit",
        start_tls=True if tls == "starttls" else False,
        tls_context=context if tls != "none" else None,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        timeout=settings.smtp_timeout_s,
    )


async def send_messages(
    items: list[tuple[int, object]],
    *,
    settings: Settings,
    host: str,
    port: int,
    on_outcome: Callable[[Outcome], None],
    tls_context: ssl.SSLContext | None = None,
) -> None:
    """Send (id, (sender, recipients, bytes)) items over up to `smtp_connections` reused connections.

    `on_outcome` runs right after each server answer, so the caller can record it before the next send.
    """
    queue: asyncio.Queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    interval = 60.0 / settings.smtp_rate_per_minute if settings.smtp_rate_per_minute > 0 else 0.0
    pace_lock = asyncio.Lock()
    last_send = [0.0]

    async def pace() -> None:
        if not interval:
            return
        async with pace_lock:
            wait = last_send[0] + interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            last_send[0] = time.monotonic()

    async def worker() -> None:
        smtp: aiosmtplib.SMTP | None = None
        try:
            while not queue.empty():
                mid, msg = queue.get_nowait()
                try:
                    if smtp is None or not smtp.is_connected:
                        smtp = _client(settings, host, port)
                        if tls_context is not None:
                            smtp.tls_context = tls_context
                        await smtp.connect()
                    await pace()
                    # flattened by compose with RFC 2047/2231 encodings: no server needs SMTPUTF8 to read it
                    sender, recipients, data = msg
                    errors, reply = await smtp.sendmail(sender, recipients, data)
                    if errors:  # some recipients refused; we send one recipient a message
                        code, text = next(iter(errors.values()))
                        status = "failed" if 500 <= code < 600 else "retry"
                        on_outcome(Outcome(mid, status, f"{code} {text}"))
                    else:
                        on_outcome(Outcome(mid, "sent", reply))
                except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPConnectError, OSError, TimeoutError) as exc:
                    on_outcome(Outcome(mid, "retry", f"{type(exc).__name__}: {exc}"))
                    smtp = None
                except aiosmtplib.SMTPException as exc:
                    status, reply = _classify(exc)
                    on_outcome(Outcome(mid, status, reply))
                    if isinstance(exc, aiosmtplib.SMTPAuthenticationError) or (
                        isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code == 421
                    ):
                        # the server refused us or is closing: start afresh rather than talk on
                        if smtp is not None:
                            smtp.close()
                        smtp = None
                    elif smtp is not None:
                        try:
                            await smtp.rset()
                        except aiosmtplib.SMTPException:
                            smtp = None
        finally:
            if smtp is not None and smtp.is_connected:
                try:
                    await smtp.quit()
                except (aiosmtplib.SMTPException, OSError):
                    smtp.close()

    n = max(1, min(settings.smtp_connections, len(items)))
    await asyncio.gather(*(worker() for _ in range(n)))
