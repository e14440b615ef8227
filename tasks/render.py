"""Render our documents (Kế hoạch, Báo cáo, Công văn đôn đốc, Thông báo, Phiếu biên nhận) from the templates.

Formatting lives in templates/*.docx (see templates/build_templates.py): the header and footer tables, the
rules, the national name and motto, and the named styles. This puts text where a template's «placeholders»
stand — each filled paragraph keeps the placeholder paragraph's style and formatting — and names styles only
for what the body adds (headings, paragraphs, tables). It edits word/document.xml with lxml and copies the
template's other parts as they are, which is several times faster than opening and saving with python-docx.
"""

from __future__ import annotations

import copy
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from lxml import etree
from prefect import task
from pydantic import BaseModel, ConfigDict

from kehoach.clock import vn_date_long
from kehoach.settings import get_settings

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
KINDS = ("ke_hoach", "bao_cao", "cong_van_don_doc", "thong_bao", "phieu_bien_nhan")
TYPE_NAMES = {
    "ke_hoach": "Kế hoạch",
    "bao_cao": "Báo cáo",
    "thong_bao": "Thông báo",
    "phieu_bien_nhan": "Phiếu biên nhận",
}
# The styles this code names for what it adds to a body; every template must define them (a test checks).
HEADING_STYLE, PARAGRAPH_STYLE, RECIPIENT_STYLE = "KH Muc", "KH Noi dung", "KH Kinh gui dong"
TABLE_STYLE, TABLE_HEAD_STYLE, TABLE_CELL_STYLE = "KH Bang luoi", "KH Bang tieu de", "KH Bang"
TITLE_STYLE = "KH Trich yeu"  # centred and bold, as the subject: an annex's title
STYLE_NAMES = (
    HEADING_STYLE,
    PARAGRAPH_STYLE,
    RECIPIENT_STYLE,
    TABLE_STYLE,
    TABLE_HEAD_STYLE,
    TABLE_CELL_STYLE,
    TITLE_STYLE,
)
# The placeholders a template may hold; the list ones repeat their paragraph once per line.
SCALARS = (
    "co_quan_chu_quan",
    "co_quan_ban_hanh",
    "so_ky_hieu",
    "dia_danh",
    "ngay",
    "loai_van_ban",
    "trich_yeu",
    "quyen_han_ky",
    "chuc_vu",
    "nguoi_ky",
)
LISTS = ("can_cu", "noi_nhan")
PLACEHOLDER = re.compile(r"«(\w+)»")
# "I. MỤC ĐÍCH", "2. Nhiệm vụ", "2.1. …": a short numbered line is a heading
HEADING = re.compile(r"^([IVXLC]+|\d+(\.\d+)*)\.\s")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT = "word/document.xml"
# Fixed zip timestamps: the same content renders to the same bytes (files are stored by their hash).
EPOCH = (1980, 1, 1, 0, 0, 0)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Heading(BaseModel):
    """A section heading of the body ("I. MỤC ĐÍCH, YÊU CẦU"); a centred one titles an annex ("PHỤ LỤC")."""

    text: str
    centered: bool = False


class Table(BaseModel):
    """A table in the body: a header row and rows of cells (a report's units and their state)."""

    header: list[str]
    rows: list[list[str | int | float]]


class RenderContext(BaseModel):
    """What a document says; the template decides how it looks."""

    model_config = ConfigDict(extra="forbid")

    so_ky_hieu: str | None  # "12/KH-UBND"; None leaves the number blank for the records office
    co_quan_ban_hanh: str
    dia_danh: str
    ngay: date
    trich_yeu: str
    chuc_vu: str  # "CHỦ TỊCH"
    nguoi_ky: str
    loai_van_ban: str = ""  # "Kế hoạch", "Báo cáo"…; empty takes the kind's name; a công văn has no type line
    co_quan_chu_quan: str = ""
    quyen_han_ky: str | None = None  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    kinh_gui: list[str] = []
    can_cu: list[str] = []  # each a full line: "Căn cứ Kế hoạch số 66/KH-UBND ngày 20/8/2019 của …"
    body: list[Heading | Table | str] = []  # a str that starts "I. " or "1. " and is short is a heading
    noi_nhan: list[str] = []  # the last may be "Lưu: VT, NC"; otherwise "Lưu: <luu>" is added
    luu: str = "VT"
    phu_luc: list[Heading | Table | str] = []  # an annex on its own page after the signature (Phụ lục)


@dataclass(frozen=True)
class _Template:
    parts: tuple[tuple[str, bytes], ...]  # every part but the document, as stored
    document: etree._Element
    style_ids: dict[str, str]  # style name -> id
    text_width: int  # twips between the margins
    slots: frozenset[str]


@lru_cache(maxsize=len(KINDS))
def _template(kind: str) -> _Template:
    path = TEMPLATES / f"{kind}.docx"
    with zipfile.ZipFile(path) as z:
        parts = tuple((n, z.read(n)) for n in z.namelist())
    by_name = dict(parts)
    document = etree.fromstring(by_name[DOCUMENT])
    styles = etree.fromstring(by_name["word/styles.xml"])
    style_ids = {s.find(_w("name")).get(_w("val")): s.get(_w("styleId")) for s in styles.iter(_w("style"))}
    missing = [n for n in STYLE_NAMES if n not in style_ids]
    if missing:
        raise ValueError(f"Mẫu {path.name} thiếu kiểu (style): {', '.join(missing)}")
    sect = document.find(f"{_w('body')}/{_w('sectPr')}")
    size, margins = sect.find(_w("pgSz")), sect.find(_w("pgMar"))
    width = int(size.get(_w("w"))) - int(margins.get(_w("left"))) - int(margins.get(_w("right")))
    slots = frozenset(PLACEHOLDER.findall("".join(document.itertext(_w("t")))))
    unknown = slots - {*SCALARS, *LISTS, "kinh_gui", "noi_dung"}
    if unknown:
        raise ValueError(f"Mẫu {path.name} có chỗ điền lạ: {', '.join(f'«{s}»' for s in sorted(unknown))}")
    rest = tuple((n, b) for n, b in parts if n != DOCUMENT)
    return _Template(rest, document, style_ids, width, slots)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _caps(text: str) -> str:
    # Capitals are typed, not a style's all-caps: the text then reads the same to every reader and extractor.
    return _nfc(text).upper()


def _lines(items: list[str], last: str = ".") -> list[str]:
    """End each line with ";" and the last with `last`, as Nghị định 30 lists are written."""
    bare = [_nfc(x).lstrip("-+• ").rstrip(";.,") for x in items]
    return [x + (last if i == len(bare) - 1 else ";") for i, x in enumerate(bare)]


def _noi_nhan(ctx: RenderContext) -> list[str]:
    items = list(ctx.noi_nhan)
    if not items or not _nfc(items[-1]).lstrip("-+• ").startswith("Lưu"):
        items.append(f"Lưu: {ctx.luu}")
    return ["- " + line for line in _lines(items)]


def _scalars(kind: str, ctx: RenderContext) -> dict[str, str]:
    return {
        "co_quan_chu_quan": _caps(ctx.co_quan_chu_quan),
        "co_quan_ban_hanh": _caps(ctx.co_quan_ban_hanh),
        "so_ky_hieu": _nfc(ctx.so_ky_hieu) if ctx.so_ky_hieu else "     /",
        "dia_danh": _nfc(ctx.dia_danh),
        "ngay": vn_date_long(ctx.ngay),
        "loai_van_ban": _caps(ctx.loai_van_ban or TYPE_NAMES.get(kind, "")),
        "trich_yeu": _nfc(ctx.trich_yeu),
        "quyen_han_ky": _caps(ctx.quyen_han_ky or ""),
        "chuc_vu": _caps(ctx.chuc_vu),
        "nguoi_ky": _nfc(ctx.nguoi_ky),
    }


def _text(p: etree._Element) -> str:
    return "".join(p.itertext(_w("t")))


def _set_text(p: etree._Element, text: str) -> None:
    """Make the paragraph one run of `text`, keeping its properties and its first run's formatting."""
    # Word splits a placeholder into several runs as it edits; one run with the first run's look is what a
    # person meant when they formatted the placeholder.
    first = next((r for r in p.iter(_w("r")) if "".join(r.itertext(_w("t")))), None)
    rpr = first.find(_w("rPr")) if first is not None else None
    for child in list(p):
        if child.tag != _w("pPr"):
            p.remove(child)
    if text:
        run = etree.SubElement(p, _w("r"))
        if rpr is not None:
            run.append(rpr)
        t = etree.SubElement(run, _w("t"))
        t.text = text
        t.set(XML_SPACE, "preserve")


def _copy(p: etree._Element, text: str, style_id: str | None = None) -> etree._Element:
    """Return a copy of paragraph `p` holding `text`, optionally in another style."""
    new = copy.deepcopy(p)
    _set_text(new, text)
    if style_id:
        ppr = new.find(_w("pPr"))
        if ppr is None:
            ppr = etree.Element(_w("pPr"))
            new.insert(0, ppr)
        pstyle = ppr.find(_w("pStyle"))
        if pstyle is None:
            pstyle = etree.Element(_w("pStyle"))
            ppr.insert(0, pstyle)
        pstyle.set(_w("val"), style_id)
    return new


def _remove(p: etree._Element) -> None:
    p.getparent().remove(p)


def _row(widths: list[int], style_id: str) -> etree._Element:
    """Return an empty table row: one cell per width, each a paragraph in `style_id` with an empty run."""
    tr = etree.Element(_w("tr"), nsmap={"w": W})
    for w in widths:
        tc = etree.SubElement(tr, _w("tc"))
        tcw = etree.SubElement(etree.SubElement(tc, _w("tcPr")), _w("tcW"))
        tcw.set(_w("w"), str(w))
        tcw.set(_w("type"), "dxa")
        p = etree.SubElement(tc, _w("p"))
        etree.SubElement(etree.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), style_id)
        etree.SubElement(etree.SubElement(p, _w("r")), _w("t")).set(XML_SPACE, "preserve")
    return tr


# A 12 pt table cell: about 140 twips a (bold) character, and 108 twips of margin on each side.
CHAR_TWIPS, CELL_TWIPS, LONGEST_WORD = 140, 230, 12


def _widths(header: list[str], rows: list[list[str]], total: int) -> list[int]:
    """Return column widths in twips: each holds its longest word (up to 12 characters) unbroken, and the room
    left goes by how much each column holds, within bounds so no column starves (an STT column stays narrow)."""
    cols = list(zip(header, *rows, strict=True))
    floor = [
        CELL_TWIPS + CHAR_TWIPS * min(LONGEST_WORD, max(len(w) for t in c for w in t.split() or [""])) for c in cols
    ]
    if sum(floor) >= total:
        return [total * f // sum(floor) for f in floor]
    weight = [min(40, max(4, *(len(t) for t in c))) for c in cols]
    extra = total - sum(floor)
    return [f + extra * w // sum(weight) for f, w in zip(floor, weight, strict=True)]


def _table(block: Table, tpl: _Template) -> etree._Element:
    """Build a body table in the template's table style, columns as wide as their longest text allows."""
    ncols = len(block.header)
    rows = [[str(c) for c in row] for row in block.rows]
    if any(len(r) != ncols for r in rows):
        raise ValueError(f"Bảng “{' | '.join(block.header)}”: mỗi dòng phải có {ncols} ô")
    widths = _widths(block.header, rows, tpl.text_width)
    tbl = etree.Element(_w("tbl"), nsmap={"w": W})
    tblpr = etree.SubElement(tbl, _w("tblPr"))
    etree.SubElement(tblpr, _w("tblStyle")).set(_w("val"), tpl.style_ids[TABLE_STYLE])
    tblw = etree.SubElement(tblpr, _w("tblW"))
    tblw.set(_w("w"), str(sum(widths)))
    tblw.set(_w("type"), "dxa")
    etree.SubElement(tblpr, _w("tblLayout")).set(_w("type"), "fixed")
    grid = etree.SubElement(tbl, _w("tblGrid"))
    for w in widths:
        etree.SubElement(grid, _w("gridCol")).set(_w("w"), str(w))
    head, row = (_row(widths, tpl.style_ids[s]) for s in (TABLE_HEAD_STYLE, TABLE_CELL_STYLE))
    # the header row repeats at the top of every page the table runs onto
    head.insert(0, etree.Element(_w("trPr")))
    etree.SubElement(head[0], _w("tblHeader"))
    for proto, cells in ((head, block.header), *((row, r) for r in rows)):
        tr = copy.deepcopy(proto)  # copying a built row is far faster than building each cell
        for t, text in zip(tr.iter(_w("t")), cells, strict=True):
            t.text = _nfc(text)
        tbl.append(tr)
    return tbl


def _fill_body(anchor: etree._Element, body: list[Heading | Table | str], tpl: _Template) -> None:
    for block in body:
        if isinstance(block, Table):
            anchor.addprevious(_table(block, tpl))
            anchor.addprevious(_copy(anchor, "", tpl.style_ids[PARAGRAPH_STYLE]))  # Word merges touching tables
        else:
            text = _nfc(block.text if isinstance(block, Heading) else block)
            heading = isinstance(block, Heading) or (HEADING.match(text) is not None and len(text) < 120)
            style = TITLE_STYLE if isinstance(block, Heading) and block.centered else HEADING_STYLE
            anchor.addprevious(_copy(anchor, text, tpl.style_ids[style if heading else PARAGRAPH_STYLE]))
    _remove(anchor)


def _add_annex(root: etree._Element, proto: etree._Element, annex: list[Heading | Table | str], tpl: _Template) -> None:
    """Put the annex after everything else, from a new page, in the body's styles (proto: the body's paragraph)."""
    body = root.find(_w("body"))
    anchor = _copy(proto, "")
    body.find(_w("sectPr")).addprevious(anchor)
    brk = _copy(proto, "")
    etree.SubElement(etree.SubElement(brk, _w("r")), _w("br")).set(_w("type"), "page")
    anchor.addprevious(brk)
    _fill_body(anchor, annex, tpl)


def _fill_kinh_gui(p: etree._Element, recipients: list[str], tpl: _Template) -> None:
    text = _text(p)
    if not recipients:
        _remove(p)
    elif len(recipients) == 1:
        _set_text(p, text.replace("«kinh_gui»", _nfc(recipients[0])))
    else:  # "Kính gửi:" then one line per recipient, as Nghị định 30's form lists them
        _set_text(p, text.replace("«kinh_gui»", "").rstrip())
        for line in reversed(_lines(recipients)):
            p.addnext(_copy(p, "- " + line, tpl.style_ids[RECIPIENT_STYLE]))


def render_document(kind: str, ctx: RenderContext | dict) -> bytes:
    """Return the .docx bytes of a document of `kind`, laid out as Nghị định 30 asks."""
    if kind not in KINDS:
        raise ValueError(f"Không có mẫu văn bản loại {kind!r} (có: {', '.join(KINDS)})")
    ctx = ctx if isinstance(ctx, RenderContext) else RenderContext.model_validate(ctx)
    tpl = _template(kind)
    lost = [name for name in ("kinh_gui", "can_cu") if getattr(ctx, name) and name not in tpl.slots]
    if lost:
        raise ValueError(f"Mẫu {kind}.docx không có chỗ cho: {', '.join(lost)}")
    scalars = _scalars(kind, ctx)
    lists = {"can_cu": _lines(ctx.can_cu), "noi_nhan": _noi_nhan(ctx)}
    root = copy.deepcopy(tpl.document)
    for p in list(root.iter(_w("p"))):
        text = _text(p)
        names = PLACEHOLDER.findall(text)
        if not names:
            continue
        if names == ["noi_dung"]:
            if ctx.phu_luc:
                _add_annex(root, copy.deepcopy(p), ctx.phu_luc, tpl)
            _fill_body(p, ctx.body, tpl)
        elif names == ["kinh_gui"]:
            _fill_kinh_gui(p, ctx.kinh_gui, tpl)
        elif names[0] in LISTS:
            for line in lists[names[0]]:
                p.addprevious(_copy(p, text.replace(f"«{names[0]}»", line)))
            _remove(p)
        elif all(not scalars[n] for n in names) and not PLACEHOLDER.sub("", text).strip():
            _remove(p)  # an optional line left empty: no parent body, no authority prefix
        else:
            _set_text(p, PLACEHOLDER.sub(lambda m: scalars[m.group(1)], text))
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in ((DOCUMENT, document), *tpl.parts):
            z.writestr(zipfile.ZipInfo(name, EPOCH), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def document_filename(kind: str, ctx: RenderContext) -> str:
    """Return a readable file name: 'ke-hoach_12-KH-UBND_2027-02-05.docx'."""
    number = re.sub(r"[^\w-]+", "-", _nfc(ctx.so_ky_hieu or "du-thao")).strip("-")
    return f"{kind.replace('_', '-')}_{number}_{ctx.ngay.isoformat()}.docx"


@task(name="render-document")
def render_to_file(kind: str, ctx: RenderContext | dict, out_name: str | None = None) -> str:
    """Render a document from its template and write it under the out dir; return the file's path.

    Args:
        kind: one of KINDS ("ke_hoach", "bao_cao", "cong_van_don_doc", "thong_bao", "phieu_bien_nhan").
        ctx: what the document says (a RenderContext or a dict of its fields).
        out_name: a plain file name; by default one made of the kind, number and date.
    """
    ctx = ctx if isinstance(ctx, RenderContext) else RenderContext.model_validate(ctx)
    name = out_name or document_filename(kind, ctx)
    if Path(name).name != name or name.startswith("."):
        raise ValueError(f"Tên tệp không hợp lệ: {name!r} (chỉ tên tệp, không có thư mục)")
    path = get_settings().out_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{name}.tmp")
    tmp.write_bytes(render_document(kind, ctx))
    tmp.replace(path)  # a reader never sees half a file
    return str(path)
