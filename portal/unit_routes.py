"""The pages a unit opens from its e-mail: its link page, the upload, the receipt, the plan's own file."""

from __future__ import annotations

import logging
from functools import partial
from urllib.parse import quote

import anyio
import anyio.to_thread
from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from portal import followup
from portal.guards import client_address, cross_site, wait_for_upload_slot
from portal.pages import invalid_link, message, render, vn_size
from portal.upload import BadForm, TooLarge, declared_too_large, read_upload
from portal.views import plan_file, receipt_page, unit_page
from tasks.links import LinkCheck, verify_link
from tasks.storage import file_path
from tasks.submissions import record_submission

log = logging.getLogger("kehoach.portal")
router = APIRouter()
INTAKE_THREADS = 4


def _too_large(request: Request, token: str) -> Response:
    limit = vn_size(get_settings().max_upload_bytes)
    return message(
        request,
        413,
        "Tệp quá lớn",
        f"Tệp vượt quá giới hạn {limit} nên không được nhận; hệ thống không lưu gì của tệp này.",
        "Hãy nén ảnh trong văn bản hoặc xuất lại PDF nhỏ hơn, rồi gửi lại.",
        back_url=f"/nop/{token}",
        back_label="Quay lại trang nộp",
        headers={"Connection": "close"},
    )


def _link_page(request: Request, check, token: str, status: int = 200, **extra: object) -> Response:
    ctx = unit_page(check, token=token)
    ctx.update({"error": None, "error_hint": None, "max_size": vn_size(get_settings().max_upload_bytes)})
    ctx.update(extra)
    return render(request, "link.html.j2", status, **ctx)


_intake_limiter: anyio.CapacityLimiter | None = None


async def _in_intake_thread(fn, *args, **kwargs):
    """Run intake work in a worker thread, a few at a time: uploads past that wait their turn in the event loop
    instead of crowding the GIL and the database's one writer with dozens of threads."""
    global _intake_limiter
    if _intake_limiter is None:
        _intake_limiter = anyio.CapacityLimiter(INTAKE_THREADS)
    return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=_intake_limiter)


def _admit(token: str, address: str) -> tuple[LinkCheck, int]:
    """Check the link, then count the upload against its limits; return the check and the seconds to wait."""
    check = verify_link(token)
    if not check.valid:
        return check, 0
    return check, wait_for_upload_slot(token.split(".", 1)[0], address)


@router.get("/nop/{token}")
def link_page(request: Request, token: str) -> Response:
    """Show a unit what is asked, by when, what it sent and the review results; take a file while open."""
    check = verify_link(token)
    if not check.valid:
        return invalid_link(request)
    return _link_page(request, check, token)


@router.post("/nop/{token}")
async def upload(request: Request, token: str) -> Response:
    """Take a unit's file: refuse what is cross-site, too fast, too large or bad; record the rest, show the receipt."""
    if cross_site(request):
        return message(
            request,
            403,
            "Yêu cầu bị từ chối",
            "Văn bản chỉ được gửi từ chính trang nộp của đơn vị, không từ trang web khác.",
            "Hãy mở đường dẫn trong thư rồi gửi văn bản từ trang đó.",
        )
    settings = get_settings()
    if declared_too_large(request, settings.max_upload_bytes):
        log.info("refused an upload declared at %s bytes", request.headers.get("content-length"))
        return _too_large(request, token)
    address = client_address(request)
    check, wait = await _in_intake_thread(_admit, token, address)
    if not check.valid:
        return invalid_link(request)
    if wait:
        return message(
            request,
            429,
            "Gửi quá nhanh",
            "Đường dẫn này (hoặc địa chỉ mạng này) đã gửi quá nhiều lần trong một phút; "
            "lần gửi vừa rồi chưa được nhận.",
            f"Xin chờ khoảng {wait} giây rồi gửi lại.",
            tone="warn",
            back_url=f"/nop/{token}",
            back_label="Quay lại trang nộp",
            headers={"Retry-After": str(wait)},
        )
    if not check.writable:
        return await run_in_threadpool(_link_page, request, check, token, 403)
    followup.note_upload()
    try:
        up = await read_upload(request, max_file_bytes=settings.max_upload_bytes)
    except TooLarge:
        log.info("refused an upload over %d bytes from %s", settings.max_upload_bytes, address)
        return _too_large(request, token)
    except BadForm:
        return await run_in_threadpool(
            _link_page,
            request,
            check,
            token,
            400,
            error="Chưa có tệp nào được gửi.",
            error_hint="Hãy bấm “Chọn tệp”, chọn tệp .docx hoặc .pdf rồi bấm “Gửi văn bản”.",
        )
    try:
        res = await _in_intake_thread(
            record_submission.fn,
            check.document_id,
            None,
            up.data,
            up.file_name or "",
            "portal",
            f"cổng nộp ({address})",
            obligation_id=check.obligation_id,
            read_content=False,
        )
    except KehoachError as exc:
        text = exc.message[:1].upper() + exc.message[1:]
        return await run_in_threadpool(_link_page, request, check, token, 422, error=text, error_hint=exc.hint)
    url = f"/nop/{token}/bien-nhan/{res['submission_token']}" + ("?trung=1" if res["duplicate"] else "")
    return RedirectResponse(url, status_code=303)


@router.get("/nop/{token}/bien-nhan/{submission_token}")
def receipt(request: Request, token: str, submission_token: str, trung: str | None = None) -> Response:
    """Show the receipt of one submission (số đến, time, on time or late, the file's digest)."""
    check = verify_link(token)
    if not check.valid:
        return invalid_link(request)
    ctx = receipt_page(check, submission_token, token=token)
    if ctx is None:
        return invalid_link(request)
    return render(request, "receipt.html.j2", duplicate=trung == "1", **ctx)


@router.get("/nop/{token}/van-ban")
def plan_document(request: Request, token: str) -> Response:
    """Send the plan the unit must act on, as it was issued."""
    check = verify_link(token)
    if not check.valid:
        return invalid_link(request)
    found = plan_file(check)
    path = file_path(found[0], found[1]) if found else None
    if path is None or not path.exists():
        return message(
            request,
            404,
            "Chưa có tệp văn bản",
            "Văn bản gốc của kế hoạch này chưa được lưu trên cổng.",
            "Xin xem tệp đính kèm trong thư thông báo hoặc liên hệ văn thư cơ quan ban hành.",
            back_url=f"/nop/{token}",
            back_label="Quay lại trang nộp",
        )
    name = found[2]
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "") or f"van-ban.{found[1]}"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    media = (
        "application/pdf"
        if found[1] == "pdf"
        else ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )
    return FileResponse(
        path, media_type=media, headers={"Content-Disposition": disposition, "Cache-Control": "no-store"}
    )
