"""Build e-mails from outbox rows: Jinja text and HTML parts, Vietnamese headers, attachments (RFC 2231)."""

from __future__ import annotations

import mimetypes
import unicodedata
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
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
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ngay"] = _vn_date
    return env


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _address(name: str | None, addr: str) -> Address:
    user, _, domain = addr.partition("@")
    return Address(display_name=_nfc(name or ""), username=user, domain=domain)


def build_message(row, files: dict[str, bytes] | None = None) -> EmailMessage:  # noqa: ANN001 — an OutgoingMessage row
    """Return the e-mail for an outbox row (same row, same bytes but for the Date header).

    `files` caches attachment bytes by sha256 across a batch: a plan sent to 1,000 units is read once.
    """
    settings = get_settings()
    ctx = {"to_name": row.to_name, "kind": row.kind, **(row.context or {})}
    env = _env()
    text = env.get_template(f"{row.template}.txt.j2").render(**ctx)
    html = env.get_template(f"{row.template}.html.j2").render(**ctx)
    msg = EmailMessage()
    from_name, from_addr = parseaddr(settings.mail_from)
    msg["From"] = _address(from_name, from_addr)
    msg["To"] = _address(row.to_name, row.to_addr)
    if row.reply_to:
        msg["Reply-To"] = row.reply_to
    msg["Subject"] = _nfc(row.subject)
    msg["Message-ID"] = row.message_id
    msg["Date"] = format_datetime(clock.now())
    msg["X-Kehoach-Kind"] = row.kind
    msg.set_content(_nfc(text), cte="quoted-printable")  # 7-bit safe for every relay
    msg.add_alternative(_nfc(html), subtype="html", cte="quoted-printable")
    for att in row.attachments or []:
        path = settings.files_dir / f"{att['sha256']}.{att['ext']}"
        ctype = mimetypes.guess_type(att["filename"])[0] or "application/octet-stream"
        maintype, subtype = ctype.split("/", 1)
        if files is None or att["sha256"] not in (files or {}):
            data = path.read_bytes()
            if files is not None:
                files[att["sha256"]] = data
        else:
            data = files[att["sha256"]]
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=_nfc(att["filename"]))
    return msg
