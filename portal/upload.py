"""Read a multipart upload from the raw body, counting bytes as they arrive: over the limit is refused at once.

Starlette's own form parser spools a file of any size, and python-multipart's `max_size` truncates silently;
this reads `request.stream()` itself, feeds python-multipart's streaming parser, spools the one file part to a
temporary file past 1 MiB, and stops the moment the body or the file passes its limit.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

SPOOL_BYTES = 1024 * 1024
FORM_OVERHEAD = 64 * 1024  # boundaries, part headers and the small fields around the file
MAX_FIELDS = 8
MAX_FIELD_BYTES = 2048


class TooLarge(Exception):
    """The body or the file passed its limit."""


class BadForm(Exception):
    """Not a multipart form with one file, or a malformed one."""


@dataclass
class Upload:
    file_name: str | None = None
    data: bytes = b""
    fields: dict[str, str] = field(default_factory=dict)
    body_bytes: int = 0


def declared_too_large(request: Request, max_file_bytes: int) -> bool:
    """Return True when Content-Length alone shows the body is over the limit (refused without reading it)."""
    declared = request.headers.get("content-length")
    return bool(declared and declared.isdigit() and int(declared) > max_file_bytes + FORM_OVERHEAD)


async def read_upload(request: Request, *, max_file_bytes: int, file_field: str = "tep") -> Upload:
    """Return the file part named `file_field` and the small fields; raise TooLarge or BadForm."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise BadForm("not multipart/form-data")
    max_body = max_file_bytes + FORM_OVERHEAD
    up = Upload()
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    state = {"name": b"", "value": b"", "disp": b"", "is_file": False, "field": "", "buf": bytearray(), "size": 0}
    seen_file = False

    def on_part_begin() -> None:
        state.update(disp=b"", is_file=False, field="", buf=bytearray())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["name"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        if state["name"].lower() == b"content-disposition":
            state["disp"] = state["value"]
        state["name"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        nonlocal seen_file
        _, opts = parse_options_header(state["disp"])
        name = opts.get(b"name", b"").decode("utf-8", "replace")
        state["field"] = name
        if b"filename" in opts and name == file_field:
            if seen_file:
                raise BadForm("more than one file")
            seen_file = True
            state["is_file"] = True
            up.file_name = opts[b"filename"].decode("utf-8", "replace")
        elif len(up.fields) >= MAX_FIELDS:
            raise BadForm("too many fields")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if state["is_file"]:
            state["size"] += len(chunk)
            if state["size"] > max_file_bytes:
                raise TooLarge
            spool.write(chunk)
        elif state["field"]:
            state["buf"] += chunk
            if len(state["buf"]) > MAX_FIELD_BYTES:
                raise BadForm("field too long")

    def on_part_end() -> None:
        if not state["is_file"] and state["field"]:
            up.fields[state["field"]] = bytes(state["buf"]).decode("utf-8", "replace")

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
        },
    )
    try:
        async for chunk in request.stream():
            up.body_bytes += len(chunk)
            if up.body_bytes > max_body:
                raise TooLarge
            if chunk:
                parser.write(chunk)
        parser.finalize()
        if not seen_file:
            raise BadForm("no file")
        spool.seek(0)
        up.data = spool.read()
    except FormParserError as exc:
        raise BadForm(str(exc)) from exc
    finally:
        spool.close()
    return up
