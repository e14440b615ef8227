"""The status page a supervisor opens from a signed link: who is on time, late or missing; Excel and CSV exports."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from kehoach import clock
from models.states import ObligationState
from portal.pages import invalid_link, render
from tasks.exports import write_csv, write_xlsx
from tasks.links import verify_supervisor_link
from tasks.oversight import EXPORT_HEADER, STATE_FILTERS, Filters, export_rows, plan_overview
from tasks.plans.tree import plan_tree

router = APIRouter()

TONES = {
    ObligationState.pending: "",
    ObligationState.submitted: "b-info",
    ObligationState.accepted: "b-ok",
    ObligationState.returned: "b-bad",
    ObligationState.exempt: "",
    ObligationState.cancelled: "",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _filters(request: Request) -> Filters:
    q = request.query_params
    state = q.get("trang-thai", "")
    return Filters(
        state=state if state in STATE_FILTERS else "",
        level=_int(q.get("cap")),
        requirement_id=_int(q.get("yeu-cau")),
        query=(q.get("q") or "").strip()[:100],
    )


def _invalid(request: Request) -> Response:
    return invalid_link(request)  # the same page as a bad unit link: nothing tells them apart


@router.get("/theo-doi/{token}")
def status_page(request: Request, token: str) -> Response:
    """Show every unit of a plan with its state, and the counts and rates per level of the tree."""
    document_id = verify_supervisor_link(token)
    if document_id is None:
        return _invalid(request)
    f = _filters(request)
    overview = plan_overview(document_id, f)
    query = request.url.query
    base = f"/theo-doi/{token}"
    return render(
        request,
        "status.html.j2",
        title=f"Tình hình nộp {overview['so_ky_hieu'] or overview['ref']}",
        wide=True,
        org=overview["issuer"],
        now=clock.now(),
        filters=f,
        state_filters=STATE_FILTERS,
        tones=TONES,
        page_url=base,
        xlsx_url=f"{base}/tinh-hinh-nop.xlsx" + (f"?{query}" if query else ""),
        csv_url=f"{base}/tinh-hinh-nop.csv" + (f"?{query}" if query else ""),
        tree=plan_tree(document_id),
        **overview,
    )


@router.get("/theo-doi/{token}/tinh-hinh-nop.{fmt}")
def status_export(request: Request, token: str, fmt: str) -> Response:
    """Send the status table (with the page's filters) as .xlsx or .csv; no cell can run as a formula."""
    document_id = verify_supervisor_link(token)
    if document_id is None or fmt not in ("xlsx", "csv"):
        return _invalid(request)
    overview = plan_overview(document_id, _filters(request))
    rows = export_rows(overview)
    with tempfile.TemporaryDirectory(prefix="kehoach-export-") as tmp:
        path = Path(tmp) / f"export.{fmt}"
        if fmt == "xlsx":
            write_xlsx(path, EXPORT_HEADER, rows, sheet_title="Tình hình nộp")
        else:
            write_csv(path, EXPORT_HEADER, rows)
        data = path.read_bytes()
    name = f"tinh-hinh-nop-{overview['ref']}.{fmt}"
    return Response(
        data,
        media_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
