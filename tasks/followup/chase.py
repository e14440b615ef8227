"""Remind before the due date and chase after it: each step once per obligation and due date, one message a unit.

The steps are working days (settings `reminder_days`, `overdue_days`): a reminder 3 and 1 working days before the
due date, a chasing notice 1, 5 and 10 working days after it. Each run finds, for every step, the open obligations
whose due date puts them in that step today and that have not had it, records the step (a unique row per
obligation, due date and step: two runs at once write it once) and queues one message per unit listing what the
run recorded for it. An extension moves the due date, so its steps start again. A run on a day off does nothing:
the counts are working days.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from prefect import task

from kehoach import clock, workdays
from kehoach.settings import get_settings
from models.db import write_scope
from models.followup import list_chase_candidates, record_steps, set_step_messages
from models.org import list_unit_contacts
from models.outbox import queue_messages
from tasks.followup.events import OBLIGATION_OVERDUE, event
from tasks.followup.items import group_key, item, plan_facts, unit_message

BEFORE, AFTER = "before", "after"


def step_windows(today: date, reminder_days: list[int], overdue_days: list[int]) -> list[tuple[str, date | None, date]]:
    """Return (step, first due date, last due date) for each step: the due dates that put an obligation in it today.

    A reminder step r covers due dates r working days ahead down to (not including) the next smaller step; an
    overdue step s covers due dates s working days late up to (not including) the next larger step, the last one
    every date before. Working days are counted as in `workdays.working_days_between`.
    """
    out: list[tuple[str, date | None, date]] = []
    before = sorted(reminder_days)
    for i, r in enumerate(before):
        lower = before[i - 1] if i else 0
        first = workdays.add_working_days(today, lower + 1)
        last = workdays.add_working_days(today, r + 1) - timedelta(days=1)
        out.append((f"{BEFORE}:{r}", first, last))
    after = sorted(overdue_days)
    for i, s in enumerate(after):
        last = workdays.add_working_days(today, -s)
        first = workdays.add_working_days(today, -after[i + 1]) + timedelta(days=1) if i + 1 < len(after) else None
        out.append((f"{AFTER}:{s}", first, last))
    return out


def _by_unit(steps: list[tuple[str, tuple]]) -> dict[int, list[tuple[str, tuple]]]:
    out: dict[int, list] = {}
    for step, row in steps:
        out.setdefault(row[2], []).append((step, row))
    return out


def _message_keys(by_unit: dict[int, list], units: dict, today: date) -> dict[int, str]:
    """Return each unit's message of the day, `<kind>:<unit>:<day>:<digest of its steps>` (none without an address)."""
    out = {}
    for unit_id, steps in by_unit.items():
        if units[unit_id].email_list:
            kind = "overdue" if any(step.startswith(AFTER) for step, _row in steps) else "reminder"
            out[unit_id] = f"{kind}:{group_key(unit_id, today, [f'{row[0]}:{step}' for step, row in steps])}"
    return out


@task(name="chase-due-and-late")
def chase_due_and_late(document_id: int | None = None) -> dict:
    """Record today's reminder and chasing steps for every open obligation of dispatched plans, and queue one
    message per unit listing them (reminders and chasing together); return counts and a `kehoach.obligation.overdue`
    event for each chasing step recorded.

    Args:
        document_id: only this plan (default: every dispatched plan).
    """
    today, now = clock.today(), clock.now()
    settings = get_settings()
    if not workdays.is_working_day(today):
        return {"working_day": False, "reminders": 0, "overdue": 0, "units": 0, "queued": 0, "events": []}
    with write_scope() as session:
        found = []
        for step, first, last in step_windows(today, settings.reminder_days, settings.overdue_days):
            late = step.startswith(AFTER)
            for row in list_chase_candidates(
                session=session, due_from=first, due_to=last, step=step, locked_after=today if late else None
            ):
                if document_id is None or row[4] == document_id:
                    found.append((step, row))
        units = list_unit_contacts(session=session, ids={row[2] for _s, row in found})
        # each step row names the message that carries it; computed before the insert, fixed after if a run at the
        # same moment wrote some of a unit's steps first
        planned = _message_keys(_by_unit(found), units, today)
        written = record_steps(
            session=session,
            run_id=uuid.uuid4().hex,
            rows=[
                {
                    "obligation_id": row[0],
                    "document_id": row[4],
                    "due_date": row[6],
                    "step": step,
                    "queued_on": today,
                    "queued_at": now,
                    "message_key": planned.get(row[2]),
                }
                for step, row in found
            ],
        )
        mine = [(step, row) for step, row in found if (row[0], step) in written]
        plans = plan_facts(session, {row[4] for _s, row in mine})
        by_unit = _by_unit(mine)
        final = _message_keys(by_unit, units, today)
        keys = {
            (row[0], step, row[6]): final[unit_id]
            for unit_id, steps in by_unit.items()
            if final.get(unit_id) != planned.get(unit_id)
            for step, row in steps
        }
        messages, newly_overdue = [], []
        for unit_id, steps in by_unit.items():
            unit = units[unit_id]
            overdue_items, due_items = [], []
            for step, row in sorted(steps, key=lambda s: (s[1][6], s[1][0])):
                ob_id, token, _u, version, doc_id, period, due, lock, _state, kind, title = row
                facts = {"token": token, "unit_id": unit_id, "link_version": version, "kind": kind, "title": title}
                facts |= {"period": period or None, "due": due, "lock": lock}
                if step.startswith(AFTER):
                    days_late = workdays.working_days_between(due, today)
                    overdue_items.append(item(plans[doc_id], **facts, days_late=days_late))
                    newly_overdue.append(
                        event(
                            OBLIGATION_OVERDUE,
                            ref=plans[doc_id]["ref"],
                            so_ky_hieu=plans[doc_id]["so_ky_hieu"],
                            unit=(unit.code, unit.name),
                            payload={
                                "obligation": ob_id,
                                "requirement": kind,
                                "what": title,
                                "period": period or None,
                                "due": due.isoformat(),
                                "days_late": days_late,
                                "step": step,
                            },
                        )
                    )
                else:
                    days_left = workdays.working_days_between(today, due)
                    due_items.append(item(plans[doc_id], **facts, days_left=days_left))
            if unit_id not in final:
                continue  # recorded all the same: the status page lists units without an address
            kind, key = final[unit_id].split(":", 1)
            context = {"overdue_items": overdue_items, "due_items": due_items}
            messages.extend(
                unit_message(kind, unit, key, context, plans=plans, document_ids={row[4] for _s, row in steps})
            )
        queued = queue_messages(session=session, messages=messages, now=now)
        set_step_messages(session=session, keys=keys)
    return {
        "working_day": True,
        "reminders": sum(1 for s, _r in mine if s.startswith(BEFORE)),
        "overdue": sum(1 for s, _r in mine if s.startswith(AFTER)),
        "units": len(by_unit),
        "queued": queued,
        "document_ids": sorted({row[4] for _s, row in mine}),
        "events": newly_overdue,
    }
