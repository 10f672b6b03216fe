"""``convmath derive`` (no subcommand): the stomach example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from convmath.cli._inputs import parse_clock, parse_meal, parse_number
from convmath.cli._render import check_payload, describe_convergence, emit_json, pretty

__all__ = ["run"]

_MEAL_NAMES = ("breakfast", "lunch", "dinner")
_NOTE = (
    'The article calls g a "digestion rate"; for R(t) to be the food left, g must be the '
    "fraction of a meal still in the stomach (g(0) = 1, falling to 0)."
)


def _emptying(half_life: str | None, linear: str | None, remaining: str | None) -> Any:
    from convmath.symbolic import stomach

    chosen = [
        name
        for name, v in (
            ("--half-life", half_life),
            ("--linear", linear),
            ("--remaining", remaining),
        )
        if v is not None
    ]
    if len(chosen) > 1:
        raise typer.BadParameter(
            f"choose one emptying model, got {' and '.join(chosen)}", param_hint="'--half-life'"
        )
    try:
        if linear is not None:
            return stomach.LinearEmptying(parse_number(linear, "--linear"))
        if remaining is not None:
            from convmath.symbolic.parser import parse

            return stomach.CustomEmptying(parse(remaining, variables=("s",)))
        if half_life is not None:
            return stomach.ExponentialEmptying(parse_number(half_life, "--half-life"))
    except ValueError as error:
        option = chosen[0] if chosen else "--half-life"
        if isinstance(error, typer.BadParameter):
            raise
        raise typer.BadParameter(str(error), param_hint=f"'{option}'") from None
    return stomach.DEFAULT_EMPTYING


def _meals(specs: list[str] | None) -> Any:
    from convmath.symbolic import stomach

    if not specs:
        return stomach.DEFAULT_MEALS
    meals = []
    for index, spec in enumerate(specs):
        time, grams, duration = parse_meal(spec)
        name = _MEAL_NAMES[index] if len(specs) <= 3 else f"meal {index + 1}"
        meals.append(stomach.Meal(time, grams, duration, name))
    return tuple(meals)


def run(
    *,
    meal: list[str] | None,
    half_life: str | None,
    linear: str | None,
    remaining: str | None,
    at: str,
    steps: bool,
    json_output: bool,
    latex: bool,
    plot: Path | None,
    check: bool,
    timeout: float,
) -> None:
    """Derive, print and optionally check and plot the stomach example."""
    at_hours = parse_clock(at, "--at")
    meals = _meals(meal)
    emptying = _emptying(half_life, linear, remaining)

    import numpy as np
    import sympy as sp

    from convmath.symbolic.piecewise_form import to_piecewise
    from convmath.symbolic.stomach import derive_stomach, format_clock

    result = derive_stomach(meals, emptying, at_hours, timeout=timeout)
    t = result.t
    by_interval = to_piecewise(result.food_left, t)
    clock = format_clock(result.at)

    sampled = None
    if check:
        from convmath.verification.closed_form import sampled_check

        first = min(float(m.time) for m in meals)
        last = max(float(m.time + m.duration) for m in meals)
        points = np.union1d(
            np.linspace(first - 1, max(last, float(result.at)) + 3, 241), [float(result.at)]
        )
        sampled = sampled_check(
            result.intake, result.remaining, result.food_left, t, points=points
        )

    if plot is not None:
        from convmath.figures.stomach import save_stomach_plot

        save_stomach_plot(result, plot)

    if json_output:
        payload = {
            "expr": str(result.food_left),
            "latex": sp.latex(result.food_left),
            "piecewise": str(by_interval),
            "piecewise_latex": sp.latex(by_interval),
            "value": result.value,
            "exact_value": str(result.exact_value),
            "at": clock,
            "at_hours": float(result.at),
            "unit": "g",
            "meals": [
                {
                    "name": m.name,
                    "time": format_clock(m.time),
                    "hours": float(m.time),
                    "grams": float(m.grams),
                    "duration_hours": float(m.duration),
                }
                for m in meals
            ],
            "emptying": emptying.describe(),
            "f": str(result.intake),
            "g": str(result.remaining),
            "note": _NOTE,
        }
        if sampled is not None:
            payload["check"] = check_payload(sampled)
        if steps:
            payload["steps"] = result.derivation.format_steps()
        emit_json(payload)
        return

    if latex:
        typer.echo(f"R(t) = {sp.latex(by_interval)}")
        typer.echo(
            f"R({sp.latex(result.at)}) = {sp.latex(result.exact_value)} \\approx "
            f"{result.value:.1f}\\,\\mathrm{{g}}"
        )
        return

    meals_text = "; ".join(m.describe() for m in meals)
    typer.echo("The stomach example: food left  R(t) = ∫₀ᵗ f(x) g(t − x) dx   (t in hours)")
    typer.echo(f"  f(t)  food eaten, grams per hour: {meals_text}")
    typer.echo("  g(s)  fraction of a meal still in the stomach s hours after eating it:")
    typer.echo(f"        {emptying.describe()}")
    typer.echo(f"  Note: {_NOTE}")
    if steps:
        typer.echo("")
        typer.echo(result.derivation.format_steps())
    typer.echo("")
    typer.echo("R(t) =")
    typer.echo(pretty(by_interval))
    typer.echo("")
    typer.echo(f"Food left at {clock}: R({float(result.at):g}) = {result.value:.1f} g")
    typer.echo(f"  exact: {result.exact_value}")
    if sampled is not None:
        report = sampled.report
        typer.echo(
            f"Discrete check: Σ f(xᵢ) g(t − xᵢ) Δt (fftconvolve) at {sampled.points.size} "
            f"times of day, Δt in hours: {describe_convergence(report)}"
        )
