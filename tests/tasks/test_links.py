"""Signed links against real obligations: bound to one obligation and unit, lock date, revocation, one failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from kehoach.settings import get_settings


@dataclass
class Ob:
    token: str = "AbC123xyz"
    unit_id: int = 42
    link_version: int = 1


def make_obligations(n: int = 2) -> list[int]:
    """Insert an issuer, n units, a dispatched plan and one obligation per unit; return the obligation ids."""
    from kehoach import clock
    from models.db import session_scope
    from models.documents import Document, Requirement
    from models.obligations import Obligation
    from models.org import Unit

    now = clock.now()
    with session_scope() as s:
        issuer = Unit(code="DH", name="UBND thị xã Duyên Hải", kind="huyen", emails="vanthu@duyenhai.gov.vn")
        units = [Unit(code=f"X{i}", name=f"UBND xã số {i}", kind="xa", emails=f"x{i}@example.vn") for i in range(n)]
        s.add_all([issuer, *units])
        s.flush()
        doc = Document(
            so_ky_hieu="55/KH-UBND",
            subject="Văn hóa công sở",
            issuer_id=issuer.id,
            year=2026,
            status="dispatched",
            created_at=now,
        )
        s.add(doc)
        s.flush()
        req = Requirement(document_id=doc.id, kind="submit_plan", due_rule="fixed:2026-12-15")
        s.add(req)
        s.flush()
        obs = [
            Obligation(
                document_id=doc.id,
                requirement_id=req.id,
                unit_id=u.id,
                due_date=date(2026, 12, 15),
                lock_date=date(2027, 1, 14),
                created_at=now,
                updated_at=now,
            )
            for u in units
        ]
        s.add_all(obs)
        s.flush()
        return [o.id for o in obs]


def obligation(ob_id: int):
    from models.db import session_scope
    from models.obligations import Obligation

    with session_scope() as s:
        return s.get(Obligation, ob_id)


def token_of(ob) -> str:
    from tasks.links import link_url

    url = link_url(ob)
    assert url.startswith(get_settings().portal_url + "/nop/")
    return url.rsplit("/", 1)[1]


def test_link_opens_its_own_obligation_and_takes_uploads_until_the_lock_date(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tasks.links import verify_link

    a, b = make_obligations(2)
    ob_a, ob_b = obligation(a), obligation(b)
    check = verify_link(token_of(ob_a))
    assert check.valid and check.writable and check.obligation_id == a and check.unit_id == ob_a.unit_id
    assert verify_link(token_of(ob_b)).obligation_id == b  # each unit its own link
    assert token_of(ob_a) != token_of(ob_b)

    monkeypatch.setenv("KEHOACH_NOW", "2027-01-14T16:00:00+07:00")  # the last day uploads are taken
    get_settings.cache_clear()
    assert verify_link(token_of(ob_a)).writable
    monkeypatch.setenv("KEHOACH_NOW", "2027-01-15T08:00:00+07:00")
    get_settings.cache_clear()
    locked = verify_link(token_of(ob_a))
    assert locked.valid and not locked.writable  # the page still opens, read-only
    assert "Kỳ báo cáo đã khóa" in locked.message and "ngày 14 tháng 01 năm 2027" in locked.message
    assert "UBND thị xã Duyên Hải" in locked.contact and "vanthu@duyenhai.gov.vn" in locked.message


def test_one_answer_for_tampered_revoked_recalled_and_unknown_links(sqlite_db: str) -> None:
    from models.db import session_scope
    from models.documents import Document
    from tasks.links import INVALID, LinkCheck, revoke_links, sign_link, verify_link

    a, b = make_obligations(2)
    ob_a, ob_b = obligation(a), obligation(b)
    good = token_of(ob_a)
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    other_unit = sign_link(ob_a.token, ob_b.unit_id, ob_a.link_version)  # signed, but not this unit's obligation
    unknown = sign_link("khong-co-nghia-vu-nay", ob_a.unit_id, 1)
    answers = [verify_link(t) for t in (tampered, other_unit, unknown, "rác", "", "a.b.c.d")]
    assert answers == [LinkCheck(valid=False)] * 6 and answers[0].message == INVALID

    assert revoke_links([a]) == 1  # a re-issue: the old link dies, the new one works
    assert verify_link(good) == LinkCheck(valid=False)
    assert verify_link(token_of(obligation(a))).writable

    with session_scope() as s:  # a recall: every link of the plan dies
        doc = s.get(Document, ob_b.document_id)
        doc.status = "recalled"
        s.add(doc)
    assert verify_link(token_of(ob_b)) == LinkCheck(valid=False)


def test_links_differ_by_secret(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tasks.links import read_link

    token = token_of(Ob())
    assert read_link(token) is not None
    monkeypatch.setenv("KEHOACH_SECRET_KEY", "k" * 40)
    get_settings.cache_clear()
    assert read_link(token) is None


@pytest.mark.parametrize(
    ("now", "inside"),
    [
        ("2026-11-23T09:00:00+07:00", True),  # Monday morning
        ("2026-11-23T06:59:00+07:00", False),  # before 07:00
        ("2026-11-23T17:31:00+07:00", False),  # after 17:30
        ("2026-11-24T10:00:00+07:00", False),  # Vietnam Culture Day, a day off
        ("2026-11-28T10:00:00+07:00", False),  # Saturday
        ("2026-11-23T02:30:00+00:00", True),  # 09:30 in Hà Nội
    ],
)
def test_sending_window(sqlite_db: str, monkeypatch: pytest.MonkeyPatch, now: str, inside: bool) -> None:
    from tasks.mail import in_sending_window

    monkeypatch.setenv("KEHOACH_NOW", now)
    get_settings.cache_clear()
    assert in_sending_window() is inside


def test_reminders_wait_for_the_window_but_notices_and_receipts_do_not(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kehoach import clock
    from models.db import session_scope
    from models.outbox import count_messages_by_state, queue_messages
    from tasks.mail import send_queued

    monkeypatch.setenv("KEHOACH_NOW", "2026-11-23T20:00:00+07:00")
    get_settings.cache_clear()
    link = {"text": "x", "link": "http://127.0.0.1:8000/nop/x"}
    with session_scope() as s:
        queue_messages(
            session=s,
            now=clock.now(),
            messages=[
                {
                    "idempotency_key": "n1",
                    "kind": "notice",
                    "to_addr": "a@example.vn",
                    "subject": "Thông báo",
                    "template": "generic",
                    "context": link,
                },
                {
                    "idempotency_key": "c1",
                    "kind": "receipt",
                    "to_addr": "c@example.vn",
                    "subject": "Biên nhận",
                    "template": "generic",
                    "context": link,
                },
                {
                    "idempotency_key": "r1",
                    "kind": "reminder",
                    "to_addr": "b@example.vn",
                    "subject": "Nhắc hạn",
                    "template": "generic",
                    "context": link,
                },
                {
                    "idempotency_key": "d1",
                    "kind": "digest",
                    "to_addr": "d@example.vn",
                    "subject": "Tổng hợp",
                    "template": "generic",
                    "context": link,
                },
            ],
        )
    assert send_queued()["sent"] == 2
    with session_scope() as s:
        assert count_messages_by_state(session=s) == {"sent": 2, "queued": 2}
    monkeypatch.setenv("KEHOACH_NOW", "2026-11-25T07:30:00+07:00")  # Wednesday morning
    get_settings.cache_clear()
    assert send_queued(only_urgent=True)["sent"] == 0  # asked for urgent ones only
    assert send_queued()["sent"] == 2
