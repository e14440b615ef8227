"""Recall (thu hồi) a plan sent in error, from the CLI or the Prefect UI's run form."""

from __future__ import annotations

from prefect import flow

from tasks.mail import send_queued_mail
from tasks.plans.recall import recall_plan as recall
from tasks.plans.status import find_plan_id, publish_plan_artifacts


@flow(name="recall-plan")
def recall_plan(ref: str, reason: str, by: str) -> dict:
    """Recall a plan: cancel its open obligations, revoke every link, tell every recipient once.

    A recalled plan refuses every later step (approval, dispatch, resend, submission, extension).

    Args:
        ref: the plan's REF (or its số, ký hiệu when unique).
        reason: why it is recalled (told to every recipient, kept in the audit log).
        by: who decided the recall.
    """
    # Find the plan
    document_id = find_plan_id(ref)
    # Recall: state, obligations, links and the queue in one transaction
    done = recall(document_id, by, reason)
    # Notify every recipient
    sent = send_queued_mail(document_id=document_id)
    # Publish
    publish_plan_artifacts(document_id)
    return done | {"send": sent}
