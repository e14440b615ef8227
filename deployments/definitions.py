"""Every deployment kehoach serves, in one list: a later issue adds its flow here with one line."""

from __future__ import annotations

from dataclasses import dataclass

from prefect.schedules import Cron, Schedule

TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Deployment:
    """A flow named by its entrypoint (`flows/x.py:x`), served as `name`, on `schedule` when it has one."""

    name: str
    entrypoint: str
    schedule: Schedule | None = None
    tags: tuple[str, ...] = ()

    def describe_schedule(self) -> str | None:
        """Return the schedule in words (cron and time zone), or None."""
        if self.schedule is None:
            return None
        return f"{self.schedule.cron} ({self.schedule.timezone})" if self.schedule.cron else str(self.schedule)


DEPLOYMENTS: tuple[Deployment, ...] = (
    Deployment("issue-plan", "flows/issue_plan.py:issue_plan"),
    # the leader's form in the UI: Run → REF, name, approve or reject
    Deployment("approve-plan", "flows/approve_plan.py:approve_plan", tags=("approval",)),
    Deployment("dispatch-plan", "flows/dispatch_plan.py:dispatch_plan"),
    Deployment("send-outbox", "flows/send_outbox.py:send_outbox", Cron("*/5 * * * *", timezone=TIMEZONE)),
    # the records office withdraws a plan sent in error: Run → REF, reason, name
    Deployment("recall-plan", "flows/recall_plan.py:recall_plan", tags=("approval",)),
    # each morning, what units that ceased still owe goes to their successors (once per successor)
    Deployment(
        "pass-to-successors", "flows/pass_to_successors.py:pass_to_successors", Cron("0 6 * * *", timezone=TIMEZONE)
    ),
    # an office asks for a draft from the UI: Run → REF, period, kind
    Deployment("compile-report", "flows/compile_report.py:compile_report"),
    # each morning, the draft of every period whose units' reports are all past due, to its issuer
    Deployment(
        "compile-due-reports",
        "flows/compile_due_reports.py:compile_due_reports",
        Cron("30 6 * * *", timezone=TIMEZONE),
    ),
    # follow-up: what a records office does every day after a plan goes out
    Deployment("collect", "flows/collect.py:collect", Cron("*/5 * * * *", timezone=TIMEZONE)),
    # the reviewer's form in the UI: Run → REF, unit, accept or return with the reason
    Deployment("review", "flows/review.py:review", tags=("review",)),
    Deployment("open-period", "flows/open_period.py:open_period", Cron("30 6 * * *", timezone=TIMEZONE)),
    # every day at 07:00: the flow itself does nothing on a day off and works on a make-up Saturday
    Deployment("watch-deadlines", "flows/watch_deadlines.py:watch_deadlines", Cron("0 7 * * *", timezone=TIMEZONE)),
    # run by the automation below when a plan completes
    Deployment("plan-completed", "flows/plan_completed.py:plan_completed", tags=("automation",)),
)


@dataclass(frozen=True)
class AutomationSpec:
    """When an event named `event` comes, run the deployment `deployment` with `parameters` (Jinja on the event)."""

    name: str
    event: str
    deployment: str
    parameters: dict


AUTOMATIONS: tuple[AutomationSpec, ...] = (
    AutomationSpec(
        "kehoach: báo lãnh đạo khi kế hoạch hoàn thành",
        "kehoach.plan.completed",
        "plan-completed",
        {"ref": "{{ event.payload.ref }}"},
    ),
)
