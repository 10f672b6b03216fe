"""``integral``: convolution as an integral, ``(f * g)(t) = ∫ f(τ) g(t − τ) dτ``, drawn.

For a few values of ``t``: ``f(τ)``, the flipped and shifted ``g(t − τ)`` and their product
shaded (its area is the value of the convolution at ``t``); beside them the closed form
``(f * g)(t)`` from :func:`convmath.symbolic.convolve` with those values marked.

Examples
--------
>>> FIGURE.defaults["times"]
(-0.5, 0.75, 2.0, 3.5)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.registry import FigureSpec
from convmath.figures.style import PALETTE

__all__ = ["FIGURE", "draw", "integral_panels"]

_PANELS = ("t0", "t1", "t2", "t3")


def integral_panels(f: str, g: str, times: tuple[float, ...]) -> dict[str, Any]:
    """The expressions and numbers the figure shows: f, g, f * g and (f * g)(t) at `times`.

    Examples
    --------
    >>> numbers = integral_panels("Heaviside(t) - Heaviside(t - 1)", "Heaviside(t)", (0.5,))
    >>> # (box * step)(1/2) = length of [0, 1/2] = 1/2
    >>> numbers["values"]
    [0.5]
    """
    import sympy as sp

    from convmath.symbolic import convolve, parse

    f_expr, g_expr = parse(f), parse(g)
    t = sp.Symbol("t")  # the parser's variable
    result = convolve(f_expr, g_expr, t)
    values = [float(result.subs(t, value)) for value in times]
    return {"f": f_expr, "g": g_expr, "t": t, "result": result, "values": values}


def _numeric(expr: Any, t: Any, grid: np.ndarray) -> np.ndarray:
    import sympy as sp

    from convmath.symbolic.sampling import split_deltas

    regular, _ = split_deltas(expr, t)
    function = sp.lambdify(t, regular, modules="numpy")
    with np.errstate(all="ignore"):
        return np.asarray(function(grid), dtype=float) * np.ones_like(grid)


def draw(
    axes: dict[str, Any],
    *,
    f: str = "Heaviside(t) - Heaviside(t - 2)",
    g: str = "exp(-t)*Heaviside(t)",
    times: tuple[float, ...] = (-0.5, 0.75, 2.0, 3.5),
) -> None:
    """Four panels f(τ), g(t − τ) and their product for `times`, and (f * g)(t) beside."""
    import sympy as sp

    from convmath.figures.signals import plot_range, plot_signal

    if len(times) != len(_PANELS):
        from convmath.errors import ConvmathError

        raise ConvmathError(f"times must hold {len(_PANELS)} values; got {len(times)}")
    numbers = integral_panels(f, g, tuple(times))
    t, f_expr, g_expr, result = numbers["t"], numbers["f"], numbers["g"], numbers["result"]
    tau = sp.Symbol("tau", real=True)

    lo, hi = plot_range([f_expr, g_expr, result], t, pad=1.0)
    lo, hi = min(lo, min(times) - 1.0), max(hi, max(times) + 1.0)
    grid = np.linspace(lo, hi, 1601)
    f_tau = f_expr.subs(t, tau)
    f_values = _numeric(f_tau, tau, grid)
    peak = max(1.0, float(np.nanmax(np.abs(f_values))))

    for key, when, value in zip(_PANELS, times, numbers["values"]):
        ax = axes[key]
        flipped = g_expr.subs(t, when - tau)
        plot_signal(ax, f_tau, tau, grid, color=PALETTE["blue"], label="$f(\\tau)$")
        plot_signal(ax, flipped, tau, grid, color=PALETTE["vermillion"], label="$g(t-\\tau)$")
        product = f_values * _numeric(flipped, tau, grid)
        ax.fill_between(
            grid,
            product,
            color=PALETTE["green"],
            alpha=0.35,
            lw=0,
            label="$f(\\tau)\\,g(t-\\tau)$",
        )
        ax.axvline(when, color=PALETTE["grey"], lw=0.6, ls="--")
        ax.axhline(0, color=PALETTE["grey"], lw=0.5)
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.1 * peak, 1.3 * peak)
        ax.set_title(f"$t = {when:g}$:  area $= {value:.3f}$", fontsize=7)
        ax.set_xlabel("$\\tau$", labelpad=1)

    ax = axes["result"]
    plot_signal(ax, result, t, grid, color=PALETTE["green"], label="$(f*g)(t)$")
    ax.plot(
        times, numbers["values"], ls="none", marker="o", ms=3.5, color=PALETTE["black"], zorder=5
    )
    for when, value in zip(times, numbers["values"]):
        ax.annotate(
            f"$t={when:g}$",
            xy=(when, value),
            xytext=(3, 5),
            textcoords="offset points",
            fontsize=6,
        )
    ax.axhline(0, color=PALETTE["grey"], lw=0.5)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("$t$")
    ax.set_title("$(f*g)(t) = \\int f(\\tau)\\,g(t-\\tau)\\,d\\tau$ (closed form)", fontsize=7)
    handles = axes[_PANELS[0]].get_legend_handles_labels()
    mine = ax.get_legend_handles_labels()
    ax.legend(handles[0] + mine[0], handles[1] + mine[1], loc="upper right", fontsize=6)


FIGURE = FigureSpec(
    name="integral",
    description="Convolution as an integral: f(τ), flipped and shifted g(t−τ), shaded product, and f*g",
    layout=[["t0", "t1", "result"], ["t2", "t3", "result"]],
    draw=draw,
    aspect=0.42,
    width="double",
    mosaic_kw={"width_ratios": [1, 1, 1.35]},
)
