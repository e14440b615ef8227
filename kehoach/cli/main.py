"""Entry point of the `kehoach` console script."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kehoach",
    help="kehoach — ban hành kế hoạch, thu nhận báo cáo, đôn đốc và tổng hợp.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each module adds its commands to `app`; they keep their top-level imports light.
    import importlib

    for name in ("base", "units", "inspect_cmd", "outbox", "plan"):
        try:
            importlib.import_module(f"kehoach.cli.{name}").register(app)
        except ModuleNotFoundError as exc:
            if exc.name != f"kehoach.cli.{name}":
                raise


_register()

if __name__ == "__main__":
    app()
