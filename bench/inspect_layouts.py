"""Benchmark: the real documents of bench/corpus and the held-out sets read in other layouts than their own.

    .venv/bin/python -m bench.inspect_layouts          # .docx: header as loose lines / tab-separated, NFD with runs
                                                       # split mid-word, Nơi nhận as loose lines, and as Word
                                                       # writes files: tracked insertions, content controls, lists
    .venv/bin/python -m bench.inspect_layouts --pdf    # and LibreOffice PDFs of the two other header layouts (slower)

A document kept without a header is left out of the header layouts. Prints right/scored per layout and every miss.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bench.inspect_accuracy import SCORED_SETS

REPO = Path(__file__).resolve().parents[1]
SETS = SCORED_SETS
LAYOUTS = {
    "header=plain": {"header": "plain"},
    "header=tabs": {"header": "tabs"},
    "nfd+split runs": {"nfd": True, "split_runs": True},
    "footer=plain": {"footer": "plain"},
    # as Word writes files (tests/wordmarkup.py): every run a tracked insertion; every paragraph and table in a
    # content control; every typed "- ", "I.", "1." a list numbered by Word
    "word: tracked insertions": {"word": "ins"},
    "word: content controls": {"word": "sdt_block"},
    "word: lists": {"word": "lists"},
}


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(REPO))
    from bench.inspect_accuracy import score
    from tasks.reading.parse import read_document
    from tests.docbuild import build_docx, load_doc, to_pdfs
    from tests.wordmarkup import as_word_writes

    texts = {p.stem: p for s in SETS for p in sorted((REPO / "bench" / s).glob("*.txt"))}
    layouts = [(name, kw, "docx") for name, kw in LAYOUTS.items()]
    if "--pdf" in argv:
        layouts += [(f"{name} (pdf)", kw, "pdf") for name, kw in LAYOUTS.items() if "header" in kw]
    for name, kw, fmt in layouts:
        docs, expected = {}, {}
        for stem, path in texts.items():
            doc = load_doc(path)
            if "header" in kw and doc.layout.get("header") == "none":
                continue
            build = {k: v for k, v in kw.items() if k != "word"}
            docs[stem] = build_docx(doc, **build)
            if "word" in kw:
                docs[stem] = as_word_writes(docs[stem], kw["word"])
            expected[stem] = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        if fmt == "pdf":
            docs = to_pdfs(docs, Path(tempfile.mkdtemp(prefix="kehoach-layouts-")))
        right = scored = 0
        misses = []
        for stem, data in docs.items():
            got = read_document(data, f"{stem}.{fmt}").to_json_dict()
            for key, ok in score(got, expected[stem]).items():
                scored += 1
                right += ok
                if not ok:
                    misses.append(f"  miss {stem}: {key} = {json.dumps(got.get(key), ensure_ascii=False)[:160]}")
        print(f"{name}: documents={len(docs)} fields_scored={scored} right={right}")
        for miss in misses:
            print(miss)


if __name__ == "__main__":
    main(sys.argv[1:])
