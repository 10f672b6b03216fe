"""The ``convmath`` command line: ``derive``, ``verify``, ``figures``, ``animate``.

Only Typer and the standard library are imported here; SymPy, SciPy and matplotlib are
imported inside the commands that need them, so ``convmath --help`` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from convmath import __version__
from convmath.cli import animate, check, derive, figures, verify
from convmath.cli._app import ConvmathCommand, ConvmathGroup

__all__ = ["app", "main"]

app = typer.Typer(
    cls=ConvmathGroup,
    name="convmath",
    help="Derive, explain and verify the mathematics of convolution in CNNs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain Click help: Typer's rich help costs ~70 ms of imports on every --help.
    rich_markup_mode=None,
)
app.add_typer(derive.app, name="derive")
app.command("verify", cls=ConvmathCommand)(verify.command)
app.command("figures", cls=figures.FiguresCommand)(figures.command)
app.command("animate", cls=ConvmathCommand)(animate.command)
app.command("check", cls=ConvmathCommand)(check.command)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"convmath {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Derive, explain and verify the mathematics of convolution in CNNs.

    Run `convmath derive` for the stomach example of convolution as an integral.
    """


def main() -> None:
    """Console-script entry point."""
    app()
