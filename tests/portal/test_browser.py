"""The pages in a real browser (Debian's Chromium driven by Playwright): a unit opens the link from the e-mail the
catcher received, uploads a .docx and sees its receipt; the supervisor sees the unit move to "Đã nộp". Every page
is kept as a screenshot on a desktop and a phone-sized screen in tests/output/."""

from __future__ import annotations

import re
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from kehoach.settings import get_settings
from tests.factories import make_plan_in_db
from tests.paths import OUTPUT
from tests.portal.conftest import Portal, start_portal
from tests.tasks.test_submissions import unit_plan

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
NAMES = ["Phường Long Châu", "Phường Phước Hậu", "Xã Tân Hạnh", "Trường Mầm non Hoa Sen"]


@pytest.fixture
def live(sqlite_db: str, monkeypatch: pytest.MonkeyPatch):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium (apt-get install -y chromium)")
    # the portal sends receipts by itself within a second of an upload
    server, url = start_portal(monkeypatch, KEHOACH_PORTAL_FOLLOWUP_S="0.5")
    try:
        yield Portal(url, make_plan_in_db(len(NAMES), unit_names=NAMES, parents={3: 0}))
    finally:
        server.stop()


def caught(mail_dir: Path) -> list:
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(mail_dir.glob("*.eml"))]


def link_from_mail(mail_dir: Path, address: str) -> str:
    """Return the upload link in the notice the catcher kept for this address."""
    for msg in caught(mail_dir):
        if address in msg["X-Kehoach-Rcpt"] and "Biên nhận" not in str(msg["Subject"]):
            found = re.search(r"https?://\S+/nop/[\w.-]+", msg.get_body(("plain",)).get_content())
            if found:
                return found.group(0)
    raise AssertionError(f"no notice with a link for {address}")


def wait_for_receipt_mail(mail_dir: Path, address: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for msg in caught(mail_dir):
            if address in msg["X-Kehoach-Rcpt"] and "Biên nhận" in str(msg["Subject"]):
                return msg.get_body(("plain",)).get_content()
        time.sleep(0.2)
    raise AssertionError(f"no receipt e-mail for {address} within {timeout} s")


class Shooter:
    """Keep full-page screenshots of one browser page under tests/output/portal-<name>-<viewport>.png."""

    def __init__(self, page, label: str) -> None:
        self.page, self.label, self.paths = page, label, []
        self.refused: list[str] = []  # anything the browser blocked (a CSP violation shows here)
        page.on("console", lambda m: self.refused.append(m.text) if "Refused" in m.text else None)

    def __call__(self, name: str) -> None:
        path = OUTPUT / f"portal-{name}-{self.label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.paths.append(path)


def walk_through(live: Portal, browser, label: str, options: dict, i: int, docx: Path, bad: Path) -> list[Path]:
    """One unit's path through the pages on one screen size; return the screenshots."""
    mail_dir = get_settings().mail_dir
    unit = live.plan.unit_codes[i]
    docx.write_bytes(unit_plan(40 + i, issuer_body=f"ỦY BAN NHÂN DÂN {NAMES[i].upper()}"))
    page = browser.new_context(locale="vi-VN", **options).new_page()
    shot = Shooter(page, label)

    page.goto(live.supervisor())
    assert "Chưa nộp" in page.locator("tr", has_text=NAMES[i]).inner_text()
    shot("theo-doi-truoc")

    link = link_from_mail(mail_dir, f"{unit.lower()}@example.vn")
    page.goto(link)
    assert page.locator("h1").inner_text() == NAMES[i]
    assert "Còn 15 ngày làm việc" in page.inner_text("main")
    shot("trang-nop")

    page.set_input_files("#tep", str(bad))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "Tệp là chương trình chạy được" in page.inner_text("main")
    shot("tep-bi-tu-choi")

    page.set_input_files("#tep", str(docx))
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/bien-nhan/"))
    main = page.inner_text("main")
    assert "Đã nhận văn bản" in main and f"{i + 1}/2026" in main and "Đúng hạn" in main
    assert "Kế hoạch thực hiện của phường.docx" in main
    shot("bien-nhan")

    page.goto(link)
    assert f"{i + 1}/2026" in page.inner_text("main") and "Chờ xem xét" in page.inner_text("main")
    shot("trang-nop-sau")

    page.goto(live.supervisor())
    row = page.locator("tr", has_text=NAMES[i]).inner_text()
    assert "Đã nộp" in row and f"{i + 1}/2026" in row
    shot("theo-doi-sau")

    page.goto(link.rsplit(".", 1)[0] + ".sai-chu-ky")
    assert "Đường dẫn không hợp lệ" in page.inner_text("main")
    shot("duong-dan-sai")
    assert shot.refused == []  # the inline style carried its nonce; nothing was blocked

    body = wait_for_receipt_mail(mail_dir, f"{unit.lower()}@example.vn")
    assert f"Số đến: {i + 1}/2026 (đúng hạn)" in body
    page.context.close()
    return shot.paths


def later_pages(live: Portal, browser, label: str, options: dict, i: int, big: Path, monkeypatch) -> list[Path]:
    """The pages that come later: a version sent back with its reason, a file too large, a locked period."""
    from tests.portal.test_link_page import review

    page = browser.new_context(locale="vi-VN", **options).new_page()
    shot = Shooter(page, label)
    review(live, i, "returned", "Thiếu chữ ký của Chủ tịch và dấu của Ủy ban; bổ sung phụ lục kinh phí.")
    page.goto(live.link(i))
    main = page.inner_text("main")
    assert "bị trả lại" in main and "Thiếu chữ ký của Chủ tịch" in main and "Gửi bản mới" in main
    shot("tra-lai")

    page.set_input_files("#tep", str(big))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "Tệp quá lớn" in page.inner_text("main")
    shot("tep-qua-lon")

    monkeypatch.setenv("KEHOACH_NOW", "2027-01-20T08:00:00+07:00")  # after the lock date
    get_settings.cache_clear()
    page.goto(live.link(2))
    assert "Kỳ báo cáo đã khóa" in page.inner_text("main") and page.locator("#tep").count() == 0
    shot("da-khoa")
    monkeypatch.setenv("KEHOACH_NOW", "2026-11-23T09:00:00+07:00")
    get_settings.cache_clear()
    assert shot.refused == []
    page.context.close()
    return shot.paths


@pytest.mark.slow
def test_a_unit_uploads_from_its_mail_link_and_the_supervisor_sees_it(
    live: Portal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import sync_playwright

    from tasks.mail import send_queued

    send_queued()  # the notices go out; the embedded catcher keeps them as .eml files
    OUTPUT.mkdir(parents=True, exist_ok=True)
    docx = tmp_path / "Kế hoạch thực hiện của phường.docx"
    bad = tmp_path / "bao-cao.docx"
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 4000)  # a program named .docx
    big = tmp_path / "bao-cao-kem-anh.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024))
    shots: list[Path] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for i, (label, options) in enumerate(VIEWPORTS.items()):
                shots += walk_through(live, browser, label, options, i, docx, bad)
            for i, (label, options) in enumerate(VIEWPORTS.items()):
                shots += later_pages(live, browser, label, options, i, big, monkeypatch)
        finally:
            browser.close()
    # kept for a person to look at (tests/output is not committed)
    assert len(shots) == 20 and all(p.stat().st_size > 5000 for p in shots)
