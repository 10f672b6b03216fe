"""Derivatives of Dirac deltas: ``(delta^(n)(. - c) * s)(t) = s^(n)(t - c)``.

A term ``w delta^(n)(t - c)`` of one input differentiates the other input n times and
shifts it by c (the derivative of a convolution falls on either factor, and ``delta`` is
the identity); two such terms give ``delta^(n+m)(t - c - d)``. Derivatives are
distributional: a jump of height J in s gives ``J delta(t - c - jump)`` in ``s'``
(SymPy differentiates Heaviside to DiracDelta). The engine first takes these terms out of
both inputs (:func:`split_derivatives`), convolves what remains, and adds
:func:`derivative_terms`.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> rest, found = split_derivatives(sp.DiracDelta(x - 1, 1) + sp.exp(-(x**2)), x, "f")
>>> rest, found
(exp(-x**2), (DeltaDerivative(location=1, weight=1, order=1),))
>>> [d.term for d in derivative_terms(rest, found, x**3, (), x)]
[3*(x - 1)**2]
"""

from __future__ import annotations

from typing import NamedTuple

import sympy as sp

from convmath.errors import ExpressionError

__all__ = ["DeltaDerivative", "DerivativeTerm", "split_derivatives", "derivative_terms"]


class DeltaDerivative(NamedTuple):
    """``weight * DiracDelta(x - location, order)`` with ``order >= 1``."""

    location: sp.Expr
    weight: sp.Expr
    order: int


class DerivativeTerm(NamedTuple):
    """``weight * delta^(order)(x - location)`` of `source` applied to the other input.

    `source` is ``"f"`` or ``"g"`` (the term is the other input's derivative, shifted), or
    ``"f*g"`` for a delta derivative of f against one of g.
    """

    source: str
    weight: sp.Expr
    order: int
    location: sp.Expr
    term: sp.Expr


def _order(delta: sp.Basic) -> int:
    return int(delta.args[1]) if len(delta.args) > 1 else 0


def _has_derivative(expr: sp.Expr) -> bool:
    return any(_order(d) > 0 for d in expr.atoms(sp.DiracDelta))


def split_derivatives(
    expr: sp.Expr, x: sp.Symbol, name: str
) -> tuple[sp.Expr, tuple[DeltaDerivative, ...]]:
    """`expr` without its delta derivatives (order >= 1), and those derivatives.

    A smooth coefficient moves out by the Leibniz rule,
    ``c(x) delta^(n)(x - a) = sum_j (-1)^j C(n, j) c^(j)(a) delta^(n-j)(x - a)``, and a
    scaled argument by ``delta^(n)(k x - b) = delta^(n)(x - b/k) / (|k| k^n)``; the
    order-0 parts stay in the returned expression as plain deltas.

    Raises
    ------
    ExpressionError
        For products of deltas and arguments that are not linear in `x`.
    """
    if not _has_derivative(expr):
        return expr, ()
    rest: list[sp.Expr] = []
    found: list[DeltaDerivative] = []
    for term in sp.Add.make_args(sp.expand_mul(expr)):
        if not _has_derivative(term):
            rest.append(term)
            continue
        coeff, location, order = _one_derivative(term, x, name)
        for j in range(order + 1):
            weight = (-1) ** j * sp.binomial(order, j) * sp.diff(coeff, x, j).subs(x, location)
            weight = sp.simplify(weight)
            if weight == 0:
                continue
            if j == order:
                rest.append(weight * sp.DiracDelta(x - location))
            else:
                found.append(DeltaDerivative(location, weight, order - j))
    return sp.Add(*rest), tuple(found)


def _one_derivative(term: sp.Expr, x: sp.Symbol, name: str) -> tuple[sp.Expr, sp.Expr, int]:
    """``(coefficient, location, order)`` of ``coefficient * DiracDelta(k x - b, order)``."""
    factors = sp.Mul.make_args(term)
    deltas = [f for f in factors if isinstance(f, sp.DiracDelta)]
    coeff = sp.Mul(*[f for f in factors if not isinstance(f, sp.DiracDelta)])
    if len(deltas) != 1 or coeff.has(sp.DiracDelta):
        raise ExpressionError(
            f"{name} contains {term}: products or powers of deltas are not distributions",
            argument=name,
        )
    argument, order = deltas[0].args[0], _order(deltas[0])
    slope = sp.diff(argument, x)
    if slope.has(x) or slope == 0:
        raise ExpressionError(
            f"{name} contains {deltas[0]}: a delta derivative needs an argument linear in "
            f"{x}, such as DiracDelta({x} - c, n)",
            argument=name,
        )
    location = sp.simplify(-argument.subs(x, 0) / slope)
    return coeff / (sp.Abs(slope) * slope**order), location, order


def derivative_terms(
    f_rest: sp.Expr,
    f_found: tuple[DeltaDerivative, ...],
    g_rest: sp.Expr,
    g_found: tuple[DeltaDerivative, ...],
    x: sp.Symbol,
) -> list[DerivativeTerm]:
    """Every delta derivative of one input against the other input.

    ``w delta^(n)(x - c) * s = w s^(n)(x - c)`` against the rest `s` of the other input,
    and ``delta^(n)(x - c) * delta^(m)(x - d) = delta^(n+m)(x - c - d)`` between them.
    """
    terms = []
    for source, found, other in (("f", f_found, g_rest), ("g", g_found, f_rest)):
        for d in found:
            term = d.weight * _shifted_derivative(other, x, d, source)
            terms.append(DerivativeTerm(source, d.weight, d.order, d.location, term))
    for df in f_found:
        for dg in g_found:
            order, weight = df.order + dg.order, df.weight * dg.weight
            location = sp.simplify(df.location + dg.location)
            term = weight * sp.DiracDelta(x - location, order)
            terms.append(DerivativeTerm("f*g", weight, order, location, term))
    return terms


def _shifted_derivative(signal: sp.Expr, x: sp.Symbol, d: DeltaDerivative, source: str) -> sp.Expr:
    if signal.has(sp.Piecewise):
        other = "g" if source == "f" else "f"
        raise ExpressionError(
            f"{other} is a Piecewise: convolving it with a delta derivative needs its jumps; "
            "write it with Heaviside steps (u, rect, tri) instead",
            argument=other,
        )
    derivative = sp.diff(signal, x, d.order)
    return derivative.xreplace({x: x - d.location})
