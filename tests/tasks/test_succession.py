"""Across the 2025 reorganisation: a legacy plan's open obligations land on the successors once, however often the
step runs; mergers the packages do not know are recorded by hand."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_plan_in_db

LEGACY = [("L1", "Xã Cũ Một", "N1"), ("L2", "Xã Cũ Hai", "N1"), ("L3", "Xã Cũ Ba", "N2"), ("L4", "Xã Cũ Bốn", None)]


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    from kehoach.settings import get_settings

    monkeypatch.setenv("KEHOACH_NOW", when)
    get_settings.cache_clear()


def legacy_plan(monkeypatch: pytest.MonkeyPatch):
    """A 2019 plan of a district to four communes that ceased on 30/6/2025; three of them have successors."""
    from sqlalchemy import update

    from kehoach import clock
    from models.db import session_scope
    from models.org import LEGACY_END, Unit, upsert_units

    at(monkeypatch, "2019-08-27T09:00:00+07:00")
    plan = make_plan_in_db(
        4,
        unit_names=[n for _c, n, _s in LEGACY],
        issued_on=date(2019, 8, 26),
        due=date(2019, 9, 30),
        requirements=[
            {"kind": "tong_ket", "period_kind": "year", "due_rule": "fixed:2025-12-15", "first_period": "2025"},
        ],
    )
    with session_scope() as s:
        upsert_units(
            session=s,
            rows=[
                {"code": c, "name": n, "kind": "xa", "era": "2025", "valid_from": date(2025, 7, 1), "emails": e}
                for c, n, e in (("N1", "Phường Mới Một", "n1@example.vn"), ("N2", "Phường Mới Hai", "n2@example.vn"))
            ],
            now=clock.now(),
        )
        for code, (_c, _n, successor) in zip(plan.unit_codes, LEGACY, strict=True):
            s.execute(update(Unit).where(Unit.code == code).values(valid_to=LEGACY_END, successor_code=successor))
    return plan


def open_tong_ket(plan) -> None:
    """What the period flow does on 1 January 2025: the tổng kết obligations of the units alive then."""
    from kehoach import clock
    from models.db import session_scope
    from models.documents import list_requirement_targets, list_requirements
    from models.obligations import insert_obligations
    from models.types import new_token

    now = clock.now()
    with session_scope() as s:
        req = next(r for r in list_requirements(session=s, document_id=plan.document_id) if r.kind == "tong_ket")
        rows = [
            {
                "document_id": plan.document_id,
                "requirement_id": req.id,
                "unit_id": uid,
                "period": "2025",
                "due_date": date(2025, 12, 15),
                "lock_date": date(2026, 1, 14),
                "state": "pending",
                "link_version": 1,
                "created_at": now,
                "updated_at": now,
                "token": new_token(),
            }
            for uid in list_requirement_targets(session=s, document_id=plan.document_id)[req.id]
        ]
        insert_obligations(session=s, rows=rows)


def test_open_obligations_pass_to_successors_once(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.db import session_scope
    from models.obligations import list_obligations
    from models.org import get_unit
    from tasks.plans.status import plan_status
    from tasks.plans.tree import plan_tree
    from tasks.submissions import record_submission
    from tasks.succession import pass_to_successors
    from tests.factories import PlanSpec, plan_docx

    plan = legacy_plan(monkeypatch)
    l1, l2, l3, l4 = plan.unit_codes
    at(monkeypatch, "2019-09-10T09:00:00+07:00")
    record_submission.fn(plan.document_id, l2, plan_docx(PlanSpec(so_ky_hieu="07/KH-UBND")), "kh.docx", "email", "vt")
    at(monkeypatch, "2025-01-02T09:00:00+07:00")
    open_tong_ket(plan)
    at(monkeypatch, "2025-06-20T09:00:00+07:00")
    assert pass_to_successors.fn()["passed"] == 0  # nobody has ceased yet
    at(monkeypatch, "2025-07-10T09:00:00+07:00")
    first = pass_to_successors.fn()
    # L1 and L2 merged into N1, L3 into N2; L2 had sent its plan, L4 has no successor on record
    assert first | {"plans": None} == {
        "passed": 5,  # plans of L1, L3; tổng kết of L1, L2, L3
        "successor_obligations": 4,  # N1 and N2, one each per requirement and period
        "successors": 2,
        "queued": 4,
        "plans": None,
        "no_successor": 2,
    }
    for _ in range(2):
        again = pass_to_successors.fn()
        assert (again["passed"], again["successor_obligations"], again["queued"]) == (0, 0, 0)
    with session_scope() as s:
        obs = list_obligations(session=s, document_id=plan.document_id)
        code = {o.id: get_unit(session=s, unit_id=o.unit_id).code for o in obs}
    by = {(code[o.id], o.requirement_id, o.period): o for o in obs}
    tong_ket = [o for o in obs if o.period == "2025"]
    heirs = {code[o.id]: o for o in tong_ket if code[o.id] in ("N1", "N2")}
    assert sorted(heirs) == ["N1", "N2"] and heirs["N1"].due_date == date(2025, 12, 15)
    moved = {code[o.id]: code[o.transferred_to_id] for o in tong_ket if o.state == "transferred"}
    assert moved == {l1: "N1", l2: "N1", l3: "N2"}
    assert by[(l4, tong_ket[0].requirement_id, "2025")].state == "pending"  # no successor: stays, counted
    plan_ob = [o for o in obs if o.period == "" and code[o.id] == "N1"]
    assert len(plan_ob) == 1 and plan_ob[0].due_date >= date(2025, 7, 24)  # a debt passed on gets time
    assert {code[o.id] for o in obs if o.period == "" and o.state == "submitted"} == {l2}  # history stays
    # plan status and plan tree show both sides
    rows = plan_status.fn(plan.document_id)["units"]
    old = next(u for u in rows if u["code"] == l1 and u["period"] == "2025")
    new = next(u for u in rows if u["code"] == "N1" and u["period"] == "2025")
    assert old["state"] == "transferred" and old["transferred_to"] == "N1 Phường Mới Một"
    assert new["transferred_from"] == [f"{l1} Xã Cũ Một", f"{l2} Xã Cũ Hai"]
    tree = {u["code"]: u for u in plan_tree(plan.document_id)["units"]}
    assert tree[l1]["transferred_to"] == "N1 Phường Mới Một" and tree["N1"]["state"] == "pending"


def test_a_merger_the_packages_do_not_know(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach.errors import KehoachError
    from models.db import session_scope
    from models.org import get_unit_by_code, list_children
    from tasks.succession import pass_to_successors, record_succession

    plan = make_plan_in_db(3, unit_names=["Trường A", "Trường B", "Tổ chuyên môn"], parents={2: 0})
    a, b, team = plan.unit_codes
    done = record_succession.fn(a, b, date(2026, 11, 23), "Văn thư")
    assert done == {"old": a, "new": b, "on": "2026-11-23", "children": 1, "changed": True}
    assert record_succession.fn(a, b, date(2026, 11, 23), "Văn thư")["changed"] is False
    with pytest.raises(KehoachError, match="đã có đơn vị kế thừa"):
        record_succession.fn(a, team, date(2026, 11, 23), "Văn thư")
    with pytest.raises(KehoachError, match="không thể ngược lại"):
        record_succession.fn(b, a, date(2026, 11, 20), "Văn thư")
    with pytest.raises(KehoachError, match="chính nó"):
        record_succession.fn(team, team, date(2026, 11, 20), "Văn thư")
    with session_scope() as s:
        assert [u.code for u in list_children(session=s, unit_id=get_unit_by_code(session=s, code=b).id)] == [team]
    at(monkeypatch, "2026-11-24T09:00:00+07:00")
    res = pass_to_successors.fn()
    # A's plan passes to B, which owed one already: linked to it, nothing new to tell
    assert (res["passed"], res["successor_obligations"], res["queued"]) == (1, 0, 0)
