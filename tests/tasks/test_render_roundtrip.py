"""Every document we render reads back — as .docx and as LibreOffice's PDF — to the fields it was made from,
from its visible text alone."""

from __future__ import annotations

import pytest

from tasks.reading.parse import read_document
from tests.tasks.render_cases import CASES, libreoffice_pdfs, rendered


def _params(fmt: str) -> list:
    return [pytest.param(name, id=name) for name in CASES]


def _check(fields: dict, name: str) -> None:
    case = CASES[name]
    ctx = case.ctx
    assert fields["has_text_layer"] is True
    assert fields["so_ky_hieu"] == ctx.so_ky_hieu
    assert fields["loai_van_ban"] == case.loai_van_ban
    assert fields["co_quan_ban_hanh"] == ctx.co_quan_ban_hanh  # as a sentence writes it, not in capitals
    assert fields["dia_danh"] == ctx.dia_danh
    assert fields["ngay_ban_hanh"] == ctx.ngay.isoformat()
    assert fields["trich_yeu"] == ctx.trich_yeu
    assert fields["can_cu"] == case.can_cu
    assert [(d["kind"], d["date"], d["year"], d["period"]) for d in fields["deadlines"]] == case.deadlines
    assert [(n["text"], n["role"]) for n in fields["noi_nhan"]] == case.noi_nhan
    assert fields["quyen_han_ky"] == (ctx.quyen_han_ky.upper() if ctx.quyen_han_ky else None)
    assert fields["chuc_vu"] == ctx.chuc_vu.upper()
    assert fields["nguoi_ky"] == ctx.nguoi_ky
    assert fields["warnings"] == []


@pytest.mark.parametrize("name", _params("docx"))
def test_docx_reads_back(name: str) -> None:
    _check(read_document(rendered(name), f"{name}.docx").to_json_dict(), name)


@pytest.mark.parametrize("name", _params("pdf"))
def test_libreoffice_pdf_reads_back(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    pdf = libreoffice_pdfs(tmp_path_factory)[name]
    _check(read_document(pdf, f"{name}.pdf").to_json_dict(), name)
