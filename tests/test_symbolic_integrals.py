"""Tests of convmath.symbolic._integrals, _antiderivatives and _residues: piece-pair integrals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad

from convmath.errors import DivergentError
from convmath.symbolic._integrals import PairIntegral, PairIntegrals
from convmath.symbolic._residues import whole_line_rational

tau, t, x = sp.symbols("tau t x", real=True)
a, w = sp.symbols("a w", positive=True)
exp, sin, cos = sp.exp, sp.sin, sp.cos


@pytest.mark.parametrize(
    ("integrand", "method"),
    [
        pytest.param(exp(-3 * tau) * (t - tau) ** 2, "quasi-polynomial", id="exp-poly"),
        pytest.param(600 * 2 ** (-(t - tau) / 2), "quasi-polynomial", id="power-of-two"),
        pytest.param(sin(2 * tau) * exp(-(t - tau)), "quasi-polynomial", id="sin-exp"),
        pytest.param(sin(w * tau) * tau**2 * exp(-a * tau), "quasi-polynomial", id="symbolic"),
        pytest.param(sin(tau) * cos(t - tau), "quasi-polynomial", id="phase"),
        pytest.param(cos(tau) ** 2 * sin(3 * tau), "quasi-polynomial", id="trig-powers"),
        pytest.param(sp.cosh(tau) * exp(-2 * tau), "quasi-polynomial", id="hyperbolic"),
        pytest.param(tau**3 * exp(-(tau**2) + t * tau), "gaussian", id="gaussian-moment"),
        pytest.param(
            (1 + tau) * exp(-(tau**2)) + exp(-(tau**2) + tau), "gaussian", id="gaussian-sum"
        ),
        pytest.param(1 / (1 + (t - tau) ** 2), "sympy", id="sympy-fallback"),
    ],
)
def test_primitive_differentiates_back(integrand, method):
    pair = PairIntegral(integrand, tau)
    assert pair.method == method
    pair.definite(0, 1)
    primitive = pair.primitive()
    residual = sp.diff(primitive, tau) - integrand
    values = {tau: sp.Rational(3, 7), t: sp.Rational(-5, 3), a: sp.Rational(3, 2), w: 2}
    assert abs(complex(residual.subs(values).evalf(30))) < 1e-20


def test_equal_rates_give_the_polynomial_branch():
    b = sp.Symbol("b", positive=True)
    value = PairIntegral(exp(-a * tau) * exp(-b * (t - tau)), tau).definite(0, t)
    assert sp.simplify(value.subs(b, a) - t * exp(-a * t)) == 0
    generic = value.subs({a: 1, b: 3})
    assert sp.simplify(generic - (exp(-t) - exp(-3 * t)) / 2) == 0


@pytest.mark.parametrize(
    ("integrand", "lower", "upper", "expected"),
    [
        pytest.param(exp(-tau), 0, sp.oo, 1, id="exp-tail"),
        pytest.param(exp(tau) * tau**2, -sp.oo, 0, 2, id="left-tail"),
        pytest.param(exp(-(tau**2)), -sp.oo, sp.oo, math.sqrt(math.pi), id="gaussian"),
        pytest.param(tau**2 * exp(-(tau**2)), -sp.oo, sp.oo, math.sqrt(math.pi) / 2, id="moment"),
        pytest.param(exp(-(tau**2)), 0, 1, quad(lambda v: math.exp(-v * v), 0, 1)[0], id="erf"),
        pytest.param(exp(-tau) * sin(tau), 0, sp.oo, 0.5, id="damped-sine"),
        pytest.param(
            (1 + tau) * exp(-(tau**2)) + exp(-(tau**2) + tau),
            -1,
            2,
            quad(lambda v: (1 + v) * math.exp(-v * v) + math.exp(-v * v + v), -1, 2)[0],
            id="gaussian-sum",
        ),
    ],
)
def test_definite_values(integrand, lower, upper, expected):
    value = PairIntegral(integrand, tau).definite(lower, upper)
    assert float(value) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("integrand", "lower", "upper"),
    [
        pytest.param(sp.S.One, 0, sp.oo, id="constant"),
        pytest.param(exp(tau), 0, sp.oo, id="growing"),
        pytest.param(sin(tau), 0, sp.oo, id="oscillating"),
        pytest.param(exp(-tau), -sp.oo, 0, id="wrong-side"),
    ],
)
def test_divergent_tails(integrand, lower, upper):
    with pytest.raises(DivergentError, match="does not decay"):
        PairIntegral(integrand, tau).definite(lower, upper)


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        pytest.param(1 / (1 + x**2), 1 / (1 + x**2), 2 * sp.pi / (t**2 + 4), id="cauchy"),
        pytest.param(1 / (1 + x**2), 1 / (4 + x**2), 3 * sp.pi / (2 * (t**2 + 9)), id="widths"),
    ],
)
def test_residues(p, q, expected):
    assert sp.simplify(whole_line_rational(p, q, x, t, tau) - expected) == 0


def test_residues_double_pole_against_quadrature():
    value = whole_line_rational(1 / (1 + x**2) ** 2, x / (1 + x**2), x, t, tau)
    for tv in (-2.0, 0.3, 1.7):
        numeric = quad(
            lambda v, tv=tv: (tv - v) / ((1 + v * v) ** 2 * (1 + (tv - v) ** 2)),
            -math.inf,
            math.inf,
        )[0]
        assert float(value.subs(t, tv)) == pytest.approx(numeric, abs=1e-9)


def test_residues_reject_poles_on_the_line_and_slow_decay():
    with pytest.raises(DivergentError, match="pole"):
        whole_line_rational(1 / x**2, 1 / (1 + x**2), x, t, tau)
    with pytest.raises(DivergentError, match="decays too slowly"):
        whole_line_rational(x / (1 + x**2), sp.S.One, x, t, tau)
    assert whole_line_rational(sp.exp(-x), 1 / (1 + x**2), x, t, tau) is None


def test_pair_integrals_take_residues_over_the_whole_line_and_reuse_antiderivatives():
    integrals = PairIntegrals(x, tau, t)
    integrand, value, method = integrals.integrate(
        (0, 0), 1 / (1 + x**2), 1 / (1 + x**2), -sp.oo, sp.oo
    )
    assert method == "residues"
    assert sp.simplify(value - 2 * sp.pi / (t**2 + 4)) == 0  # Cauchy widths add: 1 + 1
    assert integrand == 1 / ((1 + tau**2) * (1 + (t - tau) ** 2))
    box, decay = sp.S.One, exp(-x)
    first = integrals.integrate((0, 1), box, decay, 0, t)
    second = integrals.integrate((0, 1), box, decay, t - 1, t)
    assert first[2] == second[2] == "quasi-polynomial"
    assert sp.simplify(first[1] - (1 - exp(-t))) == 0  # integral_0^t exp(-(t - tau)) dtau
    assert sp.simplify(second[1] - (1 - exp(-1))) == 0


# --- real integrands give real values (issue 11: the stomach with g(s) = 1/(1 + s)) ------------


def test_real_where_defined():
    from convmath.symbolic._integrals import real_where_defined

    assert real_where_defined(600 / (t - tau + 1))
    assert real_where_defined(exp(-a * tau) * sin(w * tau) / (1 + tau**2))
    assert real_where_defined(sp.sqrt(a) * tau)  # a positive: sqrt(a) real
    assert not real_where_defined(sp.sqrt(tau))  # complex for tau < 0
    assert not real_where_defined(sp.log(tau))
    assert not real_where_defined(sp.I * tau)


MEALS = 600 * (sp.Heaviside(t - 7) - sp.Heaviside(t - sp.Rational(15, 2))) + 1000 * (
    sp.Heaviside(t - 12) - sp.Heaviside(t - sp.Rational(25, 2))
)


def test_hyperbolic_remaining_fraction_gives_a_real_closed_form():
    from convmath.symbolic import convolve
    from convmath.symbolic.compiled import array_function

    result = convolve(MEALS, sp.Heaviside(t) / (1 + t), t, timeout=60)
    assert not result.has(sp.I)
    points = np.array([6.0, 7.2, 7.5 + 1e-6, 9.0, 12.3, 12.6, 14.0, 30.0])
    with np.errstate(divide="ignore"):  # branches not taken are evaluated too (log 0)
        values = array_function(result, t)(points)  # real NumPy evaluation: no complex logs
    assert np.all(np.isfinite(values))
    for tv, got in zip(points, values):
        # R(t) = 600 * integral over [7, 7.5] and 1000 * over [12, 12.5] of 1/(1 + t - x)
        expected = sum(
            rate * quad(lambda v: 1 / (1 + tv - v), lo, min(hi, tv))[0]
            for rate, lo, hi in ((600, 7, 7.5), (1000, 12, 12.5))
            if tv > lo
        )
        assert got == pytest.approx(expected, rel=1e-10, abs=1e-12), tv


def test_stomach_with_hyperbolic_emptying_at_14():
    from convmath.symbolic.stomach import CustomEmptying, S, derive_stomach

    result = derive_stomach(emptying=CustomEmptying(1 / (1 + S)), at=14)
    # 600 log(8 / 7.5) + 1000 log(3 / 2.5): integrals of 1/(1 + 14 - x) over each meal
    expected = (
        600 * quad(lambda v: 1 / (15 - v), 7, 7.5)[0]
        + 1000 * quad(lambda v: 1 / (15 - v), 12, 12.5)[0]
    )
    assert result.value == pytest.approx(expected, rel=1e-12)
    assert len(str(result.exact_value)) < 200


@pytest.mark.parametrize(
    "integrand",
    [
        pytest.param(sp.log(tau), id="log"),
        pytest.param(sp.log(tau) * exp(-tau), id="log-exp"),
        pytest.param(sp.log(-tau) * (tau**2 + 3), id="log-of-minus-tau-poly"),
        pytest.param(sp.log(t - tau) * exp(-2 * tau) * tau, id="log-of-the-other-input"),
        pytest.param(sp.log(tau) * exp(-tau) + exp(-3 * tau), id="with-a-log-free-part"),
    ],
)
def test_logarithm_by_parts_differentiates_back(integrand):
    pair = PairIntegral(integrand, tau)
    assert pair.method == "logarithm by parts"
    residual = sp.diff(pair.primitive(), tau) - integrand
    for values in ({tau: sp.Rational(3, 7), t: 2}, {tau: sp.Rational(-5, 2), t: -1}):
        assert abs(complex(residual.subs(values).evalf(30))) < 1e-20


def test_oscillating_or_nonlinear_logarithms_are_left_to_sympy():
    from convmath.symbolic._log_primitives import log_quasi_polynomial_primitive

    assert log_quasi_polynomial_primitive(sp.log(tau) * sin(tau), tau) is None
    assert log_quasi_polynomial_primitive(sp.log(tau**2 + 1), tau) is None
    assert log_quasi_polynomial_primitive(sp.log(tau) ** 2, tau) is None


def test_cli_stomach_with_hyperbolic_emptying():
    import json

    from typer.testing import CliRunner

    from convmath.cli import app

    result = CliRunner().invoke(app, ["derive", "--remaining", "1/(1+s)", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert "I" not in payload["expr"] and "nan" not in payload["expr"]
    # 600 log(8 / 7.5) + 1000 log(3 / 2.5), by the quadrature of each meal
    expected = (
        600 * quad(lambda v: 1 / (15 - v), 7, 7.5)[0]
        + 1000 * quad(lambda v: 1 / (15 - v), 12, 12.5)[0]
    )
    assert payload["value"] == pytest.approx(expected, rel=1e-12)
    assert payload["check"]["max_error"][-1] < 1e-2  # the sampled check ran, converging
