"""Rational piece products over the whole line, summed by residues (step 4: integrals).

``integral over the real line of p(tau) q(t - tau)`` for rational p and q is ``2 pi i`` times
the sum of the residues in the upper half plane. SymPy's own ``integrate`` returns ``0`` for
``1/(1+tau**2) * 1/(1+(t-tau)**2)``, so the engine takes this path first for two pieces that
both span the whole line.
"""

from __future__ import annotations

import sympy as sp

from convmath.errors import DivergentError

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
        return None
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
