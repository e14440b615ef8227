"""Register every deployment in `deployments.definitions` with a process work pool, for workers on any machine.

    python -m deployments.pool [--pool KEHOACH_WORK_POOL] [--dir /srv/kehoach] [--ready-file F]

Run from the repository root against the Prefect server at PREFECT_API_URL. The pool (type process) is created
when missing. Each run then starts in a fresh process on whichever worker takes it
(`prefect worker start --pool kehoach`, on this machine or another), in `--dir`: the checkout every worker
machine keeps at the same path (this one, by default). A worker's runs read kehoach's settings from the worker's
environment: the same KEHOACH_DATABASE_URL (PostgreSQL), KEHOACH_FILES_DIR (storage every worker reaches),
KEHOACH_SECRET_KEY and SMTP settings on every machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from prefect import Flow
from prefect.runner.storage import LocalStorage

from deployments.automations import register_automations
from deployments.definitions import DEPLOYMENTS, Deployment
from kehoach.settings import get_settings

REPO = Path(__file__).resolve().parents[1]
POOL = get_settings().work_pool


async def ensure_pool(name: str) -> bool:
    """Create the process work pool `name` unless it exists; return True when this call created it."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.workers.process import ProcessWorker

    async with get_client() as client:
        try:
            await client.read_work_pool(name)
            return False
        except ObjectNotFound:
            pass
        template = ProcessWorker.get_default_base_job_template()
        try:
            await client.create_work_pool(WorkPoolCreate(name=name, type="process", base_job_template=template))
        except ObjectAlreadyExists:  # another machine created it meanwhile
            return False
        return True


def to_pool_deployment(d: Deployment, directory: Path):
    """Describe a deployment whose runs start in `directory` (the flow's docstring is the description)."""
    flow = Flow.from_source(source=LocalStorage(str(directory)), entrypoint=d.entrypoint)
    return flow.to_deployment(name=d.name, schedule=d.schedule, tags=["kehoach", *d.tags])


def register(pool: str = POOL, directory: Path = REPO) -> list[dict]:
    """Create the pool if needed, register every deployment with it and the automations; return what was registered."""
    from prefect.deployments.runner import deploy

    asyncio.run(ensure_pool(pool))
    deployments = [to_pool_deployment(d, directory) for d in DEPLOYMENTS]
    ids = deploy(
        *deployments,
        work_pool_name=pool,
        build=False,
        push=False,
        print_next_steps_message=False,
        ignore_warnings=True,
    )
    # automations act on kehoach's events (a plan completed → tell its supervisors), as under `deployments.serve`
    register_automations({d.name: i for d, i in zip(DEPLOYMENTS, ids, strict=True)})
    return [
        {"name": d.name, "entrypoint": d.entrypoint, "schedule": d.describe_schedule(), "pool": pool}
        for d in DEPLOYMENTS
    ]


def main(argv: list[str] | None = None) -> None:
    """Register the deployments with the work pool, then exit (the workers run them)."""
    parser = argparse.ArgumentParser(prog="python -m deployments.pool", description=__doc__.splitlines()[0])
    parser.add_argument("--pool", default=POOL, help="work pool name (created when missing)")
    parser.add_argument("--dir", type=Path, default=REPO, help="the checkout every worker runs flows from")
    parser.add_argument("--ready-file", type=Path, help="write the registered deployments here")
    args = parser.parse_args(argv)
    served = register(args.pool, args.dir.resolve())
    if args.ready_file:
        tmp = args.ready_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(served, ensure_ascii=False))
        tmp.replace(args.ready_file)
    for d in served:
        print(f"{d['name']} → work pool {d['pool']}" + (f", lịch {d['schedule']}" if d["schedule"] else ""))


if __name__ == "__main__":
    main()
