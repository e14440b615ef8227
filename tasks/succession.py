"""Units that cease: their open obligations pass to their successors, once per successor; the history stays.

The 2025 reorganisation is data: each legacy commune carries the code of the ward that succeeded it (kept at
import), and every legacy unit ceased on 30 June 2025. Mergers the packages do not know (agencies, schools) are
recorded with `record_succession`. A plan issued in the three-tier world keeps running: its open obligations on
units that have ceased move to their successors — several communes merged into one ward give that ward one
obligation per requirement and period — and the old obligation stays, marked as passed on, under its old unit.
"""

from __future__ import annotations

from datetime import date, timedelta

from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from models.audit import record_audit, record_audit_many
from models.db import session_scope
from models.documents import get_document
from models.obligations import get_obligation, insert_obligations
from models.org import get_unit, get_unit_by_code
from models.outbox import queue_messages
from models.states import ObligationState
from models.succession import (
    count_ceased_without_successor,
    find_obligation_ids,
    list_orphaned_obligations,
    mark_transferred,
    move_children,
    set_successor,
)
from tasks.plans.dispatch import notice_rows
from tasks.plans.requirements import obligation_row

MAX_CHAIN = 10  # a successor that itself ceased passes on again, this many times at most


@task(name="record-succession")
def record_succession(old_code: str, new_code: str, on: date, actor: str) -> dict:
    """Record that unit OLD ceases on `on` and NEW takes over what it owes (a merger the packages do not know).

    OLD's children move under NEW. Recording the same succession again changes nothing; another successor for a
    unit that already has one is refused.

    Args:
        old_code: the unit that ceases.
        new_code: the unit that takes over.
        on: the first day NEW answers for OLD.
        actor: who records it.
    """
    last_day = on - timedelta(days=1)
    now = clock.now()
    with session_scope() as session:
        old = get_unit_by_code(session=session, code=old_code, on=last_day)
        if old is None:
            raise KehoachError(
                f"không có đơn vị mã “{old_code}” còn hoạt động ngày {last_day.strftime('%d/%m/%Y')}.",
                "unknown_unit",
                "Xem mã đơn vị: kehoach units tree",
            )
        new = get_unit_by_code(session=session, code=new_code, on=on)
        if new is None:
            raise KehoachError(
                f"không có đơn vị kế thừa mã “{new_code}” hoạt động từ ngày {on.strftime('%d/%m/%Y')}.",
                "unknown_unit",
                "Nạp đơn vị mới trước (kehoach units import TỆP), rồi ghi nhận sáp nhập.",
            )
        if new.id == old.id:
            raise KehoachError("một đơn vị không thể kế thừa chính nó.", "same_unit")
        if old.successor_code and old.successor_code != new.code:
            raise KehoachError(
                f"{old.name} đã có đơn vị kế thừa mã {old.successor_code}.",
                "has_successor",
                "Một đơn vị chỉ có một đơn vị kế thừa; kiểm tra lại mã.",
            )
        # NEW must not, through its own successors, lead back to OLD
        cur, seen = new, 0
        while cur is not None and cur.successor_code and seen < MAX_CHAIN:
            if cur.successor_code == old.code:
                raise KehoachError(f"{new.name} đã sáp nhập vào {old.name}: không thể ngược lại.", "succession_loop")
            cur, seen = get_unit_by_code(session=session, code=cur.successor_code), seen + 1
        if old.successor_code == new.code and old.valid_to == last_day:
            return {"old": old.code, "new": new.code, "on": on.isoformat(), "children": 0, "changed": False}
        set_successor(session=session, unit_id=old.id, successor_code=new.code, last_day=last_day, now=now)
        moved = move_children(session=session, from_unit_id=old.id, to_unit_id=new.id, on=on, now=now)
        record_audit(
            session=session,
            at=now,
            actor=actor,
            action="unit.succeed",
            unit_id=old.id,
            details={"successor": new.code, "on": on.isoformat(), "children_moved": moved},
        )
        return {"old": old.code, "new": new.code, "on": on.isoformat(), "children": moved, "changed": True}


def _successor(session, code: str, today: date, cache: dict):
    """Return the unit alive today that answers for a ceased unit's successor code, following further mergers."""
    key = code
    if key not in cache:
        unit, hops = get_unit_by_code(session=session, code=code, on=today), 0
        while unit is None and hops < MAX_CHAIN:  # the successor ceased too: look for its own successor
            gone = get_unit_by_code(session=session, code=code)
            if gone is None or not gone.successor_code:
                break
            code, hops = gone.successor_code, hops + 1
            unit = get_unit_by_code(session=session, code=code, on=today)
        cache[key] = unit
    return cache[key]


@task(name="pass-to-successors")
def pass_to_successors(actor: str = "hệ thống") -> dict:
    """Pass every open obligation of a unit that has ceased to its successor, once per successor, and tell it.

    The successor gets one obligation per requirement and period, due at the latest of the due dates it takes
    over (and no sooner than the usual working days from today), with its own link in a notice; each old
    obligation is marked as passed on (kept under its old unit). Running it again finds nothing left to pass.

    Args:
        actor: who runs it (kept in the audit log).
    """
    now, today = clock.now(), clock.today()
    with session_scope() as session:
        orphans = list_orphaned_obligations(session=session, today=today)
        without = count_ceased_without_successor(session=session, today=today)
        cache: dict = {}
        groups: dict[tuple[int, int, str], list] = {}
        unplaced = 0
        for ob, unit in orphans:
            heir = _successor(session, unit.successor_code, today, cache)
            if heir is None:
                unplaced += 1
                continue
            groups.setdefault((ob.requirement_id, heir.id, ob.period), []).append((ob, unit, heir))
        rows = []
        # a successor that inherits a debt already due gets the usual time to answer it, not a locked link
        least = workdays.add_working_days(today, get_settings().default_due_working_days)
        for (req_id, heir_id, period), items in groups.items():
            due = max(least, *(ob.due_date for ob, _u, _h in items))
            rows.append(
                obligation_row(
                    document_id=items[0][0].document_id,
                    requirement_id=req_id,
                    unit_id=heir_id,
                    period=period,
                    due=due,
                    now=now,
                )
            )
        created = set(insert_obligations(session=session, rows=rows))
        ids = find_obligation_ids(session=session, keys=list(groups))
        moves = [{"id": ob.id, "to": ids[key]} for key, items in groups.items() for ob, _u, _h in items]
        moved = mark_transferred(session=session, moves=moves, now=now)
        audit = [
            {
                "at": now,
                "actor": actor,
                "action": "obligation.transfer",
                "document_id": ob.document_id,
                "obligation_id": ob.id,
                "unit_id": unit.id,
                "from_state": ob.state,
                "to_state": ObligationState.transferred,
                "details": {"successor": heir.code, "to_obligation": ids[key]},
            }
            for key, items in groups.items()
            for ob, unit, heir in items
        ]
        messages, plans = [], set()
        for key, items in groups.items():
            new_id = ids[key]
            plans.add(items[0][0].document_id)
            if new_id not in created:
                continue  # the successor already owed it: nothing new to tell
            heir = items[0][2]
            doc = get_document(session=session, document_id=items[0][0].document_id)
            issuer = get_unit(session=session, unit_id=doc.issuer_id)
            ob = get_obligation(session=session, obligation_id=new_id)
            audit.append(
                {
                    "at": now,
                    "actor": actor,
                    "action": "obligation.open",
                    "document_id": doc.id,
                    "obligation_id": new_id,
                    "unit_id": heir.id,
                    "to_state": ObligationState.pending,
                    "details": {"from_units": sorted(u.code for _o, u, _h in items)},
                }
            )
            messages += notice_rows(
                doc,
                issuer,
                heir,
                ob,
                kind="succession",
                key_suffix=f"succession:{new_id}",
                extra={"from_units": [u.name for _o, u, _h in items], "period": ob.period or None},
            )
        queued = queue_messages(session=session, messages=messages, now=now)
        record_audit_many(session=session, entries=audit)
    return {
        "passed": moved,
        "successor_obligations": len(created),
        "successors": len({k[1] for k in groups}),
        "queued": queued,
        "plans": sorted(plans),
        "no_successor": without + unplaced,
    }
