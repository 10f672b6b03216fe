"""Tests of convmath.numeric.sampled: Riemann sums of sampled signals and their convergence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convmath.errors import ConvmathError
from convmath.numeric.sampled import Signal, convergence_study, riemann_convolution


def _box(lo: float, hi: float) -> Signal:
    return Signal(lambda x: ((x >= lo) & (x < hi)).astype(float), start=lo, stop=hi)


def test_box_with_box_is_the_triangle():
    t = np.linspace(-1, 3, 81)
    approx = riemann_convolution(_box(0, 1), _box(0, 1), t, dt=1e-3)
    np.testing.assert_allclose(approx, np.clip(1 - np.abs(t - 1), 0, None), atol=2e-3)


def test_delta_sifts_exactly():
    decay = Signal(lambda x: np.exp(-x) * (x >= 0), start=0, stop=30)
    delta = Signal(lambda x: np.zeros_like(x), start=2, stop=2, deltas=[(2.0, 3.0)])
    t = np.array([2.5, 3.0, 5.0])
    approx = riemann_convolution(decay, delta, t, dt=1 / 64)
    np.testing.assert_allclose(approx, 3 * np.exp(-(t - 2)), rtol=1e-12)


@settings(deadline=None, max_examples=25)
@given(st.floats(0.2, 3.0), st.floats(0.2, 3.0))
def test_exponentials_match_the_closed_form(a, b):
    if abs(a - b) < 1e-3:
        b = a + 0.5
    f = Signal(lambda x: np.exp(-a * x), start=0, stop=60 / min(a, b))
    g = Signal(lambda x: np.exp(-b * x), start=0, stop=60 / min(a, b))
    t = np.linspace(0.5, 5, 10)
    exact = (np.exp(-a * t) - np.exp(-b * t)) / (b - a)
    np.testing.assert_allclose(riemann_convolution(f, g, t, dt=1e-3), exact, atol=2e-3)


def test_convergence_order_is_one_for_a_left_sum_with_jumps():
    # Sample values exactly 1 at the left edge and 0 at the right: a first-order rule.
    f = Signal(lambda x: ((x >= 0) & (x < 1)).astype(float), start=0, stop=1)
    g = Signal(lambda x: np.exp(-x) * (x >= 0), start=0, stop=40)
    t = np.linspace(0.3, 4.3, 17)
    exact = np.where(t < 1, 1 - np.exp(-t), (math.e - 1) * np.exp(-t))
    report = convergence_study(f, g, t, exact, dt=0.01, halvings=3)
    assert all(e1 > e2 for e1, e2 in zip(report.errors, report.errors[1:]))
    assert report.order == pytest.approx(1.0, abs=0.15)


@pytest.mark.parametrize("dt", [0, -1, float("nan"), float("inf"), "0.1"])
def test_bad_dt_is_refused(dt):
    with pytest.raises(ConvmathError, match="dt must be a positive finite number"):
        riemann_convolution(_box(0, 1), _box(0, 1), np.array([0.5]), dt=dt)


def test_absurd_grid_is_refused_before_allocating():
    with pytest.raises(ConvmathError, match="sampling grid"):
        riemann_convolution(_box(0, 1e9), _box(0, 1), np.array([0.5]), dt=1e-3)


def test_non_finite_signal_is_refused():
    bad = Signal(lambda x: 1 / x, start=-1, stop=1)
    with pytest.raises(ConvmathError, match="not finite"):
        riemann_convolution(bad, _box(0, 1), np.array([0.5]), dt=0.25)
