"""`kehoach compile REF`: draft the Báo cáo compiling what units sent, for the issuer to edit, sign and send up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.console import out
from cli.options import ByOpt, IssuerOpt, PeriodOpt, RefArg, YearOpt, output_file
from cli.plan import find

GROUPS = (
    ("on_time", "Gửi đúng hạn"),
    ("late", "Gửi trễ hạn"),
    ("returned", "Bị trả lại, chưa gửi lại"),
    ("missing", "Chưa gửi"),
    ("closed", "Miễn hoặc chuyển đơn vị kế thừa"),
)


def compile_plan(
    ref: RefArg,
    period: PeriodOpt = None,
    kind: Annotated[
        str, typer.Option("--kind", help="tong_hop (tổng hợp), so_ket (sơ kết) hoặc tong_ket (tổng kết).")
    ] = "tong_hop",
    out_file: Annotated[Path | None, typer.Option("--out", help="Ghi dự thảo (.docx) vào tệp này.")] = None,
    mail: Annotated[bool, typer.Option("--mail", help="Gửi dự thảo vào hộp thư của cơ quan ban hành.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
    by: ByOpt = "người vận hành",
    issuer: IssuerOpt = None,
    year: YearOpt = None,
) -> None:
    """Soạn dự thảo báo cáo tổng hợp (thể thức Nghị định 30) từ văn bản các đơn vị đã gửi theo kế hoạch.

    Không có --period: tổng hợp kế hoạch của các đơn vị (yêu cầu một lần của kế hoạch).
    """
    from cli.console import fail
    from cli.prefect_env import use_prefect

    if kind not in ("tong_hop", "so_ket", "tong_ket"):
        fail(f"loại báo cáo “{kind}” không hợp lệ.", "Chọn --kind tong_hop, so_ket hoặc tong_ket.", 2)
    if out_file is not None:
        output_file(out_file)
    doc = find(ref, issuer, year)
    use_prefect()
    from flows.compile_report import compile_report

    draft = compile_report(
        doc.ref, period, kind, str(out_file.resolve()) if out_file else None, by, mail=mail, scheduled=False
    )
    if as_json:
        typer.echo(json.dumps(draft, ensure_ascii=False, indent=2))
        return
    out.print(f"[green]✓[/] Dự thảo báo cáo: [bold]{escape(draft['trich_yeu'])}[/]")
    out.print(f"  Tệp: {escape(draft['path'])}")
    for key, name in GROUPS:
        codes = draft["groups"][key]
        if codes or key != "closed":
            shown = ", ".join(codes[:12]) + (f" … và {len(codes) - 12} đơn vị khác" if len(codes) > 12 else "")
            out.print(f"  {name}: {len(codes)}" + (f" ({escape(shown)})" if codes else ""))
    out.print(f"  Phụ lục: {draft['files']} tệp, mỗi tệp với số đến và mã SHA-256.")
    out.print("→ Chỉnh sửa, trình ký, rồi gửi lên cấp trên:")
    for parent in draft["parents"]:
        out.print(f"   kehoach submit {parent} --unit {draft['issuer']} TỆP_ĐÃ_KÝ.docx")
    if not draft["parents"]:
        out.print("   (kế hoạch này không căn cứ kế hoạch cấp trên nào trong hệ thống: gửi theo đường công văn)")


def register(app: typer.Typer) -> None:
    app.command("compile")(compile_plan)
