"""Open every reporting period whose time has come, for every dispatched plan, and notify the units."""

from __future__ import annotations

from prefect import flow

from tasks.followup.periods import open_due_periods
from tasks.mail import send_queued_mail
from tasks.plans.status import find_plan_id


@flow(name="open-period")
def open_period(ref: str | None = None) -> dict:
    """Open the monthly, quarterly, half-yearly and yearly periods whose ND 09 data window has begun, and the sơ kết
    and tổng kết of the year, then queue one notice per unit; running it twice opens nothing twice.

    Meant to run daily (`kehoach periods open` runs it now); notices wait for the sending window.

    Args:
        ref: only this plan (default: every dispatched plan).
    """
    # Find the plan
    document_id = find_plan_id(ref) if ref else None
    # Open periods and queue their notices, in one transaction
    opened = open_due_periods(document_id)
    # Notify (inside the sending window; otherwise the outbox keeps them for it)
    sent = send_queued_mail() if opened["queued"] else None
    return {**opened, "send": sent}
