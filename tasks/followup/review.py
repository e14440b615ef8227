"""A reviewer's decision on what a unit sent: accepted (final) or returned (the obligation opens again).

The unit is told either way, at once: a returned version says why and by when to send again, with the unit's
link; an accepted one says the unit is done for that period.
"""

from __future__ import annotations

from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from models.audit import record_audit
from models.db import write_scope
from models.documents import get_document
from models.obligations import get_obligation, list_unit_obligations_with_requirement, move_obligation, set_review
from models.outbox import queue_messages
from models.receipts import get_receipt, receipt_label
from models.states import ObligationState, ReviewState, label
from models.submissions import list_submissions, lock_obligation
from tasks.followup.items import period_words, plan_facts
from tasks.links import link_url
from tasks.lookup import require_unit
from tasks.mail.queue import mail_rows, unit_addresses
from tasks.obligations import AmbiguousObligation, Choice, requirement_kind
from tasks.plans.requirements import lock_date_for

WAITING = {
    ObligationState.pending: "chưa gửi bản nào",
    ObligationState.returned: "đã bị trả lại, đang chờ đơn vị gửi bản mới",
    ObligationState.accepted: "đã được tiếp nhận (bản cuối cùng)",
    ObligationState.exempt: "được miễn nộp",
    ObligationState.cancelled: "đã bị hủy",
}


def _choose(session, document_id: int, unit, period: str | None, requirement: str | None) -> Choice:
    """Return the one obligation of the unit waiting for review, narrowed by period and requirement."""
    hint = f"Xem tình hình: kehoach plan status {get_document(session=session, document_id=document_id).ref}"
    rows = list_unit_obligations_with_requirement(session=session, document_id=document_id, unit_id=unit.id)
    every = [Choice(o.id, kind, o.period or None, o.state, title) for o, kind, title in rows]
    if not every:
        raise KehoachError(f"{unit.name} không phải nộp gì theo kế hoạch này.", "no_obligation")
    cands = every
    if requirement:
        cands = [c for c in cands if c.requirement == requirement_kind(requirement)]
    if period:
        cands = [c for c in cands if c.period == period.strip()]
    waiting = [c for c in cands if c.state == ObligationState.submitted]
    if not waiting:
        if len(cands) == 1:
            c = cands[0]
            raise KehoachError(
                f"không có bản nào chờ xem xét: {c.describe()} của {unit.name} {WAITING.get(c.state, label(c.state))}.",
                "nothing_to_review",
                hint,
            )
        raise KehoachError(
            f"{unit.name} không có bản nộp nào chờ xem xét"
            + (f" cho kỳ {period}" if period else "")
            + ". Các nghĩa vụ: "
            + "; ".join(f"{c.describe()} ({label(c.state)})" for c in cands or every)
            + ".",
            "nothing_to_review",
            hint,
        )
    if len(waiting) > 1:
        raise AmbiguousObligation(
            f"{unit.name} có {len(waiting)} bản nộp chờ xem xét: " + "; ".join(c.describe() for c in waiting) + ".",
            waiting,
        )
    return waiting[0]


@task(name="review-submission")
def review_submission(
    document_id: int,
    unit_code: str,
    accept: bool,
    by: str,
    reason: str | None = None,
    period: str | None = None,
    requirement: str | None = None,
) -> dict:
    """Accept or return the newest version a unit sent for one obligation, and queue the message that tells it.

    A returned obligation opens again for a new version, due no sooner than `return_working_days` working days
    from today (its due date stays when that is later); an accepted one is final.

    Args:
        document_id: the plan.
        unit_code: the unit that sent it.
        accept: True to accept, False to return it to be completed.
        by: the reviewer's name (kept in the audit log and told to the unit).
        reason: why it is returned (required to return).
        period: which period (when the unit has several waiting).
        requirement: which requirement: ke-hoach, bao-cao, so-ket, tong-ket.
    """
    if not accept and not (reason or "").strip():
        raise KehoachError("trả lại phải có lý do để đơn vị sửa.", "reason_required", '--return "lý do cần bổ sung"')
    if not (by or "").strip():
        raise KehoachError("phải ghi tên người xem xét.", "by_required", '--by "Họ tên"')
    now, today = clock.now(), clock.today()
    with write_scope() as session:
        unit = require_unit(session, unit_code)
        choice = _choose(session, document_id, unit, period, requirement)
        lock_obligation(session=session, obligation_id=choice.obligation_id)  # locked: reviewers take turns
        ob = get_obligation(session=session, obligation_id=choice.obligation_id)
        session.refresh(ob)  # as it stands now that the lock is held
        sub = list_submissions(session=session, obligation_id=ob.id)[0]
        if ob.state != ObligationState.submitted or sub.review_state != ReviewState.pending_review:
            raise KehoachError(
                f"bản lần {sub.version} của {unit.name} vừa được người khác xem xét ({label(sub.review_state)}).",
                "already_reviewed",
                f"Xem tình hình: kehoach plan status {get_document(session=session, document_id=document_id).ref}",
            )
        to_state = ObligationState.accepted if accept else ObligationState.returned
        values: dict = {"updated_at": now}
        if not accept:
            due = max(ob.due_date, workdays.add_working_days(today, get_settings().return_working_days))
            values |= {"due_date": due, "lock_date": max(ob.lock_date, lock_date_for(due))}
        set_review(
            session=session,
            submission_id=sub.id,
            state=ReviewState.accepted if accept else ReviewState.returned,
            by=by,
            at=now,
            reason=None if accept else reason,
        )
        move_obligation(
            session=session,
            obligation_id=ob.id,
            from_states=[ObligationState.submitted],
            to_state=to_state,
            **values,
        )
        due_before = ob.due_date
        session.refresh(ob)
        receipt = get_receipt(session=session, submission_id=sub.id)
        record_audit(
            session=session,
            at=now,
            actor=by,
            action="submission.accept" if accept else "submission.return",
            document_id=document_id,
            obligation_id=ob.id,
            unit_id=unit.id,
            from_state=ObligationState.submitted,
            to_state=to_state,
            reason=reason,
            details={
                "version": sub.version,
                "due_before": due_before.isoformat(),
                "due_after": ob.due_date.isoformat(),
                "receipt": receipt_label(receipt.number, receipt.year) if receipt else None,
            },
        )
        plan = plan_facts(session, [document_id])[document_id]
        period_label, _window = period_words(choice.requirement, ob.period or None)
        ctx = {
            "unit_name": unit.name,
            "issuer": plan["issuer"],
            "so_ky_hieu": plan["so_ky_hieu"],
            "subject": plan["subject"],
            "what": choice.title or label(choice.requirement),
            "version": sub.version,
            "period": period_label,
            "reviewed_by": by,
            "reason": reason,
            "due": ob.due_date.isoformat(),
            "lock": ob.lock_date.isoformat(),
        }
        if not accept:
            ctx["link"] = link_url(ob)
        rows = mail_rows(
            "accepted" if accept else "returned",
            to=unit_addresses(unit),
            key=f"{sub.id}",
            context=ctx,
            unit_id=unit.id,
            document_id=document_id,
            obligation_id=ob.id,
            reply_to=plan["issuer_emails"][0] if plan["issuer_emails"] else None,
        )
        queued = queue_messages(session=session, messages=rows, now=now)
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "obligation_id": ob.id,
        "what": choice.describe(),
        "period": ob.period or None,
        "version": sub.version,
        "state": to_state.value,
        "due": ob.due_date.isoformat(),
        "told": queued,
        "addresses": len(unit.email_list),
    }
