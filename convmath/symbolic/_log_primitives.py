"""Antiderivatives of ``log(L(tau)) Q(tau)``: a logarithm of a linear L times a quasi-polynomial.

Integrable logarithmic singularities (``log(t) u(t) u(1 - t) * rect(t)``,
``log(t) e^{-t} u(t) * u(t)``) give such integrands. :func:`sympy.integrate` takes seconds
on them; by parts it is a few polynomial divisions:

``integral of log(L) Q = log(L) P - integral of P / (tau - tau0)``, with ``P`` a primitive
of ``Q`` (a quasi-polynomial, :func:`quasi_polynomial_primitive`) and ``tau0`` the zero of
L. Each part ``r(tau) exp(a tau)`` of P splits as ``s(tau) (tau - tau0) + r(tau0)``: the
first part is a quasi-polynomial again, the second integrates to
``r(tau0) exp(a tau0) Ei(a (tau - tau0))`` (or ``r(tau0) log(L)`` when ``a = 0``).

Examples
--------
>>> import sympy as sp
>>> tau = sp.Symbol("tau", real=True)
>>> log_quasi_polynomial_primitive(sp.log(tau) * sp.exp(-tau), tau)
Ei(-tau) - exp(-tau)*log(tau)
>>> log_quasi_polynomial_primitive(sp.log(tau), tau)   # P = tau, tau / tau = 1
tau*log(tau) - tau
"""

from __future__ import annotations

import sympy as sp

from convmath.symbolic._antiderivatives import Undecidable, quasi_polynomial_primitive

__all__ = ["log_quasi_polynomial_primitive"]


def log_quasi_polynomial_primitive(integrand: sp.Expr, tau: sp.Symbol) -> sp.Expr | None:
    """Antiderivative of ``log(L) Q + R`` (Q, R non-oscillating quasi-polynomials), or None."""
    logs = {f for f in integrand.atoms(sp.log) if f.has(tau)}
    if len(logs) != 1 or integrand.has(sp.sin, sp.cos, sp.I):
        return None
    (log_term,) = logs
    slope = sp.diff(log_term.args[0], tau)
    if slope == 0 or slope.has(tau):
        return None
    zero = sp.expand(tau - log_term.args[0] / slope)  # where L vanishes
    holder = sp.Dummy("log")
    expanded = sp.expand(integrand.xreplace({log_term: holder}))
    if not expanded.is_polynomial(holder) or sp.degree(expanded, holder) != 1:
        return None
    factor, rest = sp.Poly(expanded, holder).all_coeffs()
    try:
        primitive = _quasi(factor, tau)
        rest_primitive = _quasi(rest, tau) if rest != 0 else sp.S.Zero
        correction = _reciprocal_part(primitive, tau, zero, log_term)
    except (_NotHandled, Undecidable):
        return None
    return log_term * primitive - correction + rest_primitive


class _NotHandled(Exception):
    pass


def _quasi(expr: sp.Expr, tau: sp.Symbol) -> sp.Expr:
    found = quasi_polynomial_primitive(expr, tau)
    if found is None:
        raise _NotHandled
    return sp.expand(sp.Add(*[c.expr for c in found]))


def _reciprocal_part(
    primitive: sp.Expr, tau: sp.Symbol, zero: sp.Expr, log_term: sp.Expr
) -> sp.Expr:
    """``integral of primitive / (tau - zero)``, primitive a sum of ``r(tau) exp(a tau)``."""
    total = []
    for rate, polynomial in _by_rate(primitive, tau).items():
        quotient, remainder = sp.div(sp.Poly(polynomial, tau), sp.Poly(tau - zero, tau))
        if not quotient.is_zero:
            total.append(_quasi(quotient.as_expr() * sp.exp(rate * tau), tau))
        constant = remainder.as_expr()
        if constant == 0:
            continue
        if rate.is_zero:
            total.append(constant * log_term)  # d/dtau log(L) = 1/(tau - zero)
        elif rate.is_zero is False:
            total.append(constant * sp.exp(rate * zero) * sp.Ei(rate * (tau - zero)))
        else:
            raise _NotHandled
    return sp.Add(*total)


def _by_rate(expr: sp.Expr, tau: sp.Symbol) -> dict[sp.Expr, sp.Expr]:
    """`expr` as ``{a: r(tau)}`` with ``expr = sum of r(tau) exp(a tau)``, r polynomial."""
    groups: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(expr):
        exponent, others = sp.S.Zero, []
        for factor in sp.Mul.make_args(term):
            if isinstance(factor, sp.exp) and factor.has(tau):
                exponent += factor.args[0]
            else:
                others.append(factor)
        rate = sp.diff(exponent, tau)
        polynomial = sp.Mul(*others) * sp.exp(sp.expand(exponent - rate * tau))
        if rate.has(tau) or not polynomial.is_polynomial(tau):
            raise _NotHandled
        groups[rate] = groups.get(rate, sp.S.Zero) + polynomial
    return groups
