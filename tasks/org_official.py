"""Official organisation trees: today's two tiers (vietnam-provinces) and the tree before 1 July 2025
(vietnamadminunits), with each old commune's successor."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from pathlib import Path

from kehoach.errors import ImportRejected
from models.org import CURRENT_ERA, CURRENT_START, LEGACY_END, LEGACY_ERA


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
