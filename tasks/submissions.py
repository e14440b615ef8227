"""Take in what a unit sends: check it, keep it, match it to its obligation, acknowledge it the same day."""

from __future__ import annotations

import logging
import unicodedata

from prefect import task

from kehoach import clock
from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from kehoach.text import nfc
from models.audit import record_audit_many
from models.db import session_scope, write_scope
from models.obligations import Obligation, Submission, find_obligation_for_unit, list_unit_obligations
from models.outbox import queue_messages
from models.receipts import add_receipt, get_receipt, next_receipt_number, receipt_label
from models.states import CLOSED_STATES, DocumentStatus, ObligationState, ReviewState, label
from models.submissions import (
    ObligationRow,
    SubmissionRow,
    add_submission,
    count_file_uses,
    get_submission,
    lock_obligation,
    mark_submitted,
    version_facts,
)
from tasks.content_match import match_warnings, read_fields
from tasks.lookup import require_unit
from tasks.mail.queue import mail_rows, unit_addresses
from tasks.reading.safety import check_file
from tasks.storage import drop_file, keep_staged, sha256_of, stage_file

log = logging.getLogger("kehoach.intake")

MAX_NAME = 200


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


def clean_file_name(name: str | None, ext: str) -> str:
    """Return the name a person gave a file, safe to keep and show: no folders, no control characters, NFC, short."""
    base = nfc(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".").strip()
    if not base:
        return f"tep.{ext}"
    if len(base) > MAX_NAME:
        stem, dot, tail = base.rpartition(".")
        base = (stem[: MAX_NAME - len(tail) - 1] + dot + tail) if dot and len(tail) <= 10 else base[:MAX_NAME]
    return base


@task(name="record-submission")
def record_submission(
    document_id: int,
    unit_code: str | None,
    data: bytes,
    file_name: str,
    channel: str,
    actor: str,
    period: str | None = None,
    obligation_id: int | None = None,
    read_content: bool = True,
) -> dict:
    """Check a unit's file, record it as a new version with a receipt number, keep it and queue the receipt.

    Nothing is kept of a file that is refused (a log line only). The same file sent again for the same obligation
    is the version recorded before (`duplicate`), not a new one. The file is kept under its sha256 only once the
    transaction has taken it, and the receipt number is allocated inside that transaction.

    Args:
        document_id: the plan.
        unit_code: the unit that sent it (not needed with `obligation_id`).
        data: the file's bytes.
        file_name: the file's name as sent (kept only for display, never used as a path).
        channel: portal, email, paper or cli.
        actor: who recorded it.
        period: which period it answers (else the earliest open one).
        obligation_id: the obligation itself (the portal knows it from the link).
        read_content: read the content now and warn the reviewer of a mismatch; the portal leaves it to
            `content_match.read_new_submissions`, which takes new files in batches.
    """
    settings = get_settings()
    shown = nfc(file_name or "")[:MAX_NAME]
    check = check_file(data, shown, max_bytes=settings.max_upload_bytes)
    if not check.ok:
        log.info("refused %s file (%d bytes) for plan %s: %s", channel, len(data), document_id, check.code)
        raise KehoachError(f"tệp “{shown}” bị từ chối: {check.message}", check.code or "rejected")
    ext = check.kind or "bin"
    name = clean_file_name(file_name, ext)
    sha = sha256_of(data)
    fields = read_fields(data, name) if read_content else {}
    now = clock.now()
    staged = stage_file(data)
    created = False
    try:
        with write_scope() as session:
            ob, unit, doc = _take_obligation(session, document_id, unit_code, period, obligation_id, channel, now)
            top, same_id = version_facts(session=session, obligation_id=ob.id, sha256=sha)
            if same_id is not None:
                same = get_submission(session=session, submission_id=same_id)
                if same.review_state == ReviewState.returned:
                    raise KehoachError(
                        f"tệp “{name}” giống hệt bản lần {same.version} đã bị trả lại.",
                        "same_as_returned",
                        "Hãy sửa, bổ sung văn bản theo ý kiến trả lại rồi gửi tệp mới.",
                    )
                receipt = get_receipt(session=session, submission_id=same.id)
                return _result(same, ob, unit, receipt, duplicate=True)
            version = top + 1
            year = now.astimezone(clock.VN_TZ).year
            number = next_receipt_number(session=session, issuer_id=doc.issuer_id or 0, year=year)
            if read_content:
                fields["match_warnings"] = match_warnings(fields, sha256=sha, doc=doc, unit=unit)
            sub = add_submission(
                session=session,
                values={
                    "obligation_id": ob.id,
                    "version": version,
                    "file_sha256": sha,
                    "file_ext": ext,
                    "file_name": name,
                    "size_bytes": len(data),
                    "channel": channel,
                    "submitted_by": actor,
                    "received_at": now,
                    "fields": fields,
                    "read_at": now if read_content else None,
                },
            )
            receipt = add_receipt(
                session=session,
                submission_id=sub.id,
                issuer_id=doc.issuer_id or 0,
                year=year,
                number=number,
                received_at=now,
            )
            before = ob.state
            mark_submitted(session=session, obligation_id=ob.id, now=now)
            ob.state = ObligationState.submitted
            on_time = now.astimezone(clock.VN_TZ).date() <= ob.due_date
            record_audit_many(
                session=session,
                entries=[
                    {
                        "at": now,
                        "actor": actor,
                        "action": "submission.receive",
                        "document_id": doc.id,
                        "obligation_id": ob.id,
                        "unit_id": unit.id,
                        "from_state": before,
                        "to_state": ob.state,
                        "reason": None,
                        "details": {
                            "version": version,
                            "sha256": sha,
                            "channel": channel,
                            "file": name,
                            "receipt": receipt_label(number, year),
                            "on_time": on_time,
                        },
                    }
                ],
            )
            ctx = {
                "unit_name": unit.name,
                "so_ky_hieu": doc.so_ky_hieu,
                "subject": doc.subject,
                "file_name": name,
                "received_at": now.isoformat(),
                "version": version,
                "due": ob.due_date.isoformat(),
                "period": ob.period or None,
                "sha256": sha,
                "so_den": receipt_label(number, year),
                "on_time": on_time,
            }
            rows = mail_rows(
                "receipt",
                to=unit_addresses(unit),
                key=str(sub.id),
                context=ctx,
                unit_id=unit.id,
                document_id=doc.id,
                obligation_id=ob.id,
            )
            queue_messages(session=session, messages=rows, now=now)
            # every statement has run and every constraint held: only now is the file kept
            created = keep_staged(staged, sha, ext)
            result = _result(sub, ob, unit, receipt, duplicate=False)
    except BaseException:
        if created:
            with session_scope() as session:
                unused = count_file_uses(session=session, sha256=sha) == 0
            if unused:
                drop_file(sha, ext)
        raise
    finally:
        staged.unlink(missing_ok=True)
    return result


def _take_obligation(session, document_id, unit_code, period, obligation_id, channel, now):
    """Return the obligation (locked until commit), its unit and plan, or refuse with the reason."""
    if obligation_id is None:
        unit = require_unit(session, unit_code)
        obligation_id = pick_obligation(session, document_id, unit.id, period).id
    found = lock_obligation(session=session, obligation_id=obligation_id)
    if found is None or found[0].document_id != document_id:
        raise KehoachError("không có nghĩa vụ nộp này theo kế hoạch.", "no_obligation")
    ob, unit, doc = found
    if doc.status == DocumentStatus.recalled:
        raise KehoachError(f"kế hoạch {doc.so_ky_hieu or doc.ref} đã bị thu hồi, không nhận bản nộp.", "recalled")
    if ob.state in CLOSED_STATES:
        raise KehoachError(f"nghĩa vụ này đang ở trạng thái “{label(ob.state)}”, không nhận bản nộp.", "closed")
    if ob.state == ObligationState.accepted:
        raise KehoachError(
            "bản nộp trước đã được tiếp nhận; đây là bản cuối cùng, không nhận thêm.",
            "final",
            "Nếu cần sửa, hãy liên hệ văn thư cơ quan ban hành.",
        )
    if channel == "portal" and now.astimezone(clock.VN_TZ).date() > ob.lock_date:
        raise KehoachError(
            f"kỳ báo cáo đã khóa từ sau {clock.vn_date_long(ob.lock_date)}.",
            "locked",
            "Hãy liên hệ văn thư cơ quan ban hành.",
        )
    return ob, unit, doc


def _result(sub: Submission | SubmissionRow, ob: ObligationRow, unit, receipt, *, duplicate: bool) -> dict:
    received = clock.as_vn(sub.received_at)
    return {
        "submission_id": sub.id,
        "submission_token": sub.token,
        "obligation_id": ob.id,
        "version": sub.version,
        "sha256": sub.file_sha256,
        "file_name": sub.file_name,
        "size_bytes": sub.size_bytes,
        "unit": unit.code,
        "period": ob.period or None,
        "state": ob.state,
        "received_at": received.isoformat(),
        "on_time": received.date() <= ob.due_date,
        "receipt_no": receipt_label(receipt.number, receipt.year) if receipt else None,
        "duplicate": duplicate,
        "warnings": list((sub.fields or {}).get("match_warnings") or []),
    }
