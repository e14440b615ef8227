"""Dispatch an approved plan: open its obligations, queue every notice, send them with progress in the UI."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_progress_artifact, update_progress_artifact

from tasks.cascade import answer_parent_plans
from tasks.mail import BATCH, send_queued_mail
from tasks.plans.dispatch import open_obligations_and_queue
from tasks.plans.status import list_mail_failures, publish_plan_artifacts
from tasks.plans.tree import publish_tree_artifact

PROGRESS_STEPS = 10  # progress updates while sending (at most)


@flow(name="dispatch-plan")
def dispatch_plan(document_id: int, actor: str = "hệ thống") -> dict:
    """Open an approved plan's obligations, queue a notice for every unit, and send them.

    Args:
        document_id: the approved plan.
        actor: who approved it (kept in the audit log).
    """
    # Open obligations and queue every message, in one transaction, before any SMTP connection
    opened = open_obligations_and_queue(document_id, actor)
    # Answer the parent plans: this plan is its issuer's own plan under each plan it is issued căn cứ
    parents = answer_parent_plans(document_id, actor)
    # Notify, about a tenth of the batches per task run, with progress in the UI: each task run opens its own SMTP
    # connections and lets them run dry at its end, so a task run per batch (50 for 10,000 units) paid that 50 times
    progress = create_progress_artifact(0.0, description=f"Gửi thông báo: {opened['messages']} thư")
    sent: dict = {"sent": 0, "retry": 0, "failed": 0, "problem": None}
    rounds = max(1, -(-opened["messages"] // (BATCH * PROGRESS_STEPS)))
    while True:
        batch = send_queued_mail(document_id=document_id, max_batches=rounds)
        if not (batch["sent"] or batch["retry"] or batch["failed"]):
            break
        sent = {k: sent[k] + batch[k] for k in ("sent", "retry", "failed")} | {
            "problem": batch["problem"] or sent["problem"]
        }
        done = sent["sent"] + sent["failed"]
        update_progress_artifact(progress, min(100.0, 100.0 * done / max(opened["messages"], 1)))
    update_progress_artifact(progress, 100.0)
    for p in parents:
        send_queued_mail(document_id=p["document_id"])  # the receipt each parent's office gives the issuer
    # Publish: this plan, and each parent's, whose tree of plans now reaches one level further
    publish_plan_artifacts(document_id)
    for p in parents:
        publish_plan_artifacts(p["document_id"])
        publish_tree_artifact(p["document_id"])
    return {**opened, "send": sent, "parents": parents, "mail_failures": list_mail_failures(document_id)}
