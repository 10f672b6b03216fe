"""``stomach``: the article's stomach example, ``R(t) = ∫_0^t f(x) g(t − x) dx``.

Intake ``f`` over the day, the remaining fraction ``g``, and the food left ``R(t)`` from
:func:`convmath.symbolic.derive_stomach` with its 14:00 value marked; the discrete sum
``Σ f(x_i) g(t − x_i) Δt`` (:func:`convmath.numeric.riemann_convolution`) overlaid as dots.

Examples
--------
>>> FIGURE.defaults["dt"]
0.25
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.registry import FigureSpec, Layout

__all__ = ["FIGURE", "draw", "discrete_check"]


def discrete_check(result: Any, times: np.ndarray, dt: float) -> np.ndarray:
    """``Σ f(x_i) g(t − x_i) Δt`` at `times`: the Riemann sum the integral is the limit of.

    Examples
    --------
    >>> from convmath.symbolic import derive_stomach
    >>> result = derive_stomach()
    >>> # with Δt = 1/64 h the sum is within 2 g of the closed form at 14:00
    >>> approx = discrete_check(result, np.array([14.0]), 1 / 64)
    >>> bool(abs(approx[0] - result.value) < 2)
    True
    """
    from convmath.numeric import riemann_convolution
    from convmath.verification.closed_form import signal_window, to_signal

    t = result.t
    f = to_signal(result.intake, t, *signal_window(result.intake, t))
    start, stop = signal_window(result.remaining, t)
    g = to_signal(result.remaining, t, start, min(stop, float(times.max()) + 1))
    return riemann_convolution(f, g, times, dt=dt)


def draw(
    axes: dict[str, Any],
    *,
    meals: Any = None,
    emptying: Any = None,
    at: float = 14,
    dt: float = 0.25,
) -> None:
    """Intake, remaining fraction and food left (closed form and discrete sum).

    `meals` and `emptying` default (None) to :func:`~convmath.symbolic.derive_stomach`'s.
    """
    from convmath.figures.stomach import day_window, draw_stomach
    from convmath.symbolic import derive_stomach, stomach

    result = derive_stomach(
        stomach.DEFAULT_MEALS if meals is None else meals,
        stomach.DEFAULT_EMPTYING if emptying is None else emptying,
        at=at,
    )
    first, last = day_window(result)
    times = np.arange(first, last + dt / 2, dt)
    check = (times, discrete_check(result, times, dt))
    label = f"discrete sum, $\\Delta t$ = {dt * 60:g} min"
    draw_stomach([axes["f"], axes["g"], axes["R"]], result, check=check, check_label=label)


FIGURE = FigureSpec(
    name="stomach",
    description="The stomach example. (a) food eaten f(t) in g/h; (b) the fraction g(s) of a "
    "meal still in the stomach s hours after eating; (c) the food left R(t) = (f*g)(t), the "
    "closed form with the discrete sum as dots and its value at the evaluation time",
    layout=[["f", "g"], ["R", "R"]],
    draw=draw,
    aspect=0.62,
    width="double",
    other_width=Layout([["f", "g"], ["R", "R"]], 1.0),
)
