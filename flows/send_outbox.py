"""Send what is due in the outbox: retries whose backoff has passed, and chasing once the sending window opens."""

from __future__ import annotations

from prefect import flow

from tasks.mail import send_queued_mail


@flow(name="send-outbox")
def send_outbox(only_urgent: bool = False) -> dict:
    """Send every message the outbox holds that is due now, resuming whatever a crash left mid-way.

    Meant to run on a schedule (every few minutes): 4xx answers wait with backoff in the outbox, and reminders,
    chasing and digests wait there for the sending window.

    Args:
        only_urgent: send only notices, receipts and other kinds that do not wait for the window.
    """
    # Notify
    return send_queued_mail(only_urgent=only_urgent)
