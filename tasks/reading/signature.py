"""Read the signature block: the authority a document is signed under, the signer's title and name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.reading.lines import Line
from tasks.reading.patterns import (
    AUTHORITY,
    NOI_NHAN,
    QUOC_HIEU,
    TIEU_NGU,
    clean,
    is_caps,
    rejoin_stray,
    type_of,
)

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
    if any(_run_in(ln.text) for ln in right):
        # a signature cell flattened onto one line that a PDF's narrow column then wrapped ("TM. ỦY BAN NHÂN DÂN KT.
        # CHỦ" / "TỊCH PHÓ CHỦ TỊCH (Đã ký) Lê" / "Thị Lan"): one line again, then read as one
        right = [Line(" ".join(ln.text.strip() for ln in right), "foot_right")]
    block = right or _wrapped_tail(_before_attachment([ln for ln in lines if ln.zone in ("body", "foot_left")])[-40:])
    block = [part for ln in block for part in _unflatten(ln)]
    right = [part for ln in right for part in _unflatten(ln)]
    sig = Signature()
    auth = [i for i, ln in enumerate(block) if _authority(ln.text)]
    if auth:
        # consecutive authority lines: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH"
        start = auth[-1]
        while start - 1 in auth:
            start -= 1
        sig.quyen_han_ky = " ".join(_authority(block[i].text) for i in range(start, auth[-1] + 1))
        rest = block[auth[-1] + 1 :]
        # an authority a narrow column wrapped: "KT. TRƯỞNG BAN BAN CHÍNH SÁCH," / "THUẾ QUỐC TẾ" (ending on a comma);
        # after KT. the title is a deputy's, so the lines in capitals before the deputy's title, or before the name
        # when none follows, are the authority's rest ("KT. TRƯỞNG BAN NGHIỆP VỤ" / "THUẾ HQ" / "PHÓ TRƯỞNG BAN")
        wrapped = _authority_rest(rest) if re.search(r"\bKT\. [^.]*$", sig.quyen_han_ky) else 0
        while rest and is_caps(rest[0].text) and (wrapped > 0 or sig.quyen_han_ky.endswith((",", "-", "–"))):
            sig.quyen_han_ky += " " + clean(rest[0].text)
            rest, wrapped = rest[1:], wrapped - 1
    elif right:
        rest = right
    else:
        title = next(
            (i for i in range(len(block) - 1, max(-1, len(block) - 7), -1) if _title_line(block[i].text)), None
        )
        if title is None:
            last = next((ln for ln in reversed(block[-4:]) if _is_name(ln.text)), None)
            sig.nguoi_ky = _without_note(clean(last.text)) if last else None
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
        if (
            len(rest) >= 2
            and _title_line(rest[0].text)
            and len(rest[0].text.split()) <= 4
            and not ORG_LINE.match(rest[0].text.strip())
            and _is_name(rest[1].text)
        ):
            # "PHÓ CHÁNH VĂN PHÒNG" / "THƯỜNG TRỰC" / the name: a title a narrow column wrapped
            sig.chuc_vu += " " + clean(rest[0].text)
            rest = rest[1:]
    name = next((clean(ln.text) for ln in rest if _is_name(ln.text)), None)
    sig.nguoi_ky = _without_note(name) if name else None
    return sig


# an authority inside a signature run into one line: "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH …"
INNER_AUTHORITY = re.compile(r"\s+(?=(?:T/M|TM|K/T|KT|T/L|TL|TUQ)\s*\.\s*[^\W\d_])")
SIGNED_MARK = re.compile(r"\s*\(\s*(?:đã ký|đã kí|ký|kí)[^)]{0,30}\)\s*", re.I)
# the title of a deputy, who signs KT. for the head
DEPUTY_TITLE = r"(?:PHÓ|THỨ TRƯỞNG)\b"
DEPUTY = re.compile("^" + DEPUTY_TITLE)


def _unflatten(ln: Line) -> list[Line]:
    """Split a signature block a page flattened onto one line into its lines: "CHỦ TỊCH Hoàng Quốc Khánh" →
    "CHỦ TỊCH" / "Hoàng Quốc Khánh"; "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Đã ký) Trương Việt Dũng" →
    "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / "Trương Việt Dũng". A line that is not the block's
    capitals followed by a name (or by another authority) is left as it is."""
    text = ln.text.strip()
    words = SIGNED_MARK.sub(" ", text).split()
    # the capitals the line opens with, and a name after them
    k = 0
    while k < len(words) and (not any(c.isalpha() for c in words[k]) or is_caps(words[k])):
        k += 1
    head, name = " ".join(words[:k]), " ".join(words[k:])
    if not head or not _title_or_authority(head) or name and not _is_name(name):
        return [ln]
    out = [t for part in INNER_AUTHORITY.split(head) for t in _authority_and_title(part)]
    if not name and len(out) == 1:
        return [ln]
    out += [name] if name else []
    return [Line(t, ln.zone, ln.bold, ln.italic, ln.centered) for t in out]


# the head a body's document is signed for ("TL. BỘ TRƯỞNG", "TUQ. CHỦ TỊCH", "TL. CHÁNH VĂN PHÒNG"): after it, what
# follows on the line is the signer's own title ("VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH", "CỤC TRƯỞNG CỤC …")
HEAD = (
    r"(?:BỘ TRƯỞNG|THỦ TƯỚNG|(?:PHÓ )?CHỦ TỊCH|TỔNG GIÁM ĐỐC|GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|CHỦ NHIỆM"
    r"|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|TRƯỞNG PHÒNG|THỐNG ĐỐC|TỔNG KIỂM TOÁN NHÀ NƯỚC"
    r"|TỔNG THANH TRA|CHÁNH THANH TRA|CHÁNH ÁN|TỔNG THƯ KÝ|BÍ THƯ|TRƯỞNG ĐOÀN)"
)
# the title of the one who signs for a body (TM.): its head, or the head's deputy ("TM. ĐOÀN CHỦ TỊCH …" is a body)
BODY_HEAD = r"(?<!ĐOÀN)\s+((?:PHÓ )?(?:CHỦ TỊCH|THỦ TƯỚNG|BÍ THƯ|TRƯỞNG BAN)(?: THƯỜNG TRỰC)?)$"
# what a signer's own title after TL./TUQ. opens with ("VỤ TRƯỞNG …", "CHÁNH VĂN PHÒNG"; not "NƯỚC" of "TL. CHỦ
# TỊCH NƯỚC", not a body's name "BỘ TÀI CHÍNH")
TITLE_START = re.compile(
    r"^(?:PHÓ|Q\.|QUYỀN|(?:VỤ|CỤC|TỔNG CỤC|CHI CỤC|VIỆN|HIỆU|KẾ TOÁN|THỦ) TRƯỞNG|TRƯỞNG|CHÁNH|(?:TỔNG )?GIÁM ĐỐC"
    r"|CHỦ NHIỆM|CHỦ TỊCH|(?:TỔNG )?THƯ KÝ)\b"
)


def _authority_and_title(part: str) -> list[str]:
    """Split an authority a page ran into the signer's title: "KT. BỘ TRƯỞNG THỨ TRƯỞNG" → "KT. BỘ TRƯỞNG" /
    "THỨ TRƯỞNG"; "TL. BỘ TRƯỞNG CỤC TRƯỞNG CỤC NGƯỜI CÓ CÔNG" → "TL. BỘ TRƯỞNG" / "CỤC TRƯỞNG CỤC NGƯỜI CÓ CÔNG";
    "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" → "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH". After KT. the title is the deputy's ("PHÓ
    …", "THỨ TRƯỞNG"); after TL. or TUQ. the head named first ends the authority; after TM. the body's head or his
    deputy is the title. An authority alone ("TL. BỘ TRƯỞNG", "TM. ỦY BAN NHÂN DÂN") is left as it is."""
    m = re.match(rf"^((?:T/L|TL|TUQ)\s*\.\s*{HEAD})\s+(\S.*)$", part)
    if m and not TITLE_START.match(m.group(2)):
        m = None
    m = (
        m
        or re.match(r"^((?:K/T|KT)\s*\.\s*.+?)\s+(" + DEPUTY_TITLE + r".*)$", part)
        or re.match(rf"^((?:T/M|TM)\s*\.\s*\S.*?){BODY_HEAD}", part)
    )
    if not m or not _title_line(m.group(2)):
        return [part]
    return [m.group(1), m.group(2)]


def _wrapped_tail(block: list[Line]) -> list[Line]:
    """Return the body's last lines with a signature a page flattened onto one line and a PDF's column then
    wrapped ("TM. ỦY BAN NHÂN DÂN KT. CHỦ" / "TỊCH PHÓ CHỦ TỊCH Nguyễn Thị" / "Thu Hà", with no footer columns to
    tell it apart) put on one line again, from its authority down."""
    for i in range(len(block) - 1, max(-1, len(block) - 6), -1):
        if not _authority(_caps_head(block[i].text)):
            continue
        if any(_run_in(ln.text) for ln in block[i:]):
            return block[:i] + [Line(" ".join(ln.text.strip() for ln in block[i:]), block[i].zone)]
        break
    return block


def _caps_head(text: str) -> str:
    """Return the words in capitals a line opens with ("TM. ỦY BAN NHÂN DÂN KT. CHỦ" of "… CHỦ Nguyễn Thị")."""
    words = SIGNED_MARK.sub(" ", text).split()
    k = 0
    while k < len(words) and (not any(c.isalpha() for c in words[k]) or is_caps(words[k])):
        k += 1
    return " ".join(words[:k])


def _run_in(text: str) -> bool:
    """Whether a line runs a signature's capitals into a name: words in capitals, then only words written as a
    name's ("CHỦ TỊCH Hoàng Quốc Khánh", "TỊCH PHÓ CHỦ TỊCH (Đã ký) Lê"; not "KT. GIÁM ĐỐC Sở Y tế")."""
    words = [w for w in SIGNED_MARK.sub(" ", text).split() if any(c.isalpha() for c in w)]
    k = 0
    while k < len(words) and is_caps(words[k]):
        k += 1
    rest = words[k:]
    return bool(k and 0 < len(rest) <= 6 and _title_or_authority(" ".join(words[:k])) and all(map(_name_word, rest)))


def _name_word(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def _title_or_authority(text: str) -> bool:
    return bool(_authority(text) or _title_line(text))


def _before_attachment(body: list[Line]) -> list[Line]:
    """Return the body up to the signer's name when an attached document with its own header follows it (the
    decision's "KT. THỦ TƯỚNG" / … / "Phạm Thị Thanh Trà", then "THỦ TƯỚNG CHÍNH PHỦ" / "CỘNG HÒA XÃ HỘI …" /
    "KẾ HOẠCH HÀNH ĐỘNG" …, or "QUY CHẾ CHUYÊN MÔN" / "(Ban hành kèm theo quyết định số …)"): the decision's own
    signature is the one read."""
    for j, ln in enumerate(body):
        # its header, the caption of rules issued with a decision ("(Ban hành kèm theo Quyết định số …)"), or its type
        # as a heading ("KẾ HOẠCH" / "XUẤT KHẨU SẢN PHẨM …": the plan a decision issues, set after its signature)
        if not (
            QUOC_HIEU.search(ln.text)
            or re.match(r"^\(\s*(?:Ban hành\s+)?kèm theo\b", ln.text, re.I)
            or is_caps(ln.text)
            and (found := type_of(ln.text)) is not None
            and not found[1]
        ):
            continue
        name = next((k for k in range(j - 1, max(-1, j - 4), -1) if _is_name(body[k].text)), None)
        if name is not None and any(_authority(b.text) or _title_line(b.text) for b in body[max(0, name - 4) : name]):
            return body[: name + 1]
    return body


def _authority_rest(rest: list[Line]) -> int:
    """After KT.: how many lines in capitals stand before the deputy's title ("PHÓ …", "THỨ TRƯỞNG") or, when none
    follows, before the signer's name; 0 when a line between is not in capitals or no name follows."""
    k = next((i for i, ln in enumerate(rest[:4]) if DEPUTY.match(ln.text.strip()) or _is_name(ln.text)), None)
    if not k or not all(is_caps(ln.text) for ln in rest[:k]):
        return 0
    if DEPUTY.match(rest[k].text.strip()) and not any(_is_name(ln.text) for ln in rest[k + 1 : k + 3]):
        return 0
    return k


def _without_note(name: str) -> str:
    """ "Nguyễn Mạnh Kiểm (Đã ký)": the name without the copy's note after it."""
    return SIGNED_MARK.sub(" ", name).strip()


def _signature_cell(lines: list[Line]) -> list[Line]:
    """Return the lines of a signature typed in a table the body ends with and not taken for a footer (no "Nơi
    nhận", no "TM."/"KT."): its last cell a title in capitals over a name ("THỦ TƯỚNG" / "Lê Minh Hưng")."""
    last = next((ln for ln in reversed(lines) if ln.zone in ("body", "table", "foot_left")), None)
    if last is None or last.zone != "table":
        return []
    cell = [t.strip() for t in last.text.split(" | ")[-1].split("\n") if t.strip()]
    if len(cell) == 1 and _run_in(cell[0]):
        # the signature cell flattened onto one line ("KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Sinh Hùng"), the cell
        # beside it (a Nơi nhận) empty
        return [Line(cell[0], "foot_right")]
    if len(cell) >= 2 and _is_name(cell[-1]) and _title_line(cell[0]):
        return [Line(t, "foot_right") for t in cell]
    if len(cell) == 1 and _is_name(cell[0]) and re.search(r"\((?:đã ký|đã kí)\)\s*$", cell[0], re.I):
        return [Line(cell[0], "foot_right")]  # "Nguyễn Mạnh Kiểm (Đã ký)": a copy's signature, the name alone
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
    t = _without_note(t)  # "Nguyễn Mạnh Kiểm (Đã ký)"
    t = rejoin_stray(t)  # "Đặ ng Văn Minh": a stored copy's stray spaces
    words = t.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in t) or t.endswith((":", ";", ",")):
        return False
    if re.match(r"^(TM|KT|TL|Q|Nơi|Lưu)\b", t) or is_caps(t):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())
