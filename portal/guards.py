"""What a request must pass before the portal reads its body: same origin, and the upload rate limits."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from starlette.requests import Request

from kehoach.settings import get_settings
from models.db import session_scope, write_scope
from models.rates import hit_rates, purge_rates

KEEP_MINUTES = 5


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def cross_site(request: Request) -> bool:
    """Return True for a POST another site's page made (Sec-Fetch-Site, else Origin); tools that send neither pass."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site.lower() not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False
    own = {_origin(get_settings().portal_url), _origin(f"{request.url.scheme}://{request.headers.get('host', '')}")}
    return origin.lower() not in own


def client_address(request: Request) -> str:
    """Return the client's address (uvicorn has applied X-Forwarded-For from trusted proxies only)."""
    return request.client.host if request.client else "unknown"


def wait_for_upload_slot(link_key: str, address: str) -> int:
    """Count this upload against its link and its client address; return 0 if it may go on, else seconds to wait."""
    settings = get_settings()
    now = time.time()
    window = int(now // 60)
    link_k, addr_k = f"link:{link_key}", f"addr:{address}"
    with write_scope() as session:
        counts = hit_rates(session=session, keys=[link_k, addr_k], window=window)
    over_link = counts.get(link_k, 0) > settings.portal_uploads_per_link_per_minute
    over_addr = counts.get(addr_k, 0) > settings.portal_uploads_per_address_per_minute
    return 60 - int(now % 60) if over_link or over_addr else 0


def forget_old_counts() -> int:
    """Drop rate counts older than a few minutes."""
    with session_scope() as session:
        return purge_rates(session=session, before_window=int(time.time() // 60) - KEEP_MINUTES)
