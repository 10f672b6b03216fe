"""``convmath derive`` (no subcommand): the stomach example."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._inputs import parse_clock, parse_emptying_hours, parse_meal
from convmath.cli._options import (
    DEFAULT_TIMEOUT,
    JsonOption,
    LatexOption,
    PlotOption,
    StepsOption,
    TimeoutOption,
    given,
    saved,
    shown_default,
    writable_path,
)
from convmath.cli._render import (
    check_payload,
    describe_convergence,
    emit_json,
    pretty,
    shown_payload,
)
from convmath.cli._steps_output import (
    MarkdownOption,
    PlotWidthOption,
    StandaloneOption,
    emit_steps,
    flip_slide_width,
)

__all__ = ["command", "OPTIONS"]

#: The arguments of ``derive_stomach`` and of the plot, as this command's options. The
#: meals and emptying models are built one option at a time, so their errors need no table.
OPTIONS = {"meals": "--meal", "at": "--at", "path": "--plot"}

_MEAL_NAMES = ("breakfast", "lunch", "dinner")
#: Most meals a day may have: each adds pieces to R(t) and time to its derivation.
MAX_MEALS = 12
_NOTE = (
    'The article calls g a "digestion rate"; for R(t) to be the food left, g must be the '
    "fraction of a meal still in the stomach (g(0) = 1, falling to 0)."
)

MealOption = Annotated[
    list[str] | None,
    typer.Option(
        "--meal",
        metavar="TIME,GRAMS[,DURATION]",
        help="A meal, e.g. 7:00,300,30m (repeat for several). DURATION: 30m, 0.5h or 0:30; "
        "0 = eaten at once. Default: 7:00,300,30m and 12:00,500,30m.",
    ),
]
HalfLifeOption = Annotated[
    str | None,
    typer.Option(
        "--half-life",
        metavar="HOURS",
        help="Exponential emptying with this half-life (default 2).",
    ),
]
LinearOption = Annotated[
    str | None,
    typer.Option("--linear", metavar="HOURS", help="Linear emptying over HOURS instead."),
]
RemainingOption = Annotated[
    str | None,
    typer.Option(
        "--remaining",
        metavar="EXPR",
        help="A remaining-fraction curve g(s) in the variable s, e.g. 'exp(-s/3)': "
        "g(0) = 1 and 0 <= g(s) <= 1 for s >= 0.",
    ),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at", metavar="TIME", help=shown_default("Time to evaluate: 14:00 or 14.", "14:00")
    ),
]
CheckOption = Annotated[
    bool,
    typer.Option("--check/--no-check", help="Compare with the sampled (discrete) convolution."),
]


@dataclass(frozen=True)
class _Stomach:
    """The derivation, its closed form over intervals and the sampled check (or None)."""

    derivation: Any
    by_interval: Any
    sampled: Any

    @property
    def clock(self) -> str:
        from convmath.symbolic.stomach import format_clock

        return format_clock(self.derivation.at)


def command(
    ctx: typer.Context,
    meal: MealOption = None,
    half_life: HalfLifeOption = None,
    linear: LinearOption = None,
    remaining: RemainingOption = None,
    at: AtOption = None,
    steps: StepsOption = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
    markdown: MarkdownOption = False,
    standalone: StandaloneOption = False,
    plot: PlotOption = None,
    plot_width: PlotWidthOption = None,
    check: CheckOption = True,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> None:
    """Derive closed forms. Without a subcommand: the stomach example.

    Food left in the stomach at time t: R(t) = ∫₀ᵗ f(x) g(t − x) dx, where f is the food
    eaten per hour and g(s) the fraction of a meal still in the stomach s hours after it was
    eaten. Prints R(t) piecewise over the day and the amount left at 14:00.
    """
    if ctx.invoked_subcommand is not None:
        _refuse_options_before(ctx)
        return
    at_hours = None if at is None else parse_clock(at, "--at")
    meals = _meals(meal)
    emptying = _emptying(half_life, linear, remaining)
    width = flip_slide_width(plot_width, steps=steps, plot=plot)
    if plot is not None:
        writable_path(plot, "--plot")
    stomach = _derive(meals, emptying, at_hours, timeout=timeout, check=check)
    if plot is not None and steps:
        from convmath.figures.flip_slide import save_flip_slide

        with library_errors(OPTIONS):
            save_flip_slide(stomach.derivation.derivation, plot, width=width)
    elif plot is not None:
        from convmath.figures.stomach import save_stomach_plot

        with library_errors(OPTIONS), saved("--plot"):
            save_stomach_plot(stomach.derivation, plot)
    if json_output:
        emit_json(_payload(stomach, steps=steps))
    elif steps and (latex or markdown):
        emit_steps(
            stomach.derivation.derivation,
            latex=latex,
            markdown=markdown,
            standalone=standalone,
            figure=plot,
        )
    elif markdown:
        body = shown_payload(stomach.derivation.food_left, stomach.derivation.t)["latex"]
        typer.echo(f"$$ R(t) = {body} $$")
    elif latex:
        _print_latex(stomach)
    else:
        _print_text(stomach, steps=steps)


def _refuse_options_before(ctx: typer.Context) -> None:
    """The stomach's options belong to ``convmath derive`` alone, not before a subcommand."""
    for name in ctx.params:
        source = ctx.get_parameter_source(name)
        if source is not None and source.name != "DEFAULT":
            option = "--" + name.replace("_output", "").replace("_", "-")
            raise bad_parameter(
                option,
                f"stomach options go without a subcommand; put options after "
                f"'{ctx.invoked_subcommand}'",
            )


def _meals(specs: list[str] | None) -> Any:
    """The ``--meal`` options as meals (named breakfast, lunch, dinner), or the defaults."""
    from convmath.symbolic import stomach

    if not specs:
        return stomach.DEFAULT_MEALS
    if len(specs) > MAX_MEALS:
        raise bad_parameter("--meal", f"at most {MAX_MEALS} meals, got {len(specs)}")
    meals = []
    for index, spec in enumerate(specs):
        time, grams, duration = parse_meal(spec)
        name = _MEAL_NAMES[index] if len(specs) <= len(_MEAL_NAMES) else f"meal {index + 1}"
        with library_errors({}, fallback="--meal"):
            meals.append(stomach.Meal(time, grams, name=name, **given(duration=duration)))
    return tuple(meals)


def _emptying(half_life: str | None, linear: str | None, remaining: str | None) -> Any:
    """The one emptying model chosen (exponential by default)."""
    from convmath.symbolic import stomach

    chosen = {
        option: text
        for option, text in (
            ("--half-life", half_life),
            ("--linear", linear),
            ("--remaining", remaining),
        )
        if text is not None
    }
    if len(chosen) > 1:
        raise bad_parameter(
            "--half-life", f"choose one emptying model, got {' and '.join(chosen)}"
        )
    if not chosen:
        return stomach.DEFAULT_EMPTYING
    ((option, text),) = chosen.items()
    from convmath.cli._derive_limits import without_physics_units

    with library_errors({}, fallback=option), without_physics_units():
        if option == "--linear":
            return stomach.LinearEmptying(parse_emptying_hours(text, option))
        if option == "--remaining":
            from convmath.symbolic.parser import parse

            return stomach.CustomEmptying(parse(text, variables=(stomach.S.name,)))
        return stomach.ExponentialEmptying(parse_emptying_hours(text, option))


def _derive(meals: Any, emptying: Any, at: Any, *, timeout: float, check: bool) -> _Stomach:
    from convmath.cli._derive_limits import without_physics_units
    from convmath.symbolic.piecewise_form import to_piecewise
    from convmath.symbolic.stomach import derive_stomach

    with library_errors(OPTIONS), without_physics_units():
        result = derive_stomach(meals, emptying, **given(at=at), timeout=timeout)
    by_interval = to_piecewise(result.food_left, result.t)
    return _Stomach(result, by_interval, _sampled_check(result) if check else None)


def _sampled_check(result: Any) -> Any:
    """The FFT convolution of the sampled f and g against R(t), over the day and at `at`."""
    import numpy as np

    from convmath.verification.closed_form import sampled_check

    first = min(float(m.time) for m in result.meals)
    last = max(float(m.time + m.duration) for m in result.meals)
    at = float(result.at)
    points = np.union1d(np.linspace(first - 1, max(last, at) + 3, 241), [at])
    return sampled_check(
        result.intake, result.remaining, result.food_left, result.t, points=points
    )


def _payload(stomach: _Stomach, *, steps: bool) -> dict[str, Any]:
    from convmath.symbolic._present_print import latex
    from convmath.symbolic.stomach import format_clock

    result = stomach.derivation
    payload: dict[str, Any] = {
        **shown_payload(result.food_left, result.t),  # textbook form, equal to "engine"
        "engine": str(result.food_left),
        "piecewise": str(stomach.by_interval),
        "piecewise_latex": latex(stomach.by_interval),
        "value": result.value,
        "exact_value": str(result.exact_value),
        "at": stomach.clock,
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
            for m in result.meals
        ],
        "emptying": result.emptying.describe(),
        "f": str(result.intake),
        "g": str(result.remaining),
        "note": _NOTE,
    }
    if stomach.sampled is not None:
        payload["check"] = check_payload(stomach.sampled)
    if steps:
        from convmath.steps import render

        payload["steps"] = render(result.derivation, "json")
        payload["steps_text"] = render(result.derivation, "text")
    return payload


def _print_latex(stomach: _Stomach) -> None:
    from convmath.symbolic._present_print import latex

    result = stomach.derivation
    typer.echo(f"R(t) = {shown_payload(result.food_left, result.t)['latex']}")
    typer.echo(
        f"R({latex(result.at)}) = {latex(result.exact_value)} \\approx "
        f"{result.value:.1f}\\,\\mathrm{{g}}"
    )


def _print_text(stomach: _Stomach, *, steps: bool) -> None:
    from convmath.cli._derive_limits import one_line

    result = stomach.derivation
    meals_text = "; ".join(m.describe() for m in result.meals)
    typer.echo("The stomach example: food left  R(t) = ∫₀ᵗ f(x) g(t − x) dx   (t in hours)")
    typer.echo(f"  f(t)  food eaten, grams per hour: {meals_text}")
    typer.echo("  g(s)  fraction of a meal still in the stomach s hours after eating it:")
    typer.echo(f"        {result.emptying.describe()}")
    typer.echo(f"  Note: {_NOTE}")
    if steps:
        typer.echo("")
        emit_steps(result.derivation, latex=False, markdown=False, standalone=False)
    typer.echo("")
    typer.echo("R(t) =")
    typer.echo(pretty(result.food_left, result.t))
    typer.echo("")
    typer.echo(f"Food left at {stomach.clock}: R({float(result.at):g}) = {result.value:.1f} g")
    typer.echo(f"  exact: {one_line(result.exact_value)}")
    if stomach.sampled is not None:
        typer.echo(
            f"Discrete check: Σ f(xᵢ) g(t − xᵢ) Δt (by FFT) at {stomach.sampled.points.size} "
            f"times of day, Δt in hours: {describe_convergence(stomach.sampled.report)}"
        )
