"""The scheduled flows of this issue, run for real under Prefect's harness: the period-end draft goes to the issuer
once, and what units that ceased owe goes to their successors once."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from tests.factories import make_plan_in_db
from tests.tasks.test_succession import at, legacy_plan, open_tong_ket


def test_the_period_end_draft_is_made_and_mailed_once(sqlite_db: str, prefect_api: str, monkeypatch) -> None:
    from flows.compile_due_reports import compile_due_reports
    from kehoach.settings import get_settings

    make_plan_in_db(3)  # the units' plans are due 15/12/2026
    at(monkeypatch, "2026-12-15T18:00:00+07:00")
    assert compile_due_reports()["drafted"] == 0  # still due today
    at(monkeypatch, "2026-12-16T07:00:00+07:00")
    first = compile_due_reports()
    assert first["drafted"] == 1 and first["drafts"][0]["period"] is None
    assert compile_due_reports()["drafted"] == 0
    mails = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in get_settings().mail_dir.glob("*.eml")]
    drafts = [m for m in mails if m["Subject"].startswith("Dự thảo báo cáo tổng hợp")]
    assert len(drafts) == 1 and drafts[0]["To"].addresses[0].addr_spec == "vanthu@duyenhai.gov.vn"
    (attached,) = [p.get_filename() for p in drafts[0].iter_attachments()]
    assert attached.startswith("bao-cao-") and attached.endswith(".docx")


def test_what_ceased_units_owe_passes_once(sqlite_db: str, prefect_api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.pass_to_successors import pass_to_successors
    from kehoach.settings import get_settings

    plan = legacy_plan(monkeypatch)
    at(monkeypatch, "2025-01-02T09:00:00+07:00")
    open_tong_ket(plan)
    at(monkeypatch, "2025-07-10T09:00:00+07:00")
    first = pass_to_successors()
    assert (first["passed"], first["successor_obligations"], first["queued"]) == (6, 4, 4)
    again = pass_to_successors()
    assert (again["passed"], again["successor_obligations"], again["send"]) == (0, 0, None)
    mails = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in get_settings().mail_dir.glob("*.eml")]
    told = sorted(m["To"].addresses[0].addr_spec for m in mails if "đơn vị kế thừa" in m["Subject"])
    assert told == ["n1@example.vn", "n1@example.vn", "n2@example.vn", "n2@example.vn"]  # plan and tổng kết each
