"""The follow-up's logic, moving the clock through a plan's life (tasks called directly; the flows run elsewhere)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from kehoach import workdays
from kehoach.settings import get_settings
from tests.factories import make_plan_in_db

MONTHLY = {
    "kind": "periodic_report",
    "period_kind": "month",
    "due_rule": "day:20",
    "first_period": "2026-12",
    "title": "Báo cáo định kỳ hằng tháng",
}


def at(monkeypatch: pytest.MonkeyPatch, day: str, hour: str = "07:00") -> None:
    """Move the one clock."""
    monkeypatch.setenv("KEHOACH_NOW", f"{day}T{hour}:00+07:00")
    get_settings.cache_clear()


def messages(kind: str | None = None) -> list:
    from models.db import session_scope
    from models.outbox import OutgoingMessage

    with session_scope() as s:
        stmt = select(OutgoingMessage).order_by(OutgoingMessage.id)
        if kind:
            stmt = stmt.where(OutgoingMessage.kind == kind)
        return list(s.exec(stmt).all())


def chase() -> dict:
    from tasks.followup.chase import chase_due_and_late

    return chase_due_and_late.fn()


def render(row) -> str:
    """Return a queued message's plain text as the unit reads it."""
    from email import message_from_bytes, policy

    from tasks.mail.compose import build_message

    return message_from_bytes(build_message(row), policy=policy.default).get_body(("plain",)).get_content()


# Which step a due date is in


def test_step_windows_match_counting_working_days() -> None:
    from tasks.followup.chase import step_windows

    def expected(today: date, due: date) -> str | None:
        ahead = workdays.working_days_between(today, due)
        late = workdays.working_days_between(due, today)
        if due > today:
            steps = [r for r in (3, 1) if ahead <= r]
            return f"before:{min(steps)}" if steps else None
        if due < today:
            steps = [s for s in (1, 5, 10) if late >= s]
            return f"after:{max(steps)}" if steps else None
        return None

    day = date(2026, 12, 1)
    while day < date(2027, 3, 1):  # Tết 2027 included
        if workdays.is_working_day(day):
            windows = step_windows(day, [3, 1], [1, 5, 10])
            for offset in range(-40, 20):
                due = workdays.next_working_day(day + timedelta(days=offset))
                got = [s for s, lo, hi in windows if (lo is None or lo <= due) and due <= hi]
                assert got == ([expected(day, due)] if expected(day, due) else []), (day, due, got)
        day += timedelta(days=1)


# Reminders and chasing


def test_reminders_three_and_one_working_days_before_skipping_new_year(db: str, monkeypatch) -> None:
    # due Tuesday 05/01/2027; Friday 01/01/2027 is New Year's Day: 3 working days before is Wednesday 30/12
    plan = make_plan_in_db(3, due=date(2027, 1, 5))
    sent_on: dict[str, list[str]] = {}
    day = date(2026, 12, 24)
    while day <= date(2027, 1, 22):
        at(monkeypatch, day.isoformat())
        before = {m.id for m in messages()}
        res = chase()
        assert chase()["queued"] == 0  # twice at the same moment: nothing new
        new = [m for m in messages() if m.id not in before]
        if not workdays.is_working_day(day):
            assert not res["working_day"] and not new
        for m in new:
            sent_on.setdefault(m.kind, []).append(day.isoformat())
        day += timedelta(days=1)
    # one message per unit each time (3 units, one address each)
    assert sent_on["reminder"] == ["2026-12-30"] * 3 + ["2027-01-04"] * 3
    # 1, 5 and 10 working days late: 06/01, 12/01, 19/01
    assert sent_on["overdue"] == ["2027-01-06"] * 3 + ["2027-01-12"] * 3 + ["2027-01-19"] * 3
    reminder = messages("reminder")[0]
    text = render(reminder)
    assert "hạn ngày 05 tháng 01 năm 2027, còn 3 ngày làm việc" in text and "/nop/" in text
    assert reminder.subject.startswith("Nhắc hạn ngày 05 tháng 01 năm 2027: Xây dựng kế hoạch thực hiện theo 55/KH")
    late = render(messages("overdue")[-1])
    assert "đã quá hạn 10 ngày làm việc" in late and "Đề nghị đơn vị khẩn trương gửi" in late
    assert not messages("reminder")[0].urgent  # they wait for the sending window
    from models.db import session_scope
    from models.followup import count_steps

    with session_scope() as s:
        assert count_steps(session=s, document_id=plan.document_id) == {
            "before:3": 3,
            "before:1": 3,
            "after:1": 3,
            "after:5": 3,
            "after:10": 3,
        }


def test_nothing_is_chased_once_sent_exempt_or_locked(sqlite_db: str, monkeypatch) -> None:
    from tests.tasks.test_submissions import record, unit_plan

    plan = make_plan_in_db(3, due=date(2026, 12, 15))
    at(monkeypatch, "2026-12-14", "09:00")
    record(plan, 0, unit_plan(0))
    from tasks.obligations import change_obligation

    change_obligation.fn(plan.obligation_ids[1], "exempt", "Sáp nhập", "văn thư")
    at(monkeypatch, "2026-12-16")
    res = chase()
    assert (res["overdue"], res["units"]) == (1, 1)
    # the lock date (15/01/2027 + weekend rule) passed: no link to send, no more chasing
    at(monkeypatch, "2027-03-01")
    assert chase()["overdue"] == 0


def test_a_unit_with_several_things_due_gets_one_message(sqlite_db: str, monkeypatch) -> None:
    # the unit's plan is due 18/12/2026, its December report 21/12 (20/12 is a Sunday); on 16/12 the plan is 2
    # working days ahead (step 3) and the report 3 (step 3): one message lists both
    make_plan_in_db(2, due=date(2026, 12, 18), requirements=[MONTHLY])
    at(monkeypatch, "2026-12-16")
    res = chase()
    assert (res["reminders"], res["units"]) == (4, 2)
    (first, second) = messages("reminder")
    text = render(first)
    assert "2 việc sau sắp đến hạn" in text
    assert "1. Xây dựng kế hoạch thực hiện" in text and "2. Báo cáo định kỳ hằng tháng, kỳ tháng 12/2026" in text
    assert "(số liệu từ 15/11/2026 đến 14/12/2026)" in text and "(và 1 việc khác)" in first.subject


def test_late_and_due_on_one_day_make_one_chasing_message(sqlite_db: str, monkeypatch) -> None:
    # 16/12/2026: the unit's plan (due 15/12) is 1 working day late, its December report (due 21/12) 3 ahead
    make_plan_in_db(1, due=date(2026, 12, 15), requirements=[MONTHLY])
    at(monkeypatch, "2026-12-16")
    assert chase()["units"] == 1
    (late,) = messages("overdue")
    text = render(late)
    assert late.kind == "overdue" and late.subject.endswith("đã quá hạn (và 1 việc khác)")
    assert text.index("việc sau đã quá hạn") < text.index("Sắp đến hạn:") < text.index("Báo cáo định kỳ")


def test_an_extension_is_told_and_starts_the_steps_again(sqlite_db: str, monkeypatch) -> None:
    from tasks.obligations import change_obligation

    plan = make_plan_in_db(1, due=date(2026, 12, 15))
    at(monkeypatch, "2026-12-16")
    assert chase()["overdue"] == 1
    change_obligation.fn(plan.obligation_ids[0], "extend", "Thiên tai", "văn thư", date(2026, 12, 28))
    (told,) = messages("extended")
    text = render(told)
    assert told.urgent and "đồng ý gia hạn Xây dựng kế hoạch thực hiện" in text
    assert "đến ngày 28 tháng 12 năm 2026" in text and "Lý do: Thiên tai" in text and "/nop/" in text
    at(monkeypatch, "2026-12-23")  # 3 working days before the new date
    assert chase()["reminders"] == 1
    at(monkeypatch, "2026-12-29")
    assert chase()["overdue"] == 1
    change_obligation.fn(plan.obligation_ids[0], "exempt", "Đơn vị giải thể", "văn thư")
    assert "miễn cho đơn vị Xây dựng kế hoạch thực hiện" in render(messages("exempted")[0])


# Digest and letter


def test_weekly_digest_only_while_some_are_late(db: str, monkeypatch) -> None:
    from tasks.followup.digest import plan_supervisors, queue_digests
    from tests.tasks.test_submissions import record, unit_plan

    plan = make_plan_in_db(3, due=date(2026, 12, 15))
    at(monkeypatch, "2026-12-14")  # a Monday: nobody late yet
    assert queue_digests.fn() == {"plans": 0, "queued": 0}
    at(monkeypatch, "2026-12-21")
    record(plan, 0, unit_plan(0))
    assert queue_digests.fn()["queued"] == 1
    assert queue_digests.fn()["queued"] == 0  # once a week
    at(monkeypatch, "2026-12-23")
    assert queue_digests.fn()["queued"] == 0
    (digest,) = messages("digest")
    assert digest.to_addr == "vanthu@duyenhai.gov.vn"  # the issuer's address by default
    text = render(digest)
    assert "Quá hạn chưa nộp: 2" in text and "Phường Số 2: Xây dựng kế hoạch thực hiện, quá hạn 4 ngày" in text
    assert "/theo-doi/" in text and f"kehoach watch --letter {plan.ref}" in text
    plan_supervisors(plan.document_id, ["lanhdao@duyenhai.gov.vn", "vp@duyenhai.gov.vn"])
    at(monkeypatch, "2026-12-28")
    assert queue_digests.fn()["queued"] == 2
    for i in (1, 2):
        record(plan, i, unit_plan(i))
    at(monkeypatch, "2027-01-04")
    assert queue_digests.fn()["queued"] == 0  # nobody late: no digest


def test_the_chase_letter_lists_the_late_units(sqlite_db: str, monkeypatch) -> None:
    from docx import Document as Docx

    from kehoach.errors import KehoachError
    from tasks.followup.letter import write_chase_letter

    plan = make_plan_in_db(3, due=date(2026, 12, 15))
    at(monkeypatch, "2026-12-10")
    with pytest.raises(KehoachError, match="không có đơn vị nào quá hạn"):
        write_chase_letter.fn(plan.document_id)
    at(monkeypatch, "2026-12-18", "10:00")
    res = write_chase_letter.fn(plan.document_id)
    assert res["units"] == 3 and res["due"] == "2026-12-25"
    from pathlib import Path

    from tasks.reading.parse import read_document

    fields = read_document(Path(res["path"]).read_bytes(), "cong-van.docx").to_json_dict()
    assert fields["trich_yeu"] == "đôn đốc gửi kế hoạch thực hiện theo Kế hoạch số 55/KH-UBND"
    assert fields["ngay_ban_hanh"] == "2026-12-18" and fields["co_quan_ban_hanh"] == "Ủy ban nhân dân thị xã Duyên Hải"
    doc = Docx(res["path"])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "3 đơn vị sau chưa gửi kế hoạch thực hiện" in text and "trước ngày 25 tháng 12 năm 2026" in text
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert any("V/v đôn đốc gửi" in c for row in cells for c in row)
    assert ["1", "Phường Số 1", "Xây dựng kế hoạch thực hiện", "15/12/2026", "3 ngày làm việc"] in cells


def test_the_chase_letter_is_from_the_body_the_plan_names(sqlite_db: str, monkeypatch) -> None:
    """The official lists name a province "Tỉnh Vĩnh Long"; a letter is from "Ủy ban nhân dân tỉnh Vĩnh Long"."""
    from docx import Document as Docx

    from models.db import session_scope
    from models.documents import Document
    from models.org import Unit
    from tasks.followup.letter import write_chase_letter

    plan = make_plan_in_db(2, due=date(2026, 12, 15))
    with session_scope() as s:
        s.get(Unit, plan.issuer_id).name = "Tỉnh Vĩnh Long"
        doc = s.get(Document, plan.document_id)
        doc.fields = {"co_quan_ban_hanh": "Ủy ban nhân dân tỉnh Vĩnh Long"}
        s.commit()
    at(monkeypatch, "2026-12-18", "10:00")
    res = write_chase_letter.fn(plan.document_id)
    docx = Docx(res["path"])
    text = "\n".join(p.text for p in docx.paragraphs)
    cells = "\n".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
    assert "của Ủy ban nhân dân tỉnh Vĩnh Long về" in text and "Tỉnh Vĩnh Long" not in text
    assert "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG" in cells and "Vĩnh Long, ngày 18 tháng 12 năm 2026" in cells


# Periods


def open_periods() -> dict:
    from tasks.followup.periods import open_due_periods

    return open_due_periods.fn()


def obligations_of(document_id: int) -> list:
    from models.db import session_scope
    from models.obligations import list_obligations

    with session_scope() as s:
        return list(list_obligations(session=s, document_id=document_id))


def test_monthly_periods_open_over_a_year_each_once(sqlite_db: str, monkeypatch) -> None:
    quarterly = MONTHLY | {"period_kind": "quarter", "first_period": "2026-Q4", "title": "Báo cáo quý"}
    plan = make_plan_in_db(2, due=date(2026, 12, 15), requirements=[MONTHLY, quarterly])
    opened_on: dict[str, str] = {}
    day = date(2026, 11, 23)
    while day <= date(2027, 12, 31):
        at(monkeypatch, day.isoformat(), "06:30")
        res = open_periods()
        assert open_periods()["obligations"] == 0  # twice: nothing twice
        for o in obligations_of(plan.document_id):
            opened_on.setdefault(o.period, day.isoformat())
        day += timedelta(days=1)
    obs = obligations_of(plan.document_id)
    monthly = sorted(o.period for o in obs if "-" in o.period and "Q" not in o.period and o.unit_id == obs[0].unit_id)
    assert monthly == ["2026-12"] + [f"2027-{m:02d}" for m in range(1, 13)] + ["2028-01"]
    assert len({(o.requirement_id, o.unit_id, o.period) for o in obs}) == len(obs)
    # a period opens on the first day of its ND 09 data window
    assert opened_on["2027-01"] == "2026-12-15" and opened_on["2027-Q2"] == "2027-03-15"
    assert opened_on["2028-01"] == "2027-12-15"
    due = {o.period: o.due_date for o in obs}
    assert due["2027-01"] == date(2027, 1, 20) and due["2027-06"] == date(2027, 6, 21)  # 20/06/2027: Sunday
    # one notice per unit and opening day: 15/12/2026 opened 2027-01 and 2027-Q1 together
    per_day = [(m.to_addr, m.created_at.date()) for m in messages("period_opened")]
    assert len(per_day) == len(set(per_day))
    first = next(m for m in messages("period_opened") if m.context["items"][0]["period_label"] == "tháng 01/2027")
    text = render(first)
    assert "2 kỳ báo cáo sau đã mở" in text and "kỳ quý I/2027" in text and "hạn ngày 20 tháng 01 năm 2027" in text
    assert res["obligations"] == 0


def test_so_ket_and_tong_ket_open_in_their_years_and_reports_stop_after(db: str, monkeypatch) -> None:
    yearly = MONTHLY | {"period_kind": "year", "first_period": "2026", "due_rule": "wd_after_window:1"}
    reviews = [
        {"kind": "so_ket", "period_kind": "year", "due_rule": "fixed:2028-06-30", "first_period": "2028"},
        {"kind": "tong_ket", "period_kind": "year", "due_rule": "wd_after_window:1", "first_period": "2030"},
    ]
    plan = make_plan_in_db(2, due=date(2026, 12, 15), requirements=[yearly, *reviews])
    kinds = {}

    def opened() -> set[str]:
        from models.db import session_scope
        from models.documents import list_requirements

        with session_scope() as s:
            kinds.update({r.id: r.kind for r in list_requirements(session=s, document_id=plan.document_id)})
        return {f"{kinds[o.requirement_id]}:{o.period}" for o in obligations_of(plan.document_id)}

    at(monkeypatch, "2027-12-31")
    open_periods()
    assert "so_ket:2028" not in opened() and "periodic_report:2028" in opened()  # 2028 opened on 15/12/2027
    at(monkeypatch, "2028-01-01")
    assert open_periods()["obligations"] == 2
    so_ket = [o for o in obligations_of(plan.document_id) if kinds[o.requirement_id] == "so_ket"]
    assert {o.due_date for o in so_ket} == {date(2028, 6, 30)}
    at(monkeypatch, "2030-01-02")
    open_periods()
    assert "tong_ket:2030" in opened()
    at(monkeypatch, "2033-01-02")
    open_periods()
    years = sorted(p.split(":")[1] for p in opened() if p.startswith("periodic_report"))
    # the tổng kết is due 16/12/2030: the year under way then is the last report asked for
    assert years == ["2026", "2027", "2028", "2029", "2030"]
    (tong_ket,) = {o.due_date for o in obligations_of(plan.document_id) if kinds[o.requirement_id] == "tong_ket"}
    assert tong_ket == date(2030, 12, 16)  # 15/12/2030 is a Sunday


def test_the_deadline_kinds_a_plan_states_reach_the_periods_opened(sqlite_db: str, monkeypatch) -> None:
    """Issue 13: "trước ngày 20 hằng tháng", "định kỳ 6 tháng, năm", "Tháng 6 năm 2028: Sơ kết", "Tháng 12 năm
    2030: Tổng kết", read from a plan's table and text, become the periods the follow-up opens, with their dates."""
    from tasks.plans import plan_requirements
    from tasks.reading.parse import read_document
    from tests.docbuild import build_docx, parse_doc_text
    from tests.tasks.reading.test_kinds import TABLE_PLAN

    fields = read_document(build_docx(parse_doc_text(TABLE_PLAN)), "plan.docx").to_json_dict()
    reqs, _ = plan_requirements(fields, today=date(2025, 12, 1), due_override=None)
    keys = ("kind", "period_kind", "due_rule", "first_period", "title")
    plan = make_plan_in_db(
        1,
        due=date(2026, 1, 15),
        issued_on=date(2025, 12, 1),
        requirements=[{k: r.get(k) for k in keys} for r in reqs if r["kind"] != "submit_plan"],
    )
    for day in ("2026-01-02", "2026-06-15", "2028-01-03", "2030-01-02"):
        at(monkeypatch, day)
        open_periods()
    from models.db import session_scope
    from models.documents import list_requirements

    with session_scope() as s:
        kinds = {r.id: r.kind for r in list_requirements(session=s, document_id=plan.document_id)}
    due = {(kinds[o.requirement_id], o.period): o.due_date for o in obligations_of(plan.document_id)}
    report = "periodic_report"
    # day 20 of each month
    assert due[report, "2026-01"] == date(2026, 1, 20) and due[report, "2026-07"] == date(2026, 7, 20)
    assert due[report, "2026-H1"] == date(2026, 6, 15)  # one working day after the window closes on 14/06
    assert due[report, "2028"] == date(2028, 12, 15)
    assert due["so_ket", "2028"] == date(2028, 6, 30)  # "Tháng 6 năm 2028: Sơ kết": the month's last working day
    assert due["tong_ket", "2030"] == date(2030, 12, 31)  # "Tháng 12 năm 2030: Tổng kết"


# Review


def test_return_opens_the_obligation_again_and_accept_is_final(db: str, monkeypatch) -> None:
    from kehoach.errors import KehoachError
    from tasks.followup.review import review_submission
    from tests.tasks.test_submissions import record, unit_plan

    plan = make_plan_in_db(2, due=date(2026, 12, 15))
    code = plan.unit_codes[0]
    with pytest.raises(KehoachError, match="chưa gửi bản nào"):
        review_submission.fn(plan.document_id, code, True, "Chánh Văn phòng")
    at(monkeypatch, "2026-12-14", "09:00")
    record(plan, 0, unit_plan(0))
    with pytest.raises(KehoachError, match="lý do"):
        review_submission.fn(plan.document_id, code, False, "Chánh Văn phòng", "  ")
    at(monkeypatch, "2026-12-14", "15:00")
    res = review_submission.fn(plan.document_id, code, False, "Chánh Văn phòng", "Thiếu chữ ký và đóng dấu")
    # due again no sooner than 5 working days on: Monday 21/12/2026
    assert (res["state"], res["due"], res["version"], res["told"]) == ("returned", "2026-12-21", 1, 1)
    (told,) = messages("returned")
    text = render(told)
    assert told.urgent and "Lý do: Thiếu chữ ký và đóng dấu" in text and "/nop/" in text
    assert "gửi lại trước ngày 21 tháng 12 năm 2026" in text
    with pytest.raises(KehoachError, match="đã bị trả lại"):
        review_submission.fn(plan.document_id, code, True, "Chánh Văn phòng")
    at(monkeypatch, "2026-12-16", "09:00")
    assert chase()["overdue"] == 1  # the other unit; the returned one is not late yet
    record(plan, 0, unit_plan(0, subject="Kế hoạch đã bổ sung chữ ký"))
    res = review_submission.fn(plan.document_id, code, True, "Chánh Văn phòng")
    assert (res["state"], res["version"]) == ("accepted", 2)
    assert "Bản nộp lần 2 của đơn vị theo 55/KH-UBND đã được tiếp nhận (Chánh Văn phòng)" in render(
        messages("accepted")[0]
    )
    with pytest.raises(KehoachError, match="bản cuối cùng"):
        record(plan, 0, unit_plan(5))
    with pytest.raises(KehoachError, match="đã được tiếp nhận"):
        review_submission.fn(plan.document_id, code, False, "Chánh Văn phòng", "Sai")
