"""Renderers of a derivation's steps: text, Markdown, LaTeX and JSON (with its schema).

Examples
--------
>>> from convmath.symbolic.continuous import derive_convolution
>>> from convmath.symbolic.parser import parse
>>> d = derive_convolution(parse("rect(t)"), parse("rect(t)"))
>>> print(render(d, "text").splitlines()[0])
(f * g)(t) = ∫ f(τ) g(t − τ) dτ over −∞ < τ < ∞
>>> validate(render(d, "json"))
[]
"""

from __future__ import annotations

from typing import Any

from convmath.steps._json import STEPS_SCHEMA, steps_json, validate
from convmath.steps._latex import format_latex, format_markdown, standalone
from convmath.steps._text import format_text

__all__ = ["FORMATS", "STEPS_SCHEMA", "render", "standalone", "validate"]

FORMATS = ("text", "markdown", "latex", "json")


def render(derivation: Any, form: str = "text", *, typed: tuple[str, str] | None = None) -> Any:
    """The steps of `derivation` in `form` (one of `FORMATS`); JSON is a dict.

    `typed`: the two inputs as the user typed them, echoed next to their meaning.
    """
    renderers: dict[str, Any] = {
        "text": format_text,
        "markdown": format_markdown,
        "latex": format_latex,
        "json": steps_json,
    }
    if form not in renderers:
        raise ValueError(f"form must be one of {', '.join(FORMATS)}, got {form!r}")
    return renderers[form](derivation, typed=typed)
