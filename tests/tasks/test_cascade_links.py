"""Recording the plans a plan is issued căn cứ: each parent under its own body, as that plan names it."""

from __future__ import annotations


def test_each_parent_is_recorded_under_its_own_issuing_body(sqlite_db: str) -> None:
    from models.db import session_scope
    from models.documents import get_document, list_document_parents
    from models.org import get_unit
    from tasks.cascade import link_parent_plans
    from tests.factories import make_plan_in_db

    province = make_plan_in_db(1, issuer_code="VL", so_ky_hieu="120/KH-UBND")
    party = make_plan_in_db(1, issuer_code="TU", so_ky_hieu="45-KH/TU")
    child = make_plan_in_db(1, issuer_code="PK", so_ky_hieu="15/KH-UBND")
    with session_scope() as s:  # the official lists name each body by its place; each plan by its body
        for plan, listed, named in (
            (province, "Tỉnh Vĩnh Long", "Ủy ban nhân dân tỉnh Vĩnh Long"),
            (party, "Tỉnh ủy Vĩnh Long (danh sách)", "Ban Thường vụ Tỉnh ủy Vĩnh Long"),
        ):
            get_unit(session=s, unit_id=plan.issuer_id).name = listed
            get_document(session=s, document_id=plan.document_id).fields = {"co_quan_ban_hanh": named}
    parents = [{"document_id": province.document_id}, {"document_id": party.document_id}]
    link_parent_plans.fn(child.document_id, parents)
    link_parent_plans.fn(child.document_id, parents)  # a rerun changes nothing
    with session_scope() as s:
        got = [(p.so_ky_hieu, p.co_quan) for p in list_document_parents(session=s, document_id=child.document_id)]
    assert got == [
        ("120/KH-UBND", "Ủy ban nhân dân tỉnh Vĩnh Long"),
        ("45-KH/TU", "Ban Thường vụ Tỉnh ủy Vĩnh Long"),
    ]
