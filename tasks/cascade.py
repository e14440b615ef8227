"""The cascade: a unit's own plan, issued căn cứ its parent's, is its submission to that parent.

The parent is a plan in the system the child cites (its number and year, owed something by the child's issuer)
or the one the operator names (`--parent REF`). The child plan is recorded as the issuer's version of the
parent's `submit_plan` obligation once it is dispatched — not when it is registered: a plan a leader may still
reject is not yet the unit's plan.
"""

from __future__ import annotations

from prefect import task

from kehoach import clock
from kehoach.errors import KehoachError
from models.audit import record_audit
from models.db import session_scope
from models.documents import (
    Document,
    find_documents_by_number,
    get_document,
    issuing_body,
    link_document_parent,
    list_document_parents,
)
from models.obligations import list_documents_owed_by, list_unit_obligations_with_requirement
from models.org import get_unit
from models.states import CLOSED_STATES, DocumentStatus, ObligationState, RequirementKind, label
from tasks.lookup import require_plan, require_unit

# A parent that takes its units' plans: issued and not recalled.
LIVE = (DocumentStatus.dispatched,)


def _cited(session, cite: dict, issuer_id: int) -> Document | None:
    """Return the one live plan a căn cứ line names that asks something of the issuer, if exactly one does."""
    number = cite.get("so_ky_hieu")
    if not number:
        return None
    year = int(str(cite["ngay"])[:4]) if cite.get("ngay") else None
    found = find_documents_by_number(session=session, so_ky_hieu=number, year=year, live_only=True)
    found = [d for d in found if d.status in LIVE]
    # every People's Committee numbers its plans from 01: the parent is the one that owes the issuer's unit
    owed = list_documents_owed_by(session=session, unit_id=issuer_id, document_ids=[d.id for d in found])
    mine = [d for d in found if d.id in owed]
    return mine[0] if len(mine) == 1 else None


def _plan_obligation(session, parent_id: int, unit_id: int):
    """Return the unit's plan obligation under a parent: an open one first, else the latest of any state."""
    rows = [
        ob
        for ob, kind, _title in list_unit_obligations_with_requirement(
            session=session, document_id=parent_id, unit_id=unit_id
        )
        if kind == RequirementKind.submit_plan
    ]
    open_ = [ob for ob in rows if ob.state not in CLOSED_STATES and ob.state != ObligationState.accepted]
    return (open_ or rows[-1:] or [None])[0]


def _describe(doc: Document, ob) -> dict:
    return {
        "document_id": doc.id,
        "ref": doc.ref,
        "so_ky_hieu": doc.so_ky_hieu,
        "subject": doc.subject,
        "obligation_id": ob.id if ob else None,
        "state": ob.state if ob else None,
        "state_label": label(ob.state) if ob else None,
        "due": ob.due_date.isoformat() if ob else None,
    }


@task(name="find-parent-plans")
def find_parent_plans(fields: dict, issuer_code: str, parent_ref: str | None = None) -> list[dict]:
    """Return the plans in the system a plan answers: the one named, else those its căn cứ cite — writing nothing.

    A named parent that asks nothing of the issuer, or is not issued, is refused here, before anything is kept.

    Args:
        fields: what was read from the plan (its `can_cu`).
        issuer_code: the issuing unit.
        parent_ref: the parent's REF or số, ký hiệu (`--parent`), instead of the căn cứ.
    """
    with session_scope() as session:
        issuer = require_unit(session, issuer_code, what="đơn vị ban hành")
        if parent_ref:
            parent = require_plan(session, parent_ref)
            if parent.status not in LIVE:
                raise KehoachError(
                    f"kế hoạch cấp trên {parent.so_ky_hieu or parent.ref} đang ở trạng thái “{label(parent.status)}”, "
                    "không nhận kế hoạch của đơn vị.",
                    "parent_not_live",
                    "Kiểm tra lại REF của kế hoạch cấp trên: kehoach plan list",
                )
            ob = _plan_obligation(session, parent.id, issuer.id)
            if ob is None:
                raise KehoachError(
                    f"kế hoạch {parent.so_ky_hieu or parent.ref} không giao {issuer.name} xây dựng kế hoạch.",
                    "not_asked",
                    f"Xem các đơn vị được giao: kehoach plan status {parent.ref}",
                )
            return [_describe(parent, ob)]
        out: dict[int, dict] = {}
        for cite in fields.get("can_cu") or []:
            parent = _cited(session, cite, issuer.id)
            if parent is not None and parent.id not in out:
                out[parent.id] = _describe(parent, _plan_obligation(session, parent.id, issuer.id))
        return list(out.values())


@task(name="link-parent-plans")
def link_parent_plans(document_id: int, parents: list[dict]) -> None:
    """Record that a registered plan is issued căn cứ these plans in the system (a rerun changes nothing).

    Args:
        document_id: the child plan.
        parents: what `find_parent_plans` returned.
    """
    with session_scope() as session:
        for p in parents:
            parent = get_document(session=session, document_id=p["document_id"])
            issuer = get_unit(session=session, unit_id=parent.issuer_id) if parent.issuer_id else None
            issuer_name = issuing_body(parent, issuer) or None  # each parent's own body, as that plan names it
            link_document_parent(
                session=session,
                document_id=document_id,
                parent_id=parent.id,
                so_ky_hieu=parent.so_ky_hieu,
                ngay=parent.issued_on,
                co_quan=issuer_name,
            )


@task(name="answer-parent-plans")
def answer_parent_plans(document_id: int, actor: str) -> list[dict]:
    """Record a dispatched plan as its issuer's own plan under each parent it answers (channel "cascade").

    Căn cứ lines still unresolved (the parent was registered later) are resolved now. What a parent cannot take
    (its plan obligation accepted, exempt or passed on) is reported, not raised: the child plan is out either way.

    Args:
        document_id: the dispatched child plan.
        actor: who approved it (the submission's author in the audit log).
    """
    with session_scope() as session:
        doc = get_document(session=session, document_id=document_id)
        if doc.status != DocumentStatus.dispatched or not doc.issuer_id or not doc.file_sha256:
            return []
        parents: list[int] = []
        for row in list_document_parents(session=session, document_id=doc.id):
            if row.parent_id is None:
                cite = {"so_ky_hieu": row.so_ky_hieu, "ngay": row.ngay.isoformat() if row.ngay else None}
                found = _cited(session, cite, doc.issuer_id)
                if found is not None:
                    row.parent_id = found.id
                    session.add(row)
            if row.parent_id is not None and row.parent_id != doc.id and row.parent_id not in parents:
                parents.append(row.parent_id)
        work = []
        for pid in parents:
            parent = get_document(session=session, document_id=pid)
            ob = _plan_obligation(session, pid, doc.issuer_id) if parent.status in LIVE else None
            if ob is not None:
                work.append((parent, ob))
        file = (doc.file_sha256, doc.file_ext, doc.file_name or f"ke-hoach.{doc.file_ext}")
    if not work:
        return []
    # imported only when a parent is answered: most plans answer none, and these modules take 30 ms to load
    from tasks.storage import read_stored
    from tasks.submissions import record_submission

    data = read_stored(file[0], file[1])
    out = []
    for parent, ob in work:
        row = _describe(parent, ob)
        try:
            res = record_submission.fn(parent.id, None, data, file[2], "cascade", actor, obligation_id=ob.id)
        except KehoachError as exc:
            out.append(row | {"recorded": False, "note": exc.message})
            continue
        out.append(
            row
            | {
                "recorded": not res["duplicate"],
                "version": res["version"],
                "receipt_no": res["receipt_no"],
                "on_time": res["on_time"],
                "state": res["state"],
                "state_label": label(res["state"]),
            }
        )
        if not res["duplicate"]:
            with session_scope() as session:
                record_audit(
                    session=session,
                    at=clock.now(),
                    actor=actor,
                    action="plan.answer_parent",
                    document_id=document_id,
                    obligation_id=ob.id,
                    unit_id=ob.unit_id,
                    details={"parent": parent.ref, "version": res["version"], "receipt": res["receipt_no"]},
                )
    return out
