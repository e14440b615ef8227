"""Follow-up: the chasing steps queued per obligation, each plan's supervisors, and the queries the watch runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Column, Index, UniqueConstraint, exists, func, or_
from sqlmodel import Field, Session, SQLModel, col, select

from models.documents import Document, Requirement
from models.obligations import Obligation
from models.org import Unit
from models.states import DONE_STATES, OPEN_STATES, DocumentStatus, ObligationState
from models.types import AwareDateTime

NOT_EXPECTED = (ObligationState.exempt.value, ObligationState.cancelled.value)
OPEN = tuple(s.value for s in OPEN_STATES)
DONE = tuple(s.value for s in DONE_STATES)
MAX_DEPTH = 50  # a loop in the stored tree ends the walk there


# One chasing step queued for an obligation and its due date (a reminder before it, a chasing notice after): once.
class FollowupStep(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("obligation_id", "due_date", "step", name="uq_followup_step"),
        Index("ix_followup_document", "document_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id")
    document_id: int = Field(foreign_key="document.id")
    due_date: date  # an extension moves the due date: its steps start again
    step: str = Field(max_length=12)  # "before:3", "after:5"
    queued_on: date
    queued_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))
    message_key: str | None = Field(default=None, max_length=200)  # the outbox message; None: no address
    run_id: str = Field(default="", max_length=32)  # the watch run that wrote it


# A plan's follow-up: who gets the weekly digest, and when everything it asked for was in.
class PlanFollowup(SQLModel, table=True):
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    supervisors: str = Field(default="", max_length=1000)  # comma-separated; empty: the issuer's addresses
    completed_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))
    updated_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))


def _upsert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def vn_date_of(session: Session, column):
    """Return a SQL expression for the Vietnam calendar date of a stored (UTC) timestamp."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import Date, cast

        return cast(func.timezone("Asia/Ho_Chi_Minh", column), Date)
    # Vietnam has kept UTC+7 without daylight saving since 1975
    return func.date(column, "+7 hours")


# Plans


def list_followed_plans(*, session: Session) -> list[tuple[int, str]]:
    """Return (id, ref) of every dispatched plan not yet completed, oldest first."""
    stmt = (
        select(Document.id, Document.ref)
        .join(PlanFollowup, PlanFollowup.document_id == Document.id, isouter=True)
        .where(Document.status == DocumentStatus.dispatched)
        .where(col(PlanFollowup.completed_at).is_(None))
        .order_by(Document.id)
    )
    return [(i, r) for i, r in session.exec(stmt).all()]


def get_plan_followup(*, session: Session, document_id: int) -> PlanFollowup | None:
    """Return a plan's follow-up settings, if any were set."""
    return session.get(PlanFollowup, document_id)


def set_plan_followup(*, session: Session, document_id: int, now: datetime, **values: object) -> None:
    """Create or change a plan's follow-up row (supervisors, completed_at)."""
    table = PlanFollowup.__table__
    row = {"document_id": document_id, "supervisors": "", "completed_at": None, "updated_at": now}
    stmt = (
        _upsert(session)(table)
        .values({**row, **values})
        .on_conflict_do_update(index_elements=["document_id"], set_={**values, "updated_at": now})
    )
    session.execute(stmt)


def mark_plan_completed(*, session: Session, document_id: int, now: datetime) -> bool:
    """Stamp a plan completed unless it already is; return whether this call did (the event goes once)."""
    from sqlalchemy import update

    set_plan_followup(session=session, document_id=document_id, now=now)
    res = session.execute(
        update(PlanFollowup)
        .where(PlanFollowup.document_id == document_id, col(PlanFollowup.completed_at).is_(None))
        .values(completed_at=now, updated_at=now)
    )
    return res.rowcount == 1


# What the watch chases


def list_chase_candidates(
    *, session: Session, due_from: date | None, due_to: date, step: str, locked_after: date | None
) -> list[tuple]:
    """Return open obligations of dispatched plans due in [due_from, due_to] that have not had `step` for that date.

    Each row: (obligation id, token, unit id, link version, document id, period, due, lock, state, requirement
    kind, requirement title). `locked_after` leaves out the obligations whose link has closed.
    """
    o = Obligation.__table__.c
    done = exists().where(
        FollowupStep.obligation_id == o.id, FollowupStep.due_date == o.due_date, FollowupStep.step == step
    )
    stmt = (
        select(
            o.id,
            o.token,
            o.unit_id,
            o.link_version,
            o.document_id,
            o.period,
            o.due_date,
            o.lock_date,
            o.state,
            Requirement.kind,
            Requirement.title,
        )
        .select_from(Obligation.__table__)
        .join(Document, Document.id == o.document_id)
        .join(Requirement, Requirement.id == o.requirement_id)
        .where(Document.status == DocumentStatus.dispatched)
        .where(o.state.in_(OPEN), o.due_date <= due_to)
        .where(~done)
    )
    if due_from is not None:
        stmt = stmt.where(o.due_date >= due_from)
    if locked_after is not None:
        stmt = stmt.where(o.lock_date >= locked_after)
    return [tuple(r) for r in session.execute(stmt.order_by(o.unit_id, o.due_date, o.id)).all()]


def record_steps(*, session: Session, rows: list[dict], run_id: str) -> set[tuple[int, str]]:
    """Record chasing steps, skipping those already there; return (obligation id, step) of the ones this run wrote.

    The rows go in with one executemany (no RETURNING: see `insert_ignore_count`), marked with the run's id; what
    this run wrote is read back by obligation, through the unique index.
    """
    from models.bulk import insert_ignore_count

    if not rows:
        return set()
    table = FollowupStep.__table__
    insert_ignore_count(
        session=session,
        table=table,
        rows=[{**r, "run_id": run_id} for r in rows],
        keys=("obligation_id", "due_date", "step"),
    )
    ids = list(dict.fromkeys(r["obligation_id"] for r in rows))
    t = table.c
    written: set[tuple[int, str]] = set()
    for i in range(0, len(ids), 500):
        stmt = select(t.obligation_id, t.step).where(t.obligation_id.in_(ids[i : i + 500]), t.run_id == run_id)
        written.update((a, b) for a, b in session.execute(stmt).all())
    return written


def set_step_messages(*, session: Session, keys: dict[tuple[int, str, date], str]) -> None:
    """Write which outbox message carried each step: {(obligation id, step, due): message key}."""
    from sqlalchemy import bindparam, update

    if not keys:
        return
    t = FollowupStep.__table__
    session.execute(
        update(t)
        .where(t.c.obligation_id == bindparam("b_ob"), t.c.step == bindparam("b_step"))
        .where(t.c.due_date == bindparam("b_d"))
        .values(message_key=bindparam("b_key")),
        [{"b_ob": ob, "b_step": step, "b_d": due, "b_key": key} for (ob, step, due), key in keys.items()],
    )


def list_last_steps(*, session: Session, obligation_ids: Iterable[int]) -> dict[int, tuple[date, str]]:
    """Return each obligation's latest chasing step: {id: (day queued, step)}."""
    ids = list(dict.fromkeys(obligation_ids))
    t = FollowupStep.__table__.c
    out: dict[int, tuple[date, str]] = {}
    for i in range(0, len(ids), 500):
        rows = session.execute(
            select(t.obligation_id, t.queued_on, t.id, t.step).where(t.obligation_id.in_(ids[i : i + 500]))
        ).all()
        for ob, day, _id, step in sorted(rows, key=lambda r: (r[1], r[2])):
            out[ob] = (day, step)
    return out


def count_steps(*, session: Session, document_id: int | None = None) -> dict[str, int]:
    """Count recorded chasing steps per step (for tests and the operator)."""
    stmt = select(FollowupStep.step, func.count()).group_by(FollowupStep.step)
    if document_id is not None:
        stmt = stmt.where(FollowupStep.document_id == document_id)
    return dict(session.exec(stmt).all())


# What supervisors read


def count_opened(*, session: Session, requirement_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    """Count the obligations opened per requirement and period, in one grouped query."""
    if not requirement_ids:
        return {}
    o = Obligation.__table__.c
    rows = session.execute(
        select(o.requirement_id, o.period, func.count())
        .where(o.requirement_id.in_(list(requirement_ids)))
        .group_by(o.requirement_id, o.period)
    ).all()
    return {(r, p): n for r, p, n in rows}


def list_dispatched_requirements(*, session: Session) -> list[tuple[Requirement, date | None]]:
    """Return the requirements of every dispatched plan, with the plan's issue date."""
    stmt = (
        select(Requirement, Document.issued_on)
        .join(Document, Document.id == Requirement.document_id)
        .where(Document.status == DocumentStatus.dispatched)
        .order_by(Requirement.document_id, Requirement.id)
    )
    return list(session.exec(stmt).all())


def list_live_targets(*, session: Session, requirement_ids: Sequence[int], on: date) -> dict[int, list[int]]:
    """Return each requirement's target units that are active and exist on a date (a merged commune drops out)."""
    from models.documents import RequirementTarget

    if not requirement_ids:
        return {}
    stmt = (
        select(RequirementTarget.requirement_id, RequirementTarget.unit_id)
        .join(Unit, Unit.id == RequirementTarget.unit_id)
        .where(col(RequirementTarget.requirement_id).in_(list(requirement_ids)))
        .where(col(Unit.active).is_(True))
        .where(or_(col(Unit.valid_from).is_(None), col(Unit.valid_from) <= on))
        .where(or_(col(Unit.valid_to).is_(None), col(Unit.valid_to) >= on))
        .order_by(RequirementTarget.requirement_id, RequirementTarget.unit_id)
    )
    out: dict[int, list[int]] = {}
    for req_id, unit_id in session.exec(stmt).all():
        out.setdefault(req_id, []).append(unit_id)
    return out


def list_obligations_by_ids(*, session: Session, ids: Sequence[int]) -> list[Obligation]:
    """Return obligations by id, in batches of one query each."""
    out: list[Obligation] = []
    ids = list(ids)
    for i in range(0, len(ids), 500):
        out.extend(session.exec(select(Obligation).where(col(Obligation.id).in_(ids[i : i + 500]))).all())
    return out


def count_open_obligations(*, session: Session, document_id: int) -> int:
    """Count a plan's obligations still waiting for a file or a review (pending, returned, submitted)."""
    o = Obligation.__table__.c
    waiting = (*OPEN, ObligationState.submitted.value)
    return session.execute(select(func.count()).where(o.document_id == document_id, o.state.in_(waiting))).scalar_one()
