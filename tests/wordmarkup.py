"""A built .docx rewritten the way Word writes real files: runs in tracked insertions, smart tags, fields or content
controls, paragraphs in block content controls, and lists numbered by Word instead of typed markers. Used by the
reader's tests and by `bench.inspect_layouts`."""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def q(tag: str, ns: str = W) -> str:
    return f"{{{ns}}}{tag}"


def rewrite(data: bytes, change) -> bytes:
    """Return the .docx with its document.xml changed in place by `change(root)`."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            buf = src.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(buf)
                change(root)
                buf = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, buf)
    return out.getvalue()


def wrap_runs(tag: str, **attrs: str):
    """Move every paragraph's runs into one <w:tag> (an insertion, a smart tag, a field, an inline control)."""

    def change(root) -> None:
        for p in root.iter(q("p")):
            runs = [r for r in p if r.tag == q("r")]
            if not runs:
                continue
            box = etree.SubElement(p, q(tag), {q(k): v for k, v in attrs.items()})
            inner = etree.SubElement(box, q("sdtContent")) if tag == "sdt" else box
            for r in runs:
                inner.append(r)

    return change


def wrap_blocks(root) -> None:
    """Put each paragraph and table of the body in a block-level content control."""
    body = root.find(q("body"))
    for el in list(body):
        if el.tag in (q("p"), q("tbl")):
            sdt = etree.Element(q("sdt"))
            el.addprevious(sdt)
            etree.SubElement(sdt, q("sdtContent")).append(el)


NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
<w:lvlText w:val="-"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>
<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
<w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>
</w:numbering>"""


def word_lists(data: bytes) -> bytes:
    """Turn typed "- " items and "I." / "1." headings into Word's own bullets and numbering (the label leaves the
    text, as when Word numbers a list)."""

    def change(root) -> None:
        for p in root.iter(q("p")):
            ts = [t for t in p.iter(q("t")) if t.text]
            if not ts:
                continue
            for rx, num, lvl in ((r"^-\s+", "90", "0"), (r"^[IVX]+\.\s+", "91", "0"), (r"^\d+\.\s+", "91", "1")):
                if re.match(rx, ts[0].text):
                    ts[0].text = re.sub(rx, "", ts[0].text)
                    ppr = p.find(q("pPr"))
                    if ppr is None:
                        ppr = etree.Element(q("pPr"))
                        p.insert(0, ppr)
                    num_pr = etree.SubElement(ppr, q("numPr"))
                    etree.SubElement(num_pr, q("ilvl"), {q("val"): lvl})
                    etree.SubElement(num_pr, q("numId"), {q("val"): num})
                    break

    out = rewrite(data, change)
    src, buf = zipfile.ZipFile(io.BytesIO(out)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/numbering.xml":
                body = NUMBERING.encode()
            dst.writestr(item, body)
    return buf.getvalue()


KINDS = {
    "ins": lambda d: rewrite(d, wrap_runs("ins", id="1", author="Chuyên viên", date="2025-03-05T00:00:00Z")),
    "smarttag": lambda d: rewrite(d, wrap_runs("smartTag", element="place")),
    "field": lambda d: rewrite(d, wrap_runs("fldSimple", instr=" MERGEFIELD x ")),
    "sdt": lambda d: rewrite(d, wrap_runs("sdt")),
    "sdt_block": lambda d: rewrite(d, wrap_blocks),
    "lists": lambda d: word_lists(d),
}


def as_word_writes(data: bytes, kind: str) -> bytes:
    """Return the .docx rewritten one of the ways Word writes files (a key of KINDS)."""
    return KINDS[kind](data)
