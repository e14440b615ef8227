"""The office registers Nghị định 30 asks for: documents sent (văn bản đi) and received (văn bản đến)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from models.documents import Document, DocumentRecipient, Requirement
from models.obligations import Obligation, Submission
from models.org import Unit
from models.receipts import Receipt

SENT_STATES = ("approved", "dispatched", "recalled")


def list_issuing_offices(*, session: Session) -> list[Unit]:
    """Return the bodies that issued a document in the system (the offices that keep registers here)."""
    ids = select(Document.issuer_id).where(col(Document.status).in_(SENT_STATES)).distinct()
    return list(session.exec(select(Unit).where(col(Unit.id).in_(ids)).order_by(Unit.code)).all())


def list_sent_documents(*, session: Session, year: int, issuer_ids: Sequence[int]) -> list[Document]:
    """Return the documents these bodies sent in a year (approved, dispatched or later recalled)."""
    stmt = (
        select(Document)
        .where(col(Document.issuer_id).in_(list(issuer_ids)), Document.year == year)
        .where(col(Document.status).in_(SENT_STATES))
        .order_by(Document.issuer_id, Document.issued_on, Document.id)
    )
    return list(session.exec(stmt).all())


def list_recipient_names(*, session: Session, document_ids: Sequence[int]) -> dict[int, list[str]]:
    """Return the names of each document's recipients (those who act first), in one query per 500 documents."""
    ids = list(document_ids)
    out: dict[int, list[str]] = {}
    for i in range(0, len(ids), 500):
        stmt = (
            select(DocumentRecipient.document_id, Unit.name)
            .join(Unit, Unit.id == DocumentRecipient.unit_id)
            .where(col(DocumentRecipient.document_id).in_(ids[i : i + 500]))
            .order_by(DocumentRecipient.document_id, DocumentRecipient.role.desc(), Unit.code)
        )
        for doc_id, name in session.exec(stmt).all():
            out.setdefault(doc_id, []).append(name)
    return out


def list_received(*, session: Session, year: int, issuer_ids: Sequence[int]) -> list[tuple]:
    """Return (receipt, submission, sender unit, plan, requirement, period) given số đến by these bodies in a year."""
    stmt = (
        select(Receipt, Submission, Unit, Document, Requirement, Obligation.period)
        .join(Submission, Submission.id == Receipt.submission_id)
        .join(Obligation, Obligation.id == Submission.obligation_id)
        .join(Unit, Unit.id == Obligation.unit_id)
        .join(Document, Document.id == Obligation.document_id)
        .join(Requirement, Requirement.id == Obligation.requirement_id)
        .where(col(Receipt.issuer_id).in_(list(issuer_ids)), Receipt.year == year)
        .order_by(Receipt.issuer_id, Receipt.number)
    )
    return list(session.exec(stmt).all())


def list_sent_submissions(*, session: Session, year: int, unit_ids: Sequence[int]) -> list[tuple]:
    """Return (submission, receipt, plan) these bodies sent up in a year, each with the receiver's số đến."""
    stmt = (
        select(Submission, Receipt, Document, Obligation.unit_id)
        .join(Obligation, Obligation.id == Submission.obligation_id)
        .join(Document, Document.id == Obligation.document_id)
        .join(Receipt, Receipt.submission_id == Submission.id)
        .where(col(Obligation.unit_id).in_(list(unit_ids)), Receipt.year == year)
        .order_by(Obligation.unit_id, Submission.received_at)
    )
    return list(session.exec(stmt).all())
