"""Issue a plan: read it, register it, resolve who must act, put it up for approval (or approve and dispatch)."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.approve_plan import READY
from flows.dispatch_plan import dispatch_plan
from tasks.cascade import find_parent_plans, link_parent_plans
from tasks.plans.approval import decide_plan, preview_plan, submit_for_approval
from tasks.plans.read import read_plan, register_plan
from tasks.plans.status import publish_plan_artifacts


@flow(name="issue-plan")
def issue_plan(
    file: str,
    issuer: str,
    to: list[str] | None = None,
    due: date | None = None,
    yes: bool = False,
    actor: str = "người vận hành",
    allow_past: str | None = None,
    parent: str | None = None,
) -> dict:
    """Register a plan and put it up for approval; with `yes`, approve it as the operator and dispatch it.

    A rerun on the same file resumes: no second registration, no second obligations, no second notice.

    Args:
        file: path of the plan (.docx or .pdf with a text layer) on the machine that runs the flow.
        issuer: code of the issuing unit.
        to: replace the Nơi nhận with unit codes, group names, `children` or `descendants`.
        due: due date of the units' own plans (otherwise from the document, or the default).
        yes: record the operator as the approver and dispatch at once.
        actor: who runs it.
        allow_past: the reason a due date before today is wanted (otherwise such a date is refused).
        parent: REF (or số, ký hiệu) of the plan this one answers, when its căn cứ does not name it; once
            dispatched, this plan is recorded as the issuer's own plan under each parent it answers.
    """
    # Read, then resolve recipients and requirements: what is refused here leaves nothing behind
    plan = read_plan(file, store=False)
    preview = preview_plan(plan.fields, issuer, to, due, allow_past)
    parents = find_parent_plans(plan.fields, issuer, parent)
    # Register (the file is kept from here on), under the plans it answers
    reg = register_plan(plan, issuer, actor, file)
    if parents:
        link_parent_plans(reg["document_id"], parents)
    # Approval: a plan with nobody to act stays awaiting approval, with its unresolved lines shown
    status = submit_for_approval(reg["document_id"], preview, actor)
    if yes and status not in READY and preview["acting"]:
        status = decide_plan(reg["document_id"], True, actor, None, due, allow_past)
    result = {
        "ref": reg["ref"],
        "document_id": reg["document_id"],
        "so_ky_hieu": plan.fields.get("so_ky_hieu"),
        "status": status,
        "preview": preview,
        "parents": parents,
        "obligations": 0,
        "queued": 0,
    }
    if status not in READY:
        publish_plan_artifacts(reg["document_id"])
        return result
    # Dispatch
    dispatched = dispatch_plan(reg["document_id"], actor)
    return result | {
        "status": "dispatched",
        "obligations": dispatched["obligations"],
        "queued": dispatched["queued"],
        "send": dispatched["send"],
        "mail_failures": dispatched["mail_failures"],
        "parents": dispatched["parents"] or parents,
    }
