"""What supervisors see of a plan: states counted, expected / submitted / on-time per level of the tree, who is
late, the status page's rows — each one query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, case, func, literal, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from models.documents import Requirement
from models.followup import DONE, MAX_DEPTH, NOT_EXPECTED, OPEN, vn_date_of
from models.obligations import Obligation
from models.org import Unit
from models.states import ObligationState


def count_by_level(
    *, session: Session, document_id: int, top_id: int | None, today: date, periods: Sequence[tuple[int, str]]
) -> list[dict]:
    """Count a plan's obligations of some periods per level of the tree below `top_id`, in one grouped query.

    `periods` are (requirement id, period) pairs: a report's rate is a period's (as DHIS2 counts it), and a plan of
    100 periods and 10,000 units is not read whole each time. The levels come from a recursive CTE. Per level and
    unit kind: units, obligations expected (due by today, or already sent; not exempt or cancelled), submitted, on
    time, overdue and still open, open and not yet late. A unit outside the tree below `top_id` has level None.
    """
    if not periods:
        return []
    tree = select(Unit.id.label("id"), literal(0).label("depth")).where(Unit.id == top_id).cte("tree", recursive=True)
    child = aliased(Unit)
    tree = tree.union_all(
        select(child.id, tree.c.depth + 1).where(child.parent_id == tree.c.id, tree.c.depth < MAX_DEPTH)
    )
    o = Obligation.__table__.c
    expected_state = o.state.notin_(NOT_EXPECTED)
    sent = o.state.in_(DONE)
    submitted_on = vn_date_of(session, o.submitted_at)
    stmt = (
        select(
            tree.c.depth,
            Unit.kind,
            func.count(func.distinct(o.unit_id)),
            func.sum(case((and_(expected_state, or_(o.due_date <= today, sent)), 1), else_=0)),
            func.sum(case((sent, 1), else_=0)),
            func.sum(case((and_(sent, submitted_on <= o.due_date), 1), else_=0)),
            func.sum(case((and_(o.state.in_(OPEN), o.due_date < today), 1), else_=0)),
            func.sum(case((and_(o.state.in_(OPEN), o.due_date >= today), 1), else_=0)),
        )
        .select_from(Obligation.__table__)
        .join(Unit, Unit.id == o.unit_id)
        .join(tree, tree.c.id == o.unit_id, isouter=True)
        .where(o.document_id == document_id)
        .where(or_(*[and_(o.requirement_id == r, o.period == p) for r, p in periods]))
        .group_by(tree.c.depth, Unit.kind)
    )
    keys = ("depth", "kind", "units", "expected", "submitted", "on_time", "overdue", "not_due")
    return [dict(zip(keys, (r[0], r[1], *(int(x or 0) for x in r[2:])), strict=True)) for r in session.execute(stmt)]


def count_plan_states(*, session: Session, document_id: int, today: date) -> dict[str, int]:
    """Count a plan's obligations per state, and the open ones past due, in one query the (document, state, due)
    index answers alone."""
    o = Obligation.__table__.c
    overdue = case((and_(o.state.in_(OPEN), o.due_date < today), 1), else_=0)
    rows = session.execute(
        select(o.state, func.count(), func.sum(overdue)).where(o.document_id == document_id).group_by(o.state)
    ).all()
    out = {"total": 0, "overdue": 0}
    for state, n, late in rows:
        out[state] = n
        out["total"] += n
        out["overdue"] += int(late or 0)
    return out


def list_overdue(*, session: Session, document_id: int, today: date, limit: int | None = None) -> list[tuple]:
    """Return a plan's open obligations past their due date, earliest due first, with the unit and requirement.

    Each row: (obligation id, unit id, unit code, unit name, period, due, lock, state, requirement kind, title).
    """
    o = Obligation.__table__.c
    stmt = (
        select(
            o.id,
            o.unit_id,
            Unit.code,
            Unit.name,
            o.period,
            o.due_date,
            o.lock_date,
            o.state,
            Requirement.kind,
            Requirement.title,
        )
        .select_from(Obligation.__table__)
        .join(Unit, Unit.id == o.unit_id)
        .join(Requirement, Requirement.id == o.requirement_id)
        .where(o.document_id == document_id, o.state.in_(OPEN), o.due_date < today)
        .order_by(o.due_date, Unit.code, o.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [tuple(r) for r in session.execute(stmt).all()]


def count_overdue_units(*, session: Session, document_id: int, today: date) -> int:
    """Count the units with at least one open obligation past its due date under a plan."""
    o = Obligation.__table__.c
    stmt = select(func.count(func.distinct(o.unit_id))).where(
        o.document_id == document_id, o.state.in_(OPEN), o.due_date < today
    )
    return session.execute(stmt).scalar_one()


def list_status_page(*, session: Session, document_id: int, limit: int) -> list[tuple]:
    """Return up to `limit` of a plan's obligations, the ones a supervisor acts on first.

    Open ones (earliest due first), then those awaiting review, then the latest closed ones; each row:
    (obligation id, unit code, unit name, requirement kind, title, period, state, due, lock, submitted at).
    Each part is an index range of (document, state, due), never a sort of the whole plan.
    """
    o = Obligation.__table__.c
    cols = (
        o.id,
        Unit.code,
        Unit.name,
        Requirement.kind,
        Requirement.title,
        o.period,
        o.state,
        o.due_date,
        o.lock_date,
        o.submitted_at,
    )
    parts = (
        (OPEN, o.due_date.asc()),
        ((ObligationState.submitted.value,), o.due_date.asc()),
        ((ObligationState.accepted.value, *NOT_EXPECTED), o.due_date.desc()),
    )
    out: list[tuple] = []
    for states, order in parts:
        left = limit - len(out)
        if left <= 0:
            break
        stmt = (
            select(*cols)
            .select_from(Obligation.__table__)
            .join(Unit, Unit.id == o.unit_id)
            .join(Requirement, Requirement.id == o.requirement_id)
            .where(o.document_id == document_id, o.state.in_(states))
            .order_by(order, Unit.code, o.id)
            .limit(left)
        )
        out.extend(tuple(r) for r in session.execute(stmt).all())
    return out


# Periods
