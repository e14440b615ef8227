"""Judge a PDF before any reader extracts text: structure, encryption, and active content.

Active content is what a PDF viewer runs or opens by itself or on a click: JavaScript (/JS, /JavaScript —
in /OpenAction, /AA additional actions, the /Names JavaScript tree, form fields), /Launch and the other actions
that open files or send data (/GoToR, /GoToE, /ImportData, /SubmitForm), attached files (/EmbeddedFiles, /EF,
/FileAttachment), rich media (/RichMedia, /Movie, /Sound, /Rendition, /3D) and XFA forms (/XFA). An XFA form is
refused too: it is an XML form with its own scripts, drawn by Acrobat in place of the pages we read, so the clerk
and the system could see different documents; Word and LibreOffice never write one.

Two looks, because each misses what the other sees: a byte scan of the object text (outside streams, strings
and comments, names decoded from #xx escapes), which also inflates every object stream itself within one budget;
and a walk over every object pypdf resolves (including those inside object streams), which judges dictionaries
by their keys and action types rather than by bytes.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tasks.reading.refusal import FileCheck, refuse

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_OBJSTM_INFLATED = 32 * 1024 * 1024  # all object streams of a file together; a real report's are a few MB
MAX_STREAM_DECODED = 32 * 1024 * 1024  # any one stream pypdf decodes while the file is checked
MAX_OBJECTS = 100_000  # the walk costs ~0.1 ms an object; real reports have a few thousand

RISKY_NAMES = {
    b"JavaScript": "pdf_javascript",
    b"JS": "pdf_javascript",
    b"Launch": "pdf_launch",
    b"GoToR": "pdf_launch",
    b"GoToE": "pdf_launch",
    b"ImportData": "pdf_launch",
    b"SubmitForm": "pdf_launch",
    b"EmbeddedFile": "pdf_embedded_file",
    b"EmbeddedFiles": "pdf_embedded_file",
    b"EF": "pdf_embedded_file",
    b"FileAttachment": "pdf_embedded_file",
    b"RichMedia": "pdf_rich_media",
    b"RichMediaExecute": "pdf_rich_media",
    b"RichMediaContent": "pdf_rich_media",
    b"Movie": "pdf_rich_media",
    b"Sound": "pdf_rich_media",
    b"Rendition": "pdf_rich_media",
    b"3D": "pdf_rich_media",
    b"XFA": "pdf_xfa",
}
# in the walk: dictionary keys that are active content by themselves, and values of /S, /Type, /Subtype
RISKY_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/RichMediaContent", "/XFA"}
RISKY_KINDS = {"/" + k.decode(): code for k, code in RISKY_NAMES.items()}

# PDF lexical tokens that matter here: strings and comments are matched only to be skipped, and of the names only
# those that could be active content (spelled out, or with #xx escapes to decode), so ordinary names cost nothing
_REGULAR = rb"[^\x00\t\n\x0c\r\x20/<>\[\]()%{}]"
LEXER = re.compile(
    rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))*\)"  # a literal string (3 levels of parens)
    rb"|%[^\r\n]*"  # a comment
    rb"|/((?:" + b"|".join(sorted(RISKY_NAMES, key=len, reverse=True)) + rb")(?!" + _REGULAR + rb")"
    rb"|" + _REGULAR + rb"*#" + _REGULAR + rb"*)",  # a risky name, or any name with an escape
    re.S,
)
STREAM = re.compile(rb"\bstream(?:\r\n|\n|\r)")  # "endstream" has no word boundary before its "stream"
OBJ_HEADER = re.compile(rb"(\d+)\s+\d+\s+$")
OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
FLATE_ONLY = re.compile(rb"/Filter\s*(?:\[\s*/FlateDecode\s*\]|/FlateDecode)")
HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def check_pdf(data: bytes) -> FileCheck:
    """Return whether a PDF may be read: refuse broken, encrypted, polyglot and active-content files."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    if b"%%EOF" not in data[-2048:]:
        return refuse("malformed_pdf")
    if data.rfind(b"PK\x05\x06", max(0, len(data) - 65557)) >= 0:
        return refuse("polyglot")  # a zip's end record: opened as .docx or .zip, the same bytes are another file
    try:
        with apply_configuration(zlib_maximum_output_length=MAX_STREAM_DECODED):
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return refuse("encrypted_pdf")
            verdict, object_streams = _scan_bytes(data)
            if verdict:
                return verdict
            verdict = _walk_objects(reader, object_streams)
            if verdict:
                return verdict
            if len(reader.pages) == 0:
                return refuse("malformed_pdf")
    except LimitReachedError:
        return refuse("zip_bomb")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError, zlib.error):
        return refuse("malformed_pdf")
    return FileCheck(True, kind="pdf")


def _risky_name(text: bytes) -> str | None:
    """Return the refusal code of the first active-content name in PDF object text, if any."""
    for m in LEXER.finditer(text):
        name = m.group(1)
        if name is None:
            continue
        if b"#" in name:
            name = HEX.sub(lambda h: bytes([int(h.group(1), 16)]), name)
        code = RISKY_NAMES.get(name)
        if code:
            return code
    return None


def _segments(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """Yield (object text before a stream, the stream's body start, its end); the last has start -1."""
    pos = 0
    while True:
        m = STREAM.search(data, pos)
        if not m:
            yield data[pos:], -1, -1
            return
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        yield data[pos : m.start()], m.end(), end
        pos = end + len(b"endstream")


def _scan_bytes(data: bytes) -> tuple[FileCheck | None, set[int]]:
    """Scan object text and inflated object streams; return a refusal and the object streams' numbers."""
    budget = MAX_OBJSTM_INFLATED
    object_streams: set[int] = set()
    for text, start, end in _segments(data):
        code = _risky_name(text)
        if code:
            return refuse(code), object_streams
        if start < 0:
            break
        i = text.rfind(b"obj")
        head = OBJ_HEADER.search(text[max(0, i - 40) : i]) if i >= 0 else None
        stream_dict = text[i + 3 :] if i >= 0 else text
        if not head or not OBJSTM.search(stream_dict):
            continue
        object_streams.add(int(head.group(1)))
        if b"/Filter" not in stream_dict:
            inflated = data[start:end]
        elif FLATE_ONLY.search(stream_dict) and b"/DecodeParms" not in stream_dict:
            try:
                inflated = _inflate(data[start:end], budget)
            except zlib.error:
                return refuse("malformed_pdf"), object_streams
            if inflated is None:
                return refuse("zip_bomb"), object_streams
        else:
            # every PDF writer in use compresses object streams with plain Flate; other chains hide from a scan
            return refuse("malformed_pdf"), object_streams
        budget -= len(inflated)
        if budget < 0:
            return refuse("zip_bomb"), object_streams
        code = _risky_name(inflated)
        if code:
            return refuse(code), object_streams
    return None, object_streams


def _inflate(raw: bytes, limit: int) -> bytes | None:
    """Inflate a Flate stream a mebibyte at a time; None once it passes `limit` (a bomb costs `limit`, once)."""
    d = zlib.decompressobj()
    parts, size = [], 0
    while part := d.decompress(raw, 1 << 20):  # called again with b"" until zlib has nothing pending
        size += len(part)
        if size > limit:
            return None
        parts.append(part)
        raw = d.unconsumed_tail
    return b"".join(parts)


def _walk_objects(reader: PdfReader, object_streams: set[int]) -> FileCheck | None:
    """Judge every object pypdf resolves, inside object streams too, by keys and action types."""
    from pypdf.errors import LimitReachedError, PyPdfError
    from pypdf.generic import IndirectObject

    refs = [(num, gen) for gen, table in reader.xref.items() for num in table]
    refs += [(num, 0) for num in reader.xref_objStm]
    if not {stm for stm, _ in reader.xref_objStm.values()} <= object_streams:
        return refuse("malformed_pdf")  # an object stream the byte scan did not see (and so did not bound)
    if len(refs) > MAX_OBJECTS:
        return refuse("malformed_pdf")
    code = _risky_structure(reader.trailer)
    for num, gen in refs:
        if code:
            break
        try:
            obj = IndirectObject(num, gen, reader).get_object()
        except LimitReachedError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError, zlib.error):
            continue  # a viewer skips what it cannot parse too; its bytes were scanned above
        code = _risky_structure(obj)
    return refuse(code) if code else None


def _risky_structure(obj: object) -> str | None:
    """Return the refusal code for an object's direct content (references are judged where they point)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, DictionaryObject):
            for key, value in dict.items(o):  # raw values: references stay unresolved
                if key in RISKY_KEYS:
                    return RISKY_KINDS[key]
                if key in ("/S", "/Type", "/Subtype") and isinstance(value, NameObject) and value in RISKY_KINDS:
                    return RISKY_KINDS[value]
                if isinstance(value, DictionaryObject | ArrayObject):
                    stack.append(value)
        elif isinstance(o, ArrayObject):
            stack.extend(v for v in o if isinstance(v, DictionaryObject | ArrayObject))
    return None
