"""Check a closed-form convolution against numerical quadrature before it is returned.

At sample points of t -- inside every region, just either side of every breakpoint and far
out in both tails -- the closed form is compared with an independent computation:
``scipy.integrate.quad`` of ``f(tau) g(t - tau)`` on the *regular* parts of the inputs
(the original expressions with their deltas removed, not the engine's pieces), split at the
input breakpoints, plus the sifted delta terms ``w * g(t - c)`` evaluated from the original
expressions. Symbolic parameters are replaced by a few positive values (distinct ones and
equal ones, so that both branches of an ``a == b`` case are exercised).

Examples
--------
>>> import sympy as sp
>>> x, t = sp.symbols("x t", real=True)
>>> box = sp.Heaviside(x) - sp.Heaviside(x - 1)
>>> tri = sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True))
>>> report = verify(box, (), box, (), tri, x, t, [0, 1, 2], f_breaks=[0, 1], g_breaks=[0, 1])
>>> report.max_error < 1e-9, len(report.t_values) > 8
(True, True)
"""

from __future__ import annotations

import cmath
import math
import warnings
from dataclasses import dataclass

import mpmath
import sympy as sp

from convmath.errors import ConvmathError, VerificationError
from convmath.symbolic._pieces import Delta

__all__ = ["Verification", "verify", "parameter_samples"]

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

    Each ``Ne(lhs, rhs)`` condition of `result` that a positive value of one parameter
    turns into an equality (``Ne(a, 1)`` -> ``a = 1``) adds a sample, so that every
    branch of a case split is checked.

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", positive=True)
    >>> parameter_samples([a, b])
    [{a: 7/10, b: 19/10}, {a: 13/10, b: 13/10}]
    >>> parameter_samples([a], sp.Piecewise((1 / (a - 1), sp.Ne(a, 1)), (0, True)))
    [{a: 7/10}, {a: 13/10}, {a: 1}]
    """
    if not parameters:
        return [{}]
    distinct = [sp.Rational(7 + 12 * k, 10) for k in range(len(parameters))]
    samples = [dict(zip(parameters, distinct))]
    samples.append({p: sp.Rational(13, 10) for p in parameters})
    for condition in result.atoms(sp.Ne):
        for p in parameters:
            if not condition.has(p):
                continue
            for value in sp.solve(condition.lhs - condition.rhs, p):
                sample = {q: sp.Rational(13, 10) for q in parameters}
                sample[p] = value
                others = {q: v for q, v in sample.items() if q != p}
                value = sp.sympify(value, strict=True).subs(others)
                if value.is_positive and value.is_number and sample not in samples:
                    sample[p] = value
                    if sample not in samples:
                        samples.append(sample)
    return samples


def _regular(expr: sp.Expr) -> sp.Expr:
    return expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)


def _numeric(expr: sp.Expr, var: sp.Symbol):
    """Fast scalar evaluation (``math``/``cmath``), with mpmath where floats overflow."""
    if expr == 0:
        return lambda value: 0j
    function = _scalar_function(expr, var, expr.has(sp.I))
    precise = None

    def call(value: float) -> complex:
        nonlocal precise
        try:
            result = complex(function(value))
        except (ZeroDivisionError, OverflowError, ValueError, TypeError, NameError):
            result = complex("nan")
        if cmath.isfinite(result):
            return result
        if precise is None:
            precise = sp.lambdify(var, expr, modules=[_MPMATH_EXTRAS, "mpmath"])
        try:
            return complex(precise(mpmath.mpf(value)))
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            return result

    return call


def _scalar_function(expr: sp.Expr, var: sp.Symbol, complex_valued: bool):
    """Compile `expr` for scalar floats with Python's ``math``/``cmath``.

    Printed directly (``lambdify`` would rebuild the whole expression to rename the dummy
    variable, which costs more than the evaluation); anything the scalar modules lack falls
    back to ``lambdify`` with SciPy and NumPy.
    """
    from sympy.printing.pycode import PythonCodePrinter

    printer = PythonCodePrinter(
        {
            "fully_qualified_modules": False,
            "standard": "python3",
            "user_functions": {"Heaviside": "Heaviside"},
        }
    )
    namespace = dict(vars(cmath) if complex_valued else vars(math))
    namespace.update(_CMATH_EXTRAS if complex_valued else _MATH_EXTRAS)
    try:
        code = f"def _f({printer.doprint(var)}):\n    return {printer.doprint(expr)}\n"
        exec(compile(code, "<convmath-verify>", "exec"), namespace)  # noqa: S102 - own code
        function = namespace["_f"]
        function(0.25)
        return function
    except Exception:  # noqa: BLE001 - unknown to the scalar printer: use lambdify
        return sp.lambdify(var, expr, modules=["scipy", "numpy"])


def _float_heaviside(x, h0=0.5):
    return 1.0 if x > 0 else (0.0 if x < 0 else h0)


def _complex_heaviside(x, h0=0.5):
    return _float_heaviside(x.real if isinstance(x, complex) else x, h0)


_MATH_EXTRAS = {"Heaviside": _float_heaviside}
_CMATH_EXTRAS = {"Heaviside": _complex_heaviside, "sign": lambda x: (x > 0) - (x < 0)}


def _heaviside(x, h0=0.5):
    return mpmath.mpf(1) if x > 0 else (mpmath.mpf(0) if x < 0 else mpmath.mpf(h0))


_MPMATH_EXTRAS = {"Heaviside": _heaviside, "DiracDelta": lambda *args: mpmath.mpf(0)}


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


def _quad(func, lo: float, hi: float, complex_valued: bool) -> tuple[complex, float]:
    from scipy.integrate import IntegrationWarning, quad

    options = {"epsabs": 1e-12, "epsrel": 1e-11, "limit": 400}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntegrationWarning)
        value, error = quad(lambda v: func(v).real, lo, hi, **options)
        total = complex(value)
        if complex_valued:
            imag, error_i = quad(lambda v: func(v).imag, lo, hi, **options)
            total += 1j * imag
            error += error_i
    return total, error


def verify(
    f: sp.Expr,
    f_deltas: tuple[Delta, ...],
    g: sp.Expr,
    g_deltas: tuple[Delta, ...],
    result: sp.Expr,
    x: sp.Symbol,
    t: sp.Symbol,
    breakpoints: list[sp.Expr],
    *,
    f_breaks: list[sp.Expr] = (),
    g_breaks: list[sp.Expr] = (),
    parameters: list[sp.Symbol] = (),
) -> Verification:
    """Compare the regular part of `result` with quadrature; raise `VerificationError` if off.

    Parameters
    ----------
    f, g : sympy.Expr
        The original inputs in `x` (their deltas are removed here, independently).
    f_deltas, g_deltas : tuple of Delta
        Their deltas, sifted analytically against the other input's regular part.
    result : sympy.Expr
        The closed form in `t` without its delta terms.
    breakpoints : list of sympy.Expr
        Breakpoints of the result (sorted), used to place the samples.
    f_breaks, g_breaks : list of sympy.Expr
        Breakpoints of the inputs, where the quadrature is split.
    parameters : list of sympy.Symbol
        Positive parameters, replaced by the values of :func:`parameter_samples`.
    """
    rows_p, rows_t, rows_c, rows_q, errors = [], [], [], [], []
    # the result's own switches too, so that a misplaced breakpoint gets sampled
    breakpoints = [*breakpoints, *_switch_points(result, t)]
    worst, tolerance = 0.0, 0.0
    for sample in parameter_samples(list(parameters), result):
        names = tuple((p.name, float(v)) for p, v in sample.items())
        fr = _numeric(_regular(f).subs(sample), x)
        gr = _numeric(_regular(g).subs(sample), x)
        closed = _numeric(result.subs(sample), t)
        fd = [
            (
                float(sp.sympify(d.location, strict=True).subs(sample)),
                complex(sp.sympify(d.weight, strict=True).subs(sample)),
            )
            for d in f_deltas
        ]
        gd = [
            (
                float(sp.sympify(d.location, strict=True).subs(sample)),
                complex(sp.sympify(d.weight, strict=True).subs(sample)),
            )
            for d in g_deltas
        ]
        fb = sorted(float(sp.sympify(b, strict=True).subs(sample)) for b in f_breaks)
        gb = sorted(float(sp.sympify(b, strict=True).subs(sample)) for b in g_breaks)
        breaks = sorted({float(sp.sympify(b, strict=True).subs(sample)) for b in breakpoints})
        samples = _points(breaks)
        complex_valued = f.has(sp.I) or g.has(sp.I)
        expected, quad_errors = [], []
        no_integral = _regular(f) == 0 or _regular(g) == 0
        for tv in samples:
            value, error = _convolution_at(fr, gr, fd, gd, fb, gb, tv, complex_valued, no_integral)
            if not (cmath.isfinite(value) and math.isfinite(error)):
                raise VerificationError(
                    f"cannot check the closed form {result}: quadrature of f(tau) g(t - tau) "
                    f"at t = {tv:.10g} gives {_fmt(_plain(value))} (a non-integrable "
                    "singularity?); refusing to return it"
                )
            expected.append(value)
            quad_errors.append(error)
        scale = max([1.0] + [abs(v) for v in expected])
        tol = _RTOL * scale
        tolerance = max(tolerance, tol)
        for tv, value, qerr in zip(samples, expected, quad_errors):
            got = closed(tv)
            err = abs(got - value)
            if not err <= tol + 10 * qerr:
                got = _precise(result.subs(sample), t, tv)
                err = abs(got - value)
            rows_p.append(names)
            rows_t.append(tv)
            rows_c.append(_plain(got))
            rows_q.append(_plain(value))
            errors.append(err)
            if not err <= tol + 10 * qerr:
                where = ", ".join(f"{k}={v:g}" for k, v in names)
                raise VerificationError(
                    f"the closed form {result} disagrees with quadrature at t = {tv:.10g}"
                    f"{' (' + where + ')' if where else ''}: {_fmt(_plain(got))} vs "
                    f"{_fmt(_plain(value))}; refusing to return it"
                )
            worst = max(worst, err)
    return Verification(
        tuple(rows_p), tuple(rows_t), tuple(rows_c), tuple(rows_q), worst, tolerance
    )


def _switch_points(result: sp.Expr, t: sp.Symbol) -> list[sp.Expr]:
    from convmath.symbolic._pieces import breakpoints

    try:
        return [p for p in breakpoints(result, t, "result") if p.is_real is not False]
    except ConvmathError:
        return []


def _plain(value: complex) -> complex | float:
    return value.real if value.imag == 0 else value


def _precise(expr: sp.Expr, t: sp.Symbol, tv: float) -> complex:
    try:
        return complex(sp.N(expr.subs(t, sp.Float(tv, 30)), 30))
    except (TypeError, ValueError):
        return complex("nan")


def _convolution_at(
    fr, gr, fd, gd, fb, gb, tv, complex_valued, no_integral
) -> tuple[complex, float]:
    """Quadrature of the regular parts plus the sifted deltas at ``t = tv``."""
    if no_integral:  # one regular part is exactly 0: only the sifted deltas remain
        total = sum((w * gr(tv - c) for c, w in fd), 0j)
        return total + sum((w * fr(tv - c) for c, w in gd), 0j), 0.0
    cuts = sorted(set(fb) | {tv - b for b in gb})

    def integrand(tau: float) -> complex:
        return fr(tau) * gr(tv - tau)

    ends = [-math.inf, *cuts, math.inf]
    total, error = 0j, 0.0
    for lo, hi in zip(ends[:-1], ends[1:]):
        if hi > lo:
            value, err = _quad(integrand, lo, hi, complex_valued)
            total += value
            error += err
    for location, weight in fd:
        total += weight * gr(tv - location)
    for location, weight in gd:
        total += weight * fr(tv - location)
    return total, error
