"""What the tests of each held-out round's kinds share: the national motto, reading a text built as .docx, and
the căn cứ of one sentence as (number, date, issuer)."""

from __future__ import annotations

from tasks.reading.cancu import refs_in
from tasks.reading.parse import read_document
from tests.docbuild import build_docx, parse_doc_text

MOTTO = "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**"


def read_text(text: str) -> dict:
    """Return the fields read from a document text (tests/docbuild's format) built as .docx."""
    return read_document(build_docx(parse_doc_text(text)), "d.docx").to_json_dict()


def refs(sentence: str) -> list[tuple]:
    """Return the căn cứ of one sentence as (so_ky_hieu, ngay, co_quan)."""
    return [(r["so_ky_hieu"], r["ngay"], r["co_quan"]) for r in refs_in(sentence)]


def as_docx_and_pdf(text: str) -> dict[str, bytes]:
    """Return a document text built as .docx and as LibreOffice's PDF of it: {"docx": …, "pdf": …}."""
    import tempfile
    from pathlib import Path

    from tests.docbuild import to_pdfs

    docx = build_docx(parse_doc_text(text))
    return {"docx": docx, "pdf": to_pdfs({"d": docx}, Path(tempfile.mkdtemp(prefix="kinds-")))["d"]}
