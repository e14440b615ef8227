"""Write tables for people to open in Excel (CSV and .xlsx) with every text cell kept as text, never a formula.

A unit's name or a note typed by anyone can begin with `=`, `+`, `-` or `@`; Excel and LibreOffice run such a
cell as a formula (`=HYPERLINK(...)` leaks data when clicked, `+cmd|' /C calc'!A0` is DDE). Both writers pass
every cell through `safe_cell` first.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

# OWASP "CSV injection": what a spreadsheet reads as the start of a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_MAX_CELL = 32767  # Excel refuses longer text in one cell
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 6, 60
SHEET_TITLE_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", " "))

Cell = str | int | float | Decimal | date | datetime | time | bool | None


def is_formula_like(text: str) -> bool:
    """Return whether a spreadsheet would read this text as a formula (leading blanks do not hide it)."""
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START)


def safe_cell(value: object) -> Cell:
    """Return the value to write: numbers and dates as they are, text in NFC, formula-like text marked with `'`.

    The `'` is what a CSV needs (OWASP); `write_xlsx` writes the text without it, as a string cell.
    """
    v = _plain(value)
    return "'" + v if isinstance(v, str) and is_formula_like(v) else v


def _plain(value: object) -> Cell:
    if value is None or isinstance(value, bool | int | float | Decimal | date | time):
        return value
    return unicodedata.normalize("NFC", str(value))


def write_csv(path: str | Path, header: Sequence[object], rows: Iterable[Sequence[object]]) -> Path:
    """Write a UTF-8 CSV with a BOM (so Excel reads Vietnamese) where no cell can run as a formula."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow([safe_cell(v) for v in header])
        for row in rows:
            w.writerow([safe_cell(v) for v in row])
    return path


def write_xlsx(
    path: str | Path, header: Sequence[object], rows: Iterable[Sequence[object]], *, sheet_title: str
) -> Path:
    """Write one sheet: a bold, frozen header row, readable column widths, every text cell stored as text."""
    return write_xlsx_sheets(path, [(sheet_title, header, rows)])


def write_xlsx_sheets(
    path: str | Path, sheets: Sequence[tuple[str, Sequence[object], Iterable[Sequence[object]]]]
) -> Path:
    """Write several sheets (title, header, rows), each as `write_xlsx` writes its one."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        _put_sheet(wb.create_sheet(_sheet_title(title)), header, rows)
    wb.save(path)
    return path


def _put_sheet(ws, header: Sequence[object], rows: Iterable[Sequence[object]]) -> None:  # an openpyxl Worksheet
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}

    def put(r: int, values: Sequence[object], *, bold: bool = False) -> None:
        for c, value in enumerate(values, start=1):
            v = _xlsx_value(value, ILLEGAL_CHARACTERS_RE)
            cell = ws.cell(row=r, column=c)
            cell.value = v
            if isinstance(v, str):
                # openpyxl makes any string starting with "=" a formula; a string cell is shown as typed
                cell.data_type = "s"
                if is_formula_like(v):
                    cell.quotePrefix = True  # Excel keeps it text if someone edits the cell
            if bold:
                cell.font = Font(bold=True)
            longest = max((len(line) for line in str(v).splitlines()), default=0) if v is not None else 0
            widths[c] = max(widths.get(c, 0), longest)

    put(1, header, bold=True)
    for r, row in enumerate(rows, start=2):
        put(r, row)
    ws.freeze_panes = "A2"
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH)


def _xlsx_value(value: object, illegal: re.Pattern[str]) -> Cell:
    # a string cell needs no `'` marker: it is text whatever it starts with
    v = _plain(value)
    return illegal.sub("", v)[:XLSX_MAX_CELL] if isinstance(v, str) else v


def _sheet_title(title: str) -> str:
    clean = unicodedata.normalize("NFC", title).translate(SHEET_TITLE_BAD).strip().strip("'")
    return clean[:31] or "Sheet1"
