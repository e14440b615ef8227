"""Issue a plan: read it, register it, resolve who must act, wait for approval, dispatch it."""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.artifacts import create_progress_artifact, update_progress_artifact

from tasks.mail import send_outbox
from tasks.plans import (
    decide_plan,
    find_plan_id,
    open_obligations_and_queue,
    preview_plan,
    publish_plan_artifacts,
    read_plan,
    register_plan,
    submit_for_approval,
)

READY = ("approved", "dispatched")


@flow(name="dispatch-plan")
def dispatch_plan(document_id: int, actor: str = "hệ thống") -> dict:
    """Open an approved plan's obligations, queue a notice for every unit, and send them.

    Args:
        document_id: the approved plan.
        actor: who approved it (kept in the audit log).
    """
    # Open obligations and queue every message, in one transaction, before any SMTP connection
    opened = open_obligations_and_queue(document_id, actor)
    # Notify, batch by batch, with progress in the UI
    progress = create_progress_artifact(0.0, description=f"Gửi thông báo: {opened['messages']} thư")
    sent = {"sent": 0, "retry": 0, "failed": 0}
    while True:
        batch = send_outbox(document_id=document_id, max_batches=1)
        if not any(batch.values()):
            break
        sent = {k: sent[k] + batch[k] for k in sent}
        done = sent["sent"] + sent["failed"]
        update_progress_artifact(progress, min(100.0, 100.0 * done / max(opened["messages"], 1)))
    update_progress_artifact(progress, 100.0)
    # Publish
    publish_plan_artifacts(document_id)
    return {**opened, "send": sent}


@flow(name="issue-plan")
def issue_plan(
    file: str,
    issuer: str,
    to: list[str] | None = None,
    due: date | None = None,
    yes: bool = False,
    actor: str = "người vận hành",
) -> dict:
    """Register a plan and put it up for approval; with `yes`, approve it as the operator and dispatch it.

    A rerun on the same file resumes: no second registration, no second obligations, no second notice.

    Args:
        file: path of the plan (.docx or .pdf with a text layer).
        issuer: code of the issuing unit.
        to: replace the Nơi nhận with unit codes, group names, `children` or `descendants`.
        due: due date of the units' own plans (otherwise from the document, or the default).
        yes: record the operator as the approver and dispatch at once.
        actor: who runs it.
    """
    # Read and register
    plan = read_plan(file)
    reg = register_plan(plan, issuer, actor)
    # Resolve recipients and requirements
    preview = preview_plan(plan.fields, issuer, to, due)
    # Approval
    status = submit_for_approval(reg["document_id"], preview, actor)
    if yes and status not in READY:
        status = decide_plan(reg["document_id"], True, actor, None, due)
    result = {"ref": reg["ref"], "document_id": reg["document_id"], "so_ky_hieu": plan.fields.get("so_ky_hieu"),
              "status": status, "preview": preview, "obligations": 0, "queued": 0}  # fmt: skip
    if status not in READY:
        publish_plan_artifacts(reg["document_id"])
        return result
    # Dispatch
    dispatched = dispatch_plan(reg["document_id"], actor)
    return result | {"status": "dispatched", "obligations": dispatched["obligations"],
                     "queued": dispatched["queued"], "send": dispatched["send"]}  # fmt: skip


@flow(name="approve-plan")
def approve_plan(ref: str, by: str, approve: bool = True, reason: str | None = None, due: date | None = None) -> dict:
    """Record a leader's decision on a plan waiting for approval; on approval, dispatch it.

    Args:
        ref: the plan's REF (or its số, ký hiệu when unique).
        by: the leader's name.
        approve: False to reject (then `reason` is required).
        reason: why it is rejected.
        due: due date of the units' own plans, replacing the one worked out.
    """
    # Find the plan
    document_id = find_plan_id(ref)
    # Decide
    status = decide_plan(document_id, approve, by, reason, due)
    if status not in READY:
        publish_plan_artifacts(document_id)
        return {"status": status}
    # Dispatch
    return {"status": "dispatched", **dispatch_plan(document_id, by)}
