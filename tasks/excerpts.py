"""The key text of a unit's document for a compiled report: its sections ("I. …", "II. …"), each trimmed.

A .docx is read straight from word/document.xml with lxml (about 1 ms; python-docx takes ten times that, which
a report over thousands of units feels): the body's own paragraphs, in order, leaving out the header and footer
tables. A PDF goes through the reader's layout lines.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A section of an administrative document: "I. MỤC ĐÍCH, YÊU CẦU", "Phần II", "II- KẾT QUẢ"
SECTION = re.compile(r"^(?:Phần\s+|PHẦN\s+)?([IVX]{1,5})\s*[.\-–:)]\s*\S")
MIN_SECTION_CHARS = 120
# the parser refuses entities and network access: the file came from outside
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _docx_paragraphs(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"), _PARSER)
    body = root.find(f"{W}body")
    out = []
    for el in body if body is not None else ():
        if el.tag == f"{W}p":
            text = "".join(el.itertext(f"{W}t")).strip()
            if text:
                out.append(text)
    return out


def _pdf_paragraphs(data: bytes) -> list[str]:
    from tasks.reading.pdf_layout import pdf_lines

    lines, _has_text = pdf_lines(data)
    return [ln.text for ln in lines if ln.zone == "body" and ln.text.strip()]


def paragraphs(data: bytes, ext: str) -> list[str]:
    """Return the body paragraphs of a .docx or PDF in reading order (NFC); none when it cannot be read."""
    try:
        paras = _pdf_paragraphs(data) if ext == "pdf" else _docx_paragraphs(data)
    except Exception:  # a file the reader trips on still has its place in the report, without text
        return []
    return [unicodedata.normalize("NFC", " ".join(p.split())) for p in paras]


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + " …"


def key_sections(data: bytes, ext: str, limit: int) -> list[dict]:
    """Return the document's sections as {heading, text}, all the text together within `limit` characters.

    Before the first section (type, subject, căn cứ) nothing is kept; a document with no numbered sections is
    one section without a heading. Each section gets an equal share of the limit, and no less than a line.
    """
    paras = paragraphs(data, ext)
    sections: list[dict] = []
    for p in paras:
        if SECTION.match(p) and len(p) < 200:
            sections.append({"heading": p.rstrip(" :"), "parts": []})
        elif sections:
            sections[-1]["parts"].append(p)
    if not sections:
        sections = [{"heading": "", "parts": paras}]
    share = max(MIN_SECTION_CHARS, limit // len(sections))
    out, left = [], limit
    for s in sections:
        if left <= 0:
            break
        text = _trim(" ".join(s["parts"]), min(share, left))
        left -= len(text)
        out.append({"heading": s["heading"], "text": text})
    return out
