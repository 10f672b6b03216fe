"""Output helpers shared by the commands: pretty, LaTeX and JSON forms of results, grids."""

from __future__ import annotations

import json
import math
from typing import Any

import typer

__all__ = [
    "emit_json",
    "expr_payload",
    "pretty",
    "rounded",
    "one_line",
    "json_number",
    "grid_text",
    "shape_text",
    "describe_convergence",
    "check_payload",
]


#: Most characters a result prints as text (``--json`` and ``--latex`` print it whole).
MAX_TEXT_CHARS = 4000
#: Exact numbers longer than this many digits are rounded to it in a capped text form.
SHOWN_DIGITS = 12


def pretty(expr: Any) -> str:
    """SymPy's 2-D Unicode rendering, never wrapped (terminals wrap better than SymPy).

    Kept to about :data:`MAX_TEXT_CHARS`: past it, exact numbers of more than
    :data:`SHOWN_DIGITS` digits are rounded, then a Piecewise is written one piece per
    line, then the text is cut; a last line says what was done.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> print(pretty(sp.exp(-t)))
     -t
    ℯ
    >>> huge = sp.exp(-sp.Integer(10) ** 4000 * t)  # 4001 digits: rounded to 1.0e+4000
    >>> print(pretty(huge))
     -1.0e+4000⋅t
    ℯ
    (exact numbers of more than 12 digits are rounded; --json or --latex print the result exactly)
    """
    import sympy as sp

    text = sp.pretty(expr, use_unicode=True, wrap_line=False)
    if len(text) <= MAX_TEXT_CHARS:
        return text
    notes = []
    shown = rounded(expr)
    if shown != expr:
        notes.append(f"exact numbers of more than {SHOWN_DIGITS} digits are rounded")
        text = sp.pretty(shown, use_unicode=True, wrap_line=False)
    if len(text) > MAX_TEXT_CHARS and isinstance(shown, sp.Piecewise):
        text = "\n".join(f"  {value}    {_condition(c)}" for value, c in shown.args)
        notes.append("one piece per line")
    elif len(text) > MAX_TEXT_CHARS:
        text = str(shown)
        notes.append("written on one line")
    if len(text) > MAX_TEXT_CHARS:
        end = text.rfind("\n", 0, MAX_TEXT_CHARS)
        text = text[: end if end > 0 else MAX_TEXT_CHARS]
        notes.append(f"cut to its first {len(text)} characters")
    return f"{text}\n({'; '.join(notes)}; --json or --latex print the result exactly)"


def _condition(condition: Any) -> str:
    return "otherwise" if condition is True or str(condition) == "True" else f"for {condition}"


def one_line(expr: Any) -> str:
    """``str(expr)``, with its long exact numbers rounded (see :func:`rounded`) past 200
    characters.

    Examples
    --------
    >>> import sympy as sp
    >>> one_line(sp.Integer(10) ** 300 * sp.Symbol("t"))
    '1.0e+300*t'
    """
    text = str(expr)
    return text if len(text) <= 200 else str(rounded(expr))


def rounded(expr: Any) -> Any:
    """`expr` with every exact number of more than :data:`SHOWN_DIGITS` digits rounded.

    Examples
    --------
    >>> import sympy as sp
    >>> rounded(sp.Rational(10**20 + 1, 3) * sp.Symbol("x") + sp.Rational(1, 3))
    3.33333333333e+19*x + 1/3
    """
    import sympy as sp

    long = {
        number: sp.Float(number, SHOWN_DIGITS)
        for number in expr.atoms(sp.Rational)
        if max(len(str(abs(number.p))), len(str(number.q))) > SHOWN_DIGITS
    }
    return expr.xreplace(long)


def json_number(value: float) -> float | None:
    """A float for JSON: NaN and infinities become ``null``."""
    return value if math.isfinite(value) else None


def emit_json(payload: dict[str, Any]) -> None:
    """Print one JSON object on stdout."""
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def expr_payload(expr: Any, **extra: Any) -> dict[str, Any]:
    """``{"expr", "latex", **extra}``, and ``"value"`` (a float) when `expr` is an integer.

    Examples
    --------
    >>> import sympy as sp
    >>> expr_payload(sp.Integer(31), jump="1")
    {'expr': '31', 'latex': '31', 'jump': '1', 'value': 31.0}
    >>> expr_payload(sp.Symbol("k") + 1)
    {'expr': 'k + 1', 'latex': 'k + 1'}
    """
    import sympy as sp

    payload: dict[str, Any] = {"expr": str(expr), "latex": sp.latex(expr), **extra}
    if expr.is_Integer:
        payload["value"] = float(expr)
    return payload


def shape_text(shape: tuple[int, ...]) -> str:
    """``(4, 4)`` -> ``"4×4"``."""
    return "×".join(map(str, shape))


def grid_text(rows: list[list[str]], *, left: bool = False, gap: str = " ") -> str:
    """Rows of strings as an aligned grid (right-aligned, like numbers, unless `left`).

    Examples
    --------
    >>> print(grid_text([["1", "2", "0"], ["0", "10", "w_1"]]))
    1  2   0
    0 10 w_1
    """
    widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
    align = str.ljust if left else str.rjust
    lines = (gap.join(align(cell, w) for cell, w in zip(row, widths)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def describe_convergence(report: Any) -> str:
    """One sentence on a :class:`~convmath.numeric.sampled.ConvergenceReport`."""
    errors = ", ".join(f"{e:.1e}" for e in report.errors)
    steps = ", ".join(f"{s:g}" for s in report.steps)
    text = f"max errors {errors} for Δt = {steps}"
    if max(report.errors) < 1e-12:
        return f"{text}: exact to round-off (the sum is the trapezoid rule, exact here)"
    if not math.isfinite(report.order) or report.order < 0.5:
        return (
            f"{text}: the error no longer shrinks with Δt; it is set by truncating the "
            "signals to the sampling window"
        )
    return f"{text}: observed order {report.order:.2f}"


def check_payload(sampled: Any) -> dict[str, Any]:
    """The JSON form of a :class:`~convmath.verification.closed_form.SampledCheck`."""
    report = sampled.report
    return {
        "method": "fftconvolve(f samples, g samples) * dt",
        "points": int(sampled.points.size),
        "dt": list(report.steps),
        "max_error": [json_number(e) for e in report.errors],
        "order": json_number(report.order),
    }
