"""Reading the test documents of tests/fixtures (written for the tests, modelled on the seed plans): every
header layout, NFD, split runs, and LibreOffice's PDF, against the fields written by hand beside each."""

from __future__ import annotations

import json
import unicodedata

import pytest

from bench.inspect_accuracy import score
from tasks.reading.parse import read_document
from tests.docbuild import build_docx, fixture_doc, fixture_names, to_pdfs
from tests.paths import FIXTURES

VARIANTS = ["table", "plain", "tabs", "nfd", "split"]
_PDFS: dict[str, bytes] = {}


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


def variant_docx(name: str, variant: str) -> bytes:
    header = None if variant in ("nfd", "split") else variant
    return build_docx(fixture_doc(name), header=header, nfd=variant == "nfd", split_runs=variant == "split")


def check(got: dict, name: str, fmt: str) -> None:
    wrong = {k: got.get(k) for k, ok in score(got, expected(name)).items() if not ok}
    assert not wrong, (name, fmt, wrong, got["noi_nhan"], got["deadlines"])
    for value in got.values():
        if isinstance(value, str):
            assert unicodedata.is_normalized("NFC", value)


def fixture_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Convert every test document (in its own layout) to PDF in one LibreOffice run, once a session."""
    if not _PDFS:
        docs = {name: build_docx(fixture_doc(name)) for name in fixture_names()}
        _PDFS.update(to_pdfs(docs, tmp_path_factory.mktemp("fixture-pdfs")))
    return _PDFS


def test_there_are_fixtures_of_each_kind() -> None:
    names = fixture_names()
    assert len(names) >= 6
    for name in names:
        assert (FIXTURES / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", fixture_names())
def test_docx_fields(name: str, variant: str) -> None:
    fields = read_document(variant_docx(name, variant), f"{name}.docx").to_json_dict()
    assert fields["has_text_layer"] is True
    check(fields, name, "docx")


@pytest.mark.parametrize("name", fixture_names())
def test_libreoffice_pdf_fields(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    fields = read_document(fixture_pdfs(tmp_path_factory)[name], f"{name}.pdf").to_json_dict()
    assert fields["has_text_layer"] is True
    check(fields, name, "pdf")
