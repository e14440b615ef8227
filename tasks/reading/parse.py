"""Read the fields of a Vietnamese administrative document (Nghị định 30 layout) from .docx or .pdf."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from tasks.reading.safety import FileRejected, check_file
from tasks.reading.vndates import extract_deadlines, parse_date_in

TYPES = {
    "KẾ HOẠCH": "Kế hoạch", "BÁO CÁO": "Báo cáo", "THÔNG BÁO": "Thông báo", "QUYẾT ĐỊNH": "Quyết định",
    "CHƯƠNG TRÌNH": "Chương trình", "HƯỚNG DẪN": "Hướng dẫn", "TỜ TRÌNH": "Tờ trình", "NGHỊ QUYẾT": "Nghị quyết",
    "CHỈ THỊ": "Chỉ thị", "GIẤY MỜI": "Giấy mời", "BIÊN BẢN": "Biên bản", "CÔNG VĂN": "Công văn",
    "PHIẾU BIÊN NHẬN": "Phiếu biên nhận", "PHƯƠNG ÁN": "Phương án", "ĐỀ ÁN": "Đề án", "QUY CHẾ": "Quy chế",
    "CÔNG ĐIỆN": "Công điện", "GIẤY GIỚI THIỆU": "Giấy giới thiệu",
}  # fmt: skip
QUOC_HIEU = re.compile(r"C[ỘO]NG\s+H[ÒOÀ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM", re.I)
TIEU_NGU = re.compile(r"Đ[ộo]c\s+l[ậa]p\s*[-–—]\s*T[ựu]\s+do\s*[-–—]\s*H[ạa]nh\s+ph[úu]c", re.I)
SO_KY_HIEU = re.compile(r"\bS[ốo]\s*[:.]?\s*(\d{1,5}[a-zA-Z]?\s*/\s*(?:[\w.]+[-–/])*[\w.]+)", re.U)
PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d][^,;:()]{1,60}?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.I
)
PLACE_DATE_SLASH = re.compile(
    r"(?P<place>[^\d,;:()]{2,60}?)\s*,\s*ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", re.I
)
AUTHORITY = re.compile(r"^(T/M|TM|KT|TL|TUQ|Q)(?:\s*[.:]\s*|\s+)(.+)$")
REF = re.compile(
    r"(?P<type>Kế hoạch|Công văn|Quyết định|Nghị quyết|Chỉ thị|Thông báo|Hướng dẫn|Chương trình|Nghị định|Thông tư|"
    r"Báo cáo|Kết luận|Đề án|Văn bản|Luật)\s+(?:liên tịch\s+)?số\s*:?\s*(?P<num>\d{1,5}[a-zA-Z]?/[\w./\-–]+?)"
    r"(?P<rest>[\s,;].*?)(?=(?:;|\.\s|$|\s(?:và|, )\s*(?:Kế hoạch|Công văn|Quyết định|Nghị quyết|Chỉ thị|Thông báo|"
    r"Hướng dẫn|Chương trình|Nghị định|Thông tư|Báo cáo|Kết luận|Văn bản)\s+(?:liên tịch\s+)?số))",
    re.I,
)
BODY_PREFIX = re.compile(
    r"^(ỦY BAN|UỶ BAN|UBND|SỞ|PHÒNG|TRƯỜNG|BAN|ĐẢNG|CHI BỘ|CÔNG ĐOÀN|HỘI|ĐOÀN|HĐND|HỘI ĐỒNG|BỘ|TỔNG CỤC|CỤC|"
    r"VĂN PHÒNG|THÀNH ỦY|TỈNH ỦY|HUYỆN ỦY|THỊ ỦY|QUẬN ỦY|MẶT TRẬN|ỦY BAN MẶT TRẬN|TRUNG TÂM|BỆNH VIỆN|CÔNG AN|"
    r"BỘ CHỈ HUY|BAN CHỈ ĐẠO|LIÊN ĐOÀN|TỔNG LIÊN ĐOÀN|BCH|BTV|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|UB)\b"
)
STRAY = [
    (re.compile(r"\[bookmark:[^\]]*\]"), ""),
    (re.compile(r"\*\*|__"), ""),
    (re.compile(r"(?<!\w)\*(?!\s)|(?<=\S)\*(?!\w)"), ""),
]
SEPARATOR = re.compile(r"^[\s_\-–—=*.·•]+$")


@dataclass
class Line:
    text: str
    zone: str = "body"  # head_left, head_right, body, foot_left, foot_right
    bold: bool | None = None
    italic: bool | None = None


@dataclass
class DocumentFields:
    so_ky_hieu: str | None = None
    loai_van_ban: str | None = None
    co_quan_ban_hanh: str | None = None
    dia_danh: str | None = None
    ngay_ban_hanh: str | None = None
    trich_yeu: str | None = None
    can_cu: list[dict] = field(default_factory=list)
    deadlines: list[dict] = field(default_factory=list)
    noi_nhan: list[dict] = field(default_factory=list)
    nguoi_ky: str | None = None
    chuc_vu: str | None = None
    quyen_han_ky: str | None = None
    has_text_layer: bool = True
    warnings: list[str] = field(default_factory=list)
    co_quan_chu_quan: str | None = None

    def to_json_dict(self) -> dict:
        """Return exactly the keys `kehoach inspect --json` prints."""
        d = asdict(self)
        d.pop("co_quan_chu_quan")
        return d


def clean(text: str) -> str:
    """NFC, no stray marks, single spaces."""
    t = unicodedata.normalize("NFC", text or "")
    for rx, rep in STRAY:
        t = rx.sub(rep, t)
    t = t.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[ \t]+", " ", t).strip()


# Extracting lines


def _para_line(p, zone: str) -> Line:  # noqa: ANN001
    runs = [r for r in p.runs if r.text.strip()]
    bold = all(bool(r.bold) or bool(p.style is not None and p.style.font.bold) for r in runs) if runs else None
    italic = all(bool(r.italic) or bool(p.style is not None and p.style.font.italic) for r in runs) if runs else None
    return Line(clean(p.text), zone, bold, italic)


def docx_lines(data: bytes) -> tuple[list[Line], list[str]]:
    """Return the document's lines in reading order, tables column by column; and layout warnings."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(data))
    lines: list[Line] = []
    seen_body = False
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            # a header typed as "left\tright" columns reads as separate lines
            for part in re.split(r"[\n\t]+", block.text):
                line = _para_line(block, "body")
                line.text = clean(part)
                if line.text:
                    seen_body = True
                    lines.append(line)
        elif isinstance(block, Table):
            zone = "foot" if seen_body else "head"
            rows = block.rows
            ncols = max((len(r.cells) for r in rows), default=0)
            for ci in range(ncols):
                side = "left" if ci == 0 else "right"
                seen_cells = set()
                for r in rows:
                    if ci >= len(r.cells):
                        continue
                    cell = r.cells[ci]
                    if id(cell._tc) in seen_cells:
                        continue
                    seen_cells.add(id(cell._tc))
                    for p in cell.paragraphs:
                        for part in p.text.split("\n"):
                            line = _para_line(p, f"{zone}_{side}" if ncols > 1 else zone + "_left")
                            line.text = clean(part)
                            if line.text:
                                lines.append(line)
    return lines, _docx_layout_warnings(d)


def _docx_layout_warnings(d) -> list[str]:  # noqa: ANN001
    from docx.shared import Mm

    warnings = []
    for s in d.sections[:1]:
        if (
            s.page_width
            and abs(s.page_width - Mm(210)) > Mm(2)
            or s.page_height
            and abs(s.page_height - Mm(297)) > Mm(2)
        ):
            warnings.append("Khổ giấy không phải A4 (Nghị định 30 yêu cầu A4).")
        checks = [(s.top_margin, 20, 25, "lề trên"), (s.bottom_margin, 20, 25, "lề dưới"),
                  (s.left_margin, 30, 35, "lề trái"), (s.right_margin, 15, 20, "lề phải")]  # fmt: skip
        for value, lo, hi, name in checks:
            if value is not None and not (Mm(lo) - Mm(0.5) <= value <= Mm(hi) + Mm(0.5)):
                warnings.append(f"{name.capitalize()} {value.mm:.0f} mm, Nghị định 30 quy định {lo}–{hi} mm.")
    fonts = set()
    try:
        normal = d.styles["Normal"].font
        if normal.name:
            fonts.add(normal.name)
    except KeyError:
        pass
    for p in d.paragraphs[:200]:
        for r in p.runs:
            if r.font.name:
                fonts.add(r.font.name)
    other = sorted(f for f in fonts if f and f != "Times New Roman")
    if other:
        warnings.append(f"Phông chữ {', '.join(other)} — Nghị định 30 quy định Times New Roman.")
    return warnings


def _unwrap(raw: list[str]) -> list[str]:
    """Join the lines a PDF broke inside a paragraph: a near-full-width line not ending a sentence."""
    raw = [r for r in raw if r]
    if not raw:
        return raw
    width = sorted(len(r) for r in raw)[int(len(raw) * 0.9) - 1 if len(raw) > 1 else 0]
    out: list[str] = []
    for r in raw:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev) >= 0.75 * width
            and not prev.endswith((".", ";", ":", "!", "?"))
            and not re.match(r"^([-+•–]|[IVX]+\.|\d+\.|[a-zđ]\))\s|^(Căn cứ|Thực hiện|Trên cơ sở|Kính gửi)\b", r)
            and not (QUOC_HIEU.search(r) or TIEU_NGU.search(r) or re.match(r"^N[ơo]i nh", r))
            and not (SEPARATOR.match(prev) or SEPARATOR.match(r) or _type_of(r) or _type_of(prev))
            and not (PLACE_DATE.search(prev) or PLACE_DATE.search(r) or SO_KY_HIEU.match(r))
        ):
            out[-1] = f"{prev} {r}"
        else:
            out.append(r)
    return out


def pdf_lines(data: bytes) -> tuple[list[Line], bool]:
    """Return the PDF's text lines, and whether it has a text layer at all."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    lines: list[Line] = []
    for page in reader.pages:
        text = unicodedata.normalize("NFC", page.extract_text() or "")
        # fixed phrases that a narrow column wrapped: put each back on one line of its own
        for rx in (QUOC_HIEU, TIEU_NGU):
            text = rx.sub(lambda m: "\n" + re.sub(r"\s+", " ", m.group(0)) + "\n", text)
        text = re.sub(
            r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", lambda m: re.sub(r"\s+", " ", m.group(0)), text
        )
        for raw in _unwrap([clean(x) for x in text.splitlines()]):
            t = raw
            if not t:
                continue
            # a two-column header comes out side by side: split the national motto off the left column
            for rx in (QUOC_HIEU, TIEU_NGU):
                m = rx.search(t)
                if m and (m.start() > 0 or m.end() < len(t)):
                    left, right = clean(t[: m.start()]), clean(t[m.end() :])
                    if left:
                        lines.append(Line(left))
                    lines.append(Line(clean(m.group(0))))
                    t = right
            if t:
                m = SO_KY_HIEU.search(t)
                pd = PLACE_DATE.search(t) or PLACE_DATE_SLASH.search(t)
                if m and pd and pd.start() > m.end():
                    lines.append(Line(clean(t[: pd.start()])))
                    lines.append(Line(clean(t[pd.start() :]), italic=True))
                else:
                    lines.append(Line(t))
    has_text = sum(len(line.text) for line in lines) >= 20
    return lines, has_text


# Fields


def _iso(d: int, m: int, y: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _type_of(text: str) -> tuple[str, str] | None:
    t = re.sub(r"\s+", " ", text.strip().rstrip(":")).upper()
    for key in sorted(TYPES, key=len, reverse=True):
        if t == key or (t.startswith(key + " ") and _is_caps(text)):
            return TYPES[key], text.strip()[len(key) :].strip()
    return None


def extract(lines: list[Line], fields: DocumentFields) -> DocumentFields:
    """Fill the fields from the document's lines."""
    texts = [ln.text for ln in lines]
    # Number and symbol: first "Số:" near the top
    so_idx = None
    for i, ln in enumerate(lines[:40]):
        m = SO_KY_HIEU.search(ln.text)
        if m and (ln.zone.startswith("head") or i < 25) and not ln.text.lower().startswith(("căn cứ", "thực hiện")):
            fields.so_ky_hieu = re.sub(r"\s+", "", m.group(1)).replace("–", "-").rstrip(".-/")
            so_idx = i
            break
    # Place and date

    for ln in lines[:40]:
        if ln.text.lower().startswith(("căn cứ", "thực hiện", "trên cơ sở")) or REF.search(ln.text):
            continue  # the date of a document cited, not of this one
        m = PLACE_DATE.search(ln.text) or PLACE_DATE_SLASH.search(ln.text)
        if m:
            place = clean(m.group("place"))
            place = re.sub(r"^(Số\s*:?.*?\s)(?=[A-ZĐÀ-Ỹ])", "", place).strip()
            fields.dia_danh = place or None
            fields.ngay_ban_hanh = _iso(int(m.group("d")), int(m.group("m")), int(m.group("y")))

            legal = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm", ln.text)
            if not legal:
                fields.warnings.append("Ngày ban hành không viết theo thể thức “ngày … tháng … năm …”.")
            elif len(legal.group(1)) < 2 or (int(legal.group(2)) < 3 and len(legal.group(2)) < 2):
                fields.warnings.append(
                    "Ngày dưới 10 và tháng 1, 2 phải có số 0 ở trước (ví dụ “ngày 05 tháng 02 năm 2023”)."
                )
            break
    # Type and subject
    type_idx = None
    for i, ln in enumerate(lines[:60]):
        if ln.zone.startswith("head") and not _type_of(ln.text):
            continue
        t = _type_of(ln.text)
        if t:
            fields.loai_van_ban, rest = t
            type_idx = i
            subject = [rest] if rest else []
            for nxt in lines[i + 1 : i + 5]:
                if _stop_subject(nxt.text) or (subject and not _continues_subject(subject, nxt)):
                    break
                subject.append(nxt.text)
            fields.trich_yeu = clean(" ".join(subject)) or None
            break
    if type_idx is None:
        for i, ln in enumerate(lines[:40]):
            m = re.match(r"^V/v\s*[:.]?\s*(.+)$", ln.text, re.I)
            if m:
                fields.loai_van_ban = "Công văn"
                subject = [m.group(1)]
                for nxt in lines[i + 1 : i + 3]:
                    if nxt.zone != ln.zone or _stop_subject(nxt.text) or SO_KY_HIEU.search(nxt.text):
                        break
                    if nxt.zone.startswith("head") and nxt.text[:1].islower():
                        subject.append(nxt.text)
                fields.trich_yeu = clean(" ".join(subject))
                type_idx = i
                break
    # Issuing body: header lines of the left column (or above the number) that are not the motto
    head = [ln for ln in lines[: (so_idx if so_idx is not None else 8)] if ln.zone in ("head_left", "body", "head")]
    if so_idx is None and type_idx is not None:
        head = [ln for ln in lines[:type_idx] if ln.zone in ("head_left", "head", "body")]
    head = [ln for ln in head if not (QUOC_HIEU.search(ln.text) or TIEU_NGU.search(ln.text) or SEPARATOR.match(ln.text))
            and _is_caps(ln.text) and not SO_KY_HIEU.search(ln.text)]  # fmt: skip
    if head:
        bodies: list[list[Line]] = []
        for ln in head:
            if not bodies or BODY_PREFIX.match(ln.text.upper()) or (ln.bold and not bodies[-1][-1].bold):
                bodies.append([ln])
            else:
                bodies[-1].append(ln)
        bold = [b for b in bodies if all(x.bold for x in b)]
        issuer = bold[-1] if bold and len(bold) < len(bodies) else bodies[-1]
        fields.co_quan_ban_hanh = clean(" ".join(x.text for x in issuer))
        parents = [b for b in bodies if b is not issuer]
        if parents:
            fields.co_quan_chu_quan = clean(" ".join(x.text for x in parents[0]))
    # Căn cứ: the preamble lines that cite other documents
    start = (type_idx or 0) + 1
    end = next((i for i in range(start, len(lines)) if re.match(r"^(I|1)\s*[.)]\s", lines[i].text)), len(lines))
    for ln in lines[start:end]:
        if re.match(r"^(Căn cứ|Thực hiện|Trên cơ sở|Theo)\b", ln.text, re.I) or fields.can_cu and ln.italic:
            fields.can_cu.extend(_refs(ln.text))
    # Deadlines from the body
    body_lines = [ln.text for ln in lines[start:] if not ln.zone.startswith("foot")]
    fields.deadlines = extract_deadlines(body_lines)
    # Nơi nhận
    _noi_nhan(lines, fields)
    # Signature
    _signature(lines, fields)
    # Conformance
    if not fields.so_ky_hieu:
        fields.warnings.append("Thiếu số, ký hiệu văn bản (“Số: …/KH-…”).")
    if not fields.ngay_ban_hanh:
        fields.warnings.append("Thiếu địa danh và ngày ban hành.")
    if not fields.noi_nhan:
        fields.warnings.append("Thiếu “Nơi nhận”.")
    if not any(QUOC_HIEU.search(t) for t in texts[:20]):
        fields.warnings.append("Thiếu Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”.")
    return fields


def _stop_subject(text: str) -> bool:
    return bool(
        re.match(r"^(Căn cứ|Thực hiện|Trên cơ sở|Kính gửi|I\s*[.)]|1\s*[.)]|Để\s|Nhằm|Nay|Theo|Số\s*:)", text, re.I)
        or QUOC_HIEU.search(text)
        or SEPARATOR.match(text)
    )


def _continues_subject(subject: list[str], nxt: Line) -> bool:
    # a subject wraps: the next line is bold like it, or the previous line did not end a sentence
    if nxt.bold:
        return True
    prev = subject[-1]
    return bool(prev) and not prev.endswith((".", ":", ";")) and len(" ".join(subject)) < 300 and len(nxt.text) < 160


def _refs(text: str) -> list[dict]:
    out = []
    for m in REF.finditer(text):
        rest = m.group("rest")
        d = parse_date_in(rest[:60])
        body = None
        mb = re.search(
            r"\bcủa\s+(.+?)(?=\s+(?:về|V/v|ban hành|hướng dẫn|triển khai|thực hiện|quy định)\b|[,;.]|$)", rest
        )
        if mb:
            body = clean(mb.group(1)).rstrip(" ,;.")
        out.append({"so_ky_hieu": m.group("num").rstrip(".,;"), "ngay": d.isoformat() if d else None, "co_quan": body})
    return out


def _noi_nhan(lines: list[Line], fields: DocumentFields) -> None:
    idx = next((i for i, ln in enumerate(lines) if re.match(r"^N[ơo]i\s+nh[ậa]n\s*:?", ln.text, re.I)), None)
    if idx is None:
        return
    zone = lines[idx].zone
    first = re.sub(r"^N[ơo]i\s+nh[ậa]n\s*:?\s*", "", lines[idx].text, flags=re.I)
    items = [first] if first else []
    for ln in lines[idx + 1 :]:
        t = ln.text
        if zone.startswith("foot") and ln.zone != zone:
            break
        if re.match(r"^[-+•–]\s*", t):
            items.append(re.sub(r"^[-+•–]\s*", "", t))
        elif (
            items and not _is_caps(t) and not AUTHORITY.match(t) and len(t) < 80 and not items[-1].endswith((";", "."))
        ):
            items[-1] = f"{items[-1]} {t}"  # a wrapped line
        elif not items and len(t) < 120 and not AUTHORITY.match(t):
            items.append(t)
        else:
            break
        if re.match(r"^Lưu\b", items[-1], re.I):
            break
    for it in items:
        text = clean(it)
        if not text:
            continue
        folded = text.lower()
        if re.match(r"^lưu\b", folded):
            role = "luu"
        elif re.search(r"\(\s*(để\s*)?(b/c|bc|báo cáo|biết|đb|để biết|t/b)\s*\)|để biết|\bđể b/c\b|\(b/c\)", folded):
            role = "de_biet"
        else:
            role = "thuc_hien"
        fields.noi_nhan.append({"text": text, "role": role})


def _signature(lines: list[Line], fields: DocumentFields) -> None:
    tail = lines[-40:]
    auth_i = None
    for i, ln in enumerate(tail):
        m = AUTHORITY.match(ln.text.strip())
        if m and _is_caps(m.group(2)):
            auth_i = i
            prefix = {"T/M": "TM", "TM": "TM"}.get(m.group(1).upper(), m.group(1).upper().rstrip("."))
            fields.quyen_han_ky = f"{prefix}. {clean(m.group(2))}"
    start = auth_i + 1 if auth_i is not None else None
    if start is None:
        # no prefix: a caps title line near the end, after the Nơi nhận or last paragraph
        for i in range(len(tail) - 1, -1, -1):
            t = tail[i].text
            if _is_caps(t) and len(t) < 60 and not _noi_or_motto(t) and i >= len(tail) - 6:
                start = i
                break
        if start is None:
            # only a name after the Nơi nhận, as extracted texts often keep
            last = next((ln for ln in reversed(tail[-4:]) if _is_name(ln.text)), None)
            if last is not None:
                fields.nguoi_ky = clean(last.text)
            return
        fields.chuc_vu = clean(tail[start].text)
        rest = tail[start + 1 :]
        start += 1  # so that tail[start - 1] is the title line, as after an authority line
    else:
        rest = tail[start:]
        if rest and _is_caps(rest[0].text) and rest[0].zone == tail[auth_i].zone:
            fields.chuc_vu = clean(rest[0].text)
            rest = rest[1:]
    zone = tail[start - 1].zone if start else "body"
    for ln in rest:
        if zone.startswith("foot") and ln.zone != zone:
            continue
        if _is_name(ln.text):
            fields.nguoi_ky = clean(ln.text)
            break


def _noi_or_motto(text: str) -> bool:
    return bool(QUOC_HIEU.search(text) or TIEU_NGU.search(text) or re.match(r"^N[ơo]i\s+nh", text, re.I))


def _is_name(text: str) -> bool:
    t = re.sub(r"^\(?(Đã ký|đã ký|Ký|ký tên|ký, đóng dấu|Ký, ghi rõ họ tên)[^)]*\)?\s*", "", text.strip()).strip()
    words = t.split()
    if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in t) or t.endswith((":", ";", ",")):
        return False
    if re.match(r"^(TM|KT|TL|Q|Nơi)\b", t):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())


# Entry point


def read_document(data: bytes, filename: str | None = None, *, max_bytes: int | None = None) -> DocumentFields:
    """Check a file and read its fields; raise FileRejected for a file that must not be read."""
    check = check_file(data, filename, max_bytes=max_bytes)
    check.raise_if_bad()
    fields = DocumentFields()
    if check.kind == "pdf":
        lines, has_text = pdf_lines(data)
        if not has_text:
            fields.has_text_layer = False
            fields.warnings.append(
                "PDF không có lớp chữ (bản quét): không đọc được nội dung, cần bản có lớp chữ hoặc .docx."
            )
            return fields
    else:
        try:
            lines, layout = docx_lines(data)
        except Exception as exc:  # noqa: BLE001 — python-docx raises many kinds on broken parts
            raise FileRejected(
                "truncated", "Tệp Word bị hỏng, không đọc được nội dung. Hãy lưu lại rồi gửi lại."
            ) from exc
        fields.warnings.extend(layout)
    return extract(lines, fields)
