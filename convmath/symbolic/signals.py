"""Named test signals built from SymPy primitives: the unit box ``rect`` and triangle ``tri``.

Both are written with Heaviside and Abs so that every part of convmath (the parser, the
convolution engine, lambdify) treats them as ordinary expressions. ``Heaviside(0) = 1/2``,
so ``rect`` takes the mid value 1/2 at its edges, the usual convention.

Examples
--------
>>> from sympy import Symbol, Rational
>>> t = Symbol("t", real=True)
>>> [rect(t).subs(t, v) for v in (0, Rational(1, 2), 1)]
[1, 1/2, 0]
>>> [tri(t).subs(t, v) for v in (0, Rational(1, 2), 1)]
[1, 1/2, 0]
"""

from __future__ import annotations

import sympy as sp

__all__ = ["rect", "tri"]


def rect(x: sp.Expr) -> sp.Expr:
    """Unit box on ``[-1/2, 1/2]``: ``Heaviside(x + 1/2) - Heaviside(x - 1/2)``."""
    half = sp.Rational(1, 2)
    return sp.Heaviside(x + half) - sp.Heaviside(x - half)


def tri(x: sp.Expr) -> sp.Expr:
    """Unit triangle ``max(1 - |x|, 0)``, the convolution ``rect * rect``."""
    return (1 - sp.Abs(x)) * (sp.Heaviside(x + 1) - sp.Heaviside(x - 1))
