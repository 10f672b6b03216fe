"""Tests of convmath.symbolic._regions (overlap limits per region, sifting) and tidy."""

from __future__ import annotations

import pytest
import sympy as sp

from convmath.symbolic._integrals import tidy
from convmath.symbolic._pieces import Delta, SignalPieces, decompose
from convmath.symbolic._regions import find_regions

x, tau, t = sp.symbols("x tau t", real=True)
u, R = sp.Heaviside, sp.Rational


def test_limits_of_two_boxes_of_different_widths():
    # f on [0, 1), g on [0, 3): tau runs over [max(0, t - 3), min(1, t)]
    f = decompose(u(x) - u(x - 1), x)
    g = decompose(u(x) - u(x - 3), x)
    regions = find_regions(f, g, x, tau, t)
    assert [(r.lo, r.hi) for r in regions] == [(-sp.oo, 0), (0, 1), (1, 3), (3, 4), (4, sp.oo)]
    limits = [[(p.lower, p.upper) for p in r.pairs] for r in regions]
    assert limits == [[], [(0, t)], [(0, 1)], [(t - 3, 1)], []]
    assert [sp.expand(r.value) for r in regions] == [0, t, 1, 4 - t, 0]


def test_infinite_limits_for_two_sided_pieces():
    f = decompose(sp.exp(-sp.Abs(x)), x)
    g = decompose(u(x), x)
    regions = find_regions(f, g, x, tau, t)
    assert [(p.f_index, p.lower, p.upper) for p in regions[0].pairs] == [(0, -sp.oo, t)]
    assert [(p.f_index, p.lower, p.upper) for p in regions[1].pairs] == [
        (0, -sp.oo, 0),
        (1, 0, t),
    ]


def test_symbolic_breakpoints():
    a = sp.Symbol("a", positive=True)
    box = decompose(u(x) - u(x - a), x)
    regions = find_regions(box, box, x, tau, t)
    assert [r.lo for r in regions[1:]] == [0, a, 2 * a]
    assert sp.expand(regions[2].value - (2 * a - t)) == 0


def test_sifting_shifts_and_scales_the_other_input():
    f = SignalPieces((), (Delta(R(1), R(3)),))
    g = decompose(sp.exp(-x) * u(x), x)
    regions = find_regions(f, g, x, tau, t)
    assert regions[1].lo == 1
    (term,) = regions[1].sifted
    assert sp.simplify(term.value - 3 * sp.exp(-(t - 1))) == 0


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (sp.exp(-2 * t) * (sp.exp(t) - 1), sp.exp(-t) - sp.exp(-2 * t)),
        (2 ** (t / 2) * 2 ** (-t / 2) * 3, 3),
        (sp.exp(t * sp.log(3)), 3**t),
    ],
)
def test_tidy(expr, expected):
    assert tidy(expr, t) == expected
