"""Order points of the real line that may be symbolic (``a``, ``2*a``, ``7 + a`` ...).

The graphical method needs breakpoints sorted, the intervals between them, a sample point
strictly inside each, and the sign of a switch argument there. Numbers are compared
exactly; expressions in positive parameters are compared through SymPy's assumptions. An
order SymPy cannot decide is an error, never a guess.

Examples
--------
>>> import sympy as sp
>>> a = sp.Symbol("a", positive=True)
>>> sort_points([2 * a, 0, a, a])
[0, a, 2*a]
>>> interior_point(a, 2 * a), interior_point(-sp.oo, 0), interior_point(-sp.oo, sp.oo)
(3*a/2, -1, 0)
>>> intervals([0, a])
[(-oo, 0), (0, a), (a, oo)]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import sympy as sp

from convmath.errors import ExpressionError

__all__ = ["sign_of", "is_less", "sort_points", "intervals", "interior_point"]


def sign_of(value: sp.Expr) -> int | None:
    """Sign of a real `value` (-1, 0, 1), or None when SymPy cannot decide it.

    Numbers are decided exactly (a number SymPy's assumptions leave open is evaluated to
    30 digits); expressions through the assumptions on their symbols.

    Examples
    --------
    >>> import sympy as sp
    >>> a = sp.Symbol("a", positive=True)
    >>> sign_of(sp.sqrt(2) - sp.Rational(7, 5)), sign_of(-a), sign_of(a - 1)
    (1, -1, None)
    """
    value = sp.sympify(value, strict=True)
    if value.is_Number:
        return -1 if value < 0 else (1 if value > 0 else 0)
    for form in (value, sp.expand(value)):  # each form decides cases the other leaves open
        if form.is_zero:
            return 0
        if form.is_positive:
            return 1
        if form.is_negative:
            return -1
    if not value.free_symbols:
        number = value.evalf(30)
        if number.is_Number and number != 0:
            return 1 if number > 0 else -1
    return None


def _difference_sign(a: sp.Expr, b: sp.Expr) -> int | None:
    """Sign of ``a - b`` (-1, 0, 1), or None when SymPy cannot decide it."""
    if a == b:
        return 0
    if a.is_Number and b.is_Number:
        return -1 if a < b else (1 if a > b else 0)
    return sign_of(a - b)


def is_less(a: sp.Expr, b: sp.Expr) -> bool:
    """``a < b`` for real points (``-oo``/``oo`` allowed), or `ExpressionError` if undecidable.

    Examples
    --------
    >>> import sympy as sp
    >>> is_less(sp.Rational(1, 2), 1), is_less(1, 1), is_less(-sp.oo, 0)
    (True, False, True)
    """
    a, b = sp.sympify(a, strict=True), sp.sympify(b, strict=True)
    sign = _difference_sign(a, b)
    if sign is None:
        raise ExpressionError(
            f"cannot decide whether {a} < {b}; give numbers or declare the parameters positive"
        )
    return sign < 0


def sort_points(points: Iterable[sp.Expr]) -> list[sp.Expr]:
    """Sort real points and drop duplicates (equal after expansion).

    Examples
    --------
    >>> import sympy as sp
    >>> sort_points([sp.Rational(15, 2), 7, 12, 7])
    [7, 15/2, 12]
    """
    unique: list[sp.Expr] = []
    for point in points:
        point = sp.sympify(point, strict=True)
        if not any(_difference_sign(point, seen) == 0 for seen in unique):
            unique.append(point)
    if all(p.is_Number for p in unique):
        return sorted(unique, key=lambda p: p)

    def compare(a: sp.Expr, b: sp.Expr) -> int:
        return -1 if is_less(a, b) else 1

    return sorted(unique, key=functools.cmp_to_key(compare))


def intervals(points: Iterable[sp.Expr]) -> list[tuple[sp.Expr, sp.Expr]]:
    """Consecutive intervals ``(lo, hi)`` covering the real line, split at sorted `points`.

    Examples
    --------
    >>> intervals([0, 1])
    [(-oo, 0), (0, 1), (1, oo)]
    >>> intervals([])
    [(-oo, oo)]
    """
    ends = [-sp.oo, *points, sp.oo]
    return list(zip(ends[:-1], ends[1:]))


def interior_point(lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
    """A point strictly inside ``(lo, hi)``: the midpoint, or one unit in from a finite end."""
    lo, hi = sp.sympify(lo, strict=True), sp.sympify(hi, strict=True)
    if lo.is_infinite and hi.is_infinite:
        return sp.S.Zero
    if lo.is_infinite:
        return hi - 1
    if hi.is_infinite:
        return lo + 1
    return (lo + hi) / 2
