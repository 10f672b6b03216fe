"""Order points of the real line that may be symbolic (``a``, ``2*a``, ``7 + a`` ...).

The graphical method needs breakpoints sorted, the intervals between them, a sample point
strictly inside each, and the sign of a switch argument there. Numbers are compared
exactly; expressions in positive parameters are compared through SymPy's assumptions and
the facts of the parameter case being derived (:func:`assuming_positive`, e.g. ``b - a > 0``
in the case ``a < b``). An order that cannot be decided raises :class:`UndecidedOrder`
(naming the two points, so that the engine can split into cases), never a guess.

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

import contextlib
import contextvars
import functools
from collections.abc import Iterable, Iterator

import sympy as sp

from convmath.errors import ExpressionError

__all__ = [
    "UndecidedOrder",
    "assuming_positive",
    "sign_of",
    "is_less",
    "sort_points",
    "intervals",
    "interior_point",
]

#: Expressions taken positive in the parameter case being derived (linear in parameters).
_FACTS: contextvars.ContextVar[tuple[sp.Expr, ...]] = contextvars.ContextVar(
    "convmath_order_facts", default=()
)


class UndecidedOrder(ExpressionError):
    """The order of two points depends on the parameters' values (``a`` vs ``b``).

    Attributes
    ----------
    left, right : sympy.Expr
        The two points whose order is open.
    """

    left: sp.Expr
    right: sp.Expr

    @classmethod
    def between(cls, left: sp.Expr, right: sp.Expr) -> UndecidedOrder:
        """The error for the open order of `left` and `right`."""
        error = cls(
            f"cannot decide whether {left} < {right}; give numbers or declare the parameters "
            "positive"
        )
        error.left, error.right = left, right
        return error


@contextlib.contextmanager
def assuming_positive(facts: Iterable[sp.Expr]) -> Iterator[None]:
    """Decide signs as if every expression of `facts` were positive (within the block).

    Examples
    --------
    >>> import sympy as sp
    >>> a, b = sp.symbols("a b", positive=True)
    >>> with assuming_positive([b - a]):
    ...     sign_of(2 * b - a), sign_of(a - b), sign_of(a - 2 * b)
    (1, -1, -1)
    >>> sign_of(a - b) is None
    True
    """
    token = _FACTS.set(_FACTS.get() + tuple(sp.expand(f) for f in facts))
    try:
        yield
    finally:
        _FACTS.reset(token)


def _sign_from_facts(value: sp.Expr) -> int | None:
    """Sign of `value` as ``alpha * fact + rest`` with ``alpha >= 0`` and rest of known sign."""
    value = sp.expand(value)
    for fact in _FACTS.get():
        ratios = {sp.S.Zero}
        for symbol in fact.free_symbols:
            ratio = value.coeff(symbol) / fact.coeff(symbol)
            if ratio.is_number:
                ratios.update((ratio, -ratio))
        for alpha in ratios:
            if alpha.is_zero:
                continue
            rest = _assumed_sign(sp.expand(value - alpha * fact))
            if alpha.is_positive and rest is not None and rest >= 0:
                return 1
            if alpha.is_negative and rest is not None and rest <= 0:
                return -1
    return None


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
    sign = _assumed_sign(value)
    if sign is None and value.free_symbols and _FACTS.get():
        sign = _sign_from_facts(value)
    return sign


def _assumed_sign(value: sp.Expr) -> int | None:
    """Sign of `value` from SymPy's assumptions alone (numbers evaluated), else None."""
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
        raise UndecidedOrder.between(a, b)
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
