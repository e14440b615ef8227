"""Signed links: each bound to one obligation, one unit and one link version; revoked by bumping the version."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from kehoach.settings import get_settings

SIG_BYTES = 16
# One answer for a tampered, revoked, recalled or unknown link: the page must not tell them apart.
INVALID = "Đường dẫn không hợp lệ hoặc không còn hiệu lực. Xin liên hệ văn thư cơ quan đã gửi thư cho đơn vị."


_KEY: tuple[object, bytes] | None = None  # (the settings it was read for, the key)


def _signing_key() -> bytes:
    """Return the signing key, read once per settings object (the watch signs thousands of links a run)."""
    global _KEY
    settings = get_settings()
    if _KEY is None or _KEY[0] is not settings:
        _KEY = (settings, settings.signing_key())
    return _KEY[1]


def _sig(payload: str) -> str:
    mac = hmac.new(_signing_key(), payload.encode(), hashlib.sha256).digest()[:SIG_BYTES]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def sign_link(obligation_token: str, unit_id: int, version: int) -> str:
    """Return the signed token for a unit's link to an obligation."""
    payload = f"{obligation_token}.{unit_id}.{version}"
    return f"{payload}.{_sig(payload)}"


def link_url(obligation) -> str:  # an Obligation row (token, unit_id, link_version)
    """Return the full upload link for an obligation (portal URL + signed token)."""
    base = get_settings().portal_url.rstrip("/")
    return f"{base}/nop/{sign_link(obligation.token, obligation.unit_id, obligation.link_version)}"


@dataclass(frozen=True)
class LinkClaim:
    obligation_token: str
    unit_id: int
    version: int


def read_link(token: str) -> LinkClaim | None:
    """Return what a link claims if its signature holds, else None."""
    parts = (token or "").split(".")
    if len(parts) != 4:
        return None
    ob_token, unit_id, version, sig = parts
    if not hmac.compare_digest(sig.encode(), _sig(f"{ob_token}.{unit_id}.{version}").encode()):
        return None
    try:
        return LinkClaim(ob_token, int(unit_id), int(version))
    except ValueError:
        return None


@dataclass(frozen=True)
class LinkCheck:
    """What a link opens: nothing (`valid` False, one message), a read-only page, or a page that takes uploads."""

    valid: bool
    message: str = INVALID
    obligation_id: int | None = None
    document_id: int | None = None
    unit_id: int | None = None
    writable: bool = False  # uploads allowed: on or before the lock date
    lock_date: date | None = None
    contact: str | None = None  # the issuing office: whom to ask once the period is locked


def verify_link(token: str) -> LinkCheck:
    """Check a link against its obligation: signed, same unit, not revoked, plan not recalled; say if it is locked."""
    from kehoach import clock
    from kehoach.clock import vn_date_long
    from models.db import session_scope
    from models.states import DocumentStatus, ObligationState
    from models.submissions import get_link_target

    claim = read_link(token)
    if claim is None:
        return LinkCheck(valid=False)
    with session_scope() as session:
        ob = get_link_target(session=session, token=claim.obligation_token)
    if ob is None or ob.unit_id != claim.unit_id or ob.link_version != claim.version:
        return LinkCheck(valid=False)
    # a cancelled obligation, or one passed to a successor, has no page: the successor has its own link
    gone = (ObligationState.cancelled, ObligationState.transferred)
    if ob.document_status == DocumentStatus.recalled or ob.state in gone:
        return LinkCheck(valid=False)
    contact = None
    if ob.issuer_name is not None:
        emails = [e.strip() for e in (ob.issuer_emails or "").split(",") if e.strip()]
        contact = ob.issuer_name + (f" ({', '.join(emails)})" if emails else "")
    base = {
        "obligation_id": ob.obligation_id,
        "document_id": ob.document_id,
        "unit_id": ob.unit_id,
        "lock_date": ob.lock_date,
        "contact": contact,
    }
    who = f" Đơn vị liên hệ văn thư {contact}." if contact else " Đơn vị liên hệ văn thư cơ quan đã gửi thư."
    if ob.state == ObligationState.exempt:
        return LinkCheck(valid=True, writable=False, message="Đơn vị được miễn nộp kỳ này." + who, **base)
    if clock.today() > ob.lock_date:
        locked = f"Kỳ báo cáo đã khóa: nhận bản nộp đến hết {vn_date_long(ob.lock_date)}."
        return LinkCheck(valid=True, writable=False, message=locked + who, **base)
    return LinkCheck(valid=True, writable=True, message="", **base)


def revoke_links(obligation_ids: list[int]) -> int:
    """Invalidate every link sent so far for these obligations (recall, re-issue); return how many were revoked."""
    from kehoach import clock
    from models.db import session_scope
    from models.obligations import bump_link_versions

    with session_scope() as session:
        return bump_link_versions(session=session, obligation_ids=obligation_ids, now=clock.now())


# A supervisor's link opens one plan's status page. Its MAC covers a purpose prefix a unit link's payload never
# has, so no unit link (nor a piece of one) is ever a valid supervisor link.
SUPERVISOR_PURPOSE = "theo-doi:"


def sign_supervisor_link(plan_ref: str) -> str:
    """Return the signed token of a plan's supervisor link."""
    return f"{plan_ref}.{_sig(SUPERVISOR_PURPOSE + plan_ref)}"


def supervisor_url(document) -> str:  # a Document row (ref)
    """Return the full link to a plan's status page for supervisors."""
    base = get_settings().portal_url.rstrip("/")
    return f"{base}/theo-doi/{sign_supervisor_link(document.ref)}"


def verify_supervisor_link(token: str) -> int | None:
    """Return the plan a supervisor link opens, or None when it is tampered, unknown or the plan was recalled."""
    from models.db import session_scope
    from models.documents import get_document_by_ref
    from models.states import DocumentStatus

    parts = (token or "").split(".")
    if len(parts) != 2 or not parts[0]:
        return None
    ref, sig = parts
    if not hmac.compare_digest(sig.encode(), _sig(SUPERVISOR_PURPOSE + ref).encode()):
        return None
    with session_scope() as session:
        doc = get_document_by_ref(session=session, ref=ref)
        if doc is None or doc.status == DocumentStatus.recalled:
            return None
        return doc.id
