"""``convmath figures``: render the figure catalogue (PNG, PDF, SVG) in the house style.

``convmath figures --list`` names every figure; ``convmath figures pooling box-blur --out
figs --format pdf,svg --width single`` renders a selection. With no name, every figure is
rendered into ``figures/``. Files are written to a temporary name and renamed, so a failure
never leaves half a file. matplotlib is imported only when something is drawn.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from convmath.cli._app import fail, library_errors

__all__ = ["command", "OPTIONS"]

DEFAULT_DIR = Path("figures")

#: The arguments of ``figures.registry.render`` and ``writable_directory`` as options.
OPTIONS = {
    "name": "NAME",
    "path_or_dir": "--out",
    "path": "--out",
    "fmt": "--format",
    "dpi": "--dpi",
    "width": "--width",
    "usetex": "--usetex",
}


def _formats(text: str) -> tuple[str, ...]:
    from convmath.figures._save import FORMATS

    chosen = tuple(dict.fromkeys(part.strip().lower().lstrip(".") for part in text.split(",")))
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise typer.BadParameter(
            f"must be a comma-separated list of {', '.join(FORMATS)}; got {text!r}",
            param_hint="'--format'",
        )
    return chosen


def _check_width(text: str) -> None:
    """Refuse a bad ``--width`` before anything is drawn (the figures read it again)."""
    from convmath.figures.style import figure_width

    with library_errors(OPTIONS, fallback="--width"):
        figure_width(text)


def _names(requested: list[str] | None) -> list[str]:
    from convmath.figures.registry import CATALOGUE

    if not requested:
        return list(CATALOGUE)
    unknown = [name for name in requested if name not in CATALOGUE]
    if unknown:
        raise fail(
            f"unknown figure {', '.join(repr(n) for n in unknown)}; "
            f"valid names: {', '.join(CATALOGUE)} (see convmath figures --list)"
        )
    return list(dict.fromkeys(requested))


def _list() -> None:
    from convmath.figures.registry import get, names

    width = max(len(name) for name in names())
    for name in names():
        try:
            description = get(name).description
        except Exception as error:  # noqa: BLE001 - a broken entry must not hide the others
            description = f"(unavailable: {error})"
        typer.echo(f"{name:<{width}}  {description}")


def _render(
    chosen: list[str],
    out: Path,
    formats: tuple[str, ...],
    *,
    dpi: float | None,
    width: str | None,
    usetex: bool,
) -> list[Path]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from convmath.figures.registry import render

    jobs = [(name, fmt) for name in chosen for fmt in formats]
    from convmath.cli._options import saved  # a file that cannot be written: exit 2, its path

    written = []
    console = Console(stderr=True)
    with (
        saved("--out", out),
        Progress(
            TextColumn("[progress.description]{task.description:<28}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("rendering", total=len(jobs))
        for name, fmt in jobs:
            progress.update(task, description=f"{name}.{fmt}")
            with library_errors(OPTIONS):
                written.append(render(name, out, fmt=fmt, dpi=dpi, width=width, usetex=usetex))
            progress.advance(task)
    return written


def command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME",
            help="Figures to render (default: all). See --list.",
            show_default=False,
        ),
    ] = None,
    list_figures: Annotated[
        bool, typer.Option("--list", help="List the figures with a one-line description.")
    ] = False,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Output folder (created if missing).")
    ] = DEFAULT_DIR,
    format_: Annotated[
        str,
        typer.Option(
            "--format", metavar="png,pdf,svg", help="One or more formats, comma-separated."
        ),
    ] = "png",
    dpi: Annotated[
        int | None,
        typer.Option(
            "--dpi",
            min=20,
            max=1200,
            metavar="DPI",
            help="Resolution of PNG files (default 300; vector formats ignore it).",
        ),
    ] = None,
    width: Annotated[
        str | None,
        typer.Option(
            "--width",
            metavar="single|double|INCHES",
            help="Figure width: journal single (3.5 in) or double (7.2 in) column, or inches. "
            "Default: each figure's own.",
        ),
    ] = None,
    usetex: Annotated[
        bool, typer.Option("--usetex", help="Typeset text with LaTeX (needs a TeX installation).")
    ] = False,
) -> None:
    """Render the figure catalogue: every figure, or the NAMEs given, into DIR."""
    if list_figures:
        _list()
        return
    chosen = _names(names)
    formats = _formats(format_)
    if width is not None:
        _check_width(width)
    if usetex and shutil.which("latex") is None:
        raise fail("--usetex needs LaTeX, but no 'latex' program is on PATH")
    from convmath._io import writable_directory

    with library_errors(OPTIONS, fallback="--out"):
        writable_directory(out)
    written = _render(chosen, out, formats, dpi=dpi, width=width, usetex=usetex)
    for path in written:
        typer.echo(str(path))
