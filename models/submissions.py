"""Submissions (the versions units send) and the queries of taking one in: lock, dedupe, write, read back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from models.obligations import Obligation, Submission
from models.states import ObligationState
from models.types import new_token


@dataclass
class ObligationRow:
    """What recording a version reads of an obligation."""

    id: int
    document_id: int
    unit_id: int
    requirement_id: int
    period: str
    state: str
    due_date: date
    lock_date: date


@dataclass(frozen=True)
class UnitRow:
    """What recording a version reads of the unit that sent it."""

    id: int
    code: str
    name: str
    emails: str
    kind: str

    @property
    def email_list(self) -> list[str]:
        return [e for e in (x.strip() for x in self.emails.split(",")) if e]


@dataclass(frozen=True)
class PlanRow:
    """What recording a version reads of the plan it answers."""

    id: int
    issuer_id: int | None
    so_ky_hieu: str | None
    subject: str
    file_sha256: str | None
    status: str


def lock_obligation(*, session: Session, obligation_id: int) -> tuple[ObligationRow, UnitRow, PlanRow] | None:
    """Return an obligation with what recording a version needs of its unit and plan, locked until the caller
    commits (recorders of one obligation take turns), as (obligation, unit, document) read in one query.

    PostgreSQL locks the row (`SELECT … FOR UPDATE`); SQLite has one writer, taken by a write that changes nothing.
    Plain rows, not ORM objects: one query, no JSON fields parsed.
    """
    from sqlalchemy import update

    from models.documents import Document
    from models.org import Unit

    stmt = (
        select(
            Obligation.id,
            Obligation.document_id,
            Obligation.unit_id,
            Obligation.requirement_id,
            Obligation.period,
            Obligation.state,
            Obligation.due_date,
            Obligation.lock_date,
            Unit.code,
            Unit.name,
            Unit.emails,
            Unit.kind,
            Document.issuer_id,
            Document.so_ky_hieu,
            Document.subject,
            Document.file_sha256,
            Document.status,
        )
        .join(Unit, Unit.id == Obligation.unit_id)
        .join(Document, Document.id == Obligation.document_id)
        .where(Obligation.id == obligation_id)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Obligation)
    else:
        session.execute(update(Obligation).where(Obligation.id == obligation_id).values(id=Obligation.id))
    r = session.execute(stmt).first()
    if r is None:
        return None
    ob = ObligationRow(*r[:8])
    return ob, UnitRow(ob.unit_id, *r[8:12]), PlanRow(ob.document_id, *r[12:])


def version_facts(*, session: Session, obligation_id: int, sha256: str) -> tuple[int, int | None]:
    """Return an obligation's highest version (0 for none) and the id of the version made from this file, if any."""
    from sqlalchemy import case

    stmt = select(
        func.max(Submission.version), func.max(case((Submission.file_sha256 == sha256, Submission.id)))
    ).where(Submission.obligation_id == obligation_id)
    top, same = session.exec(stmt).one()
    return top or 0, same


def get_submission(*, session: Session, submission_id: int) -> Submission | None:
    """Return a submission by its id."""
    return session.get(Submission, submission_id)


def list_submissions(*, session: Session, obligation_id: int) -> Sequence[Submission]:
    """Return an obligation's submissions, newest version first."""
    stmt = select(Submission).where(Submission.obligation_id == obligation_id)
    return session.exec(stmt.order_by(Submission.version.desc())).all()


def get_submission_by_token(*, session: Session, token: str) -> Submission | None:
    """Return the submission a receipt page's public id names."""
    return session.exec(select(Submission).where(Submission.token == token)).first()


def count_file_uses(*, session: Session, sha256: str) -> int:
    """Count the submissions and documents that keep this file."""
    from models.documents import Document

    subs = session.exec(select(func.count()).select_from(Submission).where(Submission.file_sha256 == sha256)).one()
    docs = session.exec(select(func.count()).select_from(Document).where(Document.file_sha256 == sha256)).one()
    return subs + docs


def claim_unread_submissions(*, session: Session, now: datetime, limit: int) -> list[Submission]:
    """Mark up to `limit` submissions whose content nobody has read yet as being read now; return them.

    The mark is the claim: two readers (portal processes, a flow) never read the same file twice.
    """
    from sqlalchemy import update

    ids = session.exec(
        select(Submission.id).where(Submission.read_at.is_(None)).order_by(Submission.id).limit(limit)
    ).all()
    if not ids:
        return []
    claimed = (
        session.execute(
            update(Submission)
            .where(Submission.id.in_(ids), Submission.read_at.is_(None))
            .values(read_at=now)
            .returning(Submission.id)
        )
        .scalars()
        .all()
    )
    session.commit()
    if not claimed:
        return []
    return list(session.exec(select(Submission).where(Submission.id.in_(claimed)).order_by(Submission.id)).all())


def count_unread_submissions(*, session: Session) -> int:
    """Count submissions whose content nobody has read yet."""
    return session.exec(select(func.count()).select_from(Submission).where(Submission.read_at.is_(None))).one()


def set_submission_fields(*, session: Session, submission_id: int, fields: dict) -> None:
    """Replace what was read from a submission's file (fields, warnings for the reviewer)."""
    from sqlalchemy import update

    session.execute(update(Submission).where(Submission.id == submission_id).values(fields=fields))


def list_latest_submissions(*, session: Session, document_id: int) -> dict[int, Submission]:
    """Return each obligation's newest submission under a plan, by obligation id, in one query."""
    latest = (
        select(Submission.obligation_id, func.max(Submission.version).label("v"))
        .join(Obligation, Obligation.id == Submission.obligation_id)
        .where(Obligation.document_id == document_id)
        .group_by(Submission.obligation_id)
        .subquery()
    )
    stmt = select(Submission).join(
        latest, (latest.c.obligation_id == Submission.obligation_id) & (latest.c.v == Submission.version)
    )
    return {s.obligation_id: s for s in session.exec(stmt).all()}


@dataclass(frozen=True)
class SubmissionRow:
    """A version just written (as `add_submission` inserted it)."""

    id: int
    token: str
    obligation_id: int
    version: int
    file_sha256: str
    file_ext: str
    file_name: str
    size_bytes: int
    channel: str
    submitted_by: str | None
    received_at: datetime
    review_state: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_reason: str | None
    fields: dict
    read_at: datetime | None


def add_submission(*, session: Session, values: dict) -> SubmissionRow:
    """Insert one version of a submission in one cached statement; return it (with its id and public token)."""
    from sqlalchemy import insert

    row = {"token": new_token(), "review_state": "pending_review", "fields": {}, "read_at": None, **values}
    for key in ("reviewed_by", "reviewed_at", "review_reason"):
        row.setdefault(key, None)
    new_id = session.execute(insert(Submission.__table__).returning(Submission.__table__.c.id), row).scalar_one()
    return SubmissionRow(id=new_id, **row)


def mark_submitted(*, session: Session, obligation_id: int, now: datetime) -> None:
    """Record that an obligation received a version now."""
    from sqlalchemy import update

    session.execute(
        update(Obligation.__table__)
        .where(Obligation.__table__.c.id == obligation_id)
        .values(state=ObligationState.submitted, submitted_at=now, updated_at=now)
    )


@dataclass(frozen=True)
class LinkTarget:
    """What checking a unit's link reads: its obligation, the plan's state, and the issuing office to contact."""

    obligation_id: int
    unit_id: int
    link_version: int
    state: str
    lock_date: date
    document_id: int
    document_status: str
    issuer_name: str | None
    issuer_emails: str | None


def get_link_target(*, session: Session, token: str) -> LinkTarget | None:
    """Return what a link's public id opens, in one query."""
    from sqlalchemy.orm import aliased

    from models.documents import Document
    from models.org import Unit

    issuer = aliased(Unit)
    stmt = (
        select(
            Obligation.id,
            Obligation.unit_id,
            Obligation.link_version,
            Obligation.state,
            Obligation.lock_date,
            Obligation.document_id,
            Document.status,
            issuer.name,
            issuer.emails,
        )
        .join(Document, Document.id == Obligation.document_id)
        .join(issuer, issuer.id == Document.issuer_id, isouter=True)
        .where(Obligation.token == token)
    )
    row = session.execute(stmt).first()
    return LinkTarget(*row) if row else None
