"""Tests of convmath.symbolic._order: sorting symbolic breakpoints."""

from __future__ import annotations

import pytest
import sympy as sp

from convmath.errors import ExpressionError
from convmath.symbolic._order import interior_point, is_less, sort_points

a, b = sp.symbols("a b", positive=True)


def test_sort_numbers_and_symbols():
    assert sort_points([3, sp.Rational(1, 2), 3, -1]) == [-1, sp.Rational(1, 2), 3]
    assert sort_points([2 * a, 0, a]) == [0, a, 2 * a]
    assert sort_points([sp.sqrt(2), sp.Rational(7, 5)]) == [sp.Rational(7, 5), sp.sqrt(2)]


def test_undecidable_order_raises():
    with pytest.raises(ExpressionError, match="cannot decide whether"):
        sort_points([a, b])
    with pytest.raises(ExpressionError, match="cannot decide"):
        is_less(a, 1)


def test_is_less_with_infinities():
    assert is_less(-sp.oo, a) and is_less(a, sp.oo) and not is_less(sp.oo, sp.oo)


@pytest.mark.parametrize(
    ("lo", "hi", "inside"),
    [
        (0, 1, sp.Rational(1, 2)),
        (-sp.oo, 2, 1),
        (2, sp.oo, 3),
        (-sp.oo, sp.oo, 0),
        (a, 3 * a, 2 * a),
    ],
)
def test_interior_point(lo, hi, inside):
    assert interior_point(lo, hi) == inside
