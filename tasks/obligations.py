"""Which obligation a file answers: chosen from what the file is and what the operator says, never guessed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from prefect import task

from kehoach import clock, workdays
from kehoach.errors import KehoachError
from kehoach.text import fold, shown
from models.audit import count_audit, record_audit
from models.db import session_scope
from models.documents import get_document, list_requirements
from models.obligations import get_obligation, list_unit_obligations_with_requirement
from models.org import get_unit
from models.outbox import queue_messages
from models.states import CLOSED_STATES, DocumentStatus, ObligationState, RequirementKind, label
from tasks.followup.items import period_words
from tasks.links import link_url
from tasks.lookup import require_unit
from tasks.mail.queue import mail_rows, unit_addresses
from tasks.plans.approval import refuse_state
from tasks.plans.requirements import lock_date_for

# --requirement accepts the codes and the words an operator would type
REQUIREMENT_WORDS = {
    "submit_plan": RequirementKind.submit_plan,
    "ke-hoach": RequirementKind.submit_plan,
    "kehoach": RequirementKind.submit_plan,
    "periodic_report": RequirementKind.periodic_report,
    "bao-cao": RequirementKind.periodic_report,
    "baocao": RequirementKind.periodic_report,
    "so_ket": RequirementKind.so_ket,
    "so-ket": RequirementKind.so_ket,
    "soket": RequirementKind.so_ket,
    "tong_ket": RequirementKind.tong_ket,
    "tong-ket": RequirementKind.tong_ket,
    "tongket": RequirementKind.tong_ket,
}
TAKES_NO_FILE = {*CLOSED_STATES, ObligationState.accepted}
REPORT_KINDS = (RequirementKind.periodic_report, RequirementKind.so_ket, RequirementKind.tong_ket)


@dataclass(frozen=True)
class Choice:
    obligation_id: int
    requirement: str
    period: str | None
    state: str
    title: str

    def describe(self) -> str:
        return f"{self.title or label(self.requirement)}" + (f", kỳ {self.period}" if self.period else "")


def read_submitted_file(path: str) -> tuple[bytes, dict]:
    """Return a file a unit sent (by e-mail, on paper) and the fields read from it, or refuse it with the reason.

    The size is checked before the file is read, so an oversized file never fills the memory.
    """
    from kehoach.settings import get_settings
    from tasks.reading.parse import read_document
    from tasks.reading.safety import FileRejected, read_checked

    p = Path(path)
    limit = get_settings().max_upload_bytes
    try:
        data = read_checked(p, max_bytes=limit)
        fields = read_document(data, p.name, max_bytes=limit).to_json_dict()
    except FileRejected as exc:
        raise KehoachError(f"tệp “{shown(p.name)}” bị từ chối: {exc.message}", exc.code) from exc
    return data, fields


def requirement_kind(word: str) -> str:
    """Return the requirement kind an operator names with --requirement."""
    kind = REQUIREMENT_WORDS.get(fold(word).replace(" ", "-")) or REQUIREMENT_WORDS.get(word.strip())
    if kind is None:
        raise KehoachError(
            f"không hiểu yêu cầu “{word}”.",
            "unknown_requirement",
            "Dùng một trong: ke-hoach, bao-cao, so-ket, tong-ket.",
        )
    return kind


def kinds_of_file(fields: dict) -> tuple[str, ...]:
    """Return the requirement kinds a document can answer, from its type and subject ("Báo cáo sơ kết …")."""
    doc_type = fold(fields.get("loai_van_ban") or "")
    subject = fold(fields.get("trich_yeu") or "")
    if doc_type == "ke hoach":
        return (RequirementKind.submit_plan,)
    if doc_type == "bao cao":
        if "so ket" in subject:
            return (RequirementKind.so_ket,)
        if "tong ket" in subject:
            return (RequirementKind.tong_ket,)
        return REPORT_KINDS
    return ()


def choose_obligation(
    document_id: int,
    unit_code: str,
    *,
    fields: dict | None = None,
    period: str | None = None,
    requirement: str | None = None,
    purpose: str = "nộp",
) -> Choice:
    """Return the one obligation a unit's file (or an extension, an exemption) is for, or refuse and list the choices.

    What narrows it: `requirement` and `period` as the operator gives them, else the kind of document read from
    the file (a Kế hoạch answers the unit's plan, a Báo cáo a report). A closed obligation (exempt, cancelled,
    accepted) takes nothing; two that remain are a question for the operator, never a guess.
    """
    with session_scope() as session:
        unit = require_unit(session, unit_code)
        rows = list_unit_obligations_with_requirement(session=session, document_id=document_id, unit_id=unit.id)
        name = unit.name
    every = [Choice(o.id, kind, o.period or None, o.state, title) for o, kind, title in rows]
    if not every:
        raise KehoachError(f"{name} không phải nộp gì theo kế hoạch này.", "no_obligation")
    cands = every
    if requirement:
        wanted = requirement_kind(requirement)
        cands = [c for c in cands if c.requirement == wanted]
    if period:
        cands = [c for c in cands if c.period == period.strip()]
    if not requirement and not period and fields is not None:
        kinds = kinds_of_file(fields)
        by_file = [c for c in cands if c.requirement in kinds]
        if kinds and not by_file:
            raise KehoachError(
                f"tệp là {fields.get('loai_van_ban')} nhưng {name} không có nghĩa vụ nộp loại văn bản này.",
                "wrong_kind",
                "Các nghĩa vụ của đơn vị: " + "; ".join(c.describe() for c in every) + ".",
            )
        cands = by_file or cands
    if not cands:
        raise KehoachError(
            f"{name} không có nghĩa vụ nào khớp"
            + (f" yêu cầu “{requirement}”" if requirement else "")
            + (f" kỳ {period}" if period else "")
            + ".",
            "no_matching_obligation",
            "Các nghĩa vụ của đơn vị: " + "; ".join(c.describe() for c in every) + ".",
        )
    open_ = [c for c in cands if c.state not in TAKES_NO_FILE]
    if not open_:
        c = cands[0]
        why = {
            ObligationState.exempt: "đã được miễn nộp",
            ObligationState.cancelled: "đã bị hủy",
            ObligationState.transferred: "đã chuyển cho đơn vị kế thừa",
            ObligationState.accepted: "đã được tiếp nhận (bản cuối cùng)",
        }[c.state]
        raise KehoachError(
            f"không thể {purpose}: {c.describe()} của {name} {why}.", "closed", "Xem: kehoach plan status REF"
        )
    if len(open_) > 1:
        raise AmbiguousObligation(
            f"{name} có {len(open_)} nghĩa vụ có thể {purpose}: " + "; ".join(c.describe() for c in open_) + ".",
            open_,
        )
    return open_[0]


class AmbiguousObligation(KehoachError):
    """Several obligations fit: the operator chooses (`choices`), the system never guesses."""

    def __init__(self, message: str, choices: list[Choice]) -> None:
        super().__init__(
            message,
            "ambiguous_obligation",
            "Chỉ rõ bằng --requirement (ke-hoach, bao-cao, so-ket, tong-ket) và/hoặc --period (ví dụ 2026, 2026-03).",
        )
        self.choices = choices


@task(name="change-obligation")
def change_obligation(
    obligation_id: int, action: str, reason: str, actor: str, new_due: date | None = None, allow_past: bool = False
) -> dict:
    """Extend one obligation's due date or exempt it, with the reason kept in the audit log.

    Args:
        obligation_id: the obligation (see `choose_obligation`).
        action: "extend" or "exempt".
        reason: why (required).
        actor: who decided.
        new_due: the new due date (extend); a date before today needs `allow_past`.
        allow_past: accept a new due date before today (the reason is audited).
    """
    if not (reason or "").strip():
        raise KehoachError("phải nêu lý do.", "reason_required", 'Thêm --reason "…".')
    now = clock.now()
    with session_scope() as session:
        ob = get_obligation(session=session, obligation_id=obligation_id)
        unit = get_unit(session=session, unit_id=ob.unit_id)
        doc = get_document(session=session, document_id=ob.document_id)
        if doc.status == DocumentStatus.recalled:
            raise refuse_state(doc, "gia hạn" if action == "extend" else "miễn nộp")
        if ob.state in TAKES_NO_FILE:
            raise KehoachError(
                f"không thể {'gia hạn' if action == 'extend' else 'miễn nộp'}: nghĩa vụ của {unit.name} "
                f"đang ở trạng thái “{label(ob.state)}”.",
                "closed",
            )
        before = {"state": ob.state, "due": ob.due_date.isoformat()}
        if action == "extend":
            if new_due is None:
                raise KehoachError("thiếu ngày gia hạn.", "due_required", "Thêm --to YYYY-MM-DD.")
            if new_due < clock.today() and not allow_past:
                raise KehoachError(
                    f"hạn mới {clock.vn_date_long(new_due)} đã qua: đơn vị sẽ bị khóa ngay.",
                    "due_in_past",
                    "Chọn một ngày từ hôm nay trở đi, hoặc thêm --allow-past nếu thật sự cần.",
                )
            due = workdays.next_working_day(new_due)
            ob.due_date = due
            ob.lock_date = lock_date_for(due)
            if ob.state == ObligationState.returned:
                ob.state = ObligationState.pending
        elif action == "exempt":
            ob.state = ObligationState.exempt
        else:
            raise ValueError(action)
        ob.updated_at = now
        session.add(ob)
        record_audit(
            session=session,
            at=now,
            actor=actor,
            action=f"obligation.{action}",
            document_id=ob.document_id,
            obligation_id=ob.id,
            unit_id=unit.id,
            from_state=before["state"],
            to_state=ob.state,
            reason=reason,
            details={"due_before": before["due"], "due_after": ob.due_date.isoformat(), "allow_past": allow_past},
        )
        queued = queue_messages(session=session, messages=_decision_rows(session, ob, unit, action, reason), now=now)
        return {
            "unit": unit.code,
            "state": ob.state,
            "period": ob.period or None,
            "due": ob.due_date.isoformat(),
            "lock": ob.lock_date.isoformat(),
            "told": queued,
            "addresses": len(unit.email_list),
        }


def _decision_rows(session, ob, unit, action: str, reason: str) -> list[dict]:
    """Return the message that tells a unit of an extension (new due date, its link) or an exemption."""
    doc = get_document(session=session, document_id=ob.document_id)
    issuer = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
    req = next(r for r in list_requirements(session=session, document_id=doc.id) if r.id == ob.requirement_id)
    period_label, _window = period_words(req.kind, ob.period or None)
    ctx = {
        "unit_name": unit.name,
        "issuer": issuer.name if issuer else "Cơ quan ban hành",
        "so_ky_hieu": doc.so_ky_hieu,
        "subject": doc.subject,
        "what": req.title or label(req.kind),
        "period_label": period_label,
        "reason": reason,
        "due": ob.due_date.isoformat(),
        "lock": ob.lock_date.isoformat(),
    }
    kind = "extended" if action == "extend" else "exempted"
    if kind == "extended":
        ctx["link"] = link_url(ob)
    # each decision is its own message: a second extension of the same obligation is told too
    n = count_audit(session=session, action=f"obligation.{action}", document_id=doc.id, unit_id=unit.id)
    return mail_rows(
        kind,
        to=unit_addresses(unit),
        key=f"{ob.id}:{n}",
        context=ctx,
        unit_id=unit.id,
        document_id=doc.id,
        obligation_id=ob.id,
        reply_to=issuer.email_list[0] if issuer and issuer.email_list else None,
    )
