"""A leader's decision on a plan waiting for approval: the form a leader fills in the Prefect UI."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.dispatch_plan import dispatch_plan
from tasks.plans.approval import decide_plan
from tasks.plans.status import find_plan_id, publish_plan_artifacts

READY = ("approved", "dispatched")


@flow(name="approve-plan")
def approve_plan(
    ref: str,
    by: str,
    approve: bool = True,
    reason: str | None = None,
    due: date | None = None,
    allow_past: bool = False,
) -> dict:
    """Record a leader's decision on a plan waiting for approval; on approval, dispatch it.

    Args:
        ref: the plan's REF (or its số, ký hiệu when unique).
        by: the leader's name.
        approve: False to reject (then `reason` is required).
        reason: why it is rejected.
        due: due date of the units' own plans, replacing the one worked out.
        allow_past: accept a due date before today; `reason` then says why (kept in the audit log).
    """
    # Find the plan
    document_id = find_plan_id(ref)
    # Decide
    status = decide_plan(document_id, approve, by, reason, due, reason if allow_past else None)
    if status not in READY:
        publish_plan_artifacts(document_id)
        return {"status": status}
    # Dispatch
    return {"status": "dispatched", **dispatch_plan(document_id, by)}
