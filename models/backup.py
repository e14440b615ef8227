"""A consistent copy of the database while the system runs, and its restore; every table counted and digested.

SQLite: the online backup API copies the whole file in one step (WAL readers never block writers). PostgreSQL:
`pg_dump` on a snapshot exported from a repeatable-read transaction, in which the same rows are counted and
digested, so the manifest describes exactly what the dump holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, make_url

from kehoach.errors import KehoachError

DUMP_NAMES = {"sqlite": "kehoach.db", "postgresql": "kehoach.pgdump"}
PG_TIMEOUT_S = 3600


@dataclass
class Snapshot:
    """The database as one file, and what it holds: {table: {"rows": n, "sha256": hex}}."""

    backend: str
    path: Path
    tables: dict[str, dict]


def backend_of(url: str) -> str:
    """Return 'sqlite' or 'postgresql' for a database URL."""
    name = make_url(url).get_backend_name()
    if name not in DUMP_NAMES:
        raise KehoachError(f"chưa hỗ trợ sao lưu cơ sở dữ liệu loại {name}.", "backup_backend")
    return name


def snapshot_database(*, url: str, dest_dir: Path) -> Snapshot:
    """Copy the database at `url` into `dest_dir` as one file, consistent while others write; describe its tables."""
    backend = backend_of(url)
    dest = dest_dir / DUMP_NAMES[backend]
    if backend == "sqlite":
        src = sqlite3.connect(_sqlite_path(url), timeout=30)
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)  # pages=-1: the whole database in one step, one read snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # the copy is a single file
        finally:
            dst.close()
            src.close()
        engine = create_engine(f"sqlite:///{dest}")
        try:
            with engine.connect() as conn:
                return Snapshot(backend, dest, describe_tables(conn))
        finally:
            engine.dispose()
    engine = create_engine(_sqlalchemy_pg(url))
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            snapshot_id = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            _run_pg(
                url,
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                f"--file={dest}",
            )
            return Snapshot(backend, dest, describe_tables(conn))
    finally:
        engine.dispose()


def require_backend(*, url: str, backend: str) -> None:
    """Refuse to restore a snapshot into another kind of database than it was taken from."""
    target = backend_of(url)
    if target != backend:
        raise KehoachError(
            f"bản sao lưu là cơ sở dữ liệu {backend}, còn KEHOACH_DATABASE_URL trỏ tới {target}.",
            "backup_backend_mismatch",
            f"Khôi phục vào một cơ sở dữ liệu {backend} trống (đặt KEHOACH_DATABASE_URL cho phù hợp).",
        )


def restore_database(*, url: str, backend: str, path: Path) -> None:
    """Load a snapshot into the empty database at `url` (the same kind of database it was taken from)."""
    require_backend(url=url, backend=backend)
    if backend == "sqlite":
        dest = Path(_sqlite_path(url))
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.restoring")
        shutil.copyfile(path, tmp)
        os.replace(tmp, dest)
        return
    _run_pg(url, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(path))


def list_tables_with_rows(*, url: str) -> list[str]:
    """Return the tables of the database at `url` (none for a database or SQLite file not yet created)."""
    if backend_of(url) == "sqlite" and not Path(_sqlite_path(url)).exists():
        return []
    engine = create_engine(_sqlalchemy_pg(url) if backend_of(url) == "postgresql" else url)
    try:
        with engine.connect() as conn:
            return sorted(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def table_digests(*, url: str) -> dict[str, dict]:
    """Return rows and digest of every table of the database at `url`."""
    engine = create_engine(_sqlalchemy_pg(url) if backend_of(url) == "postgresql" else url)
    try:
        with engine.connect() as conn:
            return describe_tables(conn)
    finally:
        engine.dispose()


def list_kept_files(*, url: str) -> set[str]:
    """Return the names (`<sha256>.<ext>`) of every received file the database refers to."""
    engine = create_engine(_sqlalchemy_pg(url) if backend_of(url) == "postgresql" else url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT file_sha256, file_ext FROM document WHERE file_sha256 IS NOT NULL "
                    "UNION SELECT file_sha256, file_ext FROM submission"
                )
            ).all()
    finally:
        engine.dispose()
    return {f"{sha}.{ext}" for sha, ext in rows}


def describe_tables(conn: Connection) -> dict[str, dict]:
    """Count and digest every table's rows in primary-key order, as the driver returns them (same backend only)."""
    insp = inspect(conn)
    q = conn.dialect.identifier_preparer.quote
    out: dict[str, dict] = {}
    for name in sorted(insp.get_table_names()):
        order = insp.get_pk_constraint(name).get("constrained_columns") or [c["name"] for c in insp.get_columns(name)]
        sql = f"SELECT * FROM {q(name)} ORDER BY {', '.join(q(c) for c in order)}"
        digest, rows = hashlib.sha256(), 0
        result = conn.execution_options(stream_results=True, yield_per=5000).exec_driver_sql(sql)
        for row in result:
            digest.update(json.dumps(list(row), default=_plain, ensure_ascii=False, sort_keys=True).encode())
            digest.update(b"\n")
            rows += 1
        out[name] = {"rows": rows, "sha256": digest.hexdigest()}
    return out


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _sqlite_path(url: str) -> str:
    path = make_url(url).database
    if not path or path == ":memory:":
        raise KehoachError("cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.", "backup_memory")
    return path


def _sqlalchemy_pg(url: str) -> str:
    u = make_url(url)
    return u.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """Return the URL pg_dump and pg_restore understand: no SQLAlchemy driver name, no password (see _run_pg)."""
    return make_url(url).set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def pg_tool(name: str) -> str:
    """Return the path of a PostgreSQL client program (on PATH, or Debian's newest /usr/lib/postgresql/*/bin)."""
    found = shutil.which(name)
    if found:
        return found
    for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True, key=lambda p: _major(p.parent.name)):
        if (root / name).exists():
            return str(root / name)
    raise KehoachError(
        f"không tìm thấy chương trình {name} của PostgreSQL trên máy này.",
        "pg_tool_missing",
        "Cài gói postgresql-client cùng phiên bản với máy chủ (Debian: apt-get install postgresql-client).",
    )


def _major(version: str) -> int:
    return int(version) if version.isdigit() else 0


def _run_pg(url: str, tool: str, *args: str) -> None:
    # the password goes in the environment, where `ps` does not show it
    password = make_url(url).password
    env = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    cmd = [pg_tool(tool), f"--dbname={libpq_url(url)}", *args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=PG_TIMEOUT_S, env=env)
    if r.returncode != 0:
        tail = " / ".join((r.stderr or r.stdout).strip().splitlines()[-3:])
        raise KehoachError(
            f"{tool} không chạy được: {tail}",
            f"{tool.replace('_', '')}_failed",
            "Kiểm tra KEHOACH_DATABASE_URL, quyền của người dùng cơ sở dữ liệu và phiên bản PostgreSQL.",
        )
