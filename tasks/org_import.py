"""Import an organisation tree: an official province, or the operator's own CSV/XLSX; load it in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import task

from kehoach import clock
from kehoach.errors import ImportRejected
from models.db import session_scope
from models.org import CUSTOM_ERA, upsert_units
from tasks.org_official import current_province_rows, legacy_province_rows
from tasks.org_table import EMAIL_RE, check_rows, read_table_file

__all__ = ["EMAIL_RE", "ImportRejected", "ImportResult", "import_units", "load_rows"]


@dataclass(frozen=True)
class ImportResult:
    source: str
    rows: int
    inserted: int
    updated: int
    root_code: str | None


def load_rows(rows: list[dict], *, source: str) -> ImportResult:
    """Write checked rows in one transaction (re-import updates, never duplicates)."""
    with session_scope() as session:
        inserted, updated = upsert_units(session=session, rows=rows, now=clock.now())
    root = next((r["code"] for r in rows if not r.get("parent_code")), None)
    return ImportResult(source=source, rows=len(rows), inserted=inserted, updated=updated, root_code=root)


def existing_codes() -> set[str]:
    """Return the codes of units a file may hang its units under: the operator's own and today's official tree."""
    from models.org import list_units

    with session_scope() as session:
        return {u.code for u in list_units(session=session, on=clock.today())}


def stored_parents() -> dict[str, str | None]:
    """Return each of the operator's stored units' parent code (for loops a new file would close)."""
    from models.org import list_parent_codes

    with session_scope() as session:
        return list_parent_codes(session=session, era=CUSTOM_ERA)


@task(name="import-units")
def import_units(kind: str, arg: str, email_domain: str | None = None) -> ImportResult:
    """Import an organisation tree.

    Args:
        kind: "current" (vietnam-provinces), "legacy" (vietnamadminunits) or "file" (CSV/XLSX path).
        arg: the province name or code, or the file path.
        email_domain: for trials, give each official unit the address <code>@<domain>.
    """
    if kind == "current":
        return load_rows(current_province_rows(arg, email_domain=email_domain), source="vietnam-provinces")
    if kind == "legacy":
        return load_rows(legacy_province_rows(arg, email_domain=email_domain), source="vietnamadminunits")
    path = Path(arg)
    stored = stored_parents()
    rows = check_rows(read_table_file(path), known_codes=existing_codes(), stored_parents=stored)
    return load_rows(rows, source=path.name)
