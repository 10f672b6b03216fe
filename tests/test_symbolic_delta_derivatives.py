"""Delta derivatives in the engine and the parser, checked against numeric references.

A result that has deltas is checked as a distribution: paired with the Gaussian test
function phi, ``<delta^(n) * g, phi> = (-1)^n integral g(s) phi^(n)(s) ds``, both sides by
mpmath quadrature and differentiation, never from the engine.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from convmath.errors import ExpressionError
from convmath.symbolic import parse
from convmath.symbolic.continuous import convolve, derive_convolution

t = sp.Symbol("t")
u = sp.Heaviside


def _phi(s, n=0):
    return mpmath.diff(lambda v: mpmath.exp(-((v - 0.3) ** 2)), s, n)


def _pair(result: sp.Expr) -> float:
    """<result, phi>: deltas by their definition, the regular part by quadrature."""
    total = mpmath.mpf(0)
    regular = []
    for term in sp.Add.make_args(sp.expand(result)):
        deltas = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.DiracDelta)]
        if not deltas:
            regular.append(term)
            continue
        (delta,) = deltas
        n = int(delta.args[1]) if len(delta.args) > 1 else 0
        location = float(sp.solve(delta.args[0], t)[0])
        weight = float(term / delta)
        total += weight * (-1) ** n * _phi(location, n)
    f = sp.lambdify(
        t, sp.Add(*regular), modules=[{"Heaviside": lambda v: mpmath.mpf(v > 0)}, "mpmath"]
    )
    total += mpmath.quad(lambda v: f(v) * _phi(v), [-12, -1, -0.5, 0, 0.5, 1, 2, 12])
    return float(total)


def _reference(g, location: float, n: int, weight: float = 1.0) -> float:
    """<w delta^(n)(t - c) * g, phi> = w (-1)^n integral g(s) phi^(n)(s + c) ds."""
    return float(
        weight
        * (-1) ** n
        * mpmath.quad(lambda s: g(s) * _phi(s + location, n), [-12, -1, -0.5, 0, 0.5, 1, 12])
    )


def test_first_derivative_differentiates_a_smooth_signal():
    # (delta' * exp(-t^2))(t) = -2 t exp(-t^2): compare with a numeric derivative
    result = convolve(sp.DiracDelta(t, 1), sp.exp(-(t**2)))
    for tv in (-1.3, 0.2, 0.9):
        expected = mpmath.diff(lambda v: mpmath.exp(-(v**2)), tv)
        assert float(result.subs(t, tv)) == pytest.approx(float(expected), rel=1e-9)


def test_shifted_second_derivative():
    result = convolve(sp.DiracDelta(t - 1, 2), sp.exp(-(t**2)))
    for tv in (-0.4, 1.0, 2.7):
        expected = mpmath.diff(lambda v: mpmath.exp(-((v - 1) ** 2)), tv, 2)
        assert float(result.subs(t, tv)) == pytest.approx(float(expected), rel=1e-8)


def test_jump_gives_a_delta():
    # delta' * e^{-t} u(t): the jump at 0 gives delta(t), plus -e^{-t} u(t)
    result = convolve(sp.DiracDelta(t, 1), sp.exp(-t) * u(t))
    expected = _reference(lambda s: mpmath.exp(-s) * (s > 0), 0.0, 1)
    assert _pair(result) == pytest.approx(expected, rel=1e-7)


def test_scaled_and_shifted_derivative_of_a_box():
    # delta'(2t - 1) = delta'(t - 1/2) / 4
    result = convolve(sp.DiracDelta(2 * t - 1, 1), u(t) - u(t - 1))
    expected = _reference(lambda s: mpmath.mpf(0 < s < 1), 0.5, 1, weight=0.25)
    assert _pair(result) == pytest.approx(expected, rel=1e-7)


def test_delta_derivatives_add_orders():
    result = convolve(sp.DiracDelta(t - 1, 1), 2 * sp.DiracDelta(t + 2, 2))
    assert result == 2 * sp.DiracDelta(t + 1, 3)


def test_mixed_inputs_are_linear():
    # (delta' + box) * box: derivative part plus the triangle
    box = u(t) - u(t - 1)
    result = convolve(sp.DiracDelta(t, 1) + box, box)
    tri = mpmath.quad(lambda s: _phi(s) * max(0.0, 1 - abs(float(s) - 1)), [-1, 0, 1, 2, 3])
    expected = _reference(lambda s: mpmath.mpf(0 < s < 1), 0.0, 1) + float(tri)
    assert _pair(result) == pytest.approx(expected, rel=1e-7)


def test_coefficient_moves_out_by_leibniz():
    # t delta'(t) = -delta(t): convolving with g gives -g
    result = convolve(t * sp.DiracDelta(t, 1), sp.exp(-(t**2)))
    assert float(result.subs(t, 0.7)) == pytest.approx(-float(mpmath.exp(-0.49)), rel=1e-12)


def test_parameter_shift():
    a = sp.Symbol("a", positive=True)
    result = convolve(sp.DiracDelta(t - a, 1), sp.sin(t), parameters=[a])
    assert float(result.subs({a: 2, t: 0.5})) == pytest.approx(float(mpmath.cos(-1.5)))


def test_steps_state_the_rule():
    text = derive_convolution(parse("delta'(t - 1)"), sp.sin(t)).format_steps()
    assert "w*delta^(n)(t - c) * s = w*s^(n)(t - c)" in text
    assert "1*delta^(1)(t - 1) in f: cos(t - 1)" in text


def test_piecewise_partner_is_refused():
    box = sp.Piecewise((1, (t > 0) & (t < 1)), (0, True))
    with pytest.raises(ExpressionError, match="Heaviside"):
        convolve(sp.DiracDelta(t, 1), box)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("delta'(t)", sp.DiracDelta(t, 1)),
        ("delta''(t-1)", sp.DiracDelta(t - 1, 2)),
        ("DiracDelta(t, 2)", sp.DiracDelta(t, 2)),
        ("3 delta'(t + 2)", 3 * sp.DiracDelta(t + 2, 1)),
    ],
)
def test_parser_writes_delta_derivatives(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["u'(t)", "t'", "delta(t, 1/2)", "delta'"])
def test_parser_refuses_other_primes(text):
    with pytest.raises(ExpressionError):
        parse(text)
