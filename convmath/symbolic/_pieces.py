"""Split a signal into pieces on intervals plus Dirac deltas (step 1 of the graphical method).

A signal such as ``600*(u(t-7) - u(t-15/2)) + 300*delta(t-12)`` becomes pieces
``[7, 15/2) -> 600`` and a delta ``300 at 12``. Breakpoints are the real roots of the
arguments of ``Heaviside``, ``Abs``, ``sign`` and of the relations in ``Piecewise``
conditions (nested ones included); on each interval between breakpoints every switch has
a fixed value, found at a point inside the interval, so the piece is an ordinary
elementary expression. Pieces equal to zero are dropped and equal neighbours merged.

This is the one home of the piece logic: the engine's inputs, the assembled result and
:func:`convmath.symbolic.piecewise_form.to_piecewise` are all split and merged here.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> split = decompose(3 * (sp.Heaviside(x) - sp.Heaviside(x - 2)) + sp.DiracDelta(x - 5), x)
>>> [(p.lo, p.hi, p.expr) for p in split.pieces], split.deltas
([(0, 2, 3)], (Delta(location=5, weight=1),))
>>> [(p.lo, p.hi, p.expr) for p in decompose(sp.Abs(x) * sp.Heaviside(1 - x), x).pieces]
[(-oo, 0, -x), (0, 1, x)]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import sympy as sp

from convmath.errors import DivergentError, ExpressionError
from convmath.symbolic._order import interior_point, intervals, is_less, sign_of, sort_points

__all__ = [
    "Piece",
    "Delta",
    "SignalPieces",
    "decompose",
    "split_deltas",
    "breakpoints",
    "restrict",
    "merge_pieces",
    "as_piecewise",
]

_SWITCHES = (sp.Heaviside, sp.Abs, sp.sign, sp.Piecewise)
_UNSUPPORTED = (sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.Subs, sp.Derivative, sp.Integral)


@dataclass(frozen=True)
class Piece:
    """The signal equals `expr` on the interval ``[lo, hi)`` (``lo`` may be ``-oo``)."""

    lo: sp.Expr
    hi: sp.Expr
    expr: sp.Expr


class Delta(NamedTuple):
    """A Dirac delta ``weight * DiracDelta(x - location)``; unpacks as ``location, weight``."""

    location: sp.Expr
    weight: sp.Expr


@dataclass(frozen=True)
class SignalPieces:
    """A signal as pieces on disjoint intervals (sorted) plus deltas (sorted by location)."""

    pieces: tuple[Piece, ...]
    deltas: tuple[Delta, ...]

    def breakpoints(self) -> list[sp.Expr]:
        """Finite interval ends and delta locations, sorted."""
        points = [p.lo for p in self.pieces] + [p.hi for p in self.pieces]
        points += [d.location for d in self.deltas]
        return sort_points(p for p in points if p.is_finite is not False)


def decompose(expr: sp.Expr, x: sp.Symbol, name: str = "f") -> SignalPieces:
    """Split `expr` (a function of the real symbol `x`) into pieces and deltas.

    Parameters
    ----------
    expr : sympy.Expr
        The signal. ``Max``/``Min`` are rewritten as ``Piecewise``.
    x : sympy.Symbol
        Its variable (real).
    name : str
        The argument's name, used in error messages.

    Raises
    ------
    ExpressionError
        For functions with infinitely many breakpoints (``floor``, ``Heaviside(sin(t))``),
        products or derivatives of deltas, non-real switch arguments, or a ``Piecewise``
        without a value on part of the real line.
    """
    expr = sp.sympify(expr, strict=True)
    if expr.has(sp.Max, sp.Min):
        expr = expr.rewrite(sp.Piecewise)
    for kind in _UNSUPPORTED:
        if expr.has(kind):
            raise ExpressionError(
                f"{name} = {expr} uses {kind.__name__}, which the convolution engine does not "
                "support; allowed are elementary functions, Heaviside, Abs, sign, Piecewise, "
                "DiracDelta"
            )
    regular, deltas = split_deltas(expr, x, name)
    points = sort_points(breakpoints(regular, x, name))
    pieces = []
    for lo, hi in intervals(points):
        value = _tidy(restrict(regular, x, interior_point(lo, hi), name))
        if value.has(sp.nan, sp.zoo):
            raise ExpressionError(f"{name} = {expr} is undefined for {x} in ({lo}, {hi})")
        pieces.append(Piece(lo, hi, value))
    kept = tuple(p for p in merge_pieces(pieces) if p.expr != 0)
    for piece in kept:
        _check_poles(piece, x, name)
    return SignalPieces(kept, deltas)


def merge_pieces(pieces: Iterable[Piece]) -> list[Piece]:
    """Adjacent pieces with equal expressions (after expansion) merged into one.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> merge_pieces([Piece(0, 1, 2 * x), Piece(1, 2, x + x), Piece(2, 3, x)])
    [Piece(lo=0, hi=2, expr=2*x), Piece(lo=2, hi=3, expr=x)]
    """
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].hi == piece.lo and _equal(merged[-1].expr, piece.expr):
            merged[-1] = Piece(merged[-1].lo, piece.hi, merged[-1].expr)
        else:
            merged.append(piece)
    return merged


def _equal(a: sp.Expr, b: sp.Expr) -> bool:
    return a == b or sp.expand(a - b) == 0


def as_piecewise(pieces: list[Piece], x: sp.Symbol) -> sp.Expr:
    """Consecutive pieces covering the real line as ``Piecewise((e0, x < hi0), ..., (en, True))``.

    One piece is returned as its expression.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> as_piecewise([Piece(-sp.oo, 0, 0), Piece(0, sp.oo, x)], x)
    Piecewise((0, x < 0), (x, True))
    """
    if len(pieces) == 1:
        return pieces[0].expr
    branches = [(p.expr, x < p.hi) for p in pieces[:-1]]
    return sp.Piecewise(*branches, (pieces[-1].expr, True))


def _check_poles(piece: Piece, x: sp.Symbol, name: str) -> None:
    """Raise `DivergentError` for a pole of a rational piece in ``[lo, hi]``."""
    if not piece.expr.is_rational_function(x):
        return
    denominator = sp.fraction(sp.cancel(sp.together(piece.expr)))[1]
    if not denominator.has(x) or not all(c.is_number for c in sp.Poly(denominator, x).coeffs()):
        return
    for root in sp.real_roots(sp.Poly(denominator, x)):
        if not (is_less(root, piece.lo) or is_less(piece.hi, root)):
            raise DivergentError(
                f"{name} = {piece.expr} on [{piece.lo}, {piece.hi}) has a pole at {x} = {root}, "
                "which is not integrable: the convolution integral diverges"
            )


def _tidy(expr: sp.Expr) -> sp.Expr:
    """Light clean-up of a piece: expand products of sums of numbers, keep the rest."""
    return sp.expand_mul(expr) if expr.is_Mul or expr.is_Add else expr


def split_deltas(
    expr: sp.Expr, x: sp.Symbol, name: str = "f"
) -> tuple[sp.Expr, tuple[Delta, ...]]:
    """The regular part of `expr` and its deltas (merged by location, sorted).

    ``c(x) DiracDelta(h(x))`` becomes a delta of weight ``c(r) / |h'(r)|`` at each real
    root ``r`` of ``h``.

    Raises
    ------
    ExpressionError
        For products, powers or derivatives of deltas and deltas whose argument has a
        double root or no finite set of real roots.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> split_deltas(3 * sp.DiracDelta(2 * t - 4) + sp.exp(-t), t)
    (exp(-t), (Delta(location=2, weight=3/2),))
    """
    if not expr.has(sp.DiracDelta):
        return expr, ()
    regular: list[sp.Expr] = []
    weights: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand_mul(expr)):
        if not term.has(sp.DiracDelta):
            regular.append(term)
            continue
        coeff, delta = _one_delta(term, x, name)
        for root, weight in _sifted_weights(coeff, delta, x, name):
            weights[root] = weights.get(root, sp.S.Zero) + weight
    found = [Delta(loc, _tidy(weights[loc])) for loc in sort_points(weights)]
    return sp.Add(*regular), tuple(d for d in found if d.weight != 0)


def _one_delta(term: sp.Expr, x: sp.Symbol, name: str) -> tuple[sp.Expr, sp.DiracDelta]:
    """``(coefficient, delta)`` of a term ``coefficient * DiracDelta(h(x))``."""
    factors = sp.Mul.make_args(term)
    deltas = [f for f in factors if isinstance(f, sp.DiracDelta)]
    coeff = sp.Mul(*[f for f in factors if not isinstance(f, sp.DiracDelta)])
    if len(deltas) != 1 or coeff.has(sp.DiracDelta):
        raise ExpressionError(
            f"{name} contains {term}: products or powers of deltas are not distributions; "
            "allowed are sums of weight * DiracDelta(t - c)"
        )
    delta = deltas[0]
    if len(delta.args) > 1 and delta.args[1] != 0:
        raise ExpressionError(
            f"{name} contains {delta}: derivatives of DiracDelta are not supported; "
            "allowed are sums of weight * DiracDelta(t - c)"
        )
    if not delta.args[0].has(x):
        raise ExpressionError(f"{name} contains {delta}, a delta that does not depend on {x}")
    return coeff, delta


def _sifted_weights(
    coeff: sp.Expr, delta: sp.DiracDelta, x: sp.Symbol, name: str
) -> Iterator[tuple[sp.Expr, sp.Expr]]:
    """``(root, weight)`` for each real root of the delta's argument."""
    argument = delta.args[0]
    slope = sp.diff(argument, x)
    for root in _real_roots(argument, x, name):
        jacobian = sp.Abs(slope.subs(x, root))
        if jacobian.is_zero or jacobian.has(sp.nan, sp.zoo):
            raise ExpressionError(
                f"{name} contains {delta}, whose argument has a double root at {x} = {root}"
            )
        weight = coeff.subs(x, root) / jacobian
        if weight.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise ExpressionError(
                f"{name} contains {coeff * delta}: the weight of the delta at {root} is {weight}"
            )
        yield root, weight


def breakpoints(expr: sp.Expr, x: sp.Symbol, name: str = "f") -> set[sp.Expr]:
    """Real points where a switch (``Heaviside``, ``Abs``, ``sign``, ``Piecewise``) may change.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> sorted(breakpoints(sp.Heaviside(sp.Abs(x) - 1), x))
    [-1, 0, 1]
    """
    points: set[sp.Expr] = set()
    for atom in expr.atoms(*_SWITCHES):
        if isinstance(atom, sp.Piecewise):
            arguments = [
                rel.lhs - rel.rhs
                for _, cond in atom.args
                for rel in sp.sympify(cond, strict=True).atoms(sp.core.relational.Relational)
            ]
        else:
            arguments = [atom.args[0]]
        for argument in arguments:
            if not argument.has(x):
                continue
            if not argument.has(*_SWITCHES):
                points.update(_real_roots(argument, x, name))
                continue
            inner = sort_points(breakpoints(argument, x, name))
            points.update(inner)
            for lo, hi in intervals(inner):
                local = restrict(argument, x, interior_point(lo, hi), name)
                for root in _real_roots(local, x, name):
                    if _strictly_inside(root, lo, hi):
                        points.add(root)
    return points


def _strictly_inside(point: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    return is_less(lo, point) and is_less(point, hi)


def _real_roots(expr: sp.Expr, x: sp.Symbol, name: str) -> list[sp.Expr]:
    """Real roots of `expr` in `x` (polynomials, or what ``solveset`` finds finitely)."""
    slope = sp.diff(expr, x)
    if slope != 0 and not slope.has(x):  # linear: the common case, no Poly needed
        root = -expr.xreplace({x: sp.S.Zero}) / slope
        if root.is_extended_real is False:
            raise _not_real(expr, name)
        return [root]
    if expr.is_polynomial(x):
        poly = sp.Poly(expr, x)
        if poly.degree() <= 0:
            return []
        coeffs = poly.all_coeffs()
        if all(c.is_number for c in coeffs):
            if not all(c.is_real for c in coeffs):
                raise _not_real(expr, name)
            return sorted(set(sp.real_roots(poly)), key=lambda r: r)
    solutions = sp.solveset(expr, x, sp.S.Reals)
    if isinstance(solutions, sp.FiniteSet):
        return list(solutions)
    raise ExpressionError(
        f"{name}: cannot find the finitely many real points where {expr} changes sign; "
        "switch arguments must be polynomials in the variable (e.g. Heaviside(t - 2))"
    )


def _not_real(expr: sp.Expr, name: str) -> ExpressionError:
    return ExpressionError(f"{name}: the switch argument {expr} is not real on the real line")


def restrict(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, name: str = "f") -> sp.Expr:
    """`expr` with every switch replaced by its value on the interval containing `point`.

    The interval must lie between consecutive breakpoints of `expr`, so that every switch
    is constant on it.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> restrict((1 - sp.Abs(x)) * sp.Heaviside(x + 1), x, sp.Rational(-1, 2))
    x + 1
    """
    if not expr.has(*_SWITCHES):
        return expr
    atoms = expr.atoms(*_SWITCHES)
    if not any(isinstance(a, sp.Piecewise) or a.args[0].has(*_SWITCHES) for a in atoms):
        # flat switches (the usual case): one substitution instead of a rebuild per level
        return expr.xreplace({a: _switch_value(a, x, point, name) for a in atoms})
    return _restrict(expr, x, point, name)


def _switch_value(atom: sp.Expr, x: sp.Symbol, point: sp.Expr, name: str) -> sp.Expr:
    """Value of a Heaviside/Abs/sign with a switch-free argument near `point`."""
    argument = atom.args[0]
    if not argument.has(x):
        return atom
    side = _sign_at(argument, x, point, name)
    if isinstance(atom, sp.Heaviside):
        return sp.S.One if side > 0 else sp.S.Zero
    if isinstance(atom, sp.Abs):
        return argument if side > 0 else -argument
    return sp.S(side)


def _restrict(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, name: str) -> sp.Expr:
    if not expr.has(*_SWITCHES):
        return expr
    if isinstance(expr, (sp.Heaviside, sp.Abs, sp.sign)) and not expr.args[0].has(x):
        return expr
    if isinstance(expr, sp.Heaviside):
        side = _sign_at(_restrict(expr.args[0], x, point, name), x, point, name)
        return sp.S.One if side > 0 else sp.S.Zero
    if isinstance(expr, sp.Abs):
        inner = _restrict(expr.args[0], x, point, name)
        return inner if _sign_at(inner, x, point, name) > 0 else -inner
    if isinstance(expr, sp.sign):
        return sp.S(_sign_at(_restrict(expr.args[0], x, point, name), x, point, name))
    if isinstance(expr, sp.Piecewise):
        for value, cond in expr.args:
            holds = sp.sympify(cond, strict=True).subs(x, point)
            if holds not in (sp.true, sp.false):
                holds = sp.sympify(_restrict(holds, x, point, name), strict=True)
            if holds is sp.true:
                return _restrict(value, x, point, name)
            if holds is not sp.false:
                raise ExpressionError(
                    f"{name}: cannot decide the Piecewise condition {cond} at {x} = {point}"
                )
        raise ExpressionError(
            f"{name}: the Piecewise {expr} has no value at {x} = {point}; "
            "add a final (expr, True) branch"
        )
    return expr.func(*[_restrict(arg, x, point, name) for arg in expr.args])


def _sign_at(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, name: str) -> int:
    """Sign (+1 or -1) of `expr` at `point`; the interval around it has no root of `expr`."""
    value = expr.xreplace({x: point})
    if value.is_extended_real is False:
        raise ExpressionError(
            f"{name}: the switch argument {expr} is not real at {x} = {point}; "
            "Heaviside, Abs and sign need real arguments"
        )
    sign = sign_of(value)
    if sign is None or sign == 0:
        raise ExpressionError(
            f"{name}: cannot decide the sign of {expr} at {x} = {point}; "
            "give numbers or declare the parameters positive"
        )
    return sign
