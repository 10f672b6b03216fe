"""Check a closed-form convolution against numerical quadrature (step 6: check).

At sample points of t -- inside every region, just either side of every breakpoint and far
out in both tails -- the closed form is compared with an independent computation: adaptive
Gauss-Kronrod quadrature (:mod:`convmath.symbolic._quadrature`, no SciPy) of
``f(tau) g(t - tau)`` on the *regular* parts of the inputs (the original expressions with
their deltas removed, not the engine's pieces), cut at the input breakpoints and at the
inputs' singular points (``sin(tau)/tau`` at 0 is approached, never evaluated; an
integrable ``|tau|**-1/2`` is integrated from its singular point outwards), plus the sifted
delta terms ``w * g(t - c)`` evaluated from the original expressions. A closed form that is
removably singular at a sample point is taken at its limit there. Symbolic parameters are
replaced by a few positive values (distinct ones and equal ones, so that both branches of
an ``a == b`` case are exercised). Expressions are evaluated through
:mod:`convmath.symbolic.compiled`, which never prints a caller's names.

Examples
--------
>>> import sympy as sp
>>> x, t = sp.symbols("x t", real=True)
>>> box = sp.Heaviside(x) - sp.Heaviside(x - 1)
>>> tri = sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True))
>>> report = check_against_quadrature(
...     box, (), box, (), tri, x, t, [0, 1, 2], f_breaks=[0, 1], g_breaks=[0, 1]
... )
>>> report.max_error < 1e-9, len(report.t_values) > 8
(True, True)
"""

from __future__ import annotations

import cmath
import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import sympy as sp

from convmath.errors import ConvmathError, ExpressionError, VerificationError
from convmath.symbolic._pieces import Delta, _real_roots, breakpoints
from convmath.symbolic._quadrature import anchors_for, product_integral
from convmath.symbolic.compiled import scalar_function

__all__ = ["Verification", "check_against_quadrature", "parameter_samples"]

_RTOL = 1e-6


@dataclass(frozen=True)
class Verification:
    """Sampled comparison of the closed form with quadrature (one row per sample).

    `parameters` holds, per row, the ``(name, value)`` pairs substituted for the symbolic
    parameters (empty without parameters).
    """

    parameters: tuple[tuple[tuple[str, float], ...], ...]
    t_values: tuple[float, ...]
    closed_form: tuple[complex | float, ...]
    quadrature: tuple[complex | float, ...]
    max_error: float
    tolerance: float

    def format_rows(self) -> list[str]:
        """One line per sample: parameters, t, closed form, quadrature, difference."""
        lines = []
        for params, t, c, q in zip(
            self.parameters, self.t_values, self.closed_form, self.quadrature
        ):
            prefix = ", ".join(f"{k}={v:g}" for k, v in params)
            prefix = f"[{prefix}] " if prefix else ""
            lines.append(
                f"{prefix}t = {t: .6g}: closed {_fmt(c)}, quad {_fmt(q)}, |diff| {abs(c - q):.2e}"
            )
        return lines


def _fmt(value: complex | float) -> str:
    if isinstance(value, complex):
        return f"{value.real:.10g}{value.imag:+.10g}j"
    return f"{value:.10g}"


def parameter_samples(
    parameters: list[sp.Symbol], result: sp.Expr = sp.S.Zero
) -> list[dict[sp.Symbol, sp.Expr]]:
    """Positive values for the parameters: distinct ones, all equal, and special cases.

    Each ``Ne(lhs, rhs)`` or ``Eq(lhs, rhs)`` condition of `result` that a positive value
    of one parameter turns into an equality (``Ne(a, 1)`` -> ``a = 1``) adds a sample; then
    each branch of a case split on the parameters (``a < b``, ``a = b``, ``a > b``) that no
    sample reaches yet gets one (the distinct values reversed, or one parameter the largest
    or the smallest), so that every branch is checked.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", positive=True)
    >>> parameter_samples([a, b])
    [{a: 7/10, b: 19/10}, {a: 13/10, b: 13/10}]
    >>> parameter_samples([a], sp.Piecewise((1 / (a - 1), sp.Ne(a, 1)), (0, True)))
    [{a: 7/10}, {a: 13/10}, {a: 1}]
    >>> cases = sp.Piecewise((a, a < b), (1, sp.Eq(a, b)), (b, True))
    >>> parameter_samples([a, b], cases)[-1]  # a < b, a = b, and a > b too
    {a: 19/10, b: 7/10}
    """
    if not parameters:
        return [{}]
    distinct = [sp.Rational(7 + 12 * k, 10) for k in range(len(parameters))]
    samples = [dict(zip(parameters, distinct))]
    samples.append({p: sp.Rational(13, 10) for p in parameters})
    for condition in result.atoms(sp.Ne, sp.Eq):
        for p in parameters:
            if condition.has(p):
                samples += [
                    s for s in _equality_samples(condition, p, parameters) if s not in samples
                ]
    candidates = [dict(zip(parameters, reversed(distinct)))]
    for p in parameters:  # each parameter the largest, then the smallest
        for value in (sp.Rational(29, 10), sp.Rational(4, 10)):
            candidates.append({q: value if q == p else sp.Rational(13, 10) for q in parameters})
    for split in result.atoms(sp.Piecewise):
        conditions = [sp.sympify(c, strict=True) for _, c in split.args]
        if not all(c.free_symbols <= set(parameters) for c in conditions):
            continue  # a split in t: the t samples cover it
        hit = {_branch(conditions, sample) for sample in samples}
        for candidate in candidates:
            branch = _branch(conditions, candidate)
            if branch not in hit and candidate not in samples:
                samples.append(candidate)
                hit.add(branch)
    return samples


def _branch(conditions: list[sp.Expr], sample: dict[sp.Symbol, sp.Expr]) -> int | None:
    """Index of the first of `conditions` that holds at `sample` (None: none decided)."""
    for k, condition in enumerate(conditions):
        if condition.subs(sample) is sp.true:
            return k
    return None


def _equality_samples(
    condition: sp.Expr, p: sp.Symbol, parameters: list[sp.Symbol]
) -> list[dict[sp.Symbol, sp.Expr]]:
    """Samples where `condition`'s two sides are equal, solved for `p` (positive only)."""
    found = []
    for value in sp.solve(condition.lhs - condition.rhs, p):
        sample = {q: sp.Rational(13, 10) for q in parameters}
        others = {q: v for q, v in sample.items() if q != p}
        value = sp.sympify(value, strict=True).subs(others)
        if value.is_positive and value.is_number:
            sample[p] = value
            found.append(sample)
    return found


def check_against_quadrature(
    f: sp.Expr,
    f_deltas: Sequence[Delta],
    g: sp.Expr,
    g_deltas: Sequence[Delta],
    result: sp.Expr,
    x: sp.Symbol,
    t: sp.Symbol,
    breakpoints: Sequence[sp.Expr],
    *,
    f_breaks: Sequence[sp.Expr] = (),
    g_breaks: Sequence[sp.Expr] = (),
    parameters: Sequence[sp.Symbol] = (),
) -> Verification:
    """Compare the regular part of `result` with quadrature; raise `VerificationError` if off.

    Parameters
    ----------
    f, g : sympy.Expr
        The original inputs in `x` (their deltas are removed here, independently).
    f_deltas, g_deltas : sequence of Delta
        Their deltas, sifted analytically against the other input's regular part.
    result : sympy.Expr
        The closed form in `t` without its delta terms.
    breakpoints : sequence of sympy.Expr
        Breakpoints of the result (sorted), used to place the samples.
    f_breaks, g_breaks : sequence of sympy.Expr
        Breakpoints of the inputs, where the quadrature is split.
    parameters : sequence of sympy.Symbol
        Positive parameters, replaced by the values of :func:`parameter_samples`.

    Raises
    ------
    VerificationError
        When the closed form and quadrature disagree, or quadrature gives no finite value
        or does not reach the tolerance (its error estimate must be below it, so that an
        unconverged reference never widens the gate).
    ExpressionError
        When an expression cannot be evaluated safely (see :mod:`convmath.symbolic.compiled`).
    """
    # the result's own switches too, so that a misplaced breakpoint gets sampled
    where = [*breakpoints, *_switch_points(result, t)]
    rows: list[_Row] = []
    tolerance = 0.0
    for sample in parameter_samples(list(parameters), result):
        problem = _Problem.at(sample, f, f_deltas, g, g_deltas, x, where, f_breaks, g_breaks)
        expected = [problem.convolution_at(tv, result) for tv in problem.t_values]
        tol = _RTOL * max([1.0] + [abs(value) for value, _ in expected])
        tolerance = max(tolerance, tol)
        rows += _compare(result.subs(sample), t, problem, expected, tol)
    return Verification(
        tuple(r.parameters for r in rows),
        tuple(r.t for r in rows),
        tuple(r.closed for r in rows),
        tuple(r.quadrature for r in rows),
        max([0.0] + [r.error for r in rows]),
        tolerance,
    )


class _Row(NamedTuple):
    parameters: tuple[tuple[str, float], ...]
    t: float
    closed: complex | float
    quadrature: complex | float
    error: float


@dataclass(frozen=True)
class _Problem:
    """The inputs at one sample of the parameters, as floats and float functions."""

    names: tuple[tuple[str, float], ...]
    f: Callable[[float], complex]
    g: Callable[[float], complex]
    f_deltas: list[tuple[float, complex]]
    g_deltas: list[tuple[float, complex]]
    f_points: list[float]
    g_points: list[float]
    period: float | None
    t_values: list[float]
    complex_valued: bool
    no_integral: bool

    @classmethod
    def at(cls, sample, f, f_deltas, g, g_deltas, x, where, f_breaks, g_breaks) -> _Problem:
        """The problem with `sample` substituted for the parameters."""
        regular_f, regular_g = _regular(f).subs(sample), _regular(g).subs(sample)
        return cls(
            names=tuple((p.name, float(v)) for p, v in sample.items()),
            f=scalar_function(regular_f, x),
            g=scalar_function(regular_g, x),
            f_deltas=[_numeric_delta(d, sample) for d in f_deltas],
            g_deltas=[_numeric_delta(d, sample) for d in g_deltas],
            f_points=_cuts(f_breaks, sample, regular_f, x),
            g_points=_cuts(g_breaks, sample, regular_g, x),
            period=oscillation_period(regular_f + regular_g, x),
            t_values=_points(sorted({_number(b, sample) for b in where})),
            complex_valued=f.has(sp.I) or g.has(sp.I),
            no_integral=regular_f == 0 or regular_g == 0,
        )

    def convolution_at(self, tv: float, result: sp.Expr) -> tuple[complex, float]:
        """Quadrature of the regular parts plus the sifted deltas at ``t = tv``, and its error."""
        total, error = self._integral_at(tv)
        total += sum((w * _at(self.g, tv - c) for c, w in self.f_deltas), 0j)
        total += sum((w * _at(self.f, tv - c) for c, w in self.g_deltas), 0j)
        if not (cmath.isfinite(total) and math.isfinite(error)):
            raise VerificationError(
                f"cannot check the closed form {result}: quadrature of f(tau) g(t - tau) "
                f"at t = {tv:.10g} gives {_fmt(_plain(total))} (a non-integrable "
                "singularity?); refusing to return it"
            )
        return total, error

    def _integral_at(self, tv: float) -> tuple[complex, float]:
        if self.no_integral:  # one regular part is exactly 0: only the sifted deltas remain
            return 0j, 0.0
        anchors = anchors_for(self.f_points, self.g_points, tv)
        return product_integral(self.f, self.g, tv, anchors, period=self.period)


def _at(function: Callable[[float], complex], point: float) -> complex:
    """``function(point)``, or its limit there when it is removably singular (sin(x)/x at 0).

    The limit is the mean of the values just either side, where they agree; otherwise the
    non-finite value stands (a pole is not removable).
    """
    value = function(point)
    if cmath.isfinite(value):
        return value
    step = 1e-9 * max(1.0, abs(point))
    left, right = function(point - step), function(point + step)
    if cmath.isfinite(left) and abs(left - right) <= 1e-6 * max(1.0, abs(left)):
        return (left + right) / 2
    return value


def _compare(
    closed_form: sp.Expr,
    t: sp.Symbol,
    problem: _Problem,
    expected: list[tuple[complex, float]],
    tol: float,
) -> list[_Row]:
    """One row per sample point; `VerificationError` at the first disagreement."""
    closed = scalar_function(closed_form, t)
    rows = []
    for tv, (value, quad_error) in zip(problem.t_values, expected):
        if not quad_error <= tol:  # the reference itself is not good enough to judge by
            raise VerificationError(
                f"cannot check the closed form {closed_form}: quadrature of f(tau) g(t - tau) "
                f"at t = {tv:.10g} did not converge (error estimate {quad_error:.1e}, "
                f"tolerance {tol:.1e}; an oscillating tail?); refusing to return it"
            )
        got = closed(tv)
        if not abs(got - value) <= tol + 10 * quad_error:
            got = _precise(closed_form, t, tv)
        if not cmath.isfinite(got):  # a removable singularity of the closed form at tv
            got = _two_sided_limit(closed_form, t, tv)
        err = abs(got - value)
        rows.append(_Row(problem.names, tv, _plain(got), _plain(value), err))
        if not err <= tol + 10 * quad_error:
            where = ", ".join(f"{k}={v:g}" for k, v in problem.names)
            raise VerificationError(
                f"the closed form {closed_form} disagrees with quadrature at t = {tv:.10g}"
                f"{' (' + where + ')' if where else ''}: {_fmt(_plain(got))} vs "
                f"{_fmt(_plain(value))}; refusing to return it"
            )
    return rows


def _cuts(breaks: Sequence[sp.Expr], sample: dict, regular: sp.Expr, x: sp.Symbol) -> list[float]:
    """Where the quadrature cuts one input: its breakpoints and its singular points."""
    points = {_number(b, sample) for b in breaks}
    points.update(singular_points(regular, x))
    return sorted(points)


def singular_points(expr: sp.Expr, x: sp.Symbol) -> list[float]:
    """Real points where `expr` may be singular (removably or not), as far as they are found.

    Zeros of the base of a negative or fractional power (denominators, roots) and of the
    argument of a logarithm or a logarithmic integral. Arguments with infinitely many zeros
    (``1/sin(x)``) are passed over: the check then cannot cut there.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> singular_points(sp.sin(x) / x + sp.log(x - 2) + 1 / sp.sqrt(sp.Abs(x + 1)), x)
    [-1.0, 0.0, 2.0]
    >>> singular_points(1 / (1 + x**2), x)   # no real zero of 1 + x^2
    []
    """
    points: set[float] = set()
    for node in sp.preorder_traversal(expr):
        if node.is_Pow and not (node.exp.is_Integer and node.exp >= 0):
            argument = node.base
        elif isinstance(node, _LOGARITHMIC):
            argument = node.args[0]
        else:
            continue
        if argument.has(x):
            points.update(_zeros(argument, x))
    return sorted(points)


@functools.lru_cache(maxsize=256)
def _zeros(argument: sp.Expr, x: sp.Symbol) -> tuple[float, ...]:
    """Real zeros of `argument` as floats (a quadratic directly), or none when not found."""
    if argument.is_polynomial(x):
        coeffs = sp.Poly(argument, x).all_coeffs()
        if len(coeffs) == 3 and all(c.is_Rational for c in coeffs):
            a, b, c = (float(v) for v in coeffs)
            discriminant = b * b - 4 * a * c
            if discriminant < 0:
                return ()
            root = math.sqrt(discriminant)
            return ((-b - root) / (2 * a), (-b + root) / (2 * a))
    try:
        roots = _real_roots(argument, x, "the input")
    except ExpressionError:
        return ()
    return tuple(float(r) for r in roots if r.is_number and r.is_extended_real)


def oscillation_period(expr: sp.Expr, x: sp.Symbol) -> float | None:
    """A common period of every oscillation in `expr`, or None (none, or incommensurate).

    The frequencies are the coefficients of `x` in the arguments of sin, cos, tan, sinc
    and in the imaginary part of exponents; a product ``f(tau) g(t - tau)`` of such inputs
    repeats with the same period in tau (up to its decaying envelope).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> oscillation_period(sp.sin(x) / x + sp.cos(3 * x), x) == 2 * 3.141592653589793
    True
    >>> oscillation_period(sp.sin(sp.pi * x) + sp.exp(2 * sp.pi * sp.I * x), x)
    2.0
    >>> oscillation_period(sp.sin(x) + sp.sin(sp.sqrt(2) * x), x) is None
    True
    """
    frequencies = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.sin, sp.cos, sp.tan, sp.sinc)):
            slope = sp.diff(node.args[0], x)
        elif isinstance(node, sp.exp):
            slope = sp.im(sp.diff(node.args[0], x))
        else:
            continue
        if slope.has(x) or not slope.is_number:
            return None
        if slope != 0:
            frequencies.add(sp.Abs(slope))
    if not frequencies:
        return None
    base = min(frequencies, key=float)
    ratios = [sp.nsimplify(w / base) for w in frequencies]
    if not all(r.is_Rational for r in ratios):
        return None
    common = sp.gcd_list([sp.Rational(r) for r in ratios])
    return float(2 * sp.pi / (base * common))


_LOGARITHMIC = (sp.log, sp.Ei, sp.Ci, sp.Chi, sp.li)


def _regular(expr: sp.Expr) -> sp.Expr:
    return expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)


def _number(value: sp.Expr, sample: dict) -> float:
    return float(sp.sympify(value, strict=True).subs(sample))


def _numeric_delta(delta: Delta, sample: dict) -> tuple[float, complex]:
    weight = complex(sp.sympify(delta.weight, strict=True).subs(sample))
    return _number(delta.location, sample), weight


def _points(breaks: list[float]) -> list[float]:
    """Sample t values: region midpoints, breakpoints +- eps, both tails."""
    if not breaks:
        return [-3.0, -0.7, 0.0, 0.4, 2.5]
    lo, hi = breaks[0], breaks[-1]
    span = max(hi - lo, 1.0)
    points = [lo - 3 * span, lo - 0.5, hi + 0.5, hi + 3 * span]
    points += [(a + b) / 2 for a, b in zip(breaks[:-1], breaks[1:])]
    for p in breaks:
        eps = 1e-7 * max(1.0, abs(p))
        points += [p - eps, p + eps]
    return sorted(points)


def _switch_points(result: sp.Expr, t: sp.Symbol) -> list[sp.Expr]:
    try:
        return [p for p in breakpoints(result, t, "result") if p.is_real is not False]
    except ConvmathError:
        return []


def _plain(value: complex) -> complex | float:
    return value.real if value.imag == 0 else value


def _precise(expr: sp.Expr, t: sp.Symbol, tv: float | sp.Float) -> complex:
    try:
        return complex(sp.N(expr.subs(t, sp.Float(tv, 30)), 30))
    except (TypeError, ValueError):
        return complex("nan")


def _two_sided_limit(expr: sp.Expr, t: sp.Symbol, tv: float) -> complex:
    """The limit of `expr` at `tv` from values just either side (30 digits), or nan.

    Only where both sides agree (a removable singularity; a convolution of integrable
    inputs without deltas is continuous), so a pole or a jump stays nan.
    """
    step = sp.Float(1e-12, 30) * max(1, abs(tv))
    left = _precise(expr, t, sp.Float(tv, 30) - step)
    right = _precise(expr, t, sp.Float(tv, 30) + step)
    if abs(left - right) <= 1e-9 * max(1.0, abs(left)):
        return (left + right) / 2
    return complex("nan")
