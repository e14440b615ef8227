"""Safety through HTTP: one page for every bad link, CSP on every answer, no cross-site POST, limits that hold
across processes, and no stack trace on any page."""

from __future__ import annotations

import re

import httpx
import pytest

from kehoach.settings import get_settings
from tests.portal.conftest import Portal, ServerThread, text_of
from tests.smtp import free_port
from tests.tasks.test_submissions import kept_files, unit_plan


def strip_nonce(html: str) -> str:
    return re.sub(r'nonce="[^"]+"', "", html)


def bad_links(portal: Portal) -> list[str]:
    from tasks.links import revoke_links, sign_link

    good = portal.link(0)
    token = good.rsplit("/", 1)[1]
    ob_token, unit_id, version, _sig = token.split(".")
    other = portal.link(1).rsplit("/", 1)[1].split(".")
    revoked = portal.link(2)
    revoke_links([portal.plan.obligation_ids[2]])
    return [
        good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),  # tampered signature
        f"{portal.url}/nop/{ob_token}.{other[1]}.{version}.{_sig}",  # another unit's id in this unit's link
        f"{portal.url}/nop/{sign_link('khong-co', int(unit_id), 1)}",  # signed, but no such obligation
        revoked,  # revoked by a re-issue
        f"{portal.url}/nop/{ob_token}",  # a piece of a link
        f"{portal.url}/nop/..%2F..%2Fetc%2Fpasswd",
    ]


def test_tampered_revoked_and_unknown_links_get_one_generic_page(portal: Portal) -> None:
    pages = set()
    for link in bad_links(portal):
        for r in (
            httpx.get(link),
            httpx.post(link, files={"tep": ("kh.docx", unit_plan(1))}),
            httpx.get(link + "/van-ban"),
            httpx.get(link + "/bien-nhan/abc"),
        ):
            assert r.status_code == 404, (link, r.status_code)
            pages.add(strip_nonce(r.text))
    assert len(pages) == 1, [text_of(p)[:300] for p in pages]
    assert "Đường dẫn không hợp lệ hoặc không còn hiệu lực" in text_of(pages.pop())
    assert len(kept_files()) == 1  # the plan's own file only


def test_a_receipt_opens_only_under_its_own_link(portal: Portal) -> None:
    r = portal.upload(0, "kh.docx", unit_plan(1))
    receipt = r.headers["location"].rsplit("/", 1)[1]
    other = httpx.get(portal.link(1) + "/bien-nhan/" + receipt)
    assert other.status_code == 404 and "Số đến" not in other.text


def test_supervisor_link_opens_only_its_plan_and_a_unit_link_never_opens_it(portal: Portal) -> None:
    sup = portal.supervisor()
    assert httpx.get(sup).status_code == 200
    unit_token = portal.link(0).rsplit("/", 1)[1]
    ref = sup.rsplit("/", 1)[1].split(".")[0]
    for url in (
        f"{portal.url}/theo-doi/{unit_token}",
        f"{portal.url}/theo-doi/{ref}.{unit_token.split('.')[-1]}",  # a unit link's signature
        f"{portal.url}/theo-doi/{ref}",
        sup[:-2] + "xx",
        f"{portal.url}/nop/{sup.rsplit('/', 1)[1]}",  # the supervisor token as a unit link
    ):
        assert httpx.get(url).status_code == 404, url
    assert httpx.get(sup[:-2] + "xx" + "/tinh-hinh-nop.csv").status_code == 404


def test_every_answer_carries_the_security_headers(portal: Portal) -> None:
    for r in (
        httpx.get(portal.link(0)),
        httpx.get(portal.url + "/khong-co"),
        httpx.get(portal.url + "/"),
        portal.upload(0, "x.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)),
        httpx.get(portal.supervisor()),
    ):
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "form-action 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp and "unsafe-inline" not in csp
        if "<style" in r.text:
            nonce = re.search(r'<style nonce="([^"]+)"', r.text).group(1)
            assert f"'nonce-{nonce}'" in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "same-origin"
        assert "<script" not in r.text


def test_a_cross_site_post_is_refused_and_nothing_kept(portal: Portal) -> None:
    before = kept_files()
    for headers in (
        {"Origin": "https://lua-dao.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": portal.url},
        {"Origin": "null"},
    ):
        r = portal.upload(0, "kh.docx", unit_plan(1), **headers)
        assert r.status_code == 403 and "không từ trang web khác" in text_of(r.text), headers
    assert kept_files() == before
    ok = portal.upload(0, "kh.docx", unit_plan(1), Origin=portal.url, **{"Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 303


def test_no_stack_trace_reaches_a_page(portal: Portal, monkeypatch: pytest.MonkeyPatch) -> None:
    import portal.unit_routes as routes

    def boom(*a, **k):
        raise RuntimeError("secret detail /srv/kehoach/db password=hunter2")

    monkeypatch.setattr(routes, "unit_page", boom)
    r = httpx.get(portal.link(0))
    assert r.status_code == 500 and "Hệ thống đang gặp sự cố" in text_of(r.text)
    for leak in ("Traceback", "RuntimeError", "hunter2", "unit_routes", ".py"):
        assert leak not in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert httpx.get(portal.url + "/nop").status_code == 404
    assert httpx.put(portal.link(0)).status_code == 405


def test_rate_limits_live_in_the_database_and_hold_across_processes(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEHOACH_PORTAL_UPLOADS_PER_LINK_PER_MINUTE", "3")
    monkeypatch.setenv("KEHOACH_PORTAL_UPLOADS_PER_ADDRESS_PER_MINUTE", "5")
    get_settings.cache_clear()
    port = free_port()
    second = ServerThread(port).start()  # another server over the same database
    try:
        other = portal.link(0).replace(portal.url, f"http://127.0.0.1:{port}")
        codes = []
        for i in range(4):  # alternately on each server: the fourth is over the link's 3 a minute
            url = portal.link(0) if i % 2 == 0 else other
            codes.append(httpx.post(url, files={"tep": (f"kh{i}.docx", unit_plan(i))}).status_code)
        assert codes == [303, 303, 303, 429]
        r = portal.upload(1, "kh.docx", unit_plan(10))  # the address's fifth upload this minute: still taken
        assert r.status_code == 303
        r = portal.upload(2, "kh.docx", unit_plan(11))
        assert r.status_code == 429 and int(r.headers["retry-after"]) in range(1, 61)
        assert "Gửi quá nhanh" in text_of(r.text) and "giây" in text_of(r.text)
    finally:
        second.stop()


def test_no_guessable_ids_in_addresses(portal: Portal) -> None:
    r = portal.upload(0, "kh.docx", unit_plan(1))
    receipt = r.headers["location"].rsplit("/", 1)[1]
    assert len(receipt) >= 22 and not receipt.isdigit()
    ref_and_sig = portal.supervisor().rsplit("/", 1)[1]
    assert len(ref_and_sig.split(".")[1]) >= 22
    page = httpx.get(portal.link(0)).text
    for href in re.findall(r'(?:href|action)="(/[^"]*)"', page):
        assert not re.search(r"/\d+(/|$)", href), href
