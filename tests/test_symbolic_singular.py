"""Integrable singularities: closed forms returned, checked against mpmath.quad (issue 11).

Each expected value is an independent ``mpmath.quad`` (tanh-sinh, which never evaluates the
endpoints) of the integrand written out by hand here, cut at its singular points, at t
values that are not the engine's own sample points.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from convmath.errors import DivergentError
from convmath.symbolic import convolve
from convmath.symbolic.compiled import scalar_function

t = sp.Symbol("t")
T_VALUES = [
    -1.7,
    -0.93,
    -0.5 + 1e-4,
    -0.31,
    -0.02,
    0.0,
    0.013,
    0.27,
    0.5 - 3e-5,
    0.61,
    1.2,
    1.49,
    2.3,
]


def _rect(v):
    return 1 if -0.5 < v < 0.5 else 0


def _sinc(v):
    return mpmath.sin(v) / v if v != 0 else mpmath.mpf(1)


def _inv_sqrt_abs(v):
    return 1 / mpmath.sqrt(abs(v))


def _log_on_unit(v):
    return mpmath.log(v) if 0 < v < 1 else 0


def _log_abs(v):
    return mpmath.log(abs(v))


def _window_reference(f, singular):
    """``(f * rect)(t)``: the integral of f over [t - 1/2, t + 1/2], cut at f's singular points."""

    def reference(tv):
        lo, hi = mpmath.mpf(tv) - 0.5, mpmath.mpf(tv) + 0.5
        cuts = [lo, *[p for p in singular if lo < p < hi], hi]
        return mpmath.quad(f, cuts)

    return reference


CASES = {
    # the engine finds Si(t + 1/2) - Si(t - 1/2); sin(tau)/tau at tau = 0 is removable
    "sinc-rect": ("sin(t)/t", "rect(t)", _window_reference(_sinc, [0])),
    # |tau|^(-1/2) is integrable at 0
    "inv-sqrt-rect": ("1/sqrt(|t|)", "rect(t)", _window_reference(_inv_sqrt_abs, [0])),
    # log tau on (0, 1): integrable at 0
    "log-unit-rect": ("log(t) u(t) u(1-t)", "rect(t)", _window_reference(_log_on_unit, [0, 1])),
    "log-abs-rect": ("log(|t|)", "rect(t)", _window_reference(_log_abs, [0])),
}


def _values(result, points):
    closed = scalar_function(result, t)
    return [closed(tv) for tv in points]


@pytest.mark.parametrize(("f", "g", "reference"), list(CASES.values()), ids=list(CASES))
def test_integrable_singularity_gets_its_closed_form(f, g, reference):
    result = convolve(f, g, timeout=60)
    assert not result.has(sp.Integral, sp.nan, sp.zoo)
    for tv, got in zip(T_VALUES, _values(result, T_VALUES)):
        expected = complex(reference(tv))
        assert math.isfinite(got.real), (tv, got)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-11), tv


def test_sinc_rect_is_the_difference_of_sine_integrals():
    # d/dt [Si(t + 1/2) - Si(t - 1/2)] = sinc(t + 1/2) - sinc(t - 1/2): the form is Si's
    result = convolve("sin(t)/t", "rect(t)", timeout=60)
    assert result.has(sp.Si)
    expected = sp.Si(t + sp.Rational(1, 2)) - sp.Si(t - sp.Rational(1, 2))
    for tv in T_VALUES:
        assert complex(result.subs(t, tv).evalf(20)) == pytest.approx(
            complex(expected.subs(t, tv).evalf(20)), rel=1e-15, abs=1e-15
        )


def test_log_times_decay_against_a_step():
    # (log(t) e^-t u(t) * u(t))(t) = integral over (0, t) of log(tau) e^(-tau), 0 for t < 0
    result = convolve("log(t) exp(-t) u(t)", "u(t)", timeout=60)
    points = [-2.0, -0.1, 1e-3, 0.2, 1.0, 2.7, 6.0, 15.0]
    for tv, got in zip(points, _values(result, points)):
        if tv < 0:
            assert got == 0
            continue
        expected = mpmath.quad(lambda v: mpmath.log(v) * mpmath.exp(-v), [0, tv])
        assert got == pytest.approx(complex(expected), rel=1e-9, abs=1e-12), tv
    # t -> oo: integral over (0, oo) of log(tau) e^(-tau) = -EulerGamma
    assert _values(result, [60.0])[0].real == pytest.approx(-float(sp.EulerGamma), rel=1e-9)


@pytest.mark.parametrize(
    ("f", "g"),
    [
        pytest.param("t^(-3/2) u(t) u(1-t)", "rect(t)", id="power-3/2"),
        pytest.param("1/t u(t) u(1-t)", "rect(t)", id="pole"),
        pytest.param("log(t) u(t)", "1", id="log-times-one"),
    ],
)
def test_non_integrable_singularities_still_diverge(f, g):
    with pytest.raises(DivergentError):
        convolve(f, g, timeout=60)


def test_a_delta_sifts_a_removable_singularity():
    # delta * sinc = sinc; the check samples t = 0, where sin(t)/t is taken as its limit 1
    result = convolve("delta(t)", "sin(t)/t", timeout=60)
    assert sp.simplify(result - sp.sin(t) / t) == 0
    shifted = convolve("2 delta(t-1)", "sin(t)/t", timeout=60)
    for tv in (-2.0, 0.3, 1.0 + 1e-9, 4.0):
        expected = 2 * math.sin(tv - 1) / (tv - 1)
        assert complex(shifted.subs(t, tv).evalf(20)).real == pytest.approx(expected, rel=1e-9)
