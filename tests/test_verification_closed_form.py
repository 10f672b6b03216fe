"""Tests of convmath.verification.closed_form: a closed form checked through sampled signals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from convmath.errors import ConvmathError
from convmath.verification.closed_form import sampled_check, signal_window, to_signal

t = sp.Symbol("t")
u, d = sp.Heaviside, sp.DiracDelta
BOX = u(t) - u(t - 1)
DECAY = sp.exp(-t) * u(t)
# box * decay by hand: integral of exp(-(t - x)) over x in [0, min(t, 1)]
BOX_DECAY = (1 - sp.exp(-t)) * u(t) - (1 - sp.exp(1 - t)) * u(t - 1)


def test_to_signal_splits_regular_part_and_deltas():
    signal = to_signal(2 * BOX + 3 * d(2 * t - 4), t, -1, 5)
    assert signal.deltas == ((2.0, 1.5),)  # delta(2t - 4) = delta(t - 2) / 2
    np.testing.assert_allclose(signal.regular(np.array([-0.5, 0.5, 1.5])), [0.0, 2.0, 0.0])
    assert (signal.start, signal.stop) == (-1.0, 5.0)


def test_signal_window_of_a_pulse_and_of_a_decay():
    assert signal_window(BOX, t) == (0.0, 1.0)
    start, stop = signal_window(DECAY, t)
    assert start == 0.0
    assert math.exp(-stop) <= 1e-12  # the tail beyond the window is below 1e-12 of the peak


def test_right_closed_form_converges_at_second_order():
    check = sampled_check(BOX, DECAY, BOX_DECAY, t)
    errors = check.report.errors
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))
    assert check.report.order == pytest.approx(2, abs=0.3)  # trapezoid rule: error ~ dt^2
    assert errors[-1] < 1e-4


def test_wrong_closed_form_does_not_converge():
    check = sampled_check(BOX, DECAY, 1.01 * BOX_DECAY, t)
    assert min(check.report.errors) > 1e-3  # the 1 % error stays whatever the step


def test_a_result_with_a_delta_is_refused():
    with pytest.raises(ConvmathError, match="Dirac delta"):
        sampled_check(d(t), BOX, BOX + d(t - 1), t)


def test_a_switched_off_pole_samples_as_zero():
    # Heaviside(t)/(1 + t) is 0 at t = -1 (not 0 * inf); 1/2 at the jump t = 0
    signal = to_signal(u(t) / (1 + t), t, -2, 5)
    np.testing.assert_allclose(signal.regular(np.array([-1.0, -0.5, 0.0, 1.0])), [0, 0, 0.5, 0.5])


def test_sampled_check_of_the_hyperbolic_stomach():
    meals = 600 * (u(t - 7) - u(t - sp.Rational(15, 2)))
    # by hand: 600 * integral over [7, min(t, 15/2)] of 1/(1 + t - x)
    #   = 600 (log(t - 6) - log(1 + t - min(t, 15/2)))
    closed = sp.Piecewise(
        (0, t < 7),
        (600 * sp.log(t - 6), t < sp.Rational(15, 2)),
        (600 * sp.log(t - 6) - 600 * sp.log(t - sp.Rational(13, 2)), True),
    )
    check = sampled_check(meals, u(t) / (1 + t), closed, t, points=np.linspace(6, 20, 57))
    assert check.report.errors[-1] < 1e-2
    assert check.report.errors[-1] < check.report.errors[0] / 10
