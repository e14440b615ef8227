"""The register of what came in (sổ đăng ký văn bản đến): a receipt number per submission, per body and year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Column, UniqueConstraint, bindparam, insert
from sqlmodel import Field, Session, SQLModel, col, select

from models.types import AwareDateTime


# One entry of the register: the "số đến" a submission was given by the body that receives it.
class Receipt(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("issuer_id", "year", "number", name="uq_receipt_number"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", unique=True)
    issuer_id: int  # the receiving body (the plan's issuer); 0 when the plan names none
    year: int
    number: int
    received_at: datetime = Field(sa_column=Column(AwareDateTime(), nullable=False))


# The last number given per body and year; the recording transaction increments it (numbers restart each year).
class ReceiptCounter(SQLModel, table=True):
    issuer_id: int = Field(primary_key=True)
    year: int = Field(primary_key=True)
    last_number: int = 0


@dataclass(frozen=True)
class ReceiptRow:
    """A register entry just written."""

    submission_id: int
    issuer_id: int
    year: int
    number: int
    received_at: datetime


@cache
def _counter_upsert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = ReceiptCounter.__table__
    return (
        insert(table)
        .values(issuer_id=bindparam("b_issuer"), year=bindparam("b_year"), last_number=1)
        .on_conflict_do_update(index_elements=["issuer_id", "year"], set_={"last_number": table.c.last_number + 1})
        .returning(table.c.last_number)
    )


def next_receipt_number(*, session: Session, issuer_id: int, year: int) -> int:
    """Take the next receipt number of a body's year inside the caller's transaction.

    One `INSERT … ON CONFLICT DO UPDATE … RETURNING`: the counter row stays locked until the caller commits, so
    concurrent recorders (threads or processes, SQLite or PostgreSQL) never get the same number.
    """
    stmt = _counter_upsert(session.get_bind().dialect.name)
    return session.execute(stmt, {"b_issuer": issuer_id, "b_year": year}).scalar_one()


def add_receipt(
    *, session: Session, submission_id: int, issuer_id: int, year: int, number: int, received_at: datetime
) -> ReceiptRow:
    """Write a register entry (one cached statement)."""
    row = {
        "submission_id": submission_id,
        "issuer_id": issuer_id,
        "year": year,
        "number": number,
        "received_at": received_at,
    }
    session.execute(_ADD_RECEIPT, row)
    return ReceiptRow(**row)


def get_receipt(*, session: Session, submission_id: int) -> Receipt | None:
    """Return the register entry of a submission."""
    return session.exec(select(Receipt).where(Receipt.submission_id == submission_id)).first()


def list_receipts(*, session: Session, submission_ids: Sequence[int]) -> dict[int, Receipt]:
    """Return the register entries of some submissions, by submission id."""
    ids = list(dict.fromkeys(submission_ids))
    out: dict[int, Receipt] = {}
    for i in range(0, len(ids), 500):
        for r in session.exec(select(Receipt).where(col(Receipt.submission_id).in_(ids[i : i + 500]))).all():
            out[r.submission_id] = r
    return out


_ADD_RECEIPT = insert(Receipt.__table__)


def receipt_label(number: int, year: int) -> str:
    """Write a receipt number as the register shows it: 'số đến 125/2026'."""
    return f"{number}/{year}"
