"""Watch every deadline: remind before, chase after, the weekly digest, and the Công văn đôn đốc on request."""

from __future__ import annotations

from prefect import flow

from tasks.followup.chase import chase_due_and_late
from tasks.followup.completion import find_completed_plans
from tasks.followup.digest import queue_digests
from tasks.followup.events import emit_events
from tasks.followup.letter import write_chase_letter
from tasks.followup.view import publish_followup_artifacts
from tasks.mail import send_queued_mail
from tasks.plans.status import find_followed_plans, find_plan_id


@flow(name="watch-deadlines")
def watch_deadlines(letter: str | None = None, send: bool = True) -> dict:
    """Queue today's reminders and chasing notices (one message per unit), the weekly digest to each plan's
    supervisors, and refresh every open plan's view; with `letter`, write that plan's Công văn đôn đốc instead.

    Meant to run each working day at 07:00 (`kehoach watch` runs it now); running it twice on a day sends nothing
    new, and messages wait for the sending window.

    Args:
        letter: the REF of a plan whose late units get a Công văn đôn đốc (only the letter is written).
        send: send what is due at once (inside the sending window); otherwise `send-outbox` does.
    """
    if letter:
        # Write the Công văn đôn đốc
        return {"letter": write_chase_letter(find_plan_id(letter))}
    # Remind and chase, one message per unit
    chased = chase_due_and_late()
    # Digest to supervisors, weekly while some are late
    digests = queue_digests()
    # Notify
    sent = send_queued_mail() if send and (chased["queued"] or digests["queued"]) else None
    # Tell Prefect, and refresh what supervisors see
    emitted = emit_events(chased["events"])
    plans = find_followed_plans()
    completed = find_completed_plans(plans)
    if completed:
        emit_events(completed)
    publish_followup_artifacts(plans)
    return {
        "working_day": chased["working_day"],
        "reminders": chased["reminders"],
        "overdue": chased["overdue"],
        "units": chased["units"],
        "queued": chased["queued"] + digests["queued"],
        "digests": digests["plans"],
        "send": sent,
        "events": emitted["sent"],
        "plans": len(plans),
        "completed": [e["payload"]["ref"] for e in completed],
    }
