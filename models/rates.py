"""Rate limits kept in the database, so that every portal process counts against the same numbers."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Field, Session, SQLModel


# Attempts per key (a link, a client address) and minute.
class RateCount(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=120)
    window: int = Field(primary_key=True)  # minutes since the epoch
    hits: int = 0


def hit_rates(*, session: Session, keys: list[str], window: int) -> dict[str, int]:
    """Count one attempt against each key in this minute; return each key's count so far (this one included)."""
    if not keys:
        return {}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = RateCount.__table__
    stmt = (
        insert(table)
        # sorted: concurrent transactions lock shared keys in one order (no deadlock on PostgreSQL)
        .values([{"key": k, "window": window, "hits": 1} for k in sorted(set(keys))])
        .on_conflict_do_update(index_elements=["key", "window"], set_={"hits": table.c.hits + 1})
        .returning(table.c.key, table.c.hits)
    )
    return dict(session.execute(stmt).all())


def purge_rates(*, session: Session, before_window: int) -> int:
    """Forget counts of minutes before `before_window`; return how many rows went."""
    return session.execute(delete(RateCount).where(RateCount.window < before_window)).rowcount
