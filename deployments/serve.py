"""Serve kehoach's flows to a Prefect server, so operators and leaders can run them from the UI.

Run from the repository root: `python -m deployments.serve` (with PREFECT_API_URL pointing at the server).
The "approve-plan" deployment's run form is how a leader approves or rejects a plan from the UI.
"""

from __future__ import annotations

from prefect import serve

from flows.approve_plan import approve_plan
from flows.issue_plan import issue_plan


def main() -> None:
    """Register the deployments and run them in this process until stopped."""
    serve(
        issue_plan.to_deployment(name="issue-plan", tags=["kehoach"]),
        approve_plan.to_deployment(name="approve-plan", tags=["kehoach", "approval"]),
        pause_on_shutdown=False,
    )


if __name__ == "__main__":
    main()
