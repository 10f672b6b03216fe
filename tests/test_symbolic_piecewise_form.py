"""Tests of convmath.symbolic.piecewise_form: Heaviside sums rewritten interval by interval."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from convmath.errors import ExpressionError
from convmath.symbolic.piecewise_form import heaviside_breakpoints, intervals, to_piecewise

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


def test_nonlinear_heaviside_argument_is_an_error():
    with pytest.raises(ExpressionError, match="not linear"):
        heaviside_breakpoints(H(t**2 - 1), t)


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
