"""The organisation tree (any depth, two eras), groups of units, and the queries on them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Column, Index, UniqueConstraint, and_, or_
from sqlalchemy import insert as sa_insert
from sqlmodel import Field, Session, SQLModel, col, select

from models.types import AwareDateTime

CURRENT_ERA = "2025"  # two-tier structure, from 1 July 2025
LEGACY_ERA = "legacy"  # province → district → commune, until 30 June 2025
CUSTOM_ERA = ""  # trees the operator keeps (CSV/XLSX)
LEGACY_END = date(2025, 6, 30)
CURRENT_START = date(2025, 7, 1)


def split_emails(emails: str) -> list[str]:
    """Return the addresses of a unit's comma-separated list, blanks dropped."""
    return [e for e in (x.strip() for x in emails.split(",")) if e]


class UnitBase(SQLModel):
    code: str = Field(max_length=64)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=20)
    emails: str = Field(default="", max_length=1000)  # comma-separated, first is the main address
    active: bool = True


# A body in the organisation tree: any depth; `era` separates the legacy and current official trees.
class Unit(UnitBase, table=True):
    __table_args__ = (
        UniqueConstraint("code", "era", name="uq_unit_code_era"),
        Index("ix_unit_parent", "parent_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", ondelete="RESTRICT")
    era: str = Field(default=CUSTOM_ERA, max_length=10)
    valid_from: date | None = None
    valid_to: date | None = None
    successor_code: str | None = Field(default=None, max_length=64)  # legacy commune → its 2025 ward
    source: str = Field(default="", max_length=40)
    updated_at: datetime | None = Field(default=None, sa_column=Column(AwareDateTime()))

    @property
    def email_list(self) -> list[str]:
        return split_emails(self.emails)


class UnitPublic(UnitBase):
    id: int
    parent_id: int | None
    era: str


# A named set of units ("Các xã, phường", "Khối trường học") an operator targets by name.
class UnitGroup(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)


# Membership of a unit in a group.
class UnitGroupMember(SQLModel, table=True):
    group_id: int = Field(foreign_key="unitgroup.id", primary_key=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", primary_key=True, ondelete="CASCADE")


# Queries


def _alive_on(on: date | None):
    if on is None:
        return True
    return and_(
        or_(col(Unit.valid_from).is_(None), col(Unit.valid_from) <= on),
        or_(col(Unit.valid_to).is_(None), col(Unit.valid_to) >= on),
    )


def get_unit(*, session: Session, unit_id: int) -> Unit | None:
    """Return a unit by its id."""
    return session.get(Unit, unit_id)


def get_unit_by_code(*, session: Session, code: str, on: date | None = None, era: str | None = None) -> Unit | None:
    """Return the unit with this code that exists on a date (or in an era)."""
    stmt = select(Unit).where(Unit.code == code)
    if era is not None:
        stmt = stmt.where(Unit.era == era)
    else:
        stmt = stmt.where(_alive_on(on))
    # Custom trees first, then the current official tree, then legacy.
    rows = session.exec(stmt).all()
    if not rows:
        return None
    order = {CUSTOM_ERA: 0, CURRENT_ERA: 1, LEGACY_ERA: 2}
    return sorted(rows, key=lambda u: order.get(u.era, 3))[0]


def list_units_by_codes(*, session: Session, codes: Iterable[str], on: date | None = None) -> dict[str, Unit]:
    """Return units by code in one query (those alive on the date)."""
    codes = list(dict.fromkeys(codes))
    found: dict[str, Unit] = {}
    order = {CUSTOM_ERA: 0, CURRENT_ERA: 1, LEGACY_ERA: 2}
    for i in range(0, len(codes), 500):
        rows = session.exec(select(Unit).where(col(Unit.code).in_(codes[i : i + 500])).where(_alive_on(on))).all()
        for u in sorted(rows, key=lambda u: order.get(u.era, 3), reverse=True):
            found[u.code] = u
    return found


def list_units(*, session: Session, era: str | None = None, on: date | None = None) -> Sequence[Unit]:
    """Return all units (of an era, or alive on a date), ordered by code."""
    stmt = select(Unit)
    if era is not None:
        stmt = stmt.where(Unit.era == era)
    if on is not None:
        stmt = stmt.where(_alive_on(on))
    return session.exec(stmt.order_by(Unit.era, Unit.code)).all()


def list_children(*, session: Session, unit_id: int, on: date | None = None) -> Sequence[Unit]:
    """Return the direct children of a unit."""
    stmt = select(Unit).where(Unit.parent_id == unit_id).where(_alive_on(on)).order_by(Unit.code)
    return session.exec(stmt).all()


def list_descendants(*, session: Session, unit_id: int, on: date | None = None) -> list[Unit]:
    """Return every unit below a unit, breadth first (one query per level, not per unit).

    A loop in the stored tree (imports refuse them, but data can come from elsewhere) ends the walk: each unit
    is visited once.
    """
    out: list[Unit] = []
    seen = {unit_id}
    frontier = [unit_id]
    while frontier:
        rows = []
        for i in range(0, len(frontier), 500):
            rows.extend(
                session.exec(
                    select(Unit)
                    .where(col(Unit.parent_id).in_(frontier[i : i + 500]))
                    .where(_alive_on(on))
                    .order_by(Unit.code)
                ).all()
            )
        rows = [u for u in rows if u.id not in seen]
        seen.update(u.id for u in rows)
        out.extend(rows)
        frontier = [u.id for u in rows]
    return out


def list_parent_codes(*, session: Session, era: str) -> dict[str, str | None]:
    """Return {code: parent code} for the units of an era, in one query."""
    from sqlalchemy.orm import aliased

    parent = aliased(Unit)
    stmt = select(Unit.code, parent.code).join(parent, parent.id == Unit.parent_id, isouter=True).where(Unit.era == era)
    return dict(session.exec(stmt).all())


def upsert_units(*, session: Session, rows: list[dict], now: datetime) -> tuple[int, int]:
    """Insert or update units keyed by (code, era); `parent_code` is resolved within the era.

    Rows must be ordered parents first. Returns (inserted, updated).
    """
    inserted = updated = 0
    by_era: dict[str, list[dict]] = {}
    for r in rows:
        by_era.setdefault(r.get("era", CUSTOM_ERA), []).append(r)
    # a custom unit may hang under an official one (a school under its commune): parents not in the era itself
    # are looked up in today's official tree, then the legacy one
    official: dict[str, Unit] = {}
    for other in (LEGACY_ERA, CURRENT_ERA):
        official.update({u.code: u for u in session.exec(select(Unit).where(Unit.era == other)).all()})
    for era, era_rows in by_era.items():
        existing = {u.code: u for u in session.exec(select(Unit).where(Unit.era == era)).all()}
        outside = {c: u for c, u in official.items() if c not in existing} if era == CUSTOM_ERA else {}
        # parents first: resolve ids level by level, inserting new rows in bulk per level
        pending = list(era_rows)
        while pending:
            ready, later = [], []
            waiting = {x["code"] for x in pending}
            for r in pending:
                pc = r.get("parent_code")
                if pc and pc not in existing and pc in waiting and pc != r["code"]:
                    later.append(r)
                else:
                    ready.append(r)
            if not ready:
                raise ValueError("vòng lặp trong cây đơn vị")
            new_rows = []
            for r in ready:
                pc = r.get("parent_code")
                parent_id = (existing.get(pc) or outside[pc]).id if pc else None
                values = {
                    "code": r["code"],
                    "name": r["name"],
                    "kind": r["kind"],
                    "emails": r.get("emails", ""),
                    "active": r.get("active", True),
                    "parent_id": parent_id,
                    "era": era,
                    "valid_from": r.get("valid_from"),
                    "valid_to": r.get("valid_to"),
                    "successor_code": r.get("successor_code"),
                    "source": r.get("source", ""),
                    "updated_at": now,
                }
                unit = existing.get(r["code"])
                if unit is None:
                    new_rows.append(values)
                else:
                    changed = False
                    for k, v in values.items():
                        if k == "updated_at":
                            continue
                        if k == "emails" and not v and "emails" not in r:
                            continue
                        if getattr(unit, k) != v:
                            setattr(unit, k, v)
                            changed = True
                    if changed:
                        unit.updated_at = now
                        session.add(unit)
                        updated += 1
            if new_rows:
                session.execute(sa_insert(Unit), new_rows)
                inserted += len(new_rows)
                codes = [v["code"] for v in new_rows]
                for i in range(0, len(codes), 500):
                    for u in session.exec(
                        select(Unit).where(Unit.era == era).where(col(Unit.code).in_(codes[i : i + 500]))
                    ).all():
                        existing[u.code] = u
            session.flush()
            pending = later
    return inserted, updated


def set_unit_emails(*, session: Session, unit_id: int, emails: list[str], now: datetime) -> Unit:
    """Replace a unit's e-mail addresses."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise LookupError(unit_id)
    unit.emails = ",".join(emails)
    unit.updated_at = now
    session.add(unit)
    return unit


def get_group(*, session: Session, name: str) -> UnitGroup | None:
    """Return a group by name."""
    return session.exec(select(UnitGroup).where(UnitGroup.name == name)).first()


def set_group_members(*, session: Session, name: str, unit_ids: list[int]) -> UnitGroup:
    """Create or replace a named group of units."""
    group = get_group(session=session, name=name)
    if group is None:
        group = UnitGroup(name=name)
        session.add(group)
        session.flush()
    session.execute(UnitGroupMember.__table__.delete().where(UnitGroupMember.group_id == group.id))
    if unit_ids:
        session.execute(
            sa_insert(UnitGroupMember), [{"group_id": group.id, "unit_id": u} for u in dict.fromkeys(unit_ids)]
        )
    return group


def list_group_units(*, session: Session, group_id: int) -> Sequence[Unit]:
    """Return the units of a group."""
    stmt = (
        select(Unit)
        .join(UnitGroupMember, UnitGroupMember.unit_id == Unit.id)
        .where(UnitGroupMember.group_id == group_id)
        .order_by(Unit.code)
    )
    return session.exec(stmt).all()


def list_groups(*, session: Session) -> Sequence[UnitGroup]:
    """Return all groups by name."""
    return session.exec(select(UnitGroup).order_by(UnitGroup.name)).all()


class UnitContact(NamedTuple):
    """What a message needs of a unit: who it is and where to write (read without building ORM objects)."""

    id: int
    code: str
    name: str
    emails: str

    @property
    def email_list(self) -> list[str]:
        return split_emails(self.emails)


def list_unit_contacts(*, session: Session, ids: Iterable[int]) -> dict[int, UnitContact]:
    """Return units' codes, names and addresses by id, in batches of one query each."""
    ids = list(dict.fromkeys(ids))
    t = Unit.__table__.c
    out: dict[int, UnitContact] = {}
    for i in range(0, len(ids), 500):
        for row in session.execute(select(t.id, t.code, t.name, t.emails).where(t.id.in_(ids[i : i + 500]))):
            out[row[0]] = UnitContact(*row)
    return out


def list_units_by_ids(*, session: Session, ids: Iterable[int]) -> list[Unit]:
    """Return units by id, in batches of one query each."""
    ids = list(dict.fromkeys(ids))
    out: list[Unit] = []
    for i in range(0, len(ids), 500):
        out.extend(session.exec(select(Unit).where(col(Unit.id).in_(ids[i : i + 500]))).all())
    return out
