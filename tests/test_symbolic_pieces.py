"""Tests of convmath.symbolic._pieces: splitting signals into interval pieces and deltas."""

from __future__ import annotations

import pytest
import sympy as sp

from convmath.errors import DivergentError, ExpressionError
from convmath.symbolic._pieces import Delta, breakpoints, decompose, restrict
from convmath.symbolic.signals import rect, tri

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", positive=True)
u, d, R = sp.Heaviside, sp.DiracDelta, sp.Rational


def _table(expr):
    split = decompose(expr, x)
    return [(p.lo, p.hi, sp.expand(p.expr)) for p in split.pieces], list(split.deltas)


@pytest.mark.parametrize(
    ("expr", "pieces"),
    [
        pytest.param(rect(x), [(R(-1, 2), R(1, 2), 1)], id="rect"),
        pytest.param(tri(x), [(-1, 0, x + 1), (0, 1, 1 - x)], id="tri"),
        pytest.param(rect((x - 1) / 2), [(0, 2, 1)], id="scaled-shifted-rect"),
        pytest.param(u(x) - u(x - 1) + u(x - 1) - u(x - 2), [(0, 2, 1)], id="merged-neighbours"),
        pytest.param(sp.exp(-x) * u(x), [(0, sp.oo, sp.exp(-x))], id="causal"),
        pytest.param(
            sp.exp(-sp.Abs(x)), [(-sp.oo, 0, sp.exp(x)), (0, sp.oo, sp.exp(-x))], id="two-sided"
        ),
        pytest.param(
            sp.Piecewise((0, x < 0), (x**2, x < 1), (0, True)), [(0, 1, x**2)], id="piecewise"
        ),
        pytest.param(
            sp.Piecewise((1, (x > 1) & (x < 3)), (0, True)), [(1, 3, 1)], id="piecewise-and"
        ),
        pytest.param(
            u(sp.Abs(x) - 1) * u(2 - sp.Abs(x)), [(-2, -1, 1), (1, 2, 1)], id="nested-abs"
        ),
        pytest.param(u(1 - x**2), [(-1, 1, 1)], id="quadratic-argument"),
        pytest.param(sp.sign(x - 1) * rect(x - 1), [(R(1, 2), 1, -1), (1, R(3, 2), 1)], id="sign"),
        pytest.param(sp.Max(x, 0) * u(2 - x), [(0, 2, x)], id="max"),
        pytest.param(u(x) - u(x - a), [(0, a, 1)], id="symbolic-end"),
        pytest.param(sp.exp(-(x**2)), [(-sp.oo, sp.oo, sp.exp(-(x**2)))], id="smooth"),
    ],
)
def test_pieces(expr, pieces):
    got, deltas = _table(expr)
    assert deltas == []
    assert [(lo, hi) for lo, hi, _ in got] == [(lo, hi) for lo, hi, _ in pieces]
    for (_, _, e1), (_, _, e2) in zip(got, pieces):
        assert sp.simplify(e1 - e2) == 0


@pytest.mark.parametrize(
    ("expr", "deltas"),
    [
        pytest.param(d(x - 2), [Delta(2, 1)], id="single"),
        pytest.param(3 * d(2 * x - 2), [Delta(1, R(3, 2))], id="scaled-argument"),
        pytest.param(d(x) + 2 * d(x - 1) + d(x), [Delta(0, 2), Delta(1, 2)], id="train-merged"),
        pytest.param(d(x**2 - 1), [Delta(-1, R(1, 2)), Delta(1, R(1, 2))], id="two-roots"),
        pytest.param(sp.exp(x) * d(x - 1), [Delta(1, sp.E)], id="weight-evaluated"),
        pytest.param(300 * (d(x - 7) + d(x - 12)), [Delta(7, 300), Delta(12, 300)], id="sum"),
    ],
)
def test_deltas(expr, deltas):
    pieces, got = _table(expr)
    assert pieces == []
    assert got == deltas


def test_regular_part_and_deltas_together():
    pieces, deltas = _table(2 * (u(x) - u(x - 1)) + 5 * d(x - 3))
    assert pieces == [(0, 1, 2)]
    assert deltas == [Delta(3, 5)]


def test_breakpoints_and_restrict():
    assert sorted(breakpoints(u(sp.Abs(x) - 1), x)) == [-1, 0, 1]
    assert restrict((1 - sp.Abs(x)) * u(x + 1), x, R(-1, 2)) == x + 1
    assert restrict(sp.Piecewise((x, x < 1), (2, True)), x, 5) == 2


def test_signal_breakpoints_include_delta_locations():
    split = decompose(u(x) - u(x - 1) + d(x - 3), x)
    assert split.breakpoints() == [0, 1, 3]


@pytest.mark.parametrize(
    ("expr", "error", "match"),
    [
        pytest.param(sp.floor(x), ExpressionError, "uses floor", id="floor"),
        pytest.param(u(sp.sin(x)), ExpressionError, "must be polynomials", id="periodic-switch"),
        pytest.param(u(sp.I * x), ExpressionError, "need real arguments", id="imaginary"),
        pytest.param(d(x) ** 2, ExpressionError, "products or powers", id="delta-squared"),
        pytest.param(d(x, 2), ExpressionError, "derivatives of DiracDelta", id="delta-prime"),
        pytest.param(d(x) / x, ExpressionError, "weight of the delta", id="infinite-weight"),
        pytest.param(sp.Piecewise((1, x > 0)), ExpressionError, "no value", id="undefined"),
        pytest.param(1 / x * rect(x), DivergentError, "pole at", id="pole-inside"),
    ],
)
def test_errors(expr, error, match):
    with pytest.raises(error, match=match):
        decompose(expr, x)


def test_pole_outside_the_piece_is_fine():
    (piece,) = decompose(rect(x) / (x - 2), x).pieces
    assert (piece.lo, piece.hi) == (R(-1, 2), R(1, 2))
