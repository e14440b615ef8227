"""Render the portal's pages from templates/portal (Jinja, autoescaped, NFC) with their security headers."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kehoach import clock
from tasks.links import INVALID

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "portal"


def vn_date(value: date | datetime | None) -> str:
    """'ngày 05 tháng 02 năm 2023' (Nghị định 30)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = clock.as_vn(value).date()
    return clock.vn_date_long(value)


def vn_time(value: datetime | None) -> str:
    """'09:15 ngày 23 tháng 11 năm 2026', in Vietnam time."""
    if value is None:
        return "—"
    t = clock.as_vn(value)
    return f"{t:%H:%M} {clock.vn_date_long(t.date())}"


def vn_short_time(value: datetime | None) -> str:
    """'09:15 23/11/2026', in Vietnam time (tables)."""
    return f"{clock.as_vn(value):%H:%M %d/%m/%Y}" if value is not None else ""


def vn_size(n: int | None) -> str:
    """'45,2 KB', '20 MB' (a decimal comma)."""
    if n is None:
        return ""
    if n < 1024:
        return f"{n} byte"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB".replace(".", ",")
    mb = n / 1048576
    return (f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB").replace(".", ",")


def percent(x: float) -> str:
    """'87,5%'."""
    return f"{x * 100:.1f}%".replace(".", ",").replace(",0%", "%")


@lru_cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every page is HTML: whatever a person typed is shown as text
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates change with a release, not while serving: no stat() per page
    )
    env.filters.update(ngay=vn_date, gio=vn_time, gio_ngan=vn_short_time, dung_luong=vn_size, phan_tram=percent)
    return env


def render(request: Request, template: str, status_code: int = 200, **context: object) -> HTMLResponse:
    """Return a page: NFC text, the request's CSP nonce on its one <style>, never cached (links carry secrets)."""
    nonce = getattr(request.state, "csp_nonce", "")
    html = _env().get_template(template).render(csp_nonce=nonce, **context)
    return HTMLResponse(
        unicodedata.normalize("NFC", html),
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


def invalid_link(request: Request) -> Response:
    """The one page for a tampered, revoked, recalled or unknown link: nothing tells them apart."""
    return message(
        request, 404, "Đường dẫn không dùng được", INVALID, "Nếu cần nộp văn bản, hãy mở lại đúng thư mới nhất."
    )


def message(
    request: Request,
    status: int,
    title: str,
    text: str,
    next_step: str = "",
    *,
    tone: str = "bad",
    back_url: str = "",
    back_label: str = "Quay lại",
    headers: dict | None = None,
) -> Response:
    """Return a page that says what happened and what to do next."""
    resp = render(
        request,
        "message.html.j2",
        status,
        title=title,
        message=text,
        next_step=next_step,
        tone=tone,
        back_url=back_url,
        back_label=back_label,
    )
    resp.headers.update(headers or {})
    return resp
