"""Text helpers every floor uses: Unicode NFC, and folding Vietnamese names for matching."""

from __future__ import annotations

import re
import unicodedata


def nfc(value: object) -> str:
    """Return text in Unicode NFC with outer whitespace removed (None becomes "")."""
    return unicodedata.normalize("NFC", "" if value is None else str(value)).strip()


def strip_marks(text: str) -> str:
    """Return lower-case text without diacritics ("Đồng Tháp" → "dong thap")."""
    t = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower().replace("đ", "d"))
    return "".join(c for c in t if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Fold Vietnamese text for matching: no case, no diacritics, punctuation as single spaces ("/" kept)."""
    return re.sub(r"[^\w/]+", " ", strip_marks(text)).strip()


def shown(value: object) -> str:
    """Return a path or name printable anywhere: bytes that are not UTF-8 (a file name with 0xFF) become U+FFFD."""
    text = str(value)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
