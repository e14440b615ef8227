"""Who receives a plan: Nơi nhận lines or --to selectors resolved to units below the issuer.

A line resolves to exactly what it says: a class of units ("UBND các xã, phường"), the units it names after a
class word ("UBND các xã: Yên Thế, Bố Hạ"), a group, or one unit named in full. A line that cannot be resolved is
listed for the operator, never widened to a whole class.
"""

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
    (("xa", "phuong", "thi tran", "dac khu"), "xa"),
    (("huyen", "thi xa", "thanh pho thuoc tinh", "quan"), "huyen"),
    (("chi bo", "dang bo bo phan", "dang bo co so"), "chi_bo"),
    (("truong", "co so giao duc"), "truong"),
    (("cong doan", "cong doan co so"), "cong_doan"),
    (("doan the", "to chuc chinh tri xa hoi", "hoi doan the"), "doan_the"),
    (("co quan", "phong", "ban", "nganh", "so", "don vi", "phong ban"), "co_quan"),
]
# the words that may sit between class words: "các xã, phường và thị trấn", "các cơ quan, đơn vị"
JOINERS = {"va", "cac", "hoac"}
PLURAL = re.compile(r"\b(cac|nhung|toan bo|tat ca)\b")
LOCATIVE = re.compile(r"\s+(?:thuộc|trực thuộc|trên địa bàn|tại|ở|trong)\s+.*$", re.IGNORECASE)
ORG_PREFIX = re.compile(r"^(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|dang uy|ban chap hanh|bch|dong chi|d c)\s+")
CHILDREN = re.compile(r"\bcac (?:co quan )?(?:don vi|co quan)(?: chuyen mon)? truc thuoc\b")
AS_ABOVE = {"nhu tren", "nhu kinh gui", "nhu muc kinh gui", "nhu dieu 3", "nhu dieu 2"}


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


_KIND_PHRASES = sorted(((w.split(), kind) for words, kind in KIND_WORDS for w in words), key=lambda p: -len(p[0]))


def _walk_class(words: list[str]) -> tuple[list[str], int]:
    """Consume class words from the start of folded words; return the kinds and how many words they took."""
    kinds: list[str] = []
    i = taken = 0
    while i < len(words):
        if words[i] in JOINERS:
            i += 1
            continue
        for phrase, kind in _KIND_PHRASES:
            if words[i : i + len(phrase)] == phrase:
                if kind not in kinds:
                    kinds.append(kind)
                i += len(phrase)
                taken = i
                break
        else:
            break
    return kinds, taken


def class_kinds(folded_phrase: str) -> list[str]:
    """Return the kinds a class phrase names, read from its start ("xa phuong va thi tran" → [xa]); [] if none.

    Words after the class words (a qualifier such as "mầm non") end the phrase; a phrase that does not start with
    a class word ("đồng chí Ủy viên Ban Thường vụ") names no class.
    """
    return _walk_class(folded_phrase.split())[0]


def _split_class_line(text: str) -> tuple[list[str], list[str]] | None:
    """Split a plural line into the kinds it names and the names listed after them, or None if it is no class line.

    "UBND các xã: Yên Thế, Bố Hạ, Nhã Nam" → ([xa], [Yên Thế, Bố Hạ, Nhã Nam]); "UBND các xã, phường" → ([xa], []).
    """
    t = LOCATIVE.sub("", nfc(text).strip(" -;.")).strip()
    m = re.search(r"(?i)\b(các|những|toàn bộ|tất cả)\s+", t)
    if not m:
        return None
    rest = t[m.end() :]
    words = list(re.finditer(r"\w+", rest))
    kinds, taken = _walk_class([fold(w.group()) for w in words])
    if not kinds:
        return None
    tail = rest[words[taken].start() :] if taken < len(words) else ""
    # names follow the class words, written with capitals: "xã: Yên Thế, Bố Hạ" or "xã Long Toàn và Long Hữu";
    # lower-case words are a qualifier ("trường mầm non", "cơ quan có liên quan"), not names
    if not tail or not tail[0].isupper():
        return kinds, []
    names = [n.strip(" .;:()") for n in re.split(r",|;|\bvà\b", tail)]
    return kinds, [n for n in names if n]


def _line_key(text: str) -> str:
    """Fold a line for comparing with a unit's or a group's name: no punctuation, parentheses or "UBND" prefix."""
    key = fold(re.sub(r"\([^)]*\)", " ", text))
    while (m := ORG_PREFIX.match(key)) is not None:
        key = key[m.end() :]
    return key


def _named(units: list[Unit], name: str) -> list[Unit]:
    """Return the units whose name is `name`, with or without its kind word ("Yên Thế" → "Xã Yên Thế")."""
    key = fold(name)
    exact = [u for u in units if fold(u.name) == key]
    return exact or [u for u in units if fold(u.name).endswith(" " + key)]


def resolve_lines(session, issuer: Unit, lines: list[dict]) -> Resolution:
    """Resolve Nơi nhận lines to units: classes below the issuer, units listed by name, groups, units named in full."""
    today = clock.today()
    below = list_descendants(session=session, unit_id=issuer.id, on=today)
    everyone = [u for u in list_units(session=session, on=today) if u.id != issuer.id]
    by_name: dict[str, list[Unit]] = {}
    for u in everyone:
        by_name.setdefault(fold(u.name), []).append(u)
    groups = {fold(g.name): g for g in list_groups(session=session)}
    res = Resolution()
    for item in lines:
        text, role = item["text"], item.get("role") or RecipientRole.thuc_hien
        if role == RecipientRole.luu:
            continue
        key = _line_key(text)
        if key in AS_ABOVE:
            continue  # the Kính gửi list, already resolved through its own lines
        group = get_group(session=session, name=nfc(text).strip(" -;.:")) or groups.get(key)
        if group is not None:
            _add(res, list(list_group_units(session=session, group_id=group.id)), role, text)
            continue
        if CHILDREN.search(fold(text)):
            _add(res, list(list_children(session=session, unit_id=issuer.id, on=today)), role, text)
            continue
        split = _split_class_line(text) if PLURAL.search(fold(text)) else None
        if split is not None:
            kinds, names = split
            of_kind = [u for u in below if u.kind in kinds]
            if not names:
                if of_kind:
                    _add(res, of_kind, role, text)
                else:
                    res.unresolved.append(text)
                continue
            missing = []
            for name in names:
                found = _named(of_kind, name)
                if len(found) == 1:
                    _add(res, found, role, text)
                else:
                    missing.append(name if not found else f"{name} (trùng tên {len(found)} đơn vị)")
            if missing:
                res.unresolved.append(f"{nfc(text)} — chưa xác định: {', '.join(missing)}")
            continue
        named = by_name.get(key, [])
        if len(named) == 1:
            _add(res, named, role, text)
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
