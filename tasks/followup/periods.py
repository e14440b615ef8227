"""Open every reporting period whose time has come, and tell each unit once a day what has opened for it.

A period opens on the first day of its Nghị định 09/2019 data window (a month's report, the 15th of the month
before), so a unit can send it as soon as it has the figures and gets its link well before the due date; a sơ
kết or tổng kết opens on 1 January of its year. Periodic reports stop with the period under way when the plan's
tổng kết is due. Opening is
idempotent: an obligation exists once per requirement, unit and period, and only the ones this run wrote are
announced.
"""

from __future__ import annotations

from datetime import date

from prefect import task

from kehoach import clock, workdays
from models.audit import record_audit_many
from models.db import session_scope
from models.documents import list_requirements
from models.followup import count_opened, list_dispatched_requirements, list_live_targets, list_obligations_by_ids
from models.obligations import insert_obligations
from models.org import list_unit_contacts
from models.outbox import queue_messages
from models.states import RequirementKind
from tasks.followup.items import REVIEW_KINDS, group_key, item, plan_facts, unit_message
from tasks.plans.requirements import lock_date_for, obligation_row

ACTOR = "hệ thống (mở kỳ báo cáo)"


def opens_on(kind: str, period: workdays.Period) -> date:
    """Return the day a period opens: its data window's first day; 1 January for a sơ kết or tổng kết."""
    if kind in REVIEW_KINDS:
        return date(period.year, 1, 1)
    return period.window()[0]


def periods_due(requirements: list[tuple], today: date) -> list[tuple[object, workdays.Period, date]]:
    """Return (requirement, period, due date) for every period whose time has come, from each one's first period."""
    ends: dict[int, date] = {}  # a plan's periodic reports stop after its tổng kết
    for req, _issued in requirements:
        if req.kind == RequirementKind.tong_ket and req.first_period:
            due = workdays.parse_rule(req.due_rule).due(workdays.Period.parse(req.first_period))
            ends[req.document_id] = max(due, ends.get(req.document_id, due))
    out = []
    for req, issued in requirements:
        if not req.first_period:
            continue
        rule = workdays.parse_rule(req.due_rule)
        if req.kind == RequirementKind.periodic_report and req.period_kind:
            p = workdays.Period.parse(req.first_period)
            end = ends.get(req.document_id)
            # the last period asked for is the one under way when the tổng kết is due
            while opens_on(req.kind, p) <= today and (end is None or p.start <= end):
                out.append((req, p, rule.due(p)))
                p = p.next()
        elif req.kind in REVIEW_KINDS:
            p = workdays.Period(workdays.YEAR, int(req.first_period))
            due = rule.due(p)
            # a review the plan was issued after (a 2019 plan registered in 2026) is history, not a task
            if opens_on(req.kind, p) <= today and (issued is None or due >= issued):
                out.append((req, p, due))
    return out


@task(name="open-due-periods")
def open_due_periods(document_id: int | None = None) -> dict:
    """Open the obligations of every period whose time has come, for every dispatched plan, and queue the notices.

    One message per unit lists every period opened for it that day (across plans). Periods already open are left
    as they are; a unit added to the tree since is given the periods it lacks.

    Args:
        document_id: only this plan (default: every dispatched plan).
    """
    today, now = clock.today(), clock.now()
    with session_scope() as session:
        reqs = [
            (r, issued)
            for r, issued in list_dispatched_requirements(session=session)
            if document_id is None or r.document_id == document_id
        ]
        due = periods_due(reqs, today)
        ids = list({r.id for r, _p, _d in due})
        opened = count_opened(session=session, requirement_ids=ids)
        targets = list_live_targets(session=session, requirement_ids=ids, on=today)
        rows, periods = [], 0
        for req, period, due_date in due:
            units = targets.get(req.id, [])
            if opened.get((req.id, str(period)), 0) >= len(units):
                continue
            periods += 1
            lock = lock_date_for(due_date)
            rows.extend(
                obligation_row(
                    document_id=req.document_id,
                    requirement_id=req.id,
                    unit_id=unit_id,
                    period=str(period),
                    due=due_date,
                    now=now,
                    lock=lock,
                )
                for unit_id in units
            )
        created = insert_obligations(session=session, rows=rows)
        obligations = list_obligations_by_ids(session=session, ids=created)
        by_req = {r.id: r for r, _i in reqs}
        queued = queue_messages(session=session, messages=_notices(session, obligations, by_req, today), now=now)
        record_audit_many(
            session=session,
            entries=[
                {
                    "at": now,
                    "actor": ACTOR,
                    "action": "obligation.open",
                    "document_id": o.document_id,
                    "obligation_id": o.id,
                    "unit_id": o.unit_id,
                    "to_state": o.state,
                    "details": {"period": o.period, "due": o.due_date.isoformat()},
                }
                for o in obligations
            ],
        )
    return {
        "periods": periods,
        "obligations": len(created),
        "queued": queued,
        "units": len({o.unit_id for o in obligations}),
    }


def _notices(session, obligations, requirements: dict, today: date) -> list[dict]:
    """Return one period_opened message per unit listing what opened for it (none for a period already locked)."""
    live = [o for o in obligations if o.lock_date >= today]
    plans = plan_facts(session, {o.document_id for o in live})
    units = list_unit_contacts(session=session, ids={o.unit_id for o in live})
    by_unit: dict[int, list] = {}
    for o in live:
        by_unit.setdefault(o.unit_id, []).append(o)
    messages: list[dict] = []
    for unit_id, obs in by_unit.items():
        unit = units[unit_id]
        if not unit.email_list:
            continue
        obs.sort(key=lambda o: (o.due_date, o.id))
        items = [
            item(
                plans[o.document_id],
                token=o.token,
                unit_id=o.unit_id,
                link_version=o.link_version,
                kind=requirements[o.requirement_id].kind,
                title=requirements[o.requirement_id].title,
                period=o.period,
                due=o.due_date,
                lock=o.lock_date,
                days_left=max(0, workdays.working_days_between(today, o.due_date)),
            )
            for o in obs
        ]
        key = group_key(unit_id, today, [o.id for o in obs])
        messages.extend(
            unit_message(
                "period_opened",
                unit,
                key,
                {"items": items},
                plans=plans,
                document_ids={o.document_id for o in obs},
            )
        )
    return messages


def has_periods_to_come(session, document_id: int, today: date) -> bool:
    """Return True while a plan still has a period to open after today (periodic reports with no tổng kết: always)."""
    from models.documents import get_document

    doc = get_document(session=session, document_id=document_id)
    reqs = [(r, doc.issued_on) for r in list_requirements(session=session, document_id=document_id)]
    if any(r.kind == RequirementKind.periodic_report and r.period_kind for r, _i in reqs) and not any(
        r.kind == RequirementKind.tong_ket for r, _i in reqs
    ):
        return True
    far = date(9998, 12, 31)
    return len(periods_due(reqs, far)) > len(periods_due(reqs, today))
