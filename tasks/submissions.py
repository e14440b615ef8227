"""Take in what a unit sends: check it, keep it, match it to its obligation, acknowledge it the same day."""

from __future__ import annotations

from datetime import date

from prefect import task

from kehoach import clock
from models.audit import record_audit
from models.db import session_scope
from models.documents import Document
from models.obligations import (
    Obligation,
    Submission,
    list_open_obligations_for_unit,
    next_submission_version,
)
from models.org import Unit, get_unit_by_code
from models.states import ObligationState, label
from tasks.plans import PlanError


def _unit(session, code: str) -> Unit:  # noqa: ANN001
    unit = get_unit_by_code(session=session, code=code, on=clock.today())
    if unit is None:
        raise PlanError(f"không có đơn vị mã “{code}”.", "unknown_unit", "Xem mã đơn vị: kehoach units tree")
    return unit


def pick_obligation(session, document_id: int, unit_id: int, period: str | None) -> Obligation:  # noqa: ANN001
    """Return the unit's obligation under a plan: the one for `period`, else the earliest open one."""
    from sqlmodel import select

    stmt = select(Obligation).where(Obligation.document_id == document_id, Obligation.unit_id == unit_id)
    if period is not None:
        ob = session.exec(stmt.where(Obligation.period == period)).first()
        if ob is None:
            raise PlanError(f"đơn vị không có nghĩa vụ nộp kỳ {period} theo kế hoạch này.", "unknown_period")
        return ob
    open_ = list_open_obligations_for_unit(session=session, document_id=document_id, unit_id=unit_id)
    if open_:
        return open_[0]
    any_ = session.exec(stmt.order_by(Obligation.due_date)).first()
    if any_ is None:
        raise PlanError("đơn vị này không phải nộp gì theo kế hoạch này.", "no_obligation")
    return any_


@task(name="record-submission")
def record_submission(
    document_id: int,
    unit_code: str,
    data: bytes,
    file_name: str,
    channel: str,
    actor: str,
    period: str | None = None,
    obligation_id: int | None = None,
) -> dict:
    """Check, keep and record a unit's file against its obligation, and queue its receipt.

    Args:
        document_id: the plan.
        unit_code: the unit that sent it.
        data: the file's bytes.
        file_name: the file's name as sent.
        channel: portal, email, paper or cli.
        actor: who recorded it.
        period: which period it answers (else the earliest open one).
        obligation_id: the obligation itself (the portal knows it from the link).
    """
    from models.outbox import queue_messages
    from tasks.reading.parse import read_document
    from tasks.reading.safety import FileRejected, check_file
    from tasks.storage import store_file

    check = check_file(data, file_name)
    if not check.ok:
        raise PlanError(f"tệp “{file_name}” bị từ chối: {check.message}", check.code or "rejected")
    try:
        fields = read_document(data, file_name).to_json_dict()
    except FileRejected as exc:
        raise PlanError(f"tệp “{file_name}” bị từ chối: {exc.message}", exc.code) from exc
    except Exception:  # noqa: BLE001 — a file we cannot parse is still received and kept
        fields = {"warnings": ["không đọc được nội dung để đối chiếu"]}
    ext = check.kind or file_name.rsplit(".", 1)[-1].lower()
    sha = store_file(data, ext)
    now = clock.now()
    with session_scope() as session:
        doc = session.get(Document, document_id)
        if obligation_id is not None:
            ob = session.get(Obligation, obligation_id)
            unit = session.get(Unit, ob.unit_id)
        else:
            unit = _unit(session, unit_code)
            ob = pick_obligation(session, document_id, unit.id, period)
        if ob.state in (ObligationState.exempt, ObligationState.cancelled):
            raise PlanError(f"nghĩa vụ này đang ở trạng thái “{label(ob.state)}”, không nhận bản nộp.", "closed")
        version = next_submission_version(session=session, obligation_id=ob.id)
        sub = Submission(
            obligation_id=ob.id, version=version, file_sha256=sha, file_ext=ext, file_name=file_name,
            size_bytes=len(data), channel=channel, submitted_by=actor, received_at=now, fields=fields,
        )  # fmt: skip
        session.add(sub)
        before = ob.state
        ob.state, ob.submitted_at, ob.updated_at = ObligationState.submitted, now, now
        session.add(ob)
        session.flush()
        record_audit(
            session=session, at=now, actor=actor, action="submission.receive", document_id=document_id,
            obligation_id=ob.id, unit_id=unit.id, from_state=before, to_state=ob.state,
            details={"version": version, "sha256": sha, "channel": channel, "file": file_name},
        )  # fmt: skip
        ctx = {
            "unit_name": unit.name, "so_ky_hieu": doc.so_ky_hieu, "subject": doc.subject,
            "file_name": file_name, "received_at": now.isoformat(), "version": version,
            "due": ob.due_date.isoformat(), "period": ob.period or None, "sha256": sha,
        }  # fmt: skip
        messages = [
            {"idempotency_key": f"receipt:{sub.id}:{addr}", "kind": "receipt", "to_addr": addr,
             "to_name": unit.name, "unit_id": unit.id, "document_id": document_id, "obligation_id": ob.id,
             "subject": f"Biên nhận: {unit.name} đã nộp theo {doc.so_ky_hieu or doc.subject}"[:900],
             "template": "receipt", "context": ctx, "attachments": [], "urgent": True}
            for addr in unit.email_list
        ]  # fmt: skip
        queue_messages(session=session, messages=messages, now=now)
        return {"submission_id": sub.id, "obligation_id": ob.id, "version": version, "sha256": sha,
                "unit": unit.code, "period": ob.period or None, "state": ob.state,
                "on_time": now.astimezone(clock.VN_TZ).date() <= ob.due_date}  # fmt: skip


@task(name="change-obligation")
def change_obligation(
    document_id: int, unit_code: str, action: str, reason: str, actor: str, new_due: date | None = None
) -> dict:
    """Extend a unit's due date or exempt it, with the reason kept in the audit log.

    Args:
        document_id: the plan.
        unit_code: the unit.
        action: "extend" or "exempt".
        reason: why (required).
        actor: who decided.
        new_due: the new due date (extend).
    """
    from kehoach import workdays
    from kehoach.settings import get_settings

    if not (reason or "").strip():
        raise PlanError("phải nêu lý do.", "reason_required", 'Thêm --reason "…".')
    now = clock.now()
    with session_scope() as session:
        unit = _unit(session, unit_code)
        ob = pick_obligation(session, document_id, unit.id, None)
        before = {"state": ob.state, "due": ob.due_date.isoformat()}
        if action == "extend":
            if new_due is None:
                raise PlanError("thiếu ngày gia hạn.", "due_required", "Thêm --to YYYY-MM-DD.")
            due = workdays.next_working_day(new_due)
            ob.due_date = due
            ob.lock_date = workdays.next_working_day(date.fromordinal(due.toordinal() + get_settings().lock_days))
            if ob.state == ObligationState.returned:
                ob.state = ObligationState.pending
        elif action == "exempt":
            ob.state = ObligationState.exempt
        else:
            raise ValueError(action)
        ob.updated_at = now
        session.add(ob)
        record_audit(
            session=session, at=now, actor=actor, action=f"obligation.{action}", document_id=document_id,
            obligation_id=ob.id, unit_id=unit.id, from_state=before["state"], to_state=ob.state, reason=reason,
            details={"due_before": before["due"], "due_after": ob.due_date.isoformat()},
        )  # fmt: skip
        return {"unit": unit.code, "state": ob.state, "due": ob.due_date.isoformat(), "lock": ob.lock_date.isoformat()}
