"""The deployments list: every entrypoint loads the flow it names, and the schedules are Vietnam time."""

from __future__ import annotations

import pytest
from prefect.flows import load_flow_from_entrypoint

from deployments.definitions import DEPLOYMENTS, TIMEZONE


@pytest.mark.parametrize("d", DEPLOYMENTS, ids=lambda d: d.name)
def test_entrypoint_loads_the_flow_of_that_name(d, monkeypatch) -> None:
    from tests.paths import REPO

    monkeypatch.chdir(REPO)  # entrypoints are relative to the repository root, as the served process runs
    flow = load_flow_from_entrypoint(d.entrypoint)
    assert flow.name == d.name
    assert flow.description  # the docstring is the deployment's description in the UI


def test_names_are_unique_and_the_issue_lists_them() -> None:
    names = [d.name for d in DEPLOYMENTS]
    assert len(set(names)) == len(names)
    assert {"issue-plan", "approve-plan", "dispatch-plan", "send-outbox"} <= set(names)


def test_send_outbox_every_five_minutes_vietnam_time() -> None:
    (send,) = [d for d in DEPLOYMENTS if d.name == "send-outbox"]
    assert (send.schedule.cron, send.schedule.timezone) == ("*/5 * * * *", "Asia/Ho_Chi_Minh")
    assert all(d.schedule.timezone == TIMEZONE for d in DEPLOYMENTS if d.schedule)


def test_approve_plan_form_asks_for_the_ref_and_the_leader() -> None:
    from tests.paths import REPO

    (approve,) = [d for d in DEPLOYMENTS if d.name == "approve-plan"]
    flow = load_flow_from_entrypoint(str(REPO / approve.entrypoint))
    schema = flow.parameters
    assert {"ref", "by"} <= set(schema.required)


def test_follow_up_flows_are_deployed_on_their_schedules() -> None:
    by_name = {d.name: d for d in DEPLOYMENTS}
    assert {"collect", "review", "open-period", "watch-deadlines", "plan-completed"} <= set(by_name)
    cron = {n: (d.schedule.cron, d.schedule.timezone) for n, d in by_name.items() if d.schedule}
    assert cron["watch-deadlines"] == ("0 7 * * *", TIMEZONE)  # the flow skips days off, works make-up Saturdays
    assert cron["open-period"] == ("30 6 * * *", TIMEZONE)
    assert cron["collect"] == ("*/5 * * * *", TIMEZONE)
    assert by_name["review"].schedule is None and by_name["plan-completed"].schedule is None


def test_review_form_asks_for_the_unit_and_a_decision() -> None:
    from tests.paths import REPO

    (review,) = [d for d in DEPLOYMENTS if d.name == "review"]
    schema = load_flow_from_entrypoint(str(REPO / review.entrypoint)).parameters
    assert {"ref", "unit", "by"} <= set(schema.required)
    decision = schema.properties["decision"]
    assert decision.get("enum") == ["accept", "return"] or "accept" in str(schema.definitions)


def test_the_automation_runs_plan_completed_on_its_event() -> None:
    from uuid import uuid4

    from deployments.automations import build_automation
    from deployments.definitions import AUTOMATIONS

    (spec,) = AUTOMATIONS
    deployment_id = uuid4()
    automation = build_automation(spec, deployment_id)
    assert automation.trigger.expect == {"kehoach.plan.completed"}
    (action,) = automation.actions
    assert action.deployment_id == deployment_id and action.parameters == {"ref": "{{ event.payload.ref }}"}
    assert spec.deployment in {d.name for d in DEPLOYMENTS}
