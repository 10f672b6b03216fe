"""One closed form from the regions (step 5: assembly).

The value on each region of t becomes a branch of one ``Piecewise`` (equal neighbours
merged); a region whose integral is infinite means the convolution diverges there. Deltas
of f against deltas of g give the result's own delta terms: locations add, weights multiply.

Examples
--------
>>> import sympy as sp
>>> from convmath.symbolic._pieces import decompose
>>> from convmath.symbolic._regions import find_regions
>>> x, tau, t = sp.symbols("x tau t", real=True)
>>> box = decompose(sp.Heaviside(x) - sp.Heaviside(x - 1), x)
>>> assemble(find_regions(box, box, x, tau, t), box, box, t).result
Piecewise((0, t < 0), (t, t < 1), (2 - t, t < 2), (0, True))
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from convmath.errors import DivergentError
from convmath.symbolic._order import sort_points
from convmath.symbolic._pieces import Delta, Piece, SignalPieces, as_piecewise, merge_pieces
from convmath.symbolic._regions import Region

__all__ = ["Assembled", "assemble", "result_deltas"]


@dataclass(frozen=True)
class Assembled:
    """The result of the derivation: its regular part, its deltas and their sum."""

    regular: sp.Expr
    deltas: tuple[Delta, ...]
    result: sp.Expr
    breakpoints: tuple[sp.Expr, ...]


def assemble(regions: list[Region], f: SignalPieces, g: SignalPieces, t: sp.Symbol) -> Assembled:
    """The closed form of ``f * g`` in `t` from its regions and the inputs' deltas.

    Raises
    ------
    DivergentError
        When the integral is infinite on some region.
    """
    for region in regions:
        if region.value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise DivergentError(
                f"the convolution integral diverges for t in ({region.lo}, {region.hi})"
            )
    pieces = merge_pieces(Piece(r.lo, r.hi, r.value) for r in regions)
    regular = as_piecewise(pieces, t)
    deltas = result_deltas(f, g)
    result = regular + sp.Add(*[d.weight * sp.DiracDelta(t - d.location) for d in deltas])
    return Assembled(regular, deltas, result, tuple(r.lo for r in regions[1:]))


def result_deltas(f: SignalPieces, g: SignalPieces) -> tuple[Delta, ...]:
    """Deltas of ``f * g``: every delta of f against every delta of g, merged by location.

    Examples
    --------
    >>> import sympy as sp
    >>> d = SignalPieces((), (Delta(sp.S(1), sp.S(2)), Delta(sp.S(3), sp.S(1))))
    >>> result_deltas(d, d)
    (Delta(location=2, weight=4), Delta(location=4, weight=4), Delta(location=6, weight=1))
    """
    weights: dict[sp.Expr, sp.Expr] = {}
    for df in f.deltas:
        for dg in g.deltas:
            location = df.location + dg.location
            key = next((k for k in weights if sp.expand(k - location) == 0), location)
            weights[key] = weights.get(key, sp.S.Zero) + df.weight * dg.weight
    merged = [Delta(loc, sp.expand(weights[loc])) for loc in sort_points(weights)]
    return tuple(d for d in merged if d.weight != 0)
