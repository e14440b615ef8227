"""Preview who must act and by when, put a plan up for approval, and record the leader's decision.

A plan moves through one state machine: registered (received) → awaiting approval → approved → dispatched; or
rejected (final for that file: a corrected plan is a new registration); an approved or dispatched plan may be
recalled (thu hồi), which is final too: every later step refuses it. Every step checks the state it starts from,
in the same statement that changes it, and refuses with the state and what to do instead.
"""

from __future__ import annotations

from datetime import date

from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from models.audit import record_audit
from models.db import session_scope
from models.documents import (
    Document,
    get_document,
    list_requirement_targets,
    list_requirements,
    move_document,
    replace_plan_setup,
)
from models.states import DocumentStatus as S
from models.states import RequirementKind, label
from tasks.lookup import require_unit
from tasks.plans.recipients import resolve_lines, resolve_selectors
from tasks.plans.requirements import due_of, plan_requirements


def check_due(due: date | None, allow_past: str | None) -> None:
    """Refuse a due date before today unless the operator gives the reason (`allow_past`), which is audited."""
    if due is not None and due < clock.today() and not (allow_past or "").strip():
        raise KehoachError(
            f"hạn {clock.vn_date_long(due)} đã qua (hôm nay là {clock.vn_date_long(clock.today())}).",
            "due_in_past",
            'Chọn một ngày từ hôm nay trở đi; nếu thật sự cần hạn đã qua, thêm --allow-past --reason "lý do".',
        )


def refuse_state(doc: Document, wanted: str) -> KehoachError:
    """Return the error for a step the plan's state does not allow, saying the state and what to do."""
    ref = doc.ref
    what = {
        S.rejected: (
            f"đã bị từ chối{f' (lý do: {doc.decision_reason})' if doc.decision_reason else ''}; "
            "tệp này không thể ban hành nữa",
            "Sửa văn bản rồi ban hành tệp đã sửa: kehoach plan issue TỆP_MỚI --issuer MÃ (một lần đăng ký mới).",
        ),
        S.dispatched: ("đã ban hành", f"Theo dõi: kehoach plan status {ref}"),
        S.recalled: ("đã bị thu hồi", f"Xem: kehoach plan status {ref}"),
        S.approved: ("đã được phê duyệt và đang gửi", f"Theo dõi: kehoach plan status {ref}"),
        S.awaiting_approval: (
            "đang chờ lãnh đạo phê duyệt",
            f'Phê duyệt: kehoach approve {ref} --by "Họ tên"',
        ),
        S.received: (
            "mới đăng ký, chưa trình phê duyệt",
            "Chạy lại kehoach plan issue với tệp này để trình phê duyệt.",
        ),
    }
    if doc.status == S.recalled and doc.decision_reason:
        what[S.recalled] = (f"đã bị thu hồi (lý do: {doc.decision_reason})", what[S.recalled][1])
    if wanted == "thu hồi" and doc.status in (S.received, S.awaiting_approval):
        what[doc.status] = (
            what[doc.status][0] + ", chưa gửi đi",
            f'Không cần thu hồi; từ chối: kehoach approve {ref} --reject --reason "…" --by "Họ tên"',
        )
    state, hint = what.get(doc.status, (f"ở trạng thái “{label(doc.status)}”", None))
    return KehoachError(f"không thể {wanted}: kế hoạch {doc.so_ky_hieu or ref} {state}.", f"state_{doc.status}", hint)


@task(name="preview-plan")
def preview_plan(
    fields: dict,
    issuer_code: str,
    to: list[str] | None = None,
    due: date | None = None,
    allow_past: str | None = None,
) -> dict:
    """Work out who receives the plan, who must act, and what by when — writing nothing.

    Args:
        fields: the fields read from the plan (`read_plan`).
        issuer_code: the issuing unit's code.
        to: selectors replacing the Nơi nhận (unit codes, group names, `children`, `descendants`).
        due: the unit plan's due date, overriding the document's.
        allow_past: the reason a due date before today is wanted (otherwise such a date is refused).
    """
    check_due(due, allow_past)
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
    acting = [r for r in recipients if r["role"] == "thuc_hien"]
    if not acting:
        warnings.append(
            "Không có đơn vị nào phải thực hiện nên kế hoạch chưa thể ban hành. "
            "Dùng --to (mã đơn vị, tên nhóm, children, descendants) để chỉ định."
        )
    if not fields.get("so_ky_hieu"):
        warnings.append("Văn bản không có số, ký hiệu.")
    return {
        "so_ky_hieu": fields.get("so_ky_hieu"),
        "subject": fields.get("trich_yeu"),
        "doc_type": fields.get("loai_van_ban"),
        "issuer": issuer_info,
        "issued_on": fields.get("ngay_ban_hanh"),
        "recipients": recipients,
        "acting": len(acting),
        "unresolved": res.unresolved,
        "unreachable": [r for r in recipients if not r["emails"]],
        "requirements": reqs,
        "warnings": warnings,
        "noi_nhan": lines,
        "recipients_given": bool(to),
        "allow_past": allow_past,
    }


@task(name="submit-for-approval")
def submit_for_approval(document_id: int, preview: dict, actor: str) -> str:
    """Save the resolved recipients and requirements, and put the plan up for a leader's approval.

    A rerun before the decision replaces the recipients (with --to, or the Nơi nhận read again); a plan already
    approved or dispatched is left as it is, and --to on it is refused; a rejected plan stays rejected.

    Args:
        document_id: the registered plan.
        preview: what `preview_plan` returned.
        actor: who runs the command.
    """
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if doc.status in (S.approved, S.dispatched) and not preview.get("recipients_given"):
            return doc.status  # decided already: a rerun resumes and changes nothing
        if doc.status not in (S.received, S.awaiting_approval):
            raise refuse_state(doc, "thay nơi nhận" if preview.get("recipients_given") else "trình phê duyệt")
        acting = [r["unit_id"] for r in preview["recipients"] if r["role"] == "thuc_hien"]
        recipients = [
            {"unit_id": r["unit_id"], "role": r["role"], "source_line": r["source_line"]} for r in preview["recipients"]
        ]
        keys = ("kind", "period_kind", "due_rule", "first_period", "title", "source_text")
        reqs = [{k: r.get(k) for k in keys} | {"target_unit_ids": acting} for r in preview["requirements"]]
        before = doc.status
        if not move_document(
            session=session,
            document_id=doc.id,
            from_states=[S.received, S.awaiting_approval],
            to_state=S.awaiting_approval,
        ):
            session.refresh(doc)
            raise refuse_state(doc, "trình phê duyệt")
        replace_plan_setup(session=session, document_id=doc.id, recipients=recipients, requirements=reqs)
        record_audit(
            session=session,
            at=clock.now(),
            actor=actor,
            action="plan.submit_for_approval",
            document_id=doc.id,
            from_state=before,
            to_state=S.awaiting_approval,
            reason=preview.get("allow_past"),
            details={"recipients": len(recipients), "acting": len(acting), "unresolved": preview["unresolved"]},
        )
        return S.awaiting_approval


@task(name="decide-plan")
def decide_plan(
    document_id: int,
    approve: bool,
    by: str,
    reason: str | None = None,
    due: date | None = None,
    allow_past: str | None = None,
) -> str:
    """Record a leader's decision on a plan waiting for approval; approving may set the unit plan's due date.

    Approving a plan already approved (a dispatch cut short) returns its state so the dispatch resumes.

    Args:
        document_id: the plan.
        approve: True to approve, False to reject.
        by: the leader's name.
        reason: why (required to reject; with `allow_past`, why the due date lies in the past).
        due: the unit plan's due date, replacing the one worked out.
        allow_past: the reason a due date before today is wanted.
    """
    check_due(due, allow_past)
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if approve and doc.status == S.approved:
            return doc.status
        if doc.status != S.awaiting_approval and not (not approve and doc.status == S.approved):
            raise refuse_state(doc, "phê duyệt" if approve else "từ chối")
        if not approve and not (reason or "").strip():
            raise KehoachError("từ chối phải có lý do.", "reason_required", 'Thêm --reason "…".')
        if approve and not any(list_requirement_targets(session=session, document_id=doc.id).values()):
            raise KehoachError(
                f"không thể phê duyệt: kế hoạch {doc.so_ky_hieu or doc.ref} chưa có đơn vị nào phải thực hiện.",
                "no_acting_unit",
                f"Chỉ định đơn vị: kehoach plan issue TỆP --issuer MÃ --to MÃ_ĐƠN_VỊ|children|descendants "
                f"(kế hoạch {doc.ref} vẫn chờ phê duyệt).",
            )
        if approve and due is not None:
            for req in list_requirements(session=session, document_id=doc.id):
                if req.kind == RequirementKind.submit_plan:
                    req.due_rule = str(workdays.FixedDate(workdays.next_working_day(due)))
                    req.source_text = f"phê duyệt: hạn {due.isoformat()}"
                    session.add(req)
        before = doc.status
        to_state = S.approved if approve else S.rejected
        moved = move_document(
            session=session,
            document_id=doc.id,
            from_states=[before],
            to_state=to_state,
            approved_by=by,
            approved_at=clock.now(),
            decision_reason=reason,
        )
        if not moved:  # another decision came first
            session.refresh(doc)
            raise refuse_state(doc, "phê duyệt" if approve else "từ chối")
        record_audit(
            session=session,
            at=clock.now(),
            actor=by,
            action="plan.approve" if approve else "plan.reject",
            document_id=doc.id,
            from_state=before,
            to_state=to_state,
            reason=reason or allow_past,
            details={"due": due.isoformat() if due else None, "allow_past": allow_past},
        )
        return to_state


RECALLABLE = (S.approved, S.dispatched)


def recall_document(session, doc: Document, by: str, reason: str | None) -> str:
    """Move a plan that went out (or is going out) to recalled, audited with who and why; return its state before.

    Only an approved or dispatched plan is recalled; what is not yet sent is rejected instead.
    """
    if not (reason or "").strip():
        raise KehoachError("thu hồi phải có lý do.", "reason_required", 'Thêm --reason "…".')
    if not (by or "").strip():
        raise KehoachError("thu hồi phải ghi người quyết định.", "by_required", 'Thêm --by "Họ tên".')
    before = doc.status
    if before not in RECALLABLE or not move_document(
        session=session, document_id=doc.id, from_states=list(RECALLABLE), to_state=S.recalled, decision_reason=reason
    ):
        session.refresh(doc)
        raise refuse_state(doc, "thu hồi")
    record_audit(
        session=session,
        at=clock.now(),
        actor=by,
        action="plan.recall",
        document_id=doc.id,
        from_state=before,
        to_state=S.recalled,
        reason=reason,
    )
    return before
