"""Symbols created with positive=True count as declared parameters in the Python API."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from scipy.integrate import quad

from convmath.symbolic.continuous import convolve


def test_positive_symbol_needs_no_parameters_argument():
    t = sp.Symbol("t")
    a = sp.Symbol("a", positive=True)
    result = convolve(sp.exp(-a * t) * sp.Heaviside(t), sp.exp(-t) * sp.Heaviside(t))
    for tv in (0.5, 2.0):
        expected, _ = quad(lambda s, tv=tv: math.exp(-2 * s) * math.exp(-(tv - s)), 0, tv)
        assert float(result.subs({a: 2, t: tv})) == pytest.approx(expected, rel=1e-9)
