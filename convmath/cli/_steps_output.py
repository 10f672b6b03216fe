"""``--steps`` in every output format (text, ``--markdown``, ``--latex``, ``--json``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

__all__ = ["MarkdownOption", "StandaloneOption", "emit_steps", "latex_document"]

MarkdownOption = Annotated[
    bool, typer.Option("--markdown", help="With --steps: print the steps as Markdown.")
]
StandaloneOption = Annotated[
    bool,
    typer.Option("--standalone", help="With --latex: print a complete LaTeX document."),
]


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
) -> None:
    """Print the steps; with a JSON `payload`, put them under ``"steps"`` and print that."""
    from convmath.cli._render import emit_json
    from convmath.steps import render

    if payload is not None:
        payload["steps"] = render(derivation, "json")
        payload["steps_text"] = render(derivation, "text")
        emit_json(payload)
    elif latex:
        body = render(derivation, "latex")
        typer.echo(latex_document(body, standalone=standalone, figure=figure))
    elif markdown:
        typer.echo(render(derivation, "markdown"))
    else:
        typer.echo(render(derivation, "text"))
