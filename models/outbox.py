"""The outbox: a durable row for every e-mail, written before it is sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

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
    attempts: int = 0
    last_reply: str | None = Field(default=None, max_length=2000)
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    sent_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    created_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))
