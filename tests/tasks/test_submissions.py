"""The one intake (portal and `kehoach submit`): nothing kept of a refused file, one version per file, số đến."""

from __future__ import annotations

import dataclasses
import threading
from functools import cache
from pathlib import Path

import pytest

from kehoach.errors import KehoachError
from kehoach.settings import get_settings
from tests.badfiles import bad_files
from tests.factories import PlanSpec, make_plan_in_db, plan_docx


def kept_files() -> set[str]:
    folder = get_settings().files_dir
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def unit_plan(n: int = 0, **changes: object) -> bytes:
    """A ward's own plan, căn cứ the district's 55/KH-UBND; `n` makes each one different, the same `n` the same."""
    # python-docx stamps the saving time into the file: the same plan must be the same bytes
    return _unit_plan(n) if not changes else _build_unit_plan(n, **changes)


@cache
def _unit_plan(n: int) -> bytes:
    return _build_unit_plan(n)


def _build_unit_plan(n: int, **changes: object) -> bytes:
    spec = PlanSpec(
        so_ky_hieu=f"{10 + n}/KH-UBND",
        parent_body="UBND THỊ XÃ DUYÊN HẢI",
        issuer_body="ỦY BAN NHÂN DÂN PHƯỜNG SỐ 1",
        place="Duyên Hải",
        can_cu=["Căn cứ Kế hoạch số 55/KH-UBND ngày 20/11/2026 của Ủy ban nhân dân thị xã Duyên Hải."],
    )
    spec = dataclasses.replace(spec, **changes)
    return plan_docx(spec)


def record(plan, i: int, data: bytes, name: str = "ke-hoach.docx", **kw):
    from tasks.submissions import record_submission

    return record_submission.fn(
        plan.document_id,
        None,
        data,
        name,
        kw.pop("channel", "portal"),
        "đơn vị",
        obligation_id=plan.obligation_ids[i],
        **kw,
    )


def test_a_refused_file_leaves_nothing_in_files(sqlite_db: str) -> None:
    from tasks.obligations import change_obligation, choose_obligation
    from tasks.submissions import record_submission

    plan = make_plan_in_db(2)
    before = kept_files()
    for case, (name, data, code) in bad_files().items():
        with pytest.raises(KehoachError) as exc:
            record(plan, 0, data, name)
        assert exc.value.code == code, case
    # a good file the obligation does not take (the unit is exempt; a period it does not owe) is not kept either
    ob = choose_obligation(plan.document_id, plan.unit_codes[1], purpose="miễn nộp")
    change_obligation.fn(ob.obligation_id, "exempt", "Đơn vị giải thể", "văn thư")
    with pytest.raises(KehoachError) as exc:
        record_submission.fn(plan.document_id, plan.unit_codes[1], unit_plan(), "kh.docx", "cli", "văn thư")
    assert exc.value.code == "closed"
    with pytest.raises(KehoachError) as exc:
        record_submission.fn(plan.document_id, plan.unit_codes[0], unit_plan(), "kh.docx", "cli", "văn thư", "2031-05")
    assert exc.value.code == "unknown_period"
    assert kept_files() == before  # not even a temporary file


def test_the_same_file_twice_is_one_version_and_each_version_gets_the_next_receipt_number(sqlite_db: str) -> None:
    from models.db import session_scope
    from models.submissions import list_submissions

    plan = make_plan_in_db(2)
    first = record(plan, 0, unit_plan(1))
    again = record(plan, 0, unit_plan(1), name="ke-hoach (1).docx")
    assert (first["version"], first["receipt_no"], first["duplicate"]) == (1, "1/2026", False)
    assert (again["version"], again["receipt_no"], again["duplicate"]) == (1, "1/2026", True)
    other_unit = record(plan, 1, unit_plan(1))  # the same bytes for another obligation: its own version
    second = record(plan, 0, unit_plan(2))
    assert (other_unit["receipt_no"], second["version"], second["receipt_no"]) == ("2/2026", 2, "3/2026")
    with session_scope() as s:
        assert [x.version for x in list_submissions(session=s, obligation_id=plan.obligation_ids[0])] == [2, 1]
    assert kept_files() >= {f"{first['sha256']}.docx", f"{second['sha256']}.docx"}


def test_a_name_with_folders_is_kept_by_its_digest_and_shown_without_them(sqlite_db: str) -> None:
    plan = make_plan_in_db(1)
    res = record(plan, 0, unit_plan(), name="../../etc/passwd.docx")
    assert res["file_name"] == "passwd.docx"
    assert (get_settings().files_dir / f"{res['sha256']}.docx").exists()
    assert not (get_settings().files_dir.parent / "etc").exists()
    res = record(plan, 0, unit_plan(3), name="..\\..\\Windows\\win.ini.docx")
    assert res["file_name"] == "win.ini.docx"


def test_content_naming_another_plan_or_unit_warns_the_reviewer_and_is_not_refused(sqlite_db: str) -> None:
    from tasks.content_match import read_new_submissions

    plan = make_plan_in_db(2, unit_names=["Phường Số 1", "Phường Long Châu"])
    ok = record(plan, 0, unit_plan(), read_content=True)
    assert ok["warnings"] == []
    wrong = unit_plan(
        5,
        issuer_body="ỦY BAN NHÂN DÂN XÃ HIỆP THẠNH",
        can_cu=["Căn cứ Kế hoạch số 99/KH-UBND ngày 01/10/2026 của Ủy ban nhân dân tỉnh Trà Vinh."],
    )
    res = record(plan, 1, wrong, read_content=True)
    assert res["version"] == 1 and len(res["warnings"]) == 2
    assert (
        "99/KH-UBND" in res["warnings"][0] and "hiệp thạnh" in res["warnings"][1].lower()
    )  # the issuer as a sentence writes it
    # the portal leaves reading to the batch task
    later = record(plan, 1, unit_plan(6, issuer_body="ỦY BAN NHÂN DÂN XÃ HIỆP THẠNH"), read_content=False)
    assert later["warnings"] == []
    assert read_new_submissions.fn() == {"read": 1, "warned": 1}
    assert read_new_submissions.fn() == {"read": 0, "warned": 0}


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_fifty_concurrent_recorders_get_fifty_distinct_receipt_numbers(db: str) -> None:
    plan = make_plan_in_db(50)
    results: list[dict] = []
    errors: list[BaseException] = []
    start = threading.Barrier(50)

    def one(i: int) -> None:
        try:
            start.wait()
            results.append(record(plan, i, unit_plan(i)))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(int(r["receipt_no"].split("/")[0]) for r in results) == list(range(1, 51))
    for r in results:
        assert Path(get_settings().files_dir / f"{r['sha256']}.docx").exists()
