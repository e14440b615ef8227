"""The outbox: a durable row for every e-mail, written before it is sent."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, bindparam, func, update
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


# What a message is for; the value is also the name of its templates (templates/mail/<kind>.{txt,html}.j2).
class MessageKind(StrEnum):
    notice = "notice"  # a plan to a unit that must act on it
    copy = "copy"  # a plan sent for information (để biết)
    period_opened = "period_opened"  # a reporting period has opened
    reminder = "reminder"  # the due date is near
    overdue = "overdue"  # past the due date (đôn đốc)
    digest = "digest"  # to a supervisor: who has sent, who is late
    receipt = "receipt"  # a submission was received
    accepted = "accepted"  # a submission was accepted
    returned = "returned"  # a submission was sent back to be completed
    recall = "recall"  # a document sent in error is withdrawn (thu hồi)
    extended = "extended"  # a unit's due date was moved (gia hạn)
    exempted = "exempted"  # a unit need not send one obligation (miễn nộp)
    plan_completed = "plan_completed"  # to a plan's supervisors: everything asked for is in
    report_upward = "report_upward"  # the office's own report to the body above
    report_draft = "report_draft"  # a compiled draft report, to the issuer's office to edit and sign
    succession = "succession"  # a unit that ceased passed what it owed to this one (the 2025 merger, …)


# Chasing waits for the courtesy window; everything else goes at once.
WINDOWED_KINDS = frozenset(
    {
        MessageKind.period_opened,
        MessageKind.reminder,
        MessageKind.overdue,
        MessageKind.digest,
        MessageKind.plan_completed,
    }
)
# A unit asked to act gets its own signed link in the message.
LINK_KINDS = frozenset(
    {
        MessageKind.notice,
        MessageKind.period_opened,
        MessageKind.reminder,
        MessageKind.overdue,
        MessageKind.returned,
        MessageKind.extended,
        MessageKind.succession,
    }
)

OUTBOX_KEYS = ("idempotency_key",)
MAX_REPLY = 2000


def message_id_for(key: str, domain: str) -> str:
    """Return the stable Message-ID derived from an idempotency key (a resend carries the same one)."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def queue_messages(
    *, session: Session, messages: list[dict], now: datetime | None = None, domain: str | None = None
) -> int:
    """Write messages to the outbox in one statement per 1,000, skipping keys already there; return how many were new.

    Each dict needs idempotency_key, kind, to_addr and subject; `template` defaults to the kind, `urgent` to
    whether the kind may skip the sending window. Notices and chasing need `context["link"]`.
    """
    from models.bulk import insert_ignore_count

    if now is None or domain is None:
        from kehoach import clock
        from kehoach.settings import get_settings

        now = now or clock.now()
        domain = domain or get_settings().mail_domain
    rows = []
    kinds: dict[str, MessageKind] = {}
    for m in messages:
        # an unknown kind is a programming error: refuse it here, not at send time
        kind = kinds.get(m["kind"]) or kinds.setdefault(m["kind"], MessageKind(m["kind"]))
        if kind in LINK_KINDS and not (m.get("context") or {}).get("link"):
            raise ValueError(f"thư loại {kind} phải mang đường dẫn riêng của đơn vị (context['link'])")
        rows.append(
            {
                "message_id": message_id_for(m["idempotency_key"], domain),
                "state": MessageState.queued,
                "attempts": 0,
                "created_at": now,
                "next_attempt_at": now,
                "context": {},
                "attachments": [],
                "urgent": kind not in WINDOWED_KINDS,
                "to_name": None,
                "unit_id": None,
                "document_id": None,
                "obligation_id": None,
                "reply_to": None,
                "template": kind.value,
                "claimed_by": None,
                "last_reply": None,
                "sent_at": None,
                **m,
                "kind": kind.value,
            }
        )
    return insert_ignore_count(session=session, table=OutgoingMessage.__table__, rows=rows, keys=OUTBOX_KEYS)


def claim_batch(
    *,
    session: Session,
    me: str,
    now: datetime,
    limit: int,
    dead_claimers: set[str],
    document_id: int | None = None,
    urgent_only: bool = False,
) -> list:
    """Take due messages for this sender: queued ones, and those a dead sender (or this one) left mid-way.

    One statement marks them 'sending' (with one more attempt) and returns them, committed before any SMTP, so a
    crash loses nothing. Senders in other processes or on other machines take disjoint rows: PostgreSQL skips
    rows another claim holds (`FOR UPDATE SKIP LOCKED`), SQLite runs one writer at a time. Returns plain rows
    (attribute access like the table's), oldest first.
    """
    table = OutgoingMessage.__table__
    c = table.c
    mine = [*dead_claimers, me]
    due = (
        select(c.id)
        .where((c.state == MessageState.queued) | ((c.state == MessageState.sending) & c.claimed_by.in_(mine)))
        .where(c.next_attempt_at <= now)
    )
    if document_id is not None:
        due = due.where(c.document_id == document_id)
    if urgent_only:
        due = due.where(c.urgent.is_(True))
    due = due.order_by(c.id).limit(limit).with_for_update(skip_locked=True)
    claimed = session.execute(
        update(table)
        .where(c.id.in_(due.scalar_subquery()))
        .values(state=MessageState.sending, claimed_by=me, attempts=c.attempts + 1)
        .returning(*table.c)
    ).all()
    session.commit()
    return sorted(claimed, key=lambda r: r.id)


def list_claimers(*, session: Session) -> set[str]:
    """Return the senders holding messages in 'sending'."""
    stmt = select(OutgoingMessage.claimed_by).where(OutgoingMessage.state == MessageState.sending).distinct()
    return {c for c in session.exec(stmt).all() if c}


def _outcome_update(**values: object):
    """Return an UPDATE of one message by id (`b_id`) to these values: built once, run for every SMTP answer."""
    table = OutgoingMessage.__table__
    return update(table).where(table.c.id == bindparam("b_id")).values(**values)


# Built once: a sender runs them after every SMTP answer, and building a statement cost more than running it
_SENT = _outcome_update(state=MessageState.sent, sent_at=bindparam("b_now"), last_reply=bindparam("b_reply"))
_RETRY = _outcome_update(
    state=MessageState.queued, claimed_by=None, next_attempt_at=bindparam("b_next"), last_reply=bindparam("b_reply")
)
_FAILED = _outcome_update(state=MessageState.failed, claimed_by=None, last_reply=bindparam("b_reply"))


def mark_sent(*, session: Session, sent: list[dict], now: datetime) -> None:
    """Record acknowledged messages in one statement: [{id, last_reply}]."""
    if sent:
        rows = [{"b_id": m["id"], "b_now": now, "b_reply": (m.get("last_reply") or "")[:MAX_REPLY]} for m in sent]
        session.connection().execute(_SENT, rows)


def mark_retry(*, session: Session, retries: list[dict]) -> None:
    """Put messages back in the queue for a later attempt in one statement: [{id, next_attempt_at, last_reply}]."""
    if retries:
        rows = [
            {"b_id": m["id"], "b_next": m["next_attempt_at"], "b_reply": (m.get("last_reply") or "")[:MAX_REPLY]}
            for m in retries
        ]
        session.connection().execute(_RETRY, rows)


def mark_failed(*, session: Session, failures: list[dict]) -> None:
    """Record messages that will not be sent, with the server's reply, in one statement: [{id, last_reply}]."""
    if failures:
        rows = [{"b_id": m["id"], "b_reply": (m.get("last_reply") or "")[:MAX_REPLY]} for m in failures]
        session.connection().execute(_FAILED, rows)


def count_due_messages(
    *, session: Session, now: datetime, document_id: int | None = None, urgent_only: bool = False
) -> int:
    """Count messages a sender would take now (queued and due, or left mid-way in 'sending')."""
    stmt = (
        select(func.count())
        .select_from(OutgoingMessage)
        .where(col(OutgoingMessage.state).in_([MessageState.queued, MessageState.sending]))
        .where(col(OutgoingMessage.next_attempt_at) <= now)
    )
    if document_id is not None:
        stmt = stmt.where(OutgoingMessage.document_id == document_id)
    if urgent_only:
        stmt = stmt.where(col(OutgoingMessage.urgent).is_(True))
    return session.exec(stmt).one()


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
    return [
        {
            "id": m.id,
            "to_addr": m.to_addr,
            "to_name": m.to_name,
            "kind": m.kind,
            "unit_id": m.unit_id,
            "attempts": m.attempts,
            "last_reply": m.last_reply,
        }
        for m in rows
    ]


def count_messages_since(*, session: Session, since: datetime) -> dict[str, int]:
    """Count messages queued since a moment, per state (for a progress bar)."""
    stmt = (
        select(OutgoingMessage.state, func.count())
        .where(OutgoingMessage.created_at >= since)
        .group_by(OutgoingMessage.state)
    )
    return dict(session.exec(stmt).all())


def cancel_queued_messages(*, session: Session, document_id: int) -> int:
    """Take back every message about a document still waiting to go (a recall); return how many."""
    res = session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.document_id == document_id, OutgoingMessage.state == MessageState.queued)
        .values(state=MessageState.cancelled)
    )
    return res.rowcount
