"""At each period's end, draft the compiled report of every issued plan and mail it to its issuer."""

from __future__ import annotations

from prefect import flow

from flows.compile_report import compile_report
from tasks.report_drafts import list_due_drafts


@flow(name="compile-due-reports")
def compile_due_reports() -> dict:
    """Draft, once, the report of each plan's requirement and period whose every obligation is now past due.

    Meant to run every morning; a period already drafted by this schedule is not drafted again.
    """
    # Find what is due
    due = list_due_drafts()
    # Compile each (a subflow each: a handful a day, each with its own run and artifact in the UI)
    drafts = [compile_report(d["ref"], d["period"], d["kind"], by="lịch tổng hợp", scheduled=True) for d in due]
    return {"drafted": len(drafts), "drafts": [{"ref": d["ref"], "period": d["period"]} for d in drafts]}
