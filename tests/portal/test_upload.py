"""Uploads through HTTP: the receipt, every kind of bad file, hostile names, the same file twice, the size limit."""

from __future__ import annotations

import logging
import re
from functools import cache

import httpx
import pytest

from kehoach.settings import get_settings
from tests.badfiles import bad_files
from tests.portal.conftest import Portal, text_of
from tests.tasks.test_submissions import kept_files, unit_plan

bad = cache(bad_files)  # the zip bomb takes a while to build: once per session


def outbox_receipts() -> list:
    from sqlmodel import select

    from models.db import session_scope
    from models.outbox import OutgoingMessage

    with session_scope() as s:
        return list(s.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "receipt")).all())


def test_an_upload_is_kept_by_its_digest_recorded_and_acknowledged_at_once(portal: Portal) -> None:
    from models.db import session_scope
    from models.obligations import get_obligation
    from tasks.storage import sha256_of

    data = unit_plan(1)
    r = portal.upload(0, "Kế hoạch phường số 1.docx", data)
    assert r.status_code == 303 and "/bien-nhan/" in r.headers["location"]
    page = httpx.get(portal.url + r.headers["location"])
    text = text_of(page.text)
    assert "Đã nhận văn bản" in text and "Số đến 1/2026" in text and "Đúng hạn" in text
    assert "09:00 ngày 23 tháng 11 năm 2026" in text and "Kế hoạch phường số 1.docx" in text
    assert sha256_of(data) in text and "dh0001@example.vn" in text
    assert (get_settings().files_dir / f"{sha256_of(data)}.docx").read_bytes() == data
    with session_scope() as s:
        assert get_obligation(session=s, obligation_id=portal.plan.obligation_ids[0]).state == "submitted"
    (mail,) = outbox_receipts()
    assert mail.to_addr == "dh0001@example.vn" and mail.context["so_den"] == "1/2026" and mail.urgent
    # the link page now lists it, and the status page shows the unit as sent
    assert "1/2026" in text_of(httpx.get(portal.link(0)).text)


@pytest.mark.parametrize("case", list(bad()))
def test_each_kind_of_bad_file_is_refused_with_its_reason_and_nothing_kept(
    portal: Portal, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    from tasks.reading.safety import MESSAGES

    name, data, code = bad()[case]
    before = kept_files()
    ours = logging.getLogger("kehoach")
    ours.addHandler(caplog.handler)  # the portal logs through its own handler, not the root's
    try:
        r = portal.upload(0, name, data)
    finally:
        ours.removeHandler(caplog.handler)
    assert r.status_code in (413, 422), r.status_code
    text = text_of(r.text)
    if r.status_code == 422:
        reason = MESSAGES[code].split("{")[0].split("(")[0].strip()
        assert "Chưa nhận được văn bản" in text and reason.replace("“", "&#34;") in text.replace("“", "&#34;")
        assert any(code in rec.getMessage() for rec in caplog.records)  # a log line, and nothing else
    else:
        assert "Tệp quá lớn" in text
    assert kept_files() == before and outbox_receipts() == []


def test_a_hostile_name_is_shown_as_text_everywhere(portal: Portal) -> None:
    name = "<img src=x onerror=alert(1)>.docx"
    r = portal.upload(0, name, unit_plan(1), follow=True)
    link_page = httpx.get(portal.link(0)).text
    for html in (r.text, link_page):
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;.docx" in html


def test_a_name_with_folders_is_stored_safely(portal: Portal) -> None:
    from tasks.storage import sha256_of

    data = unit_plan(1)
    r = portal.upload(0, "../../etc/passwd.docx", data, follow=True)
    assert "passwd.docx" in text_of(r.text) and "../" not in text_of(r.text)
    assert kept_files() >= {f"{sha256_of(data)}.docx"}
    assert all(re.fullmatch(r"[0-9a-f]{64}\.(docx|pdf)", n) for n in kept_files())
    assert not (get_settings().data_dir / "etc").exists()


def test_the_same_file_twice_is_one_version(portal: Portal) -> None:
    from models.db import session_scope
    from models.submissions import list_submissions

    first = portal.upload(0, "kh.docx", unit_plan(1))
    again = portal.upload(0, "kh-gui-lai.docx", unit_plan(1))
    assert again.headers["location"] == first.headers["location"] + "?trung=1"
    text = text_of(httpx.get(portal.url + again.headers["location"]).text)
    assert "Văn bản này đã được nhận trước đó" in text and "Số đến 1/2026" in text
    with session_scope() as s:
        assert len(list_submissions(session=s, obligation_id=portal.plan.obligation_ids[0])) == 1
    assert len(outbox_receipts()) == 1


def test_a_form_without_a_file_says_to_choose_one(portal: Portal) -> None:
    r = httpx.post(portal.link(0), data={"x": "1"}, files={"khac": ("a.txt", b"x")})
    assert r.status_code == 400 and "Chưa có tệp nào được gửi" in text_of(r.text)
    r = httpx.post(portal.link(0), content=b"tep=abc", headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400


def test_over_the_limit_is_refused_while_it_streams_and_nothing_is_kept(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEHOACH_MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    assert "tối đa 1 MB" in text_of(httpx.get(portal.link(0)).text)
    big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    declared = portal.upload(0, "lon.pdf", big)  # Content-Length tells: refused before reading
    assert declared.status_code == 413 and "Tệp quá lớn" in text_of(declared.text)
    assert "vượt quá giới hạn 1 MB" in text_of(declared.text)

    sent = 0

    def chunks():  # no Content-Length: counted as it arrives
        nonlocal sent
        head = b'--b\r\nContent-Disposition: form-data; name="tep"; filename="lon.pdf"\r\n\r\n'
        yield head
        for _ in range(64):
            sent += 65536
            yield b"0" * 65536
        yield b"\r\n--b--\r\n"

    try:
        r = httpx.post(portal.link(0), content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
    except httpx.HTTPError:
        pytest.fail("the client must get the 413 page, not a broken connection")
    assert kept_files() == {f for f in kept_files() if f.endswith(".docx")}  # only the plan's own file
    # just under the limit is taken
    ok = portal.upload(0, "vua.pdf", b"%PDF-1.4\n" + b"0" * 1000)
    assert ok.status_code == 422  # a real check ran on it (not a PDF inside)
