"""Tests of convmath.symbolic._assembly: one closed form from the regions, delta products."""

from __future__ import annotations

import pytest
import sympy as sp

from convmath.errors import DivergentError
from convmath.symbolic._assembly import assemble, result_deltas
from convmath.symbolic._pieces import Delta, SignalPieces, decompose
from convmath.symbolic._regions import Region, find_regions

x, tau, t = sp.symbols("x tau t", real=True)
u = sp.Heaviside


def test_equal_neighbouring_regions_merge_into_one_branch():
    # f = box on [0, 1), g = box on [0, 3): the value is t, 1, 4 - t on [0,1), [1,3), [3,4);
    # the zero regions on both sides of the support stay separate branches
    f = decompose(u(x) - u(x - 1), x)
    g = decompose(u(x) - u(x - 3), x)
    assembled = assemble(find_regions(f, g, x, tau, t), f, g, t)
    assert assembled.breakpoints == (0, 1, 3, 4)
    assert assembled.regular == sp.Piecewise(
        (0, t < 0), (t, t < 1), (1, t < 3), (4 - t, t < 4), (0, True)
    )
    assert assembled.deltas == () and assembled.result == assembled.regular


def test_delta_terms_are_added_to_the_regular_part():
    # (delta + u) * delta(t - 2) = delta(t - 2) + u(t - 2)
    f = decompose(sp.DiracDelta(x) + u(x), x)
    g = decompose(sp.DiracDelta(x - 2), x)
    assembled = assemble(find_regions(f, g, x, tau, t), f, g, t)
    assert assembled.deltas == (Delta(2, 1),)
    assert assembled.result == sp.Piecewise((0, t < 2), (1, True)) + sp.DiracDelta(t - 2)


def test_a_divergent_region_raises():
    region = Region(sp.S.Zero, sp.oo, (), (), sp.oo)
    with pytest.raises(DivergentError, match="diverges for t in"):
        assemble([region], SignalPieces((), ()), SignalPieces((), ()), t)


def test_result_deltas_multiply_weights_and_add_locations():
    # (delta + delta(t - 1)) * (delta - delta(t - 1)) = delta - delta(t - 2): the cross
    # terms at 1 cancel
    f = SignalPieces((), (Delta(0, 1), Delta(1, 1)))
    g = SignalPieces((), (Delta(0, 1), Delta(1, -1)))
    assert result_deltas(f, g) == (Delta(0, 1), Delta(2, -1))
