"""Tell a plan's supervisors that everything it asked for is in: run by an automation on kehoach.plan.completed."""

from __future__ import annotations

from prefect import flow

from tasks.followup.completion import queue_completion_notice
from tasks.mail import send_queued_mail


@flow(name="plan-completed")
def plan_completed(ref: str) -> dict:
    """Queue the message that tells a completed plan's supervisors everything is in, and send it in the window.

    Args:
        ref: the plan's REF (the automation passes it from the event).
    """
    # Notify the supervisors
    queued = queue_completion_notice(ref)
    sent = send_queued_mail() if queued["queued"] else None
    return {**queued, "send": sent}
