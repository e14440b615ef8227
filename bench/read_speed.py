"""Benchmark: how long reading a 30-page plan takes, as .docx and as LibreOffice's PDF, and the reader's peak memory.

    .venv/bin/python -m bench.read_speed [PAGES]

Builds a plan of about PAGES pages (30) from a test document (its body repeated, with a deadline table), writes
it under bench/out/speed/, reads each file 5 times and prints the median, then reads both once more in a fresh
process and prints that process's peak resident memory. The target is under 1 s a file and under 300 MB.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "speed"


def build(pages: int) -> tuple[Path, Path]:
    sys.path.insert(0, str(REPO))
    from pypdf import PdfReader

    from tests.docbuild import build_docx, fixture_doc, to_pdfs

    doc = fixture_doc("ke_hoach_ubnd_thi_xa")
    body = doc.sections["body"]
    start = next(i for i, line in enumerate(body) if line.startswith("I."))
    section = body[start:-1]
    table = ["| STT | Nội dung | Thời gian | Đơn vị |"] + [
        f"| {n} | Báo cáo kết quả đợt {n} | Trước ngày 20/{n % 12 + 1:02d}/2027 | Các xã, phường |" for n in range(1, 9)
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    copies = 4
    while True:
        doc.sections["body"] = body[:start] + (section + table) * copies + body[-1:]
        docx = build_docx(doc)
        pdf = to_pdfs({"plan": docx}, OUT / "tmp")["plan"]
        n = len(PdfReader(OUT / "tmp" / "plan.pdf").pages)
        if n >= pages:
            break
        copies = max(copies + 1, int(copies * pages / max(n, 1)))
    (OUT / "plan.docx").write_bytes(docx)
    (OUT / "plan.pdf").write_bytes(pdf)
    print(f"plan: {n} pages as PDF, {len(docx) // 1024} KB .docx, {len(pdf) // 1024} KB .pdf")
    return OUT / "plan.docx", OUT / "plan.pdf"


def timed(path: Path) -> tuple[float, float]:
    """Return the median wall time and CPU time of 5 reads (CPU time is what a shared machine's load can't inflate)."""
    from tasks.reading.parse import read_document

    data = path.read_bytes()
    read_document(data, path.name)  # imports and first-use caches
    wall, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        fields = read_document(data, path.name)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    assert fields.deadlines, "the plan's deadlines were not read"
    return statistics.median(wall), statistics.median(cpu)


def peak_memory(paths: list[Path]) -> float:
    code = (
        "import resource, sys; sys.path.insert(0, sys.argv[1]);"
        "from tasks.reading.parse import read_document;"
        "[read_document(open(p, 'rb').read(), p) for p in sys.argv[2:]];"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(REPO), *map(str, paths)], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024  # kilobytes on Linux


def main(pages: int) -> None:
    docx, pdf = build(pages)
    sys.path.insert(0, str(REPO))
    for path in (docx, pdf):
        wall, cpu = timed(path)
        print(f"read {path.suffix[1:]:4s}: median of 5 runs {wall:.3f} s wall, {cpu:.3f} s CPU")
    print(f"peak memory reading both in a fresh process: {peak_memory([docx, pdf]):.0f} MB")
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
