"""Turn a .docx or a PDF into the document's lines in reading order, each with where it sits on the page.

A zone says where a line sits: the header's two columns (head_left, head_right), the body, a table in the body
(one line per row, cells joined by " | "), the footer's two columns (foot_left: Nơi nhận, foot_right: the
signature) and what follows the footer (tail: an appendix).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from tasks.reading.patterns import AUTHORITY, MARKER, NOI_NHAN, QUOC_HIEU, TIEU_NGU, clean, is_caps, type_of


@dataclass
class Line:
    text: str
    zone: str = "body"  # head_left, head_right, body, table, foot_left, foot_right, tail
    bold: bool | None = None
    italic: bool | None = None
    centered: bool | None = None


# .docx


class _Styles:
    """Bold, italic and centring of each paragraph style, looked up once (python-docx scans them every time)."""

    def __init__(self, d) -> None:  # noqa: ANN001
        self.by_id = {}
        self.default = (None, None, None)
        for st in d.styles:
            try:
                font, fmt = st.font, st.paragraph_format
            except AttributeError:
                continue
            entry = (font.bold, font.italic, fmt.alignment)
            self.by_id[st.style_id] = entry
            if st.type == 1 and st.element.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}default"):
                self.default = entry

    def of(self, p) -> tuple:  # noqa: ANN001
        sid = p._p.style
        return self.by_id.get(sid, self.default) if sid else self.default


_STYLES: _Styles | None = None


def _para_line(p, zone: str, text: str) -> Line:  # noqa: ANN001
    runs = [r for r in p.runs if r.text.strip()]
    s_bold, s_italic, s_align = _STYLES.of(p) if _STYLES else (None, None, None)
    bold = all(bool(r.bold) or bool(s_bold) for r in runs) if runs else None
    italic = all(bool(r.italic) or bool(s_italic) for r in runs) if runs else None
    align = p.alignment if p.alignment is not None else s_align
    return Line(clean(text), zone, bold, italic, align is not None and int(align) == 1)


def _is_footer_table(rows: list[list[str]]) -> bool:
    cells = [c for row in rows for c in row]
    return any(NOI_NHAN.match(c) for c in cells) or any(
        AUTHORITY.match(line) and is_caps(line) for c in cells for line in c.split("\n")
    )


def docx_lines(data: bytes) -> tuple[list[Line], list[str]]:
    """Return the document's lines in reading order with their zones; and layout warnings."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    global _STYLES
    d = docx.Document(io.BytesIO(data))
    _STYLES = _Styles(d)
    lines: list[Line] = []
    seen_body = seen_footer = False
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text
            parts = text.split("\n")
            for part in parts:
                cols = part.split("\t")
                # a header typed as "left<TAB>right" rows, before the body starts
                if not seen_body and len([c for c in cols if c.strip()]) >= 1 and len(cols) >= 2:
                    left, right = clean(cols[0]), clean(" ".join(cols[1:]))
                    if left:
                        lines.append(_para_line(block, "head_left", left))
                    if right:
                        lines.append(_para_line(block, "head_right", right))
                    continue
                line = _para_line(block, "tail" if seen_footer else "body", " ".join(cols))
                if line.text:
                    seen_body = seen_body or not QUOC_HIEU.search(line.text)
                    lines.append(line)
        elif isinstance(block, Table):
            rows = _fast_rows(block)
            if not seen_body:
                lines.extend(_column_lines(block, "head"))
            elif not seen_footer and _is_footer_table(rows):
                lines.extend(_column_lines(block, "foot"))
                seen_footer = True
            else:
                for cells in rows:
                    text = " | ".join(c for c in cells if c)
                    if text:
                        lines.append(Line(text, "tail" if seen_footer else "table"))
    return lines, _docx_layout_warnings(d)


def _fast_rows(table) -> list[list[str]]:  # noqa: ANN001
    """Return a table's cell texts row by row, straight from the XML (python-docx's cell grid is slow)."""
    from docx.oxml.ns import qn

    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
            cells.append(clean("\n".join(paras)))
        rows.append(cells)
    return rows


def _table_cells(table) -> list[list]:  # noqa: ANN001
    rows = []
    for r in table.rows:
        seen: set[int] = set()
        cells = []
        for c in r.cells:
            if id(c._tc) not in seen:
                seen.add(id(c._tc))
                cells.append(c)
        rows.append(cells)
    return rows


def _column_lines(table, zone: str) -> list[Line]:  # noqa: ANN001
    rows = _table_cells(table)
    ncols = max((len(r) for r in rows), default=0)
    out: list[Line] = []
    for ci in range(ncols):
        side = "left" if ci == 0 or ncols == 1 else "right"
        for r in rows:
            if ci >= len(r):
                continue
            for p in r[ci].paragraphs:
                for part in p.text.split("\n"):
                    line = _para_line(p, f"{zone}_{side}", part)
                    if line.text:
                        out.append(line)
    return out


def _docx_layout_warnings(d) -> list[str]:  # noqa: ANN001
    from docx.shared import Mm

    warnings = []
    for s in d.sections[:1]:
        if (
            s.page_width
            and abs(s.page_width - Mm(210)) > Mm(2)
            or s.page_height
            and abs(s.page_height - Mm(297)) > Mm(2)
        ):
            warnings.append("Khổ giấy không phải A4 (Nghị định 30 yêu cầu A4).")
        checks = [(s.top_margin, 20, 25, "lề trên"), (s.bottom_margin, 20, 25, "lề dưới"),
                  (s.left_margin, 30, 35, "lề trái"), (s.right_margin, 15, 20, "lề phải")]  # fmt: skip
        for value, lo, hi, name in checks:
            if value is not None and not (Mm(lo) - Mm(0.5) <= value <= Mm(hi) + Mm(0.5)):
                warnings.append(f"{name.capitalize()} {value.mm:.0f} mm, Nghị định 30 quy định {lo}–{hi} mm.")
    fonts = set()
    try:
        normal = d.styles["Normal"].font
        if normal.name:
            fonts.add(normal.name)
    except KeyError:
        pass
    for p in d.paragraphs[:200]:
        for r in p.runs:
            if r.font.name:
                fonts.add(r.font.name)
    other = sorted(f for f in fonts if f and f != "Times New Roman")
    if other:
        warnings.append(f"Phông chữ {', '.join(other)} — Nghị định 30 quy định Times New Roman.")
    return warnings


# PDF

GAP = re.compile(r"\S+(?: {1,3}\S+)*")  # text runs; four spaces or more part two columns


@dataclass
class _Row:
    segs: list[tuple[int, str]]  # (column, text)
    gap_before: bool  # a blank row above: a paragraph break in LibreOffice's and most offices' PDFs
    spaced: bool = True  # whether this page parts its paragraphs with blank rows at all

    @property
    def start(self) -> int:
        return self.segs[0][0]

    @property
    def end(self) -> int:
        return self.segs[-1][0] + len(self.segs[-1][1])

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.segs)


def _rows(page_text: str) -> list[_Row]:
    rows: list[_Row] = []
    gap = False
    for raw in page_text.splitlines():
        if not raw.strip():
            gap = True
            continue
        segs = [(m.start(), m.group(0)) for m in GAP.finditer(raw)]
        rows.append(_Row(segs, gap))
        gap = False
    return rows


def _join(a: str, b: str) -> str:
    # "NQ-" + "HĐND": a symbol the line broke after its hyphen
    if re.search(r"[\w.]-$", a):
        return a + b
    return f"{a} {b}".strip()


def _fills(row_end: int, width: int) -> bool:
    return row_end >= 0.82 * width


def pdf_pages(data: bytes) -> list[str]:
    """Return each page's text laid out as on the page (pypdf's layout mode: columns kept apart by spaces)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data), strict=False).pages:
        try:
            pages.append(page.extract_text(extraction_mode="layout") or "")
        except Exception:  # noqa: BLE001 — layout mode gives up on some fonts; plain text still reads
            pages.append(page.extract_text() or "")
    return pages


def pdf_lines(data: bytes) -> tuple[list[Line], bool]:
    """Return the PDF's lines with zones, from its laid-out text; and whether it has a text layer at all."""
    rows: list[_Row] = []
    for text in pdf_pages(data):
        page_rows = _rows(unicodedata.normalize("NFC", text))
        if page_rows:
            page_rows[0].gap_before = True
            spaced = sum(r.gap_before for r in page_rows) >= 0.3 * len(page_rows)
            for r in page_rows:
                r.spaced = spaced
        rows.extend(page_rows)
    lines = _zone_rows(rows)
    has_text = sum(len(line.text) for line in lines) >= 20
    return lines, has_text


def _zone_rows(rows: list[_Row]) -> list[Line]:
    if not rows:
        return []
    width = sorted(r.end for r in rows)[int(len(rows) * 0.9) - 1 if len(rows) > 1 else 0]
    out: list[Line] = []
    i = 0
    # Header: two columns side by side at the top of the first page
    if any(len(r.segs) >= 2 for r in rows[:4]):
        right = min(r.segs[1][0] for r in rows[:6] if len(r.segs) >= 2)
        cols: dict[str, list[tuple[str, bool]]] = {"head_left": [], "head_right": []}
        while i < len(rows):
            r = rows[i]
            if _type_like(r.text) or MARKER.match(r.text) and not r.text.startswith("- "):
                break
            if len(r.segs) >= 2 and r.segs[1][0] >= right - 8:
                left_segs = [s for s in r.segs if s[0] < right - 8]
                right_segs = [s for s in r.segs if s[0] >= right - 8]
                if left_segs:
                    cols["head_left"].append((" ".join(t for _, t in left_segs), r.gap_before))
                cols["head_right"].append((" ".join(t for _, t in right_segs), r.gap_before))
            elif r.start >= right - 8:
                cols["head_right"].append((r.text, r.gap_before))
            elif r.end <= right + 2:
                cols["head_left"].append((r.text, r.gap_before))
            else:
                break
            i += 1
        out.extend(_head_column(cols["head_left"], "head_left"))
        out.extend(_head_column(cols["head_right"], "head_right"))
    # Body, body tables, then the footer's two columns and what follows
    para: list[_Row] = []

    def flush() -> None:
        if para:
            text = ""
            for r in para:
                text = _join(text, r.text)
            text = clean(text)
            centered = all(_centered(r, width) for r in para)
            out.append(Line(text, "body", centered=centered))
            para.clear()

    while i < len(rows):
        r = rows[i]
        if len(r.segs) >= 2 and _footer_starts(r):
            flush()
            i = _footer(rows, i, out, width)
            continue
        if len(r.segs) >= 2 and r.segs[1][0] >= 8:
            flush()
            i = _table(rows, i, out)
            continue
        if para and (
            r.gap_before
            or MARKER.match(r.text)
            or not r.spaced
            and not _fills(para[-1].end, width)
            or _bare_type(para[-1].text)
            or _letters(r.text) >= 8
            and _letters(para[-1].text) >= 8
            and is_caps(r.text) != is_caps(para[-1].text)
        ):
            flush()
        elif para and _centered(para[-1], width) and not _centered(r, width) and _fills(r.end, width):
            flush()  # a centred block (type, subject) ends where a full-width body line begins
        para.append(r)
        i += 1
    flush()
    return out


def _table(rows: list[_Row], i: int, out: list[Line]) -> int:
    """Read a body table: one line per table row, its cells' wrapped lines put back together."""
    left = rows[i].start
    table: list[list[tuple[int, str]]] = []
    while i < len(rows):
        r = rows[i]
        if len(r.segs) >= 2 and abs(r.start - left) <= 3 and not _footer_starts(r):
            table.append([(c, t) for c, t in r.segs])  # a new row
        elif (
            table
            and not r.gap_before
            and r.start > left + 3
            and not MARKER.match(r.text)
            and all(any(abs(c - c0) <= 3 for c0, _ in table[-1]) for c, _ in r.segs)
        ):
            for c, t in r.segs:  # cells of the row above, wrapped
                k = min(range(len(table[-1])), key=lambda n: abs(table[-1][n][0] - c))
                table[-1][k] = (table[-1][k][0], _join(table[-1][k][1], t))
        else:
            break
        i += 1
    for cells in table:
        out.append(Line(clean(" | ".join(t for _, t in cells if t)), "table"))
    return i


def _centered(r: _Row, width: int) -> bool:
    # wider margins than a first-line indent, and as wide on both sides
    left, right = r.start, width - r.end
    return left >= 0.12 * width and abs(left - right) <= max(4, 0.07 * width)


def _letters(text: str) -> int:
    # a heading changes case; "112/2025/QH15;" or "Á -" wrapped onto a row of their own do not
    return sum(c.isalpha() for c in text)


def _bare_type(text: str) -> bool:
    found = type_of(text)
    return found is not None and not found[1]


def _type_like(text: str) -> bool:
    return type_of(text) is not None


def _head_column(items: list[tuple[str, bool]], zone: str) -> list[Line]:
    out: list[Line] = []
    for text, _gap in items:
        t = clean(text)
        if not t:
            continue
        prev = out[-1].text if out else ""
        # a date or the motto that the narrow column wrapped
        wrapped_date = re.search(r"\bngày\b", prev) and not re.search(r"\d{4}\s*\.?$", prev) and zone == "head_right"
        if out and (wrapped_date or QUOC_HIEU.fullmatch(_join(prev, t)) or TIEU_NGU.fullmatch(_join(prev, t))):
            out[-1].text = _join(prev, t)
        else:
            out.append(Line(t, zone))
    return out


def _footer_starts(r: _Row) -> bool:
    left, right = r.segs[0][1], " ".join(t for _, t in r.segs[1:])
    return bool(NOI_NHAN.match(left) or (AUTHORITY.match(right) or is_caps(right)) and NOI_NHAN.match(left))


def _footer(rows: list[_Row], i: int, out: list[Line], width: int) -> int:
    right = rows[i].segs[1][0]
    cols: dict[str, list[Line]] = {"foot_left": [], "foot_right": []}
    last_row: dict[str, _Row] = {}
    while i < len(rows):
        r = rows[i]
        pieces: list[tuple[str, str, _Row]] = []
        if len(r.segs) >= 2 and r.segs[-1][0] >= right - 8:
            left_t = " ".join(t for c, t in r.segs if c < right - 8)
            right_t = " ".join(t for c, t in r.segs if c >= right - 8)
            if left_t:
                pieces.append(("foot_left", left_t, r))
            pieces.append(("foot_right", right_t, r))
        elif r.start >= right - 8:
            pieces.append(("foot_right", r.text, r))
        elif r.end <= right + 2:
            pieces.append(("foot_left", r.text, r))
        else:
            break  # a full-width line: the footer is over
        for zone, text, row in pieces:
            t = clean(text)
            prev = last_row.get(zone)
            col = cols[zone]
            wrapped = (
                col
                and prev is not None
                and not row.gap_before
                and not MARKER.match(t)
                and not col[-1].text.endswith((";", "."))
                and (zone == "foot_left" or t[:1].islower() or col[-1].text.endswith(","))
            )
            if wrapped:
                col[-1].text = _join(col[-1].text, t)
            else:
                col.append(Line(t, zone))
            last_row[zone] = row
        i += 1
    out.extend(cols["foot_left"] + cols["foot_right"])
    for r in rows[i:]:
        out.append(Line(clean(r.text), "tail"))
    return len(rows)
