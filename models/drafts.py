"""Draft reports compiled from what units sent (tổng hợp), kept so the scheduled drafting runs once a period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, Session, SQLModel, col, select

from models.types import AwareDateTime


# One draft Báo cáo compiled for a plan's requirement and period, for the issuer to edit and sign.
class ReportDraft(SQLModel, table=True):
    __table_args__ = (Index("ix_report_draft_plan", "document_id", "requirement_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    requirement_id: int = Field(foreign_key="requirement.id")
    period: str = Field(default="", max_length=10)  # "" for the one-off requirement (the units' plans)
    kind: str = Field(max_length=20)  # tong_hop, so_ket, tong_ket
    file_sha256: str = Field(max_length=64)
    file_name: str = Field(max_length=300)
    submissions: int = 0  # how many units' latest versions it compiles
    scheduled: bool = False  # drafted by the period-end flow, not asked for by a person
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))


def add_report_draft(*, session: Session, values: dict) -> ReportDraft:
    """Record a draft that was written."""
    row = ReportDraft(**values)
    session.add(row)
    session.flush()
    return row


def list_report_drafts(*, session: Session, document_id: int | None = None) -> Sequence[ReportDraft]:
    """Return drafts (of one plan), newest first."""
    stmt = select(ReportDraft)
    if document_id is not None:
        stmt = stmt.where(ReportDraft.document_id == document_id)
    return session.exec(stmt.order_by(col(ReportDraft.id).desc())).all()


def has_scheduled_draft(*, session: Session, document_id: int, requirement_id: int, period: str) -> bool:
    """Say whether the period-end flow already drafted this requirement's period of a plan."""
    stmt = select(ReportDraft.id).where(
        ReportDraft.document_id == document_id,
        ReportDraft.requirement_id == requirement_id,
        ReportDraft.period == period,
        col(ReportDraft.scheduled).is_(True),
    )
    return session.exec(stmt.limit(1)).first() is not None


def list_undrafted_periods(*, session: Session, before: date) -> list[tuple[int, int, str]]:
    """Return (plan, requirement, period) of issued plans whose every obligation was due before a date and that
    the period-end flow has not drafted yet."""
    from sqlalchemy import func

    from models.documents import Document
    from models.obligations import Obligation

    drafted = select(ReportDraft.id).where(
        ReportDraft.document_id == Obligation.document_id,
        ReportDraft.requirement_id == Obligation.requirement_id,
        ReportDraft.period == Obligation.period,
        col(ReportDraft.scheduled).is_(True),
    )
    stmt = (
        select(Obligation.document_id, Obligation.requirement_id, Obligation.period)
        .join(Document, Document.id == Obligation.document_id)
        .where(Document.status == "dispatched", ~drafted.exists())
        .group_by(Obligation.document_id, Obligation.requirement_id, Obligation.period)
        .having(func.max(Obligation.due_date) < before)
        .order_by(Obligation.document_id, Obligation.requirement_id, Obligation.period)
    )
    return [tuple(r) for r in session.exec(stmt).all()]
