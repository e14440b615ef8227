"""Entry point of the `kehoach` console script."""

from __future__ import annotations

import sys

import typer

from cli import (
    backup_cmd,
    compile_cmd,
    decisions,
    followup,
    init_cmd,
    inspect_cmd,
    outbox,
    plan,
    plan_tree,
    portal_cmd,
    recall,
    registers,
    serve,
    units,
)

app = typer.Typer(
    name="kehoach",
    help="kehoach — ban hành kế hoạch, thu nhận báo cáo, đôn đốc và tổng hợp.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


@app.callback()
def _prefect_home() -> None:
    # Any command may import Prefect (tasks do): its home is under the data dir, never ~/.prefect.
    from cli.prefect_env import quiet_prefect

    quiet_prefect()


# Each module adds its commands to `app`; they keep their top-level imports light so `--help` is fast.
for module in (
    init_cmd,
    units,
    inspect_cmd,
    outbox,
    plan,
    plan_tree,
    recall,
    decisions,
    followup,
    compile_cmd,
    registers,
    serve,
    portal_cmd,
    backup_cmd,
):
    module.register(app)


def main() -> None:
    """Run a command; anything it could not do ends in one clear line and a non-zero exit, never a traceback."""
    from cli.console import ensure_utf8, report

    ensure_utf8()
    try:
        # not standalone: typer's own checks (values, missing arguments, unknown options) come here as exceptions,
        # to be said in one Vietnamese line like every other error; an exit a command asks for comes back as its code
        code = app(standalone_mode=False)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # every error an operator meets is explained in one line
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: its help is the answer
            sys.exit(2)
        sys.exit(report(exc))
    sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)


if __name__ == "__main__":
    main()
