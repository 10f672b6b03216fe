"""Parameter cases: when the order of two breakpoints depends on the parameters.

``(u(t) - u(t - a)) * (u(t) - u(t - b))`` has breakpoints ``0, a, b, a + b``; whether the
flat top runs from ``a`` to ``b`` or from ``b`` to ``a`` depends on ``a < b``. The engine
then derives the convolution three times, in the cases ``a < b``, ``a = b`` and ``a > b``
(an equality is substituted; an inequality is a fact the order decisions use, see
:func:`convmath.symbolic._order.assuming_positive`), and returns one ``Piecewise`` over
the cases -- the same way the equal-rate resonance splits ``a != b`` / ``a = b``. Cases may
split again (at most :data:`MAX_DEPTH` levels).

Each case is checked against quadrature with parameter values that satisfy it: the check
substitutes, say, ``b = a + c`` (case ``a < b``) or ``b = 1/(1 + c)`` (case ``b < 1``) with
``c > 0``, so that every positive sample of ``a`` and ``c`` lies inside the case.

Examples
--------
>>> import sympy as sp
>>> a, b = sp.symbols("a b", positive=True)
>>> [(c.condition, c.fact, c.equality) for c in order_cases(a, b, (a, b))]
[(a < b, -a + b, None), (Eq(a, b), None, (a, b)), (a > b, a - b, None)]
>>> inside_case([1 - b], (a, b))[0]
{b: 1/(_c0 + 1)}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from convmath.errors import ExpressionError
from convmath.symbolic._order import sign_of

__all__ = ["MAX_DEPTH", "OrderCase", "order_cases", "inside_case", "caller_condition"]

#: Deepest nesting of case splits (each level splits one pair of breakpoints).
MAX_DEPTH = 3


@dataclass(frozen=True)
class OrderCase:
    """One case of an open order: its condition, and a fact or an equality that makes it.

    Attributes
    ----------
    condition : sympy.Basic
        The case as a relation of the parameters (``a < b``, ``Eq(a, b)``).
    fact : sympy.Expr or None
        An expression positive in this case (``b - a``), for strict cases.
    equality : tuple or None
        ``(parameter, value)`` substituted in this case (``(b, a)`` for ``a = b``).
    """

    condition: sp.Basic
    fact: sp.Expr | None
    equality: tuple[sp.Symbol, sp.Expr] | None


def order_cases(
    left: sp.Expr, right: sp.Expr, parameters: Sequence[sp.Symbol]
) -> list[OrderCase] | None:
    """The cases ``p < s``, ``p = s``, ``p > s`` of the open order of `left` and `right`.

    ``left - right`` must be linear in some parameter ``p`` with a numeric coefficient; ``s``
    is then the value of ``p`` where the two points meet. Cases that no positive parameters
    can satisfy are left out. None when the difference is not of this form.
    """
    difference = sp.expand(left - right)
    for p in sorted(parameters, key=str):
        slope = difference.coeff(p)
        if not (difference.has(p) and slope.is_number and slope != 0):
            continue
        if sp.expand(difference - slope * p).has(p):
            continue
        meet = sp.expand(p - difference / slope)  # p = meet where left = right
        where = sign_of(meet)
        if where is not None and where <= 0:
            return None  # then the order is decided: p > meet always
        return [
            OrderCase(sp.Lt(p, meet), sp.expand(meet - p), None),
            OrderCase(sp.Eq(p, meet), None, (p, meet)),
            OrderCase(sp.Gt(p, meet), sp.expand(p - meet), None),
        ]
    return None


def inside_case(
    facts: Sequence[sp.Expr], parameters: Sequence[sp.Symbol]
) -> tuple[dict[sp.Symbol, sp.Expr], tuple[sp.Symbol, ...]]:
    """A substitution of positive new symbols under which every fact is positive.

    Returns the substitution and the parameters after it (for the quadrature check).
    ``p > L`` becomes ``p = L + c`` (``L >= 0``), ``p < U`` becomes ``p = U / (1 + c)``
    (``U > 0``). Raises :class:`ExpressionError` when a fact admits neither form.
    """
    substitution: dict[sp.Symbol, sp.Expr] = {}
    current = list(parameters)
    for k, fact in enumerate(facts):
        fact = sp.expand(sp.sympify(fact).xreplace(substitution))
        if sign_of(fact) == 1:
            continue
        fresh = sp.Symbol(f"_c{k}", positive=True)
        found = _one_fact(fact, current, fresh)
        if found is None:
            raise ExpressionError(
                f"cannot choose parameter values with {fact} > 0 to check this case; "
                "give the parameters numbers"
            )
        p, value = found
        substitution = {q: sp.expand(v.xreplace({p: value})) for q, v in substitution.items()}
        substitution[p] = value
        current = [q for q in current if q != p] + [fresh]
    return substitution, tuple(current)


def _one_fact(
    fact: sp.Expr, parameters: Sequence[sp.Symbol], fresh: sp.Symbol
) -> tuple[sp.Symbol, sp.Expr] | None:
    """``(p, value)`` with ``fact > 0`` for every positive value of the other symbols."""
    for p in sorted(parameters, key=str):
        slope = fact.coeff(p)
        if not (slope.is_number and slope != 0) or sp.expand(fact - slope * p).has(p):
            continue
        bound = sp.expand(p - fact / slope)  # fact > 0 <=> p > bound (slope > 0)
        if slope > 0 and sign_of(bound) in (0, 1):
            return p, bound + fresh
        if slope < 0 and sign_of(bound) == 1:
            return p, bound / (1 + fresh)
    return None


def caller_condition(case: OrderCase, to_caller: Callable[[sp.Expr], sp.Expr]) -> sp.Basic:
    """The case's condition in the caller's symbols."""
    return case.condition.xreplace(
        {s: to_caller(s) for s in case.condition.free_symbols if to_caller(s) != s}
    )
