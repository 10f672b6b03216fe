"""Rational piece products over the whole line, summed by residues (step 4: integrals).

``integral over the real line of p(tau) q(t - tau)`` for rational p and q is ``2 pi i`` times
the sum of the residues in the upper half plane. SymPy's own ``integrate`` returns ``0`` for
``1/(1+tau**2) * 1/(1+(t-tau)**2)``, so the engine takes this path first for two pieces that
both span the whole line.

Rational functions times sinusoids (``sin(t)/t * sin(t)/t``, ``cos(t) / (1 + t**2)``) are
written as sums of ``R(tau) exp(i w tau)``; each is closed in the half plane where its
exponential decays (Jordan's lemma). Real poles, where the product itself is regular (a
removable singularity such as ``sin(tau)/tau`` at 0), are passed above: the deformed path
gives the same integral, and the lower half plane then encloses them.
"""

from __future__ import annotations

import sympy as sp

from convmath.errors import DivergentError
from convmath.symbolic._antiderivatives import real_part

__all__ = ["whole_line_rational"]


def whole_line_rational(
    p: sp.Expr, q: sp.Expr, x: sp.Symbol, t: sp.Symbol, tau: sp.Symbol
) -> sp.Expr | None:
    """``integral over the real line of p(tau) q(t - tau)`` for rational `p`, `q`, by residues.

    Returns None when `p` or `q` is not rational in `x` or its poles cannot be found.

    Examples
    --------
    >>> import sympy as sp
    >>> x, t, tau = sp.symbols("x t tau", real=True)
    >>> whole_line_rational(1 / (1 + x**2), 1 / (1 + x**2), x, t, tau)
    2*pi/(t**2 + 4)
    """
    if not (p.is_rational_function(x) and q.is_rational_function(x)):
        integrand = p.subs(x, tau) * q.subs(x, t - tau)
        if integrand.has(sp.sinc):  # sin(z)/z except at one point: the same integral
            integrand = integrand.replace(sp.sinc, lambda z: sp.sin(z) / z)
        return _whole_line_waves(integrand, tau)
    num_p, den_p = sp.fraction(sp.cancel(p))
    num_q, den_q = sp.fraction(sp.cancel(q))
    poles: dict[sp.Expr, int] = {}
    constant = sp.S.One
    for den, shift in ((den_p, False), (den_q, True)):
        poly = sp.Poly(den, x)
        found = sp.roots(poly)
        if sum(found.values()) != poly.degree():
            return None
        constant *= poly.LC() * ((-1) ** poly.degree() if shift else 1)
        for root, mult in found.items():
            if root.is_real or (sp.im(root).is_zero):
                raise DivergentError(
                    f"the factor {p if not shift else q} has a pole at {x} = {root} on the real "
                    "line, so the convolution integral diverges"
                )
            poles[t - root if shift else root] = poles.get(t - root if shift else root, 0) + mult
    degree_num = sp.degree(num_p, x) + sp.degree(num_q, x)
    degree_den = sp.degree(den_p, x) + sp.degree(den_q, x)
    if degree_den < degree_num + 2:
        integrand = p.subs(x, tau) * q.subs(x, t - tau)
        raise DivergentError(
            f"the integrand f(tau)*g(t - tau) = {integrand} decays too slowly as |tau| -> oo, "
            "so the convolution integral diverges for every t"
        )
    numerator = num_p.subs(x, tau) * num_q.subs(x, t - tau)
    total = sp.S.Zero
    for pole, mult in poles.items():
        imag = sp.im(pole)
        if not imag.is_positive:
            if imag.is_negative:
                continue
            return None
        rest = constant * sp.Mul(*[(tau - z) ** m for z, m in poles.items() if z != pole])
        local = sp.diff(numerator / rest, tau, mult - 1).subs(tau, pole)
        total += local / sp.factorial(mult - 1)
    value = 2 * sp.pi * sp.I * total
    return sp.factor(sp.cancel(sp.expand_complex(value)))


def _whole_line_waves(integrand: sp.Expr, tau: sp.Symbol) -> sp.Expr | None:
    """``integral of sum R_w(tau) exp(i w tau)`` over the line, by residues, or None.

    Examples
    --------
    >>> import sympy as sp
    >>> tau, t = sp.symbols("tau t", real=True)
    >>> _whole_line_waves(sp.sin(tau) / tau * sp.sin(t - tau) / (t - tau), tau)
    pi*sin(t)/t
    >>> _whole_line_waves(sp.cos(t - tau) / (1 + tau**2), tau)
    pi*exp(-1)*cos(t)
    """
    if not any(a.args[0].has(tau) for a in integrand.atoms(sp.sin, sp.cos)):
        return None
    waves, rational_part = sp.S.One, sp.S.One
    for factor in sp.Mul.make_args(integrand):
        if factor.has(sp.sin, sp.cos, sp.exp):
            waves *= factor.rewrite(sp.exp)
        else:
            rational_part *= factor
    if not rational_part.is_rational_function(tau):
        return None
    groups: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(waves)):
        factors = sp.Mul.make_args(term)
        exponent = sp.Add(*[f.args[0] for f in factors if isinstance(f, sp.exp)])
        coefficient = sp.Mul(*[f for f in factors if not isinstance(f, sp.exp)])
        slope = sp.diff(exponent, tau)
        frequency = sp.S.Zero if slope == 0 else slope.as_coefficient(sp.I)
        if frequency is None or not (frequency.is_number and frequency.is_real):
            return None
        if coefficient.has(tau) or sp.diff(slope, tau) != 0:
            return None
        wave = coefficient * sp.exp(sp.expand(exponent - slope * tau))
        groups[frequency] = groups.get(frequency, sp.S.Zero) + wave
    total = sp.S.Zero
    for frequency, rational in groups.items():
        value = _one_wave(rational_part * rational, frequency, tau)
        if value is None:
            return None
        total += value
    if not integrand.has(sp.I) and all(s.is_real for s in integrand.free_symbols):
        total = real_part(total)
    return sp.factor_terms(sp.expand(total))


def _one_wave(rational: sp.Expr, frequency: sp.Expr, tau: sp.Symbol) -> sp.Expr | None:
    """``integral of rational(tau) exp(i frequency tau)`` along the real line passed above
    its real poles (symmetric limits when ``rational ~ L/tau`` and ``frequency = 0``)."""
    numerator, denominator = sp.fraction(sp.cancel(rational))
    poly = sp.Poly(denominator, tau)
    found = sp.roots(poly)
    if sum(found.values()) != poly.degree():
        return None
    deficit = poly.degree() - sp.degree(numerator, tau)
    if deficit < 1:
        return None
    upward = frequency >= 0  # close where exp(i w tau) decays; w = 0: upward
    wave = sp.exp(sp.I * frequency * tau)
    total = sp.S.Zero
    for root, mult in found.items():
        imag = sp.im(root)
        above = imag.is_positive
        if above is None and not imag.is_zero:
            return None
        if bool(above) != upward:
            continue  # a real root is below the path: enclosed only when closing downward
        rest = numerator * wave / poly.LC()
        rest /= sp.Mul(*[(tau - z) ** m for z, m in found.items() if z != root])
        local = sp.diff(rest, tau, mult - 1).subs(tau, root) / sp.factorial(mult - 1)
        total += local if upward else -local
    value = 2 * sp.pi * sp.I * total
    if frequency == 0 and deficit == 1:  # the big half circle keeps i pi L
        value -= sp.pi * sp.I * sp.limit(tau * rational, tau, sp.oo)
    return value
