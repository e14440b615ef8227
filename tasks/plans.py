"""Issue a plan: read and register it, resolve its recipients and requirements, decide, dispatch, report."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from prefect import task

from kehoach import clock
from kehoach.settings import get_settings
from models.audit import record_audit, record_audit_many
from models.db import session_scope
from models.documents import (
    Document,
    DocumentParent,
    find_documents_by_number,
    get_document_by_file,
    get_document_by_ref,
    list_recipients,
    list_requirement_targets,
    list_requirements,
    replace_plan_setup,
)
from models.obligations import insert_obligations, list_obligations, list_status_rows, timeliness
from models.org import (
    Unit,
    get_group,
    get_unit_by_code,
    list_children,
    list_descendants,
    list_group_units,
    list_units,
    list_units_by_ids,
)
from models.states import DocumentStatus, ObligationState, RecipientRole, RequirementKind, label

PERIOD_KINDS = {"monthly": "month", "quarterly": "quarter", "semiannual": "half", "annual": "year"}
KIND_WORDS = [
    # (folded words that name a class of units, the kind they mean)
    (("xa", "phuong", "thi tran"), "xa"),
    (("huyen", "thi xa", "thanh pho thuoc tinh", "quan"), "huyen"),
    (("chi bo", "dang bo bo phan"), "chi_bo"),
    (("truong", "co so giao duc"), "truong"),
    (("cong doan",), "cong_doan"),
    (("doan the", "mat tran", "doan thanh nien", "hoi phu nu", "hoi nong dan", "hoi cuu chien binh"), "doan_the"),
    (("co quan", "phong", "ban", "nganh", "so", "don vi"), "co_quan"),
]
PLURAL = re.compile(r"\b(cac|nhung|toan bo|tat ca)\b|\btruc thuoc\b")


class PlanError(Exception):
    """A plan cannot go on; the message says why and what to do, in Vietnamese."""

    def __init__(self, message: str, code: str = "plan_error", hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint


def fold(text: str) -> str:
    """Fold Vietnamese text for matching: NFC, lower case, no diacritics, single spaces."""
    t = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower().replace("đ", "d"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    return re.sub(r"[^\w/]+", " ", t).strip()


# Reading and registering


@dataclass
class ReadPlan:
    sha256: str
    ext: str
    file_name: str
    fields: dict


@task(name="read-plan")
def read_plan(path: str, store: bool = True) -> ReadPlan:
    """Check and read a plan file, and keep it under its sha256.

    Args:
        path: the .docx or .pdf the operator gave.
        store: False for a dry run, which writes nothing.
    """
    from tasks.reading.parse import read_document
    from tasks.reading.safety import FileRejected
    from tasks.storage import store_file

    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise PlanError(f"không đọc được tệp “{path}”: {exc.strerror}.", "io_error") from exc
    try:
        fields = read_document(data, p.name).to_json_dict()
    except FileRejected as exc:
        raise PlanError(f"tệp “{p.name}” bị từ chối: {exc.message}", exc.code) from exc
    if not fields.get("has_text_layer", True):
        raise PlanError(
            f"tệp “{p.name}” là bản quét, không có lớp chữ nên không đọc được.",
            "no_text_layer",
            "Gửi bản Word (.docx) hoặc PDF xuất từ Word của kế hoạch.",
        )
    from tasks.storage import sha256_of

    ext = "pdf" if data[:5] == b"%PDF-" else "docx"
    digest = store_file(data, ext) if store else sha256_of(data)
    return ReadPlan(sha256=digest, ext=ext, file_name=p.name, fields=fields)


def _resolve_issuer(session, issuer_code: str) -> Unit:  # noqa: ANN001
    issuer = get_unit_by_code(session=session, code=issuer_code, on=clock.today())
    if issuer is None:
        raise PlanError(
            f"không có đơn vị ban hành mã “{issuer_code}”.", "unknown_issuer", "Xem mã đơn vị: kehoach units tree"
        )
    return issuer


@task(name="register-plan")
def register_plan(plan: ReadPlan, issuer_code: str, actor: str) -> dict:
    """Register a read plan under its issuer (once per file); link its căn cứ parents found in the system.

    Args:
        plan: what `read_plan` returned.
        issuer_code: the issuing unit's code.
        actor: who runs the command (for the audit log).
    """
    f = plan.fields
    with session_scope() as session:
        issuer = _resolve_issuer(session, issuer_code)
        existing = get_document_by_file(session=session, sha256=plan.sha256, issuer_id=issuer.id)
        if existing is not None:
            return {"document_id": existing.id, "ref": existing.ref, "created": False, "status": existing.status}
        issued_on = date.fromisoformat(f["ngay_ban_hanh"]) if f.get("ngay_ban_hanh") else None
        year = (issued_on or clock.today()).year
        number = f.get("so_ky_hieu")
        if number and find_documents_by_number(session=session, so_ky_hieu=number, issuer_id=issuer.id, year=year):
            raise PlanError(
                f"số, ký hiệu {number} của {issuer.name} năm {year} đã được đăng ký cho một văn bản khác.",
                "duplicate_number",
                "Kiểm tra lại tệp: số văn bản là duy nhất theo cơ quan ban hành và năm.",
            )
        doc = Document(
            so_ky_hieu=number,
            doc_type=f.get("loai_van_ban") or "Kế hoạch",
            place=f.get("dia_danh"),
            issued_on=issued_on,
            subject=f.get("trich_yeu") or "",
            signer=f.get("nguoi_ky"),
            signer_title=f.get("chuc_vu"),
            authority=f.get("quyen_han_ky"),
            issuer_id=issuer.id,
            year=year,
            status=DocumentStatus.received,
            file_sha256=plan.sha256,
            file_ext=plan.ext,
            file_name=plan.file_name,
            fields=f,
            created_by=actor,
            created_at=clock.now(),
        )
        session.add(doc)
        session.flush()
        for cc in f.get("can_cu") or []:
            parent = None
            if cc.get("so_ky_hieu"):
                cc_year = int(cc["ngay"][:4]) if cc.get("ngay") else None
                found = find_documents_by_number(session=session, so_ky_hieu=cc["so_ky_hieu"], year=cc_year)
                parent = found[0] if len(found) == 1 else None
            session.add(
                DocumentParent(
                    document_id=doc.id,
                    parent_id=parent.id if parent else None,
                    so_ky_hieu=cc.get("so_ky_hieu"),
                    ngay=date.fromisoformat(cc["ngay"]) if cc.get("ngay") else None,
                    co_quan=cc.get("co_quan"),
                )
            )
        record_audit(
            session=session, at=clock.now(), actor=actor, action="plan.register", document_id=doc.id,
            to_state=DocumentStatus.received, details={"sha256": plan.sha256, "file": plan.file_name},
        )  # fmt: skip
        return {"document_id": doc.id, "ref": doc.ref, "created": True, "status": doc.status}


# Recipients


@dataclass
class Resolution:
    recipients: dict[int, dict] = field(default_factory=dict)  # unit id → {role, source_line, …}
    unresolved: list[str] = field(default_factory=list)


def _add(res: Resolution, units: list[Unit], role: str, line: str) -> None:
    for u in units:
        cur = res.recipients.get(u.id)
        # acting beats being informed; the first line that names a unit is kept as its source
        if cur is None or (cur["role"] == RecipientRole.de_biet and role == RecipientRole.thuc_hien):
            res.recipients[u.id] = {"unit": u, "role": role, "source_line": line}


LOCATIVE_TAIL = re.compile(r"\s+(thi xa|thanh pho|huyen|quan|tinh|xa|phuong|thi tran)$")


def _class_kinds(folded: str) -> list[str]:
    """Return the kinds of units a plural line names ("UBND các xã, phường" → xa), ignoring a trailing place."""
    text = re.sub(r"\b(tren|thuoc) dia ban\b.*$", "", folded).strip()
    while (m := LOCATIVE_TAIL.search(text)) and PLURAL.search(text[: m.start()]) and _has_kind(text[: m.start()]):
        text = text[: m.start()]
    return [kind for words, kind in KIND_WORDS if any(re.search(rf"\b{w}\b", text) for w in words)]


def _has_kind(text: str) -> bool:
    return any(re.search(rf"\b{w}\b", text) for words, _ in KIND_WORDS for w in words)


def resolve_lines(session, issuer: Unit, lines: list[dict]) -> Resolution:  # noqa: ANN001
    """Resolve Nơi nhận lines to units: classes below the issuer, groups, and units named in full."""
    today = clock.today()
    below = list_descendants(session=session, unit_id=issuer.id, on=today)
    everyone = [u for u in list_units(session=session, on=today) if u.id != issuer.id]
    names = sorted(((fold(u.name), u) for u in everyone), key=lambda p: -len(p[0]))
    res = Resolution()
    for item in lines:
        text, role = item["text"], item.get("role") or RecipientRole.thuc_hien
        if role == RecipientRole.luu:
            continue
        f = fold(text)
        if f in ("nhu tren", "nhu kinh gui", "nhu muc kinh gui"):
            continue  # the Kính gửi list, already resolved through its own lines
        group = get_group(session=session, name=unicodedata.normalize("NFC", text.strip(" -;.:")))
        if group is None:
            group = next((g for g in _groups(session) if fold(g.name) and fold(g.name) in f), None)
        if group is not None:
            _add(res, list(list_group_units(session=session, group_id=group.id)), role, text)
            continue
        named = [u for n, u in names if n and re.search(rf"\b{re.escape(n)}\b", f)]
        if named and not PLURAL.search(f):
            _add(res, named[:1], role, text)
            continue
        kinds = _class_kinds(f) if PLURAL.search(f) else []
        if re.search(r"\bcac (co quan )?don vi truc thuoc\b", f):
            units = list(list_children(session=session, unit_id=issuer.id, on=today))
        else:
            units = [u for u in below if u.kind in kinds]
        if units:
            _add(res, units, role, text)
            continue
        if named:
            _add(res, named[:1], role, text)
            continue
        res.unresolved.append(text)
    return res


def _groups(session):  # noqa: ANN001, ANN202
    from models.org import list_groups

    return list(list_groups(session=session))


def resolve_selectors(session, issuer: Unit, selectors: list[str]) -> Resolution:  # noqa: ANN001
    """Resolve --to selectors: unit codes, group names, `children`, `descendants`."""
    today = clock.today()
    res = Resolution()
    for sel in selectors:
        s = unicodedata.normalize("NFC", sel.strip())
        if s == "children":
            units = list(list_children(session=session, unit_id=issuer.id, on=today))
        elif s == "descendants":
            units = list_descendants(session=session, unit_id=issuer.id, on=today)
        elif (g := get_group(session=session, name=s)) is not None:
            units = list(list_group_units(session=session, group_id=g.id))
        elif (u := get_unit_by_code(session=session, code=s, on=today)) is not None:
            units = [u]
        else:
            res.unresolved.append(s)
            continue
        _add(res, units, RecipientRole.thuc_hien, f"--to {s}")
    return res


# Requirements


def _rules():  # noqa: ANN202
    from kehoach import workdays

    return workdays


def first_period(period_kind: str, issued: date):  # noqa: ANN201
    """Return the first period whose ND 09 data window is still open on the issue date."""
    wd = _rules()
    p = wd.Period.containing(issued, period_kind)
    while p.window()[1] < issued:
        p = p.next()
    return p


def plan_requirements(fields: dict, *, today: date, due_override: date | None) -> tuple[list[dict], list[str]]:
    """Turn the deadlines a plan states into requirements with due rules; return them and warnings."""
    wd = _rules()
    settings = get_settings()
    warnings: list[str] = []
    reqs: list[dict] = []
    submit = [
        d for d in fields.get("deadlines") or [] if d.get("kind") == RequirementKind.submit_plan and d.get("date")
    ]
    future = [d for d in submit if date.fromisoformat(d["date"]) >= today]
    if due_override is not None:
        due = wd.next_working_day(due_override)
        reqs.append({"kind": "submit_plan", "due_rule": str(wd.FixedDate(due)), "source_text": "--due"})
    elif future:
        d = min(future, key=lambda x: x["date"])
        due = wd.next_working_day(date.fromisoformat(d["date"]))
        reqs.append({"kind": "submit_plan", "due_rule": str(wd.FixedDate(due)), "source_text": d.get("text")})
    else:
        n = settings.default_due_working_days
        due = wd.add_working_days(today, n)
        why = "chỉ nêu hạn đã qua" if submit else "không nêu hạn cho đơn vị"
        warnings.append(
            f"Văn bản {why}: hạn gửi kế hoạch của đơn vị đặt mặc định {n} ngày làm việc sau ngày ban hành, "
            f"tức {clock.vn_date_long(due)}. Dùng --due để đặt hạn khác."
        )
        reqs.append({"kind": "submit_plan", "due_rule": str(wd.FixedDate(due)), "source_text": None})
    reqs[0]["title"] = "Xây dựng kế hoạch thực hiện"
    seen: set[tuple] = set()
    for d in fields.get("deadlines") or []:
        kind, period = d.get("kind"), d.get("period")
        if kind == RequirementKind.periodic_report and period in PERIOD_KINDS:
            pk = PERIOD_KINDS[period]
            if ("periodic", pk) in seen:
                continue
            seen.add(("periodic", pk))
            rule = wd.DayOfPeriod(date.fromisoformat(d["date"]).day) if d.get("date") else wd.WorkingDaysAfterWindow(1)
            reqs.append({"kind": kind, "period_kind": pk, "due_rule": str(rule),
                         "first_period": str(first_period(pk, today)),
                         "title": f"Báo cáo định kỳ {_PERIOD_WORDS[pk]}", "source_text": d.get("text")})  # fmt: skip
        elif kind in (RequirementKind.so_ket, RequirementKind.tong_ket) and (d.get("year") or d.get("date")):
            year = d.get("year") or date.fromisoformat(d["date"]).year
            if (kind, year) in seen:
                continue
            seen.add((kind, year))
            rule = wd.FixedDate(date.fromisoformat(d["date"])) if d.get("date") else wd.WorkingDaysAfterWindow(1)
            reqs.append({"kind": kind, "period_kind": "year", "due_rule": str(rule), "first_period": str(year),
                         "title": f"{label(kind)} năm {year}", "source_text": d.get("text")})  # fmt: skip
    return reqs, warnings


_PERIOD_WORDS = {"month": "hằng tháng", "quarter": "hằng quý", "half": "6 tháng", "year": "hằng năm"}


def due_of(req: dict, period: str | None) -> date:
    """Return a requirement's due date for a period."""
    wd = _rules()
    rule = wd.parse_rule(req["due_rule"])
    return rule.due(wd.Period.parse(period) if period else None)


# Preview


@task(name="preview-plan")
def preview_plan(fields: dict, issuer_code: str, to: list[str] | None = None, due: date | None = None) -> dict:
    """Work out who receives the plan, who must act, and what by when — writing nothing.

    Args:
        fields: the fields read from the plan (`read_plan`).
        issuer_code: the issuing unit's code.
        to: selectors replacing the Nơi nhận (unit codes, group names, `children`, `descendants`).
        due: the unit plan's due date, overriding the document's.
    """
    with session_scope() as session:
        issuer = _resolve_issuer(session, issuer_code)
        lines = fields.get("noi_nhan") or []
        res = resolve_selectors(session, issuer, to) if to else resolve_lines(session, issuer, lines)
        reqs, warnings = plan_requirements(fields, today=clock.today(), due_override=due)
        recipients = [
            {"unit_id": uid, "code": r["unit"].code, "name": r["unit"].name, "role": str(r["role"]),
             "emails": r["unit"].email_list, "source_line": r["source_line"]}
            for uid, r in res.recipients.items()
        ]  # fmt: skip
        issuer_info = {"code": issuer.code, "name": issuer.name}
    recipients.sort(key=lambda r: (r["role"] != "thuc_hien", r["code"]))
    for r in reqs:
        r["first_due"] = due_of(r, r.get("first_period")).isoformat()
    if not [r for r in recipients if r["role"] == "thuc_hien"]:
        warnings.append("Không có đơn vị nào phải thực hiện. Dùng --to (mã đơn vị, nhóm, children, descendants).")
    if not fields.get("so_ky_hieu"):
        warnings.append("Văn bản không có số, ký hiệu.")
    return {
        "so_ky_hieu": fields.get("so_ky_hieu"),
        "subject": fields.get("trich_yeu"),
        "doc_type": fields.get("loai_van_ban"),
        "issuer": issuer_info,
        "issued_on": fields.get("ngay_ban_hanh"),
        "recipients": recipients,
        "unresolved": res.unresolved,
        "unreachable": [r for r in recipients if not r["emails"]],
        "requirements": reqs,
        "warnings": warnings,
        "noi_nhan": lines,
    }


@task(name="submit-for-approval")
def submit_for_approval(document_id: int, preview: dict, actor: str) -> str:
    """Save the resolved recipients and requirements, and put the plan up for a leader's approval.

    Args:
        document_id: the registered plan.
        preview: what `preview_plan` returned.
        actor: who runs the command.
    """
    with session_scope() as session:
        doc = session.get(Document, document_id)
        if doc.status not in (DocumentStatus.received, DocumentStatus.awaiting_approval, DocumentStatus.rejected):
            return doc.status  # decided or dispatched already: a rerun changes nothing
        acting = [r["unit_id"] for r in preview["recipients"] if r["role"] == "thuc_hien"]
        recipients = [{"unit_id": r["unit_id"], "role": r["role"], "source_line": r["source_line"]}
                      for r in preview["recipients"]]  # fmt: skip
        reqs = [{k: r.get(k) for k in ("kind", "period_kind", "due_rule", "first_period", "title", "source_text")}
                | {"target_unit_ids": acting} for r in preview["requirements"]]  # fmt: skip
        replace_plan_setup(session=session, document_id=doc.id, recipients=recipients, requirements=reqs)
        before, doc.status = doc.status, DocumentStatus.awaiting_approval
        session.add(doc)
        record_audit(
            session=session, at=clock.now(), actor=actor, action="plan.submit_for_approval", document_id=doc.id,
            from_state=before, to_state=doc.status,
            details={"recipients": len(recipients), "acting": len(acting), "unresolved": preview["unresolved"]},
        )  # fmt: skip
        return doc.status


@task(name="decide-plan")
def decide_plan(document_id: int, approve: bool, by: str, reason: str | None = None, due: date | None = None) -> str:
    """Record a leader's decision on a plan; approving may set the unit plan's due date.

    Args:
        document_id: the plan.
        approve: True to approve, False to reject.
        by: the leader's name.
        reason: why (required to reject).
        due: the unit plan's due date, replacing the one worked out.
    """
    wd = _rules()
    with session_scope() as session:
        doc = session.get(Document, document_id)
        if doc.status in (DocumentStatus.approved, DocumentStatus.dispatched) and approve:
            return doc.status
        if doc.status == DocumentStatus.dispatched:
            raise PlanError("kế hoạch đã ban hành, không thể từ chối nữa.", "already_dispatched", "Dùng thu hồi.")
        if doc.status not in (DocumentStatus.awaiting_approval, DocumentStatus.rejected, DocumentStatus.approved):
            raise PlanError(f"kế hoạch đang ở trạng thái “{label(doc.status)}”, chưa chờ phê duyệt.", "not_waiting")
        if not approve and not (reason or "").strip():
            raise PlanError("từ chối phải có lý do.", "reason_required", 'Thêm --reason "…".')
        if approve and due is not None:
            for req in list_requirements(session=session, document_id=doc.id):
                if req.kind == RequirementKind.submit_plan:
                    req.due_rule = str(wd.FixedDate(wd.next_working_day(due)))
                    req.source_text = f"phê duyệt: hạn {due.isoformat()}"
                    session.add(req)
        before = doc.status
        doc.status = DocumentStatus.approved if approve else DocumentStatus.rejected
        doc.approved_by, doc.approved_at, doc.decision_reason = by, clock.now(), reason
        session.add(doc)
        record_audit(
            session=session, at=clock.now(), actor=by, action="plan.approve" if approve else "plan.reject",
            document_id=doc.id, from_state=before, to_state=doc.status, reason=reason,
            details={"due": due.isoformat() if due else None},
        )  # fmt: skip
        return doc.status


# Dispatch


@task(name="open-obligations-and-queue")
def open_obligations_and_queue(document_id: int, actor: str) -> dict:
    """In one transaction: an obligation per target unit for each requirement's first period, and every notice queued.

    Args:
        document_id: an approved plan.
        actor: who approved or runs the dispatch.
    """
    from models.outbox import queue_messages

    settings = get_settings()
    now = clock.now()
    with session_scope() as session:
        doc = session.get(Document, document_id)
        if doc.status not in (DocumentStatus.approved, DocumentStatus.dispatched):
            raise PlanError(f"kế hoạch chưa được phê duyệt (trạng thái “{label(doc.status)}”).", "not_approved")
        issuer = session.get(Unit, doc.issuer_id)
        targets = list_requirement_targets(session=session, document_id=doc.id)
        rows = []
        for req in list_requirements(session=session, document_id=doc.id):
            if req.kind in (RequirementKind.so_ket, RequirementKind.tong_ket, RequirementKind.other):
                continue  # opened by the period flow when their year comes
            period = req.first_period or ""
            due = due_of({"due_rule": req.due_rule}, period or None)
            lock = _rules().next_working_day(date.fromordinal(due.toordinal() + settings.lock_days))
            for unit_id in targets.get(req.id, []):
                rows.append({"document_id": doc.id, "requirement_id": req.id, "unit_id": unit_id, "period": period,
                             "due_date": due, "lock_date": lock, "state": ObligationState.pending,
                             "link_version": 1, "created_at": now, "updated_at": now,
                             "token": _token()})  # fmt: skip
        created = insert_obligations(session=session, rows=rows)
        session.flush()
        obligations = list_obligations(session=session, document_id=doc.id)
        # the unit plan's obligation carries the link in the notice
        submit_req = next(
            (r.id for r in list_requirements(session=session, document_id=doc.id) if r.kind == "submit_plan"), None
        )
        by_unit = {o.unit_id: o for o in obligations if o.requirement_id == submit_req}
        recipients = list_recipients(session=session, document_id=doc.id)
        units = {u.id: u for u in list_units_by_ids(session=session, ids=[r.unit_id for r in recipients])}
        messages = []
        for rcp in recipients:
            unit = units[rcp.unit_id]
            ob = by_unit.get(unit.id)
            kind = "notice" if rcp.role == RecipientRole.thuc_hien and ob else "copy"
            messages.extend(notice_messages(doc, issuer, unit, ob, kind=kind, key_suffix="1"))
        queued = queue_messages(session=session, messages=messages, now=now)
        before = doc.status
        doc.status = DocumentStatus.dispatched
        session.add(doc)
        audit = [{"at": now, "actor": actor, "action": "obligation.open", "document_id": doc.id,
                  "obligation_id": o.id, "unit_id": o.unit_id, "to_state": o.state}
                 for o in obligations if o.created_at == now]  # fmt: skip
        audit.append({"at": now, "actor": actor, "action": "plan.dispatch", "document_id": doc.id,
                      "from_state": before, "to_state": doc.status,
                      "details": {"obligations": created, "queued": queued}})  # fmt: skip
        record_audit_many(session=session, entries=audit)
        return {"obligations": len(obligations), "created": created, "queued": queued, "messages": len(messages)}


def notice_messages(doc, issuer, unit, ob, *, kind: str, key_suffix: str, resend: bool = False) -> list[dict]:  # noqa: ANN001
    """Return the outbox rows that send a plan to every address of a unit (with its link when it must act)."""
    from tasks.links import link_url

    ctx = {
        "so_ky_hieu": doc.so_ky_hieu,
        "subject": doc.subject,
        "doc_type": doc.doc_type,
        "issuer": issuer.name,
        "unit_name": unit.name,
        "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
        "resend": resend,
    }
    if ob is not None:
        ctx |= {"link": link_url(ob), "due": ob.due_date.isoformat(), "lock": ob.lock_date.isoformat()}
    return [
        {
            "idempotency_key": f"{kind}:{doc.id}:{unit.id}:{addr}:{key_suffix}",
            "kind": kind,
            "to_addr": addr,
            "to_name": unit.name,
            "unit_id": unit.id,
            "document_id": doc.id,
            "obligation_id": ob.id if ob else None,
            "subject": f"{doc.doc_type} {doc.so_ky_hieu or ''} — {doc.subject}".strip()[:900],
            "template": kind,
            "context": ctx,
            "attachments": [{"sha256": doc.file_sha256, "ext": doc.file_ext, "filename": doc.file_name}],
            "reply_to": issuer.email_list[0] if issuer.email_list else None,
            "urgent": True,
        }  # fmt: skip
        for addr in unit.email_list
    ]


def _token() -> str:
    from models.types import new_token

    return new_token()


# Status


def find_plan(session, ref: str, issuer_code: str | None = None, year: int | None = None) -> Document:  # noqa: ANN001
    """Find a plan by its REF, or by its số/ký hiệu (narrowed by issuer and year when ambiguous)."""
    doc = get_document_by_ref(session=session, ref=ref.strip())
    if doc is not None:
        return doc
    issuer_id = _resolve_issuer(session, issuer_code).id if issuer_code else None
    found = find_documents_by_number(session=session, so_ky_hieu=ref.strip(), issuer_id=issuer_id, year=year)
    if not found:
        raise PlanError(f"không có kế hoạch “{ref}”.", "unknown_plan", "Xem danh sách: kehoach plan list")
    if len(found) > 1:
        raise PlanError(
            f"có {len(found)} văn bản số “{ref}”.", "ambiguous_plan", "Thêm --issuer MÃ và/hoặc --year NĂM."
        )
    return found[0]


@task(name="find-plan")
def find_plan_id(ref: str, issuer_code: str | None = None, year: int | None = None) -> int:
    """Return the id of the plan a REF or số, ký hiệu names.

    Args:
        ref: the REF, or the số, ký hiệu.
        issuer_code: narrows a số, ký hiệu used by several bodies.
        year: narrows a số, ký hiệu used in several years.
    """
    with session_scope() as session:
        return find_plan(session, ref, issuer_code, year).id


@task(name="plan-status")
def plan_status(document_id: int) -> dict:
    """Return every unit's state, due date, submission time, days late and review state, with counts.

    Args:
        document_id: the plan.
    """
    wd = _rules()
    today = clock.today()
    with session_scope() as session:
        doc = session.get(Document, document_id)
        rows = list_status_rows(session=session, document_id=document_id)
        reqs = {r.id: r for r in list_requirements(session=session, document_id=document_id)}
        from models.outbox import list_failed_messages

        failures = list_failed_messages(session=session, document_id=document_id)
    units = []
    counts: dict[str, int] = {}
    for ob, code, name, emails, review in rows:
        t = timeliness(state=ob.state, due_date=ob.due_date, lock_date=ob.lock_date, submitted_at=ob.submitted_at,
                       today=today)  # fmt: skip
        if ob.submitted_at is not None:
            days_late = max(0, wd.working_days_between(ob.due_date, clock.as_vn(ob.submitted_at).date()))
        elif t in ("overdue", "locked"):
            days_late = max(0, wd.working_days_between(ob.due_date, today))
        else:
            days_late = 0
        req = reqs.get(ob.requirement_id)
        units.append({
            "code": code, "name": name, "state": ob.state, "state_label": label(ob.state),
            "timeliness": t, "timeliness_label": label(t), "requirement": req.kind if req else None,
            "period": ob.period or None, "due": ob.due_date.isoformat(), "lock": ob.lock_date.isoformat(),
            "submitted_at": clock.as_vn(ob.submitted_at).isoformat() if ob.submitted_at else None,
            "days_late": days_late, "review": review, "review_label": label(review) if review else None,
            "email": [e for e in emails.split(",") if e] or None,
        })  # fmt: skip
        counts[ob.state] = counts.get(ob.state, 0) + 1
        counts[t] = counts.get(t, 0) + 1
    counts["total"] = len(units)
    return {
        "ref": doc.ref,
        "so_ky_hieu": doc.so_ky_hieu,
        "subject": doc.subject,
        "status": doc.status,
        "status_label": label(doc.status),
        "units": units,
        "counts": counts,
        "mail_failures": failures,
    }


@task(name="publish-plan-artifacts")
def publish_plan_artifacts(document_id: int) -> str:
    """Publish the plan's summary (markdown) and its units × state table to the Prefect UI.

    Args:
        document_id: the plan.
    """
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    status = plan_status.fn(document_id)
    with session_scope() as session:
        doc = session.get(Document, document_id)
        issuer = session.get(Unit, doc.issuer_id)
        recipients = list_recipients(session=session, document_id=document_id)
        reqs = list_requirements(session=session, document_id=document_id)
        names = {u.id: u for u in list_units_by_ids(session=session, ids=[r.unit_id for r in recipients])}
    by_role: dict[str, list[str]] = {}
    for r in recipients:
        by_role.setdefault(r.role, []).append(f"{names[r.unit_id].code} {names[r.unit_id].name}")
    c = status["counts"]
    lines = [
        f"# {doc.doc_type} {doc.so_ky_hieu or '(chưa có số)'}",
        f"**{doc.subject}**",
        "",
        f"- Cơ quan ban hành: {issuer.name} ({issuer.code})",
        f"- Ngày ban hành: {clock.vn_date_long(doc.issued_on) if doc.issued_on else '—'}",
        f"- Trạng thái: {label(doc.status)}; mã tra cứu (REF): `{doc.ref}`",
        f"- Phê duyệt: {doc.approved_by or '—'}",
        "",
        "## Nơi nhận",
    ]
    for role in ("thuc_hien", "de_biet"):
        units = by_role.get(role, [])
        shown = ", ".join(units[:30]) + (f" … và {len(units) - 30} đơn vị khác" if len(units) > 30 else "")
        lines.append(f"- **{label(role)}** ({len(units)}): {shown or '—'}")
    lines += ["", "## Yêu cầu và hạn", "| Yêu cầu | Kỳ | Hạn |", "|---|---|---|"]
    for r in reqs:
        due = due_of({"due_rule": r.due_rule}, r.first_period)
        lines.append(f"| {r.title or label(r.kind)} | {r.first_period or '—'} | {clock.vn_date_long(due)} |")
    lines += [
        "",
        "## Số lượng",
        f"- Nghĩa vụ: {c.get('total', 0)}; chưa nộp: {c.get('pending', 0)}; đã nộp: {c.get('submitted', 0)}; "
        f"đã tiếp nhận: {c.get('accepted', 0)}; trả lại: {c.get('returned', 0)}; miễn: {c.get('exempt', 0)}",
        f"- Quá hạn: {c.get('overdue', 0) + c.get('locked', 0)}; nộp trễ: {c.get('late', 0)}",
        f"- Thư gửi lỗi: {len(status['mail_failures'])}",
    ]
    key = f"plan-{doc.ref}"
    create_markdown_artifact(markdown="\n".join(lines), key=key, description=f"Tóm tắt {doc.so_ky_hieu or doc.ref}")
    table = [
        {"Mã": u["code"], "Đơn vị": u["name"], "Kỳ": u["period"] or "", "Trạng thái": u["state_label"],
         "Tiến độ": u["timeliness_label"], "Hạn": u["due"], "Ngày nộp": u["submitted_at"] or "",
         "Số ngày trễ": u["days_late"]}
        for u in status["units"]
    ]  # fmt: skip
    create_table_artifact(table=table, key=f"{key}-units", description=f"Đơn vị × trạng thái — {doc.so_ky_hieu}")
    return key


@task(name="queue-resend")
def queue_resend(document_id: int, unit_code: str, actor: str) -> int:
    """Queue a unit's notice again (after an address change), under a new idempotency key.

    Args:
        document_id: the dispatched plan.
        unit_code: the unit.
        actor: who asked.
    """
    from models.audit import count_audit
    from models.outbox import queue_messages

    now = clock.now()
    with session_scope() as session:
        doc = session.get(Document, document_id)
        if doc.status != DocumentStatus.dispatched:
            raise PlanError("kế hoạch chưa được ban hành nên chưa có thông báo để gửi lại.", "not_dispatched")
        unit = get_unit_by_code(session=session, code=unit_code, on=clock.today())
        if unit is None:
            raise PlanError(f"không có đơn vị mã “{unit_code}”.", "unknown_unit")
        if not unit.email_list:
            raise PlanError(
                f"{unit.name} chưa có địa chỉ thư.",
                "unreachable",
                f"Đặt địa chỉ: kehoach units set-email {unit.code} …",
            )
        from tasks.submissions import pick_obligation

        ob = pick_obligation(session, document_id, unit.id, None)
        n = 1 + count_audit(session=session, action="plan.resend", document_id=document_id, unit_id=unit.id)
        issuer = session.get(Unit, doc.issuer_id)
        messages = notice_messages(doc, issuer, unit, ob, kind="notice", key_suffix=f"resend{n}", resend=True)
        queued = queue_messages(session=session, messages=messages, now=now)
        record_audit(session=session, at=now, actor=actor, action="plan.resend", document_id=doc.id,
                     obligation_id=ob.id, unit_id=unit.id, details={"to": unit.email_list, "n": n})  # fmt: skip
        return queued
