"""Dispatch an approved plan: open its obligations, queue every notice, send them with progress in the UI."""

from __future__ import annotations

from prefect import flow
from prefect.artifacts import create_progress_artifact, update_progress_artifact

from kehoach.heap import loaded_kept
from tasks.cascade import answer_parent_plans
from tasks.mail import send_queued_mail
from tasks.plans.dispatch import open_obligations_and_queue
from tasks.plans.status import list_mail_failures, publish_plan_artifacts
from tasks.plans.tree import publish_tree_artifact


@flow(name="dispatch-plan")
def dispatch_plan(document_id: int, actor: str = "hệ thống") -> dict:
    """Open an approved plan's obligations, queue a notice for every unit, and send them.

    Args:
        document_id: the approved plan.
        actor: who approved it (kept in the audit log).
    """
    with loaded_kept():  # tens of thousands of rows: the collector need not walk what Prefect loaded, each time
        return _dispatch(document_id, actor)


def _dispatch(document_id: int, actor: str) -> dict:
    # Open obligations and queue every message, in one transaction, before any SMTP connection
    opened = open_obligations_and_queue(document_id, actor)
    # Answer the parent plans: this plan is its issuer's own plan under each plan it is issued căn cứ
    parents = answer_parent_plans(document_id, actor)
    # Notify in one task run, whose connections stay open from the first message to the last (a task run per
    # tenth of the batches opened and drained them ten times); the progress in the UI moves a tenth at a time
    progress = create_progress_artifact(0.0, description=f"Gửi thông báo: {opened['messages']} thư")
    sent = send_queued_mail(document_id=document_id, progress_artifact=progress, progress_total=opened["messages"])
    update_progress_artifact(progress, 100.0)
    for p in parents:
        send_queued_mail(document_id=p["document_id"])  # the receipt each parent's office gives the issuer
    # Publish: this plan, and each parent's, whose tree of plans now reaches one level further
    publish_plan_artifacts(document_id)
    for p in parents:
        publish_plan_artifacts(p["document_id"])
        publish_tree_artifact(p["document_id"])
    return {**opened, "send": sent, "parents": parents, "mail_failures": list_mail_failures(document_id)}
