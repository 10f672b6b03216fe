"""``convmath figures``: render the figure catalogue (PNG, PDF, SVG) in the house style.

``convmath figures --list`` names every figure; ``convmath figures pooling box-blur --out
figs --format pdf,svg --width single`` renders a selection. With no name, every figure is
rendered into ``figures/``. A figure that shows a configuration takes it as options
(``convmath figures matrix-form --input 3x3 --kernel 2x2``); ``convmath figures NAME --help``
lists them with the figure's defaults (the table is :mod:`convmath.cli._figure_params`). Files are written to a temporary name and renamed, so a failure
never leaves half a file. matplotlib is imported only when something is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from convmath.cli._app import ConvmathCommand, bad_parameter, fail, library_errors
from convmath.cli._figure_help import figure_help
from convmath.cli._figure_params import error_options, figure_params

__all__ = ["command", "OPTIONS", "FiguresCommand"]

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
    "style": "--style",
    "font": "--font",
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


def _check_looks(style: str, font: str, formats: tuple[str, ...], usetex: bool) -> None:
    """Refuse a bad ``--style``/``--font``, or LaTeX output this TeX cannot make, up front."""
    from convmath.figures._save import check_tex
    from convmath.figures.style import FONTS, STYLES, check_choice

    with library_errors(OPTIONS):
        check_choice(style, STYLES, "style")
        check_choice(font, FONTS, "font")
        for fmt in formats:
            check_tex(fmt, usetex=usetex)


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
    chosen: dict[str, dict[str, Any]],
    texts: dict[str, Any],
    out: Path,
    formats: tuple[str, ...],
    *,
    dpi: float | None,
    width: str | None,
    usetex: bool,
    style: str,
    font: str,
) -> list[Path]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from convmath.figures._save import latex_errors
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
            with library_errors({**OPTIONS, **error_options(name, texts)}), latex_errors(fmt):
                written.append(
                    render(
                        name,
                        out,
                        fmt=fmt,
                        dpi=dpi,
                        width=width,
                        usetex=usetex,
                        style=style,
                        font=font,
                        **chosen[name],
                    )
                )
            progress.advance(task)
    return written


def _parameter(option: str) -> Any:
    """A figure parameter as an option of the command (its meaning depends on the figure)."""
    return typer.Option(
        option,
        metavar="TEXT",
        help="A figure parameter.",
        show_default=False,
    )


class FiguresCommand(ConvmathCommand):
    """``convmath figures``: with NAME and ``--help``, the help lists that figure's parameters."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from convmath.figures.registry import CATALOGUE

        if any(arg in ctx.help_option_names for arg in args):
            chosen = [arg for arg in args if arg in CATALOGUE]
            if chosen:
                typer.echo(_figure_help(ctx, list(dict.fromkeys(chosen))), nl=False)
                ctx.exit(0)
        return super().parse_args(ctx, args)


def _figure_help(ctx: Any, chosen: list[str]) -> str:
    from convmath.figures.registry import get

    formatter = ctx.make_formatter()
    formatter.write_usage(ctx.command_path, " ".join(chosen) + " [OPTIONS]")
    for name in chosen:
        formatter.write_paragraph()
        formatter.write_text(f"{name}: {get(name).description}.")
        with formatter.section(f"Parameters of {name}"):
            rows = figure_help(name)
            if rows:
                formatter.write_dl(rows)
            else:
                formatter.write_text("none")
    formatter.write_paragraph()
    formatter.write_text(
        "Output: --out, --format, --dpi, --width, --style, --font, --usetex "
        "(see convmath figures --help)."
    )
    return formatter.getvalue()


def _figure_texts(values: dict[str, Any]) -> dict[str, Any]:
    """The figure parameters given, by option (``p_kernel_values`` -> ``--kernel-values``)."""
    texts = {
        "--" + name[2:].replace("_", "-"): value
        for name, value in values.items()
        if name.startswith("p_") and value not in (None, [])
    }
    return texts


def _parameters(chosen: list[str], texts: dict[str, Any], named: bool) -> dict[str, dict]:
    """Each chosen figure's draw keywords from the options given (all must apply)."""
    if texts and not named:
        raise bad_parameter(next(iter(texts)), "give the NAME of the figure it is for")
    return {name: figure_params(name, texts) for name in chosen}


ListFiguresOption = Annotated[
    bool, typer.Option("--list", help="List the figures with a one-line description.")
]
OutOption = Annotated[
    Path, typer.Option("--out", metavar="DIR", help="Output folder (created if missing).")
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="png,pdf,svg,pgf",
        help="One or more formats, comma-separated (pgf: needs pdflatex).",
    ),
]
DpiOption = Annotated[
    int | None,
    typer.Option(
        "--dpi",
        min=20,
        max=1200,
        metavar="DPI",
        help="Resolution of PNG files (default 300; vector formats ignore it).",
    ),
]
WidthOption = Annotated[
    str | None,
    typer.Option(
        "--width",
        metavar="single|double|INCHES",
        help="Figure width: journal single (3.5 in) or double (7.2 in) column, or inches. "
        "Default: each figure's own.",
    ),
]
UsetexOption = Annotated[
    bool, typer.Option("--usetex", help="Typeset text with LaTeX (needs a TeX installation).")
]
StyleOption = Annotated[
    str,
    typer.Option(
        "--style",
        metavar="paper|slides",
        help="paper: the journal layout; slides: 16:9, larger text, thicker lines.",
    ),
]
FontOption = Annotated[
    str,
    typer.Option(
        "--font",
        metavar="default|cm",
        help="cm: Computer Modern through mathtext (no TeX needed). With --format pgf "
        "the paper's own fonts typeset the text.",
    ),
]


def command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME",
            help="Figures to render (default: all). See --list.",
            show_default=False,
        ),
    ] = None,
    list_figures: ListFiguresOption = False,
    out: OutOption = DEFAULT_DIR,
    format_: FormatOption = "png",
    dpi: DpiOption = None,
    width: WidthOption = None,
    usetex: UsetexOption = False,
    style: StyleOption = "paper",
    font: FontOption = "default",
    p_input: Annotated[str | None, _parameter("--input")] = None,
    p_values: Annotated[str | None, _parameter("--values")] = None,
    p_kernel: Annotated[str | None, _parameter("--kernel")] = None,
    p_kernel_values: Annotated[str | None, _parameter("--kernel-values")] = None,
    p_seed: Annotated[str | None, _parameter("--seed")] = None,
    p_position: Annotated[str | None, _parameter("--position")] = None,
    p_stride: Annotated[str | None, _parameter("--stride")] = None,
    p_padding: Annotated[str | None, _parameter("--padding")] = None,
    p_dilation: Annotated[str | None, _parameter("--dilation")] = None,
    p_output_padding: Annotated[str | None, _parameter("--output-padding")] = None,
    p_f: Annotated[str | None, _parameter("--f")] = None,
    p_g: Annotated[str | None, _parameter("--g")] = None,
    p_at: Annotated[str | None, _parameter("--at")] = None,
    p_meal: Annotated[list[str] | None, _parameter("--meal")] = None,
    p_half_life: Annotated[str | None, _parameter("--half-life")] = None,
    p_linear: Annotated[str | None, _parameter("--linear")] = None,
    p_remaining: Annotated[str | None, _parameter("--remaining")] = None,
) -> None:
    """Render the figure catalogue: every figure, or the NAMEs given, into DIR.

    A figure that shows a configuration or a signal takes it as options (--input, --kernel,
    --values, --seed, --f, --meal, ...): convmath figures NAME --help lists that figure's
    parameters and their defaults.
    """
    if list_figures:
        _list()
        return
    chosen = _names(names)
    texts = _figure_texts(locals())
    params = _parameters(chosen, texts, named=bool(names))
    formats = _formats(format_)
    if width is not None:
        _check_width(width)
    _check_looks(style, font, formats, usetex)
    from convmath._io import writable_directory

    with library_errors(OPTIONS, fallback="--out"):
        writable_directory(out)
    written = _render(
        params, texts, out, formats, dpi=dpi, width=width, usetex=usetex, style=style, font=font
    )
    for path in written:
        typer.echo(str(path))
