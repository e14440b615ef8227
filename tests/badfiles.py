"""Bad files, generated: each kind of file a unit might send that must be refused."""

from __future__ import annotations

import io
import zipfile

from tests.factories import plan_docx

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"""


def _rezip(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(plan_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb(expanded_mb: int = 400) -> bytes:
    """A .docx whose one extra part inflates to `expanded_mb` MB of zeros."""
    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(plan_docx()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
        with z.open("word/media/padding.bin", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(expanded_mb):
                f.write(chunk)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt("mat-khau")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def bad_files() -> dict[str, tuple[str, bytes, str]]:
    """Return {case: (file name, bytes, expected reason code)}."""
    good = plan_docx()
    return {
        "empty": ("rong.docx", b"", "empty"),
        "truncated_docx": ("cut.docx", good[: len(good) // 2], "truncated"),
        "exe_as_docx": ("ke-hoach.docx", b"MZ\x90\x00\x03" + b"\x00" * 4000, "executable"),
        "elf_as_pdf": ("bao-cao.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 4000, "executable"),
        "docm_name": ("ke-hoach.docm", good, "macro"),
        "vba_part": ("ke-hoach.docx", _rezip(add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"}), "macro"),
        "zip_bomb": ("bom.docx", zip_bomb(), "zip_bomb"),
        "billion_laughs": ("lol.docx", _rezip(replace={"word/document.xml": BILLION_LAUGHS}), "xml_entities"),
        "encrypted_pdf": ("mat-khau.pdf", encrypted_pdf(), "encrypted_pdf"),
        "malformed_pdf": (
            "hong.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n",
            "malformed_pdf",
        ),
        "too_large": ("lon.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024) + b"\n%%EOF\n", "too_large"),
    }
