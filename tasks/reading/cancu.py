"""Read the căn cứ: the documents a document is issued on the basis of ("Căn cứ …", "Thực hiện …", "Trên cơ
sở …", "Xét đề nghị của … tại Tờ trình số …"), each with its number, date and issuing body."""

from __future__ import annotations

import re

from tasks.reading.lines import Line
from tasks.reading.patterns import clean
from tasks.reading.vndates import parse_date_in

# "374/ĐK:HT": a colon inside a sign, with no space after it
SYMBOL = re.compile(r"[A-ZĐ0-9][\wĐđ&.]*(?:(?:\s*[-–/]\s*|:(?=[A-ZĐ]))[A-ZĐ0-9][\wĐđ&.]*)*")
# "… số 66/KH-UBND", and "Công văn 285/CCTTHC", "Quyết định 142/2009/QĐ-TTg": a type word straight before the number;
# "Nghị định s20/2008/NĐ-CP", "Nghị định s 63/2010/NĐ-CP": "số" that lost its letters on the page
ANCHOR = re.compile(
    # "tại các văn bản: Số 202/TTr-…, số 192/TTr-…": a list's first item with a capital
    r"\b[sS][ốô](?:\s+s[ốô])?\s*:?\s*(?=\d)"
    # "công văn 167/SGD&ĐT-VP": the letter's type, a common noun, often in lower case
    r"|\b(?:[Cc]ông văn|Quyết định|Kế hoạch|Nghị định|Nghị quyết|Thông tư|Chỉ thị|Thông báo|Tờ trình|Kết luận"
    r"|Hướng dẫn|Chương trình)"  # "Căn cứ Hướng dẫn 5937/BGDĐT-GDTH …"
    r"\s+(?:s\s*)?(?=\d)"
)
TRIGGER = re.compile(
    r"^(?:[-–—*•]\s*)?(Căn cứ|Thực hiện|Trên cơ sở|Xét đề nghị|Theo đề nghị|Theo|Tiếp theo|Tiếp nhận"
    # "Xét tình hình thực tế ở địa phương và theo đề nghị của … tại Công văn số …": a proposal after another ground
    r"|Xét(?=[^.;]{0,80}?\bđề nghị\s+của\b)"
    # "Căn công văn 167/…", "Căn vào công văn số 804/…": "Căn cứ" whose "cứ" the page lost, known by the document it
    # names straight after ("Căn nhà …", "Căn bản …" are not citations)
    r"|Căn(?=\s+(?:vào\s+)?(?:công văn|quyết định|kế hoạch|nghị định|nghị quyết|thông tư|chỉ thị|thông báo|"
    r"hướng dẫn|văn bản|luật)\s+(?:s[ốô]\s*:?\s*)?\d))\b",
    re.I,
)
RECEIVED = re.compile(r"\bnhận được\s+[^.;]{0,40}?\bs[ốô]\s*\d", re.I)
SECTION = re.compile(
    r"^(I|II|1|Phần\s+[IV1]|PHẦN\s+[IV1]|Chương\s+I|CHƯƠNG\s+I)\s*[.):]?\s|^Điều\s+1\b|^(QUYẾT ĐỊNH|QUYẾT NGHỊ)\s*:?$"
)
TYPE_WORDS = (
    r"(?:Kế hoạch|Công văn|Quyết định|Nghị quyết|Chỉ thị|Thông báo|Hướng dẫn|Chương trình|Nghị định|Thông tư|"
    r"Báo cáo|Kết luận|Văn bản|Luật|Tờ trình|Quy định|Công điện|đề nghị|các)"
)
BODY_END = re.compile(
    r"\s+(?:về|[Vv]/[Vv]|ban hành|hướng dẫn|Hướng dẫn|quy định|phê duyệt|sửa đổi|thi hành|triển khai|thực hiện|đã|"
    r"công bố|thành lập|tại|kèm theo|nêu trên|gửi|giao|Về|đề nghị"
    # "của Quốc hội phê chuẩn Nghị định thư …", "của Thủ tướng Chính phủ kiện toàn Ban Chỉ đạo …": what it does
    r"|phê chuẩn|chấp thuận|thông qua|cho phép|bãi bỏ|điều chỉnh|kiện toàn|phân bổ|phân cấp|công nhận|chấm dứt"
    # "của Thủ tướng Chính phủ hỗ trợ người có công …", "… tặng Bằng khen …" (not words a body's name holds in lower
    # case, as "Ban chỉ đạo", "Hội đồng thi đua - khen thưởng" hold theirs)
    r"|hỗ trợ|tặng|bổ sung|xếp hạng|tăng cường|đẩy mạnh)\b"
    # "của Bộ Tài chính Quy định về …", "của Bộ … Ban hành …": the description written with a capital
    r"|\s+(?:Quy định|Ban hành|Phê duyệt|Sửa đổi)\s"
    # "của Chính phủ ngày 24 tháng 6 năm 2023": the date after the issuer
    r"|\s+ngày\s+\d"
    r"|\s+và\s+" + TYPE_WORDS + r"\b"
    r"|\s+và\s+(?:kết quả|tình hình|thực tế|yêu cầu|căn cứ|các|những)\b"
    r"|\s*[“\"]"  # "của Chính phủ “Quy định chi tiết …”": the subject in quotes
    # "(ban hành theo Quyết định số … của Ủy ban nhân dân thành phố Hồ Chí Minh)": the bracket it was named in closes
    r"|[,;()]|\.(?=\s|$)|:"
)
# "Bộ Lao động, Thương binh và Xã hội", "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ": names with a comma in them
COMMA_NAMES = re.compile(
    r"Lao động,\s*Thương binh và Xã hội|Văn h(?:óa|oá),\s*Thể thao và Du lịch"
    r"|Bộ trưởng,\s*(?:Chủ nhiệm|Tổng Thanh tra|Chủ tịch)"
)
# "… của Bộ Tư pháp hướng dẫn thi hành Quyết định số 25/2021/QĐ-TTg": a document the one before it guides
NAMED_IN_SUBJECT = re.compile(r"\b(?:hướng dẫn|thi hành|triển khai)\s+(?:" + TYPE_WORDS + r"\s*)?$")
# "… về sửa đổi, bổ sung một số điều của Nghị định số 135/2004/NĐ-CP ngày …": the document the one before it
# amends or guides, named in its subject with its own date and issuer — not a căn cứ of its own
AMENDED = re.compile(
    r"\b(?:sửa đổi|bổ sung|thay thế|bãi bỏ|hướng dẫn thi hành|quy định chi tiết)\b[^;]{0,60}?\bcủa\s+"
    + TYPE_WORDS
    + r"\s*$"
)
# "của Ủy ban nhân dân (UBND) tỉnh Quảng Nam", "của Sở Giáo dục và Đào tạo (GDĐT)": the short form in brackets
SHORT_FORM = re.compile(r"\s*\((?:[A-ZĐ][A-ZĐ&\-]*)\)")
# "của liên Bộ: Lao động - Thương binh và Xã hội, Nội vụ, Tài chính quy định …": ministries issuing jointly
JOINT = re.compile(r"^liên\s+Bộ\s*:?[^;]*?(?=\s+(?:quy định|hướng dẫn|về|ban hành|[Vv]/[Vv])\b|;|$)")
# "ngày 23 tháng 4 năm 2018 Chính phủ về …": the issuer straight after the date, "của" left out
NAKED_ISSUER = re.compile(
    r"^\s+(?=(?:Chính phủ|Thủ tướng|Quốc hội|Bộ\s|Bộ trưởng|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Văn phòng)\b)"
)
# a line of the căn cứ list that names its document without "Căn cứ": "Công văn số 1841/SGDĐT-GDTH ngày …"
LISTED = re.compile(r"^(?:[-–—*•+]\s*)?" + TYPE_WORDS + r"\s+(?:liên tịch\s+)?(?:s[ốô]\s*:?\s*)?\d")
DESCRIBES = re.compile(r"\s(?:về|V/v|quy định|hướng dẫn|phê duyệt|sửa đổi|ban hành)\s")
# "I. CĂN CỨ PHÁP LÝ XÂY DỰNG KẾ HOẠCH", "1. Căn cứ pháp lý": a section that lists the căn cứ, one item a line
# "A. CĂN CỨ XÂY DỰNG KẾ HOẠCH": a lettered section too
BASIS_HEADING = re.compile(r"^(?:[IVX]+|\d+|[A-Z]|Phần\s+[IVX\d]+|PHẦN\s+[IVX\d]+)\s*[.):]?\s*căn cứ\b", re.I)
PROPOSAL = re.compile(r"^(?:[-–—*•]\s*)?(Xét|Theo)\s+đề nghị\b", re.I)
PROPOSER = re.compile(r"\bcủa\s+(?P<x>[^;,]+?)\s+tại\b")
# "ngày 06 Tháng 10 năm 2023": the words of a date in any case
DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ngày\s+)+(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}|\d{2}\s\d{2})(?!\d)|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
    re.I,
)
# "Nghị định số 38/2023/NĐ-CP của Chính phủ ngày 24 tháng 6 năm 2023": the issuer before the date
ISSUER_THEN_DATE = re.compile(r"^\s*,?\s*của\s+[^;,]{1,80}?(?=\s+ngày\s+\d)", re.I)
# "ngày 03/12/2021của LĐLĐ tỉnh": "của" typed onto the date
OF = r"(?:\b|(?<=\d))của\s+"
# "Thông tư liên tịch số: 183/2010/TTLT/BTC-BNN, ngày 15 tháng 11 năm 2010 giữa Bộ Tài chính và Bộ Nông nghiệp và
# PTNT hướng dẫn …": a joint document's issuers named with "giữa" in place of "của", straight after its number or date
# (a body's name must follow: "giữa kỳ", "giữa năm học" are times, not issuers)
BETWEEN = re.compile(
    r"\s*,?\s*giữa\s+(?P<x>(?:Bộ|Sở|Ủy ban|Uỷ ban|UBND|Ban|Hội|Liên|Tổng|Cục|Văn phòng|Phòng|Trung ương|Mặt trận"
    r"|Công đoàn|Đoàn|Ngân hàng|Kiểm toán|Tòa án|Toà án|Viện|Chính phủ)\b.+)$",
    re.S,
)
# "Quyết định số … ngày …, Thông tư số … ngày … của Bộ trưởng …": documents listed before the one issuer they share
SHARES_ISSUER = re.compile(
    r"^\s*(?:,?\s*ngày\s+[\d/.\- ]+|,?\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})?\s*(?:,|và)\s*"
    + TYPE_WORDS
    + r"\s*$"
)


# "Thông tư số … ngày … về việc ban hành Quy chế … của Bộ trưởng Bộ Giáo dục và Đào tạo": a signer's title that ends
# the citation after its subject is its issuer, not part of the subject
# — only for a document that issues something ("ban hành …"), and not after the words that make the title the
# thing described ("chức năng, nhiệm vụ của Giám đốc …", "chế độ, chính sách của Chủ tịch …")
SIGNER_LAST = re.compile(
    OF + r"(?P<x>(?:Bộ trưởng|Thủ tướng|Chủ tịch|Thống đốc|Giám đốc|Tổng cục trưởng|Cục trưởng|Tổng Kiểm toán)"
    r"\s[^;]*?)\s*$",
    re.S,
)
OBJECT_OF = re.compile(
    r"(?:nhiệm vụ|quyền hạn|chức năng|chính sách|chế độ|trách nhiệm|hoạt động|làm việc|tiêu chuẩn|thẩm quyền)\s*$", re.I
)


def _signer_last(after: str) -> re.Match | None:
    """Return the last "của <signer's title> …" that ends a citation issuing something, else None."""
    if not re.search(r"\bban hành\b", after, re.I):
        return None
    last = None
    for m in re.finditer(OF, after):
        if (hit := SIGNER_LAST.match(after, m.start())) and not OBJECT_OF.search(after[: m.start()]):
            last = hit
    return last


# "Công văn số … ngày …, v/v hướng dẫn … năm học 2024 – 2025 của phòng GD&ĐT Phong Điền.": a body that ends the
# citation after its subject, straight after the period the subject covers, is its issuer (written in lower case too)
PERIOD_THEN_ISSUER = re.compile(
    r".*\b\d{4}\s*,?\s+"
    + OF
    + r"(?P<x>(?:[Pp]hòng|[Tt]rường|Sở|Ủy ban|Uỷ ban|UBND|Ban|Hội|Bộ|Cục|Chi cục|Tổng cục|Công đoàn|Liên đoàn|Đoàn)"
    r"\s[^;]*?)\s*\.?\s*$",
    re.S,
)


# "của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam (khóa VIII) về …": the body's term in brackets, part of its name
# (as "Ban Chấp hành Trung ương Đảng khóa XII" is), not a note that ends it
TERM = re.compile(r"\((\s*(?:[Kk]h[oó]a|[Kk]hoá|[Nn]hiệm kỳ)\s+[IVXLC]+\s*)\)")


def _protect(text: str) -> str:
    """Mark the commas inside names that have one ("Bộ Văn hoá, Thể thao và Du lịch") as \\x00, and the brackets
    of a body's term ("(khóa VIII)") as \\x02 and \\x03."""
    text = TERM.sub(lambda c: "\x02" + c.group(1) + "\x03", text)
    return COMMA_NAMES.sub(lambda c: c.group(0).replace(",", "\x00"), text)


def _restore(text: str) -> str:
    """Undo _protect's marks."""
    return text.replace("\x00", ",").replace("\x02", "(").replace("\x03", ")")


def number_at(text: str) -> tuple[str, int] | None:
    """Return a number and symbol ("55/KH-UBND", "45-KH/ĐU") at the start of a text, normalised; and its length."""
    # "66.17/2026/NQ-CP": a number with a dot in it, straight before its slash
    # "1281/-UBND": the type letters lost between the slash and the dash, the rest kept as printed
    m = re.match(r"\s*(\d{1,5}(?:\.\d{1,3}(?=/))?[a-zA-Z]?)(\s*/-(?=[A-ZĐ])|\s*[/\-–]\s*|\s+)(?=[A-ZĐ0-9])", text)
    if not m:
        return None
    sym = SYMBOL.match(text, m.end())
    if not sym:
        return None
    sep = m.group(2).strip() or "-"
    symbol = re.sub(r"\s+", "", sym.group(0)).replace("–", "-")
    number = f"{m.group(1)}{sep if sep == '/-' else '-' if sep in '-–' else '/'}{symbol}".rstrip(".-/")
    return (number, sym.end()) if "/" in number else None


def parse_number(text: str) -> str | None:
    """Return the number and symbol a text begins with ("Số: 55/KH-UBND" without "Số:"), or None."""
    found = number_at(text)
    return found[0] if found else None


def has_ref(text: str) -> bool:
    """Say whether a text cites a numbered document ("… số 66/KH-UBND")."""
    return any(parse_number(text[m.end() :]) for m in ANCHOR.finditer(text))


def refs_in(sentence: str) -> list[dict]:
    """Return the documents a sentence cites, in order: number and symbol, date, issuing body."""
    found = [(m, number_at(sentence[m.end() :])) for m in ANCHOR.finditer(sentence)]
    found = [(m, n) for m, n in found if n]
    ctx = re.search(r"\bcác\s+\w+(?:\s+\w+)?\s+của\s+(?P<x>[^:;]+?):", sentence)
    out = []
    named_inside: set[int] = set()  # "… của Bộ Tư pháp hướng dẫn thi hành Quyết định số 25/2021/QĐ-TTg;"
    for k, (m, (number, length)) in enumerate(found):
        nxt = found[k + 1][0].start() if k + 1 < len(found) else len(sentence)
        prev_end = found[k - 1][0].end() + found[k - 1][1][1] if k else 0
        after = sentence[m.end() + length : nxt].split(";")[0]
        d = DATE_AFTER.match(after)
        if not d and (late := ISSUER_THEN_DATE.match(after)):
            d = DATE_AFTER.match(after[late.end() :])
        # "16/7/20 21": a year the typist split
        day = parse_date_in("ngày " + re.sub(r"(\d{2})\s(\d{2})$", r"\1\2", d.group(1))) if d else None
        body = None
        before = sentence[prev_end : m.start()]
        # "của Bộ trưởng Bộ Văn hoá, Thể thao và Du lịch tại …": a name with a comma in it
        proposer = list(PROPOSER.finditer(_protect(sentence[: m.start()]))) if PROPOSAL.match(sentence) else []
        own = re.search(OF + r"(?P<x>.+)$", after, re.S)
        if between := BETWEEN.match(after, d.end() if d else 0):
            own = between  # "… ngày 15 tháng 11 năm 2010 giữa Bộ Tài chính và Bộ …": a joint document's issuers
        if own and DESCRIBES.search(after[: own.start()]):
            own = None  # "… 62/2019/NĐ-CP về điều chỉnh … của Nghị định …": a "của" inside the description
            if (last := _signer_last(_protect(after))) and not BODY_END.search(last.group("x")):
                own = last  # "… về việc ban hành Quy chế … của Bộ trưởng Bộ …": the signer named last
            elif last := PERIOD_THEN_ISSUER.match(_protect(after)):
                own = last  # "… v/v hướng dẫn … năm học 2024 – 2025 của phòng GD&ĐT …": the body named last
        if pm := re.search(r"đề nghị của\s+(?P<x>.+?)\s+tại\s+(?:\S+\s+){0,3}$", before):
            # "của Sở … (Thường trực Ban …) tại Tờ trình số …": a note in brackets after the name
            body = SHORT_FORM.sub("", pm.group("x")).split(" (")[0]
        elif PROPOSAL.match(sentence) and (
            bm := re.search(r"(?:đề nghị của|\)\s*(?:và|,))\s+(?P<x>[^()]+?)\s*\(\s*(?:[^\W\d]+\s+){0,2}$", before)
        ):
            # "Xét đề nghị của Chủ tịch UBND tỉnh Quảng Ninh (Tờ trình số …) và Trưởng ban … (Tờ trình số …)": each
            # proposer named before its Tờ trình in brackets
            body = bm.group("x")
        elif proposer and not own:
            # "Theo đề nghị của X tại Tờ trình số …, Báo cáo số …; của Y tại …": each goes with its proposer;
            # "… số 3390/TTr-BCT … và số 374/BC-BCT ngày … về chính sách của Luật …": the last one too
            body = _restore(proposer[-1].group("x"))
        elif bm := own:
            x = _protect(SHORT_FORM.sub("", bm.group("x")))
            x = JOINT.sub(lambda c: c.group(0).replace(",", "\x00").replace(":", "\x01"), x)
            end = BODY_END.search(x)
            body = _restore(x[: end.start()] if end else x).replace("\x01", ":")
        elif d and NAKED_ISSUER.match(rest := after[d.end() :]) and not re.search(r"\bcủa\s", after[: d.start()]):
            x = _protect(rest.strip())
            end = BODY_END.search(x)
            body = _restore(x[: end.start()] if end else x)
        elif ctx:
            body = ctx.group("x")
        body = clean(body).strip(" ,;.") if body else None
        if k and not day and not body and ";" not in before and NAMED_IN_SUBJECT.search(before):
            named_inside.add(k)  # named in the subject of the document before it, with no date or issuer of its own
        elif k and ";" not in before and AMENDED.search(before):
            named_inside.add(k)
        out.append({"so_ky_hieu": number, "ngay": day.isoformat() if day else None, "co_quan": body or None})
    for k in range(len(out) - 2, -1, -1):
        m, (_, length) = found[k]
        gap = sentence[m.end() + length : found[k + 1][0].start()]
        if out[k]["co_quan"] is None and SHARES_ISSUER.match(gap):
            out[k]["co_quan"] = out[k + 1]["co_quan"]
            if out[k]["ngay"] is None and not re.search(r"\d", gap):
                # "Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW ngày 12/12/2013 của …": the date shared too
                out[k]["ngay"] = out[k + 1]["ngay"]
    return [ref for k, ref in enumerate(out) if k not in named_inside]


def read_can_cu(lines: list[Line], start: int) -> list[dict]:
    """Return the documents cited in the preamble (from `start` to the first section), without repeats."""
    out: list[dict] = []
    # each number read: where it stands in `out`, and whether it was cited first in its sentence (the sentence's own
    # căn cứ) or in passing, inside another's description
    seen: dict[str, tuple[int, bool]] = {}
    in_basis = False  # inside a section that lists the căn cứ: every item is one, with or without "Căn cứ"
    listing = False  # the line before was a căn cứ line: a next line naming a document is one too
    for ln in lines[start : start + 16]:
        if ln.zone not in ("body",):
            continue
        if BASIS_HEADING.match(ln.text) and (in_basis or not out):
            in_basis = True
            continue
        if in_basis and re.match(r"^([IVX]+\s*[.)]|[A-Z]\s*[.)]|Phần|PHẦN|Chương|CHƯƠNG|Điều)\s", ln.text):
            break  # the next section; numbered items ("1. Luật …") stay in the list
        if not in_basis and SECTION.match(ln.text):
            break
        listed = listing and bool(LISTED.match(ln.text))
        listing = bool(TRIGGER.match(ln.text)) or listed
        for sentence in re.split(r"(?<=[.])\s+(?=[A-ZĐÀ-Ỹ])", ln.text):
            if not (in_basis or listed or TRIGGER.match(sentence) or RECEIVED.search(sentence)):
                continue
            for k, ref in enumerate(refs_in(sentence)):
                number = ref["so_ky_hieu"]
                if number not in seen:
                    seen[number] = (len(out), k == 0)
                    out.append(ref)
                elif k == 0 and not seen[number][1]:
                    # "Căn cứ Kết luận số 213-KL/TW … về tiếp tục thực hiện Chỉ thị số 42-CT/TW … của Ban Bí thư …;"
                    # then "Căn cứ Chỉ thị số 42-CT/TW … của Ban Bí thư Trung ương Đảng …": a document named in
                    # passing, then cited on its own line; its own citation says its date and issuer
                    seen[number] = (seen[number][0], True)
                    out[seen[number][0]] = ref
    return out
