"""Adaptive Gauss-Kronrod quadrature of ``f(tau) g(t - tau)`` over the real line, in floats.

The independent reference of the self-check (:mod:`convmath.symbolic._check`), with no
SciPy import: the 7-point Gauss rule and its 15-point Kronrod extension (QUADPACK's
``qk15``) on a heap of subintervals, bisecting the worst one until the summed error
estimate meets the tolerance (as ``scipy.integrate.quad`` does).

The line is cut at *anchors*: input breakpoints and singular points (``tau = p`` of f, or
``tau = t - s`` of g). Each piece between anchors is integrated from its ends inwards in
the distance ``d`` to the nearest anchor, with ``d = h s**4`` on a half of width ``h`` and
``d = (s / (1 - s))**4`` on a tail, so that

- no node ever lands on an anchor, and a removable singularity such as ``sin(tau)/tau``
  at 0 is only approached, never evaluated (where it would be ``nan``);
- the argument of the function that is singular at an anchor is computed exactly as
  ``anchor + d`` (an anchor carries both coordinates, ``tau`` and ``sigma = t - tau``), not
  as ``t - tau`` after rounding; below the float spacing it is the next float inside;
- an algebraic singularity ``d**-p`` becomes ``s**(3 - 4p)``, bounded for ``p <= 3/4``
  and mild beyond, and a logarithmic one vanishes at the anchor, so a few bisections
  reach the tolerance.

Slowly decaying oscillating tails (``sinc * sinc``) are summed one period at a time and
extrapolated (:func:`_periodic_tail`) when the caller knows the period.

Examples
--------
>>> import math
>>> box = lambda v: 1.0 if 0 < v < 1 else 0.0
>>> # (box * box)(1/2) = 1/2: anchors at the box edges 0, 1 and at t - 0, t - 1
>>> value, error = product_integral(box, box, 0.5, anchors_for([0.0, 1.0], [0.0, 1.0], 0.5))
>>> round(value.real, 12), error < 1e-12
(0.5, True)
>>> # integral of |tau|**-1/2 over [-1, 1] = 4: the singular point 0 is an anchor
>>> inv_sqrt = lambda v: abs(v) ** -0.5 if -1 < v < 1 else 0.0
>>> cuts = anchors_for([-1.0, 0.0, 1.0], [], 0.0)
>>> value, _ = product_integral(inv_sqrt, lambda v: 1.0, 0.0, cuts)
>>> round(value.real, 10)
4.0
"""

from __future__ import annotations

import cmath
import heapq
import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

__all__ = ["Anchor", "anchors_for", "product_integral"]

# QUADPACK qk15: Kronrod abscissae (the odd-indexed ones and 0 are the 7 Gauss nodes)
_XGK = (
    0.991455371120812639206854697526329,
    0.949107912342758524526189684047851,
    0.864864423359769072789712788640926,
    0.741531185599394439863864773280788,
    0.586087235467691130294144845693013,
    0.405845151377397166906606412076961,
    0.207784955007898467600689403773245,
    0.000000000000000000000000000000000,
)
_WGK = (
    0.022935322010529224963732008058970,
    0.063092092629978553290700663189204,
    0.104790010322250183839876322541518,
    0.140653259715525918745189590510238,
    0.169004726639267902826583426598550,
    0.190350578064785409913256402421014,
    0.204432940075298892414161999234649,
    0.209482141084727828012999174891714,
)
_WG = (
    0.129484966168869693270611432679082,
    0.279705391489276667901467771423780,
    0.381830050505118944950369775488975,
    0.417959183673469387755102040816327,
)
_EPS = 2.220446049250313e-16
# d = width * s**4 from an anchor: |d|**-p becomes s**(3 - 4p), bounded for p <= 3/4
_POWER = 4


class Anchor(NamedTuple):
    """A cut of the line: ``tau`` there and ``sigma = t - tau`` there, each exact at its source."""

    tau: float
    sigma: float


def anchors_for(f_points: Iterable[float], g_points: Iterable[float], t: float) -> list[Anchor]:
    """Anchors at ``tau = p`` for f's points and ``tau = t - s`` for g's, sorted by tau.

    Examples
    --------
    >>> anchors_for([0.0], [1.0], 3.0)   # tau = 0 (f) and tau = 3 - 1 = 2 (g)
    [Anchor(tau=0.0, sigma=3.0), Anchor(tau=2.0, sigma=1.0)]
    """
    found = {p: Anchor(p, t - p) for p in f_points}
    for s in g_points:
        tau = t - s
        # on an f point as well (t = p + s): both coordinates exact, each from its source
        found[tau] = Anchor(found[tau].tau if tau in found else tau, s)
    return [found[tau] for tau in sorted(found)]


Integrand = Callable[[float], complex]


def product_integral(
    f: Integrand,
    g: Integrand,
    t: float,
    anchors: list[Anchor],
    *,
    period: float | None = None,
    epsabs: float = 1e-12,
    epsrel: float = 1e-11,
    limit: int = 400,
) -> tuple[complex, float]:
    """``integral of f(tau) g(t - tau) over tau in (-oo, oo)`` and its error estimate.

    Parameters
    ----------
    f, g : callable
        Functions of one float (complex values allowed).
    t : float
        Where the convolution is evaluated.
    anchors : list of Anchor
        The cuts (sorted by tau; see :func:`anchors_for`); none: one cut at ``tau = 0``.
    period : float, optional
        A period of the integrand's oscillation far out (``pi`` for ``sinc * sinc``). When
        the tails do not converge as they are, they are summed period by period and the
        partial sums extrapolated (:func:`_periodic_tail`).
    epsabs, epsrel, limit
        Stop when the summed error estimate is below ``max(epsabs, epsrel * |value|)``, or
        after `limit` bisections.

    Returns
    -------
    tuple
        ``(value, error)``; non-finite when the integrand is (a non-integrable singularity).
    """
    if not anchors:
        anchors = [Anchor(0.0, t)]
    segments = _segments(f, g, anchors)
    value, error = _adaptive(segments, epsabs, epsrel, limit)
    if period is None or error <= max(epsabs, epsrel * abs(value)):
        return value, error
    if not (cmath.isfinite(value) and math.isfinite(error)):
        return value, error
    value, error = _adaptive(segments[2:], epsabs, epsrel, limit)
    for anchor, side in ((anchors[0], -1.0), (anchors[-1], 1.0)):
        tail, tail_error = _periodic_tail(f, g, anchor, side, period)
        value, error = value + tail, error + tail_error
    return value, error


def _adaptive(
    segments: list[Integrand], epsabs: float, epsrel: float, limit: int
) -> tuple[complex, float]:
    """Globally adaptive Gauss-Kronrod over `segments` (each a function on ``[0, 1]``)."""
    heap: list[tuple[float, int, int, float, float, complex]] = []
    value, error = 0j, 0.0
    for k, segment in enumerate(segments):
        part, part_error = _kronrod(segment, 0.0, 1.0)
        value, error = value + part, error + part_error
        heapq.heappush(heap, (-part_error, k, k, 0.0, 1.0, part))
    count = len(heap)
    for _ in range(limit):
        if not (cmath.isfinite(value) and math.isfinite(error)):
            break
        if error <= max(epsabs, epsrel * abs(value)) or not heap:
            break
        worst_error, _, k, lo, hi, part = heapq.heappop(heap)
        mid = 0.5 * (lo + hi)
        if not lo < mid < hi:  # too narrow to bisect: keep its estimate
            continue
        left, left_error = _kronrod(segments[k], lo, mid)
        right, right_error = _kronrod(segments[k], mid, hi)
        value += left + right - part
        error += left_error + right_error + worst_error
        for a, b, v, e in ((lo, mid, left, left_error), (mid, hi, right, right_error)):
            count += 1
            heapq.heappush(heap, (-e, count, k, a, b, v))
    return value, max(error, 0.0)


def _periodic_tail(
    f: Integrand, g: Integrand, anchor: Anchor, side: float, period: float, levels: int = 6
) -> tuple[complex, float]:
    """The tail beyond `anchor`, one `period` at a time, extrapolated in the number of periods.

    Over whole periods the oscillation averages out, so the partial sums ``S_N`` (N periods)
    approach the tail like ``S + c1/N + c2/N**2 + ...`` (algebraic decay); Richardson
    extrapolation over ``N = 8, 16, ..., 8 * 2**(levels - 1)`` removes those terms, and the
    last two extrapolations give the error estimate.
    """
    tau0, sigma0 = anchor
    chunks: list[complex] = []
    errors = 0.0

    def chunk(k: int) -> tuple[complex, float]:
        start = k * period

        def h(s: float) -> complex:  # the first chunk from the anchor, d = period * s**4
            d = period * s**_POWER if k == 0 else start + period * s
            jacobian = _POWER * period * s ** (_POWER - 1) if k == 0 else period
            return _product(f, g, tau0, sigma0, side, d, jacobian)

        return _adaptive([h], 1e-14, 1e-12, 20)

    table: list[complex] = []
    previous: list[complex] = []
    estimate = math.inf
    for level in range(levels):
        target = 8 * 2**level
        while len(chunks) < target:
            value, error = chunk(len(chunks))
            chunks.append(value)
            errors += error
        row = [sum(chunks, 0j)]
        for j, earlier in enumerate(previous, start=1):
            row.append(row[-1] + (row[-1] - earlier) / (2**j - 1))
        if table:
            estimate = abs(row[-1] - table[-1])
        table.append(row[-1])
        previous = row
    return table[-1], estimate + errors


def _segments(f: Integrand, g: Integrand, anchors: list[Anchor]) -> list[Integrand]:
    """The line cut at the anchors, each piece as functions of ``s`` in ``[0, 1]``."""
    first, last = anchors[0], anchors[-1]
    segments = [_tail(f, g, first, -1.0), _tail(f, g, last, 1.0)]
    for lo, hi in zip(anchors[:-1], anchors[1:]):
        half = 0.5 * (hi.tau - lo.tau)
        if half > 0:
            segments += [_half(f, g, lo, half, 1.0), _half(f, g, hi, half, -1.0)]
    return segments


def _half(f: Integrand, g: Integrand, anchor: Anchor, width: float, side: float) -> Integrand:
    """``tau = anchor + side * d``, ``d = width * s**4``: half a piece, from its anchor."""
    tau0, sigma0 = anchor

    def integrand(s: float) -> complex:
        d = width * s**_POWER
        return _product(f, g, tau0, sigma0, side, d, _POWER * width * s ** (_POWER - 1))

    return integrand


def _tail(f: Integrand, g: Integrand, anchor: Anchor, side: float) -> Integrand:
    """``tau = anchor + side * d``, ``d = (s / (1 - s))**4``: the tail beyond the anchor."""
    tau0, sigma0 = anchor

    def integrand(s: float) -> complex:
        if s >= 1.0:
            return 0j
        ratio = s / (1.0 - s)
        jacobian = _POWER * ratio ** (_POWER - 1) / ((1.0 - s) * (1.0 - s))
        return _product(f, g, tau0, sigma0, side, ratio**_POWER, jacobian)

    return integrand


def _product(
    f: Integrand, g: Integrand, tau0: float, sigma0: float, side: float, d: float, weight: float
) -> complex:
    """``f(tau) g(sigma) weight`` at distance `d` beyond the anchor ``(tau0, sigma0)``.

    A distance below the spacing of floats at the anchor would round back onto it (onto a
    jump, or a pole): there the argument is the next float inside instead.
    """
    tau = tau0 + side * d
    if tau == tau0 and d > 0:
        tau = math.nextafter(tau0, side * math.inf)
    head = f(tau)
    if head == 0:
        return 0j
    sigma = sigma0 - side * d
    if sigma == sigma0 and d > 0:
        sigma = math.nextafter(sigma0, -side * math.inf)
    return head * g(sigma) * weight


def _kronrod(h: Integrand, lo: float, hi: float) -> tuple[complex, float]:
    """15-point Kronrod value of h on ``[lo, hi]`` and QUADPACK's error estimate."""
    center, half = 0.5 * (lo + hi), 0.5 * (hi - lo)
    values = [h(center + half * x) for x in _XGK[:-1]]
    mirrored = [h(center - half * x) for x in _XGK[:-1]]
    middle = h(center)
    kronrod = _WGK[-1] * middle
    gauss = _WG[-1] * middle
    for k in range(7):
        pair = values[k] + mirrored[k]
        kronrod += _WGK[k] * pair
        if k % 2 == 1:
            gauss += _WG[k // 2] * pair
    mean = 0.5 * kronrod
    spread = _WGK[-1] * abs(middle - mean)
    size = _WGK[-1] * abs(middle)
    for k in range(7):
        spread += _WGK[k] * (abs(values[k] - mean) + abs(mirrored[k] - mean))
        size += _WGK[k] * (abs(values[k]) + abs(mirrored[k]))
    return kronrod * half, _error_estimate(abs(kronrod - gauss), spread, size, abs(half))


def _error_estimate(difference: float, spread: float, size: float, half: float) -> float:
    """QUADPACK's scaled estimate from ``|K15 - G7|``, the spread and the size of h."""
    error, spread, size = difference * half, spread * half, size * half
    if spread != 0 and error != 0:
        error = spread * min(1.0, (200 * error / spread) ** 1.5)
    if size > 1e-290 / (50 * _EPS):
        error = max(50 * _EPS * size, error)
    return error
