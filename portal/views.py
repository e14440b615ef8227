"""What the unit pages show, gathered from the models: one link's obligation, its plan, its submissions."""

from __future__ import annotations

from kehoach import clock, workdays
from models.db import session_scope
from models.documents import get_document, issuing_body, list_requirements
from models.obligations import get_obligation, timeliness
from models.org import get_unit
from models.receipts import get_receipt, list_receipts, receipt_label
from models.states import ObligationState, ReviewState, Timeliness, label
from models.submissions import get_submission_by_token, list_submissions
from tasks.links import LinkCheck

STATE_TONES = {
    ObligationState.pending: "",
    ObligationState.submitted: "b-info",
    ObligationState.accepted: "b-ok",
    ObligationState.returned: "b-bad",
    ObligationState.exempt: "",
    ObligationState.cancelled: "",
}
TIMELINESS_TONES = {
    Timeliness.on_time: "b-ok",
    Timeliness.late: "b-late",
    Timeliness.due: "",
    Timeliness.overdue: "b-bad",
    Timeliness.locked: "b-bad",
}
REVIEW_TONES = {ReviewState.pending_review: "b-info", ReviewState.accepted: "b-ok", ReviewState.returned: "b-bad"}


def _period_label(period: str) -> str:
    if not period:
        return ""
    try:
        return workdays.Period.parse(period).label_vi()
    except ValueError:
        return period


def due_words(due, today) -> tuple[str, str]:
    """Return how the due date stands today, in words, and the badge tone."""
    if today < due:
        n = workdays.working_days_between(today, due)
        return f"Còn {n} ngày làm việc", ("b-late" if n <= 2 else "b-ok")
    if today == due:
        return "Hôm nay là ngày cuối của hạn nộp", "b-late"
    n = max(1, workdays.working_days_between(due, today))
    return f"Đã quá hạn {n} ngày làm việc", "b-bad"


def unit_page(check: LinkCheck, *, token: str) -> dict:
    """Return everything the link page shows for a valid link."""
    today = clock.today()
    with session_scope() as session:
        ob = get_obligation(session=session, obligation_id=check.obligation_id)
        doc = get_document(session=session, document_id=ob.document_id)
        unit = get_unit(session=session, unit_id=ob.unit_id)
        issuer = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
        req = next(
            (r for r in list_requirements(session=session, document_id=doc.id) if r.id == ob.requirement_id), None
        )
        subs = list_submissions(session=session, obligation_id=ob.id)
        receipts = list_receipts(session=session, submission_ids=[s.id for s in subs])
    t = timeliness(
        state=ob.state, due_date=ob.due_date, lock_date=ob.lock_date, submitted_at=ob.submitted_at, today=today
    )
    due_text, due_tone = due_words(ob.due_date, today)
    if ob.state in (ObligationState.submitted, ObligationState.accepted):
        due_text, due_tone = label(t), TIMELINESS_TONES.get(t, "")
    submissions = [
        {
            "version": s.version,
            "received_at": s.received_at,
            "receipt_no": receipt_label(receipts[s.id].number, receipts[s.id].year) if s.id in receipts else "",
            "file_name": s.file_name,
            "size_bytes": s.size_bytes,
            "review_label": label(s.review_state),
            "review_tone": REVIEW_TONES.get(s.review_state, ""),
            "review_reason": s.review_reason if s.review_state == ReviewState.returned else None,
        }
        for s in subs
    ]
    issuer_name = issuing_body(doc, issuer) or "cơ quan ban hành"
    notice = _notice(check, ob, subs, issuer_name)
    writable = check.writable and ob.state != ObligationState.accepted
    return {
        "title": unit.name,
        "org": issuer_name,
        "unit_name": unit.name,
        "unit_emails": ", ".join(unit.email_list),
        "requirement": (req.title or label(req.kind)) if req else "Nộp văn bản",
        "period": _period_label(ob.period),
        "doc_type": doc.doc_type or "Kế hoạch",
        "so_ky_hieu": doc.so_ky_hieu,
        "issued_on": doc.issued_on,
        "subject": doc.subject,
        "issuer_name": issuer_name,
        "issuer_emails": issuer.email_list if issuer else [],
        "document_url": f"/nop/{token}/van-ban" if doc.file_sha256 else None,
        "document_name": doc.file_name or "văn bản",
        "state_label": label(ob.state),
        "state_tone": STATE_TONES.get(ob.state, ""),
        "timeliness_label": label(t) if t not in (Timeliness.none, Timeliness.due) else "",
        "timeliness_tone": TIMELINESS_TONES.get(t, ""),
        "due": ob.due_date,
        "lock": ob.lock_date,
        "due_text": due_text,
        "due_tone": due_tone,
        "writable": writable,
        "locked": not check.writable and ob.state != ObligationState.exempt,
        "notice": notice,
        "submissions": submissions,
        "form_url": f"/nop/{token}",
    }


def _notice(check: LinkCheck, ob, subs, issuer_name: str) -> dict | None:
    latest = subs[0] if subs else None
    if ob.state == ObligationState.accepted:
        return {
            "tone": "ok",
            "title": "Đã được tiếp nhận",
            "text": f"Bản nộp lần {latest.version if latest else ''} đã được tiếp nhận; đây là bản cuối cùng.",
            "next": "Đơn vị không cần nộp thêm. Nếu cần sửa, xin liên hệ văn thư cơ quan ban hành.",
        }
    if not check.writable and ob.state == ObligationState.exempt:
        return {"tone": "warn", "title": "Miễn nộp", "text": check.message, "next": "Trang này chỉ để xem."}
    if not check.writable:
        contact = check.contact or f"văn thư {issuer_name}"
        return {
            "tone": "warn",
            "title": "Kỳ báo cáo đã khóa",
            "text": f"Cổng chỉ nhận bản nộp đến hết {clock.vn_date_long(ob.lock_date)}; trang này nay chỉ để xem.",
            "next": f"Cần nộp bổ sung hay xin gia hạn, xin liên hệ {contact}.",
        }
    if ob.state == ObligationState.returned and latest is not None:
        return {
            "tone": "bad",
            "title": f"Bản nộp lần {latest.version} bị trả lại",
            "text": f"Lý do: {latest.review_reason or 'không ghi lý do'}",
            "next": "Hãy sửa, bổ sung theo ý kiến trên rồi gửi lại bản mới ở mục “Gửi bản mới”.",
        }
    if ob.state == ObligationState.submitted and latest is not None:
        return {
            "tone": "",
            "title": "Đã nộp, đang chờ xem xét",
            "text": f"Bản nộp lần {latest.version} đang chờ văn thư {issuer_name} xem xét.",
            "next": "Nếu cần thay bản khác, đơn vị gửi bản mới bên dưới; bản mới được ghi là lần nộp tiếp theo.",
        }
    return None


def receipt_page(check: LinkCheck, submission_token: str, *, token: str) -> dict | None:
    """Return the receipt of one submission of this link's obligation, or None when it is not one of them."""
    with session_scope() as session:
        sub = get_submission_by_token(session=session, token=submission_token)
        if sub is None or sub.obligation_id != check.obligation_id:
            return None
        ob = get_obligation(session=session, obligation_id=sub.obligation_id)
        doc = get_document(session=session, document_id=ob.document_id)
        unit = get_unit(session=session, unit_id=ob.unit_id)
        issuer = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
        req = next(
            (r for r in list_requirements(session=session, document_id=doc.id) if r.id == ob.requirement_id), None
        )
        rc = get_receipt(session=session, submission_id=sub.id)
    issuer_name = issuing_body(doc, issuer) or "cơ quan ban hành"
    return {
        "title": f"Biên nhận số đến {receipt_label(rc.number, rc.year)}" if rc else "Biên nhận",
        "org": issuer_name,
        "unit_name": unit.name,
        "unit_emails": ", ".join(unit.email_list),
        "issuer_name": issuer_name,
        "doc_type": doc.doc_type or "Kế hoạch",
        "so_ky_hieu": doc.so_ky_hieu,
        "requirement": (req.title or label(req.kind)) if req else "Nộp văn bản",
        "period": _period_label(ob.period),
        "version": sub.version,
        "received_at": sub.received_at,
        "receipt_no": receipt_label(rc.number, rc.year) if rc else "—",
        "on_time": clock.as_vn(sub.received_at).date() <= ob.due_date,
        "due": ob.due_date,
        "file_name": sub.file_name,
        "size_bytes": sub.size_bytes,
        "sha256": sub.file_sha256,
        "back_url": f"/nop/{token}",
    }


def plan_file(check: LinkCheck) -> tuple[str, str, str] | None:
    """Return (sha256, ext, file name) of the plan a link's obligation belongs to, if its file is kept."""
    with session_scope() as session:
        doc = get_document(session=session, document_id=check.document_id)
    if doc is None or not doc.file_sha256:
        return None
    return doc.file_sha256, doc.file_ext or "docx", doc.file_name or f"van-ban.{doc.file_ext or 'docx'}"
