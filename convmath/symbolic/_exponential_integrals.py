"""Rational functions times exponentials by ``Ei``, and integrands without a closed form.

Part of step 4 (integrals), beside :mod:`convmath.symbolic._antiderivatives`: a piece
product ``R(tau) exp(a tau)`` with poles (Cauchy against an exponential) has an antiderivative
in ``Ei`` over the complex poles; classes that have none in the functions the engine knows
are recognised at once (:func:`no_closed_form`) so that no search runs into the timeout.
"""

from __future__ import annotations

import sympy as sp

from convmath.symbolic._antiderivatives import (
    Component,
    quasi_polynomial_primitive,
    real_limits,
    real_part,
)

__all__ = ["exponential_integral_primitive", "sine_integral_primitive", "no_closed_form"]


# --- rational functions times an exponential: Ei --------------------------------------------


def exponential_integral_primitive(integrand: sp.Expr, tau: sp.Symbol) -> list[Component] | None:
    """Antiderivative of ``R(tau) exp(a tau + c)`` (R rational with poles, a real) by ``Ei``.

    Partial fractions over the complex roots of R's denominator reduce every term to
    ``exp(a tau) / (tau - z)**m``; ``m = 1`` gives ``exp(a z) Ei(a (tau - z))`` and higher
    orders reduce to it by parts. Where ``a tau -> -oo`` the ``Ei`` tends to
    ``i pi sign(Im(a (tau - z)))`` (0 for real z); at the other end the integral diverges.
    None when the integrand is not of this form.

    Examples
    --------
    >>> import sympy as sp
    >>> tau = sp.Symbol("tau", real=True)
    >>> (part,) = exponential_integral_primitive(sp.exp(-tau) / tau, tau)
    >>> part.expr, part.at_plus, part.at_minus
    (Ei(-tau), 0, None)
    """
    exponent, rational = sp.S.Zero, sp.S.One
    for factor in sp.Mul.make_args(integrand):
        if isinstance(factor, sp.exp) and factor.args[0].has(tau):
            exponent += factor.args[0]
        else:
            rational *= factor
    slope = sp.diff(exponent, tau)
    if exponent == 0 or slope.has(tau) or slope.is_extended_real is not True:
        return None
    if not rational.is_rational_function(tau) or rational.is_polynomial(tau):
        return None
    sign = sp.S(-1) if slope.is_negative else (sp.S.One if slope.is_positive else None)
    if sign is None:
        return None
    shift = sp.exp(sp.expand(exponent - slope * tau))
    components: list[Component] = []
    for term in sp.Add.make_args(sp.apart(sp.cancel(rational), tau, full=True).doit()):
        if term.is_polynomial(tau):
            found = quasi_polynomial_primitive(term * shift * sp.exp(slope * tau), tau)
            if found is None:
                return None
            components += found
            continue
        coeff, power = term.as_independent(tau, as_Add=False)
        base, order = power.as_base_exp()
        if not (order.is_Integer and order < 0 and sp.degree(base, tau) == 1):
            return None
        lead = sp.diff(base, tau)
        root = sp.expand(-(base - lead * tau) / lead)  # tau is real: no solve
        coeff /= lead ** (-order)
        components += _ei_components(coeff * shift, root, int(-order), slope, sign, tau)
    if integrand.has(sp.I) or not all(s.is_real for s in integrand.free_symbols):
        return components
    return [real_limits(components)]  # conjugate poles: i pi limits in real form


def _ei_components(
    coeff: sp.Expr, root: sp.Expr, order: int, a: sp.Expr, sign: sp.Expr, tau: sp.Symbol
) -> list[Component]:
    """``coeff * integral exp(a tau) / (tau - root)**order``; `sign` is the sign of a."""
    # I_m = -exp(a tau) / ((m-1)(tau - z)^(m-1)) + a/(m-1) I_(m-1), I_1 = exp(a z) Ei(a(tau - z))
    parts, scale = [], coeff
    for m in range(order, 1, -1):
        parts.append(-scale * sp.exp(a * tau) / ((m - 1) * (tau - root) ** (m - 1)))
        scale = scale * a / (m - 1)
    weight = scale * sp.exp(a * root)
    side = sp.sign(sp.im(-a * root))
    limit = sp.I * sp.pi * side * weight
    ei = Component(weight * sp.Ei(a * (tau - root)), None, None)
    ei.at_minus, ei.at_plus = (limit, None) if sign > 0 else (None, limit)
    out = [ei]
    for part in parts:
        out.append(
            Component(part, None, sp.S.Zero) if sign > 0 else Component(part, sp.S.Zero, None)
        )
    return out


# --- integrands without a closed form the engine or SymPy can find --------------------------


def no_closed_form(integrand: sp.Expr, tau: sp.Symbol) -> str | None:
    """Why `integrand` has no closed form in the functions the engine knows, or None.

    These classes send :func:`sympy.integrate` searching until the timeout, so they are
    refused at once instead: an exponential of a polynomial of degree 3 or more; a Gaussian ``exp(-A tau**2 + ...)`` times anything but
    polynomials, exponentials and sinusoids (``1/(1 + tau**2)`` gives the Voigt profile,
    ``log`` no elementary form); a rational function with poles times a sinusoid and an
    exponential, or times a sinusoid when its poles are not real (Ei of complex arguments
    along a path that crosses the branch cut).

    Examples
    --------
    >>> import sympy as sp
    >>> tau = sp.Symbol("tau", real=True)
    >>> no_closed_form(sp.exp(-tau**2) / (1 + tau**2), tau)
    'a Gaussian times 1/(tau**2 + 1) (a Voigt-type integral)'
    >>> no_closed_form(sp.sin(tau) / tau, tau) is None
    True
    """
    quadratic, waves, exponential, other = False, False, False, sp.S.One
    for factor in sp.Mul.make_args(integrand):
        if not factor.has(tau):
            continue
        if isinstance(factor, sp.exp):
            degree = sp.degree(factor.args[0], tau) if factor.args[0].is_polynomial(tau) else -1
            if degree > 2:
                return f"exp({factor.args[0]}), an exponential of a degree-{degree} polynomial"
            quadratic |= degree == 2
            exponential |= degree == 1
            if degree in (1, 2):
                continue
        elif isinstance(factor, (sp.sin, sp.cos)) and sp.degree(factor.args[0], tau) == 1:
            waves = True
            continue
        other *= factor
    if other == 1 or other.is_polynomial(tau):
        return None
    if quadratic:
        kind = " (a Voigt-type integral)" if other.is_rational_function(tau) else ""
        return f"a Gaussian times {other}{kind}"
    if not (waves and other.is_rational_function(tau)):
        return None
    if exponential:
        return f"{other} times a sinusoid and an exponential"
    denominator = sp.Poly(sp.fraction(sp.cancel(other))[1], tau)
    if any(sp.im(root) != 0 for root in sp.roots(denominator)):
        return f"{other} (poles off the real line) times a sinusoid on a half line"
    return None


# --- rational functions times sinusoids: Si and Ci ------------------------------------------


def sine_integral_primitive(integrand: sp.Expr, tau: sp.Symbol) -> list[Component] | None:
    """Antiderivative of ``R(tau) * sinusoids`` with simple real poles where it is regular.

    The sinusoids become ``sum c_w exp(i w tau)``; partial fractions leave ``exp(i w tau) /
    (tau - z)``, whose antiderivative is ``exp(i w z) (Ci(|w| |tau - z|) + i sign(w)
    Si(|w| (tau - z)))``. Only poles where the integrand is regular (``sin(tau)/tau`` at 0)
    are accepted, so the ``Ci`` and ``log`` singularities cancel. None otherwise.

    Examples
    --------
    >>> import sympy as sp
    >>> tau = sp.Symbol("tau", real=True)
    >>> (part,) = sine_integral_primitive(sp.sin(tau) / tau, tau)
    >>> part.expr, part.at_plus, part.at_minus
    (Si(tau), pi/2, -pi/2)
    """
    if integrand.has(sp.sinc):  # sin(z)/z except at one point: the same integral
        integrand = integrand.replace(sp.sinc, lambda z: sp.sin(z) / z)
    waves, rational = sp.S.One, sp.S.One
    for factor in sp.Mul.make_args(integrand):
        if isinstance(factor, (sp.sin, sp.cos)) and sp.degree(factor.args[0], tau) == 1:
            waves *= factor
        elif factor.has(tau) and not factor.is_rational_function(tau):
            return None
        else:
            rational *= factor
    if waves == 1 or rational.is_polynomial(tau) or integrand.has(sp.I):
        return None
    numerator, denominator = sp.fraction(sp.cancel(rational))
    poles = sp.roots(sp.Poly(denominator, tau))
    if any(m != 1 or sp.im(z) != 0 for z, m in poles.items()):
        return None
    if any(sp.expand_trig(sp.simplify((numerator * waves).subs(tau, z))) != 0 for z in poles):
        return None  # a real pole of the integrand itself: not integrable
    terms = sp.apart(sp.cancel(rational), tau, full=True).doit()
    total = sp.S.Zero
    plus: sp.Expr | None = sp.S.Zero
    minus: sp.Expr | None = sp.S.Zero
    for wave in sp.Add.make_args(sp.expand(waves.rewrite(sp.exp))):
        coeff, omega = _wave(wave, tau)
        if omega is None:
            return None
        for term in sp.Add.make_args(terms):
            if term.is_polynomial(tau):
                return None
            scale, power = term.as_independent(tau, as_Add=False)
            z = sp.expand(tau - power.as_base_exp()[0] / sp.diff(power.as_base_exp()[0], tau))
            scale = coeff * scale / sp.diff(power.as_base_exp()[0], tau)
            if omega == 0:
                total += scale * sp.log(sp.Abs(tau - z))
                plus = minus = None
                continue
            rate, turn = sp.Abs(omega), sp.sign(omega)
            phase = scale * sp.exp(sp.I * omega * z)
            total += phase * (
                sp.Ci(rate * sp.Abs(tau - z)) + sp.I * turn * sp.Si(rate * (tau - z))
            )
            if plus is not None and minus is not None:
                plus += phase * sp.I * turn * sp.pi / 2
                minus -= phase * sp.I * turn * sp.pi / 2

    def real(value: sp.Expr | None) -> sp.Expr | None:
        return None if value is None else sp.expand(real_part(value))

    return [Component(sp.expand(real_part(total)), real(plus), real(minus))]


def _wave(term: sp.Expr, tau: sp.Symbol) -> tuple[sp.Expr, sp.Expr | None]:
    """``(c, w)`` of ``c exp(i w tau)`` (w None when the term is not of that form)."""
    factors = sp.Mul.make_args(term)
    exponent = sp.Add(*[f.args[0] for f in factors if isinstance(f, sp.exp)])
    coeff = sp.Mul(*[f for f in factors if not isinstance(f, sp.exp)])
    slope = sp.diff(exponent, tau)
    omega = sp.S.Zero if slope == 0 else slope.as_coefficient(sp.I)
    if omega is None or coeff.has(tau) or not omega.is_real:
        return coeff, None
    return coeff * sp.exp(sp.expand(exponent - slope * tau)), omega
