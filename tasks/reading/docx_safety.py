"""Judge a .docx part by part before any parser opens it: sizes, macros, XML declarations and active content.

Every part is streamed from the zip in chunks (memory does not grow with a part's size) and no XML parser sees
a part before its bytes were scanned for DOCTYPE/ENTITY. Active content is what runs or loads by itself when
Word opens the file: macros, ActiveX, embedded programs and OLE objects, relationships that fetch a template,
picture, object, frame or sub-document from elsewhere, and fields that run commands or pull content in (DDE,
INCLUDETEXT, INCLUDEPICTURE, LINK).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from tasks.reading.refusal import FileCheck, refuse

MAX_ENTRIES = 2000
MAX_EXPANDED = 200 * 1024 * 1024  # what all parts of a .docx may inflate to
MAX_RATIO = 150  # a part compressed better than this is a bomb, not a document
# one XML part; the reader's tree of a 15 MB document.xml peaks at ~160 MB (a 500-page report is ~10 MB)
MAX_XML_PART = 16 * 1024 * 1024
MAX_KEPT_PART = 4 * 1024 * 1024  # .rels and [Content_Types].xml are read whole; real ones are a few kB
MAX_EMBEDDED = 32 * 1024 * 1024  # an embedded package (a chart's .xlsx) is read whole to look inside
CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
PROGRAM_NAMES = tuple(
    ".exe .dll .scr .com .bat .cmd .ps1 .vbs .vbe .js .jse .wsf .hta .lnk .msi .jar .cpl .pif".split()
)
XML_NAMES = (".xml", ".rels", ".vml")
DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]*)["']""")
# encodings in which "<!DOCTYPE" is written as in ASCII, so the byte scan sees it
ASCII_COMPATIBLE = re.compile(rb"(?i)^(utf-?8|(us-)?ascii|iso-?8859-\d+|latin-?1|(windows|cp)-?125\d)$")
# field types that run a program (DDE) or pull content from a path or URL when the document opens or updates
FIELD_RISK = re.compile(r"^\s*(DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE|INCLUDE|IMPORT|LINK)\b", re.I)
WEB_OR_MAIL = {"http", "https", "mailto"}
LOCAL_DRIVE = re.compile(r"(?i)^(file:/{0,3})?[a-z]:[\\/]")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_docx(data: bytes, filename: str | None) -> FileCheck:
    """Return whether a .docx may be read: refuse bombs, macros, XML declarations and active content."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return refuse("truncated")
    verdict = _check_directory(infos, filename)
    if verdict:
        return verdict
    try:
        scan = _Scan()
        for info in infos:
            verdict = _check_part(zf, info, scan)
            if verdict:
                return verdict
        verdict = _check_relationships(scan) or _check_content_types(scan) or _check_fields(zf, scan)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        return refuse("truncated")
    return verdict or FileCheck(True, kind="docx")


@dataclass
class _Scan:
    """What the pass over the parts keeps for the checks that need a whole part or a second look."""

    rels: dict[str, bytes] = field(default_factory=dict)
    content_types: bytes = b""
    field_parts: list[zipfile.ZipInfo] = field(default_factory=list)  # XML parts that mention field codes


def _norm(name: str) -> str:
    return name.replace("\\", "/").lower()


def _check_directory(infos: list[zipfile.ZipInfo], filename: str | None) -> FileCheck | None:
    if len(infos) > MAX_ENTRIES:
        return refuse("zip_bomb")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_EXPANDED or total > MAX_EXPANDED:
            return refuse("zip_bomb")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            return refuse("zip_bomb")
        if info.file_size > MAX_XML_PART and _norm(info.filename).endswith(XML_NAMES):
            return refuse("zip_bomb")  # the declared size bounds what zipfile inflates, so it can be trusted here
    names = [_norm(i.filename) for i in infos]
    if len(set(names)) != len(names):
        return refuse("malformed_docx")  # two parts of one name: Word and our reader may each take a different one
    if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in names):
        return refuse("macro")
    if (filename or "").lower().endswith((".docm", ".dotm")):
        return refuse("macro")
    if any("activex/" in n for n in names):
        return refuse("docx_activex")
    if any(n.endswith(PROGRAM_NAMES) for n in names):
        return refuse("docx_embedded")
    if "word/document.xml" not in {i.filename for i in infos}:
        if any(n.startswith("xl/") for n in names):
            return refuse("unsupported_type", what="bảng tính Excel")
        if any(n.startswith("ppt/") for n in names):
            return refuse("unsupported_type", what="trình chiếu PowerPoint")
        return refuse("not_a_document")
    return None


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with zf.open(info) as f:
        while chunk := f.read(CHUNK):
            yield chunk


def _check_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _Scan) -> FileCheck | None:
    name = _norm(info.filename)
    chunks = _chunks(zf, info)
    head = next(chunks, b"")
    if "embeddings/" in name and not head.startswith(b"PK\x03\x04"):
        return refuse("docx_embedded")  # only Office packages (a chart's data) may be embedded
    if _looks_xml(name, head):
        return _check_xml_part(name, info, head, chunks, scan)
    if head.startswith(PROGRAM_MAGIC) and not name.endswith(".odttf"):  # obfuscated fonts start with random bytes
        return refuse("docx_embedded")
    if head.startswith(OLE_MAGIC):
        return refuse("docx_embedded")  # an OLE object: a packaged file, an old equation, an Office 97 document
    if head.startswith(b"PK\x03\x04"):
        return _check_embedded_package(head, chunks)
    for _ in chunks:  # inflate the rest (bounded above) so a broken part is caught now, not mid-read
        pass
    return None


def _looks_xml(name: str, head: bytes) -> bool:
    start = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    return (
        name.endswith(XML_NAMES)
        or start.lstrip().startswith(b"<")
        or start[:2] in (b"\xff\xfe", b"\xfe\xff")
        or start[:4] in (b"\x00<\x00?", b"<\x00?\x00")
    )


def _check_xml_part(
    name: str, info: zipfile.ZipInfo, head: bytes, chunks: Iterator[bytes], scan: _Scan
) -> FileCheck | None:
    if not _encoding_is_ascii_compatible(head):
        return refuse("malformed_docx")  # UTF-16 or the like would hide "<!DOCTYPE" from the scan
    keep = name.endswith(".rels") or name == "[content_types].xml"
    kept: list[bytes] = []
    size, tail, fields = 0, b"", False
    for chunk in _prepend(head, chunks):
        size += len(chunk)
        if size > (MAX_KEPT_PART if keep else MAX_XML_PART):
            return refuse("malformed_docx" if keep else "zip_bomb")
        window = tail + chunk  # a word cut between two chunks is still found
        if b"<!" in window and DECLARATION.search(window):  # the plain find is 10x faster than the regex
            return refuse("xml_entities")
        fields = fields or b"instr" in window  # w:instrText, w:fldSimple w:instr="…"
        tail = chunk[-16:]
        if keep:
            kept.append(chunk)
    if name.endswith(".rels"):
        scan.rels[info.filename] = b"".join(kept)
    elif keep:
        scan.content_types = b"".join(kept)
    elif fields:
        scan.field_parts.append(info)
    return None


def _prepend(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from chunks


def _encoding_is_ascii_compatible(head: bytes) -> bool:
    start = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if start[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in start[:4]:
        return False
    start = start.lstrip()
    if not start.startswith(b"<?xml"):
        return True  # no declaration: UTF-8 by the XML rules
    end = start.find(b"?>")
    m = ENCODING.search(start[: end if end >= 0 else 256])
    return m is None or bool(ASCII_COMPATIBLE.match(m.group(1)))


def _check_embedded_package(head: bytes, chunks: Iterator[bytes]) -> FileCheck | None:
    """An embedded Office file (a chart's .xlsx) is allowed unless it carries macros, ActiveX or objects."""
    parts, size = [], 0
    for chunk in _prepend(head, chunks):
        size += len(chunk)
        if size > MAX_EMBEDDED:
            return refuse("docx_embedded")
        parts.append(chunk)
    try:
        inner = zipfile.ZipFile(io.BytesIO(b"".join(parts)))
        infos = inner.infolist()
        if len(infos) > MAX_ENTRIES:
            return refuse("zip_bomb")
        names = [_norm(i.filename) for i in infos]
        if any(
            n.endswith(("vbaproject.bin", "vbadata.xml") + PROGRAM_NAMES) or "activex/" in n or "embeddings/" in n
            for n in names
        ):
            return refuse("docx_embedded")
        for info, name in zip(infos, names, strict=True):
            if name == "[content_types].xml":
                with inner.open(info) as f:
                    types = f.read(MAX_KEPT_PART).lower()
                if b"macroenabled" in types or b"vbaproject" in types or b"activex" in types:
                    return refuse("docx_embedded")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        return refuse("docx_embedded")
    return None


def _check_relationships(scan: _Scan) -> FileCheck | None:
    """Refuse what a relationship makes Word load or run: see `_relationship_verdict`."""
    for data in scan.rels.values():
        try:
            root = etree.fromstring(data, _safe_parser())
        except etree.XMLSyntaxError:
            return refuse("malformed_docx")
        for el in root.iter():
            if isinstance(el.tag, str) and etree.QName(el).localname == "Relationship":
                verdict = _relationship_verdict(
                    el.get("Type") or "",
                    (el.get("Target") or "").strip(),
                    (el.get("TargetMode") or "").strip().lower() == "external",
                )
                if verdict:
                    return verdict
    return None


def _relationship_verdict(rel_type: str, target: str, external: bool) -> FileCheck | None:
    """Judge one relationship.

    Allowed outside the file: hyperlinks to web pages and e-mail addresses (followed only when a person clicks
    them; real reports have many), and the template a document was made from when it is a path on a local drive
    (Word records it in every document made from a template; it loads nothing over the network). Refused: every
    other external target, because Word fetches it by itself when the file opens — a template (it may carry
    macros), a picture (a beacon, or a Windows password hash sent to a \\\\server), an OLE object (the Follina
    route to ms-msdt), a frame, a sub-document, an imported chunk; and hyperlinks to file shares or other protocol
    handlers (ms-msdt:, search-ms:, file://server), which open programs or send credentials when clicked.
    """
    kind = rel_type.rstrip("/").rsplit("/", 1)[-1].lower()
    if kind in ("vbaproject", "wordvbadata"):
        return refuse("macro")
    if kind in ("control", "activexcontrol", "activexcontrolbinary"):
        return refuse("docx_activex")
    if kind == "afchunk" and not external:
        return refuse("docx_embedded")  # an HTML/RTF chunk Word converts on opening; RTF can carry OLE objects
    if not external:
        return None
    if kind == "hyperlink":
        url = urlsplit(target)
        web = url.scheme.lower() in ("http", "https") and bool(url.netloc)
        return None if web or url.scheme.lower() == "mailto" else refuse("docx_unsafe_link")
    if kind == "attachedtemplate" and LOCAL_DRIVE.match(target) and "\\\\" not in target[3:]:
        return None
    return refuse("docx_external")


def _check_content_types(scan: _Scan) -> FileCheck | None:
    types = scan.content_types.lower()
    if b"macroenabled" in types or b"vbaproject" in types:
        return refuse("macro")
    if b"activex" in types:
        return refuse("docx_activex")
    return None


def _check_fields(zf: zipfile.ZipFile, scan: _Scan) -> FileCheck | None:
    """Refuse fields that run commands or pull content in, however their code is split across runs."""
    for info in scan.field_parts:
        with zf.open(info) as f:
            try:
                if _has_risky_field(f):
                    return refuse("docx_field")
            except etree.XMLSyntaxError:
                return refuse("truncated")
    return None


@dataclass
class _Field:
    code: str = ""
    done: bool = False  # past "separate": what follows is the shown result, not the code


def _has_risky_field(stream: io.BufferedIOBase) -> bool:
    stack: list[_Field] = []
    tags = (f"{W}fldChar", f"{W}instrText", f"{W}fldSimple", f"{W}p")
    events = etree.iterparse(
        stream, events=("end",), tag=tags, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    for _, el in events:
        tag = el.tag
        if tag == f"{W}p":
            el.clear(keep_tail=True)  # keep memory flat on a large part: a paragraph's fields are judged by now
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
        elif tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                if stack and not stack[-1].done and not stack[-1].code.strip():
                    return True  # the field's type is itself computed by a field (QUOTE 68 68 69 … spells DDE)
                stack.append(_Field())
            elif kind == "separate" and stack:
                stack[-1].done = True
                if FIELD_RISK.match(stack[-1].code):
                    return True
            elif kind == "end" and stack and FIELD_RISK.match(stack.pop().code):
                return True
        elif tag == f"{W}instrText":
            if stack and not stack[-1].done:
                stack[-1].code += el.text or ""
        elif FIELD_RISK.match(el.get(f"{W}instr") or ""):  # w:fldSimple
            return True
    return False
