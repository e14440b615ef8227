"""Issuing a plan, one module per step: read, recipients, requirements, approval, dispatch, status."""

from tasks.plans.requirements import plan_requirements

__all__ = ["plan_requirements"]
