"""Settings, the one clock, and the data model's invariants on both backends."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from kehoach import clock
from kehoach.settings import Settings, get_settings


def test_defaults_run_with_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for k in ("KEHOACH_DATA_DIR", "KEHOACH_DATABASE_URL", "KEHOACH_NOW", "KEHOACH_SECRET_KEY"):
        monkeypatch.delenv(k, raising=False)
    s = Settings()
    assert s.env == "development" and s.smtp_host is None and s.smtp_tls == "none"
    assert s.db_url == f"sqlite:///{(tmp_path / 'var' / 'kehoach.db').resolve()}"
    key = s.signing_key()
    assert len(key) >= 32 and (tmp_path / "var" / "secret_key").read_bytes().strip() == key
    assert Settings().signing_key() == key  # generated once, then kept


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEHOACH_SMTP_HOST", raising=False)
    (tmp_path / ".env").write_text("KEHOACH_SMTP_HOST=mail.example.vn\nKEHOACH_SMTP_TLS=starttls\n")
    s = Settings()
    assert (s.smtp_host, s.smtp_tls) == ("mail.example.vn", "starttls")


@pytest.mark.parametrize("key", [None, "changeme", "short"])
def test_production_refuses_placeholder_secret(monkeypatch: pytest.MonkeyPatch, key: str | None) -> None:
    monkeypatch.setenv("KEHOACH_ENV", "production")
    if key is None:
        monkeypatch.delenv("KEHOACH_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("KEHOACH_SECRET_KEY", key)
    with pytest.raises(ValueError, match="KEHOACH_SECRET_KEY"):
        Settings()
    monkeypatch.setenv("KEHOACH_SECRET_KEY", "x" * 40)
    assert Settings().env == "production"


def test_fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEHOACH_NOW", "2023-02-05T08:30:00+07:00")
    get_settings.cache_clear()
    try:
        assert clock.now() == datetime(2023, 2, 5, 1, 30, tzinfo=UTC)
        assert clock.now().utcoffset().total_seconds() == 7 * 3600
        assert clock.today() == date(2023, 2, 5)
        monkeypatch.setenv("KEHOACH_NOW", "2023-02-05T23:30:00+00:00")  # already 6 Feb in Hà Nội
        get_settings.cache_clear()
        assert clock.today() == date(2023, 2, 6)
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2023, 2, 5), "ngày 05 tháng 02 năm 2023"),
        (date(2019, 8, 26), "ngày 26 tháng 8 năm 2019"),
        (date(2025, 1, 1), "ngày 01 tháng 01 năm 2025"),
        (date(2025, 12, 9), "ngày 09 tháng 12 năm 2025"),
    ],
)
def test_legal_date_form(d: date, text: str) -> None:
    assert clock.vn_date_long(d) == text


def _plan(session, issuer_id: int, number: str = "55/KH-UBND"):
    from models.documents import Document

    doc = Document(so_ky_hieu=number, issuer_id=issuer_id, year=2019, created_at=clock.now())
    session.add(doc)
    session.flush()
    return doc


def test_number_unique_per_issuer_per_year(db: str) -> None:
    from models.db import session_scope
    from models.org import Unit

    with session_scope() as s:
        a = Unit(code="A", name="UBND A", kind="huyen")
        b = Unit(code="B", name="UBND B", kind="huyen")
        s.add_all([a, b])
        s.flush()
        _plan(s, a.id)
        _plan(s, b.id)  # another body may use the same number
    with pytest.raises(IntegrityError), session_scope() as s:
        _plan(s, a.id)


def test_timestamps_are_timezone_aware_and_naive_refused(db: str) -> None:
    from models.audit import AuditEntry, list_audit
    from models.db import session_scope

    with session_scope() as s:
        s.add(AuditEntry(at=clock.now(), actor="thử", action="test"))
    with session_scope() as s:
        (entry,) = list_audit(session=s)
        assert entry.at.tzinfo is not None and entry.at == clock.now()
    with pytest.raises(Exception, match="naive"), session_scope() as s:
        s.add(AuditEntry(at=datetime(2026, 1, 1), actor="thử", action="test"))
        s.flush()


def test_timeliness_is_derived() -> None:
    from models.obligations import timeliness

    due, lock = date(2026, 3, 10), date(2026, 4, 9)
    on_time = datetime(2026, 3, 10, 16, 0, tzinfo=clock.VN_TZ)
    late = datetime(2026, 3, 11, 0, 5, tzinfo=clock.VN_TZ)
    assert (
        timeliness(state="submitted", due_date=due, lock_date=lock, submitted_at=on_time, today=date(2026, 5, 1))
        == "on_time"
    )
    assert (
        timeliness(state="accepted", due_date=due, lock_date=lock, submitted_at=late, today=date(2026, 3, 11)) == "late"
    )
    assert (
        timeliness(state="pending", due_date=due, lock_date=lock, submitted_at=None, today=date(2026, 3, 10)) == "due"
    )
    assert (
        timeliness(state="pending", due_date=due, lock_date=lock, submitted_at=None, today=date(2026, 3, 11))
        == "overdue"
    )
    assert (
        timeliness(state="returned", due_date=due, lock_date=lock, submitted_at=None, today=date(2026, 4, 10))
        == "locked"
    )
    assert (
        timeliness(state="exempt", due_date=due, lock_date=lock, submitted_at=None, today=date(2026, 4, 10)) == "none"
    )


def test_every_state_has_a_vietnamese_label() -> None:
    from models.states import DocumentStatus, ObligationState, ReviewState, Timeliness, label

    for enum in (ObligationState, Timeliness, ReviewState, DocumentStatus):
        for v in enum:
            assert label(v) != v.value, v
    assert label("pending") == "Chưa nộp" and label("overdue") == "Quá hạn"


def _key_of(data_dir: str) -> bytes:
    os.environ["KEHOACH_DATA_DIR"] = data_dir
    os.environ.pop("KEHOACH_SECRET_KEY", None)
    from kehoach.settings import Settings

    return Settings().signing_key()


def test_the_signing_key_is_created_once_by_whoever_comes_first(tmp_path: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(4) as pool:
        for trial in range(40):
            folder = str(tmp_path / f"t{trial}")
            keys = list(pool.map(_key_of, [folder] * 4))
            assert len(set(keys)) == 1 and len(keys[0]) >= 32, trial
            assert [p.name for p in Path(folder).iterdir()] == ["secret_key"]  # no temporary file left
