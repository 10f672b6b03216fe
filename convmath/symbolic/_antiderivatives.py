"""Closed-form antiderivatives of the usual piece products (step 4: integrals).

The integrands of the graphical method are nearly always *quasi-polynomials*: sums of
``tau**n * exp(a*tau) * cos(b*tau)`` or ``sin(b*tau)``. Their antiderivative is computed
here by undetermined coefficients (no search, no Risch), which is exact and about a hundred
times faster than :func:`sympy.integrate`. Gaussian factors ``exp(-A*tau**2 + B*tau)`` times
a polynomial get an ``erf`` antiderivative. Each antiderivative is a list of
:class:`Component` objects that also know their limits at ``-oo`` and ``oo``.

Examples
--------
>>> import sympy as sp
>>> tau = sp.Symbol("tau", real=True)
>>> (part,) = quasi_polynomial_primitive(tau * sp.exp(-tau), tau)
>>> part.expr, part.at_plus, part.at_minus
((-tau - 1)*exp(-tau), 0, None)
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

__all__ = [
    "Component",
    "Undecidable",
    "quasi_polynomial_primitive",
    "gaussian_primitive",
    "real_part",
    "real_limits",
]


class Undecidable(Exception):
    """The antiderivative depends on a case (``a**2 + b**2 == 0``) SymPy cannot decide."""


class Component:
    """Part of an antiderivative with its limits at ``+oo`` and ``-oo`` (None: diverges).

    `expr` may be given as a function that builds it: over the whole line only the limits
    are needed, so the expression is then never built.
    """

    __slots__ = ("_expr", "_build", "at_plus", "at_minus")

    def __init__(
        self,
        expr: sp.Expr | Callable[[], sp.Expr],
        at_plus: sp.Expr | None,
        at_minus: sp.Expr | None,
    ) -> None:
        self._expr: sp.Expr | None = None if callable(expr) else expr
        self._build: Callable[[], sp.Expr] | None = expr if callable(expr) else None
        self.at_plus = at_plus
        self.at_minus = at_minus

    @property
    def expr(self) -> sp.Expr:
        """The antiderivative part (built on first use)."""
        if self._expr is None:
            assert self._build is not None
            self._expr = self._build()
        return self._expr


# --- quasi-polynomials -------------------------------------------------------------------


def _linear(arg: sp.Expr, tau: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """``(slope, intercept)`` if `arg` is linear in `tau`, else None."""
    slope = sp.diff(arg, tau)
    if slope.has(tau):
        return None
    return slope, sp.expand(arg - slope * tau)


# A term is {(a, b, kind): {n: coeff}} with kind "c" (cos(b tau)) or "s" (sin(b tau)).
_Term = dict[tuple[sp.Expr, sp.Expr, str], dict[int, sp.Expr]]


def _trig_product(
    left: list[tuple[sp.Expr, sp.Expr, str]], b: sp.Expr, kind: str
) -> list[tuple[sp.Expr, sp.Expr, str]]:
    """Multiply a sum of ``coeff * trig(b_i tau)`` by ``trig(b tau)`` (product to sum)."""
    out = []
    half = sp.Rational(1, 2)
    for coeff, b1, k1 in left:
        if k1 == "c" and kind == "c":
            out += [(coeff * half, b1 - b, "c"), (coeff * half, b1 + b, "c")]
        elif k1 == "s" and kind == "s":
            out += [(coeff * half, b1 - b, "c"), (-coeff * half, b1 + b, "c")]
        elif k1 == "s":  # sin(b1) cos(b)
            out += [(coeff * half, b1 + b, "s"), (coeff * half, b1 - b, "s")]
        else:  # cos(b1) sin(b)
            out += [(coeff * half, b1 + b, "s"), (-coeff * half, b1 - b, "s")]
    return out


def _classify(term: sp.Expr, tau: sp.Symbol) -> list[tuple[sp.Expr, int, sp.Expr, sp.Expr, str]]:
    """Write one product term as ``sum coeff * tau**n * exp(a tau) * trig(b tau)``."""
    coeff, n, a = sp.S.One, 0, sp.S.Zero
    trig: list[tuple[sp.Expr, sp.Expr, str]] = [(sp.S.One, sp.S.Zero, "c")]
    for factor in sp.Mul.make_args(term):
        if not factor.has(tau):
            coeff *= factor
            continue
        base, power = factor.as_base_exp()
        if base == tau and power.is_Integer and power >= 0:
            n += int(power)
            continue
        if isinstance(factor, sp.exp) or (base.is_positive and not base.has(tau)):
            exponent = factor.args[0] if isinstance(factor, sp.exp) else power * sp.log(base)
            line = _linear(exponent, tau)
            if line is None:
                raise _NotQuasi
            a += line[0]
            coeff *= sp.exp(line[1])
            continue
        if power.is_Integer and power > 0 and isinstance(base, (sp.sin, sp.cos)):
            line = _linear(base.args[0], tau)
            if line is None:
                raise _NotQuasi
            b, phase = line
            if phase != 0:
                raise _NotQuasi
            for _ in range(int(power)):
                trig = _trig_product(trig, b, "c" if isinstance(base, sp.cos) else "s")
            continue
        raise _NotQuasi
    return [(coeff * c, n, a, b, kind) for c, b, kind in trig]


class _NotQuasi(Exception):
    pass


def _quasi_terms(expr: sp.Expr, tau: sp.Symbol) -> _Term | None:
    expr = sp.expand(_phase_free(expr, tau))
    table: _Term = {}
    try:
        for term in sp.Add.make_args(expr):
            for coeff, n, a, b, kind in _classify(term, tau):
                if b.could_extract_minus_sign():
                    b = -b
                    coeff = -coeff if kind == "s" else coeff
                if b == 0 and kind == "s":
                    continue
                poly = table.setdefault((a, b, kind), {})
                poly[n] = poly.get(n, sp.S.Zero) + coeff
    except _NotQuasi:
        return None
    return table


def _phase_free(expr: sp.Expr, tau: sp.Symbol) -> sp.Expr:
    """Rewrite ``sin(b tau + c)``/``cos(b tau + c)`` and hyperbolics in ``sin(b tau)`` form."""

    def split(fn):
        def rule(arg):
            line = _linear(arg, tau) if arg.has(tau) else None
            if line is None or line[1] == 0:
                return fn(arg)
            b, c = line
            if fn is sp.sin:
                return sp.sin(b * tau) * sp.cos(c) + sp.cos(b * tau) * sp.sin(c)
            return sp.cos(b * tau) * sp.cos(c) - sp.sin(b * tau) * sp.sin(c)

        return rule

    if expr.has(sp.sinh, sp.cosh, sp.tanh):
        expr = expr.rewrite(sp.exp)
    if expr.has(sp.sin, sp.cos):
        expr = expr.replace(sp.sin, split(sp.sin)).replace(sp.cos, split(sp.cos))
    return expr


def _poly_expr(poly: dict[int, sp.Expr], tau: sp.Symbol) -> sp.Expr:
    return sp.Add(*[c * tau**k for k, c in poly.items()])


def _derivative(poly: dict[int, sp.Expr]) -> dict[int, sp.Expr]:
    return {k - 1: k * c for k, c in poly.items() if k > 0}


def _is_zero(poly: dict[int, sp.Expr]) -> bool:
    return all(c == 0 for c in poly.values())


def _obviously_not_quasi(expr: sp.Expr, tau: sp.Symbol) -> bool:
    """Cheap test: an exponent, a trig argument or a denominator that is not linear in tau."""
    for atom in expr.atoms(sp.exp, sp.sin, sp.cos):
        if atom.args[0].has(tau) and sp.diff(atom.args[0], tau).has(tau):
            return True
    for power in expr.atoms(sp.Pow):
        if power.base.has(tau) and not (power.exp.is_Integer and power.exp > 0):
            return True
        if power.exp.has(tau) and sp.diff(power.exp, tau).has(tau):
            return True
    return False


def quasi_polynomial_primitive(integrand: sp.Expr, tau: sp.Symbol) -> list[Component] | None:
    """Antiderivative of a quasi-polynomial `integrand` in `tau`, or None if it is not one.

    Raises
    ------
    Undecidable
        When a symbolic rate makes the case ``a**2 + b**2 == 0`` undecidable.
    """
    if _obviously_not_quasi(integrand, tau):
        return None
    table = _quasi_terms(integrand, tau)
    if table is None:
        return None
    groups: dict[tuple[sp.Expr, sp.Expr], tuple[dict, dict]] = {}
    for (a, b, kind), poly in table.items():
        cos_poly, sin_poly = groups.setdefault((a, b), ({}, {}))
        target = cos_poly if kind == "c" else sin_poly
        for k, c in poly.items():
            target[k] = target.get(k, sp.S.Zero) + c
    components = []
    for (a, b), (cos_poly, sin_poly) in groups.items():
        cos_poly = {k: c for k, c in cos_poly.items() if c != 0}
        sin_poly = {k: c for k, c in sin_poly.items() if c != 0}
        if not cos_poly and not sin_poly:
            continue
        components.append(_oscillating_exp_primitive(a, b, cos_poly, sin_poly, tau))
    return components


def _oscillating_exp_primitive(
    a: sp.Expr, b: sp.Expr, cos_poly: dict, sin_poly: dict, tau: sp.Symbol
) -> Component:
    """Antiderivative of ``exp(a tau) (P cos(b tau) + Q sin(b tau))``, P, Q polynomials."""
    polynomial = sp.Add(*[c * tau ** (k + 1) / (k + 1) for k, c in cos_poly.items()])
    if b == 0 and a == 0:
        return Component(polynomial, None, None)
    norm = a**2 + b**2

    def solve(p: dict, q: dict) -> tuple[dict, dict]:
        # exp(a tau)(A cos + B sin)' = exp(a tau)((aA + bB + A') cos + (aB - bA + B') sin)
        keys = set(p) | set(q)
        ap = {k: (a * p.get(k, 0) - b * q.get(k, 0)) / norm for k in keys}
        bq = {k: (b * p.get(k, 0) + a * q.get(k, 0)) / norm for k in keys}
        return ap, bq

    total_a: dict[int, sp.Expr] = {}
    total_b: dict[int, sp.Expr] = {}
    step_a, step_b = solve(cos_poly, sin_poly)
    while not (_is_zero(step_a) and _is_zero(step_b)):
        for k, c in step_a.items():
            total_a[k] = total_a.get(k, 0) + c
        for k, c in step_b.items():
            total_b[k] = total_b.get(k, 0) + c
        da, db = _derivative(step_a), _derivative(step_b)
        step_a, step_b = solve({k: -c for k, c in da.items()}, {k: -c for k, c in db.items()})
    if b == 0:
        expr = sp.exp(a * tau) * _poly_expr(total_a, tau)
    else:
        cos_part = _poly_expr(total_a, tau) * sp.cos(b * tau)
        expr = sp.exp(a * tau) * (cos_part + _poly_expr(total_b, tau) * sp.sin(b * tau))
    if norm.is_zero is not False:  # a resonance the parameters may or may not hit
        if b != 0 or sp.simplify(a).is_zero is True:
            raise Undecidable(f"cannot decide whether {a}**2 + {b}**2 is zero")
        expr = sp.Piecewise((expr, sp.Ne(a, 0)), (polynomial, True))
    real_part = sp.re(a)
    at_plus = sp.S.Zero if real_part.is_negative else None
    at_minus = sp.S.Zero if real_part.is_positive else None
    return Component(expr, at_plus, at_minus)


# --- Gaussians ---------------------------------------------------------------------------


def gaussian_primitive(integrand: sp.Expr, tau: sp.Symbol) -> list[Component] | None:
    """Antiderivative of ``sum c tau**n exp(-A tau**2 + B tau)`` with ``A > 0``, or None.

    Sines and cosines of ``b tau + c`` are written as complex exponentials first (B is then
    complex: the square is completed with an imaginary shift), so a Gaussian times a
    sinusoid gets ``erf`` of a complex argument; its limits at ``-oo`` and ``oo`` are
    given in real form (``exp(-...) cos(...)``).

    Examples
    --------
    >>> import sympy as sp
    >>> tau = sp.Symbol("tau", real=True)
    >>> (whole,) = gaussian_primitive(sp.exp(-tau**2) * sp.cos(tau), tau)
    >>> whole.at_plus - whole.at_minus  # integral of exp(-tau^2) cos(tau) over the line
    sqrt(pi)*exp(-1/4)
    """
    product = _gaussian_product(integrand, tau)
    if product is not None:
        return product
    waves = [a for a in integrand.atoms(sp.sin, sp.cos, sp.sinh, sp.cosh) if a.args[0].has(tau)]
    expanded = integrand.xreplace({w: w.rewrite(sp.exp) for w in waves}) if waves else integrand
    components = []
    for term in sp.Add.make_args(sp.expand(expanded)):
        part = _gaussian_product(term, tau)
        if part is None:
            return None
        components += part
    if not waves or integrand.is_extended_real is not True:
        return components
    return [real_limits(components)]


def real_limits(components: list[Component]) -> Component:
    """The components as one, its limits (real, as the integrand is) in real form."""
    limits = []
    for end in ("at_plus", "at_minus"):
        values = [getattr(c, end) for c in components]
        total = None if any(v is None for v in values) else sp.Add(*values)
        limits.append(None if total is None else real_part(total))
    return Component(lambda: sp.Add(*[c.expr for c in components]), *limits)


def _split_imaginary(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """``(re, im)`` of an expression in real symbols (fast for ``number * real`` terms)."""
    real, imaginary = [], []
    for term in sp.Add.make_args(sp.expand(expr)):
        number, rest = term.as_coeff_Mul()
        part = rest.as_coefficient(sp.I)
        if part is not None and not part.has(sp.I):
            imaginary.append(number * part)
        elif not rest.has(sp.I):
            real.append(term)
        else:
            re_part, im_part = term.as_real_imag()
            real.append(sp.cancel(re_part))
            imaginary.append(sp.cancel(im_part))
    return sp.Add(*real), sp.Add(*imaginary)


def real_part(total: sp.Expr) -> sp.Expr:
    """Real part of a sum of ``c exp(E)`` with complex c and E: ``exp(re E) (...)`` terms."""
    out = []
    for term in sp.Add.make_args(sp.expand(total)):
        exps = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.exp)]
        coeff = sp.Mul(*[f for f in sp.Mul.make_args(term) if not isinstance(f, sp.exp)])
        c_re, c_im = _split_imaginary(coeff)
        e_re, e_im = _split_imaginary(sp.Add(*[f.args[0] for f in exps]))
        out.append(sp.exp(e_re) * (c_re * sp.cos(e_im) - c_im * sp.sin(e_im)))
    return sp.Add(*out)


def _gaussian_product(integrand: sp.Expr, tau: sp.Symbol) -> list[Component] | None:
    """Antiderivative of one product ``c * poly(tau) * exp(...) * exp(...)``, or None."""
    coeff, poly, exponent = sp.S.One, sp.S.One, sp.S.Zero
    for factor in sp.Mul.make_args(integrand):
        base, power = factor.as_base_exp()
        if not factor.has(tau):
            coeff *= factor
        elif isinstance(factor, sp.exp):
            exponent += factor.args[0]
        elif base.is_positive and not base.has(tau):
            exponent += power * sp.log(base)
        elif factor.is_polynomial(tau):
            poly *= factor
        else:
            return None
    exponent = sp.expand(exponent)
    if not exponent.is_polynomial(tau) or sp.degree(exponent, tau) != 2:
        return None
    a_coeff = -exponent.coeff(tau, 2)
    if not a_coeff.is_positive:
        return None
    b_coeff, c_coeff = exponent.coeff(tau, 1), exponent.coeff(tau, 0)
    weight = coeff * sp.exp(c_coeff)
    components = []
    for (n,), c in sp.Poly(poly, tau).terms():
        components += _gaussian_moment(n, a_coeff, b_coeff, weight * c, tau)
    return components


def _gaussian_moment(
    n: int, a: sp.Expr, b: sp.Expr, coeff: sp.Expr, tau: sp.Symbol
) -> list[Component]:
    """Components of ``coeff * integral tau**n exp(-a tau**2 + b tau) dtau``."""
    erf_scale = sp.sqrt(sp.pi) / (2 * sp.sqrt(a)) * sp.exp(b**2 / (4 * a))
    # I_n = (b/(2a)) I_{n-1} - (tau**(n-1) e^Q - (n-1) I_{n-2}) / (2a); vanishing part V_n
    erf_coeffs = [sp.S.One, b / (2 * a)]
    for k in range(2, n + 1):
        erf_coeffs.append(b / (2 * a) * erf_coeffs[k - 1] + (k - 1) / (2 * a) * erf_coeffs[k - 2])
    weight = coeff * erf_coeffs[n] * erf_scale

    def vanishing_part() -> sp.Expr:
        quad = sp.exp(-a * tau**2 + b * tau)
        vanishing = [sp.S.Zero, -quad / (2 * a)]
        for k in range(2, n + 1):
            vanishing.append(
                b / (2 * a) * vanishing[k - 1]
                - tau ** (k - 1) * quad / (2 * a)
                + (k - 1) / (2 * a) * vanishing[k - 2]
            )
        return coeff * vanishing[n]

    return [
        Component(lambda: weight * sp.erf(sp.sqrt(a) * (tau - b / (2 * a))), weight, -weight),
        Component(vanishing_part, sp.S.Zero, sp.S.Zero),
    ]
