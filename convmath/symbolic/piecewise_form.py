"""Rewrite a Heaviside-windowed expression as an explicit Piecewise over intervals of t.

Convolution results are naturally sums of Heaviside-windowed pieces; for reading (and for
papers) a Piecewise with one formula per interval is clearer. On each interval between
consecutive breakpoints every Heaviside, Abs, sign and Piecewise is replaced by the value
it takes there; intervals with equal formulas are merged. The splitting, restriction and
merging are the convolution engine's own (:mod:`convmath.symbolic._pieces`).

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> to_piecewise(t * sp.Heaviside(t) - (t - 1) * sp.Heaviside(t - 1), t)
Piecewise((0, t < 0), (t, t < 1), (1, True))
"""

from __future__ import annotations

import sympy as sp

from convmath.symbolic._order import interior_point, intervals, sort_points
from convmath.symbolic._pieces import (
    Piece,
    as_piecewise,
    breakpoints,
    merge_pieces,
    restrict,
    split_deltas,
)

__all__ = ["heaviside_breakpoints", "to_piecewise", "intervals", "split_deltas"]


def heaviside_breakpoints(expr: sp.Expr, t: sp.Symbol) -> list[sp.Expr]:
    """Sorted real points where `expr` may switch formula.

    These are the real roots of the arguments of Heaviside, Abs and sign, of the relations
    in the conditions of a Piecewise, and the locations of the deltas.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> heaviside_breakpoints(sp.Heaviside(2*t - 1) + sp.Abs(t + 3), t)
    [-3, 1/2]
    >>> heaviside_breakpoints(sp.Piecewise((0, t < 1), (t, t < 2), (2, True)), t)
    [1, 2]
    >>> heaviside_breakpoints(sp.Heaviside(1 - t**2) + sp.DiracDelta(t - 3), t)
    [-1, 1, 3]
    """
    regular, deltas = split_deltas(expr, t)
    points = breakpoints(regular, t) | {d.location for d in deltas}
    return sort_points(sp.nsimplify(p) if p.is_Float else p for p in points)


def to_piecewise(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """`expr` as ``Piecewise((e_0, t < b_0), (e_1, t < b_1), ..., (e_n, True))``.

    Values exactly at the breakpoints (where Heaviside is 1/2) are not represented; deltas
    are kept as they are.
    """
    points = heaviside_breakpoints(expr, t)
    if not points:
        return expr
    pieces = [
        Piece(lo, hi, sp.expand(restrict(expr, t, interior_point(lo, hi))))
        for lo, hi in intervals(points)
    ]
    return as_piecewise(merge_pieces(pieces), t)
