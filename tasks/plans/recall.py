"""Recall (thu hồi) a plan sent in error: open obligations cancelled, every link revoked, every recipient told once."""

from __future__ import annotations

from prefect import task

from kehoach import clock
from models.audit import record_audit_many
from models.db import session_scope
from models.documents import get_document, list_recipients
from models.obligations import (
    bump_link_versions,
    cancel_obligations,
    find_submissions_of_file,
    list_obligations,
    move_obligation,
    set_review,
)
from models.org import get_unit, list_units_by_ids
from models.outbox import cancel_queued_messages, queue_messages
from models.states import ObligationState, ReviewState
from tasks.mail.queue import mail_rows, unit_addresses
from tasks.plans.approval import recall_document
from tasks.plans.dispatch import plan_context


@task(name="recall-plan")
def recall_plan(document_id: int, by: str, reason: str) -> dict:
    """In one transaction: mark the plan recalled, cancel its open obligations, revoke every link, take back the
    messages still queued, and queue one recall notice to every unit that received it or owes it something.

    A unit plan recalled after it answered its parent (the cascade) is returned to its issuer under that parent:
    the parent no longer counts it, and the unit sends its corrected plan as a new version.

    Args:
        document_id: the plan.
        by: who decided the recall (kept in the audit log).
        reason: why (kept in the audit log and told to every recipient).
    """
    now = clock.now()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        before = recall_document(session, doc, by, reason)
        obligations = list_obligations(session=session, document_id=doc.id)
        cancelled = cancel_obligations(session=session, obligation_ids=[o.id for o in obligations], now=now)
        revoked = bump_link_versions(session=session, obligation_ids=[o.id for o in obligations], now=now)
        taken_back = cancel_queued_messages(session=session, document_id=doc.id)
        # everyone who was sent the plan, and every unit that owes something under it (a successor, say)
        unit_ids = [r.unit_id for r in list_recipients(session=session, document_id=doc.id)]
        unit_ids += [o.unit_id for o in obligations]
        units = list_units_by_ids(session=session, ids=unit_ids)
        issuer = get_unit(session=session, unit_id=doc.issuer_id)
        ctx = plan_context(doc, issuer) | {"reason": reason}
        messages = []
        for unit in units:
            messages += mail_rows(
                "recall",
                to=unit_addresses(unit),
                key=f"{doc.id}:{unit.id}",
                context=ctx | {"unit_name": unit.name},
                unit_id=unit.id,
                document_id=doc.id,
                reply_to=issuer.email_list[0] if issuer.email_list else None,
            )
        told = queue_messages(session=session, messages=messages, now=now)
        withdrawn = _withdraw_from_parents(session, doc, by, reason, now) if doc.file_sha256 else []
        unit_of = {o.id: o.unit_id for o in obligations}
        record_audit_many(
            session=session,
            entries=[
                {
                    "at": now,
                    "actor": by,
                    "action": "obligation.cancel",
                    "document_id": doc.id,
                    "obligation_id": oid,
                    "unit_id": unit_of[oid],
                    "to_state": ObligationState.cancelled,
                    "reason": reason,
                }
                for oid in cancelled
            ],
        )
        return {
            "ref": doc.ref,
            "so_ky_hieu": doc.so_ky_hieu,
            "before": before,
            "cancelled": len(cancelled),
            "links_revoked": revoked,
            "messages_taken_back": taken_back,
            "units": len(units),
            "unreachable": sum(not u.email_list for u in units),
            "told": told,
            "withdrawn": withdrawn,
        }


def _withdraw_from_parents(session, doc, by: str, reason: str, now) -> list[str]:
    """Return to its issuer each version this plan's file is under a parent plan, still waiting for review."""
    out = []
    for sub, ob in find_submissions_of_file(session=session, sha256=doc.file_sha256, unit_id=doc.issuer_id):
        if ob.document_id == doc.id or sub.review_state != ReviewState.pending_review:
            continue
        why = f"Đơn vị đã thu hồi kế hoạch {doc.so_ky_hieu or doc.ref}: {reason}"
        if set_review(session=session, submission_id=sub.id, state=ReviewState.returned, by=by, at=now, reason=why):
            move_obligation(
                session=session,
                obligation_id=ob.id,
                from_states=[ObligationState.submitted],
                to_state=ObligationState.returned,
                updated_at=now,
            )
            parent = get_document(session=session, document_id=ob.document_id)
            out.append(parent.ref)
            record_audit_many(
                session=session,
                entries=[
                    {
                        "at": now,
                        "actor": by,
                        "action": "submission.return",
                        "document_id": ob.document_id,
                        "obligation_id": ob.id,
                        "unit_id": ob.unit_id,
                        "from_state": ObligationState.submitted,
                        "to_state": ObligationState.returned,
                        "reason": why,
                    }
                ],
            )
    return out
