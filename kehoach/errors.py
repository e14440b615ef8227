"""The one error a person reads: what went wrong and what to do next, in Vietnamese."""

from __future__ import annotations


class KehoachError(Exception):
    """An action cannot go on; `message` says why, `hint` what to do, `code` is stable for scripts and tests."""

    def __init__(self, message: str, code: str = "error", hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint


class ImportRejected(KehoachError):
    """Units cannot be loaded; `problems` names every bad row (nothing was written)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems), "import_rejected", "Sửa các dòng trên rồi chạy lại lệnh.")
        self.problems = problems
