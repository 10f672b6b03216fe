"""Plots of continuous signals and their convolution: f, g and f * g on shared axes."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from convmath.figures.palette import SERIES
from convmath.figures.style import house_style

__all__ = [
    "plot_signal",
    "plot_range",
    "regular_values",
    "draw_convolution",
    "save_convolution_plot",
]


def plot_range(exprs: list[Any], t: Any, *, pad: float = 2.0) -> tuple[float, float]:
    """A t-range that shows every breakpoint of `exprs` with some margin."""
    from convmath.symbolic.piecewise_form import heaviside_breakpoints

    points = [float(p) for e in exprs for p in heaviside_breakpoints(e, t)]
    if not points:
        return -5.0, 5.0
    lo, hi = min(points), max(points)
    span = max(hi - lo, 1.0)
    return lo - max(pad, 0.25 * span), hi + max(pad, 0.25 * span)


def regular_values(expr: Any, t: Any, grid: np.ndarray) -> np.ndarray:
    """Values on `grid` of `expr` without its Dirac deltas (NaN where undefined).

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> # the delta at 1 is left out: only the step remains
    >>> regular_values(sp.Heaviside(t) + sp.DiracDelta(t - 1), t, np.array([-1.0, 1.0])).tolist()
    [0.0, 1.0]
    """
    from convmath.symbolic.piecewise_form import split_deltas

    return _evaluate(split_deltas(expr, t)[0], t, grid)


def _evaluate(expr: Any, t: Any, grid: np.ndarray) -> np.ndarray:
    """`expr` (no deltas) at every point of `grid`; only `t` may be free (see ``compiled``)."""
    from convmath.symbolic.compiled import array_function

    function = array_function(expr, t, argument="expr")
    with np.errstate(all="ignore"):
        return np.asarray(function(grid), dtype=float) * np.ones_like(grid)


def plot_signal(ax: Any, expr: Any, t: Any, grid: np.ndarray, **style: Any) -> list[Any]:
    """Draw `expr` on `ax` over `grid`: its regular part as a line, deltas as arrows."""
    from convmath.symbolic.piecewise_form import split_deltas

    regular, deltas = split_deltas(expr, t)
    artists = ax.plot(grid, _evaluate(regular, t, grid), **style)
    color = artists[0].get_color()
    for location, weight in deltas:
        x, w = float(location), float(weight)
        artists.append(
            ax.annotate(
                "",
                xy=(x, w),
                xytext=(x, 0),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.2},
            )
        )
        ax.plot([x], [w], alpha=0)  # make autoscaling include the arrow tip
    return artists


def draw_convolution(axes: Any, f: Any, g: Any, result: Any, t: Any) -> None:
    """Three stacked panels: f, g and f * g, with a shared t-axis."""
    lo, hi = plot_range([f, g, result], t)
    grid = np.linspace(lo, hi, 1201)
    for ax, expr, label, color in zip(
        axes,
        (f, g, result),
        ("$f(t)$", "$g(t)$", "$(f * g)(t)$"),
        (SERIES["f"], SERIES["g"], SERIES["result"]),
    ):
        plot_signal(ax, expr, t, grid, color=color)
        ax.set_ylabel(label)
        ax.axhline(0, color=SERIES["reference"], lw=0.5)
    axes[-1].set_xlabel("$t$")


def save_convolution_plot(
    f: Any, g: Any, result: Any, t: Any, path: str | os.PathLike[str]
) -> None:
    """Plot f, g and f * g into `path` (png, pdf or svg) in the house style."""
    import matplotlib.pyplot as plt

    from convmath.figures._save import save_figure

    with house_style():
        figure, axes = plt.subplots(3, 1, figsize=(3.5, 4.2), sharex=True)
        try:
            draw_convolution(axes, f, g, result, t)
            save_figure(figure, path)
        finally:
            plt.close(figure)
