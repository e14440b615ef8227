"""Pass the open obligations of units that have ceased to their successors (the 2025 reorganisation, mergers)."""

from __future__ import annotations

from prefect import flow

from tasks.mail import send_queued_mail
from tasks.plans.status import publish_plan_artifacts
from tasks.succession import pass_to_successors as pass_on


@flow(name="pass-to-successors")
def pass_to_successors(actor: str = "hệ thống") -> dict:
    """Give each successor, once, what the units it took over still owe, with its own link; keep their history.

    Meant to run every morning, and right after a merger is recorded; a second run finds nothing to pass.

    Args:
        actor: who runs it (kept in the audit log).
    """
    # Pass on
    done = pass_on(actor)
    # Notify the successors
    sent = send_queued_mail(only_urgent=True) if done["queued"] else None
    # Publish the plans that changed
    for document_id in done["plans"]:
        publish_plan_artifacts(document_id)
    return done | {"send": sent}
