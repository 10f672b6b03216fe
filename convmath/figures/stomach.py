"""The stomach example drawn: food eaten, the remaining-fraction curve, the food left R(t)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from convmath.figures.palette import HIGHLIGHT, SERIES
from convmath.figures.signals import plot_signal
from convmath.figures.style import house_style, panel_title

__all__ = ["day_window", "draw_stomach", "save_stomach_plot"]

_CHECK_LABEL = "discrete sum $\\sum f(x_i)\\,g(t-x_i)\\,\\Delta t$"


def _clock_ticks(ax: Any, lo: float, hi: float) -> None:
    """Whole hours as ``hh:00``, as many as fit the axes' width (one per 0.4 in at most)."""
    inches = ax.get_position().width * ax.figure.get_figwidth()
    step = next((h for h in (1, 2, 3, 4, 6) if (hi - lo) / h + 1 <= inches / 0.4), 6)
    ticks = np.arange(np.ceil(lo / step) * step, np.floor(hi) + 1, step)
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{int(h):02d}:00" for h in ticks])


def day_window(result: Any) -> tuple[float, float]:
    """The hours shown: from the hour before the first meal (not before 0:00) to 4 hours
    after the last meal or the evaluation time, whichever is later.

    Examples
    --------
    >>> from convmath.symbolic import derive_stomach
    >>> # breakfast at 7:00, lunch 12:00-12:30, evaluated at 14:00: 6:00 to 18:00
    >>> day_window(derive_stomach())
    (6.0, 18.0)
    """
    first = min(float(m.time) for m in result.meals)
    lo = max(0.0, np.floor(first) - 1)
    hi = max(float(result.at) + 4, max(float(m.time + m.duration) for m in result.meals) + 4)
    return float(lo), float(hi)


def draw_stomach(
    axes: Any, result: Any, *, check: Any = None, check_label: str = _CHECK_LABEL
) -> None:
    """Draw on three axes: intake f(t) (g/h), remaining fraction g(s), food left R(t) (g).

    `result` is a :class:`convmath.symbolic.stomach.StomachDerivation`; `check` optionally a
    sampled Riemann sum ``(times, values)`` to overlay on R(t), labelled `check_label`.
    """
    t = result.t
    lo, hi = day_window(result)
    day = np.linspace(lo, hi, 1601)

    plot_signal(axes[0], result.intake, t, day, color=SERIES["f"])
    axes[0].set_ylabel("eaten (g/h)")
    panel_title(axes[0], "a", "$f(t)$: food eaten")

    hours = np.linspace(-0.5, 10, 526)
    plot_signal(axes[1], result.remaining, t, hours, color=SERIES["g"])
    axes[1].set_ylabel("fraction left")
    axes[1].set_xlabel("hours after eating, $s$")
    panel_title(axes[1], "b", "$g(s)$: fraction left")
    axes[1].set_ylim(-0.05, 1.1)

    _draw_food_left(axes[2], result, day, check, check_label)
    for ax in (axes[0], axes[2]):
        _clock_ticks(ax, lo, hi)
        ax.set_xlim(lo, hi)


def _draw_food_left(ax: Any, result: Any, day: np.ndarray, check: Any, label: str) -> None:
    """R(t): the closed form, the optional discrete sum as dots, its value at `result.at`."""
    from convmath.symbolic.stomach import format_clock

    plot_signal(
        ax, result.food_left, result.t, day, color=SERIES["result"], label="closed form $R(t)$"
    )
    if check is not None:
        times, values = check
        ax.plot(
            times,
            values,
            ls="none",
            marker="o",
            ms=2.2,
            color=SERIES["text"],
            label=label,
        )
    at, value = float(result.at), result.value
    ax.plot([at], [value], marker="o", color=HIGHLIGHT, ms=5, zorder=5)
    ax.annotate(
        f"{format_clock(result.at)}: {value:.1f} g",
        xy=(at, value),
        xytext=(8, 8),
        textcoords="offset points",
        fontsize=7,
    )
    ax.set_ylim(top=1.3 * ax.get_ylim()[1])  # the legend above the curve
    ax.set_ylabel("in stomach (g)")
    panel_title(ax, "c", "$R(t) = \\int_0^t f(x)\\,g(t-x)\\,dx$: food left")
    ax.legend(loc="upper left")


def save_stomach_plot(result: Any, path: str | os.PathLike[str], *, width: float = 3.5) -> None:
    """Plot the stomach example into `path` (png, pdf or svg) in the house style."""
    import matplotlib.pyplot as plt

    from convmath.figures._save import save_figure

    with house_style():
        figure, axes = plt.subplots(3, 1, figsize=(width, 5.2))
        try:
            draw_stomach(axes, result)
            save_figure(figure, path)
        finally:
            plt.close(figure)
