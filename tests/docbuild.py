"""Turn document texts into the files units really send: .docx with the header as a table, as loose lines or
tab-separated, in NFD, with runs split mid-word; and PDFs through LibreOffice.

A document text (tests/fixtures/*.txt, bench/corpus/*.txt) is plain text, one paragraph a line, in sections:

    [head_left]     the parent body, the issuing body, "Số: …" (and "V/v …" of a công văn)
    [head_right]    the national motto, "Độc lập - Tự do - Hạnh phúc", the place and date
    [body]          type, subject, căn cứ, body; a line "| a | b |" is a table row
    [foot_left]     "Nơi nhận:" and its lines
    [foot_right]    the signature block
    [tail]          what follows the signature (an appendix)

A whole line wrapped in ** is bold, in * italic, in *** both. Lines starting with "#" are comments; a comment
"# layout: header=plain footer=plain" picks the layout the document is built in by default. The seed plans
(../shared/seeds) are read into the same shape when they are there.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tests.paths import FIXTURES, SEEDS

QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"
SECTIONS = ("head_left", "head_right", "body", "foot_left", "foot_right", "tail")
SEEDS_MISSING = "../shared/seeds not beside the repository: seed tests skipped"


@dataclass
class DocText:
    """A document's text by section, and the layout it is built in unless a test asks for another."""

    name: str
    sections: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    layout: dict[str, str] = field(default_factory=dict)


def parse_doc_text(text: str, name: str = "doc") -> DocText:
    """Read the sectioned text format above."""
    doc = DocText(name)
    current = "body"
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            m = re.match(r"#\s*layout\s*:\s*(.+)$", line)
            if m:
                doc.layout.update(kv.split("=", 1) for kv in m.group(1).split() if "=" in kv)
            continue
        m = re.match(r"^\[(\w+)\]$", line)
        if m and m.group(1) in SECTIONS:
            current = m.group(1)
            continue
        if line:
            doc.sections[current].append(line)
    return doc


def load_doc(path: Path) -> DocText:
    """Read a document text from a file."""
    return parse_doc_text(path.read_text(encoding="utf-8"), path.stem)


def fixture_names() -> list[str]:
    """Return the names of the test documents in tests/fixtures."""
    return sorted(p.stem for p in FIXTURES.glob("*.txt"))


def fixture_doc(name: str) -> DocText:
    """Return a test document of tests/fixtures by name."""
    return load_doc(FIXTURES / f"{name}.txt")


# The seed plans, when ../shared/seeds is there

# What the extraction lost: the bodies in each seed's header (from the seeds README and their texts).
HEADER = {
    "000": ("ĐẢNG BỘ HUYỆN ĐAN PHƯỢNG", "ĐẢNG ỦY XÃ CỔ LŨNG"),
    "002": ("ỦY BAN NHÂN DÂN QUẬN 1", "TRƯỜNG MẦM NON TUỔI THƠ"),
    "003": ("CÔNG ĐOÀN VIÊN CHỨC TỈNH", "CÔNG ĐOÀN SỞ NỘI VỤ"),
    "004": ("UBND TỈNH TRÀ VINH", "ỦY BAN NHÂN DÂN THỊ XÃ DUYÊN HẢI"),
}
TYPE_LINE = re.compile(r"^(KẾ HOẠCH|BÁO CÁO)\s*$")


def seeds_available() -> bool:
    """Say whether the shared seed plans sit beside the repository."""
    return SEEDS.is_dir() and any(SEEDS.glob("00*_*.txt"))


def seed_lines(prefix: str) -> list[str]:
    """Return a seed's non-empty lines, as extracted (stray marks included)."""
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def seed_doc(prefix: str) -> DocText:
    """Return a seed plan in sections: its header bodies put back, the rest of its lines as the body."""
    lines = seed_lines(prefix)
    start = next(i for i, ln in enumerate(lines) if TYPE_LINE.match(ln))
    own_head, body = lines[:start], lines[start:]
    number = next((ln for ln in own_head if "Số:" in ln), None)
    dated = next((ln for ln in own_head if "ngày" in ln), None)
    parent, issuer = HEADER.get(prefix, ("", ""))
    doc = DocText(f"seed{prefix}")
    doc.sections["head_left"] = [x for x in (parent, f"**{issuer}**" if issuer else "") if x]
    if number:
        doc.sections["head_left"].append(number[number.index("Số:") :])
    doc.sections["head_right"] = [f"**{QH}**", f"**{TN}**"] + ([f"*{dated}*"] if dated else [])
    # the seeds' texts keep their own stray marks: never read them as formatting
    doc.sections["body"] = [f"\x00{ln}" for ln in body]
    return doc


def seed_docx(prefix: str, *, header: str = "table", nfd: bool = False, split_runs: bool = False) -> bytes:
    """Build a .docx from a seed; header is 'table', 'plain', 'tabs' or 'none'."""
    return build_docx(seed_doc(prefix), header=header, nfd=nfd, split_runs=split_runs)


# Building .docx


def _format(line: str) -> tuple[str, dict[str, bool]]:
    if line.startswith("\x00"):
        return line[1:], {}
    for mark, fmt in (("***", {"bold": True, "italic": True}), ("**", {"bold": True}), ("*", {"italic": True})):
        if len(line) > 2 * len(mark) and line.startswith(mark) and line.endswith(mark):
            inner = line[len(mark) : -len(mark)]
            if not inner.startswith("*") and not inner.endswith("*"):
                return inner, fmt
    return line, {}


def _split_runs(paragraph, text: str, **fmt: bool) -> None:
    # Word splits runs anywhere, mid-word included
    for i in range(0, len(text), 7):
        run = paragraph.add_run(text[i : i + 7])
        for k, v in fmt.items():
            setattr(run, k, v)


def build_docx(
    doc: DocText,
    *,
    header: str | None = None,
    footer: str | None = None,
    nfd: bool = False,
    split_runs: bool = False,
) -> bytes:
    """Build a .docx; header is 'table', 'plain', 'tabs' or 'none', footer 'table' or 'plain'."""
    header = header or doc.layout.get("header", "table")
    footer = footer or doc.layout.get("footer", "table")
    norm = (lambda t: unicodedata.normalize("NFD", t)) if nfd else (lambda t: t)
    out = Document()

    def para(container, line: str, *, first: bool = False, center: bool = False) -> None:
        text, fmt = _format(line)
        p = container.paragraphs[0] if first else container.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if split_runs:
            _split_runs(p, norm(text), **fmt)
        else:
            run = p.add_run(norm(text))
            for k, v in fmt.items():
                setattr(run, k, v)

    def columns(left: list[str], right: list[str], *, center: tuple[bool, bool] = (True, True)) -> None:
        t = out.add_table(rows=1, cols=2)
        for cell, lines, c in zip(t.rows[0].cells, (left, right), center, strict=True):
            for i, line in enumerate(lines):
                para(cell, line, first=i == 0, center=c)

    def table_rows(rows: list[str]) -> None:
        cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
        t = out.add_table(rows=len(cells), cols=max(len(c) for c in cells))
        t.style = "Table Grid"
        for row, values in zip(t.rows, cells, strict=True):
            for cell, value in zip(row.cells, values, strict=False):
                para(cell, value, first=True)

    s = doc.sections
    hl, hr = s["head_left"], s["head_right"]
    if header == "table" and (hl or hr):
        columns(hl, hr)
    elif header == "plain":
        for line in hl + hr:
            para(out, line)
    elif header == "tabs":
        for i in range(max(len(hl), len(hr))):
            left = _format(hl[i])[0] if i < len(hl) else ""
            right = _format(hr[i])[0] if i < len(hr) else ""
            para(out, f"{left}\t{right}")

    def flow(lines: list[str]) -> None:
        pending: list[str] = []
        top = True  # Nghị định 30 centres the type, the subject and the authority line above the body
        for line in lines + [""]:
            if line.startswith("|"):
                pending.append(line)
                continue
            if pending:
                table_rows(pending)
                pending = []
            if line:
                bold = "bold" in _format(line)[1]
                top = top and bold
                formula = bold and _format(line)[0].rstrip(":") in ("QUYẾT ĐỊNH", "QUYẾT NGHỊ")
                para(out, line, center=top or formula)

    flow(s["body"])
    fl, fr = s["foot_left"], s["foot_right"]
    if footer == "table" and (fl or fr):
        columns(fl, fr, center=(False, True))
    else:
        for line in fr + fl if footer == "sign_first" else fl + fr:
            para(out, line)
    flow(s["tail"])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


# PDFs


def soffice() -> str:
    """Return LibreOffice's command; fail (never skip) when it is missing."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise AssertionError("LibreOffice is needed: apt-get install -y libreoffice-writer-nogui (make test does)")
    return exe


def to_pdf(docx_bytes: bytes, workdir: Path) -> bytes:
    """Convert .docx bytes to PDF with LibreOffice, headless."""
    return to_pdfs({"doc": docx_bytes}, workdir)["doc"]


def to_pdfs(docs: dict[str, bytes], workdir: Path) -> dict[str, bytes]:
    """Convert several .docx to PDF with LibreOffice, a fresh profile a run, up to 60 files a run (one run over some
    three hundred stopped part-way, leaving the rest unconverted); a file a run left unconverted is tried once more on
    its own."""
    workdir.mkdir(parents=True, exist_ok=True)
    files = []
    for name, data in docs.items():
        files.append(workdir / f"{name}.docx")
        files[-1].write_bytes(data)
    log = ""
    for k in range(0, len(files), 60):
        log += _soffice(files[k : k + 60], workdir)
    for f in [f for f in files if not f.with_suffix(".pdf").exists()]:
        log += _soffice([f], workdir)
    out = {}
    for f in files:
        pdf = f.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {f.name}: {log}"
        out[f.stem] = pdf.read_bytes()
    return out


def _soffice(files: list[Path], workdir: Path) -> str:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        done = subprocess.run(
            [
                soffice(),
                "--headless",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(workdir),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return done.stdout + done.stderr


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
