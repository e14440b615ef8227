"""Obligations (requirement × unit × period), submissions, and the queries supervisors run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint, func
from sqlmodel import Field, Session, SQLModel, select

from models.states import CLOSED_STATES, DONE_STATES, OPEN_STATES, ObligationState, Timeliness
from models.types import AwareDateTime, new_token


# What one unit owes for one requirement and period; timeliness is derived, never stored.
class Obligation(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("requirement_id", "unit_id", "period", name="uq_obligation"),
        Index("ix_obligation_plan_state_due", "document_id", "state", "due_date"),
        Index("ix_obligation_unit", "unit_id"),
        # the watch looks across every plan for what falls due or is late on a day
        Index("ix_obligation_state_due", "state", "due_date"),
        # a period's obligations of one requirement (the supervisors' rates per period)
        Index("ix_obligation_requirement_period", "requirement_id", "period"),
    )
    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(default_factory=new_token, max_length=40, unique=True)  # public id in links
    document_id: int = Field(foreign_key="document.id")
    requirement_id: int = Field(foreign_key="requirement.id")
    unit_id: int = Field(foreign_key="unit.id")
    period: str = Field(default="", max_length=10)  # "" for a one-off; else 2026-03, 2026-Q1, 2026-H1, 2026
    due_date: date
    lock_date: date
    state: str = Field(default=ObligationState.pending, max_length=20)
    link_version: int = 1  # bumped to revoke every link issued before
    # the successor's obligation this one passed to when its unit ceased (state "transferred")
    transferred_to_id: int | None = Field(default=None, foreign_key="obligation.id")
    submitted_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    created_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))


# One version of what a unit sent for an obligation; every version is kept.
class Submission(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("obligation_id", "version", name="uq_submission_version"),
        # the same file sent twice for one obligation is one version
        UniqueConstraint("obligation_id", "file_sha256", name="uq_submission_file"),
        Index("ix_submission_unread", "read_at"),
        Index("ix_submission_uncollected", "collected_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(default_factory=new_token, max_length=40, unique=True)
    obligation_id: int = Field(foreign_key="obligation.id", index=True)
    version: int
    file_sha256: str = Field(max_length=64)
    file_ext: str = Field(max_length=10)
    file_name: str = Field(max_length=300)
    size_bytes: int
    channel: str = Field(max_length=20)  # portal, email, paper, cli
    submitted_by: str | None = Field(default=None, max_length=200)
    received_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))
    review_state: str = Field(default="pending_review", max_length=20)
    reviewed_by: str | None = Field(default=None, max_length=200)
    reviewed_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    review_reason: str | None = Field(default=None, max_length=2000)
    fields: dict = Field(default_factory=dict, sa_column=Column(JSON))
    read_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))  # content read and matched
    collected_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))  # seen by `collect`


def timeliness(*, state: str, due_date: date, lock_date: date, submitted_at: datetime | None, today: date) -> str:
    """Derive on time / late / due / overdue / locked from the state, the dates and today."""
    if state in CLOSED_STATES:
        return Timeliness.none
    if state in DONE_STATES and submitted_at is not None:
        from kehoach.clock import as_vn

        return Timeliness.on_time if as_vn(submitted_at).date() <= due_date else Timeliness.late
    if today > lock_date:
        return Timeliness.locked
    if today > due_date:
        return Timeliness.overdue
    return Timeliness.due


# Queries


def list_obligations(*, session: Session, document_id: int) -> Sequence[Obligation]:
    """Return a plan's obligations."""
    return session.exec(select(Obligation).where(Obligation.document_id == document_id).order_by(Obligation.id)).all()


def list_obligation_links(*, session: Session, document_id: int) -> list:
    """Return what a notice needs of each of a plan's obligations, as plain rows (a dispatch reads tens of thousands).

    Each row has id, unit_id, requirement_id, state, token, link_version, due_date and lock_date.
    """
    t = Obligation.__table__
    names = ("id", "unit_id", "requirement_id", "state", "token", "link_version", "due_date", "lock_date")
    stmt = select(*(t.c[n] for n in names)).where(t.c.document_id == document_id).order_by(t.c.id)
    return list(session.execute(stmt).all())


def get_obligation(*, session: Session, obligation_id: int) -> Obligation | None:
    """Return an obligation by its id."""
    return session.get(Obligation, obligation_id)


def list_unit_obligations(
    *, session: Session, document_id: int, unit_id: int, period: str | None = None
) -> Sequence[Obligation]:
    """Return a unit's obligations under a plan (of one period when given), earliest due first."""
    stmt = select(Obligation).where(Obligation.document_id == document_id, Obligation.unit_id == unit_id)
    if period is not None:
        stmt = stmt.where(Obligation.period == period)
    return session.exec(stmt.order_by(Obligation.due_date, Obligation.id)).all()


def list_unit_obligations_with_requirement(
    *, session: Session, document_id: int, unit_id: int
) -> list[tuple[Obligation, str, str]]:
    """Return a unit's obligations under a plan with their requirement's kind and title, earliest due first."""
    from models.documents import Requirement

    stmt = (
        select(Obligation, Requirement.kind, Requirement.title)
        .join(Requirement, Requirement.id == Obligation.requirement_id)
        .where(Obligation.document_id == document_id, Obligation.unit_id == unit_id)
        .order_by(Obligation.due_date, Obligation.id)
    )
    return list(session.exec(stmt).all())


def find_obligation_for_unit(*, session: Session, document_id: int, unit_id: int) -> Obligation | None:
    """Return a unit's earliest open obligation under a plan, else its earliest one."""
    open_ = list_open_obligations_for_unit(session=session, document_id=document_id, unit_id=unit_id)
    if open_:
        return open_[0]
    rows = list_unit_obligations(session=session, document_id=document_id, unit_id=unit_id)
    return rows[0] if rows else None


def list_open_obligations_for_unit(*, session: Session, document_id: int, unit_id: int) -> Sequence[Obligation]:
    """Return a unit's open obligations under a plan, earliest due first."""
    return session.exec(
        select(Obligation)
        .where(Obligation.document_id == document_id, Obligation.unit_id == unit_id)
        .where(Obligation.state.in_([s.value for s in OPEN_STATES]))
        .order_by(Obligation.due_date, Obligation.id)
    ).all()


def insert_obligations(*, session: Session, rows: list[dict]) -> list[int]:
    """Insert obligations in batches, skipping those that exist (same requirement, unit, period); return new ids."""
    from models.bulk import insert_ignore

    return insert_ignore(
        session=session, table=Obligation.__table__, rows=rows, keys=("requirement_id", "unit_id", "period")
    )


def list_status_rows(*, session: Session, document_id: int) -> list[tuple]:
    """Return (obligation, unit code, unit name, unit emails, latest review state) for a plan, in one query."""
    from models.org import Unit

    latest = (
        select(Submission.obligation_id, func.max(Submission.version).label("v"))
        .group_by(Submission.obligation_id)
        .subquery()
    )
    stmt = (
        select(Obligation, Unit.code, Unit.name, Unit.emails, Submission.review_state)
        .join(Unit, Unit.id == Obligation.unit_id)
        .join(latest, latest.c.obligation_id == Obligation.id, isouter=True)
        .join(
            Submission,
            (Submission.obligation_id == Obligation.id) & (Submission.version == latest.c.v),
            isouter=True,
        )
        .where(Obligation.document_id == document_id)
        .order_by(Unit.code, Obligation.due_date, Obligation.period)
    )
    return list(session.exec(stmt).all())


def count_obligations_by_plan(*, session: Session) -> dict[int, dict[str, int]]:
    """Count every plan's obligations per state, in one query."""
    rows = session.exec(
        select(Obligation.document_id, Obligation.state, func.count()).group_by(
            Obligation.document_id, Obligation.state
        )
    ).all()
    out: dict[int, dict[str, int]] = {}
    for doc_id, state, n in rows:
        out.setdefault(doc_id, {})[state] = n
    return out


def get_obligation_by_token(*, session: Session, token: str) -> Obligation | None:
    """Return the obligation a link's public id names, if any."""
    return session.exec(select(Obligation).where(Obligation.token == token)).first()


def bump_link_versions(*, session: Session, obligation_ids: list[int], now: datetime) -> int:
    """Revoke every link issued so far for these obligations (a recall or a re-issue); return how many changed."""
    from sqlalchemy import update

    if not obligation_ids:
        return 0
    res = session.execute(
        update(Obligation)
        .where(Obligation.id.in_(obligation_ids))
        .values(link_version=Obligation.link_version + 1, updated_at=now)
    )
    return res.rowcount


def find_submission_by_file(*, session: Session, obligation_id: int, sha256: str) -> Submission | None:
    """Return the version of an obligation made from this file, if it was sent before."""
    stmt = select(Submission).where(Submission.obligation_id == obligation_id, Submission.file_sha256 == sha256)
    return session.exec(stmt).first()


def list_documents_owed_by(*, session: Session, unit_id: int, document_ids: Sequence[int]) -> set[int]:
    """Return which of these plans ask something of a unit."""
    if not document_ids:
        return set()
    stmt = select(Obligation.document_id).where(
        Obligation.unit_id == unit_id, Obligation.document_id.in_(list(document_ids))
    )
    return set(session.exec(stmt.distinct()).all())


def list_plan_rows(*, session: Session, document_ids: Sequence[int]) -> list[tuple]:
    """Return (obligation, unit code, unit name, requirement kind) for many plans, one query per 500 plans."""
    from models.documents import Requirement
    from models.org import Unit

    ids = list(dict.fromkeys(document_ids))
    out: list[tuple] = []
    for i in range(0, len(ids), 500):
        stmt = (
            select(Obligation, Unit.code, Unit.name, Requirement.kind)
            .join(Unit, Unit.id == Obligation.unit_id)
            .join(Requirement, Requirement.id == Obligation.requirement_id)
            .where(Obligation.document_id.in_(ids[i : i + 500]))
            .order_by(Obligation.document_id, Unit.code, Obligation.due_date, Obligation.id)
        )
        out.extend(session.exec(stmt).all())
    return out


def list_requirement_rows(*, session: Session, requirement_id: int, period: str) -> list[tuple]:
    """Return (obligation, unit code, unit name) for one requirement and period, by unit code."""
    from models.org import Unit

    stmt = (
        select(Obligation, Unit.code, Unit.name)
        .join(Unit, Unit.id == Obligation.unit_id)
        .where(Obligation.requirement_id == requirement_id, Obligation.period == period)
        .order_by(Unit.code)
    )
    return list(session.exec(stmt).all())


def list_submissions_of(*, session: Session, obligation_ids: Sequence[int]) -> list[Submission]:
    """Return every version sent for these obligations, by obligation then version (one query per 500)."""
    ids = list(dict.fromkeys(obligation_ids))
    out: list[Submission] = []
    for i in range(0, len(ids), 500):
        stmt = select(Submission).where(Submission.obligation_id.in_(ids[i : i + 500]))
        out.extend(session.exec(stmt.order_by(Submission.obligation_id, Submission.version)).all())
    return out


def list_periods(*, session: Session, document_id: int) -> list[tuple[int, str]]:
    """Return the (requirement id, period) pairs a plan has obligations for."""
    stmt = select(Obligation.requirement_id, Obligation.period).where(Obligation.document_id == document_id)
    return sorted(set(session.exec(stmt.distinct()).all()))


def mark_submissions(*, session: Session, mark, now: datetime, limit: int, also=None) -> list[int]:
    """Set the timestamp column `mark` to `now` on up to `limit` submissions where it is still empty (and `also`
    holds), oldest first; return the ids this call marked. The mark is the claim: two callers never take the same
    submission (the UPDATE checks the column again, so a rival's mark in between wins)."""
    from sqlalchemy import update

    stmt = select(Submission.id).where(mark.is_(None))
    if also is not None:
        stmt = stmt.where(also)
    ids = session.exec(stmt.order_by(Submission.id).limit(limit)).all()
    if not ids:
        return []
    marked = update(Submission).where(Submission.id.in_(ids), mark.is_(None)).values({mark.key: now})
    return list(session.execute(marked.returning(Submission.id)).scalars().all())


def claim_uncollected_submissions(*, session: Session, now: datetime, limit: int) -> list[tuple]:
    """Mark up to `limit` submissions `collect` has not seen as seen now; return them with their plan and unit.

    Only submissions whose content has been read are taken (the warnings go with them). Each row: (submission id,
    version, channel, received at, fields, obligation id, period, due, document id, unit id). The mark is the
    claim: two collectors never take the same submission.
    """
    claimed = mark_submissions(
        session=session, mark=Submission.collected_at, now=now, limit=limit, also=Submission.read_at.is_not(None)
    )
    if not claimed:
        return []
    stmt = (
        select(
            Submission.id,
            Submission.version,
            Submission.channel,
            Submission.received_at,
            Submission.fields,
            Obligation.id,
            Obligation.period,
            Obligation.due_date,
            Obligation.document_id,
            Obligation.unit_id,
        )
        .join(Obligation, Obligation.id == Submission.obligation_id)
        .where(Submission.id.in_(claimed))
        .order_by(Submission.id)
    )
    return [tuple(r) for r in session.exec(stmt).all()]


def set_review(*, session: Session, submission_id: int, state: str, by: str, at: datetime, reason: str | None) -> bool:
    """Record a reviewer's decision on a version still waiting for one; return whether this call did."""
    from sqlalchemy import update

    res = session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.review_state == "pending_review")
        .values(review_state=state, reviewed_by=by, reviewed_at=at, review_reason=reason)
    )
    return res.rowcount == 1


def move_obligation(
    *, session: Session, obligation_id: int, from_states: Sequence[str], to_state: str, **values: object
) -> bool:
    """Move an obligation to a state if it is in one of `from_states` (compare-and-set); return whether it moved."""
    from sqlalchemy import update

    res = session.execute(
        update(Obligation)
        .where(Obligation.id == obligation_id, Obligation.state.in_(list(from_states)))
        .values(state=to_state, **values)
    )
    return res.rowcount == 1


def cancel_obligations(*, session: Session, obligation_ids: Sequence[int], now: datetime) -> list[int]:
    """Cancel these obligations where still open (pending or returned); return the ids this call cancelled."""
    from sqlalchemy import update

    out: list[int] = []
    ids = list(obligation_ids)
    for i in range(0, len(ids), 500):
        res = session.execute(
            update(Obligation)
            .where(Obligation.id.in_(ids[i : i + 500]), Obligation.state.in_([s.value for s in OPEN_STATES]))
            .values(state=ObligationState.cancelled, updated_at=now)
            .returning(Obligation.id)
        )
        out.extend(res.scalars().all())
    return out


def find_submissions_of_file(*, session: Session, sha256: str, unit_id: int) -> list[tuple[Submission, Obligation]]:
    """Return the versions a unit sent of one file, under any plan, with their obligations."""
    stmt = (
        select(Submission, Obligation)
        .join(Obligation, Obligation.id == Submission.obligation_id)
        .where(Submission.file_sha256 == sha256, Obligation.unit_id == unit_id)
    )
    return list(session.exec(stmt).all())
