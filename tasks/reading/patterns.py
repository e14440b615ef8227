"""The fixed words and marks of a Nghị định 30 document: motto, types, authority prefixes, list markers."""

from __future__ import annotations

import re
import unicodedata

# "HÒA" and, in the older tone placement, "HOÀ"; and as pages that lost a letter's marks show it: "CỘNG HỊA",
# "XàHỘI" (the "Ã" garbled and the space lost)
QUOC_HIEU_START = r"C[ỘO]NG\s+H(?:[ÒOỊ]A|OÀ)\s+X[^\W\d]?\s*H[ỘO]I"
QUOC_HIEU = re.compile(QUOC_HIEU_START + r"\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM", re.I)
# "Độc lập - Tự do - Hạnh phúc", and with its dashes lost on the page ("Độc lập  Tự do  Hạnh phúc")
TIEU_NGU = re.compile(r"Đ[ộo]c\s+l[ậa]p\s*[-–—]?\s*T[ựu]\s+do\s*[-–—]?\s*H[ạa]nh\s+ph[úu]c", re.I)
# what the right column of a party or Youth Union header carries instead of the national motto
ORG_MOTTO = re.compile(
    r"^(ĐẢNG CỘNG SẢN VIỆT NAM|ĐOÀN TNCS HỒ CHÍ MINH|ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH"
    r"|ĐỘI TNTP HỒ CHÍ MINH|ĐỘI THIẾU NIÊN TIỀN PHONG HỒ CHÍ MINH)$",
    re.I,
)
# a mark above or beside the header that is not yet the body: a draft's stamp, urgency or secrecy, a form's number
STAMP = re.compile(
    r"^\(?\s*(?:DỰ THẢO|Dự thảo|BẢN THẢO|KHẨN|HỎA TỐC|HOẢ TỐC|THƯỢNG KHẨN|MẬT|TỐI MẬT|TUYỆT MẬT|Mẫu số|MẪU SỐ)\b"
    r"[^.;:]{0,30}$"
)
SEPARATOR = re.compile(r"^[\s_\-–—=*.·•]+$")
MARKER = re.compile(
    r"^([-+•–*]\s|[IVX]+\s*[.)]\s|\d+(\.\d+)*\s*[.)]\s|[a-zđ]\)\s|Điều\s+\d|Chương\s+[IVX\d]|Phần\s+[IVX\d]"
    r"|(Căn cứ|Thực hiện|Trên cơ sở|Xét đề nghị|Theo đề nghị|Kính g[ửở]i|Nơi nhận)\b)"
)
NOI_NHAN = re.compile(r"^N[ơo]i\s+nh[ậa]n\b", re.I)
# the distribution list's archive copy, its last item: "- Lưu: VT, KHTC."
# ("- Lưu ý …" is a note, not the archive copy)
ARCHIVE_ITEM = re.compile(r"^[-+•–]\s*Lưu\b(?!\s+[a-zà-ỹđ])")
AUTHORITY = re.compile(r"^(T/M|TM|KT|TL|TUQ|Q|K/T|T/L)(?:\s*[.:]\s*|\s+)(.+)$")
TYPES = {
    "KẾ HOẠCH": "Kế hoạch",
    "BÁO CÁO": "Báo cáo",
    "THÔNG BÁO": "Thông báo",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHƯƠNG TRÌNH": "Chương trình",
    "HƯỚNG DẪN": "Hướng dẫn",
    "TỜ TRÌNH": "Tờ trình",
    "NGHỊ QUYẾT": "Nghị quyết",
    "CHỈ THỊ": "Chỉ thị",
    "GIẤY MỜI": "Giấy mời",
    "BIÊN BẢN": "Biên bản",
    "CÔNG VĂN": "Công văn",
    "PHIẾU BIÊN NHẬN": "Phiếu biên nhận",
    "PHƯƠNG ÁN": "Phương án",
    "ĐỀ ÁN": "Đề án",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "CÔNG ĐIỆN": "Công điện",
    "GIẤY GIỚI THIỆU": "Giấy giới thiệu",
    "THÔNG TƯ": "Thông tư",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "KẾT LUẬN": "Kết luận",
    "THÔNG TRI": "Thông tri",
    "NGHỊ ĐỊNH": "Nghị định",
}
_KEYS = sorted(TYPES, key=len, reverse=True)
STRAY = [
    (re.compile(r"\[bookmark:[^\]]*\]"), ""),
    (re.compile(r"\*\*|__"), ""),
    (re.compile(r"(?<!\w)\*(?!\s)|(?<=\S)\*(?!\w)"), ""),
]

LOOSE_MARKS = re.compile(r"(?<![^\W\d_])[\u0300-\u036f]+")
ANY_MARK = re.compile(r"[\u0300-\u036f]")


def clean(text: str) -> str:
    """NFC, no stray marks, single spaces."""
    t = unicodedata.normalize("NFC", text or "")
    for rx, rep in STRAY:
        t = rx.sub(rep, t)
    t = t.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    # "thiêt hai ̀ ̣ ̣ do lũ lụt": tone marks a PDF detached from their letters and set apart, after a space, with
    # nothing to sit on and no way to tell whose they were: dropped
    if ANY_MARK.search(t):  # rare after NFC: look for them only where there are any
        t = LOOSE_MARKS.sub("", t)
    return re.sub(r"[ \t]+", " ", t).strip()


def is_caps(text: str) -> bool:
    """Say whether a text is written in capitals (a header body, a type, a title)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.85


def type_of(text: str) -> tuple[str, str] | None:
    """Return (type, rest of the line) when a line names the document's type in capitals."""
    if is_caps(text) and (draft := re.match(r"^\s*(?:DỰ THẢO|BẢN THẢO)\s+(?=\w)", text)):
        text = text[draft.end() :]  # "DỰ THẢO BÁO CÁO": a draft's type line
    t = re.sub(r"\s+", " ", text.strip().rstrip(":")).upper()
    keys = _KEYS
    if " VÀ " in t[:40]:
        # "QUY ĐỊNH VÀ HƯỚNG DẪN": two types in one heading
        for a in keys:
            for b in keys:
                both = f"{a} VÀ {b}"
                if t == both or (t.startswith(both + " ") and is_caps(text)):
                    rest = text.strip()[len(both) :].strip().lstrip(":").strip()
                    return f"{TYPES[a]} và {TYPES[b].lower()}", rest
    for key in keys:
        if t == key or (t.startswith(key + " ") and is_caps(text)):
            return TYPES[key], text.strip()[len(key) :].strip().lstrip(":").strip()
    return None


def rejoin_stray(text: str) -> str:
    """Return a text with a stored copy's stray spaces inside words closed, for telling what it is (never to print):
    a run of letters with no vowel ("ng" of "Đặ ng Văn Minh", "Qu ả ng Ngãi") is no Vietnamese word of its own but
    the end of the one before; a lone lower-case vowel between such pieces ("ả") joins them too."""
    words = text.split()
    out: list[str] = []
    for k, w in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        loose = w.isalpha() and w.islower() and (not _has_vowel(w) or len(w) == 1 and nxt and not _has_vowel(nxt))
        if out and loose and out[-1][-1:].isalpha():
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


def _has_vowel(word: str) -> bool:
    return any(unicodedata.normalize("NFD", c)[0] in "aeiouy" for c in word.lower())
