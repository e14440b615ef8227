"""Build e-mails from outbox rows: Jinja text and HTML parts, Vietnamese headers, attachments (RFC 2231)."""

from __future__ import annotations

import mimetypes
import quopri
import secrets
import unicodedata
from datetime import date
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from kehoach import clock
from kehoach.settings import get_settings

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "mail"


def _vn_date(value: str | date | None) -> str:
    if not value:
        return "—"
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return clock.vn_date_long(d)


@lru_cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ngay"] = _vn_date
    return env


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def render_subject(template: str, context: dict) -> str:
    """Return a message's subject from templates/mail/<template>.subject.j2, on one line, NFC."""
    text = _env().get_template(f"{template}.subject.j2").render(**context)
    return " ".join(_nfc(text).split())[:900]


MAX_DISPLAY_NAME = 120


def _address(name: str | None, addr: str) -> str:
    # a display name is a courtesy: a very long one is cut, so its encoded word stays far below the 998-byte line
    # limit (an unbroken 10,000-character name made servers answer "500 Line too long")
    shown = " ".join(_nfc(name or "").split())
    if len(shown) > MAX_DISPLAY_NAME:
        shown = shown[: MAX_DISPLAY_NAME - 1] + "…"
    return formataddr((shown, addr), charset="utf-8")


def _attachment(data: bytes, filename: str) -> MIMEBase:
    ctype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    maintype, subtype = ctype.split("/", 1)
    part = MIMEBase(maintype, subtype)
    part.set_payload(data)
    encoders.encode_base64(part)
    # RFC 2231: the Vietnamese file name survives every mail client
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", _nfc(filename)))
    return part


def build_message(row, parts: dict[str, bytes] | None = None) -> bytes:  # an OutgoingMessage row
    """Return the e-mail for an outbox row, flattened for SMTP (7-bit: RFC 2047 headers, RFC 2231 names).

    `parts` caches each attachment, read and encoded, by sha256 and name across a batch: a plan sent to 1,000
    units is read and base64-encoded once, and its bytes are spliced into each message rather than flattened
    again (flattening a 50 KB attachment cost ~5 ms a message). The compat32 email classes are used for speed:
    the policy-based EmailMessage spent ~9 ms a message re-parsing its own headers.
    """
    settings = get_settings()
    ctx = {"to_name": row.to_name, "kind": row.kind, "subject_line": row.subject, **(row.context or {})}
    env = _env()
    text = env.get_template(f"{row.template}.txt.j2").render(**ctx)
    html = env.get_template(f"{row.template}.html.j2").render(**ctx)
    body = MIMEMultipart("alternative")
    body.attach(_text_part(_nfc(text), "plain"))
    body.attach(_text_part(_nfc(html), "html"))
    attached: list[bytes] = []
    for att in row.attachments or []:
        key = f"{att['sha256']}/{att['filename']}"
        part = (parts or {}).get(key)
        if part is None:
            path = settings.files_dir / f"{att['sha256']}.{att['ext']}"
            part = _attachment(path.read_bytes(), att["filename"]).as_bytes()
            if parts is not None:
                parts[key] = part
        attached.append(part)
    # base64 never holds "==" before its end and quoted-printable never holds "==": no part can contain this
    boundary = f"===============_{secrets.token_hex(12)}_=="
    msg = MIMEMultipart("mixed", boundary=boundary) if attached else body
    if attached:
        msg.attach(body)
    from_name, from_addr = parseaddr(settings.mail_from)
    msg["From"] = _address(from_name, from_addr)
    msg["To"] = _address(row.to_name, row.to_addr)
    if row.reply_to:
        msg["Reply-To"] = row.reply_to
    msg["Subject"] = Header(_nfc(row.subject), "utf-8")
    msg["Message-ID"] = row.message_id
    msg["Date"] = format_datetime(clock.now())
    msg["X-Kehoach-Kind"] = row.kind
    raw = msg.as_bytes()
    if not attached:
        return raw
    closing = f"--{boundary}--".encode()
    head, _, tail = raw.rpartition(closing)
    inserted = b"".join(f"--{boundary}\n".encode() + part + b"\n" for part in attached)
    return head + inserted + closing + tail


def _text_part(text: str, subtype: str) -> MIMEText:
    part = MIMEText("", subtype, "utf-8")
    part.replace_header("Content-Transfer-Encoding", "quoted-printable")
    part.set_payload(quopri.encodestring(text.encode("utf-8")).decode("ascii"))
    return part


def envelope_from() -> str:
    """Return the envelope sender address."""
    return parseaddr(get_settings().mail_from)[1]
