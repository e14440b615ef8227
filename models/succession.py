"""Queries for the 2025 reorganisation and other mergers: obligations of units that ceased, passed to successors."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, or_, update
from sqlmodel import Session, col, select

from models.obligations import Obligation
from models.org import Unit
from models.states import OPEN_STATES, ObligationState


def list_orphaned_obligations(*, session: Session, today: date, limit: int = 5000) -> list[tuple[Obligation, Unit]]:
    """Return open obligations whose unit ceased before today and names a successor, with the unit."""
    stmt = (
        select(Obligation, Unit)
        .join(Unit, Unit.id == Obligation.unit_id)
        .where(col(Obligation.state).in_([s.value for s in OPEN_STATES]))
        .where(col(Unit.valid_to).is_not(None), col(Unit.valid_to) < today, col(Unit.successor_code).is_not(None))
        .order_by(Obligation.document_id, Obligation.requirement_id, Obligation.period, Obligation.id)
        .limit(limit)
    )
    return list(session.exec(stmt).all())


def count_ceased_without_successor(*, session: Session, today: date) -> int:
    """Count open obligations whose unit ceased before today with no successor on record."""
    from sqlalchemy import func

    stmt = (
        select(func.count())
        .select_from(Obligation)
        .join(Unit, Unit.id == Obligation.unit_id)
        .where(col(Obligation.state).in_([s.value for s in OPEN_STATES]))
        .where(col(Unit.valid_to).is_not(None), col(Unit.valid_to) < today, col(Unit.successor_code).is_(None))
    )
    return session.exec(stmt).one()


def mark_transferred(*, session: Session, moves: list[dict], now: datetime) -> int:
    """Mark obligations passed to a successor ({id, to}) where still open; return how many this call moved."""
    if not moves:
        return 0
    table = Obligation.__table__
    res = session.execute(
        update(table)
        # executemany takes no IN list: the open states spelled out
        .where(table.c.id == bindparam("b_id"), or_(*(table.c.state == s.value for s in OPEN_STATES)))
        .values(state=ObligationState.transferred, transferred_to_id=bindparam("b_to"), updated_at=now),
        [{"b_id": m["id"], "b_to": m["to"]} for m in moves],
    )
    return res.rowcount


def find_obligation_ids(*, session: Session, keys: list[tuple[int, int, str]]) -> dict[tuple[int, int, str], int]:
    """Return the obligation id of each (requirement, unit, period) that exists."""
    out: dict[tuple[int, int, str], int] = {}
    wanted = set(keys)
    units = list({k[1] for k in keys})
    for i in range(0, len(units), 500):
        stmt = select(Obligation.id, Obligation.requirement_id, Obligation.unit_id, Obligation.period).where(
            col(Obligation.unit_id).in_(units[i : i + 500])
        )
        for oid, req, unit, period in session.exec(stmt).all():
            if (req, unit, period) in wanted:
                out[(req, unit, period)] = oid
    return out


def set_successor(*, session: Session, unit_id: int, successor_code: str, last_day: date, now: datetime) -> None:
    """Record that a unit ceased after `last_day` and that another unit took over what it owed."""
    session.execute(
        update(Unit)
        .where(Unit.id == unit_id)
        .values(valid_to=last_day, successor_code=successor_code, active=False, updated_at=now)
    )


def move_children(*, session: Session, from_unit_id: int, to_unit_id: int, on: date, now: datetime) -> int:
    """Hang a ceased unit's children (alive on a date) under its successor; return how many moved."""
    from models.org import list_children

    ids = [u.id for u in list_children(session=session, unit_id=from_unit_id, on=on)]
    if not ids:
        return 0
    session.execute(update(Unit).where(col(Unit.id).in_(ids)).values(parent_id=to_unit_id, updated_at=now))
    return len(ids)
