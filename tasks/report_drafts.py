"""What happens to a compiled draft: mailed to the issuer's office, shown in the UI, drafted at each period's end."""

from __future__ import annotations

from prefect import task

from kehoach import clock
from models.db import session_scope
from models.documents import get_document, get_document_by_ref, list_requirements
from models.drafts import list_undrafted_periods
from models.org import get_unit
from models.outbox import queue_messages
from models.states import RequirementKind
from tasks.artifacts import render_markdown
from tasks.mail.queue import mail_rows, unit_addresses
from tasks.plans.dispatch import plan_context


@task(name="mail-draft")
def mail_draft(draft: dict) -> int:
    """Queue the draft to every address of the plan's issuer, once per draft; return how many messages are new.

    Args:
        draft: what `draft_report` returned.
    """
    g = draft["groups"]
    with session_scope() as session:
        doc = get_document_by_ref(session=session, ref=draft["ref"])
        issuer = get_unit(session=session, unit_id=doc.issuer_id)
        upward = [get_document_by_ref(session=session, ref=r) for r in draft["parents"]]
        ctx = plan_context(doc, issuer) | {
            "unit_name": issuer.name,
            "period": draft["period"],
            "submitted": len(g["on_time"]) + len(g["late"]),
            "on_time": len(g["on_time"]),
            "late": len(g["late"]),
            "returned": len(g["returned"]),
            "missing": len(g["missing"]),
            "upward": ", ".join(f"kehoach submit {d.ref} --unit {issuer.code} TỆP_ĐÃ_KÝ" for d in upward if d),
        }
        rows = mail_rows(
            "report_draft",
            to=unit_addresses(issuer),
            key=str(draft["draft_id"]),
            context=ctx,
            unit_id=issuer.id,
            document_id=doc.id,
            attachments=[{"sha256": draft["sha256"], "ext": "docx", "filename": draft["file_name"]}],
        )
        return queue_messages(session=session, messages=rows, now=clock.now())


@task(name="publish-draft-artifact")
def publish_draft_artifact(draft: dict) -> str:
    """Show the draft in the Prefect UI: where it is, who is in each group.

    Args:
        draft: what `draft_report` returned.
    """
    from prefect.artifacts import create_markdown_artifact

    key = f"bao-cao-{draft['ref']}-{(draft['period'] or 'ke-hoach').lower()}"
    create_markdown_artifact(
        markdown=render_markdown("report_draft", d=draft),
        key=key,
        description=f"Dự thảo báo cáo tổng hợp {draft['so_ky_hieu'] or draft['ref']}",
    )
    return key


@task(name="list-due-drafts")
def list_due_drafts() -> list[dict]:
    """Return each issued plan's requirement and period whose every obligation is past due and not yet drafted."""
    out = []
    with session_scope() as session:
        for document_id, requirement_id, period in list_undrafted_periods(session=session, before=clock.today()):
            doc = get_document(session=session, document_id=document_id)
            req = next(r for r in list_requirements(session=session, document_id=document_id) if r.id == requirement_id)
            kind = req.kind if req.kind in (RequirementKind.so_ket, RequirementKind.tong_ket) else "tong_hop"
            out.append({"ref": doc.ref, "period": period or None, "kind": kind})
    return out
