"""Read organisation trees (official packages, CSV, XLSX) into checked rows, and load them."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from prefect import task

from kehoach import clock
from kehoach.text import shown
from models.db import session_scope
from models.org import CURRENT_ERA, CURRENT_START, CUSTOM_ERA, LEGACY_END, LEGACY_ERA, upsert_units
from models.states import UNIT_KIND_LABELS

MAX_NAME = 300
MAX_CODE = 64
MAX_TABLE_BYTES = 20 * 2**20
EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
COLUMNS = ("code", "name", "kind", "parent_code", "email")


class ImportRejected(Exception):
    """The rows cannot be loaded; `problems` names every bad row (nothing was written)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    source: str
    rows: int
    inserted: int
    updated: int
    root_code: str | None


def _nfc(value: object) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _fold(text: str) -> str:
    """Fold a name for matching: no diacritics, no case, no 'tỉnh'/'thành phố' prefix."""
    t = unicodedata.normalize("NFD", _nfc(text).lower().replace("đ", "d"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    t = re.sub(r"^(tinh|thanh pho)\s+", "", t)
    return re.sub(r"\s+", " ", t).strip()


def _emails(code: str, domain: str | None) -> str:
    return f"{code}@{domain}" if domain else ""


# Current two-tier tree (vietnam-provinces)


def current_province_rows(province: str, *, email_domain: str | None = None) -> list[dict]:
    """Return rows for one province and its communes/wards, as of 1 July 2025."""
    from vietnam_provinces import Province, VietNamDivisionType, Ward

    wanted = _fold(province)
    matches = [p for p in Province.iter_all() if _fold(p.name) == wanted or f"{int(p.code):02d}" == province.strip()]
    if not matches:
        raise ImportRejected(
            [f"Không tìm thấy tỉnh/thành phố “{province}” trong danh mục 34 tỉnh, thành phố hiện hành."]
        )
    p = matches[0]
    pcode = f"{int(p.code):02d}"
    pname = p.name if p.division_type != VietNamDivisionType.TINH else f"Tỉnh {p.name}"
    rows = [{"code": pcode, "name": pname, "kind": "tinh", "parent_code": None, "emails": _emails(pcode, email_domain)}]
    for w in sorted((w for w in Ward.iter_all() if w.province_code == p.code), key=lambda w: int(w.code)):
        wcode = f"{int(w.code):05d}"
        rows.append(
            {
                "code": wcode,
                "name": _nfc(w.name),
                "kind": "xa",
                "parent_code": pcode,
                "emails": _emails(wcode, email_domain),
            }
        )
    for r in rows:
        r.update(era=CURRENT_ERA, valid_from=CURRENT_START, valid_to=None, source="vietnam-provinces")
    return rows


# Legacy three-tier tree (vietnamadminunits), with each commune's successor after the 2025 merger


def _vau_data_dir() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).resolve().parent / "data"


def _successor_codes(province_keys: set[str]) -> dict[str, str]:
    """Map legacy 'province_district_ward' keys to the 2025 ward code that succeeded them."""
    data_dir = _vau_data_dir()
    conv = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    new_provinces = {new for new, olds in conv["DICT_PROVINCE"].items() if province_keys & set(olds)}
    with sqlite3.connect(data_dir / "dataset.db") as con:
        codes = {
            (pk, wk): code
            for pk, wk, code in con.execute("SELECT DISTINCT provinceKey, wardKey, wardCode FROM admin_units")
        }
    out: dict[str, str] = {}
    for new_pk in new_provinces:
        for new_wk, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_pk, {}).items():
            for old in olds:
                if (new_pk, new_wk) in codes:
                    out.setdefault(old, codes[(new_pk, new_wk)])
        for old, news in conv["DICT_PROVINCE_WARD_DIVIDED"].get(new_pk, {}).items():
            default = next((n for n in news if n.get("isDefaultNewWard")), news[0] if news else None)
            if default and (new_pk, default["newWardKey"]) in codes:
                out[old] = codes[(new_pk, default["newWardKey"])]
    return out


def legacy_province_rows(province: str, *, email_domain: str | None = None) -> list[dict]:
    """Return rows for one province as it stood before 1 July 2025: province → district → commune."""
    with sqlite3.connect(_vau_data_dir() / "dataset.db") as con:
        con.row_factory = sqlite3.Row
        recs = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy ORDER BY districtCode, wardCode")]
    wanted = _fold(province)
    recs = [r for r in recs if _fold(r["province"]) == wanted or r["provinceCode"] == province.strip()]
    if not recs:
        raise ImportRejected(
            [f"Không tìm thấy tỉnh/thành phố “{province}” trong danh mục 63 tỉnh, thành phố trước 01/7/2025."]
        )
    successors = _successor_codes({recs[0]["provinceKey"]})
    first = recs[0]
    pcode = first["provinceCode"]
    rows = [
        {
            "code": pcode,
            "name": _nfc(first["province"]),
            "kind": "tinh",
            "parent_code": None,
            "emails": _emails(pcode, email_domain),
        }
    ]
    seen_d: set[str] = set()
    wards = []
    for r in recs:
        if r["districtCode"] not in seen_d:
            seen_d.add(r["districtCode"])
            rows.append(
                {
                    "code": r["districtCode"],
                    "name": _nfc(r["district"]),
                    "kind": "huyen",
                    "parent_code": pcode,
                    "emails": _emails(r["districtCode"], email_domain),
                }
            )
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        wards.append(
            {
                "code": r["wardCode"],
                "name": _nfc(r["ward"]),
                "kind": "xa",
                "parent_code": r["districtCode"],
                "emails": _emails(r["wardCode"], email_domain),
                "successor_code": successors.get(key),
            }
        )
    rows.extend(wards)
    for r in rows:
        r.update(era=LEGACY_ERA, valid_from=None, valid_to=LEGACY_END, source="vietnamadminunits")
    return rows


# Trees the operator keeps: CSV or XLSX with columns code, name, kind, parent_code, email


def read_table_file(path: Path) -> list[dict]:
    """Read a CSV or XLSX file into rows (row numbers as a spreadsheet shows them)."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ImportRejected([f"“{shown(path)}” là một thư mục, không phải tệp CSV hoặc XLSX."])
    if suffix in (".csv", ".xlsx", ".xlsm") and path.stat().st_size > MAX_TABLE_BYTES:
        raise ImportRejected(
            [f"Tệp “{shown(path.name)}” lớn hơn {MAX_TABLE_BYTES // 2**20} MB: không phải danh sách đơn vị."]
        )
    if suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected(
                [
                    f"Tệp “{shown(path.name)}” không ở mã UTF-8 nên tiếng Việt sẽ sai. "
                    "Trong Excel chọn Lưu thành → “CSV UTF-8 (phân cách bằng dấu phẩy)” rồi nạp lại."
                ]
            ) from None
        reader = csv.DictReader(io.StringIO(text))
        raw = [(i + 2, r) for i, r in enumerate(reader)]
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
            ws = wb.worksheets[0]
            it = ws.iter_rows(values_only=True)
            header = [str(h or "").strip().lower() for h in next(it, [])]
            raw = [(i + 2, dict(zip(header, vals, strict=False))) for i, vals in enumerate(it)]
            wb.close()
        except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
            raise ImportRejected(
                [
                    f"Tệp “{shown(path.name)}” không đọc được như bảng tính Excel (.xlsx): {type(exc).__name__}. "
                    "Mở tệp bằng Excel và lưu lại dạng .xlsx, hoặc xuất ra CSV UTF-8."
                ]
            ) from None
    else:
        raise ImportRejected([f"Tệp “{path.name}” không phải CSV hoặc XLSX."])
    missing = [c for c in ("code", "name", "kind", "parent_code") if c not in header]
    if missing:
        raise ImportRejected([f"Tệp “{path.name}” thiếu cột: {', '.join(missing)} (cần: {', '.join(COLUMNS)})."])
    rows = []
    for rowno, r in raw:
        r = {str(k).strip().lower(): v for k, v in r.items() if k is not None}
        if not any(_nfc(v) for v in r.values()):
            continue  # blank line
        rows.append(
            {
                "row": rowno,
                "code": _nfc(r.get("code")),
                "name": _nfc(r.get("name")),
                "kind": _nfc(r.get("kind")).lower(),
                "parent_code": _nfc(r.get("parent_code")) or None,
                "email": _nfc(r.get("email")),
            }
        )
    return rows


def check_rows(
    rows: list[dict], *, known_codes: set[str] = frozenset(), stored_parents: dict[str, str | None] | None = None
) -> list[dict]:
    """Check rows (duplicates, parents, cycles, names, kinds, e-mails); return them parents first.

    `known_codes` are units already in the system (any tree: a school may hang under an official commune);
    `stored_parents` maps the operator's stored units to their parents, so a file that closes a loop with
    units imported before is refused too. Raises ImportRejected naming every bad row.
    """
    problems: list[str] = []
    by_code: dict[str, dict] = {}
    for r in rows:
        where = f"Dòng {r['row']}"
        if not r["code"]:
            problems.append(f"{where}: thiếu mã đơn vị (cột code).")
            continue
        if r["code"] in by_code:
            problems.append(f"{where}: mã “{r['code']}” trùng với dòng {by_code[r['code']]['row']}.")
            continue
        by_code[r["code"]] = r
        if not r["name"]:
            problems.append(f"{where}: đơn vị “{r['code']}” chưa có tên (cột name).")
        elif len(r["name"]) > MAX_NAME:
            problems.append(f"{where}: tên đơn vị “{r['code']}” dài {len(r['name'])} ký tự (tối đa {MAX_NAME}).")
        if len(r["code"]) > MAX_CODE:
            problems.append(f"{where}: mã đơn vị dài {len(r['code'])} ký tự (tối đa {MAX_CODE}).")
        if r["kind"] not in UNIT_KIND_LABELS:
            problems.append(
                f"{where}: loại đơn vị “{r['kind']}” không hợp lệ; dùng một trong: {', '.join(UNIT_KIND_LABELS)}."
            )
        emails = [e.strip() for e in re.split(r"[,;\s]+", r["email"]) if e.strip()]
        bad = [e for e in emails if not EMAIL_RE.match(e)]
        if bad:
            problems.append(f"{where}: địa chỉ thư điện tử không hợp lệ: {', '.join(bad)}.")
        r["emails"] = ",".join(emails)
    for r in by_code.values():
        pc = r["parent_code"]
        if pc and pc not in by_code and pc not in known_codes:
            problems.append(
                f"Dòng {r['row']}: đơn vị cấp trên “{pc}” của “{r['code']}” không có trong tệp hay trong hệ thống."
            )
        if pc == r["code"]:
            problems.append(f"Dòng {r['row']}: đơn vị “{r['code']}” không thể là cấp trên của chính nó.")
    # cycles: follow parents through the file and, beyond it, through the units stored before
    parent_of = dict(stored_parents or {}) | {c: r["parent_code"] for c, r in by_code.items()}
    reported: set[str] = set()
    for r in by_code.values():
        seen, cur = [], r["code"]
        while cur is not None and cur in parent_of and cur not in seen:
            seen.append(cur)
            cur = parent_of[cur]
        if cur in seen and cur not in reported and parent_of[cur] != cur:
            loop = seen[seen.index(cur) :]
            reported.update(loop)
            in_file = [str(by_code[c]["row"]) for c in loop if c in by_code]
            stored = [c for c in loop if c not in by_code]
            where = f"Dòng {', '.join(in_file)}"
            also = f" cùng các đơn vị đã có trong hệ thống ({', '.join(stored)})" if stored else ""
            problems.append(f"{where}: vòng lặp cấp trên – cấp dưới{also} ({' → '.join([*loop, cur])}).")
    if problems:
        raise ImportRejected(problems)
    # parents first
    ordered, placed = [], set(known_codes)
    remaining = list(by_code.values())
    while remaining:
        nxt = [r for r in remaining if not r["parent_code"] or r["parent_code"] in placed]
        ordered.extend(nxt)
        placed.update(r["code"] for r in nxt)
        remaining = [r for r in remaining if r["code"] not in placed]
    return [
        {k: v for k, v in r.items() if k not in ("row", "email")} | {"era": CUSTOM_ERA, "source": "file"}
        for r in ordered
    ]


# Loading


def load_rows(rows: list[dict], *, source: str) -> ImportResult:
    """Write checked rows in one transaction (re-import updates, never duplicates)."""
    with session_scope() as session:
        inserted, updated = upsert_units(session=session, rows=rows, now=clock.now())
    root = next((r["code"] for r in rows if not r.get("parent_code")), None)
    return ImportResult(source=source, rows=len(rows), inserted=inserted, updated=updated, root_code=root)


def existing_codes() -> set[str]:
    """Return the codes of units a file may hang its units under: the operator's own and today's official tree."""
    from models.org import list_units

    with session_scope() as session:
        return {u.code for u in list_units(session=session, on=clock.today())}


def stored_parents() -> dict[str, str | None]:
    """Return each of the operator's stored units' parent code (for loops a new file would close)."""
    from models.org import list_parent_codes

    with session_scope() as session:
        return list_parent_codes(session=session, era=CUSTOM_ERA)


@task(name="import-units")
def import_units(kind: str, arg: str, email_domain: str | None = None) -> ImportResult:
    """Import an organisation tree.

    Args:
        kind: "current" (vietnam-provinces), "legacy" (vietnamadminunits) or "file" (CSV/XLSX path).
        arg: the province name or code, or the file path.
        email_domain: for trials, give each official unit the address <code>@<domain>.
    """
    if kind == "current":
        return load_rows(current_province_rows(arg, email_domain=email_domain), source="vietnam-provinces")
    if kind == "legacy":
        return load_rows(legacy_province_rows(arg, email_domain=email_domain), source="vietnamadminunits")
    path = Path(arg)
    stored = stored_parents()
    rows = check_rows(read_table_file(path), known_codes=existing_codes(), stored_parents=stored)
    return load_rows(rows, source=path.name)
