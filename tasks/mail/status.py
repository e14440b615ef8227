"""What the outbox holds, for the operator: counts, what is due now, failures."""

from __future__ import annotations

from datetime import datetime

from kehoach import clock
from models.db import session_scope
from models.outbox import count_due_messages, count_messages_by_state, count_messages_since, list_failed_messages


def outbox_summary() -> dict:
    """Return counts per state and the messages that failed for good."""
    with session_scope() as session:
        return {
            "counts": count_messages_by_state(session=session),
            "failures": list_failed_messages(session=session),
        }


def due_now(*, urgent_only: bool) -> tuple[int, int]:
    """Return (messages a sender would take now, messages held for the sending window)."""
    with session_scope() as session:
        due = count_due_messages(session=session, now=clock.now(), urgent_only=urgent_only)
        held = count_due_messages(session=session, now=clock.now()) - due if urgent_only else 0
    return due, held


def counts_since(since: datetime) -> dict[str, int]:
    """Return counts per state of the messages queued since a moment (for a progress bar)."""
    with session_scope() as session:
        return count_messages_since(session=session, since=since)
