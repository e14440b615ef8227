"""Trees the operator keeps: CSV (UTF-8) or XLSX with columns code, name, kind, parent_code, email — read and
checked (duplicates, parents, loops with what is stored, names, kinds, addresses) before anything is written."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from kehoach.errors import ImportRejected
from kehoach.text import nfc, shown
from models.org import CUSTOM_ERA
from models.states import UNIT_KIND_LABELS

MAX_NAME = 300
MAX_CODE = 64
MAX_TABLE_BYTES = 20 * 2**20
EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
COLUMNS = ("code", "name", "kind", "parent_code", "email")


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
        if not any(nfc(v) for v in r.values()):
            continue  # blank line
        rows.append(
            {
                "row": rowno,
                "code": nfc(r.get("code")),
                "name": nfc(r.get("name")),
                "kind": nfc(r.get("kind")).lower(),
                "parent_code": nfc(r.get("parent_code")) or None,
                "email": nfc(r.get("email")),
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
