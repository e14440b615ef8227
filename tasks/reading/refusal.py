"""A refused file: its stable code and the one Vietnamese line a unit clerk reads (what is wrong, what to do)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Codes are stable (callers, the portal and tests match on them); wording may change.
MESSAGES = {
    "empty": "Tệp rỗng (0 byte). Hãy chọn lại đúng tệp văn bản rồi gửi lại.",
    "not_a_file": "Đường dẫn này không phải một tệp văn bản (là thư mục hoặc thiết bị). "
    "Hãy chọn đúng tệp .docx hoặc .pdf.",
    "too_large": "Tệp quá lớn ({size} MB, tối đa {limit} MB). Hãy nén ảnh trong văn bản hoặc xuất lại PDF nhỏ hơn.",
    "not_a_document": "Tệp không phải văn bản Word (.docx) hay PDF (nội dung không đúng định dạng, dù tên tệp là gì). "
    "Hãy gửi tệp .docx hoặc .pdf.",
    "executable": "Tệp là chương trình chạy được, không phải văn bản. "
    "Hệ thống không nhận tệp này; hãy gửi .docx hoặc .pdf.",
    "unsupported_type": "Định dạng này chưa được nhận ({what}). Hãy lưu lại dưới dạng .docx hoặc xuất PDF rồi gửi.",
    "polyglot": "Tệp vừa là PDF vừa chứa một tệp nén khác ghép vào cuối. Hãy xuất lại PDF từ văn bản gốc rồi gửi lại.",
    # .docx
    "truncated": "Tệp Word bị hỏng hoặc tải lên chưa hết. Hãy mở thử trên máy, lưu lại rồi gửi lại.",
    "malformed_docx": "Tệp Word có cấu trúc bên trong không hợp lệ (không do Word lưu ra). "
    "Hãy mở bằng Word, lưu lại thành tệp .docx mới rồi gửi lại.",
    "macro": "Tệp Word có chứa macro (mã lệnh). Hãy lưu lại dưới dạng “Word Document (.docx)” không có macro rồi gửi.",
    "zip_bomb": "Tệp có cấu trúc nén bất thường (giải nén ra quá lớn). Hệ thống không mở tệp này; hãy lưu lại văn bản "
    "từ Word rồi gửi.",
    "xml_entities": "Tệp Word chứa khai báo XML không được phép (DOCTYPE/ENTITY). Hãy lưu lại văn bản từ Word rồi gửi.",
    "docx_external": "Tệp Word tự tải nội dung từ bên ngoài khi mở (mẫu, ảnh, đối tượng liên kết). "
    "Hãy chèn trực tiếp ảnh và đối tượng thay vì liên kết, lưu lại rồi gửi lại.",
    "docx_unsafe_link": "Tệp Word có liên kết tới tệp trên máy khác hoặc giao thức lạ (không phải trang web, thư điện "
    "tử). Hãy xoá liên kết đó, lưu lại rồi gửi lại.",
    "docx_embedded": "Tệp Word có nhúng chương trình hoặc đối tượng OLE (tệp đính kèm, phương trình kiểu cũ, tệp có "
    "macro). Hãy xoá đối tượng nhúng hoặc dán nó dưới dạng ảnh, lưu lại rồi gửi lại.",
    "docx_activex": "Tệp Word có điều khiển ActiveX (nút bấm, ô nhập chạy mã lệnh). "
    "Hãy xoá các điều khiển đó, lưu lại rồi gửi lại.",
    "docx_field": "Tệp Word có trường lệnh tự chạy hoặc tự tải nội dung (DDE, INCLUDETEXT, INCLUDEPICTURE, LINK). "
    "Hãy chọn toàn bộ (Ctrl+A), nhấn Ctrl+Shift+F9 để chuyển thành chữ, lưu lại rồi gửi lại.",
    # PDF
    "encrypted_pdf": "Tệp PDF có đặt mật khẩu. Hãy gửi bản PDF không đặt mật khẩu.",
    "malformed_pdf": "Tệp PDF bị hỏng, không đọc được. Hãy xuất lại PDF từ văn bản gốc rồi gửi.",
    "pdf_javascript": "Tệp PDF có chứa mã JavaScript chạy tự động. "
    "Hãy xuất lại PDF từ Word (Lưu thành PDF) rồi gửi lại.",
    "pdf_launch": "Tệp PDF có lệnh tự mở chương trình, mở tệp khác hoặc gửi dữ liệu ra ngoài. "
    "Hãy xuất lại PDF từ Word (Lưu thành PDF) rồi gửi lại.",
    "pdf_embedded_file": "Tệp PDF có tệp khác đính kèm bên trong. "
    "Hãy xuất lại PDF từ Word (Lưu thành PDF) không kèm tệp, rồi gửi lại.",
    "pdf_rich_media": "Tệp PDF có nội dung đa phương tiện (Flash, video, âm thanh, 3D). "
    "Hãy xuất lại PDF từ Word (Lưu thành PDF) rồi gửi lại.",
    "pdf_xfa": "Tệp PDF là biểu mẫu động (XFA): nội dung hiện ra có thể khác nội dung hệ thống đọc được. "
    "Hãy in biểu mẫu ra PDF (Microsoft Print to PDF) rồi gửi lại.",
}


class FileRejected(Exception):
    """A file refused before reading, with a stable code and a one-line Vietnamese reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FileCheck:
    ok: bool
    code: str | None = None
    message: str | None = None
    kind: Literal["docx", "pdf"] | None = None

    def raise_if_bad(self) -> FileCheck:
        if not self.ok:
            raise FileRejected(self.code or "rejected", self.message or "")
        return self


def refuse(code: str, **fmt: object) -> FileCheck:
    """Return the refusal for `code`, its message filled in."""
    return FileCheck(False, code, MESSAGES[code].format(**fmt))
