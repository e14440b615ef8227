"""The organisation tree as operators see and change it: the tree, e-mail addresses, named groups."""

from __future__ import annotations

from kehoach import clock
from kehoach.errors import KehoachError
from kehoach.text import nfc
from models.audit import record_audit
from models.db import session_scope
from models.org import LEGACY_END, list_units, list_units_by_codes, set_group_members, set_unit_emails
from tasks.lookup import require_unit
from tasks.org_import import EMAIL_RE


def change_emails(code: str, emails: list[str], actor: str) -> dict:
    """Replace a unit's e-mail addresses (audited); return its name and the new addresses."""
    emails = [nfc(e) for e in emails if nfc(e)]
    bad = [e for e in emails if not EMAIL_RE.match(e)]
    if bad or not emails:
        raise KehoachError(
            f"địa chỉ không hợp lệ: {', '.join(bad) or '(trống)'}.",
            "bad_email",
            "Ví dụ đúng: vanthu@duyenhai.travinh.gov.vn",
        )
    with session_scope() as session:
        unit = require_unit(session, code)
        before = unit.emails
        set_unit_emails(session=session, unit_id=unit.id, emails=emails, now=clock.now())
        record_audit(
            session=session,
            at=clock.now(),
            actor=actor,
            action="unit.set_email",
            unit_id=unit.id,
            details={"before": before, "after": ",".join(emails)},
        )
        return {"code": unit.code, "name": unit.name, "emails": emails}


def make_group(name: str, codes: list[str]) -> int:
    """Create or replace a named group of units; return how many units it holds."""
    name = nfc(name)
    if not name:
        raise KehoachError("tên nhóm trống.", "bad_group", 'Ví dụ: kehoach units group "Khối trường học" MÃ1 MÃ2')
    with session_scope() as session:
        found = list_units_by_codes(session=session, codes=codes, on=clock.today())
        missing = [c for c in codes if c not in found]
        if missing:
            raise KehoachError(
                f"không có đơn vị mã: {', '.join(missing)}.", "unknown_unit", "Xem mã đơn vị bằng: kehoach units tree"
            )
        set_group_members(session=session, name=name, unit_ids=[found[c].id for c in codes])
    return len(set(codes))


def unit_tree(*, legacy: bool = False) -> list[dict]:
    """Return the tree of units alive today (or on 30/6/2025 with `legacy`) as nested dicts, each unit once."""
    with session_scope() as session:
        units = list_units(session=session, on=LEGACY_END if legacy else clock.today())
    ids = {u.id for u in units}
    by_parent: dict[int | None, list] = {}
    for u in units:
        by_parent.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    placed: set[int] = set()

    def node(u) -> dict:  # a Unit row
        placed.add(u.id)
        return {
            "code": u.code,
            "name": u.name,
            "kind": u.kind,
            "email": u.email_list[0] if u.email_list else None,
            "children": [node(c) for c in by_parent.get(u.id, []) if c.id not in placed],
        }

    roots = [node(u) for u in by_parent.get(None, [])]
    # units caught in a loop have no root: show them at the top rather than drop them
    roots += [node(u) for u in units if u.id not in placed]
    return roots
