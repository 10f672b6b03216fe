"""``--steps`` in every output format (text, ``--markdown``, ``--latex``, ``--json``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

__all__ = [
    "MarkdownOption",
    "StandaloneOption",
    "PlotWidthOption",
    "emit_steps",
    "flip_slide_width",
    "latex_document",
]


#: The flip-and-slide picture's widths: a journal's single (3.5 in) or double column.
PLOT_WIDTHS = ("single", "double")

MarkdownOption = Annotated[
    bool,
    typer.Option(
        "--markdown", help="Print the result (with --steps: the steps) as Markdown with $$ math."
    ),
]
PlotWidthOption = Annotated[
    str | None,  # a str, not an Enum: read without Pydantic (see cli._app.use_plain_coercion)
    typer.Option(
        "--plot-width",
        metavar="single|double",
        help="With --steps --plot: the picture for a single (3.5 in) or double (7.2 in, the "
        "default) column.",
    ),
]
StandaloneOption = Annotated[
    bool,
    typer.Option("--standalone", help="With --latex: print a complete LaTeX document."),
]


def flip_slide_width(width: str | None, *, steps: bool, plot: Any) -> str:
    """The picture's width; ``--plot-width`` without ``--steps --plot`` is refused (exit 2)."""
    from convmath.cli._app import bad_parameter

    if width is not None and width not in PLOT_WIDTHS:
        raise bad_parameter("--plot-width", f"must be single or double; got {width!r}")
    if width is not None and not (steps and plot is not None):
        raise bad_parameter(
            "--plot-width", "goes with --steps --plot FILE (the flip-and-slide picture)"
        )
    return width or "double"


def latex_document(body: str, *, standalone: bool, figure: Any = None) -> str:
    """`body` as is, or inside a complete ``article`` (including `figure`) when `standalone`."""
    from convmath.steps import standalone as document

    return document(body, None if figure is None else str(figure)) if standalone else body


def emit_steps(
    derivation: Any,
    *,
    latex: bool,
    markdown: bool,
    standalone: bool,
    figure: Any = None,
    payload: dict[str, Any] | None = None,
    typed: tuple[str, str] | None = None,
) -> None:
    """Print the steps; with a JSON `payload`, put them under ``"steps"`` and print that.

    `typed`: the inputs as the user typed them, echoed next to their meaning.
    """
    from convmath.cli._render import emit_json
    from convmath.steps import render

    if payload is not None:
        payload["steps"] = render(derivation, "json", typed=typed)
        payload["steps_text"] = render(derivation, "text", typed=typed)
        emit_json(payload)
    elif latex:
        body = render(derivation, "latex", typed=typed)
        typer.echo(latex_document(body, standalone=standalone, figure=figure))
    elif markdown:
        typer.echo(render(derivation, "markdown", typed=typed))
    else:
        typer.echo(render(derivation, "text", typed=typed))
