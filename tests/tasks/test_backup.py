"""Backup and restore: every row and every file back as they were, also when taken while a dispatch sends."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select

from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from tests.conftest import configure
from tests.factories import make_plan_in_db
from tests.smtp import SmtpSink
from tests.tasks.test_submissions import record, unit_plan

NOW = "2026-11-23T09:00:00+07:00"
# What sending and receiving change in a row after the moment a backup was taken
MOVING = {
    "outgoingmessage": {"state", "claimed_by", "attempts", "last_reply", "sent_at", "next_attempt_at"},
    "obligation": {"state", "updated_at", "submitted_at"},
    "receiptcounter": {"last_number"},
}


def all_rows(url: str) -> dict[str, dict[tuple, dict]]:
    """Return every row of every table, by primary key, read with SQLAlchemy (not the backup's own code)."""
    engine = create_engine(url)
    try:
        md = MetaData()
        md.reflect(engine)
        out = {}
        with engine.connect() as conn:
            for name, table in md.tables.items():
                key = list(table.primary_key.columns) or list(table.columns)
                out[name] = {
                    tuple(r[c.name] for c in key): dict(r) for r in conn.execute(select(table)).mappings().all()
                }
        return out
    finally:
        engine.dispose()


def kept(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def fresh_target(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> str:
    """Point the settings at an empty data dir and an empty database of the same kind as the test's; return its URL."""
    if get_settings().db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / name / 'kehoach.db'}"
    else:
        url = request.getfixturevalue("postgres").new_database()
    configure(monkeypatch, tmp_path / name, url, KEHOACH_NOW=NOW)
    return url


def test_backup_then_restore_gives_back_every_row_every_file_and_the_link_key(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    from tasks.backup import restore_backup, take_backup

    plan = make_plan_in_db(12)
    for i in range(4):
        record(plan, i, unit_plan(i))
    key = get_settings().signing_key()
    rows, files = all_rows(db), kept(get_settings().files_dir)
    assert len(files) == 5  # the plan and four units' plans

    manifest = take_backup(tmp_path / "sao-luu.tar")
    tables = manifest["database"]["tables"]
    assert tables["obligation"]["rows"] == 12 and tables["submission"]["rows"] == 4 and tables["receipt"]["rows"] == 4
    assert {n: f["sha256"] for n, f in manifest["files"].items()} == {
        n: hashlib.sha256(b).hexdigest() for n, b in files.items()
    }

    url = fresh_target(request, tmp_path, monkeypatch, "khoi-phuc")
    res = restore_backup(tmp_path / "sao-luu.tar")
    assert (res["files"], res["rows"]) == (5, sum(t["rows"] for t in tables.values()))
    assert all_rows(url) == rows
    assert kept(get_settings().files_dir) == files
    assert get_settings().signing_key() == key  # links sent before the restore still open


def test_restore_refuses_anything_that_is_not_empty(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    from tasks.backup import restore_backup, take_backup

    make_plan_in_db(2)
    take_backup(tmp_path / "sao-luu.tar")
    source_url = db

    # a data dir with something in it
    fresh_target(request, tmp_path, monkeypatch, "dang-dung")
    (tmp_path / "dang-dung").mkdir()
    (tmp_path / "dang-dung" / "ghi-chu.txt").write_text("dữ liệu cũ")
    with pytest.raises(KehoachError) as e:
        restore_backup(tmp_path / "sao-luu.tar")
    assert e.value.code == "restore_not_empty" and "không trống" in e.value.message and "ghi-chu.txt" in e.value.message
    assert "KEHOACH_DATA_DIR" in e.value.hint
    assert sorted(p.name for p in (tmp_path / "dang-dung").iterdir()) == ["ghi-chu.txt"]

    # an empty data dir, but a database that already has tables
    configure(monkeypatch, tmp_path / "trong", source_url, KEHOACH_NOW=NOW)
    with pytest.raises(KehoachError) as e:
        restore_backup(tmp_path / "sao-luu.tar")
    assert e.value.code == "restore_not_empty" and "bảng" in e.value.message
    assert not (tmp_path / "trong").exists()

    # a file that is not a backup
    fresh_target(request, tmp_path, monkeypatch, "trong-2")
    (tmp_path / "khong-phai.tar").write_bytes(b"day khong phai tep tar")
    with pytest.raises(KehoachError) as e:
        restore_backup(tmp_path / "khong-phai.tar")
    assert e.value.code == "not_a_backup"


@pytest.mark.postgres
def test_a_sqlite_backup_is_not_restored_into_postgresql(
    sqlite_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    from tasks.backup import restore_backup, take_backup

    make_plan_in_db(2)
    take_backup(tmp_path / "sao-luu.tar.gz")
    configure(monkeypatch, tmp_path / "pg", request.getfixturevalue("postgres").new_database(), KEHOACH_NOW=NOW)
    with pytest.raises(KehoachError) as e:
        restore_backup(tmp_path / "sao-luu.tar.gz")
    assert e.value.code == "backup_backend_mismatch" and "sqlite" in e.value.message
    assert not (tmp_path / "pg").exists()


@pytest.mark.slow
def test_a_backup_taken_while_a_dispatch_sends_and_units_upload_restores_one_consistent_moment(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    from bench.tree import approved_plan
    from models.db import session_scope
    from models.obligations import list_obligations
    from tasks.backup import restore_backup, take_backup
    from tasks.mail import send_queued
    from tasks.plans.dispatch import open_obligations_and_queue
    from tasks.submissions import record_submission

    n = 200
    document_id = approved_plan(n, tmp_path)
    opened, sending_done = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    with SmtpSink() as sink:
        sink.collector.delay_s = 0.03  # 200 messages over 4 connections: a few seconds of sending
        monkeypatch.setenv("KEHOACH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KEHOACH_SMTP_PORT", str(sink.port))
        get_settings.cache_clear()

        def dispatch() -> None:
            try:
                open_obligations_and_queue.fn(document_id, "kiểm thử")
                opened.set()
                send_queued(document_id=document_id)
            except BaseException as exc:
                errors.append(exc)
                opened.set()
            finally:
                sending_done.set()

        def upload() -> None:
            opened.wait()
            try:
                with session_scope() as s:
                    obligations = [o.id for o in list_obligations(session=s, document_id=document_id)]
                i = 0
                while not sending_done.is_set() and i < 40:
                    data = unit_plan(i)
                    ob = obligations[2 * i]
                    record_submission.fn(document_id, None, data, f"kh-{i}.docx", "portal", "đơn vị", obligation_id=ob)
                    i += 1
                    time.sleep(0.02)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=dispatch), threading.Thread(target=upload)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(sink.collector.received) < 30 and time.monotonic() < deadline and not sending_done.is_set():
            time.sleep(0.01)
        manifest = take_backup(tmp_path / "giua-chung.tar")
        for t in threads:
            t.join(300)
    assert not errors, errors
    notices = [r for r in sink.collector.received if b"X-Kehoach-Kind: notice" in r.data]
    assert len(notices) == n  # (receipts for the uploads went out in the same sending)
    live_url, live_files = db, kept(get_settings().files_dir)
    live = all_rows(live_url)

    url = fresh_target(request, tmp_path, monkeypatch, "khoi-phuc")
    restore_backup(tmp_path / "giua-chung.tar")  # checks every table's digest and every file's sha256 itself
    back = all_rows(url)

    # a moment in the middle: some notices sent, not all; obligations and notices opened together or not at all
    states = [m["state"] for m in back["outgoingmessage"].values() if m["kind"] == "notice"]
    assert len(states) == n and 0 < states.count("sent") < n, states.count("sent")
    assert len(back["obligation"]) == 2 * n
    # every row restored is the row the live database holds, but for what sending and receiving moved since
    for table, rows in back.items():
        for pk, row in rows.items():
            assert pk in live[table], (table, pk)
            moving = MOVING.get(table, set())
            assert {k: v for k, v in row.items() if k not in moving} == {
                k: v for k, v in live[table][pk].items() if k not in moving
            }, (table, pk)
    # what was received by that moment: its receipt numbers have no gap, its files are all there, byte for byte
    assert back["submission"], "no upload had been recorded by the moment of the backup"
    numbers = sorted(r["number"] for r in back["receipt"].values())
    assert numbers == list(range(1, len(numbers) + 1))
    assert [c["last_number"] for c in back["receiptcounter"].values()] in ([], [len(numbers)])
    restored_files = kept(get_settings().files_dir)
    for sub in back["submission"].values():
        name = f"{sub['file_sha256']}.{sub['file_ext']}"
        assert restored_files[name] == live_files[name]
    assert set(restored_files) == set(manifest["files"])
