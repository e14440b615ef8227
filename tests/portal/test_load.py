"""One running portal process under load: 50 concurrent uploads on SQLite and PostgreSQL, and memory that stays
flat while an upload far over the limit is refused."""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

import httpx
import pytest

from kehoach.settings import get_settings
from tests.factories import make_plan_in_db
from tests.portal.conftest import Portal, PortalProcess, portal_process_env
from tests.smtp import free_port
from tests.tasks.test_submissions import unit_plan


@pytest.mark.slow
def test_fifty_concurrent_uploads_to_fifty_links_are_all_kept_with_distinct_receipt_numbers(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.db import session_scope
    from models.receipts import list_receipts
    from models.submissions import list_latest_submissions
    from tasks.storage import sha256_of

    port = free_port()
    proc = PortalProcess(portal_process_env(monkeypatch, port, KEHOACH_PORTAL_WORKERS="2"), port)
    try:
        p = Portal(proc.url, make_plan_in_db(50))
        links = [p.link(i) for i in range(50)]
        files = [unit_plan(i) for i in range(50)]
        answers: dict[int, httpx.Response | BaseException] = {}
        go = threading.Barrier(50)

        def one(i: int) -> None:
            with httpx.Client(timeout=60) as c:
                go.wait()
                try:
                    answers[i] = c.post(links[i], files={"tep": (f"ke-hoach-{i}.docx", files[i])})
                except httpx.HTTPError as exc:
                    answers[i] = exc

        threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - started
        codes = [getattr(answers[i], "status_code", repr(answers[i])) for i in range(50)]
        assert codes == [303] * 50
        with session_scope() as s:
            latest = list_latest_submissions(session=s, document_id=p.plan.document_id)
            receipts = list_receipts(session=s, submission_ids=[x.id for x in latest.values()])
        assert len(latest) == 50 and {x.version for x in latest.values()} == {1}
        assert sorted(r.number for r in receipts.values()) == list(range(1, 51))
        by_ob = {ob: sub.file_sha256 for ob, sub in latest.items()}
        for i, ob in enumerate(p.plan.obligation_ids):
            assert by_ob[ob] == sha256_of(files[i])
            assert (get_settings().files_dir / f"{by_ob[ob]}.docx").read_bytes() == files[i]
        print(f"\n50 concurrent uploads on {db.split(':')[0]}, 2 workers: {took:.2f} s")
    finally:
        proc.stop()


def declared_upload(url: str, length: int) -> bytes:
    """Send headers declaring `length` bytes and only 64 KB of body; return the first bytes of the answer."""
    u = urlsplit(url)
    with socket.create_connection((u.hostname, u.port), timeout=30) as sock:
        head = (
            f"POST {u.path} HTTP/1.1\r\nHost: {u.netloc}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
            f"Content-Length: {length}\r\n\r\n"
        )
        sock.sendall(head.encode() + b"\0" * 65536)
        return sock.recv(64)


@pytest.mark.slow
def test_an_upload_far_over_the_limit_is_refused_with_flat_memory(
    sqlite_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    proc = PortalProcess(portal_process_env(monkeypatch, port), port)
    try:
        p = Portal(proc.url, make_plan_in_db(1))
        link = p.link(0)
        # warm up: a page and an accepted upload, so imports and caches are in before the baseline
        assert httpx.get(link).status_code == 200
        assert p.upload(0, "kh.docx", unit_plan(1)).status_code == 303
        before = proc.memory_kb()
        sent = 0
        stop_at = 200 * 1024 * 1024

        def body():
            nonlocal sent
            yield b'--b\r\nContent-Disposition: form-data; name="tep"; filename="lon.pdf"\r\n\r\n%PDF-1.4\n'
            chunk = b"\0" * (256 * 1024)
            while sent < stop_at:
                sent += len(chunk)
                yield chunk
            yield b"\r\n--b--\r\n"

        headers = {"content-type": "multipart/form-data; boundary=b"}
        r = httpx.post(link, content=body(), headers=headers, timeout=60)  # chunked: counted as it streams
        assert r.status_code == 413 and "Tệp quá lớn" in r.text
        streamed = sent
        # Content-Length says 200 MB: the answer comes after the headers and 64 KB, the rest is never sent
        assert declared_upload(link, stop_at).startswith(b"HTTP/1.1 413 ")
        after = proc.memory_kb()
        grew_mb = (after["VmHWM"] - before["VmHWM"]) / 1024
        print(
            f"\nover-limit upload: client streamed {streamed / 1048576:.0f} MB of 200 MB before the 413; "
            f"server peak RSS {before['VmHWM'] / 1024:.1f} → {after['VmHWM'] / 1024:.1f} MB (+{grew_mb:.1f} MB)"
        )
        assert streamed < stop_at  # the server answered before the body ended
        assert grew_mb < 8
        assert sorted(f.name for f in get_settings().files_dir.iterdir() if f.name.startswith(".")) == []
    finally:
        proc.stop()
