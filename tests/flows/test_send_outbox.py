"""The send-outbox flow run for real under Prefect's test harness."""

from __future__ import annotations

import pytest

from tests.outbox_rows import counts, queue_rows
from tests.smtp import SmtpSink


def test_send_mail_flow_sends_what_is_due(sqlite_db: str, prefect_api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.send_outbox import send_outbox
    from kehoach.settings import get_settings

    addrs = queue_rows(3) + queue_rows(2, prefix="nhac", kind="reminder")
    with SmtpSink() as sink:
        monkeypatch.setenv("KEHOACH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KEHOACH_SMTP_PORT", str(sink.port))
        get_settings.cache_clear()
        assert counts(send_outbox(only_urgent=True)) == {"sent": 3, "retry": 0, "failed": 0}
        assert counts(send_outbox()) == {"sent": 2, "retry": 0, "failed": 0}  # Monday 09:00: inside the window
    assert sorted(sink.collector.by_recipient()) == sorted(addrs)
