"""Collect what units sent: read it, acknowledge it, tell Prefect, refresh what supervisors see."""

from __future__ import annotations

from prefect import flow

from tasks.followup.collect import collect_submissions
from tasks.followup.completion import find_completed_plans
from tasks.followup.events import emit_events
from tasks.followup.view import publish_followup_artifacts
from tasks.mail import send_queued_mail


@flow(name="collect")
def collect(batch: int | None = None) -> dict:
    """Take in new submissions from the portal and the CLI in batches, send every receipt not yet sent, warn the
    reviewer of files that do not fit their obligation, and refresh the plans they touch.

    Meant to run every few minutes (`kehoach collect` runs it now).

    Args:
        batch: submissions per batch (default: the `collect_batch` setting).
    """
    # Read and take in new submissions (content checked against the obligation)
    got = collect_submissions(batch)
    # Acknowledge: receipts go at once, whatever the hour
    sent = send_queued_mail(only_urgent=True)
    # Tell Prefect
    emitted = emit_events(got["events"])
    # Refresh what supervisors see
    plans = got["document_ids"]
    completed = find_completed_plans(plans) if plans else []
    if completed:
        emit_events(completed)
    if plans:
        publish_followup_artifacts(plans)
    return {
        "read": got["read"],
        "collected": got["collected"],
        "warned": got["warned"],
        "plans": plans,
        "send": sent,
        "events": emitted["sent"],
    }
