"""The integral of one piece pair ``p(tau) q(t - tau)`` over its limits (step 4: integrals).

:class:`PairIntegral` finds an antiderivative once -- in closed form for quasi-polynomials
and Gaussians (:mod:`convmath.symbolic._antiderivatives`), else by :func:`sympy.integrate`
-- and evaluates it on the limits of every region where the pair overlaps. Values at
``-oo``/``oo`` come from the known behaviour of each component; a component that does not
decay there raises :class:`~convmath.errors.DivergentError`. Two rational pieces over the
whole line are summed by residues instead (:mod:`convmath.symbolic._residues`). Every value
is tidied (:func:`tidy`) before it is shown or summed.

Examples
--------
>>> import sympy as sp
>>> tau, t = sp.symbols("tau t", real=True)
>>> pair = PairIntegral(sp.exp(-tau) * sp.exp(-2 * (t - tau)), tau)
>>> pair.method
'quasi-polynomial'
>>> sp.simplify(pair.definite(0, t))
(exp(t) - 1)*exp(-2*t)
>>> PairIntegral(sp.exp(-tau**2) * sp.exp(-(t - tau)**2 / 2), tau).definite(-sp.oo, sp.oo)
sqrt(6)*sqrt(pi)*exp(-t**2/3)/3
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from convmath.errors import DivergentError, NoClosedFormError
from convmath.symbolic._antiderivatives import (
    Component,
    Undecidable,
    gaussian_primitive,
    quasi_polynomial_primitive,
)
from convmath.symbolic._exponential_integrals import (
    exponential_integral_primitive,
    no_closed_form,
    sine_integral_primitive,
)
from convmath.symbolic._log_primitives import log_quasi_polynomial_primitive
from convmath.symbolic._residues import whole_line_rational

__all__ = ["PairIntegral", "PairIntegrals", "tidy"]


@dataclass
class PairIntegral:
    """Antiderivative of `integrand` in `tau`, found once, evaluated on many limits.

    Parameters
    ----------
    integrand : sympy.Expr
        ``p(tau) * q(t - tau)``, elementary in `tau`.
    tau : sympy.Symbol
        The (real) integration variable.
    label : str
        How to name the integrand in a divergence message.
    """

    integrand: sp.Expr
    tau: sp.Symbol
    label: str = ""
    method: str = field(init=False)
    _components: list[Component] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._components = None
        try:
            components = quasi_polynomial_primitive(self.integrand, self.tau)
        except Undecidable:
            components = None
        self.method = "quasi-polynomial"
        if components is None:
            components = gaussian_primitive(self.integrand, self.tau)
            self.method = "gaussian"
        if components is None:
            by_parts = log_quasi_polynomial_primitive(self.integrand, self.tau)
            if by_parts is not None:
                components = [Component(by_parts, _LAZY, _LAZY)]
                self.method = "logarithm by parts"
        if components is None:
            components = exponential_integral_primitive(self.integrand, self.tau)
            self.method = "exponential integral"
        if components is None:
            components = sine_integral_primitive(self.integrand, self.tau)
            self.method = "sine and cosine integrals"
        if components is None:
            self.method = "sympy"
            reason = no_closed_form(self.integrand, self.tau)
            if reason is not None:  # sympy.integrate would search until the timeout
                raise NoClosedFormError(f"no closed form for {self.integrand}: {reason}")
        self._components = components

    def definite(self, lower: sp.Expr, upper: sp.Expr) -> sp.Expr:
        """``integral of integrand over tau from lower to upper`` (limits may be infinite)."""
        if self._components is None:
            self._components = _sympy_primitive(self.integrand, self.tau)
        if self._components is not None:
            try:
                return self._at(upper, "-") - self._at(lower, "+")
            except _UnknownLimit:
                pass
        return _sympy_definite(self.integrand, self.tau, lower, upper)

    def primitive(self) -> sp.Expr | None:
        """The antiderivative used (None when only a definite SymPy integral worked)."""
        return None if self._components is None else sp.Add(*[c.expr for c in self._components])

    def _at(self, point: sp.Expr, side: str) -> sp.Expr:
        """The antiderivative at `point`, approached from `side` (``"+"``: from above)."""
        point = sp.sympify(point, strict=True)
        assert self._components is not None
        if point is sp.oo or point is -sp.oo:
            values = []
            for c in self._components:
                value = c.at_plus if point is sp.oo else c.at_minus
                if value is _LAZY:
                    value = _limit(c.expr, self.tau, point)
                values.append(value)
            if any(v is None for v in values):
                raise DivergentError(
                    f"the integrand {self.label or self.integrand} does not decay as tau -> "
                    f"{point}, so the convolution integral diverges for every t"
                )
            return sp.Add(*values)
        primitive = sp.Add(*[c.expr for c in self._components])
        value = primitive.subs(self.tau, point)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            # an integrable singularity at the limit (tau log tau at 0): the one-sided limit
            value = _one_sided_limit(primitive, self.tau, point, side)
        return value


class PairIntegrals:
    """The integrals of the piece pairs of f and g, each antiderivative found once.

    Parameters
    ----------
    x, tau, t : sympy.Symbol
        The pieces' variable, the integration variable and the output variable.
    """

    def __init__(self, x: sp.Symbol, tau: sp.Symbol, t: sp.Symbol) -> None:
        self.x, self.tau, self.t = x, tau, t
        self._found: dict[tuple[int, int], PairIntegral] = {}

    def integrate(
        self, key: tuple[int, int], p: sp.Expr, q: sp.Expr, lower: sp.Expr, upper: sp.Expr
    ) -> tuple[sp.Expr, sp.Expr, str]:
        """``(integrand, value, method)`` of ``integral from lower to upper of p(tau) q(t - tau)``.

        `key` names the pair (piece indices); `p` and `q` are the pieces' expressions in x.
        """
        x, tau, t = self.x, self.tau, self.t
        integrand = p.subs(x, tau) * q.subs(x, t - tau)
        if lower is -sp.oo and upper is sp.oo:
            value = whole_line_rational(p, q, x, t, tau)
            if value is not None:
                return integrand, value, "residues"
        if key not in self._found:
            self._found[key] = PairIntegral(integrand, tau, f"f(tau)*g(t - tau) = {integrand}")
        pair = self._found[key]
        value = pair.definite(lower, upper)
        if value.has(sp.I, sp.log) and real_where_defined(integrand):
            value = _real_part(value)
        return integrand, tidy(value, t), pair.method


# --- real integrands, real values ------------------------------------------------------------

_REAL_OF_REAL = (
    sp.exp,
    sp.sin,
    sp.cos,
    sp.tan,
    sp.sinh,
    sp.cosh,
    sp.tanh,
    sp.atan,
    sp.Abs,
    sp.sign,
    sp.Heaviside,
    sp.erf,
    sp.erfc,
    sp.Si,
    sp.Shi,
)


def real_where_defined(expr: sp.Expr) -> bool:
    """True when `expr` is real wherever it is finite, for real values of its symbols.

    Sums, products and integer powers of real symbols and numbers, and real functions of
    them (exp, sin, ...). False means "not shown", not "complex": ``sqrt(tau)`` and
    ``log(tau)`` are complex for negative tau.

    Examples
    --------
    >>> import sympy as sp
    >>> tau, t = sp.symbols("tau t", real=True)
    >>> real_where_defined(600 / (t - tau + 1)), real_where_defined(sp.sqrt(tau))
    (True, False)
    """
    if expr.is_Number or expr.is_NumberSymbol:
        return bool(expr.is_extended_real)
    if expr.is_Symbol:
        return bool(expr.is_extended_real)
    if expr.is_Add or expr.is_Mul:
        return all(real_where_defined(a) for a in expr.args)
    if expr.is_Pow:
        base, exponent = expr.args
        if exponent.is_Integer:
            return real_where_defined(base)
        return bool(base.is_nonnegative) and real_where_defined(exponent)
    if isinstance(expr, _REAL_OF_REAL):
        return all(real_where_defined(a) for a in expr.args)
    return False


def _real_part(value: sp.Expr) -> sp.Expr:
    """The real part of the integral of a real integrand (``log(6 - t) - I*pi`` -> log|t - 6|).

    SymPy's antiderivatives of real functions may pass through logarithms of negative
    numbers (``-log(tau - t - 1)`` for ``1/(t - tau + 1)``, ``log(6 - t) - log(13/2 - t)``
    for t > 13/2); their imaginary parts cancel, so the value is its real part, with
    ``log|u|`` for every ``log(u)``. Kept as it is when SymPy cannot take it.
    """
    real = sp.re(value)
    if real.has(sp.re, sp.im, sp.I):
        return value
    return real


# --- SymPy fallback ------------------------------------------------------------------------


_LAZY = sp.Symbol("_lazy_limit")


def _sympy_primitive(integrand: sp.Expr, tau: sp.Symbol) -> list[Component] | None:
    primitive = sp.integrate(integrand, tau)
    if primitive.has(sp.Integral):
        return None
    return [Component(primitive, _LAZY, _LAZY)]


class _UnknownLimit(Exception):
    pass


def _limit(expr: sp.Expr, tau: sp.Symbol, end: sp.Expr) -> sp.Expr | None:
    """Limit of a SymPy antiderivative at ``end`` (None: diverges; unknown: raise)."""
    value = sp.limit(expr, tau, end)
    if value.has(sp.Limit):
        raise _UnknownLimit
    divergent = value.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.AccumBounds)
    return None if divergent else value


def _one_sided_limit(primitive: sp.Expr, tau: sp.Symbol, point: sp.Expr, side: str) -> sp.Expr:
    """Limit of `primitive` as tau -> `point` from `side` (infinite: the integral diverges).

    `point` may depend on t: the limit is taken in the distance to it, ``tau = point + h``
    with ``h -> 0`` from `side`.
    """
    h = sp.Dummy("h", positive=True)
    shifted = primitive.subs(tau, point + h if side == "+" else point - h)
    value = sp.limit(shifted, h, 0, "+")
    if value.has(sp.Limit):
        raise _UnknownLimit
    return value


def _sympy_definite(integrand: sp.Expr, tau: sp.Symbol, lower: sp.Expr, upper: sp.Expr) -> sp.Expr:
    value = sp.integrate(integrand, (tau, lower, upper), conds="none")
    if value.has(sp.Integral):
        raise NoClosedFormError(
            f"no closed form found for the integral of {integrand} over tau from {lower} to "
            f"{upper}"
        )
    if value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise DivergentError(
            f"the integral of {integrand} over tau from {lower} to {upper} diverges"
        )
    return value


# --- tidy values -----------------------------------------------------------------------------


def tidy(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """Moderate clean-up of a sum of integrals in `t`: expand, merge exponentials, group.

    Powers ``b**u`` of a number are handled as ``exp(u*log(b))`` and turned back at the end,
    so ``2**(t/2)*2**(-t/2)`` cancels. Terms are grouped by their t-dependent factor and each
    coefficient is put over a common denominator. ``Piecewise`` values are folded and each
    branch tidied. No ``simplify`` (too slow on big sums).

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t", real=True)
    >>> tidy(sp.exp(t * sp.log(2) / 2) * 2 ** (-t / 2) - 2 * 2 ** (-t / 2), t)
    1 - 2/2**(t/2)
    >>> tidy(sp.exp(-2 * t) * (sp.exp(t) - 1), t)
    exp(-t) - exp(-2*t)
    """
    if expr.is_Number:
        return expr
    if expr.has(sp.Piecewise):
        folded = sp.piecewise_fold(expr)
        if isinstance(folded, sp.Piecewise):
            return sp.Piecewise(*[(tidy(e, t), _tidy_condition(c)) for e, c in folded.args])
        return folded
    expr = expr.replace(
        lambda e: e.is_Pow and e.base.is_number and e.base.is_positive and not e.exp.is_number,
        lambda e: sp.exp(e.exp * sp.log(e.base)),
    )
    expr = _expand_keeping_exponentials(expr)
    if expr.has(sp.sin):  # sin(u)**2 + cos(u)**2 = 1, the usual leftover of a phase shift
        squares = {
            p: (1 - sp.cos(p.base.args[0]) ** 2) ** (p.exp // 2)
            for p in expr.atoms(sp.Pow)
            if isinstance(p.base, sp.sin) and p.exp.is_Integer and p.exp > 0 and p.exp % 2 == 0
        }
        if squares:
            expr = _expand_keeping_exponentials(expr.xreplace(squares))
    groups: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(expr):
        coeff, dependent = term.as_independent(t, as_Add=False)
        dependent = sp.powsimp(dependent, combine="exp")
        groups[dependent] = groups.get(dependent, sp.S.Zero) + coeff
    out = []
    for dependent, coeff in groups.items():
        if coeff.is_Add:
            coeff = sp.factor(coeff) if coeff.free_symbols else sp.together(coeff)
        term = coeff * dependent
        if term.is_Mul and sum(isinstance(f, sp.exp) for f in term.args) > 1:
            term = sp.powsimp(term, combine="exp")  # exp(-1)*exp(-t) -> exp(-t - 1)
        out.append(term)
    expr = sp.Add(*out)
    return expr.replace(lambda e: isinstance(e, sp.exp), _exp_to_power)


def _expand_keeping_exponentials(expr: sp.Expr) -> sp.Expr:
    """Expand, splitting ``exp(a + b)`` but never moving an exponential into a denominator."""
    expr = expr.replace(
        lambda e: isinstance(e, sp.exp),
        lambda e: sp.Mul(*[sp.exp(a) for a in sp.Add.make_args(sp.expand(e.args[0]))]),
    )
    exps = sorted(expr.atoms(sp.exp), key=sp.default_sort_key)
    if not exps:
        return sp.expand(expr)
    holders = [sp.Dummy(positive=True) for _ in exps]
    expanded = sp.expand(expr.xreplace(dict(zip(exps, holders))))
    return expanded.xreplace(dict(zip(holders, exps)))


def _tidy_condition(cond):
    """``Ne(a - b, 0)`` as ``Ne(a, b)``."""
    if isinstance(cond, sp.Ne) and cond.rhs == 0 and cond.lhs.is_Add and len(cond.lhs.args) == 2:
        first, second = cond.lhs.args
        if second.could_extract_minus_sign():
            return sp.Ne(first, -second)
        if first.could_extract_minus_sign():
            return sp.Ne(second, -first)
    return cond


def _exp_to_power(e: sp.Expr) -> sp.Expr:
    """``exp(u*log(b))`` back to ``b**u`` when b is a positive number."""
    arg = sp.expand(e.args[0])
    logs = [a for a in arg.atoms(sp.log) if a.args[0].is_Rational and a.args[0] > 0]
    if len(logs) != 1:
        return e
    power = sp.expand(arg / logs[0])
    if power.has(sp.log):
        return e
    return sp.Pow(logs[0].args[0], power)
