"""Read the signature block: the authority a document is signed under, the signer's title and name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.reading.lines import Line
from tasks.reading.patterns import AUTHORITY, NOI_NHAN, QUOC_HIEU, TIEU_NGU, clean, is_caps

PREFIX = {"T/M": "TM", "TM": "TM", "K/T": "KT", "KT": "KT", "T/L": "TL", "TL": "TL", "TUQ": "TUQ", "Q": "Q"}
# "TL. BỘ TRƯỞNG" / "KT. CHỦ TỊCH" / "ỦY BAN CHỨNG KHOÁN NHÀ NƯỚC" / "PHÓ CHỦ TỊCH": the body whose head the
# authority line names, on a line of its own between it and the title
ORG_LINE = re.compile(
    r"^(?:[UỦ]Y BAN|UỶ BAN|BỘ(?! TRƯỞNG)|SỞ|CỤC|TỔNG CỤC|BAN|VỤ|VIỆN|HỘI ĐỒNG|VĂN PHÒNG|TRƯỜNG|ĐẠI HỌC)\b"
)
SIGNED = re.compile(r"^\(?\s*(đã ký|đã kí|ký|kí tên|ký tên|ký, đóng dấu|ký, ghi rõ họ tên)[^)]*\)?\.?$", re.I)


@dataclass
class Signature:
    quyen_han_ky: str | None = None
    chuc_vu: str | None = None
    nguoi_ky: str | None = None


def read_signature(lines: list[Line]) -> Signature:
    """Return the signature block's authority, title and name (the foot's right column, else the last lines)."""
    right = [ln for ln in lines if ln.zone == "foot_right"] or _signature_cell(lines)
    block = right or _before_attachment([ln for ln in lines if ln.zone in ("body", "foot_left")])[-40:]
    sig = Signature()
    auth = [i for i, ln in enumerate(block) if _authority(ln.text)]
    if auth:
        # consecutive authority lines: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH"
        start = auth[-1]
        while start - 1 in auth:
            start -= 1
        sig.quyen_han_ky = " ".join(_authority(block[i].text) for i in range(start, auth[-1] + 1))
        rest = block[auth[-1] + 1 :]
    elif right:
        rest = right
    else:
        title = next(
            (i for i in range(len(block) - 1, max(-1, len(block) - 7), -1) if _title_line(block[i].text)), None
        )
        if title is None:
            last = next((ln for ln in reversed(block[-4:]) if _is_name(ln.text)), None)
            sig.nguoi_ky = clean(last.text) if last else None
            return sig
        rest = block[title:]
    rest = [ln for ln in rest if not SIGNED.match(ln.text.strip())]
    if (
        sig.quyen_han_ky
        and len(rest) >= 2
        and ORG_LINE.match(rest[0].text.strip())
        and _title_line(rest[0].text)
        and _title_line(rest[1].text)
        and not ORG_LINE.match(rest[1].text.strip())
    ):
        sig.quyen_han_ky += " " + clean(rest[0].text)
        rest = rest[1:]
    if rest and _title_line(rest[0].text):
        sig.chuc_vu = clean(rest[0].text)
        rest = rest[1:]
    sig.nguoi_ky = next((clean(ln.text) for ln in rest if _is_name(ln.text)), None)
    return sig


def _before_attachment(body: list[Line]) -> list[Line]:
    """Return the body up to the signer's name when an attached document with its own header follows it (the
    decision's "KT. THỦ TƯỚNG" / … / "Phạm Thị Thanh Trà", then "THỦ TƯỚNG CHÍNH PHỦ" / "CỘNG HÒA XÃ HỘI …" /
    "KẾ HOẠCH HÀNH ĐỘNG" …, or "QUY CHẾ CHUYÊN MÔN" / "(Ban hành kèm theo quyết định số …)"): the decision's own
    signature is the one read."""
    for j, ln in enumerate(body):
        # its header, or the caption of rules issued with a decision: "(Ban hành kèm theo Quyết định số …)"
        if not (QUOC_HIEU.search(ln.text) or re.match(r"^\(\s*(?:Ban hành\s+)?kèm theo\b", ln.text, re.I)):
            continue
        name = next((k for k in range(j - 1, max(-1, j - 4), -1) if _is_name(body[k].text)), None)
        if name is not None and any(_authority(b.text) or _title_line(b.text) for b in body[max(0, name - 4) : name]):
            return body[: name + 1]
    return body


def _signature_cell(lines: list[Line]) -> list[Line]:
    """Return the lines of a signature typed in a table the body ends with and not taken for a footer (no "Nơi
    nhận", no "TM."/"KT."): its last cell a title in capitals over a name ("THỦ TƯỚNG" / "Lê Minh Hưng")."""
    last = next((ln for ln in reversed(lines) if ln.zone in ("body", "table", "foot_left")), None)
    if last is None or last.zone != "table" or "\n" not in last.text:
        return []
    cell = [t.strip() for t in last.text.split(" | ")[-1].split("\n") if t.strip()]
    if len(cell) >= 2 and _is_name(cell[-1]) and _title_line(cell[0]):
        return [Line(t, "foot_right") for t in cell]
    return []


def _authority(text: str) -> str | None:
    m = AUTHORITY.match(text.strip())
    if not m or not is_caps(m.group(2)):
        return None
    return f"{PREFIX.get(m.group(1).upper(), m.group(1).upper())}. {clean(m.group(2))}"


def _title_line(text: str) -> bool:
    t = text.strip()
    return (
        is_caps(t)
        and len(t) < 80
        and not AUTHORITY.match(t)
        and not (QUOC_HIEU.search(t) or TIEU_NGU.search(t) or NOI_NHAN.match(t))
        and not re.match(r"^(PHỤ LỤC|DANH MỤC|XÁC NHẬN)\b", t)
    )


def _is_name(text: str) -> bool:
    t = re.sub(r"^\(?(Đã ký|đã ký|Ký|ký tên|ký, đóng dấu|Ký, ghi rõ họ tên)[^)]*\)?\s*", "", text.strip()).strip()
    words = t.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in t) or t.endswith((":", ";", ",")):
        return False
    if re.match(r"^(TM|KT|TL|Q|Nơi|Lưu)\b", t) or is_caps(t):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())
