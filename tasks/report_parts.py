"""The tables and excerpts of a compiled report: who sent on time, late, returned, missing or closed, the rates per
level and the annex of files, each unit's key text."""

from __future__ import annotations

import re
from datetime import date

from kehoach import clock, workdays
from models.receipts import receipt_label
from models.states import label
from tasks.excerpts import key_sections
from tasks.render import Table

SENT_HEADER = ["STT", "Mã", "Đơn vị", "Văn bản", "Thời điểm gửi", "Số đến", "Tình trạng"]
LATE_HEADER = ["STT", "Mã", "Đơn vị", "Văn bản", "Thời điểm gửi", "Số đến", "Trễ (ngày làm việc)", "Tình trạng"]
RETURNED_HEADER = ["STT", "Mã", "Đơn vị", "Lần bị trả lại", "Lý do trả lại"]
MISSING_HEADER = ["STT", "Mã", "Đơn vị", "Hạn", "Quá hạn (ngày làm việc)"]
CLOSED_HEADER = ["STT", "Mã", "Đơn vị", "Trạng thái"]
LEVEL_HEADER = ["Cấp", "Phải gửi", "Đã gửi", "Đúng hạn", "Trễ hạn", "Chưa gửi", "Tỷ lệ đúng hạn"]
FILES_HEADER = ["STT", "Đơn vị", "Lần", "Số đến", "Ngày nhận", "Tệp", "SHA-256"]


# everything up to the first word of a place's class: "Ủy ban nhân dân tỉnh ", "Sở Nội vụ tỉnh ", "Phường "
PLACE_WORDS = re.compile(r"^(?:.*?\s)?(?:tỉnh|thành phố|thị xã|huyện|quận|phường|xã|thị trấn)\s+", re.IGNORECASE)


def place_of(doc, body_name: str) -> str:
    """Return the place a document is dated at: the plan's, else the issuing body's name without what comes before
    its place ('Ủy ban nhân dân thị xã Duyên Hải' → 'Duyên Hải'); the office corrects it before signing if need be."""
    return doc.place or (doc.fields or {}).get("dia_danh") or PLACE_WORDS.sub("", body_name).strip() or body_name


def ngay(d: date | None) -> str:
    """Return a date as 23/11/2026 (— for none)."""
    return d.strftime("%d/%m/%Y") if d else "—"


def doc_line(sub) -> str:
    """Return how a unit's document names itself ('Kế hoạch số 05/KH-UBND ngày 23/11/2026'), else its file name."""
    f = sub.fields or {}
    if f.get("so_ky_hieu"):
        day = f" ngày {ngay(date.fromisoformat(f['ngay_ban_hanh']))}" if f.get("ngay_ban_hanh") else ""
        return f"{f.get('loai_van_ban') or 'Văn bản'} số {f['so_ky_hieu']}{day}"
    return sub.file_name


def report_tables(data: dict) -> dict[str, Table]:
    g = data["groups"]

    def sent(u: dict, i: int, late: bool) -> list:
        sub, rc = u["latest"], u["receipt"]
        state = label(sub.review_state) + (f" (lần {sub.version})" if sub.version > 1 else "")
        row = [i, u["code"], u["name"], doc_line(sub), u["submitted_at"].strftime("%H:%M %d/%m/%Y")]
        row.append(receipt_label(rc.number, rc.year) if rc else "")
        if late:
            row.append(workdays.working_days_between(u["due"], u["submitted_at"].date()))
        return [*row, state]

    today = clock.today()
    return {
        "levels": Table(
            header=LEVEL_HEADER,
            rows=[
                [lv["label"], lv["expected"], lv["submitted"], lv["on_time"], lv["late"], lv["missing"]]
                + [f"{100 * lv['on_time_rate']:.1f}%".replace(".", ",")]
                for lv in data["levels"]
            ],
        ),
        "on_time": Table(header=SENT_HEADER, rows=[sent(u, i, False) for i, u in enumerate(g["on_time"], 1)]),
        "late": Table(header=LATE_HEADER, rows=[sent(u, i, True) for i, u in enumerate(g["late"], 1)]),
        "returned": Table(
            header=RETURNED_HEADER,
            rows=[
                [i, u["code"], u["name"], u["latest"].version, u["latest"].review_reason or ""]
                for i, u in enumerate(g["returned"], 1)
            ],
        ),
        "missing": Table(
            header=MISSING_HEADER,
            rows=[
                [i, u["code"], u["name"], ngay(u["due"]), max(0, workdays.working_days_between(u["due"], today))]
                for i, u in enumerate(g["missing"], 1)
            ],
        ),
        "closed": Table(
            header=CLOSED_HEADER,
            rows=[
                [i, u["code"], u["name"], label(u["state"]) + (f" → {u['moved_to']}" if u["moved_to"] else "")]
                for i, u in enumerate(g["closed"], 1)
            ],
        ),
        "files": Table(
            header=FILES_HEADER,
            rows=[
                [
                    i,
                    f"{code} {name}",
                    s.version,
                    receipt_label(rc.number, rc.year) if rc else "",
                    clock.as_vn(s.received_at).strftime("%d/%m/%Y"),
                    s.file_name,
                    s.file_sha256,
                ]
                for i, ((code, name), s, rc) in enumerate(data["files"], 1)
            ],
        ),
    }


def excerpts(data: dict, limit: int) -> list[dict]:
    """Return each sending unit's key text, read from its latest file (on time first, then late)."""
    from tasks.storage import read_stored

    out = []
    for u in data["groups"]["on_time"] + data["groups"]["late"]:
        sub = u["latest"]
        try:
            sections = key_sections(read_stored(sub.file_sha256, sub.file_ext), sub.file_ext, limit)
        except OSError:
            sections = []
        out.append({"unit": f"{u['name']} ({u['code']})", "document": doc_line(sub), "sections": sections})
    return out
