"""Turn a .docx into the document's lines in reading order, each with where it sits on the page.

A zone says where a line sits: the header's two columns (head_left, head_right), the body, a table in the body
(one line per row, cells joined by " | "), the footer's two columns (foot_left: Nơi nhận, foot_right: the
signature) and what follows the footer (tail: an appendix).
"""

from __future__ import annotations

import io
import re
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

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _count(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _number(value: str | None, default: int) -> int:
    """A list's start or level as Word wrote it; what is not a number counts as the default (a list label is not
    worth refusing a file for)."""
    return int(value) if value and value.isdigit() else default


class _Numbering:
    """What Word shows before a paragraph of a list, which is not in its text: "- " for a bullet, "I. ", "1. ",
    "a) " for a number, as the list's level writes it ("%1."), counted in reading order. A Nơi nhận or a căn cứ
    list whose dashes are Word's bullets, or sections numbered by Word, read like typed ones."""

    def __init__(self, d) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int, str]] = {}
        self.by_style: dict[str, tuple[str, str]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: dict = {}
        try:
            root = d.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract: dict[str, dict[str, tuple[str, str, int]]] = {}
        for a in root.findall(f"{_W}abstractNum"):
            lv = abstract.setdefault(a.get(f"{_W}abstractNumId"), {})
            for lvl in a.findall(f"{_W}lvl"):
                fmt, text, start = (lvl.find(f"{_W}{t}") for t in ("numFmt", "lvlText", "start"))
                lv[lvl.get(f"{_W}ilvl")] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    _number(start.get(f"{_W}val") if start is not None else None, 1),
                )
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            aid = ref.get(f"{_W}val") if ref is not None else None
            for ilvl, (fmt, text, start) in abstract.get(aid, {}).items():
                self.levels[(num.get(f"{_W}numId"), ilvl)] = (fmt, text, start, aid)
        for st in d.styles.element.findall(f"{_W}style"):
            num_pr = st.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                self.by_style[st.get(f"{_W}styleId")] = self._ids(num_pr)

    @staticmethod
    def _ids(num_pr) -> tuple[str, str]:
        num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        return (
            num_id.get(f"{_W}val") if num_id is not None else "",
            ilvl.get(f"{_W}val") if ilvl is not None else "0",
        )

    def label(self, p_el) -> str:
        """Return the label Word shows before this paragraph ("" if none), counted once however often asked."""
        if not self.levels:
            return ""
        if p_el not in self.seen:
            self.seen[p_el] = self._label(p_el)
        return self.seen[p_el]

    def _label(self, p_el) -> str:
        num_pr = p_el.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            ids = self._ids(num_pr)
        else:
            style = p_el.find(f"{_W}pPr/{_W}pStyle")
            ids = self.by_style.get(style.get(f"{_W}val")) if style is not None else None
        level = self.levels.get(ids) if ids else None
        if level is None:
            return ""
        fmt, text, start, aid = level
        if fmt == "bullet":
            return "- "
        if fmt == "none" or not text:
            return ""
        depth = _number(ids[1], 0)
        counts = self.counters.setdefault(aid, {})
        counts[depth] = counts.get(depth, start - 1) + 1
        for deeper in [k for k in counts if k > depth]:
            del counts[deeper]

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv = self.levels.get((ids[0], str(k)))
            return _count(counts.get(k, lv[2] if lv else 1), lv[0] if lv else "decimal")

        return re.sub(r"%([1-9])", value, text) + " "


_NUMBERING: _Numbering | None = None


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


def _shown_lines(p_el) -> list[str]:
    """Return a paragraph's lines as Word shows them: its list label before its text, its line breaks, then the
    paragraphs of its text boxes."""
    text, _runs_, boxes = paragraph_text(p_el)
    if _NUMBERING and text.strip():
        text = _NUMBERING.label(p_el) + text
    return text.split("\n") + [paragraph_text(b)[0] for b in boxes]


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

    global _STYLES, _NUMBERING
    d = docx.Document(io.BytesIO(data))
    _STYLES = _Styles(d)
    _NUMBERING = _Numbering(d)
    lines: list[Line] = []
    seen_body = seen_footer = False
    for el in blocks(d.element.body):
        if el.tag == f"{_W}p":
            block = Paragraph(el, d)
            for part in _shown_lines(el):
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
                    paras.append("\n".join(_shown_lines(el)))
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
                for part in _shown_lines(el):
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
