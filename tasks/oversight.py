"""What a supervisor sees of one plan: every unit's state, and who is on time, late or missing per level of the tree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kehoach import clock, workdays
from kehoach.text import fold
from models.db import session_scope
from models.documents import get_document, issuing_body, list_requirements
from models.obligations import list_status_rows, timeliness
from models.org import get_unit, list_units_by_ids
from models.receipts import list_receipts, receipt_label
from models.states import CLOSED_STATES, DONE_STATES, UNIT_KIND_LABELS, ObligationState, Timeliness, label
from models.submissions import list_latest_submissions

# The filters the status page offers, by the word in its address.
STATE_FILTERS = {
    "da-nop": "Đã nộp",
    "chua-nop": "Chưa nộp",
    "dung-han": "Nộp đúng hạn",
    "tre-han": "Nộp trễ hạn",
    "qua-han": "Quá hạn, chưa nộp",
    "tra-lai": "Bị trả lại",
    "canh-bao": "Có cảnh báo nội dung",
    "mien": "Miễn nộp",
}
NOT_EXPECTED = CLOSED_STATES


@dataclass(frozen=True)
class Filters:
    state: str = ""
    level: int | None = None
    requirement_id: int | None = None
    query: str = ""


def unit_depths(session, unit_ids: set[int], top_id: int | None) -> dict[int, tuple[int, str]]:
    """Return each unit's depth below the plan's issuer (or below its root) and its kind, one query per level."""
    parent: dict[int, int | None] = {}
    kind: dict[int, str] = {}
    frontier = set(unit_ids)
    while frontier:
        rows = list_units_by_ids(session=session, ids=frontier)
        for u in rows:
            parent[u.id], kind[u.id] = u.parent_id, u.kind
        frontier = {u.parent_id for u in rows if u.parent_id and u.parent_id not in parent and u.parent_id != top_id}
    out = {}
    for uid in unit_ids:
        depth, cur = 0, uid
        while cur is not None and cur != top_id and depth < 50:
            depth += 1
            cur = parent.get(cur)
        out[uid] = (depth, kind.get(uid, ""))
    return out


def _matches(row: dict, f: Filters) -> bool:
    s = f.state
    if s == "da-nop" and row["state"] not in DONE_STATES:
        return False
    if s == "chua-nop" and (row["state"] in DONE_STATES or row["state"] in NOT_EXPECTED):
        return False
    if s == "dung-han" and row["timeliness"] != Timeliness.on_time:
        return False
    if s == "tre-han" and row["timeliness"] != Timeliness.late:
        return False
    if s == "qua-han" and row["timeliness"] not in (Timeliness.overdue, Timeliness.locked):
        return False
    if s == "tra-lai" and row["state"] != ObligationState.returned:
        return False
    if s == "canh-bao" and not row["warnings"]:
        return False
    if s == "mien" and row["state"] not in NOT_EXPECTED:
        return False
    if f.level is not None and row["level"] != f.level:
        return False
    if f.requirement_id is not None and row["requirement_id"] != f.requirement_id:
        return False
    if f.query:
        q = fold(f.query)
        if q not in fold(row["name"]) and q not in fold(row["code"]):
            return False
    return True


def plan_overview(document_id: int, filters: Filters | None = None) -> dict:
    """Return a plan's units (those the filters keep), with counts and rates per level of the tree and in all."""
    f = filters or Filters()
    today = clock.today()
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        issuer = get_unit(session=session, unit_id=doc.issuer_id) if doc.issuer_id else None
        rows = list_status_rows(session=session, document_id=document_id)
        reqs = {r.id: r for r in list_requirements(session=session, document_id=document_id)}
        latest = list_latest_submissions(session=session, document_id=document_id)
        receipts = list_receipts(session=session, submission_ids=[s.id for s in latest.values()])
        depths = unit_depths(session, {ob.unit_id for ob, *_ in rows}, doc.issuer_id)
    units = []
    for ob, code, name, _emails, review in rows:
        t = timeliness(
            state=ob.state, due_date=ob.due_date, lock_date=ob.lock_date, submitted_at=ob.submitted_at, today=today
        )
        if ob.submitted_at is not None and ob.state not in NOT_EXPECTED:
            days_late = max(0, workdays.working_days_between(ob.due_date, clock.as_vn(ob.submitted_at).date()))
        elif t in (Timeliness.overdue, Timeliness.locked):
            days_late = max(0, workdays.working_days_between(ob.due_date, today))
        else:
            days_late = 0
        sub = latest.get(ob.id)
        rc = receipts.get(sub.id) if sub else None
        req = reqs.get(ob.requirement_id)
        depth, kind = depths.get(ob.unit_id, (0, ""))
        units.append(
            {
                "code": code,
                "name": name,
                "level": depth,
                "kind": kind,
                "requirement_id": ob.requirement_id,
                "requirement": (req.title or label(req.kind)) if req else "",
                "period": ob.period or "",
                "state": ob.state,
                "state_label": label(ob.state),
                "timeliness": t,
                "timeliness_label": label(t),
                "due": ob.due_date,
                "submitted_at": clock.as_vn(ob.submitted_at) if ob.submitted_at else None,
                "days_late": days_late,
                "review": review,
                "review_label": label(review) if review else "",
                "version": sub.version if sub else None,
                "receipt_no": receipt_label(rc.number, rc.year) if rc else "",
                "warnings": list(((sub.fields or {}).get("match_warnings") or []) if sub else []),
            }
        )
    levels = level_counts(units)
    shown = [u for u in units if _matches(u, f)]
    return {
        "ref": doc.ref,
        "so_ky_hieu": doc.so_ky_hieu,
        "doc_type": doc.doc_type,
        "subject": doc.subject,
        "status_label": label(doc.status),
        "issuer": issuing_body(doc, issuer),
        "requirements": [
            {"id": r.id, "title": r.title or label(r.kind), "period": r.first_period or ""} for r in reqs.values()
        ],
        "levels": levels,
        "total": _counts(units),
        "units": shown,
        "today": today,
    }


def _counts(units: list[dict]) -> dict:
    expected = [u for u in units if u["state"] not in NOT_EXPECTED]
    submitted = [u for u in expected if u["state"] in DONE_STATES]
    on_time = [u for u in submitted if u["timeliness"] == Timeliness.on_time]
    n = len(expected)
    return {
        "expected": n,
        "submitted": len(submitted),
        "on_time": len(on_time),
        "late": len(submitted) - len(on_time),
        "missing": n - len(submitted),
        "submitted_rate": len(submitted) / n if n else 0.0,
        "on_time_rate": len(on_time) / n if n else 0.0,
    }


def level_counts(units: list[dict]) -> list[dict]:
    by_level: dict[int, list[dict]] = {}
    for u in units:
        by_level.setdefault(u["level"], []).append(u)
    out = []
    for depth in sorted(by_level):
        kinds = Counter(u["kind"] for u in by_level[depth])
        names = ", ".join(UNIT_KIND_LABELS.get(k, k) for k, _ in kinds.most_common(3) if k)
        out.append(
            {"level": depth, "label": f"Cấp {depth}" + (f" ({names})" if names else ""), **_counts(by_level[depth])}
        )
    return out


EXPORT_HEADER = [
    "Mã",
    "Đơn vị",
    "Cấp",
    "Yêu cầu",
    "Kỳ",
    "Trạng thái",
    "Tiến độ",
    "Hạn",
    "Thời điểm nộp",
    "Số ngày trễ",
    "Lần nộp",
    "Số đến",
    "Xem xét",
    "Cảnh báo nội dung",
]


def export_rows(overview: dict) -> list[list]:
    """Return the status table as rows for a spreadsheet (tasks.exports keeps every text cell a text)."""
    return [
        [
            u["code"],
            u["name"],
            u["level"],
            u["requirement"],
            u["period"],
            u["state_label"],
            u["timeliness_label"],
            u["due"],
            u["submitted_at"].strftime("%d/%m/%Y %H:%M") if u["submitted_at"] else "",
            u["days_late"],
            u["version"] or "",
            u["receipt_no"],
            u["review_label"],
            "; ".join(u["warnings"]),
        ]
        for u in overview["units"]
    ]
