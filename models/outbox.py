"""The outbox: a durable row for every e-mail, written before it is sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, func, update
from sqlmodel import Field, Session, SQLModel, col, select

from models.states import MessageState
from models.types import AwareDateTime


# One e-mail to one recipient; the idempotency key makes queueing it twice a no-op.
class OutgoingMessage(SQLModel, table=True):
    __table_args__ = (
        Index("ix_message_state_next", "state", "next_attempt_at"),
        Index("ix_message_document", "document_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=200, unique=True)
    message_id: str = Field(max_length=250)  # stable, derived from the key
    kind: str = Field(max_length=30)
    to_addr: str = Field(max_length=320)
    to_name: str | None = Field(default=None, max_length=300)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    document_id: int | None = Field(default=None, foreign_key="document.id")
    obligation_id: int | None = Field(default=None, foreign_key="obligation.id")
    subject: str = Field(max_length=1000)
    template: str = Field(max_length=100)
    context: dict = Field(default_factory=dict, sa_column=Column(JSON))
    attachments: list = Field(default_factory=list, sa_column=Column(JSON))  # [{sha256, ext, filename}]
    reply_to: str | None = Field(default=None, max_length=320)
    urgent: bool = False  # notices and receipts go at once; others wait for the sending window
    state: str = Field(default=MessageState.queued, max_length=20)
    claimed_by: str | None = Field(default=None, max_length=200)  # host:pid of the sender holding it
    attempts: int = 0
    last_reply: str | None = Field(default=None, max_length=2000)
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    sent_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    created_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))


# Queries

OUTBOX_KEYS = ("idempotency_key",)


def message_id_for(key: str, domain: str) -> str:
    """Return the stable Message-ID derived from an idempotency key (a resend carries the same one)."""
    import hashlib

    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def queue_messages(*, session: Session, messages: list[dict], now: datetime, domain: str | None = None) -> int:
    """Write messages to the outbox, skipping keys already there; return how many were new."""
    from models.bulk import insert_ignore

    if domain is None:
        from kehoach.settings import get_settings

        domain = get_settings().mail_domain
    rows = [
        {"message_id": message_id_for(m["idempotency_key"], domain), "state": MessageState.queued, "attempts": 0,
         "created_at": now, "next_attempt_at": now, "context": {}, "attachments": [], "urgent": False,
         "to_name": None, "unit_id": None, "document_id": None, "obligation_id": None, "reply_to": None,
         "template": m.get("kind", "notice"), **m}
        for m in messages
    ]  # fmt: skip
    return insert_ignore(session=session, table=OutgoingMessage.__table__, rows=rows, keys=OUTBOX_KEYS)


def claim_batch(
    *,
    session: Session,
    me: str,
    now: datetime,
    limit: int,
    dead_claimers: set[str],
    document_id: int | None = None,
    urgent_only: bool = False,
) -> list[OutgoingMessage]:
    """Take due messages for this sender: queued ones, and those a dead sender left mid-way.

    Marks them 'sending' (with one more attempt) and commits before any SMTP, so a crash loses nothing.
    """
    stmt = (
        select(OutgoingMessage.id, OutgoingMessage.state, OutgoingMessage.claimed_by)
        .where(col(OutgoingMessage.state).in_([MessageState.queued, MessageState.sending]))
        .where(col(OutgoingMessage.next_attempt_at) <= now)
    )
    if document_id is not None:
        stmt = stmt.where(OutgoingMessage.document_id == document_id)
    if urgent_only:
        stmt = stmt.where(col(OutgoingMessage.urgent).is_(True))
    rows = session.exec(stmt.order_by(OutgoingMessage.id).limit(limit * 4)).all()
    ids = [i for i, state, by in rows if state == MessageState.queued or by in dead_claimers or by == me][:limit]
    if not ids:
        return []
    session.execute(
        update(OutgoingMessage)
        .where(col(OutgoingMessage.id).in_(ids))
        .where(
            (OutgoingMessage.state == MessageState.queued) | col(OutgoingMessage.claimed_by).in_([*dead_claimers, me])
        )
        .values(state=MessageState.sending, claimed_by=me, attempts=OutgoingMessage.attempts + 1)
    )
    session.commit()
    return list(
        session.exec(
            select(OutgoingMessage)
            .where(col(OutgoingMessage.id).in_(ids))
            .where(OutgoingMessage.claimed_by == me, OutgoingMessage.state == MessageState.sending)
            .order_by(OutgoingMessage.id)
        ).all()
    )


def list_claimers(*, session: Session) -> set[str]:
    """Return the senders holding messages in 'sending'."""
    stmt = select(OutgoingMessage.claimed_by).where(OutgoingMessage.state == MessageState.sending).distinct()
    return {c for c in session.exec(stmt).all() if c}


def mark_sent(*, session: Session, ids: list[int], replies: dict[int, str], now: datetime) -> None:
    """Record acknowledged messages."""
    for mid in ids:
        session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == mid)
            .values(state=MessageState.sent, sent_at=now, last_reply=replies.get(mid, "")[:2000])
        )


def mark_outcomes(*, session: Session, outcomes: list[dict]) -> None:
    """Record retries and failures: [{id, state, next_attempt_at, last_reply}]."""
    for o in outcomes:
        session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == o["id"])
            .values(
                state=o["state"], next_attempt_at=o.get("next_attempt_at"), last_reply=(o["last_reply"] or "")[:2000]
            )
        )


def count_messages_by_state(*, session: Session, document_id: int | None = None) -> dict[str, int]:
    """Count outbox messages per state."""
    stmt = select(OutgoingMessage.state, func.count()).group_by(OutgoingMessage.state)
    if document_id is not None:
        stmt = stmt.where(OutgoingMessage.document_id == document_id)
    return dict(session.exec(stmt).all())


def list_failed_messages(*, session: Session, document_id: int | None = None, limit: int = 500) -> list[dict]:
    """Return permanently failed messages with the server's reply."""
    stmt = select(OutgoingMessage).where(OutgoingMessage.state == MessageState.failed)
    if document_id is not None:
        stmt = stmt.where(OutgoingMessage.document_id == document_id)
    rows = session.exec(stmt.order_by(OutgoingMessage.id).limit(limit)).all()
    return [{"id": m.id, "to_addr": m.to_addr, "to_name": m.to_name, "kind": m.kind, "unit_id": m.unit_id,
             "attempts": m.attempts, "last_reply": m.last_reply} for m in rows]  # fmt: skip


def count_messages_since(*, session: Session, since: datetime) -> dict[str, int]:
    """Count messages queued since a moment, per state (for a progress bar)."""
    stmt = (
        select(OutgoingMessage.state, func.count())
        .where(OutgoingMessage.created_at >= since)
        .group_by(OutgoingMessage.state)
    )
    return dict(session.exec(stmt).all())
