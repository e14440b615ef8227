"""The registers an office keeps (Nghị định 30/2020, Phụ lục IV): documents sent and documents received, by year.

Sent (văn bản đi): the plans an office issued (with their Nơi nhận) and what it sent up to the plans above it;
its own plan that answered a parent (the cascade) is one entry, sent to its recipients and to that parent.
Received (văn bản đến): every version units sent in, in the order of the số đến the office gave it.
"""

from __future__ import annotations

from datetime import date

from kehoach import clock
from models.db import session_scope
from models.org import list_units_by_ids
from models.receipts import receipt_label
from models.registers import (
    list_issuing_offices,
    list_received,
    list_recipient_names,
    list_sent_documents,
    list_sent_submissions,
)
from models.states import DocumentStatus, label
from tasks.lookup import require_unit

SENT_HEADER = ["Cơ quan", "Số, ký hiệu", "Ngày văn bản", "Loại", "Trích yếu", "Nơi nhận", "Người ký", "Ghi chú"]
RECEIVED_HEADER = [
    "Cơ quan",
    "Số đến",
    "Ngày đến",
    "Nơi gửi",
    "Số, ký hiệu",
    "Ngày văn bản",
    "Trích yếu",
    "Theo kế hoạch, nghĩa vụ",
    "Kênh",
    "Lần",
    "Xem xét",
]
SHOWN_RECIPIENTS = 6
CHANNELS = {
    "portal": "Cổng nộp",
    "email": "Thư điện tử",
    "paper": "Bản giấy",
    "cli": "Văn thư",
    "cascade": "Liên thông",
}


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _names(names: list[str]) -> str:
    more = len(names) - SHOWN_RECIPIENTS
    return "; ".join(names[:SHOWN_RECIPIENTS]) + (f"; và {more} đơn vị khác" if more > 0 else "")


def office_registers(year: int, unit_code: str | None = None) -> list[dict]:
    """Return, for one office (or every office that issued something here), its sent and received registers."""
    with session_scope() as session:
        if unit_code:
            offices = [require_unit(session, unit_code, what="cơ quan")]
        else:
            offices = list_issuing_offices(session=session)
        ids = [o.id for o in offices]
        docs = list_sent_documents(session=session, year=year, issuer_ids=ids)
        recipients = list_recipient_names(session=session, document_ids=[d.id for d in docs])
        sent_up = list_sent_submissions(session=session, year=year, unit_ids=ids)
        received = list_received(session=session, year=year, issuer_ids=ids)
        issuers = {u.id: u for u in list_units_by_ids(session=session, ids=[p.issuer_id for _s, _r, p, _u in sent_up])}
    by_office = {o.id: {"code": o.code, "name": o.name, "sent": [], "received": []} for o in offices}
    own_files = {(d.issuer_id, d.file_sha256): d.id for d in docs if d.file_sha256}
    sent_rows: dict[int, dict] = {}
    for d in docs:
        row = {
            "so_ky_hieu": d.so_ky_hieu,
            "ngay": d.issued_on,
            "loai": d.doc_type,
            "trich_yeu": d.subject,
            "noi_nhan": list(recipients.get(d.id, [])),
            "nguoi_ky": d.signer,
            "ghi_chu": [f"Đã thu hồi: {d.decision_reason}"] if d.status == DocumentStatus.recalled else [],
            "ref": d.ref,
        }
        sent_rows[d.id] = row
        by_office[d.issuer_id]["sent"].append(row)
    for sub, rc, plan, unit_id in sent_up:
        receiver = issuers[plan.issuer_id].name if plan.issuer_id in issuers else "—"
        where = f"số đến {receipt_label(rc.number, rc.year)} của {receiver}, theo {plan.so_ky_hieu or plan.ref}"
        doc_id = own_files.get((unit_id, sub.file_sha256))
        if doc_id is not None:  # its own plan, sent up as it was issued: one entry
            sent_rows[doc_id]["noi_nhan"].append(receiver)
            sent_rows[doc_id]["ghi_chu"].append(f"Gửi lên: {where}")
            continue
        f = sub.fields or {}
        by_office[unit_id]["sent"].append(
            {
                "so_ky_hieu": f.get("so_ky_hieu"),
                "ngay": _day(f.get("ngay_ban_hanh")) or clock.as_vn(sub.received_at).date(),
                "loai": f.get("loai_van_ban") or "Văn bản",
                "trich_yeu": f.get("trich_yeu") or sub.file_name,
                "noi_nhan": [receiver],
                "nguoi_ky": f.get("nguoi_ky"),
                "ghi_chu": [f"Gửi lên lần {sub.version}: {where}"],
                "ref": None,
            }
        )
    for rc, sub, unit, plan, req, period in received:
        f = sub.fields or {}
        by_office[rc.issuer_id]["received"].append(
            {
                "so_den": receipt_label(rc.number, rc.year),
                "ngay_den": clock.as_vn(rc.received_at),
                "noi_gui": f"{unit.name} ({unit.code})",
                "so_ky_hieu": f.get("so_ky_hieu"),
                "ngay": _day(f.get("ngay_ban_hanh")),
                "trich_yeu": f.get("trich_yeu") or sub.file_name,
                "theo": f"{plan.so_ky_hieu or plan.ref}: {req.title or label(req.kind)}"
                + (f", kỳ {period}" if period else ""),
                "kenh": CHANNELS.get(sub.channel, sub.channel),
                "lan": sub.version,
                "xem_xet": label(sub.review_state),
            }
        )
    out = []
    for office in by_office.values():
        office["sent"].sort(key=lambda r: (r["ngay"] or date(year, 1, 1), r["so_ky_hieu"] or ""))
        for r in office["sent"]:
            r["noi_nhan"] = _names(r["noi_nhan"])
            r["ghi_chu"] = "; ".join(r["ghi_chu"])
        out.append(office)
    return out


def register_rows(offices: list[dict]) -> tuple[list[list], list[list]]:
    """Return the sent and received registers as spreadsheet rows (the office in the first column)."""
    sent = [
        [o["name"], r["so_ky_hieu"] or "", r["ngay"], r["loai"], r["trich_yeu"], r["noi_nhan"], r["nguoi_ky"] or ""]
        + [r["ghi_chu"]]
        for o in offices
        for r in o["sent"]
    ]
    received = [
        [o["name"], r["so_den"], r["ngay_den"].replace(tzinfo=None), r["noi_gui"], r["so_ky_hieu"] or "", r["ngay"]]
        + [r["trich_yeu"], r["theo"], r["kenh"], r["lan"], r["xem_xet"]]
        for o in offices
        for r in o["received"]
    ]
    return sent, received
