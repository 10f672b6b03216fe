"""Sampled (discrete) approximations of continuous convolutions, and their convergence.

A continuous convolution ``(f * g)(t) = ∫ f(τ) g(t − τ) dτ`` is approximated by sampling both
signals on a grid of step ``dt`` and summing: ``Σ_k f(τ_k) g(t − τ_k) dt`` -- a discrete
(full) convolution of the samples times ``dt``, computed by FFT (``numpy.fft``: the
check needs no SciPy import, which would cost more than the rest of the check).
A Dirac delta ``w δ(t − c)`` is sampled as a single spike of height ``w / dt`` at ``c``, so the
sum sifts it exactly. As ``dt`` halves the error of the Riemann sum shrinks like ``dt^p``;
:func:`convergence_study` measures ``p`` (1 for signals with jumps, the usual case).

This module knows nothing of SymPy: signals are NumPy callables plus lists of deltas.

Examples
--------
>>> import numpy as np
>>> box = Signal(lambda x: ((x >= 0) & (x < 1)).astype(float), start=0.0, stop=1.0)
>>> # (box * box)(1) = 1, the apex of the triangle
>>> float(riemann_convolution(box, box, np.array([1.0]), dt=1e-3)[0])
1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from convmath._params import check_element_count
from convmath.errors import ConvmathError

__all__ = ["Signal", "riemann_convolution", "convergence_study", "ConvergenceReport"]


@dataclass(frozen=True)
class Signal:
    """A signal to sample: a regular part on a window, plus Dirac deltas.

    Parameters
    ----------
    regular : callable
        Vectorised function of a NumPy array (the part without deltas). Values outside
        ``[start, stop]`` are treated as zero: choose the window to hold the support, or
        wide enough that the tails no longer matter.
    start, stop : float
        The sampling window.
    deltas : sequence of (location, weight)
        Dirac deltas ``weight * δ(t − location)``.
    """

    regular: Callable[[np.ndarray], np.ndarray]
    start: float
    stop: float
    deltas: Sequence[tuple[float, float]] = field(default_factory=tuple)

    def samples(self, dt: float) -> tuple[float, np.ndarray]:
        """Grid start (a multiple of `dt`) and the sampled values, deltas as spikes ``w/dt``."""
        first = math.floor(self.start / dt)
        last = math.ceil(self.stop / dt)
        count = last - first + 1
        check_element_count(count, "the sampling grid", argument="dt")
        grid = (first + np.arange(count)) * dt
        with np.errstate(all="ignore"):
            values = np.asarray(self.regular(grid), dtype=float) * np.ones_like(grid)
        if not np.all(np.isfinite(values)):
            raise ConvmathError(
                "a signal is not finite on the sampling window; it cannot be sampled",
                argument="regular",
            )
        for location, weight in self.deltas:
            index = round(location / dt) - first
            if not 0 <= index < count:
                raise ConvmathError(
                    f"delta at {location} lies outside the sampling window", argument="deltas"
                )
            values[index] += weight / dt
        return first * dt, values


def riemann_convolution(f: Signal, g: Signal, t: np.ndarray, *, dt: float) -> np.ndarray:
    """Approximate ``(f * g)(t)`` by ``Σ_k f(τ_k) g(t − τ_k) dt`` on a grid of step `dt`.

    Parameters
    ----------
    f, g : Signal
    t : array_like
        Where to evaluate; values between grid points are linearly interpolated.
    dt : float
        Grid step, > 0.

    Returns
    -------
    numpy.ndarray
        Same shape as `t`.

    Examples
    --------
    >>> import numpy as np
    >>> decay = Signal(lambda x: np.exp(-x) * (x >= 0), start=0.0, stop=40.0)
    >>> step = Signal(lambda x: (x >= 0).astype(float), start=0.0, stop=40.0)
    >>> # (e^{-t} u * u)(2) = 1 - e^{-2} ≈ 0.8647; the Riemann sum is within O(dt)
    >>> approx = riemann_convolution(decay, step, np.array([2.0]), dt=1e-3)
    >>> bool(abs(approx[0] - (1 - np.exp(-2))) < 1e-3)
    True
    """
    if not (isinstance(dt, (int, float)) and dt > 0 and math.isfinite(dt)):
        raise ConvmathError(f"dt must be a positive finite number; got {dt!r}", argument="dt")
    f_start, f_values = f.samples(dt)
    g_start, g_values = g.samples(dt)
    full = _full_convolution(f_values, g_values) * dt
    grid = f_start + g_start + np.arange(full.size) * dt
    return np.interp(np.asarray(t, dtype=float), grid, full, left=0.0, right=0.0)


def _full_convolution(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The full linear convolution of two real arrays, by FFT zero-padded to a power of 2.

    Examples
    --------
    >>> _full_convolution(np.array([1.0, 2.0]), np.array([1.0, 1.0, 1.0])).round(12)
    array([1., 3., 3., 2.])
    """
    size = a.size + b.size - 1
    padded = 1 << (size - 1).bit_length()
    return np.fft.irfft(np.fft.rfft(a, padded) * np.fft.rfft(b, padded), padded)[:size]


@dataclass(frozen=True)
class ConvergenceReport:
    """Errors of the Riemann sum against a closed form as the step halves.

    Attributes
    ----------
    steps : tuple of float
        The grid steps used, each half the previous.
    errors : tuple of float
        Max absolute error over the evaluation points, per step.
    orders : tuple of float
        Observed orders ``log2(e_k / e_{k+1})`` (nan when an error is at round-off level).
    """

    steps: tuple[float, ...]
    errors: tuple[float, ...]
    orders: tuple[float, ...]

    @property
    def order(self) -> float:
        """The last observed order (the most reliable one)."""
        return self.orders[-1] if self.orders else math.nan


def convergence_study(
    f: Signal,
    g: Signal,
    t: np.ndarray,
    exact: np.ndarray,
    *,
    dt: float,
    halvings: int = 3,
) -> ConvergenceReport:
    """Measure the error of :func:`riemann_convolution` and its order as `dt` halves.

    Examples
    --------
    >>> import numpy as np
    >>> box = Signal(lambda x: ((x >= 0) & (x < 1)).astype(float), start=0.0, stop=1.0)
    >>> t = np.linspace(-0.5, 2.5, 31)
    >>> exact = np.clip(1 - np.abs(t - 1), 0, None)   # box * box = triangle
    >>> report = convergence_study(box, box, t, exact, dt=0.01, halvings=2)
    >>> report.errors[0] > report.errors[1] > report.errors[2]
    True
    """
    steps, errors = [], []
    for k in range(halvings + 1):
        step = dt / 2**k
        approx = riemann_convolution(f, g, t, dt=step)
        steps.append(step)
        errors.append(float(np.max(np.abs(approx - np.asarray(exact, dtype=float)))))
    orders = []
    for coarse, fine in zip(errors, errors[1:]):
        orders.append(math.log2(coarse / fine) if fine > 1e-13 and coarse > 1e-13 else math.nan)
    return ConvergenceReport(tuple(steps), tuple(errors), tuple(orders))
