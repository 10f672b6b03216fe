"""The table of convolution pairs of ``bench_convolve``, by category.

Each :class:`Pair` is two signals in ``t`` (real) and, for symbolic parameters, the values
at which the closed form is checked against quadrature (each set of values picks a case:
``a < b``, ``a = b``, ``a > b``). No pair carries an expected closed form: every result is
checked against quadrature of the definition (``bench_convolve._matches``).
"""

from __future__ import annotations

from typing import NamedTuple

import sympy as sp

__all__ = ["Pair", "PAIRS", "t", "a", "b"]

t = sp.Symbol("t", real=True)
a, b = sp.symbols("a b", positive=True)
_u, _d, _R = sp.Heaviside, sp.DiracDelta, sp.Rational
_exp, _abs, _sin, _cos, _sqrt, _pi = sp.exp, sp.Abs, sp.sin, sp.cos, sp.sqrt, sp.pi


class Pair(NamedTuple):
    """One row: a name, a category, f, g and the parameter values to check at."""

    name: str
    category: str
    f: sp.Expr
    g: sp.Expr
    values: tuple[dict, ...] = ({},)


def _rect(x):
    return _u(x + _R(1, 2)) - _u(x - _R(1, 2))


def _tri(x):
    return (1 - _abs(x)) * (_u(x + 1) - _u(x - 1))


def _box(lo, hi):
    return _u(t - lo) - _u(t - hi)


def _normal(mean, variance):
    return _exp(-((t - mean) ** 2) / (2 * variance)) / _sqrt(2 * _pi * variance)


_ORDERS = ({a: _R(7, 10), b: _R(19, 10)}, {a: _R(13, 10), b: _R(13, 10)}, {a: 2, b: _R(1, 2)})
_ONE = ({a: _R(7, 10)}, {a: 3})
_irwin_hall_2 = sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True))
_meals = 600 * _box(7, _R(15, 2)) + 1000 * _box(12, _R(25, 2))
_meal_deltas = 300 * _d(t - 7) + 500 * _d(t - 12) + 200 * _d(t - 18)
_comb = sum((_d(t - k) for k in range(5)), sp.S.Zero)

PAIRS = [
    # --- the original table --------------------------------------------------------------
    Pair("exp(-t)u * exp(-2t)u", "causal", _exp(-t) * _u(t), _exp(-2 * t) * _u(t)),
    Pair("exp(-t)u * exp(-t)u", "causal", _exp(-t) * _u(t), _exp(-t) * _u(t)),
    Pair("t u * u", "causal", t * _u(t), _u(t)),
    Pair("t^2 u * exp(-3t)u", "causal", t**2 * _u(t), _exp(-3 * t) * _u(t)),
    Pair("exp(-2t)u * t^3 u", "causal", _exp(-2 * t) * _u(t), t**3 * _u(t)),
    Pair("rect * rect", "pulses", _rect(t), _rect(t)),
    Pair("rect * tri", "pulses", _rect(t), _tri(t)),
    Pair("tri * tri", "pulses", _tri(t), _tri(t)),
    Pair("rect((t-1)/2) * (u(t)-u(t-1))", "pulses", _rect((t - 1) / 2), _box(0, 1)),
    Pair("trapezoid: width 1 * width 3", "pulses", _box(0, 1), _box(0, 3)),
    Pair(
        "Piecewise t^2 on [0,1) * box",
        "pulses",
        sp.Piecewise((0, t < 0), (t**2, t < 1), (0, True)),
        _box(0, 2),
    ),
    Pair("(1-|t|) window * rect", "pulses", (1 - _abs(t)) * _box(-1, 1), _rect(t)),
    Pair("delta + 2 delta(t-1) * rect", "deltas", _d(t) + 2 * _d(t - 1), _rect(t)),
    Pair("delta(t-2) * exp(-t^2)", "deltas", _d(t - 2), _exp(-(t**2))),
    Pair("3 delta(t-1) * 2 delta(t+2)", "deltas", 3 * _d(t - 1), 2 * _d(t + 2)),
    Pair("exp(-|t|) * exp(-|t|)", "two-sided", _exp(-_abs(t)), _exp(-_abs(t))),
    Pair("exp(-t^2) * exp(-t^2/2)", "two-sided", _exp(-(t**2)), _exp(-(t**2) / 2)),
    Pair("1/(1+t^2) * 1/(1+t^2)", "two-sided", 1 / (1 + t**2), 1 / (1 + t**2)),
    Pair("exp(-|t|) * u", "two-sided", _exp(-_abs(t)), _u(t)),
    Pair("exp(-t^2) * exp(-t)u", "two-sided", _exp(-(t**2)), _exp(-t) * _u(t)),
    Pair("1/(1+t^2) * rect", "two-sided", 1 / (1 + t**2), _rect(t)),
    Pair("sin(2t)u * exp(-t)u", "sinusoids", _sin(2 * t) * _u(t), _exp(-t) * _u(t)),
    Pair("cos(2t)u * u", "sinusoids", _cos(2 * t) * _u(t), _u(t)),
    Pair("sin(t)u * (u(t)-u(t-pi))", "sinusoids", _sin(t) * _u(t), _box(0, _pi)),
    Pair("stomach meals * 2^(-t/2)u", "piecewise", _meals, 2 ** (-t / 2) * _u(t)),
    Pair(
        "3-piece Piecewise * exp(-t)u",
        "piecewise",
        sp.Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True)),
        _exp(-t) * _u(t),
    ),
    Pair("t^2 window * exp(-t)u", "piecewise", t**2 * _box(0, 1), _exp(-t) * _u(t)),
    # --- probability densities -------------------------------------------------------------
    Pair("uniform[0,1] + uniform[0,2]", "densities", _box(0, 1), _box(0, 2) / 2),
    Pair("uniform[0,1] + uniform[0,3]", "densities", _box(0, 1), _box(0, 3) / 3),
    Pair("uniform[-1,1] + uniform[0,1/2]", "densities", _box(-1, 1) / 2, 2 * _box(0, _R(1, 2))),
    Pair("Irwin-Hall 3 = IH2 * U", "densities", _irwin_hall_2, _box(0, 1)),
    Pair("Irwin-Hall 4 = IH2 * IH2", "densities", _irwin_hall_2, _irwin_hall_2),
    Pair("Erlang 2 * exp(1)", "densities", t * _exp(-t) * _u(t), _exp(-t) * _u(t)),
    Pair("Erlang 3 * Erlang 2", "densities", t**2 * _exp(-t) / 2 * _u(t), t * _exp(-t) * _u(t)),
    Pair("hypoexp(1, 2)", "densities", _exp(-t) * _u(t), 2 * _exp(-2 * t) * _u(t)),
    Pair(
        "hypoexp(1, 2, 3)",
        "densities",
        2 * (_exp(-t) - _exp(-2 * t)) * _u(t),
        3 * _exp(-3 * t) * _u(t),
    ),
    Pair(
        "gamma(3, 2) * gamma(2, 2)",
        "densities",
        4 * t**2 * _exp(-2 * t) * _u(t),
        4 * t * _exp(-2 * t) * _u(t),
    ),
    Pair("Laplace(1) * Laplace(1)", "densities", _exp(-_abs(t)) / 2, _exp(-_abs(t)) / 2),
    Pair("Laplace(1) * Laplace(1/2)", "densities", _exp(-_abs(t)) / 2, _exp(-2 * _abs(t))),
    Pair("Laplace * exp(1)", "densities", _exp(-_abs(t)) / 2, _exp(-t) * _u(t)),
    Pair("N(1, 1) * N(-2, 4)", "densities", _normal(1, 1), _normal(-2, 4)),
    Pair("N(0, 1/2) * N(3, 2)", "densities", _normal(0, _R(1, 2)), _normal(3, 2)),
    Pair("N(0, 1) * exp(1) (ex-Gaussian)", "densities", _normal(0, 1), _exp(-t) * _u(t)),
    Pair("N(0, 1) * U[0, 1]", "densities", _normal(0, 1), _box(0, 1)),
    # --- textbook entries with symbolic parameters --------------------------------------------
    Pair(
        "exp(-at)u * exp(-bt)u", "parameters", _exp(-a * t) * _u(t), _exp(-b * t) * _u(t), _ORDERS
    ),
    Pair("exp(-at)u * u", "parameters", _exp(-a * t) * _u(t), _u(t), _ONE),
    Pair(
        "t exp(-at)u * exp(-at)u",
        "parameters",
        t * _exp(-a * t) * _u(t),
        _exp(-a * t) * _u(t),
        _ONE,
    ),
    Pair("rect(t/a) * rect(t/a)", "parameters", _rect(t / a), _rect(t / a), _ONE),
    Pair("exp(-a|t|) * exp(-a|t|)", "parameters", _exp(-a * _abs(t)), _exp(-a * _abs(t)), _ONE),
    Pair("exp(-t^2/a) * exp(-t^2/b)", "parameters", _exp(-(t**2) / a), _exp(-(t**2) / b), _ORDERS),
    Pair("sin(at)u * u", "parameters", _sin(a * t) * _u(t), _u(t), _ONE),
    Pair("exp(-at)u * (u(t)-u(t-b))", "parameters", _exp(-a * t) * _u(t), _box(0, b), _ORDERS),
    Pair("delta(t-a) * exp(-bt)u", "parameters", _d(t - a), _exp(-b * t) * _u(t), _ORDERS),
    # --- parameter cases: the order of breakpoints depends on a, b ------------------------
    Pair("(u-u(t-a)) * (u-u(t-b))", "cases", _box(0, a), _box(0, b), _ORDERS),
    Pair("rect((t-a)/b) * rect", "cases", _rect((t - a) / b), _rect(t), _ORDERS),
    Pair(
        "(u-u(t-a)) * exp(-(t-b))u(t-b)", "cases", _box(0, a), _exp(-(t - b)) * _u(t - b), _ORDERS
    ),
    Pair("(u-u(t-a)) * (u-u(t-1))", "cases", _box(0, a), _box(0, 1), _ONE),
    # --- piecewise polynomials with four or more pieces -----------------------------------
    Pair("cubic B-spline = (rect*rect)*(rect*rect)", "splines", _tri(t), _tri(t)),
    Pair("quadratic B-spline * rect", "splines", _irwin_hall_2, _rect(t - 1)),
    Pair(
        "4-piece staircase * box",
        "splines",
        _box(0, 1) + 2 * _box(1, 2) + 3 * _box(2, 3) + _box(3, 4),
        _box(0, 1),
    ),
    Pair(
        "tri * 4-piece ramp",
        "splines",
        _tri(t),
        t * _box(0, 1) + (2 - t) * _box(1, 3) - _box(3, 4),
    ),
    Pair("t^3 window * tri", "splines", t**3 * _box(0, 1), _tri(t)),
    # --- impulse combs -------------------------------------------------------------------
    Pair("comb (5 deltas) * rect", "combs", _comb, _rect(t)),
    Pair("comb * exp(-t)u", "combs", _comb, _exp(-t) * _u(t)),
    Pair("comb * comb", "combs", _comb, _comb),
    Pair("comb * tri", "combs", _comb, _tri(t)),
    # --- stomach variants ----------------------------------------------------------------
    Pair("meals * linear emptying", "stomach", _meals, (1 - t / 4) * _box(0, 4)),
    Pair("meals as deltas * 2^(-t/2)u", "stomach", _meal_deltas, 2 ** (-t / 2) * _u(t)),
    Pair("meals * gamma emptying s e^-s", "stomach", _meals, t * _exp(-t) * _u(t)),
    Pair("meal deltas * gamma emptying", "stomach", _meal_deltas, t * _exp(-t) * _u(t)),
    # --- delta derivatives -----------------------------------------------------------------
    Pair("delta' * exp(-t)u", "delta'", _d(t, 1), _exp(-t) * _u(t)),
    Pair("delta'' (t-1) * exp(-t^2)", "delta'", _d(t - 1, 2), _exp(-(t**2))),
    Pair("delta' * sin(t)u", "delta'", _d(t, 1), _sin(t) * _u(t)),
    # --- special functions ----------------------------------------------------------------
    Pair("exp(-t^2) * cos(t)u", "special", _exp(-(t**2)), _cos(t) * _u(t)),
    Pair("exp(-t^2) * sin(t)u", "special", _exp(-(t**2)), _sin(t) * _u(t)),
    Pair("exp(-t^2)cos(t) * exp(-t^2)", "special", _exp(-(t**2)) * _cos(t), _exp(-(t**2))),
    Pair("exp(-t^2) * cos(2t)", "special", _exp(-(t**2)), _cos(2 * t)),
    Pair("exp(-t^2) sin(2t) * exp(-t)u", "special", _exp(-(t**2)) * _sin(2 * t), _exp(-t) * _u(t)),
    Pair("1/(1+t^2) * cos(t)", "special", 1 / (1 + t**2), _cos(t)),
    Pair("1/(1+t^2) * exp(-t)u (Ei)", "special", 1 / (1 + t**2), _exp(-t) * _u(t)),
    Pair("1/(1+t^2) * exp(-|t|) (Ei)", "special", 1 / (1 + t**2), _exp(-_abs(t))),
    Pair("exp(-t)u * 1/(1+t^2)^2 (Ei)", "special", _exp(-t) * _u(t), 1 / (1 + t**2) ** 2),
    Pair("sinc * sinc (sin t / t)", "special", _sin(t) / t, _sin(t) / t),
    Pair("sin(t)/t * rect", "special", _sin(t) / t, _rect(t)),
    Pair("exp(-t^2) * rect", "special", _exp(-(t**2)), _rect(t)),
]
