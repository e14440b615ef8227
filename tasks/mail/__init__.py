"""Mail: the outbox sender task (and, through it, the embedded catcher)."""

from __future__ import annotations

import asyncio
import os
import socket
from contextlib import nullcontext
from datetime import timedelta

from prefect import task

from kehoach import clock
from kehoach.settings import get_settings
from models.db import session_scope
from models.outbox import claim_batch, list_claimers, mark_outcomes, mark_sent
from models.states import MessageState

BATCH = 200


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
    progress=None,  # noqa: ANN001
    tls_context=None,  # noqa: ANN001
) -> dict:
    """Send every due message in the outbox, batch by batch; return counts of sent, retry and failed."""
    from tasks.mail.catcher import MailCatcher
    from tasks.mail.compose import build_message, envelope_from
    from tasks.mail.sender import send_messages

    settings = get_settings()
    me = sender_id()
    totals = {"sent": 0, "retry": 0, "failed": 0}
    urgent_only = not in_sending_window()
    catcher = MailCatcher(settings.mail_dir) if not settings.smtp_host else nullcontext()
    with catcher as c:
        host, port = (settings.smtp_host, settings.smtp_port) if settings.smtp_host else ("127.0.0.1", c.port)
        batches = 0
        while max_batches is None or batches < max_batches:
            batches += 1
            with session_scope() as session:
                dead = _dead(list_claimers(session=session), me)
                rows = claim_batch(session=session, me=me, now=clock.now(), limit=batch_size, dead_claimers=dead,
                                   document_id=document_id, urgent_only=urgent_only)  # fmt: skip
            if not rows:
                break
            items, by_id, files = [], {}, {}
            for row in rows:
                by_id[row.id] = row
                try:
                    items.append((row.id, (envelope_from(), [row.to_addr], build_message(row, files))))
                except (OSError, KeyError, ValueError) as exc:
                    with session_scope() as session:
                        mark_outcomes(session=session, outcomes=[{"id": row.id, "state": MessageState.failed,
                                      "last_reply": f"không dựng được thư: {exc}"}])  # fmt: skip
                    totals["failed"] += 1

            # one session for the batch, one short commit per answer: a crash re-sends only what was in flight
            with session_scope() as session:

                def record(o, _by_id=by_id, _session=session) -> None:  # noqa: ANN001
                    if o.status == "sent":
                        mark_sent(session=_session, ids=[o.id], replies={o.id: o.reply}, now=clock.now())
                    else:
                        row = _by_id[o.id]
                        final = o.status == "failed" or row.attempts >= settings.smtp_max_attempts
                        delay = settings.smtp_retry_base_s * 2 ** max(0, row.attempts - 1)
                        mark_outcomes(session=_session, outcomes=[{
                            "id": o.id, "state": MessageState.failed if final else MessageState.queued,
                            "next_attempt_at": clock.now() + timedelta(seconds=min(delay, 3600)),
                            "last_reply": o.reply}])  # fmt: skip
                        o.status = "failed" if final else "retry"
                    _session.commit()
                    totals[o.status] += 1
                    if progress is not None:
                        progress(o)

                asyncio.run(send_messages(items, settings=settings, host=host, port=port, on_outcome=record,
                                          tls_context=tls_context))  # fmt: skip
    return totals


@task(name="send-outbox", retries=2, retry_delay_seconds=10)
def send_outbox(document_id: int | None = None, batch_size: int = BATCH, max_batches: int | None = None) -> dict:
    """Send what is queued in the outbox (all of it, or one plan's), resuming whatever a crash left.

    Args:
        document_id: only this plan's messages.
        batch_size: messages claimed per round.
        max_batches: stop after this many rounds (the caller loops and reports progress).
    """
    return send_queued(document_id=document_id, batch_size=batch_size, max_batches=max_batches)
