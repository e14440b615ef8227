"""Signed links and the courtesy window for mail."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kehoach.settings import get_settings


@dataclass
class Ob:
    token: str = "AbC123xyz"
    unit_id: int = 42
    link_version: int = 1


def test_link_is_bound_to_obligation_unit_and_version(sqlite_db: str) -> None:
    from tasks.links import link_url, read_link, verify_link

    ob = Ob()
    url = link_url(ob)
    assert url.startswith(get_settings().portal_url + "/nop/")
    token = url.rsplit("/", 1)[1]
    assert verify_link(token, obligation=ob)
    assert not verify_link(token, obligation=Ob(unit_id=43))
    assert not verify_link(token, obligation=Ob(token="other"))
    revoked = Ob(link_version=2)  # a recall or re-issue bumps the version
    assert not verify_link(token, obligation=revoked)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert read_link(tampered) is None and read_link("rác") is None and read_link("") is None


def test_links_differ_by_secret(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tasks.links import link_url, verify_link

    token = link_url(Ob()).rsplit("/", 1)[1]
    monkeypatch.setenv("KEHOACH_SECRET_KEY", "k" * 40)
    get_settings.cache_clear()
    assert not verify_link(token, obligation=Ob())


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


def test_reminders_wait_for_the_window_but_notices_do_not(sqlite_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach import clock
    from models.db import session_scope
    from models.outbox import count_messages_by_state, queue_messages
    from tasks.mail import send_queued

    monkeypatch.setenv("KEHOACH_NOW", "2026-11-23T20:00:00+07:00")
    get_settings.cache_clear()
    with session_scope() as s:
        queue_messages(session=s, now=clock.now(), messages=[
            {"idempotency_key": "n1", "kind": "notice", "to_addr": "a@example.vn", "subject": "Thông báo",
             "template": "generic", "context": {"text": "x"}, "urgent": True},
            {"idempotency_key": "r1", "kind": "reminder", "to_addr": "b@example.vn", "subject": "Nhắc hạn",
             "template": "generic", "context": {"text": "x"}, "urgent": False},
        ])  # fmt: skip
    assert send_queued()["sent"] == 1
    with session_scope() as s:
        assert count_messages_by_state(session=s) == {"sent": 1, "queued": 1}
    monkeypatch.setenv("KEHOACH_NOW", "2026-11-25T07:30:00+07:00")
    get_settings.cache_clear()
    assert send_queued()["sent"] == 1
