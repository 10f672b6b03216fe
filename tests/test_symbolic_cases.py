"""Parameter cases: breakpoint orders that depend on the parameters split into a < b, a = b, a > b.

Every case is checked against scipy quadrature of the definition with concrete parameter
values substituted, at many t (the reference knows nothing of the engine's pieces).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad

from convmath.errors import ExpressionError
from convmath.symbolic._cases import inside_case, order_cases
from convmath.symbolic._order import UndecidedOrder, assuming_positive, is_less, sign_of
from convmath.symbolic.continuous import convolve, derive_convolution
from convmath.symbolic.signals import rect

t = sp.Symbol("t")
a, b = sp.symbols("a b", positive=True)
u = sp.Heaviside


def _box(lo: float, hi: float):
    return lambda s: 1.0 if lo <= s < hi else 0.0


def _quadrature(f, g, tv: float, cuts: list[float]) -> float:
    """integral f(s) g(tv - s) ds, split at the given cuts of f and tv - cuts of g."""
    return quad(lambda s: f(s) * g(tv - s), -50, 50, points=cuts, limit=400)[0]


def _assert_matches(result: sp.Expr, values: dict, f, g, f_cuts, g_cuts) -> None:
    closed = result.subs(values)
    assert not closed.free_symbols - {t}
    for tv in np.linspace(-3.0, 9.0, 61):
        cuts = sorted({*f_cuts, *(tv - c for c in g_cuts)})
        expected = _quadrature(f, g, float(tv), cuts)
        assert float(closed.subs(t, tv)) == pytest.approx(expected, abs=1e-8), (values, tv)


@pytest.mark.parametrize("av, bv", [(1, 3), (2, 2), (3, 1), (0.5, 2.5), (2.5, 0.5)])
def test_two_boxes_of_symbolic_widths(av, bv):
    result = convolve(u(t) - u(t - a), u(t) - u(t - b), t)
    assert isinstance(result, sp.Piecewise)
    conditions = [c for _, c in result.args]
    assert conditions[:2] == [a < b, sp.Eq(a, b)]
    values = {a: sp.nsimplify(av), b: sp.nsimplify(bv)}
    _assert_matches(result, values, _box(0, av), _box(0, bv), [0, av], [0, bv])


@pytest.mark.parametrize("av, bv", [(2, 0.5), (2, 1), (3, 2.5), (1, 4)])
def test_shifted_scaled_rect_against_rect(av, bv):
    result = convolve(rect((t - a) / b), rect(t), t)
    values = {a: sp.nsimplify(av), b: sp.nsimplify(bv)}
    f = _box(av - bv / 2, av + bv / 2)
    _assert_matches(result, values, f, _box(-0.5, 0.5), [av - bv / 2, av + bv / 2], [-0.5, 0.5])


@pytest.mark.parametrize("av, bv", [(1, 2), (1.5, 1.5), (2, 1)])
def test_box_against_delayed_exponential(av, bv):
    # breakpoints 0, a, b, a + b: the exponential starts at b, the box ends at a
    g_expr = sp.exp(-(t - b)) * u(t - b)
    result = convolve(u(t) - u(t - a), g_expr + sp.DiracDelta(t - b), t)
    values = {a: sp.nsimplify(av), b: sp.nsimplify(bv)}

    def g(s):
        return float(np.exp(-(s - bv))) if s >= bv else 0.0

    def f(s):
        return 1.0 if 0 <= s < av else 0.0

    closed = result.subs(values)
    for tv in np.linspace(-1.0, 8.0, 37):
        expected = _quadrature(f, g, float(tv), sorted({0, av, tv - bv})) + f(tv - bv)
        assert float(closed.subs(t, tv)) == pytest.approx(expected, abs=1e-8), tv


def test_steps_show_the_cases_each_checked():
    record = derive_convolution(u(t) - u(t - a), u(t) - u(t - b), t)
    assert [str(c.condition) for c in record.cases] == ["a < b", "Eq(a, b)", "a > b"]
    assert set(record.case_points) == {a, b}
    for case in record.cases:
        assert case.derivation.verification is not None
        assert case.derivation.verification.max_error < 1e-9
    text = record.format_steps()
    assert "depends on the parameters: split into 3 cases (a < b; Eq(a, b); a > b)" in text
    assert text.count("Check against quadrature") == 3
    from convmath.steps import render

    rendered = render(record, "text")
    assert "Case 2: Eq(a, b)" in rendered and "Case 3: a > b" in rendered


def test_order_cases_and_facts():
    cases = order_cases(a + 1, 2 * b, (a, b))
    assert [c.condition for c in cases] == [a < 2 * b - 1, sp.Eq(a, 2 * b - 1), a > 2 * b - 1]
    assert order_cases(sp.S(1), sp.S(2), (a,)) is None
    with assuming_positive([b - a]):
        assert is_less(a, b) and is_less(a, 2 * b) and sign_of(a - 2 * b) == -1
    with pytest.raises(UndecidedOrder) as caught:
        is_less(a, b)
    assert isinstance(caught.value, ExpressionError)
    assert (caught.value.left, caught.value.right) == (a, b)


@pytest.mark.parametrize("fact", [b - a, a - b, 1 - b, b - 1, 2 * b - a - 1, a - 2])
def test_inside_case_keeps_every_sample_in_the_case(fact):
    substitution, kept = inside_case([fact], (a, b))
    for values in ({p: 0.7 + k for k, p in enumerate(kept)}, {p: 13.0 for p in kept}):
        assert float(fact.xreplace(substitution).subs(values)) > 0
        assert all(float(v.subs(values)) > 0 for v in substitution.values())


@functools.cache
def _boxes() -> sp.Expr:
    return convolve(u(t) - u(t - a), u(t) - u(t - b), t)


@given(
    st.fractions(min_value=Fraction(1, 10), max_value=5, max_denominator=20),
    st.fractions(min_value=Fraction(1, 10), max_value=5, max_denominator=20),
    st.fractions(min_value=-2, max_value=12, max_denominator=20),
)
def test_boxes_equal_the_overlap_length_for_all_widths(av, bv, tv):
    # the overlap of [0, a) and (t - b, t]: max(0, min(t, a, b, a + b - t)), equal widths too
    expected = max(0, min(tv, av, bv, av + bv - tv))
    values = {a: sp.Rational(av), b: sp.Rational(bv), t: sp.Rational(tv)}
    assert _boxes().subs(values) == expected
