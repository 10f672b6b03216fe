"""Output helpers shared by the commands: pretty, LaTeX and JSON forms of results, grids."""

from __future__ import annotations

import json
import math
from typing import Any

import typer

from convmath.cli._derive_limits import bounded

__all__ = [
    "emit_json",
    "expr_payload",
    "pretty",
    "shown_payload",
    "json_number",
    "grid_text",
    "shape_text",
    "describe_convergence",
    "check_payload",
]


def pretty(expr: Any, variable: Any = None) -> str:
    """2-D Unicode rendering, never wrapped (terminals wrap better than SymPy).

    With a `variable`, `expr` is a result in it and is shown in textbook form
    (:func:`convmath.symbolic.presentation.display_form`); ``u(t)`` and ``ln`` either way.
    The text is kept to a few KB (:func:`convmath.cli._derive_limits.bounded`).
    """
    from convmath.symbolic._present_print import pretty as print_pretty

    if variable is not None:
        from convmath.symbolic.presentation import display_form

        expr = display_form(expr, variable)
    # bounded after the display form: rounding first would hand it floats to re-read
    return bounded(print_pretty)(expr)


def shown_payload(expr: Any, variable: Any) -> dict[str, str]:
    """``{"expr", "latex"}`` of a result in `variable`, in its displayed (textbook) form.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> shown_payload(sp.Piecewise((0, t < 3), (sp.exp(3 - t), True)), t)
    {'expr': 'exp(-(t - 3))*Heaviside(t - 3)', 'latex': 'e^{- (t - 3)} u\\\\left(t - 3\\\\right)'}
    """
    from convmath.symbolic._present_print import latex
    from convmath.symbolic.presentation import display_form

    shown = display_form(expr, variable)
    return {"expr": str(shown), "latex": latex(shown)}


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
        "method": "FFT convolution of the f and g samples * dt",
        "points": int(sampled.points.size),
        "dt": list(report.steps),
        "max_error": [json_number(e) for e in report.errors],
        "order": json_number(report.order),
    }
