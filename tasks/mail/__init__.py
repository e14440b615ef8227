"""Mail: the outbox sender task (and, through it, the embedded catcher)."""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import timedelta
from functools import partial
from uuid import UUID

from prefect import task

from kehoach import clock
from kehoach.settings import Settings, get_settings
from models.db import held_session, is_sqlite
from models.outbox import claim_batch, list_claimers, mark_failed, mark_retry, mark_sent
from tasks.mail.sender import Outcome, Outgoing, Recorder, SmtpPool

BATCH = 200
MAX_BACKOFF_S = 3600
# A sender reclaims rows it left in 'sending' (after an error); two threads of one process must not both do so.
_ONE_SENDER = threading.Lock()


def sender_id() -> str:
    """Return this process's name as a sender: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _dead(claimers: set[str], me: str) -> set[str]:
    host = socket.gethostname()
    dead = set()
    for c in claimers:
        h, _, pid = c.rpartition(":")
        if c == me or h != host or not pid.isdigit():
            continue  # another machine's sender: left to it (or to the operator)
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.add(c)
        except PermissionError:
            pass
    return dead


def in_sending_window() -> bool:
    """Return True inside the courtesy window (working days, 07:00–17:30 Vietnam time by default)."""
    from kehoach.workdays import is_working_day

    s = get_settings()
    now = clock.now()
    return is_working_day(now.date()) and s.mail_window_start <= now.time().replace(tzinfo=None) <= s.mail_window_end


def send_queued(
    *,
    document_id: int | None = None,
    batch_size: int = BATCH,
    max_batches: int | None = None,
    only_urgent: bool = False,
    progress: Callable[[Outcome], None] | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> dict:
    """Send every due message in the outbox, batch by batch; return counts of sent, retry and failed.

    Outside the sending window (or with `only_urgent`) only notices, receipts and other urgent kinds go.
    With no SMTP host configured, the embedded catcher runs in this process for as long as it sends.
    """
    from tasks.mail.catcher import MailCatcher

    settings = get_settings()
    catcher = MailCatcher(settings.mail_dir) if not settings.smtp_host else nullcontext()
    with _ONE_SENDER, catcher as c:
        host, port = (settings.smtp_host, settings.smtp_port) if settings.smtp_host else ("127.0.0.1", c.port)
        return asyncio.run(
            _send_all(
                settings,
                host,
                port,
                document_id=document_id,
                batch_size=batch_size,
                max_batches=max_batches,
                urgent_only=only_urgent or not in_sending_window(),
                progress=progress,
                tls_context=tls_context,
            )
        )


async def _send_all(
    settings: Settings,
    host: str,
    port: int,
    *,
    document_id: int | None,
    batch_size: int,
    max_batches: int | None,
    urgent_only: bool,
    progress: Callable[[Outcome], None] | None,
    tls_context: ssl.SSLContext | None,
) -> dict:
    from jinja2 import TemplateError

    from tasks.mail.compose import envelope_from, wire_message

    me = sender_id()
    totals: dict = {"sent": 0, "retry": 0, "failed": 0, "problem": None}
    attempts: dict[int, int] = {}
    loop = asyncio.get_running_loop()

    def claim() -> list:
        dead = _dead(list_claimers(session=session), me)
        return claim_batch(
            session=session,
            me=me,
            now=clock.now(),
            limit=batch_size,
            dead_claimers=dead,
            document_id=document_id,
            urgent_only=urgent_only,
        )

    def write(outcomes: list[Outcome]) -> None:
        now = clock.now()
        sent, retries, failures = [], [], []
        for o in outcomes:
            if o.status == "sent":
                sent.append({"id": o.id, "last_reply": o.reply})
                continue
            n = attempts[o.id]
            if o.status == "failed" or n >= settings.smtp_max_attempts:
                o.status = "failed"
                failures.append({"id": o.id, "last_reply": o.reply})
            else:
                o.status = "retry"
                delay = min(settings.smtp_retry_base_s * 2 ** max(0, n - 1), MAX_BACKOFF_S)
                retries.append({"id": o.id, "last_reply": o.reply, "next_attempt_at": now + timedelta(seconds=delay)})
        mark_sent(session=session, sent=sent, now=now)
        mark_retry(session=session, retries=retries)
        mark_failed(session=session, failures=failures)
        session.commit()
        for o in outcomes:
            totals[o.status] += 1
            if o.status != "sent":
                totals["problem"] = o.reply  # the last server answer that was not a success, for the operator
            if progress is not None:
                progress(o)

    # SQLite: the database calls run in the event loop (a commit is CPU, not a wait); PostgreSQL: on one thread of
    # their own, so SMTP answers keep arriving while a commit waits on the network
    inline = is_sqlite()
    with held_session() as session, nullcontext() if inline else ThreadPoolExecutor(1, "outbox-db") as db:
        recorder = Recorder(write, db)
        pool = SmtpPool(settings, host, port, tls_context)
        sender = envelope_from()
        try:
            batches = 0
            while max_batches is None or batches < max_batches:
                rows = claim() if inline else await loop.run_in_executor(db, claim)
                if not rows:
                    break
                batches += 1
                parts: dict[str, bytes] = {}  # each attachment read and encoded once a batch
                attempts.update((r.id, r.attempts) for r in rows)
                items = [Outgoing(r.id, sender, [r.to_addr], partial(wire_message, r, parts)) for r in rows]
                await pool.send(items, recorder, build_errors=(TemplateError,))
        finally:
            await pool.close()
    return totals


class ProgressArtifact:
    """Move a Prefect progress artifact as messages are answered, a tenth at a time, from a thread of its own: the
    connections never wait for the API."""

    def __init__(self, artifact_id: UUID, total: int, steps: int = 10) -> None:
        self.artifact_id, self.total, self.step = artifact_id, max(total, 1), 100.0 / steps
        self.done, self.shown = 0, 0.0
        self.pool = ThreadPoolExecutor(1, "progress")

    def __call__(self, outcome: Outcome) -> None:
        if outcome.status == "retry":
            return
        self.done += 1
        percent = min(100.0, 100.0 * self.done / self.total)
        if percent >= self.shown + self.step or percent == 100.0 > self.shown:
            self.shown = percent
            self.pool.submit(self._show, percent)

    def _show(self, percent: float) -> None:
        from prefect.artifacts import update_progress_artifact

        update_progress_artifact(self.artifact_id, percent)

    def close(self) -> None:
        self.pool.shutdown(wait=True)


@task(name="send-queued-mail", retries=2, retry_delay_seconds=10)
def send_queued_mail(
    batch_size: int = BATCH,
    document_id: int | None = None,
    only_urgent: bool = False,
    max_batches: int | None = None,
    progress_artifact: UUID | None = None,
    progress_total: int | None = None,
) -> dict:
    """Send what is queued in the outbox (all of it, or one plan's), resuming whatever a crash left.

    The outbox is the retry mechanism for each message (4xx answers wait with backoff); the task's own retries
    cover only a lost database or a crash of the sending code.

    Args:
        batch_size: messages claimed per round.
        document_id: only this plan's messages.
        only_urgent: only notices, receipts and other kinds that do not wait for the sending window.
        max_batches: stop after this many rounds.
        progress_artifact: a progress artifact to move as the messages go (a dispatch's), out of progress_total.
    """
    progress = ProgressArtifact(progress_artifact, progress_total or 0) if progress_artifact else None
    try:
        return send_queued(
            document_id=document_id,
            batch_size=batch_size,
            max_batches=max_batches,
            only_urgent=only_urgent,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.close()
