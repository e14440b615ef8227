"""Benchmark: field accuracy and documents/second of the reader over sets of documents.

    .venv/bin/python -m bench.inspect_accuracy            # the sets kept in the repository (and the seeds)
    .venv/bin/python -m bench.inspect_accuracy FOLDER     # any folder of .docx/.pdf with expected JSON

A set is a folder of document texts (`<name>.txt`, the format of tests/docbuild.py) each with its expected fields
beside it, written by hand from reading the document before the reader ran on it (`<name>.expected.json`). Each
text is built into .docx (in the layout it names) and into LibreOffice's PDF under bench/out/, and both are
scored. The sets: bench/corpus (real public documents, their source in each JSON), bench/holdout (more real
documents gathered after the reader was reworked on the corpus, to measure it on documents it was not tuned on),
bench/holdout2 (a second held-out round: ten more real documents from other kinds of issuer, gathered after the
fixes the first round led to), bench/holdout3 (two more, a commune's portal post and a ministry's letter,
gathered after the round-2 fixes), bench/holdout4 (five more: two schools, two provincial People's Committees, a
ministry), bench/holdout5 (thirteen more, gathered after the round-4 fixes: two schools, a commune, a trade
union, the Đoàn, a department, a ministry, provinces), bench/holdout6 (thirteen more, gathered after the round-5
fixes: a ward, a commune People's Council, a district, a joint People's Committee–Fatherland Front Quy chế, nine
provincial plans and decisions), bench/holdout7 (fifteen more, gathered after the round-6 fixes: two Hội Nông
dân congress reports, four primary schools, a school's trade union, a commune's steering committee, the Đoàn's
central committee, a provincial party committee's Chương trình without its header, a ministry's draft công văn,
four provincial decisions), bench/holdout8 (thirteen more, gathered after the round-7 fixes: three upper-secondary
schools' plans, one by two subject groups and one a draft, the Prime Minister's and a ministry's decisions, eight
provincial plans and decisions, two of them with the type or its heading lost on the page), bench/holdout9
(fifteen more, gathered after the round-8 fixes: four schools' trade unions, three kindergartens, a commune's Hội
Nông dân, a mass association, a commune People's Committee, a district steering committee, a Sở, the Government
Office's notice, a congress board's sub-committee, a city's decision), bench/holdout10
(eleven more, gathered after the round-8 fixes from a public dataset of Công báo texts: the Prime Minister's Chỉ thị
and decisions, five Government resolutions, three ministries' decisions, one with its date left blank; all reach their
signature, none prints a Nơi nhận), bench/holdout11 (thirteen more, gathered after the round-9 and round-10 fixes:
a city party committee, a Hội LHPN village branch, a commune, a primary school, a national agency, the labour
confederation, two provincial plans, a ministry in 1997, and four national documents that reach their signature),
bench/holdout12 (thirteen more, gathered after the round-11 fixes: a provincial council, five provincial People's
Committees' decisions and plans, a Sở, a lower-secondary school, a commune's steering committee, four national
documents that reach their signature), bench/holdout13 (twelve more, gathered after the round-12 fixes: six schools,
a district women's union, three provincial People's Committees, three national documents that reach their
signature), bench/holdout14 (twelve more, gathered after the round-13 fixes: eight provincial and city People's
Committees' plans and decisions, three of them with no type line, a provincial Hội Nông dân, the Hội Liên hiệp Thanh
niên's central committee, two kindergartens), bench/holdout15 (fifteen more, gathered after the round-14 fixes
from stored public pages: a district cultural centre, a kindergarten, four provincial and city committees, the Prime
Minister, a commune, two Youth Union branches, an association, a Sở, a primary school, a city steering committee),
bench/holdout16 (fifteen more, gathered at the same time from public GitHub datasets of law-portal pages: eleven
provincial and city People's Committees' and councils' plans, decisions, a directive and letters, a Sở, a city
service centre, two party bodies; all reach their signature and Nơi nhận), bench/holdout17 (fourteen more, gathered
after the round-15 and round-16 fixes from the same GitHub dataset: ten provincial and city People's Committees' plans,
the Government Office's notices, one without its header, a party office's notice; all reach their signature and Nơi
nhận), bench/holdout18 (fourteen more, gathered at the same time from the same dataset, its decisions, letters,
guidance, directives and resolutions: two party commissions, a national steering committee, the tax department, the
State Audit Office, a Sở, a provincial Chairman, a city council, the Government, five provincial and city People's
Committees; most with the rules or plan they issue after the signature), bench/holdout19 (eleven more, gathered after
the round-18 fixes from stored public pages, all local: two kindergartens, a Pioneer brigade, three Youth Union branches
of schools, a boarding school, an upper-secondary school's notice, a subject group, a commune's notice without its
header, a vocational school's Youth Union), bench/holdout20 (fourteen more, gathered at the same time from another
public GitHub dataset: six provincial and city People's Committees' decisions, a national steering committee, three
ministries' and two Government Office letters, the Prime Minister's letter; header and footer cells flattened onto
one line each), bench/holdout21 (fourteen more, gathered after the round-19 fixes from the law-portal dataset's
documents no round had used: a directive, ministries' and the Government Office's letters, a provincial tax office,
two plans, a party conclusion, a Government resolution, a city council, ministries' and a city Chairman's decisions,
the Prime Minister's decision), bench/holdout22 (seven more, gathered at the same time from stored pages: seven
schools' and a Pioneer brigade's plans), bench/holdout23 (twelve more, gathered after the round-21 fixes from
the second GitHub dataset's documents no round had used: the Government Office, ministries, the tax department, the
Prime Minister, the Government, three provinces), bench/holdout24 (twelve more, gathered at the same time from the
law-portal dataset's unused documents: four provincial and city plans, a Government resolution, a city council, a
party regulation, the Government Office, the customs department, a provincial Chairman, a ministry), bench/holdout25
(twelve more from the law-portal dataset, gathered after the round-23 and round-24 fixes: the Prime Minister's
dispatch, the tax department, the Government Office, Cà Mau, the Government, Huế's council, a ministry, Hà Nội's
service centre, Cao Bằng, Hồ Chí Minh City, a party regulation), bench/holdout26 (eleven more from the second GitHub
dataset, gathered at the same time: Hồ Chí Minh City, the Government, the Prime Minister, the National Assembly's
Standing Committee, ministries), tests/fixtures
(documents written for the tests), and the seed plans when ../shared/seeds is there (expected fields in
bench/seeds). The first-run figure of each held-out set is kept in bench/holdout_first_runs.md; the run here is the
reader as it is now.

Keys are the `inspect --json` keys; a key left out is not scored; `noi_nhan_includes` / `deadlines_include`
score items that must be present. Other keys (`source`, `issuer_kind`, …) describe the document.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIELDS = {
    "so_ky_hieu",
    "loai_van_ban",
    "co_quan_ban_hanh",
    "dia_danh",
    "ngay_ban_hanh",
    "trich_yeu",
    "can_cu",
    "deadlines",
    "noi_nhan",
    "nguoi_ky",
    "chuc_vu",
    "quyen_han_ky",
    "has_text_layer",
    "noi_nhan_includes",
    "deadlines_include",
}
DEADLINE_KEYS = ("kind", "date", "year", "period")
# the real documents scored, each a folder of bench/: the corpus, then the held-out rounds in the order they came
SCORED_SETS = ("corpus", "holdout", *(f"holdout{n}" for n in range(2, 27)))


def _build(texts: dict[str, object], expected_dir: Path, out: Path) -> Path:
    """Write each document as .docx and PDF into out/, with its expected fields beside both."""
    from tests.docbuild import build_docx, to_pdfs

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    docx = {name: build_docx(doc) for name, doc in texts.items()}
    for name, data in docx.items():
        (out / f"{name}.docx").write_bytes(data)
        shutil.copy(expected_dir / f"{name}.expected.json", out / f"{name}.expected.json")
    for name, pdf in to_pdfs(docx, out / "tmp").items():
        (out / f"{name}-pdf.pdf").write_bytes(pdf)
        shutil.copy(expected_dir / f"{name}.expected.json", out / f"{name}-pdf.expected.json")
    shutil.rmtree(out / "tmp", ignore_errors=True)
    return out


def build_sets() -> dict[str, Path]:
    """Build every document set kept in the repository, and the seeds when they are there."""
    sys.path.insert(0, str(REPO))
    from tests.docbuild import load_doc, seed_doc, seeds_available

    sets = {}
    sources = [(label, f"bench/{label}") for label in SCORED_SETS] + [("fixtures", "tests/fixtures")]
    for label, folder in ((label, REPO / path) for label, path in sources):
        texts = {p.stem: load_doc(p) for p in sorted(folder.glob("*.txt"))}
        if texts:
            sets[label] = _build(texts, folder, REPO / "bench" / "out" / label)
    if seeds_available():
        seeds = REPO / "bench" / "seeds"
        texts = {p.name.removesuffix(".expected.json"): None for p in sorted(seeds.glob("seed*.expected.json"))}
        texts = {name: seed_doc(name.removeprefix("seed")) for name in texts}
        sets["seeds"] = _build(texts, seeds, REPO / "bench" / "out" / "seeds")
    else:
        print("seeds: ../shared/seeds not beside the repository, not scored")
    return sets


def expected_for(doc: Path) -> dict | None:
    for cand in (doc.with_suffix(".expected.json"), doc.parent / f"{doc.name}.expected.json"):
        if cand.exists():
            return json.loads(cand.read_text(encoding="utf-8"))
    return None


def score(got: dict, exp: dict) -> dict[str, bool]:
    """Mark each expected field right or wrong."""
    marks = {}
    for key, want in exp.items():
        if key not in FIELDS:
            continue
        if key == "noi_nhan_includes":
            have = [(n["text"], n["role"]) for n in got["noi_nhan"]]
            marks[key] = all((w["text"], w["role"]) in have for w in want)
        elif key == "deadlines_include":
            have = [{k: d[k] for k in DEADLINE_KEYS} for d in got["deadlines"]]
            marks[key] = all({k: w[k] for k in DEADLINE_KEYS} in have and _extra_match(w, got) for w in want)
        else:
            marks[key] = got.get(key) == want
    return marks


def _extra_match(want: dict, got: dict) -> bool:
    # keys beyond the four (day, month, …) must match on a deadline that has the four
    extra = {k: v for k, v in want.items() if k not in DEADLINE_KEYS}
    if not extra:
        return True
    return any(
        all(d.get(k) == want[k] for k in DEADLINE_KEYS) and all(d.get(k) == v for k, v in extra.items())
        for d in got["deadlines"]
    )


def run(folder: Path, label: str) -> tuple[int, int]:
    """Score one folder; print per-field figures and every miss; return (right, scored)."""
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
                if key in FIELDS:
                    per_field[key].append(False)
            misses.append(f"{doc.name}: refused ({got['error']})")
            continue
        for key, ok in score(got, exp).items():
            per_field[key].append(ok)
            if not ok:
                shown = got.get(key, got["noi_nhan"] if key.startswith("noi") else got["deadlines"])
                misses.append(f"{doc.name}: {key} = {json.dumps(shown, ensure_ascii=False)[:300]}")
    total = sum(len(v) for v in per_field.values())
    right = sum(sum(v) for v in per_field.values())
    print(
        f"{label}: documents={len(docs)} fields_scored={total} right={right} accuracy={right / max(total, 1):.3f} "
        f"docs_per_s={len(docs) / max(elapsed, 1e-9):.1f}"
    )
    for key in sorted(per_field):
        v = per_field[key]
        print(f"  {key:22s} {sum(v)}/{len(v)}")
    for m in misses:
        print(f"  miss {m}")
    return right, total


def main(argv: list[str]) -> None:
    if argv:
        run(Path(argv[0]), argv[0])
        return
    scores = {label: run(folder, label) for label, folder in build_sets().items()}
    _held_out_summary(scores)


def _held_out_summary(scores: dict[str, tuple[int, int]]) -> None:
    """Print the held-out sets together: each one's first run (recorded once) beside its score now."""
    first = json.loads((REPO / "bench" / "holdout_first_runs.json").read_text(encoding="utf-8"))
    labels = [label for label in scores if label.startswith("holdout")]
    if not labels:
        return
    print("held-out sets (documents the reader was not built on; first run recorded once, never re-measured):")
    totals = [0, 0, 0, 0]
    for label in labels:
        right, scored = scores[label]
        f = first.get(label)
        if f:
            totals[0] += f["right"]
            totals[1] += f["scored"]
        totals[2] += right
        totals[3] += scored
        was = f"{f['right']}/{f['scored']} ({f['right'] / f['scored']:.1%})" if f else "not recorded"
        print(f"  {label:9s} first run {was:18s} now {right}/{scored} ({right / max(scored, 1):.1%})")
    print(
        f"  {'all':9s} first run {totals[0]}/{totals[1]} ({totals[0] / max(totals[1], 1):.1%})"
        f"  now {totals[2]}/{totals[3]} ({totals[2] / max(totals[3], 1):.1%})"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
