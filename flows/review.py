"""A reviewer accepts or returns what a unit sent: the form a records office fills in the Prefect UI."""

from __future__ import annotations

from typing import Literal

from prefect import flow

from tasks.followup.completion import find_completed_plans
from tasks.followup.events import emit_events
from tasks.followup.review import review_submission
from tasks.followup.view import publish_followup_artifacts
from tasks.mail import send_queued_mail
from tasks.plans.status import find_plan_id


@flow(name="review")
def review(
    ref: str,
    unit: str,
    by: str,
    decision: Literal["accept", "return"] = "accept",
    reason: str | None = None,
    period: str | None = None,
    requirement: str | None = None,
) -> dict:
    """Accept (final) or return (to be completed and sent again) the newest version a unit sent; the unit is told.

    Args:
        ref: the plan's REF (or its số, ký hiệu when unique).
        unit: the unit's code.
        by: the reviewer's name.
        decision: "accept", or "return" with a reason.
        reason: what the unit must complete (required to return).
        period: which period, when the unit has several waiting (2026-03, 2026-Q1, 2026-H1, 2026).
        requirement: which requirement, when several: ke-hoach, bao-cao, so-ket, tong-ket.
    """
    # Find the plan
    document_id = find_plan_id(ref)
    # Decide
    done = review_submission(document_id, unit, decision == "accept", by, reason, period, requirement)
    # Notify the unit at once
    sent = send_queued_mail(document_id=document_id, only_urgent=True)
    # Refresh what supervisors see; an accepted last obligation completes the plan
    completed = find_completed_plans([document_id])
    if completed:
        emit_events(completed)
    publish_followup_artifacts([document_id])
    return {**done, "send": sent, "completed": bool(completed)}
