"""``convmath derive``: closed forms, derived and checked.

``convmath derive`` alone runs the article's stomach example; the subcommands derive any
continuous convolution (``conv``) and the matrix form and size formulas of discrete
convolution (``matrix``, ``shape``, ``receptive-field``, ``params``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from convmath.cli import _derive_conv, _derive_stomach

__all__ = ["app"]

app = typer.Typer(
    help="Derive closed forms: the stomach example (default), convolutions, matrix forms.",
    invoke_without_command=True,
    add_completion=False,
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
        help="Any remaining-fraction curve g(s) in the variable s, e.g. 'exp(-s/3)'.",
    ),
]
AtOption = Annotated[
    str, typer.Option("--at", metavar="TIME", help="Time to evaluate: 14:00 or 14.")
]
StepsOption = Annotated[
    bool, typer.Option("--steps", help="Show the graphical derivation step by step.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LatexOption = Annotated[bool, typer.Option("--latex", help="Print LaTeX.")]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", metavar="FILE", help="Save a plot (png, pdf, svg).")
]
CheckOption = Annotated[
    bool,
    typer.Option("--check/--no-check", help="Compare with the sampled (discrete) convolution."),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, max=3600, help="Seconds allowed for the derivation.")
]


@app.callback()
def derive(
    ctx: typer.Context,
    meal: MealOption = None,
    half_life: HalfLifeOption = None,
    linear: LinearOption = None,
    remaining: RemainingOption = None,
    at: AtOption = "14:00",
    steps: StepsOption = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
    plot: PlotOption = None,
    check: CheckOption = True,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Derive closed forms. Without a subcommand: the stomach example.

    Food left in the stomach at time t: R(t) = ∫₀ᵗ f(x) g(t − x) dx, where f is the food
    eaten per hour and g(s) the fraction of a meal still in the stomach s hours after it was
    eaten. Prints R(t) piecewise over the day and the amount left at 14:00.
    """
    if ctx.invoked_subcommand is not None:
        return
    _derive_stomach.run(
        meal=meal,
        half_life=half_life,
        linear=linear,
        remaining=remaining,
        at=at,
        steps=steps,
        json_output=json_output,
        latex=latex,
        plot=plot,
        check=check,
        timeout=timeout,
    )


@app.command("stomach")
def stomach(
    meal: MealOption = None,
    half_life: HalfLifeOption = None,
    linear: LinearOption = None,
    remaining: RemainingOption = None,
    at: AtOption = "14:00",
    steps: StepsOption = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
    plot: PlotOption = None,
    check: CheckOption = True,
    timeout: TimeoutOption = 60.0,
) -> None:
    """The stomach example (the same as `convmath derive` with no subcommand)."""
    _derive_stomach.run(
        meal=meal,
        half_life=half_life,
        linear=linear,
        remaining=remaining,
        at=at,
        steps=steps,
        json_output=json_output,
        latex=latex,
        plot=plot,
        check=check,
        timeout=timeout,
    )


@app.command("conv")
def conv(
    f: Annotated[str, typer.Argument(help="First signal, e.g. 'exp(-t) u(t)'.")],
    g: Annotated[str, typer.Argument(help="Second signal, e.g. 'rect(t)'.")],
    var: Annotated[str, typer.Option("--var", help="Name of the variable.")] = "t",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="A positive parameter allowed in F and G (repeatable)."),
    ] = None,
    steps: StepsOption = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
    plot: PlotOption = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Compare with fftconvolve of the sampled signals × dt."),
    ] = False,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Derive (f * g)(t) = ∫ f(τ) g(t − τ) dτ in closed form.

    Functions: exp log ln sqrt sin cos tan sinh cosh tanh abs sign min max; u(t) = step(t) =
    Heaviside(t), delta(t), rect(t) (unit box on [-1/2, 1/2]), tri(t); constants pi, e, I, oo.
    """
    _derive_conv.run(
        f=f,
        g=g,
        var=var,
        params=param or [],
        steps=steps,
        json_output=json_output,
        latex=latex,
        plot=plot,
        check=check,
        timeout=timeout,
    )
