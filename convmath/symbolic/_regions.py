"""Regions of t and the integral on each (steps 2-4 of the graphical method).

Piece ``[a1, b1)`` of f meets the flipped, shifted piece ``[a2, b2)`` of g where
``tau`` is in ``[a1, b1)`` and in ``(t - b2, t - a2]``, i.e. between
``max(a1, t - b2)`` and ``min(b1, t - a2)``. Which of the two candidates wins, and whether
the overlap is empty, changes only at ``t = a1 + a2, a1 + b2, b1 + a2, b1 + b2``: the
result's breakpoints are sums of the inputs' breakpoints. Between two consecutive
breakpoints every limit is one fixed expression of t, decided at a point inside. Deltas
sift: ``w*delta(t - c)`` in f contributes ``w*g(t - c)``, a shifted copy of g's pieces.

Examples
--------
>>> import sympy as sp
>>> from convmath.symbolic._pieces import decompose
>>> x, tau, t = sp.symbols("x tau t", real=True)
>>> box = decompose(sp.Heaviside(x) - sp.Heaviside(x - 1), x)
>>> regions = convolve_pieces(box, box, x, tau, t)
>>> [(r.lo, r.hi, r.value) for r in regions]
[(-oo, 0, 0), (0, 1, t), (1, 2, 2 - t), (2, oo, 0)]
>>> [(p.lower, p.upper) for p in regions[2].pairs]
[(t - 1, 1)]
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from convmath.symbolic._order import interior_point, is_less, sort_points
from convmath.symbolic._pieces import Delta, Piece, SignalPieces
from convmath.symbolic._primitive import PairIntegral, whole_line_rational

__all__ = ["PairTerm", "SiftTerm", "Region", "convolve_pieces", "result_deltas", "tidy"]


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


def tidy(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """Moderate clean-up of a sum of integrals in `t`: expand, merge exponentials, group.

    Powers ``b**u`` of a number are handled as ``exp(u*log(b))`` and turned back at the end,
    so ``2**(t/2)*2**(-t/2)`` cancels. Terms are grouped by their t-dependent factor and each
    coefficient is put over a common denominator. ``Piecewise`` values are folded and each
    branch tidied. No ``simplify`` (too slow on big sums).

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t", real=True)
    >>> tidy(sp.exp(t * sp.log(2) / 2) * 2 ** (-t / 2) - 2 * 2 ** (-t / 2), t)
    1 - 2/2**(t/2)
    >>> tidy(sp.exp(-2 * t) * (sp.exp(t) - 1), t)
    exp(-t) - exp(-2*t)
    """
    if expr.is_Number:
        return expr
    if expr.has(sp.Piecewise):
        folded = sp.piecewise_fold(expr)
        if isinstance(folded, sp.Piecewise):
            return sp.Piecewise(*[(tidy(e, t), _tidy_condition(c)) for e, c in folded.args])
        return folded
    expr = expr.replace(
        lambda e: e.is_Pow and e.base.is_number and e.base.is_positive and not e.exp.is_number,
        lambda e: sp.exp(e.exp * sp.log(e.base)),
    )
    expr = _expand_keeping_exponentials(expr)
    if expr.has(sp.sin):  # sin(u)**2 + cos(u)**2 = 1, the usual leftover of a phase shift
        squares = {
            p: (1 - sp.cos(p.base.args[0]) ** 2) ** (p.exp // 2)
            for p in expr.atoms(sp.Pow)
            if isinstance(p.base, sp.sin) and p.exp.is_Integer and p.exp > 0 and p.exp % 2 == 0
        }
        if squares:
            expr = _expand_keeping_exponentials(expr.xreplace(squares))
    groups: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(expr):
        coeff, dependent = term.as_independent(t, as_Add=False)
        dependent = sp.powsimp(dependent, combine="exp")
        groups[dependent] = groups.get(dependent, sp.S.Zero) + coeff
    out = []
    for dependent, coeff in groups.items():
        if coeff.is_Add:
            coeff = sp.factor(coeff) if coeff.free_symbols else sp.together(coeff)
        term = coeff * dependent
        if term.is_Mul and sum(isinstance(f, sp.exp) for f in term.args) > 1:
            term = sp.powsimp(term, combine="exp")  # exp(-1)*exp(-t) -> exp(-t - 1)
        out.append(term)
    expr = sp.Add(*out)
    return expr.replace(lambda e: isinstance(e, sp.exp), _exp_to_power)


def _expand_keeping_exponentials(expr: sp.Expr) -> sp.Expr:
    """Expand, splitting ``exp(a + b)`` but never moving an exponential into a denominator."""
    expr = expr.replace(
        lambda e: isinstance(e, sp.exp),
        lambda e: sp.Mul(*[sp.exp(a) for a in sp.Add.make_args(sp.expand(e.args[0]))]),
    )
    exps = sorted(expr.atoms(sp.exp), key=sp.default_sort_key)
    if not exps:
        return sp.expand(expr)
    holders = [sp.Dummy(positive=True) for _ in exps]
    expanded = sp.expand(expr.xreplace(dict(zip(exps, holders))))
    return expanded.xreplace(dict(zip(holders, exps)))


def _tidy_condition(cond):
    """``Ne(a - b, 0)`` as ``Ne(a, b)``."""
    if isinstance(cond, sp.Ne) and cond.rhs == 0 and cond.lhs.is_Add and len(cond.lhs.args) == 2:
        first, second = cond.lhs.args
        if second.could_extract_minus_sign():
            return sp.Ne(first, -second)
        if first.could_extract_minus_sign():
            return sp.Ne(second, -first)
    return cond


def _exp_to_power(e: sp.Expr) -> sp.Expr:
    """``exp(u*log(b))`` back to ``b**u`` when b is a positive number."""
    arg = sp.expand(e.args[0])
    logs = [a for a in arg.atoms(sp.log) if a.args[0].is_Rational and a.args[0] > 0]
    if len(logs) != 1:
        return e
    power = sp.expand(arg / logs[0])
    if power.has(sp.log):
        return e
    return sp.Pow(logs[0].args[0], power)


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


def convolve_pieces(
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
    sifted: list[tuple[str, int, int, Piece]] = []
    for k, delta in enumerate(f.deltas):
        for j, piece in enumerate(_shifted(g, delta.location, delta.weight, x, t)):
            sifted.append(("f", k, j, piece))
    for k, delta in enumerate(g.deltas):
        for i, piece in enumerate(_shifted(f, delta.location, delta.weight, x, t)):
            sifted.append(("g", k, i, piece))
    points = []
    for fp in f.pieces:
        for gp in g.pieces:
            points += [fp.lo + gp.lo, fp.lo + gp.hi, fp.hi + gp.lo, fp.hi + gp.hi]
    points += [end for *_, piece in sifted for end in (piece.lo, piece.hi)]
    ends = [-sp.oo, *sort_points(p for p in points if p.is_finite), sp.oo]
    cache: dict[tuple[int, int], PairIntegral] = {}
    regions = []
    for lo, hi in zip(ends[:-1], ends[1:]):
        t0 = interior_point(lo, hi)
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
                pairs.append(_pair_term(i, j, fp, gp, lower, upper, x, tau, t, cache))
        terms = tuple(
            SiftTerm(source, k, j, piece.expr)
            for source, k, j, piece in sifted
            if is_less(piece.lo, t0) and is_less(t0, piece.hi)
        )
        total = tidy(sp.Add(*[p.value for p in pairs]), t) + sp.Add(*[s.value for s in terms])
        regions.append(Region(lo, hi, tuple(pairs), terms, total))
    return regions


def _pair_term(i, j, fp: Piece, gp: Piece, lower, upper, x, tau, t, cache) -> PairTerm:
    integrand = fp.expr.subs(x, tau) * gp.expr.subs(x, t - tau)
    whole_line = lower is -sp.oo and upper is sp.oo
    if whole_line:
        value = whole_line_rational(fp.expr, gp.expr, x, t, tau)
        if value is not None:
            return PairTerm(i, j, lower, upper, integrand, value, "residues")
    if (i, j) not in cache:
        label = f"f(tau)*g(t - tau) = {integrand}"
        cache[(i, j)] = PairIntegral(integrand, tau, label)
    pair = cache[(i, j)]
    value = tidy(pair.definite(lower, upper), t)
    return PairTerm(i, j, lower, upper, integrand, value, pair.method)


def result_deltas(f: SignalPieces, g: SignalPieces) -> list[Delta]:
    """Deltas of ``f * g``: every delta of f against every delta of g, merged by location.

    Examples
    --------
    >>> import sympy as sp
    >>> d = SignalPieces((), (Delta(sp.S(1), sp.S(2)), Delta(sp.S(3), sp.S(1))))
    >>> result_deltas(d, d)
    [Delta(location=2, weight=4), Delta(location=4, weight=4), Delta(location=6, weight=1)]
    """
    weights: dict[sp.Expr, sp.Expr] = {}
    for df in f.deltas:
        for dg in g.deltas:
            location = df.location + dg.location
            key = next((k for k in weights if sp.expand(k - location) == 0), location)
            weights[key] = weights.get(key, sp.S.Zero) + df.weight * dg.weight
    merged = [Delta(loc, sp.expand(weights[loc])) for loc in sort_points(weights)]
    return [d for d in merged if d.weight != 0]
