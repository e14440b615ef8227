"""When a plan is complete (every obligation closed, no period left to open), and telling its supervisors."""

from __future__ import annotations

from prefect import task

from kehoach import clock
from models.db import session_scope
from models.documents import get_document, list_requirements
from models.followup import count_open_obligations, mark_plan_completed
from models.outbox import queue_messages
from models.oversight_queries import count_by_level, count_plan_states
from models.states import ObligationState
from tasks.followup.digest import supervisor_addresses
from tasks.followup.events import PLAN_COMPLETED, event
from tasks.followup.items import plan_facts
from tasks.followup.periods import has_periods_to_come, periods_due
from tasks.links import supervisor_url
from tasks.lookup import require_plan
from tasks.mail.queue import mail_rows


@task(name="find-completed-plans")
def find_completed_plans(document_ids: list[int]) -> list[dict]:
    """Stamp the plans whose every obligation is closed and whose periods are all opened; return an event for each
    plan newly so.

    Closed: accepted, exempt or cancelled (a version awaiting review is not closed). A plan is stamped once, so its
    `kehoach.plan.completed` event goes once.

    Args:
        document_ids: the plans to look at.
    """
    today, now = clock.today(), clock.now()
    out = []
    with session_scope() as session:
        for document_id in document_ids:
            if count_open_obligations(session=session, document_id=document_id):
                continue
            if has_periods_to_come(session, document_id, today):
                continue
            if not mark_plan_completed(session=session, document_id=document_id, now=now):
                continue
            doc = get_document(session=session, document_id=document_id)
            states = count_plan_states(session=session, document_id=document_id, today=today)
            payload = {"obligations": states["total"], "accepted": states.get(ObligationState.accepted, 0)}
            payload |= {"exempt": states.get(ObligationState.exempt, 0), "completed_at": now.isoformat()}
            out.append(event(PLAN_COMPLETED, ref=doc.ref, so_ky_hieu=doc.so_ky_hieu, unit=None, payload=payload))
    return out


@task(name="queue-completion-notice")
def queue_completion_notice(ref: str) -> dict:
    """Queue the message that tells a completed plan's supervisors everything is in, with the counts.

    Args:
        ref: the plan's REF.
    """
    today, now = clock.today(), clock.now()
    with session_scope() as session:
        doc = require_plan(session, ref)
        plan = plan_facts(session, [doc.id])[doc.id]
        addresses = supervisor_addresses(session, doc.id, plan)
        reqs = [(r, doc.issued_on) for r in list_requirements(session=session, document_id=doc.id)]
        periods = [(r.id, "") for r, _i in reqs if not r.period_kind]
        periods += [(r.id, str(p)) for r, p, _d in periods_due(reqs, today)]
        levels = count_by_level(session=session, document_id=doc.id, top_id=doc.issuer_id, today=today, periods=periods)
        states = count_plan_states(session=session, document_id=doc.id, today=today)
        expected = sum(r["expected"] for r in levels)
        on_time = sum(r["on_time"] for r in levels)
        ctx = {
            **{k: plan[k] for k in ("so_ky_hieu", "subject", "doc_type", "issuer")},
            "as_of": today.isoformat(),
            "expected": expected,
            "on_time": on_time,
            "late": sum(r["submitted"] for r in levels) - on_time,
            "exempt": states.get(ObligationState.exempt, 0),
            "status_link": supervisor_url(doc),
        }
        rows = mail_rows(
            "plan_completed", to=[(None, a) for a in addresses], key=str(doc.id), context=ctx, document_id=doc.id
        )
        queued = queue_messages(session=session, messages=rows, now=now)
    return {"ref": doc.ref, "to": addresses, "queued": queued}
