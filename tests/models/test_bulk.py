"""Rows written through the driver (models.bulk) read back exactly as rows SQLAlchemy writes, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone


def _audit(i: int, at: datetime) -> dict:
    return {
        "at": at,
        "actor": f"Văn thư {i}",
        "action": "obligation.open",
        "document_id": i,
        "obligation_id": None if i % 2 else i * 10,
        "unit_id": i,
        "from_state": None,
        "to_state": "pending",
        "reason": "Lý do có dấu: “trả lại” ✓" if i % 3 == 0 else None,
        "details": {"i": i, "tên": "Ủy ban nhân dân xã Tân Hòa", "list": [1, 2.5, None]},
    }


def _read(session, table, where) -> list[dict]:
    from sqlalchemy import select

    rows = session.execute(select(table).where(where).order_by(table.c.id)).mappings().all()
    return [{k: v for k, v in r.items() if k != "id"} for r in rows]


def test_an_executemany_through_the_driver_reads_back_as_sqlalchemys(db: str) -> None:
    from sqlalchemy import insert

    from models.audit import AuditEntry, record_audit_many
    from models.db import session_scope

    hanoi = timezone(timedelta(hours=7))
    at = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=hanoi)
    table = AuditEntry.__table__
    with session_scope() as s:
        s.connection().execute(insert(table), [_audit(i, at) for i in range(1, 8)])  # SQLAlchemy's executemany
        record_audit_many(session=s, entries=[_audit(i, at) | {"actor": f"x{i}"} for i in range(1, 8)])
    with session_scope() as s:
        theirs = _read(s, table, table.c.actor.like("Văn thư%"))
        ours = _read(s, table, table.c.actor.like("x%"))
    assert len(ours) == len(theirs) == 7
    assert [r | {"actor": None} for r in ours] == [r | {"actor": None} for r in theirs]
    assert ours[0]["at"] == at and ours[0]["at"].tzinfo is not None  # the moment, time zone-aware
    assert ours[0]["details"]["tên"] == "Ủy ban nhân dân xã Tân Hòa"


def test_insert_ignore_through_the_driver_returns_only_the_rows_it_wrote(db: str) -> None:
    from sqlalchemy import insert

    from models.bulk import VALUES_ROWS, insert_ignore
    from models.db import session_scope
    from models.obligations import Obligation, list_obligations
    from tests.factories import make_plan_in_db

    plan = make_plan_in_db(3)  # its dispatch wrote one obligation a unit through the driver too
    with session_scope() as s:
        opened = list_obligations(session=s, document_id=plan.document_id)
    document_id, requirement_id = plan.document_id, opened[0].requirement_id
    unit_ids = [o.unit_id for o in opened]
    assert len(unit_ids) == 3 and opened[0].created_at.tzinfo is not None
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

    def row(unit_id: int, period: str) -> dict:
        return {
            "document_id": document_id,
            "requirement_id": requirement_id,
            "unit_id": unit_id,
            "period": period,
            "due_date": date(2026, 12, 7),
            "lock_date": date(2027, 1, 6),
            "state": "pending",
            "link_version": 1,
            "created_at": now,
            "updated_at": now,
            "token": f"t-{unit_id}-{period}",
        }

    periods = [f"2027-{m:02d}" for m in range(1, 13)] + [f"{y}" for y in range(2030, 2030 + VALUES_ROWS)]
    rows = [row(u, p) for u in unit_ids for p in periods]  # more than one multi-row statement
    table = Obligation.__table__
    with session_scope() as s:
        s.connection().execute(insert(table), [rows[0], rows[5]])  # two already there
        first = insert_ignore(session=s, table=table, rows=rows, keys=("requirement_id", "unit_id", "period"))
        again = insert_ignore(session=s, table=table, rows=rows, keys=("requirement_id", "unit_id", "period"))
    assert len(first) == len(rows) - 2 and len(set(first)) == len(first)
    assert again == []
    with session_scope() as s:
        stored = _read(s, table, table.c.document_id == document_id)
    assert len(stored) == len(rows) + 3
    by_token = {r["token"]: r for r in stored}
    got = by_token[rows[7]["token"]]
    assert got["due_date"] == date(2026, 12, 7) and got["created_at"] == now and got["transferred_to_id"] is None
