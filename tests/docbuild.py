"""Turn the seed plans' text into the files units really send: .docx with the header as a table, as plain
lines or tab-separated, in NFD, with runs split mid-word; and PDFs through LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from docx import Document

from tests.paths import SEEDS

QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"
# What the extraction lost: the bodies in each seed's header (from the seeds README and their texts).
HEADER = {
    "000": ("ĐẢNG BỘ HUYỆN ĐAN PHƯỢNG", "ĐẢNG ỦY XÃ CỔ LŨNG"),
    "002": ("ỦY BAN NHÂN DÂN QUẬN 1", "TRƯỜNG MẦM NON TUỔI THƠ"),
    "003": ("CÔNG ĐOÀN VIÊN CHỨC TỈNH", "CÔNG ĐOÀN SỞ NỘI VỤ"),
    "004": ("UBND TỈNH TRÀ VINH", "ỦY BAN NHÂN DÂN THỊ XÃ DUYÊN HẢI"),
}
TYPE_LINE = re.compile(r"^(KẾ HOẠCH|BÁO CÁO)\s*$")


def seed_lines(prefix: str) -> list[str]:
    """Return a seed's non-empty lines, as extracted (stray marks included)."""
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _split_runs(paragraph, text: str, **fmt: bool) -> None:  # noqa: ANN001
    # Word splits runs anywhere, mid-word included
    for i in range(0, len(text), 7):
        run = paragraph.add_run(text[i : i + 7])
        for k, v in fmt.items():
            setattr(run, k, v)


def seed_docx(prefix: str, *, header: str = "table", nfd: bool = False, split_runs: bool = False) -> bytes:
    """Build a .docx from a seed; header is 'table', 'plain', 'tabs' or 'none'."""
    lines = seed_lines(prefix)
    start = next(i for i, ln in enumerate(lines) if TYPE_LINE.match(ln))
    own_head, body = lines[:start], lines[start:]
    number = next((ln for ln in own_head if "Số:" in ln), None)
    dated = next((ln for ln in own_head if "ngày" in ln), None)
    number = number[number.index("Số:") :] if number else None
    parent, issuer = HEADER.get(prefix, ("", ""))
    norm = (lambda t: unicodedata.normalize("NFD", t)) if nfd else (lambda t: t)
    doc = Document()

    def para(container, text: str, **fmt: bool) -> None:  # noqa: ANN001
        p = container.add_paragraph()
        if split_runs:
            _split_runs(p, norm(text), **fmt)
        else:
            run = p.add_run(norm(text))
            for k, v in fmt.items():
                setattr(run, k, v)

    if header == "table":
        t = doc.add_table(rows=1, cols=2)
        left, right = t.rows[0].cells
        left.paragraphs[0].text = norm(parent)
        para(left, issuer, bold=True)
        if number:
            para(left, number)
        right.paragraphs[0].add_run(norm(QH)).bold = True
        para(right, TN, bold=True)
        if dated:
            para(right, dated, italic=True)
    elif header == "plain":
        for text in (parent, issuer, QH, TN, number, dated):
            if text:
                para(doc, text)
    elif header == "tabs":
        para(doc, f"{parent}\t{QH}")
        para(doc, f"{issuer}\t{TN}")
        if number or dated:
            para(doc, f"{number or ''}\t{dated or ''}")
    for text in body:
        para(doc, text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def soffice() -> str:
    """Return LibreOffice's command; fail (never skip) when it is missing."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise AssertionError("LibreOffice is needed: apt-get install -y libreoffice-writer-nogui (make test does)")
    return exe


def to_pdf(docx_bytes: bytes, workdir: Path) -> bytes:
    """Convert .docx bytes to PDF with LibreOffice, headless."""
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / "doc.docx"
    src.write_bytes(docx_bytes)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [soffice(), "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
             "--outdir", str(workdir), str(src)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return (workdir / "doc.pdf").read_bytes()


def scan_like_pdf() -> bytes:
    """Return a one-page PDF that holds only an image, as a scanner makes it."""
    import zlib

    w = h = 64
    raw = zlib.compress(b"\xff" * (w * h))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length " + str(len(raw)).encode() + b" >>\nstream\n" + raw + b"\nendstream",
        b"<< /Length 33 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
