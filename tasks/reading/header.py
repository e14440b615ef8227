"""Read a document's header: number and symbol, place and date, issuing body, type and subject."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tasks.reading.cancu import has_ref, parse_number
from tasks.reading.lines import Line
from tasks.reading.orgnames import KINDS, as_written, sentence_case
from tasks.reading.patterns import (
    ORG_MOTTO,
    QUOC_HIEU,
    QUOC_HIEU_START,
    SEPARATOR,
    STAMP,
    TIEU_NGU,
    clean,
    is_caps,
    rejoin_stray,
    type_of,
)

CAN_CU_START = re.compile(
    r"^[-*•]?\s*(Căn cứ|Thực hiện|Trên cơ sở|Xét đề nghị|Theo đề nghị|Theo văn bản|Theo Công văn|Tiếp theo)\b", re.I
)
# ("BAN HÀNH QUY ĐỊNH …" issues something: a subject, not a board)
AUTHORITY_WORDS = re.compile(
    r"^(CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC|HIỆU TRƯỞNG|TRƯỞNG BAN|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|CHÁNH|ỦY BAN|UỶ BAN|"
    r"BAN (?!HÀNH\b)|HỘI ĐỒNG|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|BAN BÍ THƯ|CHÍNH PHỦ|TRƯỞNG PHÒNG|VIỆN TRƯỞNG|"
    # "ĐOÀN CHỦ TỊCH TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM": a mass organisation's presidium; "THƯỜNG TRỰC HỘI ĐỒNG …"
    r"ĐOÀN CHỦ TỊCH|THƯỜNG TRỰC|TỔNG GIÁM ĐỐC|THỐNG ĐỐC|TỔNG KIỂM TOÁN|TỔNG THANH TRA|KIỂM TOÁN TRƯỞNG)"
)
# "Số: 55/KH-UBND", "Nghị quyết số: …", and "Số:. 4315/…" with a stray full stop
NUMBER_LINE = re.compile(r"^(?:[^\W\d]+(?:\s[^\W\d]+){0,2}\s)?S[ốô](?:\s*[:.])*\s*(?P<rest>.*)$", re.I)
NOT_WORDS = "Ngày ban hành không viết theo thể thức “ngày … tháng … năm …”."
UNPADDED = "Ngày dưới 10 và tháng 1, 2 phải có số 0 ở trước (ví dụ “ngày 05 tháng 02 năm 2023”)."
# "ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN TỈNH": a People's Committee or Council not yet named by its place
PEOPLES_BODY = re.compile(r"^((?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN)(?: TỈNH| THÀNH PHỐ)?$")
BARE_COMMITTEE = re.compile(
    r"^(BAN CHẤP HÀNH|BAN THƯỜNG VỤ|BAN BÍ THƯ|BAN THƯỜNG TRỰC|BCH|BTV|(?:ỦY|UỶ) BAN TRUNG ƯƠNG)( TRUNG ƯƠNG)?$"
)
MASS_ORG = re.compile(
    r"^(HỘI|CÔNG ĐOÀN|CĐ|LIÊN ĐOÀN|LĐLĐ|TỔNG LIÊN ĐOÀN|ĐOÀN|ỦY BAN MẶT TRẬN|UỶ BAN MẶT TRẬN|ỦY BAN MTTQ|UỶ BAN MTTQ)\b"
)
SUBJECT_MARK = re.compile(r"^[“\"‘']?\s*(V/v|V/V|Về)\b\s*[:.]?\s*(?P<rest>.*)$")
QUOTED = re.compile(r"^[“\"‘']\s*(V/v|V/V|Về)\b")
AUTHORITY_TITLE = re.compile(r"^(?:(?:PHÓ\s+)?CHỦ\s+TỊCH|T/?M\.?|THAY MẶT)?$")
SIGN_AFTER_TYPE = re.compile(r"^(?:s[ốô]\s*:?\s*)?\d+[\w.]*(?:/[\w&.-]+)*/[A-ZĐ][\w&.-]*(?:\s+|$)")
# "DỰ THẢO", "Dự thảo lần 2": a draft's stamp in the header, not part of the body's name
DRAFT = re.compile(r"^\(?\s*(DỰ THẢO|Dự thảo|BẢN THẢO)\b", re.I)
# "A. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "I. MỤC ĐÍCH", "1. Mục đích": the body's first section; "I/ ĐẶC ĐIỂM …",
# "I/- …", "1/ …": numbered with a slash
FIRST_SECTION = r"(?:I|1|A)\s*(?:[.)]|/-?|[-–])\s"  # and "I – CĂN CỨ LẬP KẾ HOẠCH": a dash after the numeral
# "BÁO CÁO TUẦN", "BÁO CÁO NHANH": a word after the type that says which report, with the subject on the next line
QUALIFIER = re.compile(r"^(TUẦN|THÁNG|QUÝ|NHANH|ĐỊNH KỲ|ĐỘT XUẤT)$")
# "Tháng 6/ 2022", "Năm 2024", "Quý I/2023": a subject in capitals that ends on the period it covers
# and "Thời điểm tháng 10 năm 2020": the time a report's figures are taken at
PERIOD_LINE = re.compile(
    r"^(?:(?:Thời điểm|Tính đến)\s+(?:ngày|tháng|quý|năm)\s+\d"
    r"|(?:Tháng|Quý|Năm|Tuần|Giai đoạn|Nhiệm kỳ|Năm học)\s+[\dIVX])"
)
# "(Giai đoạn: 2021- 2025)", "(2021 - 2025)": the period a subject covers, in brackets on a line of its own
BRACKETED_PERIOD = re.compile(
    r"^\(\s*(?:(?:Giai đoạn|Nhiệm kỳ|Năm học|Năm|Từ năm)\s*:?\s*)?\d{4}\s*[-–]\s*\d{4}\s*\)\.?$", re.I
)
# the type a number's symbol names when no type line is written: "411-KH/TWĐTN-BTC", "232/QĐ-UBND"
SYMBOL_TYPES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "CTR": "Chương trình",
    "HD": "Hướng dẫn",
    "TTR": "Tờ trình",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "CV": "Công văn",
}


@dataclass
class Header:
    so_ky_hieu: str | None = None
    number_idx: int | None = None
    number_wrap: int | None = None  # the line a sign wrapped onto ("Số: 255/BC-BCĐPCGD-" / "XMC")
    dia_danh: str | None = None
    ngay_ban_hanh: str | None = None
    date_warning: str | None = None
    loai_van_ban: str | None = None
    trich_yeu: str | None = None
    type_idx: int | None = None
    body_start: int = 0  # the first line after the header, type, subject and the authority line
    co_quan_ban_hanh: str | None = None
    co_quan_chu_quan: str | None = None


def read_header(lines: list[Line]) -> Header:
    """Read the header fields, and where the body begins."""
    h = Header()
    zoned = any(ln.zone.startswith("head") for ln in lines)
    _number(lines, h, zoned)
    _type_and_subject(lines, h, zoned)
    _place_date(lines, h, zoned)
    _issuer(lines, h, zoned)
    if not h.loai_van_ban:
        # a congress report titled by a slogan in quotes, what it is in brackets under it: "(Báo cáo chính trị của
        # Ban Chấp hành … tại Đại hội …)"
        for ln in [ln for ln in lines if ln.zone == "body"][:12]:  # the header as loose lines comes first
            if m := re.match(r"^\(\s*(Báo cáo|Kế hoạch|Chương trình|Đề án|Tờ trình|Nghị quyết)\b[^()]*\)?$", ln.text):
                h.loai_van_ban = m[1]
                break
    if not h.loai_van_ban and h.so_ky_hieu:
        # no type line (a portal kept only the header table): the symbol's first part names the type
        part = re.match(r"^\d+[a-zA-Z]?(?:/\d{4})?[/-]([^/-]+)", h.so_ky_hieu)
        h.loai_van_ban = SYMBOL_TYPES.get(part[1].upper()) if part else None
        if h.loai_van_ban and h.loai_van_ban != "Công văn" and h.trich_yeu is None:
            _untyped_subject(lines, h)
    if not h.loai_van_ban and h.so_ky_hieu and _addressed(lines, h):
        h.loai_van_ban = "Công văn"  # a numbered letter with no type line and no V/v that opens "Kính gửi: …"
    return h


def _addressed(lines: list[Line], h: Header) -> bool:
    """Whether the body's first line, after the header, is the letter's "Kính gửi"."""
    for ln in lines[h.body_start : h.body_start + 8]:
        if ln.zone not in ("body", "table") or _furniture(ln.text):
            continue  # a header of loose lines: its motto, place and date come after the number
        return bool(re.match(r"^Kính g[ửở]i\b", ln.text, re.I))
    return False


def _furniture(text: str) -> bool:
    """Whether a line is a header's furniture when the header is loose lines: the motto (whole, or over two lines),
    the slogan, a party's motto, a separator, a stamp, the place and date."""
    t = text.strip()
    return bool(
        QUOC_HIEU.search(t)
        or TIEU_NGU.search(t)
        or SEPARATOR.match(t)
        or ORG_MOTTO.match(t)
        or STAMP.match(t)
        # "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM": the motto over two lines
        or re.match(QUOC_HIEU_START, t, re.I)
        or re.fullmatch(r"CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM", t, re.I)
        or len(t) < 80
        and re.search(r"\bngày\b.*\btháng\b.*\bnăm\b", t)
    )


def _untyped_subject(lines: list[Line], h: Header) -> None:
    """A plan or guidance whose type line the page lost (the symbol names the type): the subject is the body's first
    line when it is set as a title ("PHÒNG, CHỐNG DỊCH BỆNH …", "Công tác nhân sự để bầu …" in bold) and is not a
    căn cứ, a section heading or the authority line; the lines that go on as a title go with it."""
    # with the header as loose lines, its motto, place and date and the like come before the body's first line
    first = next(
        (i for i, ln in enumerate(lines[:60]) if ln.zone == "body" and i >= h.body_start and not _furniture(ln.text)),
        None,
    )
    if first is None:
        return
    ln = lines[first]
    after = lines[first + 1 :]
    if (
        _opens_body(ln.text)
        or _stops_subject(ln.text)
        or AUTHORITY_WORDS.match(ln.text)
        or re.match(r"^([IVX]+|\d+|[A-Z])\s*[./)]", ln.text)
        or ln.text.rstrip().endswith((";", ".", ",", ":"))
        # a PDF has no weight: a centred line, one in capitals, or one the căn cứ follow straight
        or (
            not _titled(ln, after[:1])
            if ln.bold is not None
            else not (ln.centered or is_caps(ln.text) or after and _opens_body(after[0].text))
        )
    ):
        return
    subject, j = [ln], first + 1
    while j < len(lines) and lines[j].zone == "body":
        nxt = lines[j]
        if _stops_subject(nxt.text) or not _continues_subject(subject, nxt, lines[j + 1 :]):
            break
        subject.append(nxt)
        j += 1
    h.trich_yeu = _join_wrapped([s.text for s in subject]).rstrip(".").strip() or None
    h.body_start = j


def _head_region(lines: list[Line], h: Header, zoned: bool) -> list[int]:
    if zoned:
        return [i for i, ln in enumerate(lines) if ln.zone.startswith("head")]
    end = h.type_idx if h.type_idx is not None else min(len(lines), 12)
    for i, ln in enumerate(lines[:end]):
        if CAN_CU_START.match(ln.text) or re.match(r"^Kính g[ửở]i", ln.text):
            return list(range(i))
    return list(range(end))


def _number(lines: list[Line], h: Header, zoned: bool) -> None:
    candidates = [i for i, ln in enumerate(lines) if ln.zone == "head_left"] if zoned else []
    # a table's row in a PDF: "Số: | /KH-TMN", the number left blank the width of a cell
    candidates += [i for i in range(min(len(lines), 30)) if lines[i].zone in ("body", "head_right", "table")]
    for i in candidates:
        ln = lines[i].text
        if lines[i].zone == "table":
            if not re.match(r"^S[ốô]\b", ln):
                continue
            ln = ln.replace(" | ", " ")
        m = NUMBER_LINE.match(ln)
        if not m or CAN_CU_START.match(ln) or not _numbered(ln, m):
            continue
        if not re.match(r"^S[ốô]", ln, re.I) and re.match(r"^\S+\s*,?\s+(?:ngày|của)\b", m.group("rest")):
            continue  # "Thông tư số 52/2020/TT-BGDĐT ngày 31/12/2020 của Bộ …": a citation, not the number line
        h.number_idx = i
        h.so_ky_hieu = parse_number(m.group("rest"))
        if not m.group("rest").strip() and i + 1 < len(lines) and lines[i + 1].zone == lines[i].zone:
            h.so_ky_hieu = parse_number(lines[i + 1].text)  # "Nghị quyết số:" wrapped by a narrow column
        elif (
            h.so_ky_hieu
            and re.search(r"[-/]\s*$", m.group("rest"))
            and i + 1 < len(lines)
            and lines[i + 1].zone == lines[i].zone
            and re.fullmatch(r"[A-ZĐ][\w&.-]*", lines[i + 1].text.strip())
            and not type_of(lines[i + 1].text)
        ):
            # "Số: 255/BC-BCĐPCGD-" / "XMC": a sign too long for the column, wrapped after its dash
            joined = parse_number(m.group("rest").rstrip() + lines[i + 1].text.strip())
            if joined and len(joined) > len(h.so_ky_hieu):
                h.so_ky_hieu, h.number_wrap = joined, i + 1
        return


# a ministry or a province's committee and the body under it on one line, as some datasets store a header's cell
FLATTENED = re.compile(
    r"^(?P<parent>(?:BỘ|UBND TỈNH|UBND THÀNH PHỐ|ỦY BAN NHÂN DÂN TỈNH|UỶ BAN NHÂN DÂN TỈNH) [^\W\d][^,]*?)"
    r" (?P<body>(?:TỔNG CỤC|CHI CỤC|CỤC|SỞ|VỤ) [^\W\d].*)$"
)


def _numbered(text: str, m: re.Match) -> bool:
    """Whether a line NUMBER_LINE matched is a number line: "Số: …", or a type's ("Nghị quyết số: …", "Công văn số
    550/…"); "TRƯỜNG TH SỐ 2 QUẢNG PHÚ" is a school's name with a number in it."""
    prefix = text[: m.start("rest")]
    prefix = re.sub(r"S[ốô](?:\s*[:.])*\s*$", "", prefix, flags=re.I).strip()
    return not prefix or type_of(prefix) is not None or prefix.lower() == "công văn"


def _place_date(lines: list[Line], h: Header, zoned: bool) -> None:
    region = [i for i, ln in enumerate(lines) if ln.zone == "head_right"] if zoned else []
    limit = h.type_idx if h.type_idx is not None else 40
    # a place and date whose day was left blank ("Long Anh, ngày       tháng 01 năm 2024") is two cells in a PDF
    region += [i for i in range(min(len(lines), limit)) if lines[i].zone in ("body", "table")]
    for i in region:
        if lines[i].zone == "table":
            # a header the PDF reads as rows of both columns ("Năm học 2007- 2008 | Hà Nội, ngày 10 tháng 8 năm
            # 2007"): the place and date begin at one of the cells, the last ones first ("Long Anh, ngày | tháng 01
            # năm 2024": a blank day splits it over two)
            cells = lines[i].text.split(" | ")
            texts = [" ".join(cells[k:]) for k in range(len(cells) - 1, -1, -1)]
        else:
            texts = [lines[i].text]
        m = None
        for t in texts:
            if CAN_CU_START.match(t) or re.search(r"\bs[ốô]\s*\d", t, re.I) and i != h.number_idx:
                continue
            # "Tân Thành, Ngày 05 tháng 9 năm 2012": "Ngày" in capitals too
            m = re.match(r"^(?P<place>[^\W\d][^,;:()]{1,60}?)\s*,?\s*\b[Nn]gày\b(?P<rest>.*)$", t)
            if m and _place_like(m.group("place")) and len(re.sub(r"[\d\s./…-]|tháng|năm", "", m.group("rest"))) <= 3:
                break
            m = None
        if not m:
            continue
        h.dia_danh = clean(m.group("place")).strip(" ,") or None
        rest = m.group("rest")
        # "ngày 22tháng 01 năm 2022": the day typed onto "tháng"
        d = re.match(r"\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", rest)
        if d:
            h.ngay_ban_hanh = _iso(int(d[1]), int(d[2]), int(d[3]))
            if len(d[1]) < 2 or int(d[2]) < 3 and len(d[2]) < 2:
                h.date_warning = UNPADDED
        elif d := re.match(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", rest):
            h.ngay_ban_hanh = _iso(int(d[1]), int(d[2]), int(d[3]))
            h.date_warning = NOT_WORDS
        return
    if h.number_idx is not None:
        # "Số 924/SNV-CCHC Ngày 07-9-2015 V/v …": a portal's caption line
        text = lines[h.number_idx].text
        nxt = lines[h.number_idx + 1].text if h.number_idx + 1 < len(lines) else ""
        if NUMBER_LINE.match(nxt) and parse_number(NUMBER_LINE.match(nxt).group("rest")) == h.so_ky_hieu:
            text = f"{text} {nxt}"  # a portal's caption, then "Số: …, ngày …" on the line below
        d = re.search(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text, re.I)
        if d:
            h.ngay_ban_hanh = _iso(int(d[1]), int(d[2]), int(d[3]))
            return
        d = re.search(r"\bngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text, re.I)
        if d:
            h.ngay_ban_hanh = _iso(int(d[1]), int(d[2]), int(d[3]))
            h.date_warning = NOT_WORDS


def _join_wrapped(parts: list[str]) -> str:
    # "năm học 2014-" + "2015": a narrow column broke the line after a hyphen
    text = ""
    for part in parts:
        text = text + part if re.search(r"[\w.]-$", text) else f"{text} {part}"
    return clean(text)


def _place_like(text: str) -> bool:
    # "Hà Nội", "Tp.Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Quận 1": a few words, nearly all capitalised
    words = rejoin_stray(text).replace(".", ". ").split()  # "Qu ả ng Ngãi": a stored copy's stray spaces
    lower = [w for w in words if not (w[:1].isupper() or w[:1].isdigit())]
    return 0 < len(words) <= 6 and words[0][:1].isupper() and len(lower) <= 1 and not NUMBER_LINE.match(text)


def _iso(d: int, m: int, y: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _stops_subject(text: str) -> bool:
    return bool(
        CAN_CU_START.match(text)
        and not is_caps(text)
        and not text[:1].islower()  # "thực hiện …": a wrapped subject line, not a căn cứ
        # "Chủ đề: “Tự hào …”": the month's theme under a plan's subject
        or re.match(r"^(Kính g[ửở]i|" + FIRST_SECTION + r"|Điều\s+1\b|Nơi nhận|Số\s*:|Chủ đề\s*:)", text, re.I)
        # "PHẦN THỨ NHẤT", "Phần I": the body's first part
        or re.match(r"^Phần\s+(?:thứ\b|[IVX\d]+\b)", text, re.I)
        or QUOC_HIEU.search(text)
        or SEPARATOR.match(text)
    )


def _type_and_subject(lines: list[Line], h: Header, zoned: bool) -> None:
    if _headless_subject(lines, h):
        return
    for i, ln in enumerate(lines[:60]):
        if ln.zone not in ("body",):
            continue
        t = type_of(ln.text)
        if not t:
            continue
        h.loai_van_ban, rest = t
        h.type_idx = i
        # "QUYẾT ĐỊNH 24/2021/QĐ-TTg" (a site's copy): the document's number after the type is not its subject
        if m := SIGN_AFTER_TYPE.match(rest):
            rest = rest[m.end() :].strip()
        j = i + 1
        subject: list[Line] = []
        if QUALIFIER.match(rest.upper()) and j < len(lines) and lines[j].zone == "body":
            nxt = lines[j]
            if not (_opens_body(nxt.text) or _stops_subject(nxt.text)) and _titled(nxt, lines[j + 1 : j + 2]):
                rest = ""  # "BÁO CÁO TUẦN" / "Kết quả …": the subject is the next line
        if rest:
            subject.append(Line(rest, ln.zone, ln.bold, ln.italic, ln.centered))
        while j < len(lines) and SEPARATOR.match(lines[j].text) and not subject:
            j += 1
        if (
            not subject
            and j < len(lines)
            and lines[j].zone == "body"
            and (not _opens_body(lines[j].text) or _titled(lines[j], lines[j + 1 : j + 2]))
            # "Kính gửi: Quý phụ huynh" straight under the type: the addressee of a notice with no subject
            and not re.match(r"^Kính g[ửở]i\b", lines[j].text, re.I)
        ):
            subject.append(lines[j])
            j += 1
        while subject and j < len(lines) and lines[j].zone == "body":
            nxt = lines[j]
            if _stops_subject(nxt.text) or not _continues_subject(subject, nxt, lines[j + 1 :]):
                break
            if clean(nxt.text) == clean(subject[0].text):
                break  # the subject written once more as plain lines under it (a PDF has no weight to tell them by)
            subject.append(nxt)
            j += 1
        # the authority that decides ("ỦY BAN NHÂN DÂN TỈNH …", "HIỆU TRƯỞNG / TRƯỜNG …") and separators
        while (
            j < len(lines)
            and lines[j].zone == "body"
            and (SEPARATOR.match(lines[j].text) or is_caps(lines[j].text) and not type_of(lines[j].text))
            # "I. CĂN CỨ …", "I/ ĐẶC ĐIỂM …": the body's first section
            and not re.match(r"^([IVX]+|\d+|A)\s*(?:[.)]|/-?)\s", lines[j].text)
        ):
            j += 1
        h.trich_yeu = _join_wrapped([s.text for s in subject]).rstrip(".").strip() or None
        h.body_start = j
        return
    # A công văn: "V/v …" (or "Về …") under the number
    first_body = next((i for i, ln in enumerate(lines) if ln.zone == "body"), None)
    for i, ln in enumerate(lines[:40]):
        # in a PDF a long "V/v" line may run past the header column into the body
        # a header the PDF reads as rows of both columns: "V/v: Hướng dẫn … | Độc lập – Tự do – Hạnh phúc"
        in_rows = ln.zone == "table" and " | " in ln.text
        if zoned and ln.zone != "head_left" and i != h.number_idx and i != first_body and not in_rows:
            continue
        text = ln.text.split(" | ")[0] if in_rows else ln.text
        if i == h.number_idx and "V/v" in text:
            text = text[text.index("V/v") :]
        m = SUBJECT_MARK.match(text)
        if not m or (not zoned and i != h.number_idx and i > (h.number_idx or 0) + 3):
            continue
        subject = [m.group("rest")]
        for nxt in lines[i + 1 : i + 10]:
            if zoned and ln.zone == "head_left" and nxt.zone == "head_right":
                continue  # the header typed with tabs: the right column's lines come between the V/v's
            if in_rows and " | " not in nxt.text:
                break  # the left column has ended
            t = nxt.text.split(" | ")[0] if in_rows else nxt.text
            if nxt.zone != ln.zone or is_caps(t) or SEPARATOR.match(t) or _stops_subject(t):
                break
            if not zoned and (NUMBER_LINE.match(t) or re.search(r"\bngày\b.*\bnăm\b", t)):
                break
            subject.append(t)
        h.loai_van_ban = "Công văn"
        h.trich_yeu = _join_wrapped(subject).rstrip(".").strip() or None
        if QUOTED.match(text):  # “V/v …”: the marks go with the line, not with the subject
            h.trich_yeu = h.trich_yeu.rstrip("”\"’'").strip() or None
        break
    head = [i for i, ln in enumerate(lines) if ln.zone.startswith("head")]
    h.body_start = (max(head) + 1) if head else 0
    if not zoned and h.number_idx is not None:
        h.body_start = max(h.body_start, h.number_idx + 1)


def _headless_subject(lines: list[Line], h: Header) -> bool:
    """A decision whose type heading the page lost: "VỀ VIỆC …" in capitals, then the authority line and the căn cứ;
    or any subject in capitals as the body's first line ("BAN HÀNH QUY ĐỊNH …"), then the authority line, the
    preamble and the decision formula ("QUYẾT ĐỊNH:"), which is not the type line."""
    # the first body line; with the header as loose lines, the first line after the number
    first = next(
        (
            i
            for i, ln in enumerate(lines[:20])
            if ln.zone == "body"
            and (h.number_idx is None or i > h.number_idx)
            and not ln.zone.startswith("head")
            and is_caps(ln.text)
            and re.match(r"^(VỀ VIỆC|V/V)\s", ln.text)
        ),
        None,
    )
    formula = None
    if first is None:
        # no "VỀ VIỆC": the body's first line, in capitals, if a decision formula ends the preamble under it (with
        # the header as loose lines, the first after the number, the motto and the place and date)
        first = next(
            (
                i
                for i, ln in enumerate(lines[:20])
                if ln.zone == "body"
                and (h.number_idx is None or i > h.number_idx)
                and not (QUOC_HIEU.search(ln.text) or TIEU_NGU.search(ln.text) or SEPARATOR.match(ln.text))
                and not (len(ln.text) < 80 and re.search(r"\bngày\b.*\btháng\b.*\bnăm\b", ln.text))
            ),
            None,
        )
        if first is None or not is_caps(lines[first].text) or type_of(lines[first].text):
            return False
        if AUTHORITY_WORDS.match(lines[first].text):
            return False
        formula = True
    if any(ln.zone == "body" and type_of(ln.text) for ln in lines[:first]):
        return False
    j = first + 1
    while j < min(len(lines), first + 4) and is_caps(lines[j].text) and not AUTHORITY_WORDS.match(lines[j].text):
        j += 1
    if not (j < len(lines) and AUTHORITY_WORDS.match(lines[j].text)):
        return False
    if formula:
        formula = _formula_after(lines[j + 1 :])
        if not formula:
            return False
        h.loai_van_ban = "Quyết định" if formula.startswith("QUYẾT ĐỊNH") else "Nghị quyết"
    elif not _authority_follows(lines[j], lines[j + 1 :]):
        return False
    h.trich_yeu = _join_wrapped([ln.text for ln in lines[first:j]]).rstrip(".").strip() or None
    h.type_idx = first
    h.body_start = j + 1
    return True


def _formula_after(after: list[Line]) -> str | None:
    """Return the decision formula ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:") that ends a preamble of sentences (căn cứ lines,
    however the page cut their start), or None if a heading or an article comes first."""
    for ln in after[:12]:
        if ln.zone != "body":
            return None
        text = clean(ln.text)
        if re.match(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:$", text):
            return text
        if is_caps(text) and not SEPARATOR.match(text) or re.match(r"^Điều\s+\d", text):
            return None
    return None


def _opens_body(text: str) -> bool:
    return bool(
        CAN_CU_START.match(text)
        and has_ref(text)
        and not is_caps(text)
        or re.match(r"^(Kính g[ửở]i|" + FIRST_SECTION + r"|Điều\s+1\b)", text)
    )


def _titled(line: Line, after: list[Line]) -> bool:
    """A line set as a title and not ended as a sentence or list item is: "Thực hiện Chỉ thị 13-CT/TW của Ban Bí thư
    về …" under "CHƯƠNG TRÌNH" is the subject, not a căn cứ. In a .docx a title is bold; a PDF has no weight to go by,
    and a title line as long as the page is not seen as centred: there the title is a line that is centred, or one
    whose next line goes on in lower case, centred ("… của Đảng" / "đối với công tác …"), or a short one that is not
    a list item."""
    text = line.text.rstrip()
    if text.endswith((";", ".", ",", ":")):
        return False
    if line.bold is not None:
        return bool(line.bold)
    nxt = after[0] if after else None
    return bool(
        line.centered
        or nxt is not None
        and nxt.centered
        and nxt.text[:1].islower()
        or len(text) < 120
        and not re.match(r"^[-+*•–]\s", text)
        and not CAN_CU_START.match(text)
    )


def _continues_subject(subject: list[Line], nxt: Line, after: list[Line]) -> bool:
    caps_now = is_caps(" ".join(s.text for s in subject))
    if (
        caps_now
        and re.search(r"\b(NĂM|NĂM HỌC|GIAI ĐOẠN|NHIỆM KỲ)$", subject[-1].text.rstrip())
        and re.match(r"^\d{4}(?:\s*[-–]\s*\d{4})?$", nxt.text.strip())
    ):
        return True  # "… TRÊN NGƯỜI NĂM" / "2024": a subject in capitals wrapped before the year it covers
    if caps_now and BRACKETED_PERIOD.match(nxt.text.strip()):
        return True  # "… TRÊN ĐỊA BÀN THÀNH PHỐ HÀ NỘI" / "(Giai đoạn: 2021- 2025)", set in italics or not at all
    if caps_now and len(subject) == 1 and len(subject[0].text.split()) <= 3 and not is_caps(nxt.text):
        # "BÁO CÁO THÀNH TÍCH" / "Phong trào hoạt động của Chi hội … năm 2021" / "Đề nghị UBND xã … tặng Giấy
        # khen": a word or two after the type, and the subject set under it as a title (bold; in a PDF, centred, or
        # a line too long to be seen as centred with a centred one under it)
        title = nxt.bold if subject[0].bold is not None else nxt.centered or bool(after and after[0].centered)
        if title and nxt.text[:1].isupper() and not re.match(r"^[IVX\d]+\s*[./)]", nxt.text):
            return not nxt.text.rstrip().endswith((".", ":", ";", ","))
    if is_caps(nxt.text) != caps_now:
        # a title in capitals whose subject follows in lower case: "HỘI NGHỊ LẦN THỨ BẢY …" / "về xây dựng …",
        # "CỦA ĐOÀN …" / "thực hiện Nghị quyết …"; or ends on the period it covers: "… CÔNG ĐOÀN" / "Tháng 6/ 2022"
        set_as_title = nxt.bold if subject[0].bold is not None else not nxt.text.endswith((".", ":", ";"))
        return bool(
            caps_now
            and set_as_title
            and (
                re.match(r"^(về|v/v)\s", nxt.text)
                or PERIOD_LINE.match(nxt.text)
                and len(nxt.text) < 40
                or nxt.text[:1].islower()
                and len(nxt.text) < 160
            )
        )
    if caps_now:  # an upper-case subject runs on until the authority line that decides
        return not (AUTHORITY_WORDS.match(nxt.text) and _authority_follows(nxt, after))
    first, prev = subject[0], subject[-1].text
    if first.bold is not None:  # a .docx: the subject is bold
        return bool(nxt.bold)
    # a PDF: no weight to go by; a centred, short or plainly unfinished line goes on
    return bool(
        first.centered
        and nxt.centered
        or nxt.text[:1].islower()
        or prev.endswith(",")
        or not prev.endswith((".", ":", ";"))
        and len(nxt.text) < 90
        and not nxt.text.endswith((".", ":"))
    )


def _authority_follows(nxt: Line, after: list[Line]) -> bool:
    # an authority line stands right before the căn cứ or the decision formula; a whole one ("THƯỜNG TRỰC HỘI ĐỒNG
    # NHÂN DÂN HUYỆN AN BÌNH") with another authority line under it is still the subject, the one under it decides
    # ("ĐOÀN CHỦ TỊCH" / "ỦY BAN TRUNG ƯƠNG …": a short one goes on to the next line)
    for ln in after[:3]:
        if CAN_CU_START.match(ln.text) or re.match(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:?$", ln.text):
            return True
        if not (is_caps(ln.text) or SEPARATOR.match(ln.text)):
            return False
        if AUTHORITY_WORDS.match(ln.text) and len(nxt.text.split()) > 3:
            return False
    return False


def _issuer(lines: list[Line], h: Header, zoned: bool) -> None:
    region = _head_region(lines, h, zoned)
    if zoned:
        region = [i for i in region if lines[i].zone == "head_left"]
    elif h.number_idx is not None:
        region = [i for i in region if i < h.number_idx] or region
    motto = next((lines[i].text for i in _head_region(lines, h, zoned) if ORG_MOTTO.match(lines[i].text)), None)
    groups: list[list[str]] = []
    written = None  # a body's name under its parent's in capitals, written as in a sentence
    before = ""  # what the line before was: "name" (a name in capitals), "written" (the name as written)
    for i in region:
        t = lines[i].text
        last, before = before, ""
        if (
            last == "name"
            and t[:1].isupper()
            and not is_caps(t)
            and _starts_body(t.upper())
            and len(t.split()) <= 12
            and not NUMBER_LINE.match(t)
            and not SUBJECT_MARK.match(t)
        ):
            # "UỶ BAN NHÂN DÂN THỊ XÃ BUÔN HỒ" / "Trường PTDTNT THCS TX Buôn Hồ": the school as the header writes it
            written, before = clean(t.strip(" *")), "written"
            continue
        short = len(t.split()) <= 2 and t[:1].isupper() and not is_caps(t) and not NUMBER_LINE.match(t)
        if last == "written" and short:
            written = f"{written} {clean(t.strip(' *'))}"  # "… TX Buôn" / "Hồ": a narrow column wrapped it
            continue
        if (
            i == h.number_wrap
            or not is_caps(t)
            or QUOC_HIEU.search(t)
            or TIEU_NGU.search(t)
            or ORG_MOTTO.match(t)
            or SEPARATOR.match(t)
            or (m := NUMBER_LINE.match(t)) is not None
            and _numbered(t, m)
            or parse_number(t)
            or SUBJECT_MARK.match(t)
            or re.match(r"^(KHẨN|HỎA TỐC|HOẢ TỐC|MẬT|TỐI MẬT)\b", t)
            or DRAFT.match(t)
            or type_of(t)
            or re.match(r"^[“\"]", t)  # "“ XÂY DỰNG TỔ CHỨC …”": a title in quotes, not a body's name
        ):
            continue
        t = t.strip(" *")
        t = re.sub(r"^Y BAN\b", "ỦY BAN", t)  # "Y BAN NHÂN DÂN": the page lost the "Ủ"
        if m := FLATTENED.match(t):
            # "BỘ TÀI CHÍNH TỔNG CỤC THUẾ": a parent and the body under it, the header's two lines run into one
            groups.append([m.group("parent")])
            t = m.group("body")
        # "TRƯỜNG: THCS MÔNG ÂN": a colon after the kind of body
        t = re.sub(r"^([^\W\d]+(?: [^\W\d]+){0,3})\s*:\s*", lambda m: m[1] + " " if m[1] in KINDS else m[0], t)
        if not groups or _starts_body(t) and not _incomplete(" ".join(groups[-1])):
            groups.append([t])
        else:
            groups[-1].append(t)
        before = "name"
    if not groups:
        # a letterhead that lost its capitals, in a header of columns or of loose lines
        _issuer_written(lines, region, h)
        return
    if written:
        h.co_quan_ban_hanh = written
        h.co_quan_chu_quan = as_written(" ".join(groups[-1]), "")
        return
    if len(groups) > 1 and groups[-2] == ["THỦ TƯỚNG"] and groups[-1][0].startswith("CHÍNH PHỦ"):
        groups[-2].extend(groups.pop())  # "THỦ TƯỚNG" / "CHÍNH PHỦ": the Prime Minister's letterhead on two lines
    if len(groups) > 1 and len(groups[-1]) == 1 and len(groups[-1][0].split()) == 1:
        # "TRƯỜNG TH-THCS THANH" / "TRƯỜNG": a name wrapped on its last word, a word that names a kind of body too;
        # a kind alone, with nothing under it, names no body
        groups[-2].extend(groups.pop())
    issuer = " ".join(groups[-1])
    parent = " ".join(groups[-2]) if len(groups) > 1 else None
    suffix = ""
    if parent and re.match(r"^(ỦY BAN KIỂM TRA|UỶ BAN KIỂM TRA|BAN |VĂN PHÒNG)", issuer):
        if re.match(r"^BAN CHẤP HÀNH TRUNG ƯƠNG$", parent):
            suffix = " Trung ương"
        elif m := re.match(r"^(TỈNH|THÀNH|HUYỆN|THỊ|QUẬN) (ỦY|UỶ)\b", parent):
            suffix = " " + sentence_case(f"{m[1]} {m[2]}")
    if motto and motto.upper().startswith("ĐOÀN") and re.match(r"^BAN CHẤP HÀNH\b", issuer) and "ĐOÀN" not in issuer:
        issuer = f"{issuer} {motto.upper()}"
    elif parent and BARE_COMMITTEE.match(issuer) and MASS_ORG.match(parent):
        # "HỘI NÔNG DÂN VIỆT NAM" over "BAN CHẤP HÀNH TRUNG ƯƠNG": the committee is the association's
        issuer = f"{issuer} {parent}"
    if _incomplete(issuer) and h.type_idx is not None:
        # "ỦY BAN NHÂN DÂN" with no place under it: the authority line names it whole ("CHỦ TỊCH ỦY BAN NHÂN DÂN
        # TỈNH NINH BÌNH")
        for ln in lines[h.type_idx + 1 : h.body_start]:
            k = ln.text.upper().find(issuer.upper() + " ")
            # the authority line opens with the name or a title before it ("CHỦ TỊCH …"); a subject in capitals
            # naming "ỦY BAN NHÂN DÂN QUẬN, HUYỆN" further on is not it
            if k >= 0 and is_caps(ln.text) and AUTHORITY_TITLE.match(ln.text[:k].strip(" *")):
                issuer = ln.text[k:].strip()
                break
    # the name as the document writes it, looked for in its opening pages
    body_text = " ".join(ln.text for ln in lines[h.body_start : h.body_start + 150] if ln.zone in ("body", "table"))
    if (bare := PEOPLES_BODY.match(issuer.upper())) and h.dia_danh:
        # a bare "ỦY BAN NHÂN DÂN" whose authority line names no place ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"): the
        # province the text names at the place it is issued in ("… Sở Nông nghiệp … tỉnh Vĩnh Long")
        text = " ".join(ln.text for ln in lines[:200] if ln.zone in ("body", "table"))
        if m := re.search(r"\b(tỉnh|thành phố)\s+" + re.escape(h.dia_danh) + r"\b", text, re.I):
            issuer = f"{bare[1]} {m[1].upper()} {h.dia_danh.upper()}"
    h.co_quan_ban_hanh = _level_in_lower(as_written(issuer, body_text)) + suffix
    if parent:
        h.co_quan_chu_quan = as_written(parent, body_text)


# "Ủy ban nhân dân Thành phố Hồ Chí Minh": a text's capital on the kind of place in a People's Committee's or
# Council's name
PEOPLES_LEVEL = re.compile(
    r"^((?:Ủy|Uỷ) ban nhân dân|Hội đồng nhân dân) (Tỉnh|Thành phố|Huyện|Quận|Xã|Phường|Thị xã|Thị trấn) (?=\w)"
)


def _level_in_lower(name: str) -> str:
    """Write the kind of place in a People's Committee's or Council's name in lower case, as Nghị định 30 writes it
    ("Ủy ban nhân dân thành phố Hồ Chí Minh", where a text writes "… Thành phố Hồ Chí Minh")."""
    return PEOPLES_LEVEL.sub(lambda m: f"{m.group(1)} {m.group(2).lower()} ", name)


def _issuer_written(lines: list[Line], region: list[int], h: Header) -> None:
    """A letterhead that has lost its capitals ("Hội Liên hiệp Thanh niên Việt Nam" over "Uỷ ban Trung ương"): each
    line that names a kind of body read as written, a bare committee under a mass organisation's name being its."""
    names = [
        t
        for i in region
        if (_starts_body(u := (t := lines[i].text.strip(" *")).upper()) or BARE_COMMITTEE.match(u))
        and not NUMBER_LINE.match(t)
    ]
    if not names or len(names) > 2 or any(len(t.split()) > 10 for t in names):
        return
    issuer, parent = names[-1], names[0] if len(names) == 2 else None
    if parent and BARE_COMMITTEE.match(issuer.upper()) and MASS_ORG.match(parent.upper()):
        issuer = f"{issuer} {parent}"
    h.co_quan_ban_hanh = issuer
    if parent:
        h.co_quan_chu_quan = parent


def _starts_body(text: str) -> bool:
    t = text.upper()
    return t.startswith("UBND ") or any(t == k or t.startswith(k + " ") for k in KINDS)


def _incomplete(name: str) -> bool:
    # "ỦY BAN NHÂN DÂN" waits for its place; "BỘ LAO ĐỘNG – THƯƠNG" for the rest of its field
    t = name.upper().strip()
    return t in KINDS or bool(re.search(r"[-–&,]$|\b(VÀ|THƯỜNG VỤ)$", t))
