"""Check a symbolic closed form through the numeric layer: sampled inputs, Riemann sums.

A closed form from :func:`convmath.symbolic.convolve` is compared with ``fftconvolve`` of
the sampled inputs times ``dt`` (:mod:`convmath.numeric.sampled`), as ``dt`` halves. An
expression such as ``600*(u(t-7) - u(t-7.5)) + 300*delta(t-12)`` becomes a
:class:`~convmath.numeric.sampled.Signal`: its regular part as a NumPy function (compiled
by :mod:`convmath.symbolic.compiled`, which never prints a caller's names) and its Dirac
deltas as ``(location, weight)`` pairs (split by the engine's own
:func:`~convmath.symbolic.piecewise_form.split_deltas`).

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> signal = to_signal(3 * sp.DiracDelta(2 * t - 4) + sp.exp(-t) * sp.Heaviside(t), t, 0, 10)
>>> signal.deltas
((2.0, 1.5),)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from convmath.errors import ConvmathError
from convmath.numeric.sampled import ConvergenceReport, Signal, convergence_study
from convmath.symbolic.compiled import array_function, refuse_unsafe_names
from convmath.symbolic.piecewise_form import heaviside_breakpoints, split_deltas, to_piecewise

__all__ = ["to_signal", "signal_window", "sampled_check", "SampledCheck"]


def to_signal(expr: sp.Expr, t: sp.Symbol, start: float, stop: float) -> Signal:
    """A :class:`~convmath.numeric.sampled.Signal` of `expr` on the window ``[start, stop]``.

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> t = sp.Symbol("t")
    >>> signal = to_signal(sp.Heaviside(t) * sp.exp(-t), t, 0, 10)
    >>> float(signal.regular(np.array([1.0]))[0])   # e^{-1}
    0.36787944117144233
    """
    regular, deltas = split_deltas(expr, t)
    function = _sampled_function(regular, t)
    return Signal(
        regular=function,
        start=float(start),
        stop=float(stop),
        deltas=tuple((float(loc), float(weight)) for loc, weight in deltas),
    )


def _sampled_function(regular: sp.Expr, t: sp.Symbol) -> Any:
    """`regular` as a NumPy function, finite wherever the signal is.

    ``Heaviside(t)/(1 + t)`` evaluates to ``0 * inf = nan`` at ``t = -1``, where the signal is
    0: there (and only where the plain form is not finite) the value is taken from the
    form with one formula per interval (:func:`to_piecewise`), which never multiplies a
    switched-off pole. At the jumps the plain form keeps ``Heaviside(0) = 1/2``.

    Examples
    --------
    >>> import numpy as np, sympy as sp
    >>> t = sp.Symbol("t")
    >>> _sampled_function(sp.Heaviside(t) / (1 + t), t)(np.array([-1.0, 0.0, 1.0])).tolist()
    [0.0, 0.5, 0.5]
    """
    plain = array_function(regular, t)
    if not regular.has(sp.Heaviside, sp.Piecewise, sp.Abs, sp.sign):
        return plain
    by_interval: Any = None

    def function(points: Any) -> Any:
        nonlocal by_interval
        points = np.asarray(points, dtype=float)
        with np.errstate(all="ignore"):
            values = np.asarray(plain(points)) * np.ones_like(points)
        bad = ~np.isfinite(values)
        if np.any(bad):
            if by_interval is None:
                by_interval = array_function(to_piecewise(regular, t), t)
            with np.errstate(all="ignore"):
                fixed = np.asarray(by_interval(points[bad])) * np.ones_like(points[bad])
            values = values.astype(np.result_type(values, fixed))
            values[bad] = fixed
        return values

    return function


def _vanishes(function: Any, points: np.ndarray) -> bool:
    with np.errstate(all="ignore"):
        values = np.asarray(function(points), dtype=float) * np.ones_like(points)
    return bool(np.all(values == 0))


def signal_window(expr: sp.Expr, t: sp.Symbol, *, tail: float = 1e-12) -> tuple[float, float]:
    """A window ``[start, stop]`` outside which `expr` is zero or below `tail` × its peak.

    Starts from the breakpoints (Heaviside switches, delta locations) and widens by
    doubling, up to ±2000, for two-sided or slowly decaying signals.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> signal_window(sp.Heaviside(t - 1) - sp.Heaviside(t - 3), t)
    (1.0, 3.0)
    """
    points = [float(p) for p in heaviside_breakpoints(expr, t)]
    lo, hi = (min(points), max(points)) if points else (0.0, 0.0)
    regular, _ = split_deltas(expr, t)
    function = _sampled_function(regular, t)
    grid = np.linspace(lo - 1, hi + 1, 201)
    with np.errstate(all="ignore"):
        peak = float(np.max(np.abs(np.asarray(function(grid), dtype=float) * np.ones_like(grid))))
    threshold = tail * max(peak, 1e-300)

    def reach(edge: float, direction: int) -> float:
        probe = edge + direction * np.linspace(0.5, 1.0, 8)
        if _vanishes(function, probe):
            return edge
        width = 10.0
        while width < 2000:
            probe = edge + direction * (width + np.linspace(0, width, 64))
            with np.errstate(all="ignore"):
                values = np.abs(np.asarray(function(probe), dtype=float) * np.ones_like(probe))
            if np.all(values <= threshold):
                break
            width *= 2
        return edge + direction * width

    return reach(lo, -1), reach(hi, +1)


@dataclass(frozen=True)
class SampledCheck:
    """A closed form compared with the Riemann sum of the sampled inputs.

    Attributes
    ----------
    points : numpy.ndarray
        Where the two were compared (away from jumps of the result).
    report : ConvergenceReport
        Max errors and observed orders as the step halves.
    windows : tuple
        Sampling windows of f and g.
    """

    points: np.ndarray
    report: ConvergenceReport
    windows: tuple[tuple[float, float], tuple[float, float]]


def sampled_check(
    f: sp.Expr,
    g: sp.Expr,
    result: sp.Expr,
    t: sp.Symbol,
    *,
    points: np.ndarray | None = None,
    dt: float | None = None,
    halvings: int = 3,
) -> SampledCheck:
    """Compare a closed-form convolution with ``fftconvolve`` of the sampled inputs times dt.

    Raises
    ------
    ExpressionError
        For names that would be printed as code (see :mod:`convmath.symbolic.compiled`)
        and for symbols other than `t`.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> box = sp.Heaviside(t) - sp.Heaviside(t - 1)
    >>> decay = sp.exp(-t) * sp.Heaviside(t)
    >>> closed = (1 - sp.exp(-t))*sp.Heaviside(t) - (1 - sp.exp(1 - t))*sp.Heaviside(t - 1)
    >>> check = sampled_check(box, decay, closed, t)
    >>> # samples at the jumps are Heaviside(0) = 1/2: the trapezoid rule, error ~ dt^2
    >>> round(check.report.order)
    2
    """
    for name, expr in (("t", t), ("f", f), ("g", g), ("result", result)):
        refuse_unsafe_names(expr, name)
    if result.has(sp.DiracDelta):
        raise ConvmathError("the result contains a Dirac delta; a sampled check cannot see it")
    windows = (signal_window(f, t), signal_window(g, t))
    width = max(windows[0][1] - windows[0][0], windows[1][1] - windows[1][0], 1.0)
    if dt is None:
        dt = min(2.0 ** math.floor(math.log2(width / 4000)), 1 / 16)
    breaks = np.array([float(p) for p in heaviside_breakpoints(result, t)])
    if points is None:
        lo = (breaks.min() if breaks.size else windows[0][0] + windows[1][0]) - 1
        hi = (breaks.max() if breaks.size else windows[0][1] + windows[1][1]) + 3
        points = np.linspace(lo, hi, 241)
    points = np.asarray(points, dtype=float)
    if breaks.size:
        distance = np.min(np.abs(points[:, None] - breaks[None, :]), axis=1)
        points = points[distance > 2 * dt]
    exact_function = array_function(result, t)
    with np.errstate(all="ignore"):
        exact = np.asarray(exact_function(points), dtype=float) * np.ones_like(points)
    report = convergence_study(
        to_signal(f, t, *windows[0]),
        to_signal(g, t, *windows[1]),
        points,
        exact,
        dt=dt,
        halvings=halvings,
    )
    return SampledCheck(points=points, report=report, windows=windows)
