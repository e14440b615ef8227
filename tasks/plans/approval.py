"""Preview who must act and by when, put a plan up for approval, and record the leader's decision."""

from __future__ import annotations

from datetime import date

from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from models.audit import record_audit
from models.db import session_scope
from models.documents import get_document, list_requirements, replace_plan_setup
from models.states import DocumentStatus, RequirementKind, label
from tasks.lookup import require_unit
from tasks.plans.recipients import resolve_lines, resolve_selectors
from tasks.plans.requirements import due_of, plan_requirements


@task(name="preview-plan")
def preview_plan(fields: dict, issuer_code: str, to: list[str] | None = None, due: date | None = None) -> dict:
    """Work out who receives the plan, who must act, and what by when — writing nothing.

    Args:
        fields: the fields read from the plan (`read_plan`).
        issuer_code: the issuing unit's code.
        to: selectors replacing the Nơi nhận (unit codes, group names, `children`, `descendants`).
        due: the unit plan's due date, overriding the document's.
    """
    with session_scope() as session:
        issuer = require_unit(session, issuer_code, what="đơn vị ban hành")
        lines = fields.get("noi_nhan") or []
        res = resolve_selectors(session, issuer, to) if to else resolve_lines(session, issuer, lines)
        reqs, warnings = plan_requirements(fields, today=clock.today(), due_override=due)
        recipients = [
            {
                "unit_id": uid,
                "code": r["unit"].code,
                "name": r["unit"].name,
                "role": str(r["role"]),
                "emails": r["unit"].email_list,
                "source_line": r["source_line"],
            }
            for uid, r in res.recipients.items()
        ]
        issuer_info = {"code": issuer.code, "name": issuer.name}
    recipients.sort(key=lambda r: (r["role"] != "thuc_hien", r["code"]))
    for r in reqs:
        r["first_due"] = due_of(r, r.get("first_period")).isoformat()
    if not [r for r in recipients if r["role"] == "thuc_hien"]:
        warnings.append("Không có đơn vị nào phải thực hiện. Dùng --to (mã đơn vị, nhóm, children, descendants).")
    if not fields.get("so_ky_hieu"):
        warnings.append("Văn bản không có số, ký hiệu.")
    return {
        "so_ky_hieu": fields.get("so_ky_hieu"),
        "subject": fields.get("trich_yeu"),
        "doc_type": fields.get("loai_van_ban"),
        "issuer": issuer_info,
        "issued_on": fields.get("ngay_ban_hanh"),
        "recipients": recipients,
        "unresolved": res.unresolved,
        "unreachable": [r for r in recipients if not r["emails"]],
        "requirements": reqs,
        "warnings": warnings,
        "noi_nhan": lines,
    }


@task(name="submit-for-approval")
def submit_for_approval(document_id: int, preview: dict, actor: str) -> str:
    """Save the resolved recipients and requirements, and put the plan up for a leader's approval.

    Args:
        document_id: the registered plan.
        preview: what `preview_plan` returned.
        actor: who runs the command.
    """
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if doc.status not in (DocumentStatus.received, DocumentStatus.awaiting_approval, DocumentStatus.rejected):
            return doc.status  # decided or dispatched already: a rerun changes nothing
        acting = [r["unit_id"] for r in preview["recipients"] if r["role"] == "thuc_hien"]
        recipients = [
            {"unit_id": r["unit_id"], "role": r["role"], "source_line": r["source_line"]} for r in preview["recipients"]
        ]
        keys = ("kind", "period_kind", "due_rule", "first_period", "title", "source_text")
        reqs = [{k: r.get(k) for k in keys} | {"target_unit_ids": acting} for r in preview["requirements"]]
        replace_plan_setup(session=session, document_id=doc.id, recipients=recipients, requirements=reqs)
        before, doc.status = doc.status, DocumentStatus.awaiting_approval
        session.add(doc)
        record_audit(
            session=session,
            at=clock.now(),
            actor=actor,
            action="plan.submit_for_approval",
            document_id=doc.id,
            from_state=before,
            to_state=doc.status,
            details={"recipients": len(recipients), "acting": len(acting), "unresolved": preview["unresolved"]},
        )
        return doc.status


@task(name="decide-plan")
def decide_plan(document_id: int, approve: bool, by: str, reason: str | None = None, due: date | None = None) -> str:
    """Record a leader's decision on a plan; approving may set the unit plan's due date.

    Args:
        document_id: the plan.
        approve: True to approve, False to reject.
        by: the leader's name.
        reason: why (required to reject).
        due: the unit plan's due date, replacing the one worked out.
    """
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if doc.status in (DocumentStatus.approved, DocumentStatus.dispatched) and approve:
            return doc.status
        if doc.status == DocumentStatus.dispatched:
            raise KehoachError("kế hoạch đã ban hành, không thể từ chối nữa.", "already_dispatched", "Dùng thu hồi.")
        if doc.status not in (DocumentStatus.awaiting_approval, DocumentStatus.rejected, DocumentStatus.approved):
            raise KehoachError(f"kế hoạch đang ở trạng thái “{label(doc.status)}”, chưa chờ phê duyệt.", "not_waiting")
        if not approve and not (reason or "").strip():
            raise KehoachError("từ chối phải có lý do.", "reason_required", 'Thêm --reason "…".')
        if approve and due is not None:
            for req in list_requirements(session=session, document_id=doc.id):
                if req.kind == RequirementKind.submit_plan:
                    req.due_rule = str(workdays.FixedDate(workdays.next_working_day(due)))
                    req.source_text = f"phê duyệt: hạn {due.isoformat()}"
                    session.add(req)
        before = doc.status
        doc.status = DocumentStatus.approved if approve else DocumentStatus.rejected
        doc.approved_by, doc.approved_at, doc.decision_reason = by, clock.now(), reason
        session.add(doc)
        record_audit(
            session=session,
            at=clock.now(),
            actor=by,
            action="plan.approve" if approve else "plan.reject",
            document_id=doc.id,
            from_state=before,
            to_state=doc.status,
            reason=reason,
            details={"due": due.isoformat() if due else None},
        )
        return doc.status
