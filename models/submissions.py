"""Submissions (the versions units send) and the queries of taking one in: lock, dedupe, write, read back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, case, func, insert, update
from sqlmodel import Session, select

from models.documents import Document, body_name
from models.obligations import Obligation, Submission, mark_submissions
from models.org import Unit
from models.states import ObligationState
from models.types import new_token

# The intake's statements are built once: building an ORM select of a dozen columns cost ~1 ms a call, more than
# running it (SQLAlchemy caches the compiled SQL, not the Python objects a fresh select() makes).
_ob, _doc, _unit, _sub = Obligation.__table__, Document.__table__, Unit.__table__, Submission.__table__
_issuer = _unit.alias("issuer")
LINK_TARGET = (
    select(
        _ob.c.id,
        _ob.c.unit_id,
        _ob.c.link_version,
        _ob.c.state,
        _ob.c.lock_date,
        _ob.c.document_id,
        _doc.c.status,
        _issuer.c.name,
        _issuer.c.emails,
        _doc.c.fields,
    )
    .select_from(_ob.join(_doc, _doc.c.id == _ob.c.document_id).outerjoin(_issuer, _issuer.c.id == _doc.c.issuer_id))
    .where(_ob.c.token == bindparam("b_token"))
)
INTAKE_TARGET = (
    select(
        _ob.c.id,
        _ob.c.document_id,
        _ob.c.unit_id,
        _ob.c.requirement_id,
        _ob.c.period,
        _ob.c.state,
        _ob.c.due_date,
        _ob.c.lock_date,
        _unit.c.code,
        _unit.c.name,
        _unit.c.emails,
        _unit.c.kind,
        _doc.c.issuer_id,
        _doc.c.so_ky_hieu,
        _doc.c.subject,
        _doc.c.file_sha256,
        _doc.c.status,
    )
    .select_from(_ob.join(_unit, _unit.c.id == _ob.c.unit_id).join(_doc, _doc.c.id == _ob.c.document_id))
    .where(_ob.c.id == bindparam("b_ob"))
)
INTAKE_TARGET_LOCKED = INTAKE_TARGET.with_for_update(of=_ob)
TAKE_WRITER = update(_ob).where(_ob.c.id == bindparam("b_ob")).values(id=_ob.c.id)
VERSION_FACTS = select(
    func.max(_sub.c.version), func.max(case((_sub.c.file_sha256 == bindparam("b_sha"), _sub.c.id)))
).where(_sub.c.obligation_id == bindparam("b_ob"))
ADD_SUBMISSION = insert(_sub).returning(_sub.c.id)
MARK_SUBMITTED = (
    update(_ob)
    .where(_ob.c.id == bindparam("b_ob"))
    .values(state=ObligationState.submitted.value, submitted_at=bindparam("b_now"), updated_at=bindparam("b_now"))
)


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
    params = {"b_ob": obligation_id}
    if session.get_bind().dialect.name == "postgresql":
        r = session.execute(INTAKE_TARGET_LOCKED, params).first()
    else:
        session.execute(TAKE_WRITER, params)
        r = session.execute(INTAKE_TARGET, params).first()
    if r is None:
        return None
    ob = ObligationRow(*r[:8])
    return ob, UnitRow(ob.unit_id, *r[8:12]), PlanRow(ob.document_id, *r[12:])


def version_facts(*, session: Session, obligation_id: int, sha256: str) -> tuple[int, int | None]:
    """Return an obligation's highest version (0 for none) and the id of the version made from this file, if any."""
    top, same = session.execute(VERSION_FACTS, {"b_ob": obligation_id, "b_sha": sha256}).one()
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
    claimed = mark_submissions(session=session, mark=Submission.read_at, now=now, limit=limit)
    session.commit()
    if not claimed:
        return []
    return list(session.exec(select(Submission).where(Submission.id.in_(claimed)).order_by(Submission.id)).all())


def count_unread_submissions(*, session: Session) -> int:
    """Count submissions whose content nobody has read yet."""
    return session.exec(select(func.count()).select_from(Submission).where(Submission.read_at.is_(None))).one()


def set_submission_fields(*, session: Session, submission_id: int, fields: dict) -> None:
    """Replace what was read from a submission's file (fields, warnings for the reviewer)."""
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
    """Insert one version of a submission; return it (with its id and public token)."""
    row = {"token": new_token(), "review_state": "pending_review", "fields": {}, "read_at": None, **values}
    for key in ("reviewed_by", "reviewed_at", "review_reason"):
        row.setdefault(key, None)
    new_id = session.execute(ADD_SUBMISSION, row).scalar_one()
    return SubmissionRow(id=new_id, **row)


def mark_submitted(*, session: Session, obligation_id: int, now: datetime) -> None:
    """Record that an obligation received a version now."""
    session.execute(MARK_SUBMITTED, {"b_ob": obligation_id, "b_now": now})


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
    issuer_name: str | None  # the body as the plan names it (Ủy ban nhân dân tỉnh …), else the issuer unit's name
    issuer_emails: str | None


def get_link_target(*, session: Session, token: str) -> LinkTarget | None:
    """Return what a link's public id opens, in one query."""
    row = session.execute(LINK_TARGET, {"b_token": token}).first()
    if row is None:
        return None
    *head, name, emails, fields = row
    return LinkTarget(*head, body_name(fields, name) or None, emails)
