"""Take in what a unit sends: check it, keep it, match it to its obligation, acknowledge it the same day."""

from __future__ import annotations

from prefect import task

from kehoach import clock
from kehoach.errors import KehoachError
from models.audit import record_audit
from models.db import session_scope
from models.documents import get_document
from models.obligations import (
    Obligation,
    Submission,
    find_obligation_for_unit,
    get_obligation,
    list_unit_obligations,
    next_submission_version,
)
from models.org import get_unit
from models.outbox import queue_messages
from models.states import ObligationState, label
from tasks.lookup import require_unit
from tasks.mail.queue import mail_rows, unit_addresses


def pick_obligation(session, document_id: int, unit_id: int, period: str | None) -> Obligation:
    """Return the unit's obligation under a plan: the one for `period`, else the earliest open one."""
    if period is not None:
        rows = list_unit_obligations(session=session, document_id=document_id, unit_id=unit_id, period=period)
        if not rows:
            raise KehoachError(f"đơn vị không có nghĩa vụ nộp kỳ {period} theo kế hoạch này.", "unknown_period")
        return rows[0]
    ob = find_obligation_for_unit(session=session, document_id=document_id, unit_id=unit_id)
    if ob is None:
        raise KehoachError("đơn vị này không phải nộp gì theo kế hoạch này.", "no_obligation")
    return ob


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
    from tasks.reading.parse import read_document
    from tasks.reading.safety import FileRejected, check_file
    from tasks.storage import store_file

    check = check_file(data, file_name)
    if not check.ok:
        raise KehoachError(f"tệp “{file_name}” bị từ chối: {check.message}", check.code or "rejected")
    try:
        fields = read_document(data, file_name).to_json_dict()
    except FileRejected as exc:
        raise KehoachError(f"tệp “{file_name}” bị từ chối: {exc.message}", exc.code) from exc
    except Exception:  # a file we cannot parse is still received and kept
        fields = {"warnings": ["không đọc được nội dung để đối chiếu"]}
    ext = check.kind or file_name.rsplit(".", 1)[-1].lower()
    sha = store_file(data, ext)
    now = clock.now()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if obligation_id is not None:
            ob = get_obligation(session=session, obligation_id=obligation_id)
            unit = get_unit(session=session, unit_id=ob.unit_id)
        else:
            unit = require_unit(session, unit_code)
            ob = pick_obligation(session, document_id, unit.id, period)
        if ob.state in (ObligationState.exempt, ObligationState.cancelled):
            raise KehoachError(f"nghĩa vụ này đang ở trạng thái “{label(ob.state)}”, không nhận bản nộp.", "closed")
        version = next_submission_version(session=session, obligation_id=ob.id)
        sub = Submission(
            obligation_id=ob.id,
            version=version,
            file_sha256=sha,
            file_ext=ext,
            file_name=file_name,
            size_bytes=len(data),
            channel=channel,
            submitted_by=actor,
            received_at=now,
            fields=fields,
        )
        session.add(sub)
        before = ob.state
        ob.state, ob.submitted_at, ob.updated_at = ObligationState.submitted, now, now
        session.add(ob)
        session.flush()
        record_audit(
            session=session,
            at=now,
            actor=actor,
            action="submission.receive",
            document_id=document_id,
            obligation_id=ob.id,
            unit_id=unit.id,
            from_state=before,
            to_state=ob.state,
            details={"version": version, "sha256": sha, "channel": channel, "file": file_name},
        )
        ctx = {
            "unit_name": unit.name,
            "so_ky_hieu": doc.so_ky_hieu,
            "subject": doc.subject,
            "file_name": file_name,
            "received_at": now.isoformat(),
            "version": version,
            "due": ob.due_date.isoformat(),
            "period": ob.period or None,
            "sha256": sha,
        }
        rows = mail_rows(
            "receipt",
            to=unit_addresses(unit),
            key=str(sub.id),
            context=ctx,
            unit_id=unit.id,
            document_id=document_id,
            obligation_id=ob.id,
        )
        queue_messages(session=session, messages=rows, now=now)
        return {
            "submission_id": sub.id,
            "obligation_id": ob.id,
            "version": version,
            "sha256": sha,
            "unit": unit.code,
            "period": ob.period or None,
            "state": ob.state,
            "on_time": now.astimezone(clock.VN_TZ).date() <= ob.due_date,
        }
