"""Who receives a plan: Nơi nhận lines or --to selectors resolved to units below the issuer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach import clock
from kehoach.text import fold, nfc
from models.org import (
    Unit,
    get_group,
    get_unit_by_code,
    list_children,
    list_descendants,
    list_group_units,
    list_groups,
    list_units,
)
from models.states import RecipientRole

KIND_WORDS = [
    # (folded words that name a class of units, the kind they mean)
    (("xa", "phuong", "thi tran"), "xa"),
    (("huyen", "thi xa", "thanh pho thuoc tinh", "quan"), "huyen"),
    (("chi bo", "dang bo bo phan"), "chi_bo"),
    (("truong", "co so giao duc"), "truong"),
    (("cong doan",), "cong_doan"),
    (("doan the", "mat tran", "doan thanh nien", "hoi phu nu", "hoi nong dan", "hoi cuu chien binh"), "doan_the"),
    (("co quan", "phong", "ban", "nganh", "so", "don vi"), "co_quan"),
]
PLURAL = re.compile(r"\b(cac|nhung|toan bo|tat ca)\b|\btruc thuoc\b")
LOCATIVE_TAIL = re.compile(r"\s+(thi xa|thanh pho|huyen|quan|tinh|xa|phuong|thi tran)$")


@dataclass
class Resolution:
    recipients: dict[int, dict] = field(default_factory=dict)  # unit id → {unit, role, source_line}
    unresolved: list[str] = field(default_factory=list)


def _add(res: Resolution, units: list[Unit], role: str, line: str) -> None:
    for u in units:
        cur = res.recipients.get(u.id)
        # acting beats being informed; the first line that names a unit is kept as its source
        if cur is None or (cur["role"] == RecipientRole.de_biet and role == RecipientRole.thuc_hien):
            res.recipients[u.id] = {"unit": u, "role": role, "source_line": line}


def _has_kind(text: str) -> bool:
    return any(re.search(rf"\b{w}\b", text) for words, _ in KIND_WORDS for w in words)


def _class_kinds(folded: str) -> list[str]:
    """Return the kinds of units a plural line names ("UBND các xã, phường" → xa), ignoring a trailing place."""
    text = re.sub(r"\b(tren|thuoc) dia ban\b.*$", "", folded).strip()
    while (m := LOCATIVE_TAIL.search(text)) and PLURAL.search(text[: m.start()]) and _has_kind(text[: m.start()]):
        text = text[: m.start()]
    return [kind for words, kind in KIND_WORDS if any(re.search(rf"\b{w}\b", text) for w in words)]


def resolve_lines(session, issuer: Unit, lines: list[dict]) -> Resolution:
    """Resolve Nơi nhận lines to units: classes below the issuer, groups, and units named in full."""
    today = clock.today()
    below = list_descendants(session=session, unit_id=issuer.id, on=today)
    everyone = [u for u in list_units(session=session, on=today) if u.id != issuer.id]
    names = sorted(((fold(u.name), u) for u in everyone), key=lambda p: -len(p[0]))
    groups = list(list_groups(session=session))
    res = Resolution()
    for item in lines:
        text, role = item["text"], item.get("role") or RecipientRole.thuc_hien
        if role == RecipientRole.luu:
            continue
        f = fold(text)
        if f in ("nhu tren", "nhu kinh gui", "nhu muc kinh gui"):
            continue  # the Kính gửi list, already resolved through its own lines
        group = get_group(session=session, name=nfc(text).strip(" -;.:"))
        if group is None:
            group = next((g for g in groups if fold(g.name) and fold(g.name) in f), None)
        if group is not None:
            _add(res, list(list_group_units(session=session, group_id=group.id)), role, text)
            continue
        named = [u for n, u in names if n and re.search(rf"\b{re.escape(n)}\b", f)]
        if named and not PLURAL.search(f):
            _add(res, named[:1], role, text)
            continue
        kinds = _class_kinds(f) if PLURAL.search(f) else []
        if re.search(r"\bcac (co quan )?don vi truc thuoc\b", f):
            units = list(list_children(session=session, unit_id=issuer.id, on=today))
        else:
            units = [u for u in below if u.kind in kinds]
        if units:
            _add(res, units, role, text)
            continue
        if named:
            _add(res, named[:1], role, text)
            continue
        res.unresolved.append(text)
    return res


def resolve_selectors(session, issuer: Unit, selectors: list[str]) -> Resolution:
    """Resolve --to selectors: unit codes, group names, `children`, `descendants`."""
    today = clock.today()
    res = Resolution()
    for sel in selectors:
        s = nfc(sel)
        if s == "children":
            units = list(list_children(session=session, unit_id=issuer.id, on=today))
        elif s == "descendants":
            units = list_descendants(session=session, unit_id=issuer.id, on=today)
        elif (g := get_group(session=session, name=s)) is not None:
            units = list(list_group_units(session=session, group_id=g.id))
        elif (u := get_unit_by_code(session=session, code=s, on=today)) is not None:
            units = [u]
        else:
            res.unresolved.append(s)
            continue
        _add(res, units, RecipientRole.thuc_hien, f"--to {s}")
    return res
