"""The weekly digest to each plan's supervisors: who is late and missing, sent only while some are."""

from __future__ import annotations

from datetime import date, timedelta

from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from models.db import session_scope
from models.documents import get_document
from models.followup import get_plan_followup, list_followed_plans, set_plan_followup
from models.outbox import queue_messages
from models.oversight_queries import count_overdue_units, count_plan_states, list_overdue
from models.states import ObligationState
from tasks.followup.items import period_words, plan_facts
from tasks.links import supervisor_url
from tasks.mail.queue import mail_rows

LISTED = 50  # late obligations a digest names; the status page has them all


def supervisor_addresses(session, document_id: int, plan: dict) -> list[str]:
    """Return a plan's supervisors: those set for it, else its issuer's addresses."""
    row = get_plan_followup(session=session, document_id=document_id)
    chosen = [a.strip() for a in (row.supervisors if row else "").split(",") if a.strip()]
    return chosen or list(plan["issuer_emails"])


def digest_day(today: date) -> date | None:
    """Return the day this week's digest goes: the weekday set, or the next working day of the week (None: none)."""
    monday = today - timedelta(days=today.weekday())
    day = workdays.next_working_day(monday + timedelta(days=get_settings().digest_weekday))
    return day if day.isocalendar()[1] == today.isocalendar()[1] else None


@task(name="queue-digests")
def queue_digests(document_id: int | None = None) -> dict:
    """Queue this week's digest of every followed plan with late units, to its supervisors (once a week each).

    It goes on `digest_weekday` (Monday), or the next working day of that week when it is a day off.

    Args:
        document_id: only this plan (default: every dispatched plan not yet completed).
    """
    today, now = clock.today(), clock.now()
    if today != digest_day(today):
        return {"plans": 0, "queued": 0}
    year, week, _ = today.isocalendar()
    plans_sent, queued = 0, 0
    with session_scope() as session:
        followed = [(i, r) for i, r in list_followed_plans(session=session) if document_id in (None, i)]
        for doc_id, ref in followed:
            counts = count_plan_states(session=session, document_id=doc_id, today=today)
            if not counts["overdue"]:
                continue
            plan = plan_facts(session, [doc_id])[doc_id]
            addresses = supervisor_addresses(session, doc_id, plan)
            if not addresses:
                continue
            late = list_overdue(session=session, document_id=doc_id, today=today, limit=LISTED)
            late_units = []
            for _ob, _unit_id, _code, name, period, due, _lock, _state, kind, title in late:
                label, _w = period_words(kind, period or None)
                what = (title or "") + (f", kỳ {label}" if label else "")
                late_units.append({"name": name, "what": what, "days_late": workdays.working_days_between(due, today)})
            late_units.sort(key=lambda u: -u["days_late"])
            done = counts.get(ObligationState.submitted, 0) + counts.get(ObligationState.accepted, 0)
            ctx = {
                **{k: plan[k] for k in ("so_ky_hieu", "subject", "doc_type", "issuer")},
                "ref": ref,
                "as_of": today.isoformat(),
                "counts": {
                    "Tổng số việc đã giao": counts["total"],
                    "Đã nộp": done,
                    "Đã tiếp nhận": counts.get(ObligationState.accepted, 0),
                    "Bị trả lại, chờ gửi lại": counts.get(ObligationState.returned, 0),
                    "Quá hạn chưa nộp": counts["overdue"],
                    "Đơn vị có việc quá hạn": count_overdue_units(session=session, document_id=doc_id, today=today),
                },
                "late_units": late_units,
                "more": max(0, counts["overdue"] - len(late_units)),
                "status_link": supervisor_url(get_document(session=session, document_id=doc_id)),
            }
            rows = mail_rows(
                "digest",
                to=[(None, a) for a in addresses],
                key=f"{doc_id}:{year}-W{week:02d}",
                context=ctx,
                document_id=doc_id,
            )
            n = queue_messages(session=session, messages=rows, now=now)
            queued += n
            plans_sent += bool(n)
    return {"plans": plans_sent, "queued": queued}


def plan_supervisors(document_id: int, emails: list[str] | None = None) -> dict:
    """Return who gets a plan's weekly digest; with `emails`, set them first (an empty list goes back to the
    issuer's addresses)."""
    with session_scope() as session:
        if emails is not None:
            bad = [e for e in emails if "@" not in e or " " in e.strip()]
            if bad:
                raise KehoachError(
                    f"địa chỉ thư không hợp lệ: {', '.join(bad)}.", "bad_email", "Ví dụ: lanhdao@x.gov.vn"
                )
            set_plan_followup(
                session=session,
                document_id=document_id,
                now=clock.now(),
                supervisors=",".join(e.strip() for e in emails),
            )
            session.flush()
        plan = plan_facts(session, [document_id])[document_id]
        row = get_plan_followup(session=session, document_id=document_id)
        chosen = bool(row and row.supervisors)
        return {"to": supervisor_addresses(session, document_id, plan), "default": not chosen}
