"""Vietnamese date expressions and the deadlines a plan states."""

from __future__ import annotations

import re
from datetime import date

DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
DATE_SLASH = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
PERIODS = [
    (re.compile(r"(hàng|hằng|mỗi)\s+tháng|định kỳ\s+tháng|báo cáo\s+tháng|01\s+tháng\s*/\s*lần", re.I), "monthly"),
    # ("trong Quý I năm 2026" is a time to report within, not a period)
    (
        re.compile(
            r"(hàng|hằng|mỗi)\s+quý|định kỳ\s+quý|báo cáo\s+quý|(?<!trong )\bquý\s+(I{1,3}|IV|[1-4])\b"
            r"|\b(?:03|3|ba)\s+tháng\s*(?:một|1|/)\s*lần",  # "3 tháng một lần có báo cáo định kỳ"
            re.I,
        ),
        "quarterly",
    ),
    # ("ngày 06 tháng 11 năm 2025" is a date)
    (re.compile(r"(?<!ngày )\b(06|6|sáu)\s+tháng(?!\s+\d)(\s+(đầu|cuối)\s+năm)?|bán niên|nửa năm", re.I), "semiannual"),
    (
        re.compile(r"(hàng|hằng|mỗi)\s+năm|định kỳ\s+năm|cuối năm|báo cáo\s+năm|tổng kết\s+năm|năm\s+một\s+lần", re.I),
        "annual",
    ),
]
REPORT = re.compile(r"báo cáo|tổng hợp kết quả|gửi kết quả|họp đánh giá|đánh giá", re.I)
PLAN = re.compile(
    r"(xây dựng|ban hành|gửi|nộp|lập)\s+(?:[^.;]{0,40}?)kế hoạch"
    r"|kế hoạch\s+(?:thực hiện|triển khai)[^.;]{0,60}(gửi|về)",
    re.I,
)
# a body whose name says "kế hoạch" ("Vụ Kế hoạch - Tài chính", "Sở Kế hoạch và Đầu tư", "Phòng Tài chính - Kế
# hoạch"): what is sent to it is no plan for that
PLANNING_BODY = re.compile(
    r"\b(?:Vụ|Sở|Bộ|Phòng|Ban|Cục|Tổng cục|Chi cục|Trung tâm)\s+(?:Tài chính\s*[-–]\s*)?Kế hoạch"
    r"(?:\s+và\s+Đầu tư|\s*[-–]\s*(?:Tài chính|Đầu tư|Tổng hợp))?"
)


def _plan(sentence: str) -> bool:
    """Whether a sentence asks for a plan ("xây dựng Kế hoạch … gửi về …"), a body's name aside."""
    return bool(PLAN.search(PLANNING_BODY.sub("…", sentence)))


def _mk(d: int, m: int, y: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date_in(text: str) -> date | None:
    """Return the first full date written in a text ('ngày 26 tháng 8 năm 2019' or '20/8/2019')."""
    candidates = []
    if m := DATE_WORDS.search(text):
        candidates.append((m.start(), _mk(int(m[1]), int(m[2]), int(m[3]))))
    if m := DATE_SLASH.search(text):
        candidates.append((m.start(), _mk(int(m[1]), int(m[2]), int(m[3]))))
    candidates = [c for c in candidates if c[1] is not None]
    return min(candidates)[1] if candidates else None


def _sentences(lines: list[str]) -> list[str]:
    """Split lines into sentences, and a sentence into its clauses at a semicolon outside brackets when the clause
    after it names a period ("báo cáo 6 tháng trước ngày 20/6; báo cáo năm trước ngày 20/11"): each then states its
    own deadline, and so when the clause after it sets its own date after one that set one. "(gồm: số liệu; phân
    tích) trước ngày 20 hằng tháng" and "… báo cáo kết quả; gửi về … trước ngày 20 của tháng cuối quý" stay one."""
    out = []
    for line in lines:
        for sentence in re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ-])", line):
            clauses: list[str] = []
            for part in _top_level_clauses(sentence):
                # "… gửi Kế hoạch về UBND tỉnh trước ngày 28/2/2023; lập dự toán …; Báo cáo kết quả … trước ngày
                # 10/11/2023": a clause with its own date after one that has a date is a deadline of its own
                if clauses and not _periods_of(part) and not (_due_date(part) and _due_date(clauses[-1])):
                    clauses[-1] = f"{clauses[-1]}; {part}"
                else:
                    clauses.append(part)
            out.extend(c.strip() for c in clauses if c.strip())
    return out


def _top_level_clauses(sentence: str) -> list[str]:
    """Split a sentence at each "; " that stands outside brackets."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(sentence):
        depth += (ch == "(") - (ch == ")") if depth or ch == "(" else 0
        if ch == ";" and depth <= 0 and sentence[k + 1 : k + 2].isspace():
            parts.append(sentence[start:k])
            start = k + 1
    parts.append(sentence[start:])
    return parts


PERIOD_WORDS = [
    (re.compile(r"^(?:0?6|sáu)\s+tháng|^bán niên|^nửa năm", re.I), "semiannual"),
    (re.compile(r"^quý", re.I), "quarterly"),
    (re.compile(r"^tháng", re.I), "monthly"),
    (re.compile(r"^năm", re.I), "annual"),
]
# "định kỳ 6 tháng, năm", "báo cáo quý, 6 tháng và năm": several periods named in one breath
PERIOD_LIST = re.compile(
    r"(?:định kỳ|hằng|hàng|mỗi|báo cáo|kết quả)\s+(?P<list>(?:(?:0?6|sáu)\s+tháng|quý|tháng|năm)"
    r"(?:\s*(?:,|và|/|hoặc)\s*(?:(?:0?6|sáu)\s+tháng|quý|tháng|năm))+)(?!\s*\d)",
    re.I,
)
DUE = re.compile(r"(trước|chậm nhất|hạn chót|hạn cuối|không quá|muộn nhất|đến hết|hoàn thành|xong|hạn)\b", re.I)
DAY_OF_MONTH = re.compile(
    r"(?:trước|chậm nhất(?: là)?|vào|trong)\s+(?:ngày\s+)?(?:ngày\s+)?"
    r"(?P<d>\d{1,2})(?![\d/\-]|\.\d)(?!\s+tháng\s+\d)(?!\s*ngày)"
    r"|ngày\s+(?P<d2>\d{1,2})\s+(?:hằng|hàng|mỗi|của)\s+(?:tháng|quý)",
    re.I,
)
MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})\s*(?:năm\s+|/\s*)(\d{4})", re.I)
YEAR = re.compile(r"(?:năm|vào)\s+(\d{4})", re.I)
ANY_DATE = re.compile(
    r"(?P<w>ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))|(?P<s>(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d))",
    re.I,
)


# "trước ngày 15/6", "chậm nhất ngày 10 tháng 12 năm 2025", "trước ngày 10/6 và 10/12": the dates a due word sets,
# in order; a date without its year is a day and a month that come back every period
_ITEM = (
    r"(?:ngày\s+)?(\d{1,2})(?!\d)(?:\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?(?![\d/])"
    r"|\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?)?(?!\s*ngày)"
)
DUE_ITEMS = re.compile(
    r"(?:trước|chậm nhất(?:\s+là)?|hạn chót|hạn cuối|không quá|muộn nhất|(?:vào|trong)(?=\s+ngày))\s+"
    rf"(?P<first>{_ITEM})(?P<more>(?:\s*(?:,|và|hoặc)\s*{_ITEM})*)",
    re.I,
)
_ITEM_RE = re.compile(_ITEM, re.I)
# "(trước ngày 15/6)" after a period's name: taken out before the periods are read, so "6 tháng (…) và năm (…)"
# is a list of periods
DUE_BRACKET = re.compile(r"\s*\((?:trước|chậm nhất|hạn|không quá|muộn nhất)[^()]*\)", re.I)


def _report_near_period(text: str) -> bool:
    """Whether a period the sentence names is a report's: a report word within a few words of it. "Kinh phí chi trả
    trợ cấp hàng tháng …" names an allowance paid monthly; a report named three lines further on is not due monthly."""
    t = DUE_BRACKET.sub("", text)
    reports = [m.start() for m in REPORT.finditer(t)]
    if not reports:
        return False
    spans = [m.start() for rx, _ in PERIODS for m in rx.finditer(t)]
    spans += [m.start() for m in PERIOD_LIST.finditer(t)]
    return any(-120 <= p - r <= 160 for p in spans for r in reports)


def _due_items(text: str) -> list[tuple[int, int | None, int | None]]:
    """Return the (day, month, year) of each date a due word sets, in order; month and year None if unsaid."""
    out = []
    for m in DUE_ITEMS.finditer(text):
        for item in _ITEM_RE.finditer(m.group("first") + m.group("more")):
            day, month, year = int(item[1]), item[2] or item[4], item[3] or item[5]
            if 1 <= day <= 31 and (month is None or 1 <= int(month) <= 12):
                out.append((day, int(month) if month else None, int(year) if year else None))
    return out


# "quý IV năm 2027", "giữa năm 2028", "cuối năm 2030", "6 tháng đầu năm 2028": a review's month, the last of that part
MONTH_OF_YEAR = re.compile(
    r"(?:quý\s+(?P<q>IV|I{1,3}|[1-4])|(?P<mid>giữa)|(?P<end>cuối)|(?P<h1>(?:0?6|sáu)\s+tháng\s+đầu))"
    r"\s*(?:năm\s+|/\s*)(?P<y>\d{4})",
    re.I,
)


def _month_of(m: re.Match) -> int:
    if q := m.group("q"):
        return 3 * ({"I": 1, "II": 2, "III": 3, "IV": 4}.get(q.upper()) or int(q))
    return 12 if m.group("end") else 6


def _part_of(sentence: str, word: str, other: str) -> str:
    """Return the part of a sentence that belongs to `word` when `other` shares it: cut at the comma or "và"
    nearest the other word's side."""
    low = sentence.lower()
    i, j = low.index(word), low.index(other)
    cuts = [m.start() for m in re.finditer(r",|\s(?:và|còn)\s", low)]
    if i < j:
        between = [c for c in cuts if i < c < j]
        return sentence[: between[-1]] if between else sentence[:j]
    between = [c for c in cuts if j < c < i]
    return sentence[between[0] + 1 :] if between else sentence[j + len(other) :]


def _periods_of(text: str) -> list[str]:
    """Return the reporting periods a sentence names, in order, without repeats."""
    found: list[str] = []
    for m in PERIOD_LIST.finditer(text):
        for item in re.split(r"\s*(?:,|và|/|hoặc)\s*", m.group("list")):
            for rx, period in PERIOD_WORDS:
                if rx.search(item) and period not in found:
                    found.append(period)
    for rx, period in PERIODS:
        if rx.search(text) and period not in found:
            found.append(period)
    order = ["monthly", "quarterly", "semiannual", "annual"]
    return sorted(found, key=order.index)


def _due_date(text: str, not_before: date | None = None) -> date | None:
    """Return the date a sentence sets as a deadline: the first one a due word stands before, and not before the
    document's own date (`not_before`): "trước ngày 30/11/2024 (đã quá hạn), chậm nhất ngày 10/12/2024" in a letter
    of 05/12/2024 sets 10/12."""
    for m in ANY_DATE.finditer(text):
        before = text[max(0, m.start() - 28) : m.start()]
        if re.search(r"\btừ\s+(?:ngày\s+)?$", before, re.I) or not DUE.search(before):
            continue
        # "từ ngày 10/5 đến hết ngày 14/5": a span, not a deadline
        if re.search(r"\btừ\s+(?:ngày\s+)?\d[^.;]{0,30}\bđến\s+(?:hết\s+)?(?:ngày\s+)?$", text[: m.start()], re.I):
            continue
        g = m.groups()
        d = _mk(int(g[1]), int(g[2]), int(g[3])) if m.group("w") else _mk(int(g[5]), int(g[6]), int(g[7]))
        if d and (not_before is None or d >= not_before):
            return d
    return None


def _day_of_month(text: str, periods: list[str]) -> int | None:
    if not periods or not re.search(r"(hằng|hàng|mỗi)\s+(tháng|quý)|tháng cuối (quý|kỳ)|của tháng", text, re.I):
        return None
    for m in DAY_OF_MONTH.finditer(text):
        day = int(m.group("d") or m.group("d2"))
        if 1 <= day <= 31:
            return day
    return None


def extract_deadlines(lines: list[str], issued: date | None = None) -> list[dict]:
    """Return the deadlines a document issued on `issued` states: {text, date, year, kind, period, day, month}.

    `day` is the day of the period's last month a periodic report is due ("trước ngày 20 hằng tháng" → 20);
    `month` the month of a sơ kết or tổng kết ("Tháng 6 năm 2028: Sơ kết" → 6, with year 2028). A sentence
    naming several periods ("định kỳ 6 tháng, năm") gives one deadline per period.
    """
    out: list[dict] = []
    seen: set[tuple] = set()

    def add(text: str, d: date | None, year: int | None, kind: str, period: str | None, **extra: int | None) -> None:
        day, month = extra.get("day"), extra.get("month")
        key = (d, year, kind, period, day, month)
        # a date before the document's own says who or what is concerned, not when to act ("được cử làm chuyên gia
        # đến hết ngày 31 tháng 12 năm 1988", in a Thông tư of 2022)
        if key in seen or d and issued and d < issued:
            return
        seen.add(key)
        out.append(
            {
                "text": text[:300],
                "date": d.isoformat() if d else None,
                "year": year if d is None else d.year,
                "kind": kind,
                "period": period,
                "day": day,
                "month": month,
            }
        )

    recent: list[str] = []  # the periods of the last report sentence, for one that only gives the date
    since = 99
    for s in _sentences(lines):
        low = s.lower()
        since += 1
        if low.startswith("trên đây"):
            continue
        if re.match(r"^(?:\d{1,2}|[IVX]+)\s*[.)](?:\s|$)", s):
            since = 99  # a new numbered item: a report the last one named is not this one's
        d = _due_date(s, issued)
        review = False
        both = "sơ kết" in low and "tổng kết" in low
        for kind, word in (("so_ket", "sơ kết"), ("tong_ket", "tổng kết")):
            if word not in low:
                continue
            # "Giữa năm 2028 tổ chức sơ kết, cuối năm 2030 tổng kết": with both in one sentence, each its own part
            part = _part_of(s, word, "tổng kết" if word == "sơ kết" else "sơ kết") if both else s
            if both and not re.search(r"\d{4}", part):
                part = s  # "Sơ kết, tổng kết vào năm 2030": one time for both
            plow = part.lower()
            my = MONTH_YEAR.search(part)
            y = re.search(r"năm\s+(\d{4})\s*[:\-–]?\s*" + word, plow) or re.search(
                word + r"[^.;]{0,80}?(?:năm|vào)\s+(\d{4})", plow
            )
            when = MONTH_OF_YEAR.search(part)
            if own := (_due_date(part, issued) if both else d):
                add(s, own, None, kind, None)
            elif my:
                add(s, None, int(my.group(2)), kind, None, month=int(my.group(1)))
            elif when:
                add(s, None, int(when.group("y")), kind, None, month=_month_of(when))
            elif y:
                add(s, None, int(y.group(1)), kind, None)
            else:
                continue
            review = True
        periods = _periods_of(DUE_BRACKET.sub("", s)) if _report_near_period(s) else []
        if periods and REPORT.search(s):
            recent, since = periods, 0
        elif d and REPORT.search(s) and not _plan(s) and not review and since <= 2:
            # "… báo cáo công tác CCHC quý III …. Đề nghị … gửi báo cáo về Sở trước ngày 10/9": the same report
            periods = recent
        if _plan(s) and d:
            add(s, d, None, "submit_plan", None)
        elif periods and REPORT.search(s) and not (review and periods == ["annual"]):
            items = _due_items(s)
            if len(periods) > 1 and len(items) == len(periods):
                # "6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)": each period its own date, in order
                for period, (dd, mm, yy) in zip(periods, items, strict=True):
                    full = _mk(dd, mm, yy) if mm and yy else None
                    add(s, full, None, "periodic_report", period, day=None if full else dd, month=None if full else mm)
                continue
            day = _day_of_month(s, periods)
            month = None
            if not d and items and items[0][1] and not items[0][2]:
                day, month = items[0][0], items[0][1]  # "trước ngày 20/11 hằng năm": a day and month each period
            for period in periods:
                add(s, d, None, "periodic_report", period, day=day, month=month)
        elif d and not review:
            add(s, d, None, "other", None)
    return out
