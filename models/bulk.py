"""Batched writes that work the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlmodel import Session

BATCH = 1000
# rows a multi-row VALUES statement carries (SQLite takes 32,766 parameters a statement, PostgreSQL 65,535)
VALUES_ROWS = 500


class _Plain:
    """An INSERT (… ON CONFLICT DO NOTHING when given the keys that clash) written once for a table, its columns
    and a dialect, executed through the driver with each column's own SQLAlchemy bind processor applied to its
    values.

    SQLAlchemy's executemany and its multi-row VALUES spend about 15 µs a row rebuilding parameters (a dict
    copied, every processor looked up again); a dispatch to 10,000 units writes 50,000 rows, 0.6 s of the 1.4 s
    it spends before its first notice. The SQL is the statement SQLAlchemy itself writes for these backends;
    the values are converted by the same processors (a JSON column by the engine's serializer, AwareDateTime
    by its own code), so what lands in a row is the same.
    """

    def __init__(self, table: Table, keys: tuple[str, ...], conflict: tuple[str, ...], dialect: Dialect) -> None:
        prep = dialect.identifier_preparer
        self.keys = keys
        self.mark = "?" if dialect.paramstyle == "qmark" else "%s"  # psycopg takes %s with positional values
        columns = [table.c[k] for k in keys]
        self.processors: list[Callable | None] = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
        names = ", ".join(prep.format_column(c) for c in columns)
        self.head = f"INSERT INTO {prep.format_table(table)} ({names}) VALUES "
        self.group = "(" + ", ".join([self.mark] * len(keys)) + ")"
        self.tail = f" ON CONFLICT ({', '.join(prep.quote(k) for k in conflict)}) DO NOTHING" if conflict else ""
        self.returning = f" RETURNING {prep.format_column(table.c.id)}"

    def values(self, rows: list[dict]) -> list[tuple]:
        """Return each row's values in column order, converted for the driver (column by column: a processor is
        looked up once, not once a row, and run once for each distinct value — a dispatch's rows share their
        times and dates, and SQLite's date-time processor costs 2.5 µs a call)."""
        columns = []
        for key, process in zip(self.keys, self.processors, strict=True):
            got = [row[key] for row in rows]
            if process is None:
                columns.append(got)
                continue
            try:
                memo: dict = {}
                # keyed by type too: 1 and True are equal keys but not always the same value to a processor
                columns.append(
                    [memo[k] if (k := (v.__class__, v)) in memo else memo.setdefault(k, process(v)) for v in got]
                )
            except TypeError:  # a value that cannot be a key (a JSON column's dict): each converted on its own
                columns.append([process(v) for v in got])
        return list(zip(*columns, strict=True))


@cache
def _plain(table: Table, keys: tuple[str, ...], conflict: tuple[str, ...], dialect: Dialect) -> _Plain | None:
    # a column left out must have no default of SQLAlchemy's (the driver would leave it NULL); id is the database's
    for c in table.columns:
        if c.key not in keys and not c.primary_key and (c.default is not None or not c.nullable):
            return None
    if dialect.name not in ("sqlite", "postgresql") or dialect.paramstyle not in ("qmark", "pyformat", "format"):
        return None
    return _Plain(table, keys, conflict, dialect)


@cache
def _insert_ignore(table: Table, keys: tuple[str, ...], dialect: str):
    # one statement per table, built once: SQLAlchemy sends many rows as multi-row VALUES batches.
    # RETURNING tells what this statement wrote on every backend (rowcount is -1 on some drivers), so two
    # processes inserting the same rows at once each learn which rows were theirs.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).on_conflict_do_nothing(index_elements=list(keys)).returning(table.c.id)


def insert_ignore(*, session: Session, table: Table, rows: list[dict], keys: Sequence[str]) -> list[int]:
    """Insert rows, skipping those that clash on `keys`; return the ids of the rows this call wrote."""
    if not rows:
        return []
    stmt = _insert_ignore(table, tuple(keys), session.get_bind().dialect.name)
    if len(rows) == 1:  # one message (a receipt): a plain execution, no batching machinery
        return [row[0] for row in session.execute(stmt, rows[0]).all()]
    plain = _plain(table, tuple(rows[0]), tuple(keys), session.get_bind().dialect)
    if plain is not None:
        # multi-row VALUES with RETURNING, as SQLAlchemy batches it, the values converted column by column
        conn, inserted = session.connection(), []
        for i in range(0, len(rows), VALUES_ROWS):
            part = plain.values(rows[i : i + VALUES_ROWS])
            sql = plain.head + ", ".join([plain.group] * len(part)) + plain.tail + plain.returning
            flat = tuple(v for row in part for v in row)
            inserted.extend(r[0] for r in conn.exec_driver_sql(sql, flat).all())
        return inserted
    inserted: list[int] = []
    for i in range(0, len(rows), BATCH):
        inserted.extend(row[0] for row in session.execute(stmt, rows[i : i + BATCH]).all())
    return inserted


def insert_ignore_count(*, session: Session, table: Table, rows: list[dict], keys: Sequence[str]) -> int:
    """Insert rows, skipping those that clash on `keys`; return how many this call wrote.

    One executemany without RETURNING: the driver prepares the statement once and sends every row's values
    (psycopg parses a multi-row VALUES statement's placeholders in Python, 0.2 ms a row for a wide table). Both
    drivers here report the rows an executemany wrote.
    """
    if not rows:
        return 0
    plain = _plain(table, tuple(rows[0]), tuple(keys), session.get_bind().dialect)
    if plain is not None:
        stmt = plain.head + plain.group + plain.tail
        conn = session.connection().execution_options(preserve_rowcount=True)
        return sum(
            conn.exec_driver_sql(stmt, plain.values(rows[i : i + BATCH * 5])).rowcount
            for i in range(0, len(rows), BATCH * 5)
        )
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # SQLAlchemy keeps an INSERT's rowcount only when asked
    stmt = insert(table).on_conflict_do_nothing(index_elements=list(keys)).execution_options(preserve_rowcount=True)
    return sum(session.execute(stmt, rows[i : i + BATCH * 5]).rowcount for i in range(0, len(rows), BATCH * 5))


def insert_many(*, session: Session, table: Table, rows: list[dict]) -> None:
    """Insert rows that all have the same columns, in one executemany (through the driver when `_plain` can)."""
    if not rows:
        return
    plain = _plain(table, tuple(rows[0]), (), session.get_bind().dialect)
    if plain is None:
        from sqlalchemy import insert

        session.connection().execute(insert(table), rows)
        return
    conn, stmt = session.connection(), plain.head + plain.group
    for i in range(0, len(rows), BATCH * 5):
        conn.exec_driver_sql(stmt, plain.values(rows[i : i + BATCH * 5]))
