"""``convmath derive conv F G``: a continuous convolution in closed form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from convmath.cli._render import check_payload, describe_convergence, emit_json, pretty

__all__ = ["run"]


def _parse_signal(text: str, name: str, var: str, params: list[str]) -> Any:
    import sympy as sp

    from convmath.errors import ExpressionError
    from convmath.symbolic.parser import parse

    try:
        symbols = [sp.Symbol(p, positive=True) for p in params]
        return parse(text, variables=(var,), parameters=symbols)
    except ExpressionError as error:
        raise typer.BadParameter(str(error), param_hint=f"'{name}'") from None


def run(
    *,
    f: str,
    g: str,
    var: str,
    params: list[str],
    steps: bool,
    json_output: bool,
    latex: bool,
    plot: Path | None,
    check: bool,
    timeout: float,
) -> None:
    """Derive, print and optionally check and plot ``f * g``."""
    import sympy as sp

    from convmath.errors import ExpressionError
    from convmath.symbolic.parser import parse

    try:  # parsing "0" checks only the declared names
        parse("0", variables=(var,), parameters=params)
    except ExpressionError as error:
        option = "--var" if str(error).startswith("variables") else "--param"
        raise typer.BadParameter(str(error), param_hint=f"'{option}'") from None
    f_expr = _parse_signal(f, "F", var, params)
    g_expr = _parse_signal(g, "G", var, params)
    t = sp.Symbol(var)
    if check and params:
        raise typer.BadParameter(
            "the sampled check needs numbers: substitute the parameters "
            f"({', '.join(params)}) first",
            param_hint="'--check'",
        )

    from convmath.symbolic.continuous import derive_convolution
    from convmath.symbolic.piecewise_form import to_piecewise

    symbols = [sp.Symbol(p, positive=True) for p in params]
    record = derive_convolution(f_expr, g_expr, t, timeout=timeout, parameters=symbols)
    result = record.result
    by_interval = to_piecewise(result, t) if not params else result

    sampled = None
    if check:
        from convmath.verification.closed_form import sampled_check

        sampled = sampled_check(f_expr, g_expr, result, t)

    if plot is not None:
        if params:
            raise typer.BadParameter(
                "plotting needs numbers: substitute the parameters first", param_hint="'--plot'"
            )
        from convmath.figures.signals import save_convolution_plot

        save_convolution_plot(f_expr, g_expr, result, t, plot)

    if json_output:
        payload: dict[str, Any] = {
            "f": str(f_expr),
            "g": str(g_expr),
            "expr": str(result),
            "latex": sp.latex(result),
            "piecewise": str(by_interval),
            "piecewise_latex": sp.latex(by_interval),
        }
        if sampled is not None:
            payload["check"] = check_payload(sampled)
        if steps:
            payload["steps"] = record.format_steps()
        emit_json(payload)
        return
    if latex:
        typer.echo(sp.latex(by_interval))
        return
    if steps:
        typer.echo(record.format_steps())
        typer.echo("")
    typer.echo(f"({f_expr}) * ({g_expr}) =")
    typer.echo(pretty(by_interval))
    if sampled is not None:
        report = sampled.report
        typer.echo(
            f"Check against fftconvolve of the sampled signals × Δt at {sampled.points.size} "
            f"points: {describe_convergence(report)}"
        )
