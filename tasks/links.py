"""Signed links: each bound to one obligation, one unit and one link version; revoked by bumping the version."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from kehoach.settings import get_settings

SIG_BYTES = 16


def _sig(payload: str) -> str:
    mac = hmac.new(get_settings().signing_key(), payload.encode(), hashlib.sha256).digest()[:SIG_BYTES]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def sign_link(obligation_token: str, unit_id: int, version: int) -> str:
    """Return the signed token for a unit's link to an obligation."""
    payload = f"{obligation_token}.{unit_id}.{version}"
    return f"{payload}.{_sig(payload)}"


def link_url(obligation) -> str:  # noqa: ANN001 — an Obligation row
    """Return the full upload link for an obligation (portal URL + signed token)."""
    base = get_settings().portal_url.rstrip("/")
    return f"{base}/nop/{sign_link(obligation.token, obligation.unit_id, obligation.link_version)}"


@dataclass(frozen=True)
class LinkClaim:
    obligation_token: str
    unit_id: int
    version: int


def read_link(token: str) -> LinkClaim | None:
    """Return what a link claims if its signature holds, else None (one answer for every bad link)."""
    parts = (token or "").split(".")
    if len(parts) != 4:
        return None
    ob_token, unit_id, version, sig = parts
    if not hmac.compare_digest(sig, _sig(f"{ob_token}.{unit_id}.{version}")):
        return None
    try:
        return LinkClaim(ob_token, int(unit_id), int(version))
    except ValueError:
        return None


def verify_link(token: str, *, obligation) -> bool:  # noqa: ANN001
    """Return True when a link is signed, names this obligation and unit, and has not been revoked."""
    claim = read_link(token)
    return (
        claim is not None
        and obligation is not None
        and claim.obligation_token == obligation.token
        and claim.unit_id == obligation.unit_id
        and claim.version == obligation.link_version
    )
