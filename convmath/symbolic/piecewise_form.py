"""Rewrite a Heaviside-windowed expression as an explicit Piecewise over intervals of t.

Convolution results are naturally sums of Heaviside-windowed pieces; for reading (and for
papers) a Piecewise with one formula per interval is clearer. Every Heaviside whose argument
is linear in ``t`` is replaced, on each interval between consecutive breakpoints, by the
value it takes there; intervals with equal formulas are merged.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> to_piecewise(t * sp.Heaviside(t) - (t - 1) * sp.Heaviside(t - 1), t)
Piecewise((0, t < 0), (t, t < 1), (1, True))
"""

from __future__ import annotations

import sympy as sp

from convmath.errors import ExpressionError

__all__ = ["heaviside_breakpoints", "to_piecewise", "intervals"]


def _linear_root(argument: sp.Expr, t: sp.Symbol) -> sp.Expr | None:
    if not argument.has(t):
        return None
    poly = sp.Poly(argument, t) if argument.is_polynomial(t) else None
    if poly is None or poly.degree() != 1:
        raise ExpressionError(f"Heaviside argument {argument} is not linear in {t}")
    a, b = poly.all_coeffs()
    return -b / a


def heaviside_breakpoints(expr: sp.Expr, t: sp.Symbol) -> list[sp.Expr]:
    """Sorted real points where `expr` may switch formula.

    These are the zeros of the arguments of Heaviside, Abs, sign and DiracDelta and the
    boundaries in the conditions of a Piecewise, all linear in `t`.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> heaviside_breakpoints(sp.Heaviside(2*t - 1) + sp.Abs(t + 3), t)
    [-3, 1/2]
    >>> heaviside_breakpoints(sp.Piecewise((0, t < 1), (t, t < 2), (2, True)), t)
    [1, 2]
    """
    arguments = [node.args[0] for node in expr.atoms(sp.Heaviside, sp.Abs, sp.sign, sp.DiracDelta)]
    for piecewise in expr.atoms(sp.Piecewise):
        for _, condition in piecewise.args:
            if isinstance(condition, sp.Basic):
                arguments += [
                    rel.lhs - rel.rhs for rel in condition.atoms(sp.core.relational.Relational)
                ]
    points = set()
    for argument in arguments:
        root = _linear_root(argument, t)
        if root is not None:
            points.add(sp.nsimplify(root) if root.is_Float else root)
    return sorted(points, key=lambda p: float(p))


def intervals(points: list[sp.Expr]) -> list[tuple[sp.Expr, sp.Expr]]:
    """Consecutive intervals ``(lo, hi)`` covering the real line, split at `points`.

    Examples
    --------
    >>> intervals([0, 1])
    [(-oo, 0), (0, 1), (1, oo)]
    """
    edges = [-sp.oo, *points, sp.oo]
    return list(zip(edges, edges[1:]))


def _sample_point(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    if lo == -sp.oo and hi == sp.oo:
        return sp.Integer(0)
    if lo == -sp.oo:
        return hi - 1
    if hi == sp.oo:
        return lo + 1
    return (lo + hi) / 2


def _branch_at(piecewise: sp.Piecewise, t: sp.Symbol, point: sp.Expr) -> sp.Expr:
    for formula, condition in piecewise.args:
        if condition is sp.true or bool(condition.subs(t, point)):
            return formula
    return sp.nan


def _on_interval(expr: sp.Expr, t: sp.Symbol, point: sp.Expr) -> sp.Expr:
    while pieces := expr.atoms(sp.Piecewise):
        expr = expr.xreplace({node: _branch_at(node, t, point) for node in pieces})
    replacements = {}
    for node in expr.atoms(sp.Heaviside, sp.sign, sp.Abs):
        argument = node.args[0]
        if not argument.has(t):
            continue
        sign = sp.sign(argument.subs(t, point))
        if isinstance(node, sp.Heaviside):
            replacements[node] = sp.Integer(1) if sign > 0 else sp.Integer(0)
        elif isinstance(node, sp.sign):
            replacements[node] = sign
        else:
            replacements[node] = sign * argument
    return sp.expand(expr.xreplace(replacements))


def to_piecewise(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """`expr` as ``Piecewise((e_0, t < b_0), (e_1, t < b_1), ..., (e_n, True))``.

    Values exactly at the breakpoints (where Heaviside is 1/2) are not represented; deltas
    are kept as they are.
    """
    points = heaviside_breakpoints(expr, t)
    if not points:
        return expr
    pieces: list[tuple[sp.Expr, sp.Expr]] = []
    for lo, hi in intervals(points):
        formula = _on_interval(expr, t, _sample_point(lo, hi))
        if pieces and sp.expand(pieces[-1][0] - formula) == 0:
            pieces[-1] = (pieces[-1][0], hi)
        else:
            pieces.append((formula, hi))
    args = [(formula, t < hi) for formula, hi in pieces[:-1]]
    args.append((pieces[-1][0], True))
    return sp.Piecewise(*args)
