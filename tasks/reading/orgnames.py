"""Write a body's name as a person writes it in a sentence ("Ủy ban nhân dân tỉnh Sóc Trăng"), not in the
capitals of a header ("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG"): the rules of Nghị định 30, Phụ lục II (the kind of
body and its field take a capital on their first word, an administrative level is lower case, a place name
takes a capital on every syllable); where the document writes the name in its own text, that spelling wins."""

from __future__ import annotations

import re
import unicodedata

# Kinds of body, as a header writes them → as a sentence writes them (longest first when matched)
KINDS = {
    "ỦY BAN NHÂN DÂN": "Ủy ban nhân dân",
    "UỶ BAN NHÂN DÂN": "Uỷ ban nhân dân",
    "HỘI ĐỒNG NHÂN DÂN": "Hội đồng nhân dân",
    "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "ỦY BAN MTTQ VIỆT NAM": "Ủy ban MTTQ Việt Nam",
    "ỦY BAN KIỂM TRA": "Ủy ban Kiểm tra",
    "ỦY BAN THƯỜNG VỤ": "Ủy ban Thường vụ",
    "THỦ TƯỚNG CHÍNH PHỦ": "Thủ tướng Chính phủ",
    "VĂN PHÒNG CHÍNH PHỦ": "Văn phòng Chính phủ",
    "CHÍNH PHỦ": "Chính phủ",
    "QUỐC HỘI": "Quốc hội",
    "BAN CHẤP HÀNH": "Ban Chấp hành",
    "BCH": "BCH",
    "BTV": "BTV",
    "BAN THƯỜNG VỤ": "Ban Thường vụ",
    "BAN THƯỜNG TRỰC": "Ban Thường trực",
    "BAN BÍ THƯ": "Ban Bí thư",
    "BAN CHỈ ĐẠO": "Ban Chỉ đạo",
    "BCĐ": "BCĐ",
    "BAN ĐIỀU HÀNH": "Ban Điều hành",
    "BAN VẬN ĐỘNG": "Ban Vận động",
    "BAN GIÁM HIỆU": "Ban Giám hiệu",
    "ĐẢNG ỦY": "Đảng ủy",
    "ĐẢNG UỶ": "Đảng uỷ",
    "ĐẢNG BỘ": "Đảng bộ",
    "CHI BỘ": "Chi bộ",
    "ĐẢNG ĐOÀN": "Đảng đoàn",
    "BAN CÁN SỰ ĐẢNG": "Ban cán sự đảng",
    "THÀNH ỦY": "Thành ủy",
    "TỈNH ỦY": "Tỉnh ủy",
    "HUYỆN ỦY": "Huyện ủy",
    "THỊ ỦY": "Thị ủy",
    "QUẬN ỦY": "Quận ủy",
    "THÀNH UỶ": "Thành uỷ",
    "TỈNH UỶ": "Tỉnh uỷ",
    "HUYỆN UỶ": "Huyện uỷ",
    "LIÊN ĐOÀN LAO ĐỘNG": "Liên đoàn Lao động",
    "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM": "Tổng Liên đoàn Lao động Việt Nam",
    "CÔNG ĐOÀN CƠ SỞ": "Công đoàn cơ sở",
    "CĐCS": "CĐCS",
    "CÔNG ĐOÀN": "Công đoàn",
    # "LĐLĐ HUYỆN NÚI THÀNH" over "CĐ TRƯỜNG MG SAO BIỂN": the labour federation and a trade union, abbreviated
    "LĐLĐ": "LĐLĐ",
    "CĐ": "CĐ",
    # "HỘI LHPN XÃ CHỈ ĐẠO" over "CHI HỘI PN THÔN ĐÔNG MAI": a village branch of an association or of the Youth Union
    "CHI HỘI": "Chi hội",
    "CHI ĐOÀN": "Chi đoàn",
    "HỘI LIÊN HIỆP PHỤ NỮ": "Hội Liên hiệp Phụ nữ",
    "HỘI NÔNG DÂN": "Hội Nông dân",
    "HỘI CỰU CHIẾN BINH": "Hội Cựu chiến binh",
    "HỘI CHỮ THẬP ĐỎ": "Hội Chữ thập đỏ",
    "HỘI KHUYẾN HỌC": "Hội Khuyến học",
    "ĐOÀN TNCS HỒ CHÍ MINH": "Đoàn TNCS Hồ Chí Minh",
    "ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH": "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "THÀNH ĐOÀN": "Thành đoàn",
    "TỈNH ĐOÀN": "Tỉnh đoàn",
    "HUYỆN ĐOÀN": "Huyện đoàn",
    "ĐOÀN": "Đoàn",
    "HỘI": "Hội",
    "SỞ": "Sở",
    "PHÒNG": "Phòng",
    "BỘ": "Bộ",
    "TỔNG CỤC": "Tổng cục",
    "CỤC": "Cục",
    "VỤ": "Vụ",
    "VIỆN": "Viện",
    "VĂN PHÒNG": "Văn phòng",
    "BAN": "Ban",
    "TIỂU BAN": "Tiểu ban",  # a board's sub-committee: "TIỂU BAN THI ĐUA – KHEN THƯỞNG"
    "TRUNG TÂM": "Trung tâm",
    "BỆNH VIỆN": "Bệnh viện",
    "CÔNG AN": "Công an",
    "TRƯỜNG": "Trường",
    # the Pioneers: a school's brigade and class units, the council over them ("HĐĐ HUYỆN …")
    "LIÊN ĐỘI": "Liên đội",
    "CHI ĐỘI": "Chi đội",
    "HỘI ĐỒNG ĐỘI": "Hội đồng Đội",
    "HĐĐ": "HĐĐ",
    "THANH TRA": "Thanh tra",
    "KHO BẠC NHÀ NƯỚC": "Kho bạc Nhà nước",
    "BẢO HIỂM XÃ HỘI": "Bảo hiểm xã hội",
    "CHI CỤC": "Chi cục",
    # the tax offices since 2025: "CỤC THUẾ" over "THUẾ TỈNH TÂY NINH", "THUẾ CƠ SỞ 3 …"
    "THUẾ": "Thuế",
    "ĐÀI PHÁT THANH": "Đài Phát thanh",
    "BAN QUẢN LÝ": "Ban Quản lý",
}
# Kinds whose name goes on with a field ("Sở Giáo dục và Đào tạo"), or with a school level ("Trường Mầm non …")
FIELD_KINDS = {
    "Sở",
    "Phòng",
    "Bộ",
    "Tổng cục",
    "Cục",
    "Vụ",
    "Viện",
    "Ban",
    "Tiểu ban",
    "Trung tâm",
    "Chi cục",
    "Công đoàn",
    "CĐ",
    "Hội",
    "Thanh tra",
    "Văn phòng",
    "Ban Quản lý",
}
# Kinds whose field is written in lower case ("Ban Chỉ đạo xây dựng nông thôn mới xã …")
LOWER_FIELD_KINDS = {"Ban Chỉ đạo", "BCĐ"}
# Kinds named by the school (or unit) they belong to ("CĐCS Mầm non II", "Công đoàn cơ sở Trường …")
UNIT_KINDS = {"Trường", "CĐCS", "Công đoàn cơ sở", "Liên đội", "Chi đội"}
LEVELS = {
    "THÀNH PHỐ": "thành phố",
    "THỊ XÃ": "thị xã",
    "THỊ TRẤN": "thị trấn",
    "TỈNH": "tỉnh",
    "HUYỆN": "huyện",
    "QUẬN": "quận",
    "XÃ": "xã",
    "PHƯỜNG": "phường",
    "THÔN": "thôn",  # "CHI HỘI PN THÔN ĐÔNG MAI": a village ("NÔNG THÔN" is a field, not a level)
    "TP.": "TP.",
    "TX.": "TX.",
}
SCHOOL_LEVELS = {
    "MẦM NON": "Mầm non",
    "MẪU GIÁO": "Mẫu giáo",
    "TIỂU HỌC": "Tiểu học",
    "TRUNG HỌC CƠ SỞ": "Trung học cơ sở",
    "TRUNG HỌC PHỔ THÔNG": "Trung học phổ thông",
    "PHỔ THÔNG DÂN TỘC NỘI TRÚ": "Phổ thông Dân tộc nội trú",
    "PHỔ THÔNG DÂN TỘC BÁN TRÚ": "Phổ thông Dân tộc bán trú",
    "CAO ĐẲNG": "Cao đẳng",
    "ĐẠI HỌC": "Đại học",
    "TRUNG CẤP": "Trung cấp",
    "THCS": "THCS",
    "THPT": "THPT",
    "TH": "TH",
    "MN": "MN",
    "TH&THCS": "TH&THCS",
}
# words a field writes in a fixed way
FIXED = {
    "CHÍNH PHỦ": "Chính phủ",
    "TRUNG ƯƠNG": "Trung ương",
    "CÔNG THƯƠNG": "Công Thương",
    "VIỆT NAM": "Việt Nam",
    "NHÀ NƯỚC": "Nhà nước",
    "QUỐC HỘI": "Quốc hội",
}
COORD = {"VÀ", "-", "–", "&", ","}
VOWELS = set("AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ")


def fold(text: str) -> str:
    """Lower case, one tone placement ("uỷ" = "ủy"), single spaces: for comparing names."""
    t = unicodedata.normalize("NFD", text.lower())
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", t.replace("đ", "d")).strip()


def _title(word: str) -> str:
    if _is_abbreviation(word):
        return word
    return word[:1].upper() + word[1:].lower()


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word.upper() if c.isalpha()]
    return (
        bool(letters)
        and (
            not any(c in VOWELS for c in letters) or any(ch in word for ch in "&.") or any(ch.isdigit() for ch in word)
        )
        or word in {"UBND", "HĐND", "TNCS", "MTTQ", "THCS", "THPT", "GDĐT", "CNTT"}
        or bool(re.fullmatch(r"[IVX]{1,4}", word))  # "MẦM NON II": a Roman numeral
    )


def _match(words: list[str], i: int, table: dict[str, str]) -> tuple[str, int] | None:
    for n in range(min(7, len(words) - i), 0, -1):
        key = " ".join(words[i : i + n])
        if key in table:
            return table[key], n
    return None


def sentence_case(caps: str, names: frozenset[str] = frozenset()) -> str:
    """Write an upper-case name of a body as a sentence writes it, by the rules of Nghị định 30; `names` are the
    pairs of words (folded) the document writes as a proper name, each word with its capital ("Trường Sơn")."""
    words = caps.split()
    out: list[str] = []
    i = 0
    # kind: a kind of body may come; field: its field; field_on: inside the field; school; name: a proper name
    mode = "kind"
    while i < len(words):
        pair = fold(" ".join(words[i : i + 2])) if mode in ("field", "field_on") and i + 1 < len(words) else ""
        if pair in names and not _match(words, i, FIXED):
            # "HỘI TRUYỀN THỐNG TRƯỜNG SƠN ĐƯỜNG HỒ CHÍ MINH": the field has reached a name of a place or a person
            # ("Bộ đội Trường Sơn" in the text); it and the words after it keep their capitals
            mode = "name"
        if mode == "name" and _written_lower(words, i, names):
            mode = "field_on"  # "PHÒNG CHỐNG DỊCH BỆNH" where the text writes "Phòng Chống dịch bệnh"
        if mode == "name" and not _match(words, i, LEVELS) and words[i] not in COORD and not _match(words, i, FIXED):
            out.append(_place(words[i]))
            i += 1
            continue
        lvl = _match(words, i, LEVELS)
        # "XÃ HỘI" is a field, "HUYỆN ỦY" a party committee: neither is an administrative level
        if lvl and words[i - 1 : i] == ["NÔNG"]:
            lvl = None
        if lvl and mode != "school" and not set(words[i + 1 : i + 2]) & {"HỘI", "ỦY", "UỶ", "ĐOÀN"}:
            written, n = lvl
            rest = words[i + n :]
            # "QUẬN 1", "PHƯỜNG 3": a numbered unit keeps its capital
            out.append(_title(written) if rest and rest[0][:1].isdigit() else written)
            out.extend(_place(w) for w in rest)
            break
        kind = _match(words, i, KINDS)
        nested = mode == "field" and kind and kind[0] not in ("Ban", "Hội", "Đoàn", "Văn phòng", "Công an", "Vụ")
        if kind and (mode == "kind" or nested):
            written, n = kind
            # "CHI ĐOÀN TRƯỜNG TH …", "CHI BỘ TRƯỜNG …": the school a unit belongs to, "trường" a common noun there
            out.append("trường" if written == "Trường" and out else written)
            i += n
            mode = (
                "school"
                if written in UNIT_KINDS
                else "field_on"
                if written in LOWER_FIELD_KINDS
                else "field"
                if written in FIELD_KINDS
                else "kind"
            )
            continue
        if mode == "school":
            if words[i] == "TRƯỜNG" and i + 1 < len(words):
                out.append("trường")  # "CĐCS TRƯỜNG THPT …": the school the union belongs to
                i += 1
            level = _match(words, i, SCHOOL_LEVELS)
            if level:
                out.append(level[0])
                i += level[1]
            # "TRƯỜNG TH SỐ 2 QUẢNG PHÚ": "số" before the school's number is a common noun
            out.extend(
                "số" if w == "SỐ" and k + 1 < len(words) and words[k + 1][:1].isdigit() else _place(w)
                for k, w in enumerate(words[i:], start=i)
            )
            break
        fixed = _match(words, i, FIXED)
        if fixed:
            out.append(fixed[0])
            i += fixed[1]
            mode = "field_on" if mode in ("field", "field_on") else mode
            continue
        w = words[i]
        if w in COORD:
            out.append(w.lower())
            mode = "field" if mode == "field_on" else mode
        else:
            out.append(_field_word(w, first=mode != "field_on"))
            mode = "field_on" if mode in ("field", "field_on") else "kind"
            if w.endswith(",") and mode == "field_on" and out[0] in ("Bộ", "Sở", "Phòng", "Cục", "Tổng cục", "Chi cục"):
                mode = "field"  # "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH": each field a ministry's name lists has its capital
        i += 1
    return re.sub(r" ,", ",", " ".join(out))


def _field_word(word: str, *, first: bool) -> str:
    # "GIÁO DỤC-ĐÀO TẠO": each part after a hyphen opens a new field
    parts = word.split("-")
    head = _title(parts[0]) if first else (parts[0] if _is_abbreviation(parts[0]) else parts[0].lower())
    return "-".join([head, *(_title(p) for p in parts[1:])])


def _place(word: str) -> str:
    return "-".join(_title(p) for p in word.split("-"))


def as_written(caps: str, text: str) -> str:
    """Return the body's name as the document itself writes it in a sentence, else by the rules."""
    spaced = re.sub(r"(?<=\w)\s*([-–])\s*(?=\w)", r" \1 ", caps)
    if spaced != caps and fold(spaced) in fold(text) and fold(caps) not in fold(text):
        caps = spaced  # "BỘ LAO ĐỘNG-THƯƠNG BINH …" where the text writes "Bộ Lao động - Thương binh …"
    target = fold(caps)
    mid_sentence = None
    if target:
        words = text.split()
        n = len(caps.split())
        folded = [fold(w.strip(",.;:()“”\"'")) for w in words]
        for size in (n, n - 1, n + 1):
            if size <= 0:
                continue
            written: list[str] = []  # the name as each sentence writes it, its first letter a capital
            for i in range(len(words) - size + 1):
                if " ".join(folded[i : i + size]) == target:
                    found = " ".join(words[i : i + size]).strip(" ,.;:")
                    if found.endswith(")") and "(" not in found:  # "(… của Ủy ban nhân dân xã Xuân Phú)"
                        found = found[:-1]
                    if _marks(found) < _marks(caps):
                        continue  # "Sở Giao duc và Đao tao": a text whose tone marks came loose lost them, not the name
                    if any(len(w) > 1 and w.isupper() and not _is_abbreviation(w) for w in found.split()[1:]):
                        continue  # "Trường THCS AN PHÚ": a name the sentence kept in the header's capitals
                    if size == n:
                        found = _header_spelling(found, caps)
                    if not _all_caps(found) and found[:1].isupper():
                        written.append(found)
                        continue
                    if mid_sentence is None and found[:1].islower() and any(c.isupper() for c in found[1:]):
                        # "…, trường THPT chuyên Lê Quý Đôn xây dựng …": the name in mid-sentence, its first letter
                        # as a name begins, if the text never writes it with its capital
                        mid_sentence = found[:1].upper() + found[1:]
            if written:
                # "Trung tâm phục vụ hành chính công" once, "Trung tâm Phục vụ hành chính công" three times: the way
                # the text writes it most
                return max(written, key=written.count)
        if mid_sentence:
            return mid_sentence
        if unit := _union_unit_as_written(caps, words, folded):
            return unit
    return sentence_case(caps, _proper_names(text))


def _header_spelling(found: str, caps: str) -> str:
    """Keep the header's placing of tone marks ("UỶ BAN" is "Uỷ ban" where a sentence writes "Ủy ban"): both
    spellings are in use, and the letterhead's is the body's own; the text gives the case."""
    words, heads = found.split(), caps.split()
    if len(words) != len(heads):
        return found
    out = []
    for w, c in zip(words, heads, strict=True):
        if w.lower() != c.lower() and sorted(_mark_list(w)) == sorted(_mark_list(c)):
            c = c.lower()
            w = c if w.islower() else c[:1].upper() + c[1:] if w[:1].isupper() and w[1:].islower() else w
        out.append(w)
    return " ".join(out)


def _mark_list(word: str) -> list[str]:
    return [c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) == "Mn"]


def _marks(text: str) -> int:
    """Return how many marks a text's letters carry (tone and vowel marks, "đ"): a spelling with fewer than the
    header's lost some."""
    t = unicodedata.normalize("NFD", text)
    return sum(unicodedata.category(c) == "Mn" for c in t) + sum(c in "đĐ" for c in t)


# a school's trade union, as a header abbreviates it and as a text writes it whole
UNION_KINDS = ("CÔNG ĐOÀN CƠ SỞ", "CĐCS", "CÔNG ĐOÀN", "CĐ")
UNION_FORMS = ("cong doan co so", "cdcs", "cong doan", "cd")


def _union_unit_as_written(caps: str, words: list[str], folded: list[str]) -> str | None:
    """Return a school's trade union named as the text writes it with its kind another way: "CĐCS TRƯỜNG THPT NGỌC
    TỐ" where the text writes "Công đoàn trường THPT Ngọc Tố" is "CĐCS trường THPT Ngọc Tố", the kind as the header
    has it, the unit it belongs to as the text spells it."""
    kind = next((k for k in UNION_KINDS if caps.startswith(k + " ")), None)
    if not kind:
        return None
    unit = fold(caps[len(kind) :]).split()
    m = len(unit)
    spellings = []
    for i in range(1, len(words) - m + 1):
        if folded[i : i + m] != unit:
            continue
        before = " ".join(folded[max(0, i - 4) : i])
        if not any(before == f or before.endswith(" " + f) for f in UNION_FORMS):
            continue
        found = " ".join(words[i : i + m]).strip(" ,.;:()“”\"'")
        if not _all_caps(found):
            spellings.append(found)
    if not spellings:
        return None
    # spelt two ways ("Trường MG sao Biển", "Trường MG Sao Biển"): a name's capital is lost by a slip, not added
    return f"{KINDS[kind]} {max(spellings, key=lambda t: sum(c.isupper() for c in t))}"


def _proper_names(text: str) -> frozenset[str]:
    """Return the pairs of words a text writes as a proper name in mid-sentence, each with its capital: "… Ngày
    Truyền thống Bộ đội Trường Sơn …" gives "bo doi", "doi truong", "truong son" (folded); and, marked "~", the
    pairs it writes in lower case ("~dich benh")."""
    words = [w.strip(",.;:()“”\"'!?") for w in text.split()]
    raw = text.split()
    pairs = set()
    for k in range(1, len(words) - 1):
        a, b = words[k], words[k + 1]
        if (
            _titled_word(a)
            and _titled_word(b)
            and not raw[k - 1].endswith((".", ":", ";", "!", "?"))
            and not raw[k].endswith((",", ".", ":", ";", ")"))
        ):
            pairs.add(fold(f"{a} {b}"))
        elif a.isalpha() and b.isalpha() and a.islower() and b.islower():
            pairs.add("~" + fold(f"{a} {b}"))  # written in lower case: a name does not reach these words
    return frozenset(pairs)


def _written_lower(words: list[str], i: int, names: frozenset[str]) -> bool:
    """Whether the text writes this word in lower case beside its neighbour ("dịch bệnh")."""
    pairs = [" ".join(words[k : k + 2]) for k in (i - 1, i) if k >= 0 and k + 1 < len(words)]
    return any("~" + fold(p) in names for p in pairs)


def _titled_word(word: str) -> bool:
    # "Sơn", "Hồ": a capital, then lower-case letters (not "UBND", not "Đ")
    return len(word) > 1 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
