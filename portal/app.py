"""The portal: FastAPI app, server-rendered pages, no JavaScript. Run with `python -m portal` or `kehoach portal`."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kehoach.settings import get_settings
from portal import supervisor_routes, unit_routes
from portal.followup import Followup
from portal.pages import invalid_link, message, render

log = logging.getLogger("kehoach.portal")

# No script at all; the one inline <style> carries the request's nonce; forms post only to this site.
CSP = (
    "default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # a link's token never leaks to another site (and Origin stays real)
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


RAW_HEADERS = tuple((k.lower().encode(), v.encode()) for k, v in HEADERS.items())


class SecurityHeaders:
    """Give each request a CSP nonce and every response the security headers (pure ASGI: bodies stream through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["csp_nonce"] = nonce

        csp = (b"content-security-policy", CSP.format(nonce=nonce).encode())

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # appended as raw pairs: no route sets these, and parsing the headers cost more than the page
                message["headers"] = [*message.get("headers", ()), *RAW_HEADERS, csp]
            await send(message)

        await self.app(scope, receive, send_with_headers)


TOKEN_IN_PATH = re.compile(r"/(nop|theo-doi)/([^/?\s]{6})[^/?\s]*")


class RedactLinks(logging.Filter):
    """Keep links' secrets out of the access log: /nop/<token> is logged as /nop/<first 6 characters>…."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(TOKEN_IN_PATH.sub(r"/\1/\2…", a) if isinstance(a, str) else a for a in record.args)
        return True


def configure_logging() -> None:
    """Log uvicorn's lines and ours at INFO through a plain handler (importing Prefect routes uvicorn's loggers
    through its rich console handler at WARNING, which is both silent and costly)."""
    from uvicorn.logging import AccessFormatter, DefaultFormatter

    for name, formatter in (
        ("uvicorn", DefaultFormatter("%(levelprefix)s %(message)s")),
        ("uvicorn.access", AccessFormatter('%(levelprefix)s %(client_addr)s - "%(request_line)s" %(status_code)s')),
        ("kehoach", DefaultFormatter("%(levelprefix)s %(name)s: %(message)s")),
    ):
        handler = logging.StreamHandler()
        handler.setFormatter(formatter)
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
        if name == "uvicorn.access":
            handler.addFilter(RedactLinks())


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    configure_logging()
    worker = Followup() if get_settings().portal_followup_s > 0 else None
    if worker is not None:
        worker.start()
    try:
        yield
    finally:
        if worker is not None:
            worker.stop()


app = FastAPI(title="kehoach — cổng nộp", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
app.add_middleware(SecurityHeaders)
app.include_router(unit_routes.router)
app.include_router(supervisor_routes.router)

STATUS_PAGES = {
    404: ("Không có trang này", "Địa chỉ này không có trên cổng nộp.", "Hãy mở đúng đường dẫn trong thư thông báo."),
    405: ("Không thực hiện được", "Trang này không nhận thao tác vừa rồi.", "Hãy quay lại trang nộp và thử lại."),
}


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 404 and request.url.path.startswith(("/nop/", "/theo-doi/")):
        return invalid_link(request)  # a mangled link looks like any other bad link
    title, text, step = STATUS_PAGES.get(
        exc.status_code, ("Không thực hiện được", "Yêu cầu không hợp lệ.", "Hãy quay lại trang nộp và thử lại.")
    )
    return message(request, exc.status_code, title, text, step)


@app.exception_handler(RequestValidationError)
async def bad_request(request: Request, exc: RequestValidationError) -> Response:
    return message(
        request,
        400,
        "Yêu cầu không hợp lệ",
        "Địa chỉ hoặc biểu mẫu không đúng.",
        "Hãy mở lại đường dẫn trong thư và thử lại.",
    )


@app.exception_handler(Exception)
async def server_error(request: Request, exc: Exception) -> Response:
    # the trace goes to the log only; the page says what to do
    log.exception("error on %s %s", request.method, request.url.path)
    resp = render(
        request,
        "message.html.j2",
        500,
        title="Hệ thống đang gặp sự cố",
        message="Yêu cầu vừa rồi chưa được thực hiện do lỗi của hệ thống, không phải do đơn vị.",
        next_step="Xin thử lại sau ít phút; nếu vẫn lỗi, hãy gửi văn bản qua thư điện tử cho văn thư cơ quan ban hành.",
        tone="bad",
        back_url="",
        back_label="",
    )
    # the error handler runs outside SecurityHeaders: set its headers here
    nonce = getattr(request.state, "csp_nonce", "")
    resp.headers["Content-Security-Policy"] = CSP.format(nonce=nonce)
    resp.headers.update(HEADERS)
    return resp


@app.get("/")
def home(request: Request) -> Response:
    """Tell a visitor without a link where the links are."""
    return render(request, "home.html.j2", title="Cổng nộp văn bản")


@app.get("/favicon.ico")
def favicon() -> Response:
    """Answer browsers' icon request with nothing (no 404 in every page's console)."""
    return Response(status_code=204)


@app.get("/healthz")
def healthz() -> Response:
    """Answer a liveness probe (kehoach serve waits for it)."""
    return JSONResponse({"ok": True})
