"""Find the unit or plan an operator names, or say plainly that there is none."""

from __future__ import annotations

from kehoach import clock
from kehoach.errors import KehoachError
from models.documents import Document, find_documents_by_number, get_document_by_ref
from models.org import Unit, get_unit_by_code


def require_unit(session, code: str, *, what: str = "đơn vị") -> Unit:
    """Return the unit with this code that exists today, or refuse with the way to find codes."""
    unit = get_unit_by_code(session=session, code=code, on=clock.today())
    if unit is None:
        raise KehoachError(f"không có {what} mã “{code}”.", "unknown_unit", "Xem mã đơn vị: kehoach units tree")
    return unit


def require_plan(session, ref: str, issuer_code: str | None = None, year: int | None = None) -> Document:
    """Return a plan by its REF, or by its số/ký hiệu (narrowed by issuer and year when ambiguous)."""
    doc = get_document_by_ref(session=session, ref=ref.strip())
    if doc is not None:
        return doc
    issuer_id = require_unit(session, issuer_code, what="cơ quan ban hành").id if issuer_code else None
    number = {"session": session, "so_ky_hieu": ref.strip(), "issuer_id": issuer_id, "year": year}
    # a corrected plan re-registered under the number of a rejected one is the one meant
    found = find_documents_by_number(**number, live_only=True) or find_documents_by_number(**number)
    if not found:
        raise KehoachError(f"không có kế hoạch “{ref}”.", "unknown_plan", "Xem danh sách: kehoach plan list")
    if len(found) > 1:
        raise KehoachError(
            f"có {len(found)} văn bản số “{ref}”.", "ambiguous_plan", "Thêm --issuer MÃ và/hoặc --year NĂM."
        )
    return found[0]
