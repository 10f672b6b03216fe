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
from convmath.figures.palette import SERIES
from convmath.figures.registry import FigureSpec

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
    for key, when, value in zip(_PANELS, times, numbers["values"]):
        ax = axes[key]
        _draw_product(ax, f_expr.subs(t, tau), g_expr.subs(t, when - tau), tau, grid, when)
        ax.set_title(f"$t = {when:g}$:  area $= {value:.3f}$", fontsize=7)
        ax.set_xlabel("$\\tau$", labelpad=1)
    _draw_result(axes["result"], result, t, grid, times, numbers["values"])
    handles = axes[_PANELS[0]].get_legend_handles_labels()
    mine = axes["result"].get_legend_handles_labels()
    axes["result"].legend(
        handles[0] + mine[0], handles[1] + mine[1], loc="upper right", fontsize=7
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
    from convmath.figures.signals import plot_signal

    plot_signal(ax, result, t, grid, color=SERIES["result"], label="$(f*g)(t)$")
    ax.plot(times, values, ls="none", marker="o", ms=3.5, color=SERIES["text"], zorder=5)
    for when, value in zip(times, values):
        ax.annotate(
            f"$t={when:g}$",
            xy=(when, value),
            xytext=(3, 5),
            textcoords="offset points",
            fontsize=7,
        )
    ax.axhline(0, color=SERIES["reference"], lw=0.5)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_xlabel("$t$")
    ax.set_title("$(f*g)(t) = \\int f(\\tau)\\,g(t-\\tau)\\,d\\tau$ (closed form)", fontsize=7)


FIGURE = FigureSpec(
    name="integral",
    description="Convolution as an integral: f(τ), flipped and shifted g(t−τ), shaded product, and f*g",
    layout=[["t0", "t1", "result"], ["t2", "t3", "result"]],
    draw=draw,
    aspect=0.42,
    width="double",
    mosaic_kw={"width_ratios": [1, 1, 1.35]},
)
