"""Events to Prefect (kept only days there: the database stays the source of truth), with the plan and the unit
as resources so that automations and the event feed can follow either."""

from __future__ import annotations

import logging

from prefect import task

from kehoach.settings import get_settings

log = logging.getLogger("kehoach.events")

SUBMISSION_RECEIVED = "kehoach.submission.received"
OBLIGATION_OVERDUE = "kehoach.obligation.overdue"
PLAN_COMPLETED = "kehoach.plan.completed"


def plan_resource(ref: str, so_ky_hieu: str | None) -> dict[str, str]:
    """Return a plan as an event's resource: `kehoach.plan.<ref>`."""
    return {"prefect.resource.id": f"kehoach.plan.{ref}", "prefect.resource.name": so_ky_hieu or ref}


def unit_related(code: str, name: str) -> dict[str, str]:
    """Return a unit as an event's related resource (role `unit`): `kehoach.unit.<code>`."""
    return {
        "prefect.resource.id": f"kehoach.unit.{code}",
        "prefect.resource.role": "unit",
        "prefect.resource.name": name,
    }


def event(name: str, *, ref: str, so_ky_hieu: str | None, unit: tuple[str, str] | None, payload: dict) -> dict:
    """Return one event to emit: its name, the plan as resource, the unit as related resource, a payload."""
    return {
        "event": name,
        "resource": plan_resource(ref, so_ky_hieu),
        "related": [unit_related(*unit)] if unit else [],
        "payload": {"ref": ref, **payload},
    }


@task(name="emit-events")
def emit_events(events: list[dict]) -> dict:
    """Send events to Prefect, at most `events_max_per_run` of them; return how many went and how many did not.

    Args:
        events: as `event()` returns them.
    """
    from prefect.events import emit_event

    cap = get_settings().events_max_per_run
    sent = 0
    for e in events[:cap]:
        if emit_event(**e) is not None:
            sent += 1
    if len(events) > cap:
        log.warning("%d events not sent (events_max_per_run=%d): the database keeps them all", len(events) - cap, cap)
    return {"sent": sent, "left": max(0, len(events) - cap)}
