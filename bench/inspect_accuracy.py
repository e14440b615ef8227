"""Benchmark: field accuracy and documents/second of the reader over a folder of documents.

    .venv/bin/python -m bench.inspect_accuracy [FOLDER]

FOLDER holds .docx/.pdf files, each with its expected fields beside it, written by hand from reading the
document: `<name>.expected.json` (or `<name>.<ext>.expected.json`). Keys are the `inspect --json` keys; a
key left out is not scored; `noi_nhan_includes` / `deadlines_include` score items that must be present.
Without FOLDER, the seed corpus is built into bench/out/ (.docx and LibreOffice .pdf) and scored against
bench/corpus/.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_seed_corpus() -> Path:
    sys.path.insert(0, str(REPO))
    from tests.docbuild import seed_docx, soffice, to_pdf

    out = REPO / "bench" / "out" / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    for exp in sorted((REPO / "bench" / "corpus").glob("*.expected.json")):
        name = exp.name.removesuffix(".expected.json")
        docx = seed_docx(name.removeprefix("seed"))
        (out / f"{name}.docx").write_bytes(docx)
        shutil.copy(exp, out / f"{name}.expected.json")
        if soffice():
            (out / f"{name}-pdf.pdf").write_bytes(to_pdf(docx, out / "tmp"))
            shutil.copy(exp, out / f"{name}-pdf.expected.json")
    shutil.rmtree(out / "tmp", ignore_errors=True)
    return out


def expected_for(doc: Path) -> dict | None:
    for cand in (doc.with_suffix(".expected.json"), doc.parent / f"{doc.name}.expected.json"):
        if cand.exists():
            return json.loads(cand.read_text(encoding="utf-8"))
    return None


def score(got: dict, exp: dict) -> dict[str, bool]:
    marks = {}
    for key, want in exp.items():
        if key == "noi_nhan_includes":
            have = [(n["text"], n["role"]) for n in got["noi_nhan"]]
            marks[key] = all((w["text"], w["role"]) in have for w in want)
        elif key == "deadlines_include":
            have = [{k: d[k] for k in ("kind", "date", "year", "period")} for d in got["deadlines"]]
            marks[key] = all(w in have for w in want)
        else:
            marks[key] = got.get(key) == want
    return marks


def main(folder: Path) -> None:
    sys.path.insert(0, str(REPO))
    from tasks.reading.parse import read_document
    from tasks.reading.safety import FileRejected

    docs = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".docx", ".pdf") and expected_for(p))
    per_field: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    t0 = time.perf_counter()
    results = []
    for doc in docs:
        try:
            results.append((doc, read_document(doc.read_bytes(), doc.name).to_json_dict()))
        except FileRejected as exc:
            results.append((doc, {"error": exc.code}))
    elapsed = time.perf_counter() - t0
    for doc, got in results:
        exp = expected_for(doc)
        if "error" in got:
            for key in exp:
                per_field[key].append(False)
            misses.append(f"{doc.name}: refused ({got['error']})")
            continue
        for key, ok in score(got, exp).items():
            per_field[key].append(ok)
            if not ok:
                misses.append(f"{doc.name}: {key} = {json.dumps(got.get(key), ensure_ascii=False)[:120]}")
    total = sum(len(v) for v in per_field.values())
    right = sum(sum(v) for v in per_field.values())
    print(f"documents={len(docs)} fields_scored={total} accuracy={right / max(total, 1):.3f} "
          f"docs_per_s={len(docs) / max(elapsed, 1e-9):.1f}")  # fmt: skip
    for key in sorted(per_field):
        v = per_field[key]
        print(f"  {key:22s} {sum(v)}/{len(v)}")
    for m in misses:
        print(f"  miss {m}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else build_seed_corpus())
