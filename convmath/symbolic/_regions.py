"""Regions of t and the overlap of every piece pair on each (step 3: regions).

Piece ``[a1, b1)`` of f meets the flipped, shifted piece ``[a2, b2)`` of g where
``tau`` is in ``[a1, b1)`` and in ``(t - b2, t - a2]``, i.e. between
``max(a1, t - b2)`` and ``min(b1, t - a2)``. Which of the two candidates wins, and whether
the overlap is empty, changes only at ``t = a1 + a2, a1 + b2, b1 + a2, b1 + b2``: the
result's breakpoints are sums of the inputs' breakpoints. Between two consecutive
breakpoints every limit is one fixed expression of t, decided at a point inside. Deltas
sift: ``w*delta(t - c)`` in f contributes ``w*g(t - c)``, a shifted copy of g's pieces.
The integrals themselves are step 4 (:mod:`convmath.symbolic._integrals`).

Examples
--------
>>> import sympy as sp
>>> from convmath.symbolic._pieces import decompose
>>> x, tau, t = sp.symbols("x tau t", real=True)
>>> box = decompose(sp.Heaviside(x) - sp.Heaviside(x - 1), x)
>>> regions = find_regions(box, box, x, tau, t)
>>> [(r.lo, r.hi, r.value) for r in regions]
[(-oo, 0, 0), (0, 1, t), (1, 2, 2 - t), (2, oo, 0)]
>>> [(p.lower, p.upper) for p in regions[2].pairs]
[(t - 1, 1)]
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from convmath.symbolic._integrals import PairIntegrals, tidy
from convmath.symbolic._order import interior_point, intervals, is_less, sort_points
from convmath.symbolic._pieces import Piece, SignalPieces

__all__ = ["PairTerm", "SiftTerm", "Region", "find_regions"]


@dataclass(frozen=True)
class PairTerm:
    """Integral of piece `f_index` of f against piece `g_index` of g on one region of t."""

    f_index: int
    g_index: int
    lower: sp.Expr
    upper: sp.Expr
    integrand: sp.Expr
    value: sp.Expr
    method: str


@dataclass(frozen=True)
class SiftTerm:
    """Contribution ``weight * other(t - location)`` of one delta on one region of t."""

    source: str
    delta_index: int
    piece_index: int
    value: sp.Expr


@dataclass(frozen=True)
class Region:
    """An interval ``(lo, hi)`` of t with the terms summed there and their tidy sum."""

    lo: sp.Expr
    hi: sp.Expr
    pairs: tuple[PairTerm, ...]
    sifted: tuple[SiftTerm, ...]
    value: sp.Expr


def _max_of(constant: sp.Expr, moving: sp.Expr, t: sp.Symbol, t0: sp.Expr) -> sp.Expr:
    """The larger of a constant limit and a limit moving with t, as decided at ``t = t0``."""
    if moving is -sp.oo:
        return constant
    if constant is -sp.oo:
        return moving
    return moving if is_less(constant, moving.subs(t, t0)) else constant


def _min_of(constant: sp.Expr, moving: sp.Expr, t: sp.Symbol, t0: sp.Expr) -> sp.Expr:
    """The smaller of a constant limit and a limit moving with t, as decided at ``t = t0``."""
    if moving is sp.oo:
        return constant
    if constant is sp.oo:
        return moving
    return moving if is_less(moving.subs(t, t0), constant) else constant


def _moving(t: sp.Symbol, end: sp.Expr) -> sp.Expr:
    """``t - end`` with ``t - oo = -oo`` and ``t + oo = oo``."""
    return -end if end.is_infinite else t - end


def _shifted(pieces: SignalPieces, location: sp.Expr, weight: sp.Expr, x, t) -> list[Piece]:
    """Pieces of ``weight * s(t - location)`` in the variable t."""
    return [
        Piece(p.lo + location, p.hi + location, weight * p.expr.subs(x, t - location))
        for p in pieces.pieces
    ]


def find_regions(
    f: SignalPieces, g: SignalPieces, x: sp.Symbol, tau: sp.Symbol, t: sp.Symbol
) -> list[Region]:
    """Regions of t with the value of ``(f * g)(t)`` (without its delta part) on each.

    Parameters
    ----------
    f, g : SignalPieces
        The split inputs, pieces in the variable `x`.
    x, tau, t : sympy.Symbol
        Input variable, integration variable and output variable (all real).
    """
    sifted = _sifted_pieces(f, g, x, t)
    points = [
        end
        for fp in f.pieces
        for gp in g.pieces
        for end in (fp.lo + gp.lo, fp.lo + gp.hi, fp.hi + gp.lo, fp.hi + gp.hi)
    ]
    points += [end for *_, piece in sifted for end in (piece.lo, piece.hi)]
    integrals = PairIntegrals(x, tau, t)
    regions = []
    # expanded: b*(a/b - 1/2) - 1/2 is shown as a - b/2 - 1/2
    for lo, hi in intervals(sort_points(sp.expand(p) for p in points if p.is_finite)):
        t0 = interior_point(lo, hi)
        pairs = tuple(_overlapping_pairs(f, g, t, t0, integrals))
        terms = tuple(
            SiftTerm(source, k, j, piece.expr)
            for source, k, j, piece in sifted
            if is_less(piece.lo, t0) and is_less(t0, piece.hi)
        )
        total = tidy(sp.Add(*[p.value for p in pairs]), t) + sp.Add(*[s.value for s in terms])
        regions.append(Region(lo, hi, pairs, terms, total))
    return regions


def _sifted_pieces(
    f: SignalPieces, g: SignalPieces, x: sp.Symbol, t: sp.Symbol
) -> list[tuple[str, int, int, Piece]]:
    """``(source, delta index, piece index, piece in t)`` for each delta against each piece."""
    sifted = []
    for source, deltas, other in (("f", f.deltas, g), ("g", g.deltas, f)):
        for k, delta in enumerate(deltas):
            for j, piece in enumerate(_shifted(other, delta.location, delta.weight, x, t)):
                sifted.append((source, k, j, piece))
    return sifted


def _overlapping_pairs(
    f: SignalPieces, g: SignalPieces, t: sp.Symbol, t0: sp.Expr, integrals: PairIntegrals
) -> list[PairTerm]:
    """The integral of every piece pair that overlaps on the region around ``t = t0``."""
    pairs = []
    for i, fp in enumerate(f.pieces):
        for j, gp in enumerate(g.pieces):
            lower = _max_of(fp.lo, _moving(t, gp.hi), t, t0)
            upper = _min_of(fp.hi, _moving(t, gp.lo), t, t0)
            if not is_less(
                sp.sympify(lower, strict=True).subs(t, t0),
                sp.sympify(upper, strict=True).subs(t, t0),
            ):
                continue
            integrand, value, method = integrals.integrate((i, j), fp.expr, gp.expr, lower, upper)
            pairs.append(PairTerm(i, j, lower, upper, integrand, value, method))
    return pairs
