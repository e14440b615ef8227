"""Register the automations of `deployments.definitions` with the Prefect server (created, or updated by name)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from prefect.automations import Automation, EventTrigger, RunDeployment

from deployments.definitions import AUTOMATIONS, AutomationSpec


def build_automation(spec: AutomationSpec, deployment_id: UUID) -> Automation:
    """Return the automation: each `spec.event` on a kehoach plan runs the deployment once."""
    return Automation(
        name=spec.name,
        description=f"Khi có sự kiện {spec.event}: chạy {spec.deployment}.",
        enabled=True,
        trigger=EventTrigger(
            expect={spec.event},
            match={"prefect.resource.id": "kehoach.plan.*"},
            posture="Reactive",
            threshold=1,
            within=timedelta(0),
        ),
        actions=[RunDeployment(source="selected", deployment_id=deployment_id, parameters=spec.parameters)],
    )


def register_automations(deployment_ids: dict[str, UUID]) -> list[str]:
    """Create or update every automation whose deployment is served; return their names."""
    names = []
    for spec in AUTOMATIONS:
        if spec.deployment not in deployment_ids:
            continue
        wanted = build_automation(spec, deployment_ids[spec.deployment])
        try:
            current = Automation.read(name=spec.name)
        except ValueError:
            wanted.create()
        else:
            wanted.id = current.id
            wanted.update()
        names.append(spec.name)
    return names
