"""Where a plan stands: every unit's state and timeliness, counts, and the artifacts supervisors read."""

from __future__ import annotations

from prefect import task

from kehoach import clock, workdays
from models.db import session_scope
from models.documents import get_document, list_documents, list_requirements
from models.followup import list_followed_plans
from models.obligations import count_obligations_by_plan, list_status_rows, timeliness
from models.outbox import list_failed_messages
from models.states import label
from tasks.followup.view import publish_followup_artifacts
from tasks.lookup import require_plan


@task(name="find-plan")
def find_plan_id(ref: str, issuer_code: str | None = None, year: int | None = None) -> int:
    """Return the id of the plan a REF or số, ký hiệu names.

    Args:
        ref: the REF, or the số, ký hiệu.
        issuer_code: narrows a số, ký hiệu used by several bodies.
        year: narrows a số, ký hiệu used in several years.
    """
    with session_scope() as session:
        return require_plan(session, ref, issuer_code, year).id


def list_plans() -> list[dict]:
    """Return every registered plan, newest first, with its obligations counted (one query for the counts)."""
    with session_scope() as session:
        by_plan = count_obligations_by_plan(session=session)
        rows = []
        for d in list_documents(session=session):
            counts = by_plan.get(d.id, {})
            rows.append(
                {
                    "ref": d.ref,
                    "so_ky_hieu": d.so_ky_hieu,
                    "subject": d.subject,
                    "status": d.status,
                    "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                    "obligations": sum(counts.values()),
                    "pending": counts.get("pending", 0) + counts.get("returned", 0),
                }
            )
    return rows


def plan_links(document_id: int, *, unit_code: str | None = None, unreachable: bool = False) -> list[dict]:
    """Return each obligation's signed link (for units without e-mail, or to send another way)."""
    from tasks.links import link_url

    out = []
    with session_scope() as session:
        for ob, code, name, emails, _review in list_status_rows(session=session, document_id=document_id):
            if (unit_code and code != unit_code) or (unreachable and emails):
                continue
            out.append({"code": code, "name": name, "period": ob.period or None, "link": link_url(ob)})
    return out


@task(name="list-mail-failures")
def list_mail_failures(document_id: int) -> list[dict]:
    """Return a plan's messages that failed for good, with the server's reply (for the operator and --json).

    Args:
        document_id: the plan.
    """
    with session_scope() as session:
        return list_failed_messages(session=session, document_id=document_id)


@task(name="plan-status")
def plan_status(document_id: int) -> dict:
    """Return every unit's state, due date, submission time, days late and review state, with counts.

    Args:
        document_id: the plan.
    """
    today = clock.today()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        rows = list_status_rows(session=session, document_id=document_id)
        reqs = {r.id: r for r in list_requirements(session=session, document_id=document_id)}
        failures = list_failed_messages(session=session, document_id=document_id)
    units = []
    counts: dict[str, int] = {}
    # a unit that ceased and the successor that took over what it owed: each row names the other
    code_of = {ob.id: f"{code} {name}" for ob, code, name, *_ in rows}
    heirs: dict[int, list[str]] = {}
    for ob, code, name, *_ in rows:
        if ob.transferred_to_id:
            heirs.setdefault(ob.transferred_to_id, []).append(f"{code} {name}")
    for ob, code, name, emails, review in rows:
        t = timeliness(
            state=ob.state, due_date=ob.due_date, lock_date=ob.lock_date, submitted_at=ob.submitted_at, today=today
        )
        if ob.submitted_at is not None:
            days_late = max(0, workdays.working_days_between(ob.due_date, clock.as_vn(ob.submitted_at).date()))
        elif t in ("overdue", "locked"):
            days_late = max(0, workdays.working_days_between(ob.due_date, today))
        else:
            days_late = 0
        req = reqs.get(ob.requirement_id)
        units.append(
            {
                "code": code,
                "name": name,
                "state": ob.state,
                "state_label": label(ob.state),
                "timeliness": t,
                "timeliness_label": label(t),
                "requirement": req.kind if req else None,
                "period": ob.period or None,
                "due": ob.due_date.isoformat(),
                "lock": ob.lock_date.isoformat(),
                "submitted_at": clock.as_vn(ob.submitted_at).isoformat() if ob.submitted_at else None,
                "days_late": days_late,
                "review": review,
                "review_label": label(review) if review else None,
                "email": [e for e in emails.split(",") if e] or None,
                "transferred_to": code_of.get(ob.transferred_to_id),
                "transferred_from": sorted(heirs.get(ob.id, [])),
            }
        )
        counts[ob.state] = counts.get(ob.state, 0) + 1
        counts[t] = counts.get(t, 0) + 1
    counts["total"] = len(units)
    return {
        "ref": doc.ref,
        "so_ky_hieu": doc.so_ky_hieu,
        "subject": doc.subject,
        "status": doc.status,
        "status_label": label(doc.status),
        "units": units,
        "counts": counts,
        "mail_failures": failures,
    }


@task(name="publish-plan-artifacts")
def publish_plan_artifacts(document_id: int) -> str:
    """Publish the plan's summary (markdown) and its units × state table to the Prefect UI.

    Args:
        document_id: the plan.
    """
    return publish_followup_artifacts.fn([document_id])[0]


@task(name="find-followed-plans")
def find_followed_plans() -> list[int]:
    """Return the ids of every dispatched plan not yet completed (the ones the watch and the UI follow)."""
    with session_scope() as session:
        return [i for i, _ref in list_followed_plans(session=session)]
