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

from convmath.errors import ConvmathError
from convmath.figures.grids import signed
from convmath.figures.palette import SERIES
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column, panel_title

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


def draw(
    axes: dict[str, Any],
    *,
    f: str = "Heaviside(t) - Heaviside(t - 2)",
    g: str = "exp(-t)*Heaviside(t)",
    times: tuple[float, ...] = (-0.5, 0.75, 2.0, 3.5),
) -> None:
    """Four panels f(τ), g(t − τ) and their product for `times`, and (f * g)(t) beside."""
    import sympy as sp

    from convmath.figures.signals import plot_range

    if len(times) != len(_PANELS):
        raise ConvmathError(
            f"times must hold {len(_PANELS)} values; got {len(times)}", argument="times"
        )
    numbers = integral_panels(f, g, tuple(times))
    t, f_expr, g_expr, result = numbers["t"], numbers["f"], numbers["g"], numbers["result"]
    lo, hi = plot_range([f_expr, g_expr, result], t, pad=1.0)
    grid = np.linspace(min(lo, min(times) - 1.0), max(hi, max(times) + 1.0), 1601)
    tau = sp.Symbol("tau", real=True)
    for letter, key, when, value in zip("abcd", _PANELS, times, numbers["values"]):
        ax = axes[key]
        _draw_product(ax, f_expr.subs(t, tau), g_expr.subs(t, when - tau), tau, grid, when)
        panel_title(ax, letter, f"$t = {signed(when)}$, area $= {value:.3f}$")
        ax.set_xlabel("$\\tau$", labelpad=1)
    _draw_result(axes["result"], result, t, grid, times, numbers["values"])
    if is_single_column(axes["result"].figure):  # room for the legend above the curve
        low, high = axes["result"].get_ylim()
        axes["result"].set_ylim(low, low + 1.6 * (high - low))
    handles = axes[_PANELS[0]].get_legend_handles_labels()
    mine = axes["result"].get_legend_handles_labels()
    axes["result"].legend(
        handles[0] + mine[0],
        handles[1] + mine[1],
        loc="upper left",
        fontsize=7,
        ncol=2 if is_single_column(axes["result"].figure) else 1,
    )


def _draw_product(
    ax: Any, f_tau: Any, flipped: Any, tau: Any, grid: np.ndarray, when: float
) -> None:
    """f(τ), the flipped g(t − τ) shifted to `when`, and their product shaded (its area)."""
    from convmath.figures.signals import plot_signal, regular_values

    f_values = regular_values(f_tau, tau, grid)
    peak = max(1.0, float(np.nanmax(np.abs(f_values))))
    plot_signal(ax, f_tau, tau, grid, color=SERIES["f"], label="$f(\\tau)$")
    plot_signal(ax, flipped, tau, grid, color=SERIES["g"], label="$g(t-\\tau)$")
    ax.fill_between(
        grid,
        f_values * regular_values(flipped, tau, grid),
        color=SERIES["result"],
        alpha=0.35,
        lw=0,
        label="$f(\\tau)\\,g(t-\\tau)$",
    )
    ax.axvline(when, color=SERIES["reference"], lw=0.6, ls="--")
    ax.axhline(0, color=SERIES["reference"], lw=0.5)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_ylim(-0.1 * peak, 1.3 * peak)


def _draw_result(
    ax: Any, result: Any, t: Any, grid: np.ndarray, times: Any, values: list[float]
) -> None:
    """The closed form (f * g)(t) with its values at `times` marked."""
    from convmath.figures.signals import plot_signal, regular_values

    plot_signal(ax, result, t, grid, color=SERIES["result"], label="$(f*g)(t)$")
    ax.plot(times, values, ls="none", marker="o", ms=3.5, color=SERIES["text"], zorder=5)
    curve = regular_values(result, t, grid)
    for when, value in zip(times, values):
        rising = np.interp(when + 0.05, grid, curve) > value + 1e-3
        # a label right of a rising curve goes below it, else above it
        ax.annotate(
            f"$t={signed(when)}$",
            xy=(when, value),
            xytext=(4, -4) if rising else (3, 5),
            textcoords="offset points",
            va="top" if rising else "baseline",
            fontsize=7,
        )
    ax.axhline(0, color=SERIES["reference"], lw=0.5)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_xlabel("$t$")
    panel_title(ax, "e", "$(f*g)(t) = \\int f(\\tau)\\,g(t-\\tau)\\,d\\tau$")


FIGURE = FigureSpec(
    name="integral",
    description="Convolution as an integral. (a)-(d) f(τ), the flipped and shifted g(t−τ) and "
    "their product shaded, whose area is (f*g)(t), at four values of t; (e) the closed form "
    "(f*g)(t) with those four values marked",
    layout=[["t0", "t1", "result"], ["t2", "t3", "result"]],
    draw=draw,
    aspect=0.42,
    width="double",
    mosaic_kw={"width_ratios": [1, 1, 1.35]},
    other_width=Layout([["t0", "t1"], ["t2", "t3"], ["result", "result"]], 1.2),
)
