"""Organisation tree import: official packages (current and legacy), CSV/XLSX, bad rows; both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select

from models.db import session_scope
from models.org import CURRENT_ERA, LEGACY_ERA, Unit, get_unit_by_code, list_descendants
from tasks.org_import import ImportRejected, import_units


def _count(era: str | None = None) -> int:
    with session_scope() as s:
        stmt = select(func.count()).select_from(Unit)
        if era is not None:
            stmt = stmt.where(Unit.era == era)
        return s.exec(stmt).one()


def test_current_province_matches_package(db: str) -> None:
    result = import_units.fn("current", "Vĩnh Long", "example.vn")
    assert (result.rows, result.inserted, result.root_code) == (125, 125, "86")
    with session_scope() as s:
        province = get_unit_by_code(session=s, code="86", era=CURRENT_ERA)
        assert province.name == "Tỉnh Vĩnh Long" and province.kind == "tinh"
        wards = list_descendants(session=s, unit_id=province.id)
        assert len(wards) == 124
        assert all(len(w.code) == 5 and w.kind == "xa" for w in wards)
        assert all(w.emails == f"{w.code}@example.vn" for w in wards)
    # zero-padded two-digit province codes
    import_units.fn("current", "Tuyên Quang")
    with session_scope() as s:
        assert get_unit_by_code(session=s, code="08").name == "Tỉnh Tuyên Quang"


def test_reimport_updates_never_duplicates(db: str) -> None:
    import_units.fn("current", "Vĩnh Long")
    again = import_units.fn("current", "Vĩnh Long", "example.vn")
    assert (again.inserted, again.updated) == (0, 125)
    third = import_units.fn("current", "Vĩnh Long", "example.vn")
    assert (third.inserted, third.updated) == (0, 0)
    assert _count() == 125


def test_legacy_province_with_successors(db: str) -> None:
    result = import_units.fn("legacy", "Trà Vinh", None)
    assert result.rows == 1 + 9 + 104
    with session_scope() as s:
        town = get_unit_by_code(session=s, code="851", era=LEGACY_ERA)
        assert town.name == "Thị xã Duyên Hải" and town.kind == "huyen"
        assert town.valid_to == date(2025, 6, 30)
        communes = list_descendants(session=s, unit_id=town.id)
        assert communes and all(c.successor_code and len(c.successor_code) == 5 for c in communes)
        long_toan = next(c for c in communes if c.name == "Xã Long Toàn")
        assert long_toan.successor_code == "29512"  # merged into the ward that kept Phường 1's code


def test_both_eras_live_in_one_database(db: str) -> None:
    import_units.fn("legacy", "Trà Vinh", None)
    import_units.fn("current", "Vĩnh Long", None)  # Trà Vinh merged into Vĩnh Long
    with session_scope() as s:
        # 29512 is a legacy commune code and a current ward code: the clock's date picks the unit
        before = get_unit_by_code(session=s, code="29512", on=date(2024, 1, 1))
        after = get_unit_by_code(session=s, code="29512", on=date(2026, 11, 23))
        assert before.era == LEGACY_ERA and before.name == "Phường 1"
        assert after.era == CURRENT_ERA and after.parent_id is not None


def test_unknown_province_is_named(db: str) -> None:
    with pytest.raises(ImportRejected, match="Atlantis"):
        import_units.fn("current", "Atlantis")


CSV_4_LEVELS = """code,name,kind,parent_code,email
T1,Tỉnh Thử,tinh,,vanthu@tinhthu.gov.vn
H1,Huyện Một,huyen,T1,h1@tinhthu.gov.vn
X1,Xã Một,xa,H1,
TR1,Trường Mầm non Xã Một,truong,X1,mn1@tinhthu.edu.vn;mn1b@tinhthu.edu.vn
CB1,Chi bộ Trường Mầm non,chi_bo,TR1,
"""


def test_csv_four_levels(db: str, tmp_path: Path) -> None:
    f = tmp_path / "cay.csv"
    f.write_text(CSV_4_LEVELS, encoding="utf-8")
    result = import_units.fn("file", str(f))
    assert (result.rows, result.inserted) == (5, 5)
    with session_scope() as s:
        cb = get_unit_by_code(session=s, code="CB1")
        chain = []
        u = cb
        while u is not None:
            chain.append(u.code)
            u = s.get(Unit, u.parent_id) if u.parent_id else None
        assert chain == ["CB1", "TR1", "X1", "H1", "T1"]
        assert get_unit_by_code(session=s, code="TR1").email_list == ["mn1@tinhthu.edu.vn", "mn1b@tinhthu.edu.vn"]
    assert import_units.fn("file", str(f)).inserted == 0
    assert _count() == 5


def test_xlsx(db: str, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in CSV_4_LEVELS.strip().splitlines():
        ws.append(line.split(","))
    f = tmp_path / "cay.xlsx"
    wb.save(f)
    assert import_units.fn("file", str(f)).inserted == 5


@pytest.mark.parametrize(
    ("body", "row", "words"),
    [
        ("A,Đơn vị A,tinh,,\nB,Đơn vị B,xa,ZZ,\n", 3, "ZZ"),
        ("A,Đơn vị A,tinh,,\nA,Đơn vị A lần hai,tinh,,\n", 3, "trùng"),
        ("A,Đơn vị A,tinh,C,\nB,Đơn vị B,xa,A,\nC,Đơn vị C,xa,B,\n", 2, "vòng lặp"),
        ("A,,tinh,,\n", 2, "chưa có tên"),
        ("A,Đơn vị A,tinh,,khong-phai-email\n", 2, "không hợp lệ"),
        ("A,Đơn vị A,thanh_pho,,\n", 2, "loại đơn vị"),
    ],
    ids=["unknown-parent", "duplicate-code", "cycle", "empty-name", "bad-email", "unknown-kind"],
)
def test_bad_rows_rejected_with_row_number_and_nothing_written(
    db: str, tmp_path: Path, body: str, row: int, words: str
) -> None:
    f = tmp_path / "xau.csv"
    f.write_text("code,name,kind,parent_code,email\nOK1,Đơn vị tốt,tinh,,\n" + body, encoding="utf-8")
    with pytest.raises(ImportRejected) as exc:
        import_units.fn("file", str(f))
    text = str(exc.value)
    assert f"Dòng {row + 1}" in text and words in text
    assert _count() == 0  # the good row was not written either


def _csv(tmp_path: Path, name: str, rows: list[str]) -> Path:
    f = tmp_path / name
    f.write_text("code,name,kind,parent_code,email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return f


def test_a_loop_across_two_imports_is_refused(db: str, tmp_path: Path) -> None:
    import_units.fn(
        "file", str(_csv(tmp_path, "a.csv", ["R,Gốc,tinh,,", "CA,Cơ quan A,co_quan,R,", "CB,Cơ quan B,co_quan,CA,"]))
    )
    with pytest.raises(ImportRejected) as exc:
        import_units.fn("file", str(_csv(tmp_path, "b.csv", ["CA,Cơ quan A,co_quan,CB,"])))
    assert "vòng lặp" in exc.value.problems[0] and "CB" in exc.value.problems[0]
    with session_scope() as s:  # nothing changed: CA still under R
        ca = get_unit_by_code(session=s, code="CA")
        assert s.get(Unit, ca.parent_id).code == "R"


def test_every_walk_of_the_tree_survives_a_loop_stored_by_other_means(db: str, tmp_path: Path) -> None:
    from tasks.units import unit_tree

    import_units.fn(
        "file", str(_csv(tmp_path, "a.csv", ["R,Gốc,tinh,,", "CA,Cơ quan A,co_quan,R,", "CB,Cơ quan B,co_quan,CA,"]))
    )
    with session_scope() as s:  # a loop written straight into the database
        ca, cb = get_unit_by_code(session=s, code="CA"), get_unit_by_code(session=s, code="CB")
        ca.parent_id = cb.id
        s.add(ca)
    with session_scope() as s:
        assert {u.code for u in list_descendants(session=s, unit_id=cb.id)} == {"CA"}  # and the walk ends
    codes = []

    def walk(nodes: list[dict]) -> None:
        for n in nodes:
            codes.append(n["code"])
            walk(n["children"])

    walk(unit_tree())
    assert sorted(codes) == ["CA", "CB", "R"]  # each unit once, none dropped


def test_agencies_and_schools_hang_under_official_units(db: str, tmp_path: Path) -> None:
    import_units.fn("current", "Bắc Ninh")
    commune = next(u for u in _units_of("24") if u.name == "Xã Yên Thế")
    rows = ["SGD,Sở Giáo dục và Đào tạo,co_quan,24,", f"THYT,Trường Tiểu học Yên Thế,truong,{commune.code},"]
    result = import_units.fn("file", str(_csv(tmp_path, "co-quan.csv", rows)))
    assert result.inserted == 2
    with session_scope() as s:
        school = get_unit_by_code(session=s, code="THYT")
        assert s.get(Unit, school.parent_id).name == "Xã Yên Thế"
        province = get_unit_by_code(session=s, code="24")
        assert "SGD" in {u.code for u in list_descendants(session=s, unit_id=province.id)}


def _units_of(province_code: str) -> list[Unit]:
    with session_scope() as s:
        root = get_unit_by_code(session=s, code=province_code)
        return list_descendants(session=s, unit_id=root.id)


def test_names_and_codes_have_a_sane_length(db: str, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as exc:
        import_units.fn("file", str(_csv(tmp_path, "dai.csv", ["R,Gốc,tinh,,", f"X,{'A' * 10_000},truong,R,"])))
    assert "10000 ký tự" in " ".join(exc.value.problems)
    assert _count() == 0
