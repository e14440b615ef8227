"""Vietnamese date expressions and the deadlines a plan states."""

from __future__ import annotations

import re
from datetime import date

DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
DATE_SLASH = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
DUE_WORDS = re.compile(r"(trước|chậm nhất|hạn chót|hạn cuối|không quá|hoàn thành|xong|muộn nhất|đến hết|trong)\b", re.I)
PERIODS = [
    (re.compile(r"(hàng|hằng|mỗi)\s+tháng|định kỳ\s+tháng|báo cáo\s+tháng|01\s+tháng\s*/\s*lần", re.I), "monthly"),
    (re.compile(r"(hàng|hằng|mỗi)\s+quý|định kỳ\s+quý|báo cáo\s+quý|\bquý\s+(I{1,3}|IV|[1-4])\b", re.I), "quarterly"),
    (re.compile(r"(06|6|sáu)\s+tháng(\s+(đầu|cuối)\s+năm)?|bán niên|nửa năm", re.I), "semiannual"),
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
    out = []
    for line in lines:
        out.extend(s.strip() for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ-])", line) if s.strip())
    return out


def _period_of(text: str) -> str | None:
    for rx, period in PERIODS:
        if rx.search(text):
            return period
    return None


def extract_deadlines(lines: list[str]) -> list[dict]:
    """Return the deadlines a document states: {text, date, year, kind, period}."""
    out: list[dict] = []
    seen: set[tuple] = set()

    def add(text: str, d: date | None, year: int | None, kind: str, period: str | None) -> None:
        key = (d, year, kind, period)
        if key in seen:
            return
        seen.add(key)
        out.append({"text": text[:300], "date": d.isoformat() if d else None, "year": year if d is None else d.year,
                    "kind": kind, "period": period})  # fmt: skip

    for s in _sentences(lines):
        low = s.lower()
        # "Năm 2022: Sơ kết …", "Sơ kết vào năm 2022", "tổng kết giai đoạn … năm 2025"
        for kind, word in (("so_ket", "sơ kết"), ("tong_ket", "tổng kết")):
            if word in low:
                m = re.search(r"năm\s+(20\d\d|19\d\d)\s*[:\-–]?\s*" + word, low) or re.search(
                    word + r"[^.;]{0,80}?(?:năm|vào)\s+(20\d\d|19\d\d)", low
                )
                d = parse_date_in(s) if DUE_WORDS.search(s) else None
                if m or d:
                    add(s, d, int(m.group(1)) if m and not d else None, kind, None)
        period = _period_of(s)
        d = parse_date_in(s) if DUE_WORDS.search(s) or re.search(r"\bhạn\b", low) else None
        if PLAN.search(s) and d:
            add(s, d, None, "submit_plan", None)
        elif period and REPORT.search(s) and ("sơ kết" not in low and "tổng kết" not in low or period != "annual"):
            add(s, d, None, "periodic_report", period)
        elif d and REPORT.search(s):
            add(s, d, None, "periodic_report" if period else "other", period)
        elif d:
            add(s, d, None, "other", None)
    return out
