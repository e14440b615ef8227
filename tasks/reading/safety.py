"""Judge a file before any parser touches it: its size first (before reading it), then its content — refuse what
is empty, too big, not a document, truncated, a zip bomb, XML with entities, encrypted, or carries active content
(macros, JavaScript, embedded programs, links that load by themselves).

The checks by format live in `docx_safety` and `pdf_safety`; codes and messages in `refusal`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from tasks.reading.docx_safety import check_docx
from tasks.reading.pdf_safety import check_pdf
from tasks.reading.refusal import MESSAGES, FileCheck, FileRejected, refuse

__all__ = ["MESSAGES", "FileCheck", "FileRejected", "check_file", "check_path", "read_checked", "read_limited"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


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
            raise _rejection(refuse("not_a_file"))
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
    return refuse("too_large", size=shown, limit=limit // 1048576)


def _rejection(check: FileCheck) -> FileRejected:
    return FileRejected(check.code or "rejected", check.message or "")


def check_file(data: bytes, filename: str | None = None, *, max_bytes: int | None = None) -> FileCheck:
    """Return whether a file may be read, judged by its content (never by its name)."""
    if max_bytes is None:
        max_bytes = DEFAULT_MAX_BYTES
    if not data:
        return refuse("empty")
    if len(data) > max_bytes:
        return _too_large(len(data), max_bytes)
    head = data[:8]
    # the first bytes decide; "%PDF-" further in is accepted only after every other signature was ruled out,
    # so a zip or a program carrying "%PDF-" in its first kilobyte is judged as what it starts as
    if head.startswith(PROGRAM_MAGIC):
        return refuse("executable")
    if head.startswith(ZIP_MAGIC):
        return check_docx(data, filename)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return refuse("unsupported_type", what="Word 97-2003 .doc")
    if head.startswith(b"{\\rtf"):
        return refuse("unsupported_type", what="RTF")
    if b"%PDF-" in data[:1024]:
        return check_pdf(data)
    return refuse("not_a_document")
