"""Rate limits kept in the database, so that every portal process counts against the same numbers."""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, delete
from sqlmodel import Field, Session, SQLModel


# Attempts per key (a link, a client address) and minute.
class RateCount(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=120)
    window: int = Field(primary_key=True)  # minutes since the epoch
    hits: int = 0


@cache
def _hit(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = RateCount.__table__
    return (
        insert(table)
        .values(key=bindparam("b_key"), window=bindparam("b_window"), hits=1)
        .on_conflict_do_update(index_elements=["key", "window"], set_={"hits": table.c.hits + 1})
        .returning(table.c.hits)
    )


def hit_rates(*, session: Session, keys: list[str], window: int) -> dict[str, int]:
    """Count one attempt against each key in this minute; return each key's count so far (this one included)."""
    stmt = _hit(session.get_bind().dialect.name)
    # sorted: concurrent transactions lock shared keys in one order (no deadlock on PostgreSQL)
    return {k: session.execute(stmt, {"b_key": k, "b_window": window}).scalar_one() for k in sorted(set(keys))}


def purge_rates(*, session: Session, before_window: int) -> int:
    """Forget counts of minutes before `before_window`; return how many rows went."""
    return session.execute(delete(RateCount).where(RateCount.window < before_window)).rowcount
