"""Turn a PDF into the document's lines: pypdf lays each page out as text (columns kept apart by spaces), and
the rows are read back into the header's and footer's columns, body tables and paragraphs."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from tasks.reading.lines import Line
from tasks.reading.patterns import (
    ARCHIVE_ITEM,
    AUTHORITY,
    MARKER,
    NOI_NHAN,
    QUOC_HIEU,
    QUOC_HIEU_START,
    SEPARATOR,
    TIEU_NGU,
    clean,
    is_caps,
    type_of,
)

GAP = re.compile(r"\S+(?: {1,3}\S+)*")  # text runs; four spaces or more part two columns
# what opens a line of the header's right column: the national motto and slogan, a party's or the Youth Union's
# motto, the place and date
RIGHT_OPENER = re.compile(
    QUOC_HIEU_START + r"|Đ[ộo]c\s+l[ậa]p\s*(?:[-–—]|\s+T[ựu]\s+do\b)|ĐẢNG CỘNG SẢN VIỆT NAM|ĐOÀN TNCS HỒ CHÍ MINH"
    r"|ĐỘI TNTP HỒ CHÍ MINH"
    # "Phan Rang-Tháp Chàm, ngày …": a place with a hyphen in its name
    # "Phan Rang ngày 12 …": no comma; "Vạn Giã , ngày …": a space before it
    r"|[^\W\d][\w.-]*(?:\s[\w.-]+){0,4}(?:\s?,\s*ngày\b|\s+ngày\s+\d)",
    re.I,
)
# the national motto or a party's or the Youth Union's motto, in capitals like the issuer it runs into
CAPS_OPENER = re.compile(QUOC_HIEU_START + r"|ĐẢNG CỘNG SẢN VIỆT NAM|ĐOÀN TNCS HỒ CHÍ MINH|ĐỘI TNTP HỒ CHÍ MINH")


@dataclass
class _Row:
    segs: list[tuple[int, str]]  # (column, text)
    gap_before: bool  # a blank row above: a paragraph break in LibreOffice's and most offices' PDFs
    spaced: bool = True  # whether this page parts its paragraphs with blank rows at all
    page_start: bool = False  # the first row of a page (its gap_before says nothing of a paragraph break)

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


def _joined(para: list[_Row]) -> str:
    """A paragraph's rows put back into one line."""
    text = ""
    for r in para:
        text = _join(text, r.text)
    return clean(text)


def _wrapped_range(prev: _Row, r: _Row, width: int) -> bool:
    # "… giai đoạn 2022" / "- 2025, tầm nhìn …": a full line broken inside a range of years, not a new item
    return bool(re.search(r"\d$", prev.text) and re.match(r"^[-–]\s*\d", r.text) and _fills(prev.end, width))


def _fills(row_end: int, width: int) -> bool:
    return row_end >= 0.82 * width


def pdf_pages(data: bytes) -> list[str]:
    """Return each page's text laid out as on the page (pypdf's layout mode: columns kept apart by spaces)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data), strict=False).pages:
        try:
            pages.append(page.extract_text(extraction_mode="layout") or "")
        except Exception:  # layout mode gives up on some fonts; plain text still reads
            pages.append(page.extract_text() or "")
    return pages


def pdf_lines(data: bytes) -> tuple[list[Line], bool]:
    """Return the PDF's lines with zones, from its laid-out text; and whether it has a text layer at all."""
    rows: list[_Row] = []
    for text in pdf_pages(data):
        page_rows = _rows(unicodedata.normalize("NFC", text))
        if page_rows:
            page_rows[0].gap_before = True
            page_rows[0].page_start = True
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
    two_columns = False
    if any(len(r.segs) >= 2 for r in rows[:4]):
        for r in rows[:12]:
            r.segs = _split_touching(r.segs)
        # the right column: where its motto, slogan or date begins; else the second run of the top rows
        anchors = [c for r in rows[:6] for k, (c, t) in enumerate(r.segs) if k and RIGHT_OPENER.match(t)]
        right = max(anchors) if anchors else min(r.segs[1][0] for r in rows[:6] if len(r.segs) >= 2)
        # a header of loose lines, one under another, with spaces typed inside one ("Số:    3929/ …"), has no second
        # column
        two_columns = bool(anchors) or right >= 0.25 * width
    if two_columns:
        cols: dict[str, list[tuple[str, bool]]] = {"head_left": [], "head_right": []}
        while i < len(rows):
            r = rows[i]
            # "*" or "-----" under the issuing body is the header's separator, not a list item
            bullet = MARKER.match(r.text) and not r.text.startswith("- ") and not SEPARATOR.match(r.segs[0][1])
            if _type_like(r.text) or bullet:
                break
            # "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA" beside a long one-line issuer, its "VIỆT NAM" wrapped under it at the margin;
            # "…, ngày 08 tháng 09 năm" beside a long issuer, its "2009" wrapped likewise
            if len(r.segs) == 1 and cols["head_right"] and _wrapped_right(cols["head_right"][-1][0], r.text.strip()):
                text, gap = cols["head_right"][-1]
                cols["head_right"][-1] = (f"{text} {r.text.strip()}", gap)
                i += 1
                continue
            # a row typed with a tab: its right part begins with the motto, slogan or date, wherever it falls
            opener = next((k for k, (_, t) in enumerate(r.segs) if k and RIGHT_OPENER.match(t)), None)
            if opener is not None:
                cols["head_left"].append((" ".join(t for _, t in r.segs[:opener]), r.gap_before))
                cols["head_right"].append((" ".join(t for _, t in r.segs[opener:]), r.gap_before))
            elif len(r.segs) >= 2 and r.segs[-1][0] >= right - 8:
                # ("Số:    /KH-LĐ        2019": the number left blank in two runs, the date's year wrapped beside it)
                left_segs = [s for s in r.segs if s[0] < right - 8]
                right_segs = [s for s in r.segs if s[0] >= right - 8]
                if left_segs:
                    cols["head_left"].append((" ".join(t for _, t in left_segs), r.gap_before))
                cols["head_right"].append((" ".join(t for _, t in right_segs), r.gap_before))
            elif len(r.segs) >= 2 and all(SEPARATOR.match(t) for _, t in r.segs[1:]):
                # "----------     ---------------------", "ỦY BAN KIỂM TRA      -----------": the right column's
                # separator, wider than its column and so beginning left of it, beside the left column's line
                cols["head_left"].append((r.segs[0][1], r.gap_before))
                cols["head_right"].append((" ".join(t for _, t in r.segs[1:]), r.gap_before))
            elif r.start >= right - 8 or r.start > 0 and RIGHT_OPENER.match(r.segs[0][1]):
                cols["head_right"].append((r.text, r.gap_before))
            elif r.end <= right + 2:
                cols["head_left"].append((r.text, r.gap_before))
            elif i + 1 < len(rows) and rows[i + 1].start > 0 and RIGHT_OPENER.match(rows[i + 1].segs[0][1]):
                # a long left line ("V/v …") that pushed the date it was typed beside onto the next row
                cols["head_left"].append((r.text, r.gap_before))
            elif (
                re.match(r"^(V/v|V/V|Về)\b", r.text)
                and i + 1 < len(rows)
                and any(k and RIGHT_OPENER.match(t) for k, (_, t) in enumerate(rows[i + 1].segs))
            ):
                # "V/v yêu cầu báo cáo … việc may, mua đồng phục" / "của học sinh …      Hà Nội, ngày …": a subject
                # filling the row, its second line typed beside the date
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
            out.append(Line(_joined(para), "body", centered=all(_centered(r, width) for r in para)))
            para.clear()

    while i < len(rows):
        r = rows[i]
        if len(r.segs) >= 2 and _footer_starts(r, rows[i + 1 : i + 9]):
            flush()
            i = _footer(rows, i, out, width)
            continue
        if len(r.segs) >= 2 and r.segs[1][0] >= 8 and not _goes_on(para, r, width):
            flush()
            i = _table(rows, i, out)
            continue
        if para and _breaks(para, r, width):
            flush()
        elif para and _centered(para[-1], width) and not _centered(r, width) and _fills(r.end, width):
            flush()  # a centred block (type, subject) ends where a full-width body line begins
        para.append(r)
        i += 1
    flush()
    return out


def _breaks(para: list[_Row], r: _Row, width: int) -> bool:
    """Whether a row begins a new paragraph rather than going on the one above: a blank row above, a list marker,
    a short line above on a page without blank rows, a bare type above, a change between capitals and not."""
    return bool(
        r.gap_before
        or MARKER.match(r.text)
        and not _wrapped_range(para[-1], r, width)
        or not r.spaced
        and not _fills(para[-1].end, width)
        or _bare_type(para[-1].text)
        or _letters(r.text) >= 8
        and _letters(para[-1].text) >= 8
        and is_caps(r.text) != is_caps(para[-1].text)
    )


def _tail(rows: list[_Row], out: list[Line], width: int) -> None:
    """Read what follows the footer (an attached plan or appendix) as the body is read: a paragraph's wrapped rows
    put back together, so that a sentence (a deadline with its subject) is one line as in the .docx; a row of
    several runs (an attached header's columns, a table's row) stays a line of its own."""
    para: list[_Row] = []

    def flush() -> None:
        if para:
            out.append(Line(_joined(para), "tail"))
            para.clear()

    for r in rows:
        if len(r.segs) >= 2 and r.segs[1][0] >= 8 and not _goes_on(para, r, width):
            flush()
            out.append(Line(clean(r.text), "tail"))
            continue
        if para and _breaks(para, r, width):
            flush()
        para.append(r)
    flush()


def _wrapped_right(last: str, text: str) -> bool:
    """Whether a row at the margin is the end of the right column's line above, wrapped under a long left one."""
    if re.search(r"CH[ỦU]\s+NGH[ĨI]A$", last, re.I):
        return bool(re.fullmatch(r"VI[ỆE]T\s+NAM", text, re.I))
    if re.search(r"CH[ỦU]$", last, re.I):
        return bool(re.fullmatch(r"NGH[ĨI]A\s+VI[ỆE]T\s+NAM", text, re.I))
    if re.search(r"\bngày\b.*\btháng\s*\d{1,2}(?:\s+năm)?$", last, re.I):
        return bool(re.fullmatch(r"(?:năm\s+)?\d{4}", text, re.I))
    return False


def _goes_on(para: list[_Row], r: _Row, width: int) -> bool:
    """Whether a row of two runs goes on the paragraph above rather than beginning a table: on a page that parts
    its paragraphs with blank rows, no blank row above, the same left edge, and the row above filled the line
    ("… công văn số 3743/… ngày" / "05/10/2016,        của Sở …": spaces typed in a sentence, or a line justified
    wide, look like two columns)."""
    return bool(
        para
        and r.spaced
        and not r.gap_before
        and abs(r.start - para[-1].start) <= 3
        and _fills(para[-1].end, width)
        and not MARKER.match(r.text)
        # "… việc may, mua đồng phục      Hà Nội, ngày …": the header's date beside a wrapped V/v is its own column
        and not any(RIGHT_OPENER.match(t) for _, t in r.segs[1:])
    )


def _split_touching(segs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    # "-------Độc lập - Tự do - Hạnh phúc": a tab too short to part the columns by four spaces
    out: list[tuple[int, str]] = []
    for c, t in segs:
        m = RIGHT_OPENER.search(t, 1)
        if m and t[: m.start()].strip() and SEPARATOR.match(t[: m.start()].strip()):
            out += [(c, t[: m.start()].strip()), (c + m.start(), t[m.start() :])]
        elif gap := _after_number(t):
            # "/KH-UBND Dân Lực, ngày …": the place and date typed a few spaces after a number left blank
            out += [(c, t[: gap[0]]), (c + gap[1], t[gap[1] :])]
        elif k := _touching(t):
            # "TRƯỜNG THPT CHUYÊNĐộc lập - …", "… THỌ XUÂNThọ Xuân, ngày …": a word in capitals runs into the slogan
            # or the place and date
            out += [(c, t[:k]), (c + k, t[k:])]
        else:
            out.append((c, t))
    return out


def _after_number(t: str) -> tuple[int, int] | None:
    """Where a number ("Số: …/KH-UBND", "/KH-UBND") is parted from the place and date by three spaces or fewer
    (not inside a symbol broken after its dash: "12/KH- UBND Hà Nội, ngày …")."""
    for g in re.finditer(r" {1,3}(?=\S)", t):
        before = t[: g.start()]
        if (
            RIGHT_OPENER.match(t, g.end())
            and not before.endswith("-")
            and re.fullmatch(r"(?:S[ốô]\s*:?\s*)?[\d\s]*/\s*[\w&.\- ]{1,30}", before)
        ):
            return g.start(), g.end()
    return None


def _touching(t: str) -> int:
    """Where a left column in capitals runs into the right column's opener with no space, else 0."""
    # "CHÍNH PHỦCỘNG HÒA XÃ HỘI …", "BẢO HIỂM XÃ HỘICỘNG HÒA …": capitals into the motto in capitals
    for m in CAPS_OPENER.finditer(t):
        if m.start() and t[m.start() - 1].isupper() and is_caps(t[: m.start()]):
            return m.start()
    for m in re.finditer(r"(?<=[^\W\d_])(?=[^\W\d_][^\W\d_])", t):
        k = m.start()
        if t[k - 1].isupper() and t[k].isupper() and t[k + 1].islower() and is_caps(t[:k]):
            if RIGHT_OPENER.match(t, k):
                return k
    return 0


def _table(rows: list[_Row], i: int, out: list[Line]) -> int:
    """Read a body table: one line per table row, its cells' wrapped lines put back together."""
    left = rows[i].start
    table: list[list[tuple[int, str]]] = []
    while i < len(rows):
        r = rows[i]
        if len(r.segs) >= 2 and abs(r.start - left) <= 3 and not _footer_starts(r, rows[i + 1 : i + 9]):
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


def _footer_starts(r: _Row, following: list[_Row] = ()) -> bool:
    left, right = r.segs[0][1], " ".join(t for _, t in r.segs[1:])
    if NOI_NHAN.match(left):
        return True
    if re.match(r"^[-+•–]\s", left) and re.match(r"^(?:T/?M|K/?T|T/?L|TUQ)\s*[.:]\s*\S", right) and is_caps(right):
        # "- Như Điều 3;" beside "TM. ỦY BAN NHÂN DÂN": a list item beside the signature's authority line, though
        # no "Lưu" item follows (a portal held back the rest of the footer)
        return True
    # a distribution list without its "Nơi nhận:" label beside a signature's title: its items run down to
    # the archive copy ("- Lưu VT, KHTC.")
    return bool(
        re.match(r"^[-+•–]\s", left)
        and (AUTHORITY.match(right) or is_caps(right))
        and any(ARCHIVE_ITEM.match(x.segs[0][1]) for x in [r, *following[:8]])
    )


def _footer(rows: list[_Row], i: int, out: list[Line], width: int) -> int:
    right = rows[i].segs[1][0]
    # the signature is centred in its column: a longer line of it begins further left
    middle = right + len(" ".join(t for _, t in rows[i].segs[1:])) / 2
    cols: dict[str, list[Line]] = {"foot_left": [], "foot_right": []}
    last_row: dict[str, _Row] = {}
    while i < len(rows):
        r = rows[i]
        pieces: list[tuple[str, str, _Row]] = []
        if len(r.segs) >= 2 and r.segs[-1][0] < right - 8 and abs(r.segs[-1][0] + len(r.segs[-1][1]) / 2 - middle) <= 6:
            # "- Bộ Chính trị, Ban Bí thư (để b/c),      PHÓ TRƯỞNG BAN THƯỜNG TRỰC": centred under "K/T TRƯỞNG BAN"
            pieces.append(("foot_left", " ".join(t for _, t in r.segs[:-1]), r))
            pieces.append(("foot_right", r.segs[-1][1], r))
        elif len(r.segs) >= 2 and r.segs[-1][0] >= right - 8:
            left_t = " ".join(t for c, t in r.segs if c < right - 8)
            right_t = " ".join(t for c, t in r.segs if c >= right - 8)
            if left_t:
                pieces.append(("foot_left", left_t, r))
            pieces.append(("foot_right", right_t, r))
            # a footer running onto the next page, laid out there a few characters further left
            right = min(right, next(c for c, _ in r.segs if c >= right - 8))
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
                and (
                    not row.gap_before
                    # a page break inside an item left plainly unfinished: "- VPUB: …, các phòng, đơn vị: ĐMPT," /
                    # (next page) "TTTTDL&CNS, TH;"; not "- Lưu: VT, NCTH.HH" / (next page) a file's path "d:\\…"
                    or row.page_start
                    and col[-1].text.endswith((",", ":", "-", "–", "&", "/"))
                )
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
    _tail(rows[i:], out, width)
    return len(rows)
