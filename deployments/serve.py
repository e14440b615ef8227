"""Serve every deployment in `deployments.definitions` to the Prefect server at PREFECT_API_URL.

`kehoach serve` runs it; by hand: `python -m deployments.serve` from the repository root. Runs go in fresh
processes on this machine; schedules stay active when it stops (`pause_on_shutdown=False`), so they survive
a restart. The "approve-plan" deployment's run form is how a leader approves or rejects a plan from the UI, the
"review" one how a records office accepts or returns what a unit sent. The automations (`AUTOMATIONS`) are
registered here too, once their deployments are.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from pathlib import Path

from prefect.exceptions import TerminationSignal
from prefect.flows import load_flow_from_entrypoint
from prefect.runner import Runner

from deployments.automations import register_automations
from deployments.definitions import DEPLOYMENTS, Deployment

REPO = Path(__file__).resolve().parents[1]


def build(d: Deployment):
    """Load the flow from its entrypoint and describe its deployment (the flow's docstring is the description)."""
    flow = load_flow_from_entrypoint(d.entrypoint)
    return flow.to_deployment(name=d.name, schedule=d.schedule, tags=["kehoach", *d.tags])


async def forget_pool_deployments(names: list[str]) -> list[str]:
    """Delete the deployments of these names that a work pool runs; return their names.

    `kehoach serve --workers N` left them there (`deployments.pool`): registering them again here keeps the pool and
    its pull steps, and this process's runs of them crash looking for flow code. Their past runs stay.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    async with get_client() as client:
        found = await client.read_deployments(deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=names)))
        pooled = [d for d in found if d.work_pool_name]
        for d in pooled:
            await client.delete_deployment(d.id)
    return [d.name for d in pooled]


def main(argv: list[str] | None = None) -> None:
    """Register the deployments and run them in this process until stopped."""
    parser = argparse.ArgumentParser(prog="python -m deployments.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--ready-file", type=Path, help="write the served deployments here once registered")
    args = parser.parse_args(argv)
    # Entrypoints are relative to the repository root, and so is every run's working directory.
    os.chdir(REPO)
    asyncio.run(forget_pool_deployments([d.name for d in DEPLOYMENTS]))
    runner = Runner(pause_on_shutdown=False)
    ids = {d.name: runner.add_deployment(build(d)) for d in DEPLOYMENTS}
    # automations act on kehoach's events (a plan completed → tell its supervisors)
    register_automations(ids)
    if args.ready_file:
        served = [{"name": d.name, "entrypoint": d.entrypoint, "schedule": d.describe_schedule()} for d in DEPLOYMENTS]
        tmp = args.ready_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(served, ensure_ascii=False))
        tmp.replace(args.ready_file)
    try:
        asyncio.run(runner.start())
    except (KeyboardInterrupt, TerminationSignal):
        pass


if __name__ == "__main__":
    main()
