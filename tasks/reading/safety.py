"""Judge a file by its content before any parser touches it: refuse what is empty, too big, not a
document, truncated, macro-enabled, a zip bomb, XML with entities, or an encrypted or malformed PDF."""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

MAX_ENTRIES = 2000
MAX_EXPANDED = 200 * 1024 * 1024  # what all parts of a .docx may inflate to
MAX_RATIO = 150  # a part compressed better than this is a bomb, not a document
MAX_XML_PART = 64 * 1024 * 1024
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

MESSAGES = {
    "empty": "Tệp rỗng (0 byte). Hãy chọn lại đúng tệp văn bản rồi gửi lại.",
    "not_a_file": "Đường dẫn này không phải một tệp văn bản (là thư mục hoặc thiết bị). "
    "Hãy chọn đúng tệp .docx hoặc .pdf.",
    "too_large": "Tệp quá lớn ({size} MB, tối đa {limit} MB). Hãy nén ảnh trong văn bản hoặc xuất lại PDF nhỏ hơn.",
    "not_a_document": "Tệp không phải văn bản Word (.docx) hay PDF (nội dung không đúng định dạng, dù tên tệp là gì). "
    "Hãy gửi tệp .docx hoặc .pdf.",
    "executable": "Tệp là chương trình chạy được, không phải văn bản. "
    "Hệ thống không nhận tệp này; hãy gửi .docx hoặc .pdf.",
    "unsupported_type": "Định dạng này chưa được nhận ({what}). Hãy lưu lại dưới dạng .docx hoặc xuất PDF rồi gửi.",
    "truncated": "Tệp Word bị hỏng hoặc tải lên chưa hết. Hãy mở thử trên máy, lưu lại rồi gửi lại.",
    "macro": "Tệp Word có chứa macro (mã lệnh). Hãy lưu lại dưới dạng “Word Document (.docx)” không có macro rồi gửi.",
    "zip_bomb": "Tệp có cấu trúc nén bất thường (giải nén ra quá lớn). Hệ thống không mở tệp này; hãy lưu lại văn bản "
    "từ Word rồi gửi.",
    "xml_entities": "Tệp Word chứa khai báo XML không được phép (DOCTYPE/ENTITY). Hãy lưu lại văn bản từ Word rồi gửi.",
    "encrypted_pdf": "Tệp PDF có đặt mật khẩu. Hãy gửi bản PDF không đặt mật khẩu.",
    "malformed_pdf": "Tệp PDF bị hỏng, không đọc được. Hãy xuất lại PDF từ văn bản gốc rồi gửi.",
}


class FileRejected(Exception):
    """A file refused before reading, with a stable code and a one-line Vietnamese reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FileCheck:
    ok: bool
    code: str | None = None
    message: str | None = None
    kind: Literal["docx", "pdf"] | None = None

    def raise_if_bad(self) -> FileCheck:
        if not self.ok:
            raise FileRejected(self.code or "rejected", self.message or "")
        return self


def _bad(code: str, **fmt: object) -> FileCheck:
    return FileCheck(False, code, MESSAGES[code].format(**fmt))


def read_checked(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """Read a file only if it is a regular file within `max_bytes`: the size is judged by `fstat`, before reading.

    Raises FileRejected (not_a_file, too_large) for what must not be read, OSError when the file cannot be opened.
    The content still needs `check_file` (or `read_document`, which calls it).
    """
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _rejection(_bad("not_a_file"))
        if st.st_size > limit:
            raise _rejection(_too_large(st.st_size, limit))
        f = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    with f:
        return read_limited(f, max_bytes=limit)


def read_limited(stream: BinaryIO, *, max_bytes: int | None = None) -> bytes:
    """Read a stream (an upload, a spooled file) to its end, refusing it as soon as it passes `max_bytes`."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    # one read of limit + 1: the buffer is allocated lazily, so memory follows what arrives, not the limit
    parts = [stream.read(limit + 1) or b""]
    size = len(parts[0])
    while parts[-1] and size <= limit:  # a short read (pipe, network file system): read on
        parts.append(stream.read(limit + 1 - size) or b"")
        size += len(parts[-1])
    if size > limit:
        raise _rejection(_too_large(size, limit, more=True))
    return parts[0] if len(parts) <= 2 else b"".join(parts)


def check_path(path: str | Path, filename: str | None = None, *, max_bytes: int | None = None) -> FileCheck:
    """Return whether the file at `path` may be read: its size first (never reading a big file), then its content.

    Raises OSError when the file cannot be opened.
    """
    try:
        data = read_checked(path, max_bytes=max_bytes)
    except FileRejected as exc:
        return FileCheck(False, exc.code, exc.message)
    return check_file(data, filename or Path(path).name, max_bytes=max_bytes)


def _too_large(size: int, limit: int, *, more: bool = False) -> FileCheck:
    shown = f"{'hơn ' if more else ''}{size / 1048576:.1f}"
    return _bad("too_large", size=shown, limit=limit // 1048576)


def _rejection(check: FileCheck) -> FileRejected:
    return FileRejected(check.code or "rejected", check.message or "")


def check_file(data: bytes, filename: str | None = None, *, max_bytes: int | None = None) -> FileCheck:
    """Return whether a file may be read, judged by its content (never by its name)."""
    if max_bytes is None:
        max_bytes = DEFAULT_MAX_BYTES
    if not data:
        return _bad("empty")
    if len(data) > max_bytes:
        return _too_large(len(data), max_bytes)
    head = data[:8]
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return _check_pdf(data)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _check_docx(data, filename)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head[:4] in (b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe"):
        return _bad("executable")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _bad("unsupported_type", what="Word 97-2003 .doc")
    if head.startswith(b"{\\rtf"):
        return _bad("unsupported_type", what="RTF")
    return _bad("not_a_document")


def _check_docx(data: bytes, filename: str | None) -> FileCheck:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _bad("truncated")
    if len(infos) > MAX_ENTRIES:
        return _bad("zip_bomb")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_EXPANDED or total > MAX_EXPANDED:
            return _bad("zip_bomb")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            return _bad("zip_bomb")
    names = {i.filename for i in infos}
    lower = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or n.endswith("vbadata.xml") for n in lower):
        return _bad("macro")
    if (filename or "").lower().endswith((".docm", ".dotm")):
        return _bad("macro")
    if "word/document.xml" not in names:
        if any(n.startswith("xl/") for n in lower):
            return _bad("unsupported_type", what="bảng tính Excel")
        if any(n.startswith("ppt/") for n in lower):
            return _bad("unsupported_type", what="trình chiếu PowerPoint")
        if "[content_types].xml" in lower:
            return _bad("not_a_document")
        return _bad("not_a_document")
    try:
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels")):
                # still inflate it (bounded above) so a broken part is caught now, not mid-read
                with zf.open(info) as f:
                    while f.read(1 << 20):
                        pass
                continue
            with zf.open(info) as f:
                part = f.read(MAX_XML_PART + 1)
            if len(part) > MAX_XML_PART:
                return _bad("zip_bomb")
            prolog = part[:4096].upper()
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in part.upper():
                return _bad("xml_entities")
            ctypes = part if info.filename == "[Content_Types].xml" else b""
            if b"macroenabled" in ctypes.lower():
                return _bad("macro")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        return _bad("truncated")
    return FileCheck(True, kind="docx")


def _check_pdf(data: bytes) -> FileCheck:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%%EOF" not in data[-2048:]:
        return _bad("malformed_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return _bad("encrypted_pdf")
        if len(reader.pages) == 0:
            return _bad("malformed_pdf")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError, zlib.error):
        return _bad("malformed_pdf")
    return FileCheck(True, kind="pdf")
