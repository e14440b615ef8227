"""Dispatch an approved plan: open every unit's obligations and queue its notice, in one transaction."""

from __future__ import annotations

from pathlib import Path

from prefect import task

from kehoach import clock
from kehoach.errors import KehoachError
from models.audit import count_audit, record_audit, record_audit_many
from models.db import session_scope
from models.documents import (
    get_document,
    issuing_body,
    list_recipient_units,
    list_requirement_targets,
    list_requirements,
    move_document,
)
from models.obligations import (
    bump_link_versions,
    find_obligation_for_unit,
    insert_obligations,
    list_obligation_links,
    list_unit_obligations,
)
from models.org import get_unit
from models.outbox import queue_messages
from models.states import DocumentStatus, RecipientRole, RequirementKind
from tasks.links import link_url
from tasks.lookup import require_unit
from tasks.mail.queue import mail_rows, unit_addresses
from tasks.plans.approval import refuse_state
from tasks.plans.requirements import due_of, lock_date_for, obligation_row


def attachment_name(name: str | None, ext: str) -> str:
    """Return the name a file goes out under: the name it came with, its extension what its content is."""
    p = Path(name or "van-ban")
    return p.name if p.suffix.lower() == f".{ext}" else f"{p.stem}.{ext}"


def plan_context(doc, issuer) -> dict:
    """Return what every message about a plan says of it."""
    return {
        "so_ky_hieu": doc.so_ky_hieu,
        "subject": doc.subject,
        "doc_type": doc.doc_type,
        "issuer": issuing_body(doc, issuer),
        "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
    }


def notice_parts(doc, issuer) -> dict:
    """Return what every notice of a plan shares: its words, its file, whom a reply goes to (made once a dispatch)."""
    return {
        "plan": plan_context(doc, issuer),
        "attachments": [
            {"sha256": doc.file_sha256, "ext": doc.file_ext, "filename": attachment_name(doc.file_name, doc.file_ext)}
        ],
        "reply_to": issuer.email_list[0] if issuer.email_list else None,
    }


def notice_rows(
    doc,
    issuer,
    unit,
    ob,
    *,
    kind: str,
    key_suffix: str,
    resend: bool = False,
    extra: dict | None = None,
    parts: dict | None = None,
) -> list[dict]:
    """Return the outbox rows that send a plan to every address of a unit (with its link when it must act).

    `parts` is `notice_parts(doc, issuer)` when the caller sends the plan to many units.
    """
    parts = parts or notice_parts(doc, issuer)
    ctx = parts["plan"] | {"unit_name": unit.name, "resend": resend} | (extra or {})
    if ob is not None:
        ctx |= {"link": link_url(ob), "due": ob.due_date.isoformat(), "lock": ob.lock_date.isoformat()}
    return mail_rows(
        kind,
        to=unit_addresses(unit),
        key=f"{doc.id}:{unit.id}:{key_suffix}",
        context=ctx,
        unit_id=unit.id,
        document_id=doc.id,
        obligation_id=ob.id if ob else None,
        attachments=parts["attachments"],
        reply_to=parts["reply_to"],
    )


@task(name="open-obligations-and-queue")
def open_obligations_and_queue(document_id: int, actor: str) -> dict:
    """In one transaction: an obligation per target unit for each requirement's first period, and every notice queued.

    Args:
        document_id: an approved plan.
        actor: who approved or runs the dispatch.
    """
    now = clock.now()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if doc.status not in (DocumentStatus.approved, DocumentStatus.dispatched):
            raise refuse_state(doc, "gửi")  # not yet approved, rejected, or recalled: each says what to do
        issuer = get_unit(session=session, unit_id=doc.issuer_id)
        targets = list_requirement_targets(session=session, document_id=doc.id)
        requirements = list_requirements(session=session, document_id=doc.id)
        rows = []
        for req in requirements:
            if req.kind in (RequirementKind.so_ket, RequirementKind.tong_ket, RequirementKind.other):
                continue  # opened by the period flow when their year comes
            period = req.first_period or ""
            due = due_of({"due_rule": req.due_rule}, period or None)
            lock = lock_date_for(due)
            for unit_id in targets.get(req.id, []):
                rows.append(
                    obligation_row(
                        document_id=doc.id,
                        requirement_id=req.id,
                        unit_id=unit_id,
                        period=period,
                        due=due,
                        now=now,
                        lock=lock,
                    )
                )
        created = set(insert_obligations(session=session, rows=rows))
        session.flush()
        obligations = list_obligation_links(session=session, document_id=doc.id)
        # the unit plan's obligation carries the link in the notice
        submit_req = next((r.id for r in requirements if r.kind == RequirementKind.submit_plan), None)
        by_unit = {o.unit_id: o for o in obligations if o.requirement_id == submit_req}
        messages = []
        parts = notice_parts(doc, issuer)
        for role, unit in list_recipient_units(session=session, document_id=doc.id):
            ob = by_unit.get(unit.id)
            kind = "notice" if role == RecipientRole.thuc_hien and ob else "copy"
            messages.extend(notice_rows(doc, issuer, unit, ob, kind=kind, key_suffix="1", parts=parts))
        queued = queue_messages(session=session, messages=messages, now=now)
        before = doc.status
        # only the run that moves the plan to dispatched records it (two runs at once record it once)
        moved = move_document(
            session=session,
            document_id=doc.id,
            from_states=[DocumentStatus.approved],
            to_state=DocumentStatus.dispatched,
        )
        audit = [
            {
                "at": now,
                "actor": actor,
                "action": "obligation.open",
                "document_id": doc.id,
                "obligation_id": o.id,
                "unit_id": o.unit_id,
                "to_state": o.state,
            }
            for o in obligations
            if o.id in created
        ]
        if moved:
            audit.append(
                {
                    "at": now,
                    "actor": actor,
                    "action": "plan.dispatch",
                    "document_id": doc.id,
                    "from_state": before,
                    "to_state": DocumentStatus.dispatched,
                    "details": {"obligations": len(created), "queued": queued},
                }
            )
        record_audit_many(session=session, entries=audit)
        return {"obligations": len(obligations), "created": len(created), "queued": queued, "messages": len(messages)}


@task(name="queue-resend")
def queue_resend(document_id: int, unit_code: str, actor: str) -> int:
    """Queue a unit's notice again (after an address change), under a new idempotency key.

    Args:
        document_id: the dispatched plan.
        unit_code: the unit.
        actor: who asked.
    """
    now = clock.now()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if doc.status != DocumentStatus.dispatched:
            raise KehoachError("kế hoạch chưa được ban hành nên chưa có thông báo để gửi lại.", "not_dispatched")
        unit = require_unit(session, unit_code)
        if not unit.email_list:
            raise KehoachError(
                f"{unit.name} chưa có địa chỉ thư.",
                "unreachable",
                f"Đặt địa chỉ: kehoach units set-email {unit.code} …",
            )
        ob = find_obligation_for_unit(session=session, document_id=document_id, unit_id=unit.id)
        if ob is None:
            raise KehoachError(f"{unit.name} không phải nộp gì theo kế hoạch này.", "no_obligation")
        # the links sent before (perhaps to an address the unit no longer holds) stop working; the notice
        # carries the new one
        mine = list_unit_obligations(session=session, document_id=document_id, unit_id=unit.id)
        revoked = bump_link_versions(session=session, obligation_ids=[o.id for o in mine], now=now)
        session.refresh(ob)
        n = 1 + count_audit(session=session, action="plan.resend", document_id=document_id, unit_id=unit.id)
        issuer = get_unit(session=session, unit_id=doc.issuer_id)
        messages = notice_rows(doc, issuer, unit, ob, kind="notice", key_suffix=f"resend{n}", resend=True)
        queued = queue_messages(session=session, messages=messages, now=now)
        record_audit(
            session=session,
            at=now,
            actor=actor,
            action="plan.resend",
            document_id=doc.id,
            obligation_id=ob.id,
            unit_id=unit.id,
            details={"to": unit.email_list, "n": n, "links_revoked": revoked},
        )
        return queued
