"""Issuing a plan, one module per step: read, recipients, requirements, approval, dispatch, status."""
