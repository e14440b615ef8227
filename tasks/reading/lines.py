"""Turn a .docx into the document's lines in reading order, each with where it sits on the page.

A zone says where a line sits: the header's two columns (head_left, head_right), the body, a table in the body
(one line per row, cells joined by " | "), the footer's two columns (foot_left: Nơi nhận, foot_right: the
signature) and what follows the footer (tail: an appendix).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from tasks.reading.patterns import ARCHIVE_ITEM, AUTHORITY, NOI_NHAN, QUOC_HIEU, STAMP, clean, is_caps


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

    def __init__(self, d) -> None:
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

    def of(self, p) -> tuple:
        sid = p._p.style
        return self.by_id.get(sid, self.default) if sid else self.default


_STYLES: _Styles | None = None


def _para_line(p, zone: str, text: str) -> Line:
    runs = [r for r in _runs(p) if r.text.strip()]
    s_bold, s_italic, s_align = _STYLES.of(p) if _STYLES else (None, None, None)
    bold = all(bool(r.bold) or bool(s_bold) for r in runs) if runs else None
    italic = all(bool(r.italic) or bool(s_italic) for r in runs) if runs else None
    align = p.alignment if p.alignment is not None else s_align
    return Line(clean(text), zone, bold, italic, align is not None and int(align) == 1)


# What Word writes around text: a paragraph's runs may sit in a tracked insertion (w:ins), a content control
# (w:sdt), a smart tag, a field (w:fldSimple) or a hyperlink, and its paragraphs and tables in a block-level
# content control or custom XML. python-docx reads only runs and hyperlinks that are the paragraph's own children,
# and only the body's own paragraphs, so all of that text was lost. A deletion (w:del, w:moveFrom) is not text; a
# text box's paragraphs (w:txbxContent) are read as lines of their own, from the drawing, not its VML fallback.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOT_TEXT = {f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}sdtPr", f"{_W}sdtEndPr", _MC_FALLBACK}
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo", f"{_W}smartTag"}


def blocks(parent) -> list:
    """Return the w:p and w:tbl elements of a body or a table cell in order, inside content controls too."""
    out = []
    for el in parent:
        if el.tag in (f"{_W}p", f"{_W}tbl"):
            out.append(el)
        elif el.tag in _WRAPPERS:
            out.extend(blocks(el))
    return out


def _walk(el, text: list[str], runs: list, boxes: list) -> None:
    for child in el:
        tag = child.tag
        if tag in _NOT_TEXT or not isinstance(tag, str):
            continue
        if tag == f"{_W}t":
            text.append(child.text or "")
        elif tag == f"{_W}tab":
            text.append("\t")
        elif tag == f"{_W}br":
            text.append("\n" if child.get(f"{_W}type") in (None, "textWrapping") else "")
        elif tag == f"{_W}cr":
            text.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            text.append("-")
        elif tag == f"{_W}txbxContent":
            boxes.extend(p for p in blocks(child) if p.tag == f"{_W}p")
        else:
            if tag == f"{_W}r":
                runs.append(child)
            _walk(child, text, runs, boxes)


def paragraph_text(p_el) -> tuple[str, list, list]:
    """Return a paragraph's text as Word shows it, its run elements, and the paragraphs of its text boxes."""
    text: list[str] = []
    runs: list = []
    boxes: list = []
    _walk(p_el, text, runs, boxes)
    return "".join(text), runs, boxes


def _runs(p) -> list:
    from docx.text.run import Run

    return [Run(r, p) for r in paragraph_text(p._p)[1]]


def _is_footer_table(rows: list[list[str]]) -> bool:
    cells = [c for row in rows for c in row]
    return (
        any(NOI_NHAN.match(c) for c in cells)
        or any(AUTHORITY.match(line) and is_caps(line) for c in cells for line in c.split("\n"))
        # a distribution list whose "Nơi nhận:" label was lost, beside a title-only signature: "- Lưu VT, KHTC."
        or any(ARCHIVE_ITEM.match(line) for c in cells for line in c.split("\n"))
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
    for el in blocks(d.element.body):
        if el.tag == f"{_W}p":
            block = Paragraph(el, d)
            text, _runs_, boxes = paragraph_text(el)
            parts = text.split("\n") + [paragraph_text(b)[0] for b in boxes]
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
                    # the motto or a stamp ("DỰ THẢO", "KHẨN") above the header table does not start the body
                    seen_body = seen_body or not (QUOC_HIEU.search(line.text) or STAMP.match(line.text))
                    lines.append(line)
        else:
            block = Table(el, d)
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


def _fast_rows(table) -> list[list[str]]:
    """Return a table's cell texts row by row, straight from the XML (python-docx's cell grid is slow)."""
    from docx.oxml.ns import qn
    from docx.table import Table

    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            paras = []
            for el in blocks(tc):
                if el.tag == qn("w:p"):
                    text, _r, boxes = paragraph_text(el)
                    paras.extend([text, *(paragraph_text(b)[0] for b in boxes)])
                else:  # a table inside the cell
                    paras.extend(" | ".join(c for c in row if c) for row in _fast_rows(Table(el, table._parent)))
            cells.append(clean("\n".join(paras)))
        rows.append(cells)
    return rows


def _table_cells(table) -> list[list]:
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


def _column_lines(table, zone: str) -> list[Line]:
    from docx.text.paragraph import Paragraph

    rows = _table_cells(table)
    ncols = max((len(r) for r in rows), default=0)
    out: list[Line] = []
    for ci in range(ncols):
        side = "left" if ci == 0 or ncols == 1 else "right"
        for r in rows:
            if ci >= len(r):
                continue
            for el in blocks(r[ci]._tc):
                if el.tag != f"{_W}p":
                    continue
                p = Paragraph(el, r[ci])
                text, _r, boxes = paragraph_text(el)
                for part in text.split("\n") + [paragraph_text(b)[0] for b in boxes]:
                    line = _para_line(p, f"{zone}_{side}", part)
                    if line.text:
                        out.append(line)
    return out


def _docx_layout_warnings(d) -> list[str]:
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
        checks = [
            (s.top_margin, 20, 25, "lề trên"),
            (s.bottom_margin, 20, 25, "lề dưới"),
            (s.left_margin, 30, 35, "lề trái"),
            (s.right_margin, 15, 20, "lề phải"),
        ]
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
