"""Read the Nơi nhận: who must act on a document, who is only informed, and the archive copy."""

from __future__ import annotations

import re

from tasks.reading.lines import Line
from tasks.reading.patterns import ARCHIVE_ITEM, AUTHORITY, NOI_NHAN, clean, is_caps

ITEM = re.compile(r"^[-+•–]\s*")
INFORMED = re.compile(r"\(\s*(để\s*)?(b/c|bc|báo cáo|biết|đb|để biết|t/b)\s*\)|để biết|\bđể b/c\b|\(b/c\)", re.I)


def read_noi_nhan(lines: list[Line]) -> list[dict]:
    """Return the Nơi nhận items in order, each with its role: thuc_hien, de_biet or luu."""
    idx = next((i for i, ln in enumerate(lines) if ln.zone == "foot_left" and NOI_NHAN.match(ln.text)), None)
    if idx is None:
        idx = next((i for i, ln in enumerate(lines) if ln.zone != "tail" and NOI_NHAN.match(ln.text)), None)
    if idx is None:
        idx = _unlabelled(lines)
        if idx is None:
            return []
    zone = lines[idx].zone
    first = re.sub(r"^N[ơo]i\s+nh[ậa]n\s*:?\s*", "", lines[idx].text, flags=re.I)
    items = [ITEM.sub("", first)] if first else []
    # "Nơi nhận: - A; - B; - Lưu: VT.": the whole list run into its label's line ends there
    for ln in [] if items and _archive_last(items[-1]) else lines[idx + 1 :]:
        t = ln.text
        if zone.startswith("foot") and ln.zone != zone:
            continue
        if not zone.startswith("foot") and ln.zone != "body":
            break
        if ITEM.match(t):
            items.append(ITEM.sub("", t))
        elif zone.startswith("foot") and items and items[-1].endswith((";", ".")) and not AUTHORITY.match(t):
            items.append(t)  # items typed without a dash, one a line: "Các ấp;" / "Lưu: VT."
        elif (
            items
            and not items[-1].endswith((";", "."))
            and not (is_caps(t) or AUTHORITY.match(t))
            # (in the footer's own column a wrapped line is the item's however long: "Nghệ" / a new page / "An, Hà
            # Tĩnh, Quảng Trị, …" joined back into one line)
            and (len(t) < 90 or len(_run_in_items(t)) > 1 or ln.zone == "foot_left")
        ):
            items[-1] = f"{items[-1]} {t}"  # a wrapped line (of a list run into lines a page wrapped, long)
        elif not items and len(t) < 120 and not AUTHORITY.match(t) and not is_caps(t):
            items.append(t)
        else:
            break
        if _archive_last(items[-1]):
            break
    out: list[dict] = []
    for it in (part for item in items for part in _run_in_items(item)):
        text = clean(it)
        if not text:
            continue
        if NOTE.match(text) and out:
            # "(báo cáo)" on its own: the note of the item before, which a wrapped line parted from it
            text = f"{out.pop()['text']} {text}"
        if re.match(r"^lưu\b", text, re.I):
            role = "luu"
        elif INFORMED.search(text):
            role = "de_biet"
        else:
            role = "thuc_hien"
        out.append({"text": text, "role": role})
    return out


def _archive_last(item: str) -> bool:
    """Whether an item is the archive copy, or a list run into one line ends with it ("…; - Lưu: VT, NC.")."""
    return bool(re.match(r"^Lưu\b", item, re.I) or re.search(r"[;.]\s+[-+•–]\s*Lưu\b(?!\s+[a-zà-ỹđ])", item))


# an item's note in brackets after its semicolon: "Bộ Giáo dục và Đào tạo; (báo cáo) - Thường trực Tỉnh uỷ; …"
NOTE = re.compile(r"^\([^()]{1,40}\)$")


def _run_in_items(item: str) -> list[str]:
    """Split a list run into one line ("Bộ Công an (Cục A03 - để b/c); - Thường trực Tỉnh ủy (để b/c); - Lưu: VT.")
    into its items: at a dash after an item's ";" or ".", outside brackets (a dash inside them stays). A note in
    brackets after the semicolon ("Bộ Giáo dục và Đào tạo; (báo cáo) - Thường trực Tỉnh uỷ; (báo cáo) - …", the
    brace a page set beside the items flattened) stays with the item before the dash."""
    parts, depth, start = [], 0, 0
    for m in re.finditer(r"(?:(?<=[;.])|^)\s*(\([^()]{1,40}\))\s+[-+•–]\s+|[()]|(?<=[;.])\s+[-+•–]\s+", item):
        if m.group(1) and depth == 0:
            parts.append(item[start : m.end(1)])
            start = m.end()
        elif m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and not m.group(1):
            parts.append(item[start : m.start()])
            start = m.end()
    parts.append(item[start:])
    return [p for p in parts if p.strip()]


def _unlabelled(lines: list[Line]) -> int | None:
    """Return where a distribution list whose "Nơi nhận:" label was lost begins: items down to "- Lưu …"."""
    foot = [i for i, ln in enumerate(lines) if ln.zone == "foot_left"]
    if foot:
        ok = ITEM.match(lines[foot[0]].text) and any(ARCHIVE_ITEM.match(lines[i].text) for i in foot)
        return foot[0] if ok else None
    # loose lines: the last "- Lưu …" in the body and the items right above it
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].zone == "body"), None)
    if last is None:  # no body at all (an empty document, or one whose text Word keeps elsewhere)
        return None
    archive = next((i for i in range(last, max(-1, last - 12), -1) if ARCHIVE_ITEM.match(lines[i].text)), None)
    if archive is None:
        return None
    start = archive
    while start - 1 >= 0 and lines[start - 1].zone == "body" and ITEM.match(lines[start - 1].text):
        start -= 1
    return start if start < archive else None
