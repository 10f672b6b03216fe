"""Tests of convmath.symbolic.piecewise_form: Heaviside sums rewritten interval by interval."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from convmath.errors import ExpressionError
from convmath.symbolic.piecewise_form import (
    heaviside_breakpoints,
    intervals,
    split_deltas,
    to_piecewise,
)

t = sp.Symbol("t")
H = sp.Heaviside


def test_ramp_becomes_three_pieces():
    expr = t * H(t) - (t - 1) * H(t - 1)
    assert to_piecewise(expr, t) == sp.Piecewise((0, t < 0), (t, t < 1), (1, True))


def test_adjacent_equal_pieces_merge():
    expr = H(t) - H(t - 1) + H(t - 1) - H(t - 2)
    assert to_piecewise(expr, t) == sp.Piecewise((0, t < 0), (1, t < 2), (0, True))


def test_abs_and_sign_are_resolved_per_interval():
    expr = sp.Abs(t - 1) + sp.sign(t)
    pw = to_piecewise(expr, t)
    assert pw == sp.Piecewise((-t, t < 0), (2 - t, t < 1), (t, True))


def test_expression_without_breakpoints_is_returned_unchanged():
    assert to_piecewise(sp.exp(-(t**2)), t) == sp.exp(-(t**2))


def test_polynomial_switch_arguments_split_at_their_real_roots():
    # H(1 - t^2) is the box on [-1, 1]; |t^2 - 4| changes formula at -2 and 2
    expr = H(1 - t**2) * t + sp.Abs(t**2 - 4)
    assert heaviside_breakpoints(expr, t) == [-2, -1, 1, 2]
    assert to_piecewise(expr, t) == sp.Piecewise(
        (t**2 - 4, t < -2),
        (4 - t**2, t < -1),
        (-(t**2) + t + 4, t < 1),
        (4 - t**2, t < 2),
        (t**2 - 4, True),
    )


def test_switch_with_infinitely_many_breakpoints_is_an_error():
    with pytest.raises(ExpressionError, match="must be polynomials"):
        heaviside_breakpoints(H(sp.sin(t)), t)


def test_breakpoints_include_delta_locations_and_exact_decimals():
    expr = H(t - 7.5) + 2 * sp.DiracDelta(t - 12)
    assert heaviside_breakpoints(expr, t) == [sp.Rational(15, 2), 12]


def test_deltas_are_split_by_the_engine():
    regular, deltas = split_deltas(sp.exp(-t) + 3 * sp.DiracDelta(2 * t - 4), t)
    assert regular == sp.exp(-t)
    assert [(location, weight) for location, weight in deltas] == [(2, sp.Rational(3, 2))]


def test_intervals_cover_the_line():
    assert intervals([]) == [(-sp.oo, sp.oo)]


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.integers(-6, 6), min_size=1, max_size=4, unique=True),
    st.lists(st.integers(-3, 3), min_size=4, max_size=4),
)
def test_piecewise_form_agrees_with_the_heaviside_form_off_the_breakpoints(shifts, coeffs):
    expr = sum(c * (t - b) * H(t - b) for c, b in zip(coeffs, shifts)) + coeffs[0] * H(
        shifts[0] - t
    )
    pw = to_piecewise(expr, t)
    original = sp.lambdify(t, expr, "numpy")
    rewritten = sp.lambdify(t, pw, "numpy")
    grid = np.arange(-9.75, 9.8, 0.5)  # never an integer breakpoint
    np.testing.assert_allclose(rewritten(grid), original(grid), atol=1e-12)
