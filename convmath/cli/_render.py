"""Output helpers shared by the commands: pretty, LaTeX and JSON forms of results."""

from __future__ import annotations

import json
import math
from typing import Any

import typer

__all__ = ["emit_json", "pretty", "json_number"]


def pretty(expr: Any) -> str:
    """SymPy's 2-D Unicode rendering, never wrapped (terminals wrap better than SymPy)."""
    import sympy as sp

    return sp.pretty(expr, use_unicode=True, wrap_line=False)


def json_number(value: float) -> float | None:
    """A float for JSON: NaN and infinities become ``null``."""
    return value if math.isfinite(value) else None


def emit_json(payload: dict[str, Any]) -> None:
    """Print one JSON object on stdout."""
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


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
