"""The deployments on a work pool (`python -m deployments.pool`), and a plain serve taking them back."""

from __future__ import annotations

import asyncio

from tests.paths import REPO


def test_registered_with_the_pool_then_forgotten_by_a_plain_serve(prefect_api: str) -> None:
    from prefect.client.orchestration import get_client

    from deployments.definitions import DEPLOYMENTS
    from deployments.pool import register
    from deployments.serve import forget_pool_deployments

    names = [d.name for d in DEPLOYMENTS]
    try:
        served = register("kehoach-thu-pool", REPO)
    finally:  # the harness is shared: leave no automation pointing at deployments this test deletes
        _drop_automations()
    assert [d["name"] for d in served] == names and {d["pool"] for d in served} == {"kehoach-thu-pool"}

    async def pools() -> dict[str, str | None]:
        async with get_client() as client:
            return {n: (await client.read_deployment_by_name(f"{f}/{n}")).work_pool_name for f, n in pairs}

    pairs = [(d.entrypoint.rsplit(":", 1)[1].replace("_", "-"), d.name) for d in DEPLOYMENTS]
    assert set(asyncio.run(pools()).values()) == {"kehoach-thu-pool"}
    # what `python -m deployments.serve` does first: the pool's deployments go, its own are registered after
    assert sorted(asyncio.run(forget_pool_deployments(names))) == sorted(names)
    assert asyncio.run(forget_pool_deployments(names)) == []


def _drop_automations() -> None:
    from prefect.automations import Automation

    from deployments.definitions import AUTOMATIONS

    for spec in AUTOMATIONS:
        try:
            Automation.read(name=spec.name).delete()
        except ValueError:  # not there
            pass
