"""Documents (plans, reports, letters), their căn cứ links, recipients and requirements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlalchemy import select as sa_select
from sqlmodel import Field, Session, SQLModel, col, select

from models.types import AwareDateTime, new_ref

if TYPE_CHECKING:
    from models.org import UnitContact


class DocumentBase(SQLModel):
    so_ky_hieu: str | None = Field(default=None, max_length=100)
    doc_type: str = Field(default="Kế hoạch", max_length=60)
    place: str | None = Field(default=None, max_length=120)
    issued_on: date | None = None
    subject: str = Field(default="", max_length=2000)
    signer: str | None = Field(default=None, max_length=200)
    signer_title: str | None = Field(default=None, max_length=200)
    authority: str | None = Field(default=None, max_length=200)


# A document registered in the system: a plan we issue, or a report/plan a unit sent up.
class Document(DocumentBase, table=True):
    __table_args__ = (
        # a number is unique per issuer and year among plans not rejected: a corrected plan takes the same number
        Index(
            "uq_document_number_live",
            "issuer_id",
            "year",
            "so_ky_hieu",
            unique=True,
            sqlite_where=text("status != 'rejected'"),
            postgresql_where=text("status != 'rejected'"),
        ),
        Index("ix_document_sha", "file_sha256"),
    )
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(default_factory=new_ref, max_length=20, unique=True)
    issuer_id: int | None = Field(default=None, foreign_key="unit.id")
    year: int | None = None
    status: str = Field(default="received", max_length=30)
    file_sha256: str | None = Field(default=None, max_length=64)
    file_ext: str | None = Field(default=None, max_length=10)
    file_name: str | None = Field(default=None, max_length=300)
    fields: dict = Field(default_factory=dict, sa_column=Column(JSON))
    created_by: str | None = Field(default=None, max_length=200)
    approved_by: str | None = Field(default=None, max_length=200)
    approved_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    decision_reason: str | None = Field(default=None, max_length=2000)
    dispatch_flow_run_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))


class DocumentPublic(DocumentBase):
    ref: str
    status: str
    year: int | None


# A "căn cứ" link: the parent is in the system (parent_id) or only named (its number, date, body).
class DocumentParent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="document.id")
    so_ky_hieu: str | None = Field(default=None, max_length=100)
    ngay: date | None = None
    co_quan: str | None = Field(default=None, max_length=300)


# Who receives a document: units that must act (thuc_hien) or are informed (de_biet).
class DocumentRecipient(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "unit_id", name="uq_recipient"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id")
    role: str = Field(max_length=20)
    source_line: str | None = Field(default=None, max_length=500)


# What a plan asks of units: its own plan by a date, periodic reports, sơ kết, tổng kết.
class Requirement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)
    period_kind: str | None = Field(default=None, max_length=10)  # month, quarter, half, year
    due_rule: str = Field(max_length=100)  # kehoach.workdays rule string, e.g. "fixed:2023-02-23"
    first_period: str | None = Field(default=None, max_length=10)
    title: str = Field(default="", max_length=500)
    source_text: str | None = Field(default=None, max_length=2000)


# The units a requirement applies to.
class RequirementTarget(SQLModel, table=True):
    requirement_id: int = Field(foreign_key="requirement.id", primary_key=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


# Queries


def get_document(*, session: Session, document_id: int) -> Document | None:
    """Return a document by its id."""
    return session.get(Document, document_id)


def move_document(
    *, session: Session, document_id: int, from_states: Sequence[str], to_state: str, **values: object
) -> bool:
    """Move a document to a state if it is in one of `from_states` (compare-and-set); return whether this call did."""
    from sqlalchemy import update

    res = session.execute(
        update(Document)
        .where(Document.id == document_id, col(Document.status).in_(list(from_states)))
        .values(status=to_state, **values)
    )
    return res.rowcount == 1


def get_document_by_ref(*, session: Session, ref: str) -> Document | None:
    """Return a document by its short id."""
    return session.exec(select(Document).where(Document.ref == ref)).first()


def find_documents_by_number(
    *,
    session: Session,
    so_ky_hieu: str,
    issuer_id: int | None = None,
    year: int | None = None,
    live_only: bool = False,
) -> Sequence[Document]:
    """Return documents with a number and symbol, narrowed by issuer and year; `live_only` leaves out rejected ones."""
    stmt = select(Document).where(Document.so_ky_hieu == so_ky_hieu)
    if live_only:
        stmt = stmt.where(Document.status != "rejected")
    if issuer_id is not None:
        stmt = stmt.where(Document.issuer_id == issuer_id)
    if year is not None:
        stmt = stmt.where(Document.year == year)
    return session.exec(stmt).all()


def get_document_by_file(*, session: Session, sha256: str, issuer_id: int | None) -> Document | None:
    """Return the document registered from this file by this issuer."""
    stmt = select(Document).where(Document.file_sha256 == sha256)
    if issuer_id is not None:
        stmt = stmt.where(Document.issuer_id == issuer_id)
    return session.exec(stmt.order_by(col(Document.id))).first()


def list_documents(*, session: Session, issuer_id: int | None = None) -> Sequence[Document]:
    """Return documents, newest first."""
    stmt = select(Document)
    if issuer_id is not None:
        stmt = stmt.where(Document.issuer_id == issuer_id)
    return session.exec(stmt.order_by(col(Document.id).desc())).all()


def list_recipients(*, session: Session, document_id: int) -> Sequence[DocumentRecipient]:
    """Return a document's recipients."""
    return session.exec(
        select(DocumentRecipient).where(DocumentRecipient.document_id == document_id).order_by(DocumentRecipient.id)
    ).all()


def list_recipient_units(*, session: Session, document_id: int) -> list[tuple[str, UnitContact]]:
    """Return each recipient of a document as its role and its unit's contact, in one query of plain rows (a
    dispatch reads 10,000)."""
    from models.org import Unit, UnitContact

    r, u = DocumentRecipient.__table__.c, Unit.__table__.c
    stmt = (
        sa_select(r.role, u.id, u.code, u.name, u.emails)
        .select_from(DocumentRecipient.__table__.join(Unit.__table__, u.id == r.unit_id))
        .where(r.document_id == document_id)
        .order_by(r.id)
    )
    return [(role, UnitContact(*unit)) for role, *unit in session.connection().execute(stmt)]


def list_requirements(*, session: Session, document_id: int) -> Sequence[Requirement]:
    """Return a document's requirements."""
    return session.exec(
        select(Requirement).where(Requirement.document_id == document_id).order_by(Requirement.id)
    ).all()


def replace_plan_setup(
    *, session: Session, document_id: int, recipients: list[dict], requirements: list[dict]
) -> list[int]:
    """Replace a plan's recipients and requirements (before dispatch); return the new requirement ids."""
    from sqlalchemy import delete
    from sqlalchemy import insert as sa_insert

    old = [r.id for r in list_requirements(session=session, document_id=document_id)]
    if old:
        session.execute(delete(RequirementTarget).where(col(RequirementTarget.requirement_id).in_(old)))
        session.execute(delete(Requirement).where(col(Requirement.id).in_(old)))
    session.execute(delete(DocumentRecipient).where(DocumentRecipient.document_id == document_id))
    if recipients:
        session.execute(sa_insert(DocumentRecipient), [{"document_id": document_id, **r} for r in recipients])
    ids: list[int] = []
    for req in requirements:
        targets = req.pop("target_unit_ids")
        row = Requirement(document_id=document_id, **req)
        session.add(row)
        session.flush()
        ids.append(row.id)
        if targets:
            session.execute(
                sa_insert(RequirementTarget), [{"requirement_id": row.id, "unit_id": u} for u in dict.fromkeys(targets)]
            )
    return ids


def list_requirement_targets(*, session: Session, document_id: int) -> dict[int, list[int]]:
    """Return each requirement's target unit ids, in one query."""
    rows = session.exec(
        select(RequirementTarget.requirement_id, RequirementTarget.unit_id)
        .join(Requirement, Requirement.id == RequirementTarget.requirement_id)
        .where(Requirement.document_id == document_id)
        .order_by(RequirementTarget.requirement_id, RequirementTarget.unit_id)
    ).all()
    out: dict[int, list[int]] = {}
    for req_id, unit_id in rows:
        out.setdefault(req_id, []).append(unit_id)
    return out


def list_document_parents(*, session: Session, document_id: int) -> Sequence[DocumentParent]:
    """Return the documents a document is issued căn cứ, in the order it cites them."""
    stmt = select(DocumentParent).where(DocumentParent.document_id == document_id).order_by(DocumentParent.id)
    return session.exec(stmt).all()


def link_document_parent(
    *,
    session: Session,
    document_id: int,
    parent_id: int,
    so_ky_hieu: str | None,
    ngay: date | None,
    co_quan: str | None,
) -> None:
    """Point a document's căn cứ at a parent in the system: the line citing its number, else a new line."""
    rows = list_document_parents(session=session, document_id=document_id)
    if any(r.parent_id == parent_id for r in rows):
        return
    row = next((r for r in rows if r.parent_id is None and so_ky_hieu and r.so_ky_hieu == so_ky_hieu), None)
    if row is None:
        row = DocumentParent(document_id=document_id, so_ky_hieu=so_ky_hieu, ngay=ngay, co_quan=co_quan)
    row.parent_id = parent_id
    session.add(row)


def list_child_documents(*, session: Session, parent_ids: Sequence[int]) -> list[tuple[int, Document]]:
    """Return (parent id, document) for every live document issued căn cứ one of these, in one query per 500."""
    ids = list(dict.fromkeys(parent_ids))
    out: list[tuple[int, Document]] = []
    for i in range(0, len(ids), 500):
        stmt = (
            select(DocumentParent.parent_id, Document)
            .join(Document, Document.id == DocumentParent.document_id)
            .where(col(DocumentParent.parent_id).in_(ids[i : i + 500]), Document.status != "rejected")
            .order_by(Document.id)
        )
        out.extend(session.exec(stmt).all())
    return out


def issuing_body(doc: Document, issuer) -> str:
    """Return the body a plan is from as the plan names it ('Ủy ban nhân dân tỉnh Vĩnh Long'), else the issuer unit's
    name ('Tỉnh Vĩnh Long', as the official lists call the province): what every message, report and letter says."""
    return body_name(doc.fields, issuer.name if issuer else None)


def body_name(fields: dict | None, issuer_name: str | None) -> str:
    """Return the body's name from a plan's read fields, else the issuer unit's name (for queries that read both)."""
    return (fields or {}).get("co_quan_ban_hanh") or issuer_name or ""
