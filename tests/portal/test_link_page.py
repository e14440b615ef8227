"""The link page a unit opens from its e-mail: what is asked, by when, whom to ask, what it sent; locked; reviewed."""

from __future__ import annotations

import re

import httpx
import pytest

from kehoach.settings import get_settings
from tests.portal.conftest import Portal, text_of
from tests.tasks.test_submissions import unit_plan


def set_now(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("KEHOACH_NOW", when)
    get_settings.cache_clear()


def review(portal: Portal, i: int, state: str, reason: str | None = None) -> None:
    """Record a reviewer's decision on the unit's latest version (the review screen is another issue's)."""
    from kehoach import clock
    from models.db import session_scope
    from models.obligations import get_obligation
    from models.submissions import list_submissions

    with session_scope() as s:
        ob = get_obligation(session=s, obligation_id=portal.plan.obligation_ids[i])
        sub = list_submissions(session=s, obligation_id=ob.id)[0]
        sub.review_state, sub.review_reason, sub.reviewed_at = state, reason, clock.now()
        ob.state = {"accepted": "accepted", "returned": "returned"}[state]
        s.add_all([sub, ob])


def test_the_page_says_who_what_by_when_and_whom_to_ask(portal: Portal) -> None:
    r = httpx.get(portal.link(0))
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in r.text and '<html lang="vi">' in r.text
    page = text_of(r.text)
    assert "Phường Số 1" in page and "Xây dựng kế hoạch thực hiện" in page
    assert "Kế hoạch số 55/KH-UBND ngày 20 tháng 11 năm 2026 của Ủy ban nhân dân thị xã Duyên Hải" in page
    # Monday 23/11/2026 → Tuesday 15/12/2026: 15 working days after today (24/11, Culture Day, is a day off)
    assert "Hạn nộp ngày 15 tháng 12 năm 2026" in page and "Còn 15 ngày làm việc" in page
    assert "vanthu@duyenhai.gov.vn" in page and "tối đa 20 MB" in page
    assert 'type="file"' in r.text and 'enctype="multipart/form-data"' in r.text
    assert "Đơn vị chưa nộp bản nào" in page
    # the plan's own file, as issued
    href = re.search(r'href="(/nop/[^"]+/van-ban)"', r.text).group(1)
    doc = httpx.get(portal.url + href)
    assert doc.status_code == 200 and doc.content.startswith(b"PK")
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%2055.docx" in doc.headers["content-disposition"]


def test_late_then_locked_the_page_turns_read_only_with_whom_to_contact(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_now(monkeypatch, "2026-12-18T10:00:00+07:00")  # three working days after the due date
    page = text_of(httpx.get(portal.link(0)).text)
    assert "Đã quá hạn 3 ngày làm việc" in page and "Gửi văn bản" in page
    late = portal.upload(0, "kh.docx", unit_plan(1), follow=True)
    assert "Trễ hạn" in text_of(late.text)

    set_now(monkeypatch, "2027-01-20T08:00:00+07:00")  # after the lock date (15/12 + 30 days, a working day)
    r = httpx.get(portal.link(1))
    page = text_of(r.text)
    assert r.status_code == 200 and "Kỳ báo cáo đã khóa" in page and "ngày 14 tháng 01 năm 2027" in page
    assert "Ủy ban nhân dân thị xã Duyên Hải (vanthu@duyenhai.gov.vn)" in page
    assert 'type="file"' not in r.text
    before = sorted(p.name for p in get_settings().files_dir.iterdir())
    refused = portal.upload(1, "kh.docx", unit_plan(2))
    assert refused.status_code == 403 and "Kỳ báo cáo đã khóa" in text_of(refused.text)
    assert sorted(p.name for p in get_settings().files_dir.iterdir()) == before


def test_the_locked_page_names_the_body_as_the_plan_names_it_not_the_units_list_name(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.db import session_scope
    from models.documents import get_document
    from models.org import get_unit

    with session_scope() as s:  # the official lists call the district by its place; the plan, by its body
        doc = get_document(session=s, document_id=portal.plan.document_id)
        doc.fields = {"co_quan_ban_hanh": "Ủy ban nhân dân thị xã Duyên Hải"}
        get_unit(session=s, unit_id=portal.plan.issuer_id).name = "Thị xã Duyên Hải"
    set_now(monkeypatch, "2027-01-20T08:00:00+07:00")
    page = text_of(httpx.get(portal.link(0)).text)
    assert "Kỳ báo cáo đã khóa" in page
    assert "xin liên hệ Ủy ban nhân dân thị xã Duyên Hải (vanthu@duyenhai.gov.vn)" in page
    assert "Cổng nộp văn bản Ủy ban nhân dân thị xã Duyên Hải" in page and "Thị xã Duyên Hải" not in page


def test_a_returned_version_shows_its_reason_and_takes_a_new_one_an_accepted_one_is_final(portal: Portal) -> None:
    assert portal.upload(0, "kh.docx", unit_plan(1)).status_code == 303
    review(portal, 0, "returned", "Thiếu chữ ký & <dấu> của Chủ tịch")
    r = httpx.get(portal.link(0))
    page = text_of(r.text)
    assert "Bản nộp lần 1 bị trả lại" in page and "Lý do: Thiếu chữ ký &amp; &lt;dấu&gt; của Chủ tịch" in page
    assert 'type="file"' in r.text and "Gửi bản mới" in page
    same = portal.upload(0, "kh.docx", unit_plan(1))  # the very file that was returned
    assert same.status_code == 422 and "giống hệt bản lần 1 đã bị trả lại" in text_of(same.text)
    again = portal.upload(0, "kh-bo-sung.docx", unit_plan(2), follow=True)
    assert "Đã nhận văn bản" in text_of(again.text) and "lần 2" in text_of(again.text)

    review(portal, 0, "accepted")
    r = httpx.get(portal.link(0))
    page = text_of(r.text)
    assert "Đã được tiếp nhận" in page and "đây là bản cuối cùng" in page and 'type="file"' not in r.text
    assert page.index("Đã tiếp nhận") < page.index("Trả lại")  # newest version first, each with its result
    late = portal.upload(0, "kh3.docx", unit_plan(3))
    assert late.status_code == 422 and "bản cuối cùng" in text_of(late.text)


def test_an_exempt_unit_sees_a_read_only_page(portal: Portal) -> None:
    from tasks.obligations import change_obligation, choose_obligation

    ob = choose_obligation(portal.plan.document_id, portal.plan.unit_codes[2], purpose="miễn nộp")
    change_obligation.fn(ob.obligation_id, "exempt", "Đã sáp nhập", "văn thư")
    r = httpx.get(portal.link(2))
    assert "Miễn nộp" in text_of(r.text) and 'type="file"' not in r.text
