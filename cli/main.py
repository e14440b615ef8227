"""Entry point of the `kehoach` console script."""

from __future__ import annotations

import typer

from cli import init_cmd, inspect_cmd, outbox, plan, portal_cmd, units

app = typer.Typer(
    name="kehoach",
    help="kehoach — ban hành kế hoạch, thu nhận báo cáo, đôn đốc và tổng hợp.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


# Each module adds its commands to `app`; they keep their top-level imports light so `--help` is fast.
for module in (init_cmd, units, inspect_cmd, outbox, plan, portal_cmd):
    module.register(app)

if __name__ == "__main__":
    app()
