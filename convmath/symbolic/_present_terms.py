"""One formula written the way a textbook does, without changing its value.

Each exponential term ``c · b^(k t + m)`` is written as ``c' · b^(k (t − s))`` with the shift
``s`` chosen among the region's edges, the result's breakpoints and ``−m/k`` so that the
coefficient ``c' = c · b^(m + k s)`` is simplest: ``e^3 e^(−t)`` becomes ``e^(−(t − 3))`` and
``9600·2^(3/4)·2^(−t/2)`` becomes ``1200·2^(−(t − 15/2)/2)``. Terms with the same exponential
are collected, common factors pulled out, polynomials factored when that is shorter (perfect
squares), trigonometry collected. Of all the candidates the one with the fewest operations
(``sympy.count_ops``) is kept; each candidate comes from identities, so all are equal.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> textbook(sp.exp(3) * sp.exp(-t), t)
exp(-(t - 3))
>>> textbook(1200 / sp.log(2) - 9600 * sp.sqrt(2) * 2 ** (-t / 2) / sp.log(2), t, [7])
1200*(1 - 2**(-(t - 7)/2))/log(2)
>>> textbook(t**2 - 2 * t + 1, t)
(t - 1)**2
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy as sp

__all__ = [
    "textbook",
    "simplest",
    "cost",
    "digits",
    "held_content",
    "merged_roots",
    "shifted_power",
    "replace_kept",
]

_TRIG = (sp.sin, sp.cos, sp.tan, sp.sinh, sp.cosh, sp.tanh)


def simplest(candidates: Iterable[sp.Expr], marks: dict | None = None) -> sp.Expr:
    """The earliest candidate of least :func:`cost` (`marks`: placeholders, see below)."""
    listed = list(candidates)
    return min(listed, key=lambda e: (cost(e, marks), digits(e), listed.index(e)))


def digits(expr: sp.Expr) -> int:
    """How many digits the numbers of `expr` have (``800`` beats ``256·800`` on a tie)."""
    return sum(
        len(str(abs(node.p))) + (len(str(node.q)) if node.q != 1 else 0)
        for node in sp.preorder_traversal(expr)
        if isinstance(node, sp.Rational)
    )


def cost(expr: sp.Expr, marks: dict | None = None) -> int:
    """Operations as a reader counts them: ``count_ops`` plus one per irrational number.

    A placeholder for a shifted exponential counts as the unshifted one (``e^(−(t − 3))`` as
    ``e^(−t)``, in a variable of its own so that two shifts never merge), so writing the
    shift costs nothing and absorbing ``e^3`` into it saves; ``2^(3/4)`` or ``√2`` counts once more than ``count_ops`` says, so whole
    coefficients win ties; two exponentials of one base in a product count 2 more.

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> cost(8 * sp.sqrt(2) * 2 ** (-t / 2)), cost(2 ** (sp.Rational(7, 2) - t / 2))
    (9, 4)
    """
    evaluated = marks.evaluated if isinstance(marks, _Placeholders) else {}
    # a placeholder's stand-in never changes once made, so a cost is worked out once per set
    memo = marks.costs if isinstance(marks, _Placeholders) else _COSTS
    if expr not in memo:
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        visible = replace_kept(expr, evaluated) if evaluated else expr
        nodes = sp.preorder_traversal(visible)
        surds = sum(1 for n in nodes if n.is_Pow and n.is_number and not n.exp.is_Integer)
        memo[expr] = int(sp.count_ops(visible)) + surds + 2 * exponential_products(visible)
    return memo[expr]


#: Costs of expressions without placeholders, and of coefficients (both pure functions).
_COSTS: dict[sp.Expr, int] = {}
_COEFFICIENTS: dict[tuple[Any, ...], sp.Expr] = {}
_MEMO_SIZE = 4096


def exponential_products(expr: sp.Expr) -> int:
    """How many exponentials multiply another of the same base (``e^3 e^(−t)`` counts 1).

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> exponential_products(sp.exp(3) * sp.exp(-t)), exponential_products(sp.exp(3 - t))
    (1, 0)
    """
    extra = 0
    for node in sp.preorder_traversal(expr):
        if node.is_Mul:
            bases = [_as_power(factor)[0] for factor in node.args]
            found = [b for b in bases if b is not None]
            extra += len(found) - len(set(found))
    return extra


def shifted_power(base: sp.Expr, k: sp.Expr, s: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """``base^(k (t − s))`` with the shift kept together: ``e^(−(t − 3))``, ``2^(−(t − 7)/2)``.

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> shifted_power(sp.E, -1, 3, t), shifted_power(2, -sp.Rational(1, 2), 0, t)
    (exp(-(t - 3)), 2**(-t/2))
    """
    if s == 0:
        exponent = k * t
    elif k == 1:
        exponent = t - s
    else:  # kept unevaluated, or SymPy would multiply the shift back out
        exponent = sp.UnevaluatedExpr(sp.Mul(k, sp.Add(t, -s, evaluate=False), evaluate=False))
    if base is sp.E:
        return sp.exp(exponent)
    return sp.Pow(base, exponent)


def replace_kept(expr: sp.Expr, mapping: dict) -> sp.Expr:
    """``expr.xreplace(mapping)`` without evaluating the nodes it rebuilds.

    Examples
    --------
    >>> x, t = sp.Dummy("x"), sp.Symbol("t")
    >>> held = sp.Mul(1200, 1 - x, evaluate=False)
    >>> replace_kept(held, {x: shifted_power(2, -sp.Rational(1, 2), 7, t)})
    1200*(1 - 2**(-(t - 7)/2))
    """
    if expr in mapping:
        return mapping[expr]
    if not expr.args or not any(expr.has(key) for key in mapping):
        return expr
    args = [replace_kept(arg, mapping) for arg in expr.args]
    try:
        return expr.func(*args, evaluate=False)
    except TypeError:  # a node without evaluate= (it does not rewrite its arguments anyway)
        return expr.func(*args)


@dataclass(frozen=True)
class _Term:
    """``coeff · rest · base^(k t + m)``; `base` None for a term with no exponential in t."""

    coeff: sp.Expr
    rest: sp.Expr
    base: Any = None
    k: Any = None
    m: Any = None


def textbook(expr: sp.Expr, t: sp.Symbol, shifts: Iterable[sp.Expr] = ()) -> sp.Expr:
    """`expr` in textbook form (equal to it): see the module docstring."""
    expr = sp.sympify(expr)
    if not expr.has(t):
        return simplest([expr, sp.factor_terms(expr), sp.powsimp(expr), _factor(expr)])
    if expr.has(sp.Piecewise, sp.Heaviside, sp.DiracDelta, sp.Abs, sp.sign, sp.Integral):
        return expr
    starts = [expr]
    if expr.has(*_TRIG):
        starts.append(sp.factor_terms(sp.expand(sp.expand_trig(expr))))
    shift_set = _ordered([*(sp.sympify(s) for s in shifts), sp.S.Zero])
    options = []
    for start in starts:
        form, marks = _exponential_form(start, t, shift_set)
        options.append((cost(form, marks), replace_kept(form, marks)))
    options.append((cost(expr), expr))
    shown = min(options, key=lambda option: option[0])[1]
    merged = merged_roots(shown)
    return merged if cost(merged) < cost(shown) else shown


class _Placeholders(dict):
    """Symbols standing for shifted exponentials while terms are collected and factored.

    The mapping is symbol -> the exponential it stands for (ready for ``xreplace``).
    """

    def __init__(self) -> None:
        super().__init__()
        self._symbols: dict[tuple[Any, Any, Any], sp.Symbol] = {}
        self.evaluated: dict[sp.Symbol, sp.Expr] = {}
        self.costs: dict[sp.Expr, int] = {}

    def __call__(self, base: Any, k: sp.Expr, s: sp.Expr, t: sp.Symbol) -> sp.Symbol:
        key = (base, k, s)
        if key not in self._symbols:
            self._symbols[key] = sp.Dummy("X", positive=True)
            self[self._symbols[key]] = shifted_power(base, k, s, t)
            # the shift is free, and distinct shifts stay distinct (their own variable)
            self.evaluated[self._symbols[key]] = _power(base, k * sp.Dummy(t.name))
        return self._symbols[key]


def _exponential_form(
    expr: sp.Expr, t: sp.Symbol, shifts: list[sp.Expr]
) -> tuple[sp.Expr, _Placeholders]:
    """`expr` with each exponential shifted (a placeholder) and terms collected by it."""
    terms = [_split_term(term, t) for term in sp.Add.make_args(sp.expand(expr))]
    plain = sp.Add(*[term.coeff * term.rest for term in terms if term.base is None])
    groups: dict[tuple[Any, Any], list[_Term]] = {}
    for term in terms:
        if term.base is not None:
            groups.setdefault((term.base, term.k), []).append(term)
    marks = _Placeholders()
    total = _tidy(plain, t)
    for (base, k), members in groups.items():
        total += _best_group(base, k, members, t, shifts, marks)
    expanded = sp.expand(total)
    forms = [held_content(expanded), held_content(total), sp.factor_terms(total), total]
    forms.append(_by_coefficient(expanded, list(marks)))
    return simplest(forms, marks), marks


def _by_coefficient(expr: sp.Expr, marks: list[sp.Symbol]) -> sp.Expr:
    """Terms with equal coefficients grouped: ``c (X₁ − X₂) + d (X₃ − X₄)`` (one per meal)."""
    groups: dict[sp.Expr, list[sp.Expr]] = {}
    for term in sp.Add.make_args(expr):
        coefficient, rest = term.as_independent(*marks, as_Add=False)
        sign = -1 if coefficient.could_extract_minus_sign() else 1
        groups.setdefault(sign * coefficient, []).append(sign * rest)
    return sp.Add(*[sp.Mul(c, sp.Add(*rests), evaluate=False) for c, rests in groups.items()])


def _split_term(term: sp.Expr, t: sp.Symbol) -> _Term:
    """One product as coefficient, other t-dependent factors and one exponential in t."""
    exponents: dict[Any, list[sp.Expr]] = {}
    others = []
    for factor in sp.Mul.make_args(term):
        base, exponent = _as_power(factor)
        if base is not None and exponent.has(t):
            exponents.setdefault(base, []).append(exponent)
        else:
            others.append(factor)
    if len(exponents) != 1:
        return _Term(sp.S.One, term)
    ((base, found),) = exponents.items()
    kept = []
    for factor in others:  # e^(1/2) or 2^(3/4) join the exponent of the same base
        other_base, exponent = _as_power(factor)
        if other_base == base and not exponent.has(t):
            found.append(exponent)
        else:
            kept.append(factor)
    exponent = sp.expand(sp.Add(*found))
    coeff = sp.Mul(*[f for f in kept if not f.has(t)])
    rest = sp.Mul(*[f for f in kept if f.has(t)])
    poly = sp.Poly(exponent, t) if exponent.is_polynomial(t) else None
    if poly is None or poly.degree() != 1:
        exponent = simplest([exponent, _factor(exponent)])
        return _Term(sp.S.One, coeff * rest * _power(base, exponent))
    k, m = poly.coeff_monomial(t), poly.coeff_monomial(1)
    return _Term(coeff, rest, base, k, m)


def _as_power(factor: sp.Expr) -> tuple[Any, sp.Expr]:
    """``(base, exponent)`` of an exponential-like factor (``exp``, ``E``, ``2^x``), or None."""
    if isinstance(factor, sp.exp):
        return sp.E, factor.args[0]
    if factor is sp.E:
        return sp.E, sp.S.One
    if factor.is_Pow and factor.base.is_number and factor.base.is_positive:
        return factor.base, factor.exp
    return None, factor


def _power(base: Any, exponent: sp.Expr) -> sp.Expr:
    return sp.exp(exponent) if base is sp.E else sp.Pow(base, exponent)


def _best_group(
    base: Any,
    k: sp.Expr,
    members: list[_Term],
    t: sp.Symbol,
    shifts: list[sp.Expr],
    marks: _Placeholders,
) -> sp.Expr:
    """The terms ``c_i rest_i base^(k t + m_i)``: each shifted alone or all by one shift."""
    options = _ordered([*shifts, *(-term.m / k for term in members)])
    alone = []
    for term in members:
        forms = [
            _coefficient(base, k, term, s) * term.rest * marks(base, k, s, t) for s in options
        ]
        alone.append(simplest(forms, marks))
    candidates = [sp.factor_terms(sp.Add(*alone)), sp.Add(*alone)]
    for s in options:
        weight = sp.Add(*[_coefficient(base, k, term, s) * term.rest for term in members])
        candidates.append(_tidy(weight, t) * marks(base, k, s, t))
    return simplest(candidates, marks)


def _coefficient(base: Any, k: sp.Expr, term: _Term, s: sp.Expr) -> sp.Expr:
    """``c · base^(m + k s)``, the coefficient left when the exponent is ``k (t − s)``."""
    key = (base, k, term.coeff, term.m, s)
    if key not in _COEFFICIENTS:
        if len(_COEFFICIENTS) > _MEMO_SIZE:
            _COEFFICIENTS.clear()
        value = term.coeff * _power(base, sp.expand(term.m + k * s))
        together = sp.powsimp(value)
        _COEFFICIENTS[key] = simplest([value, together, sp.factor_terms(together)])
    return _COEFFICIENTS[key]


def _tidy(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """A sum without exponentials in t: as is, common factors out, or factored."""
    if expr == 0:
        return expr
    candidates = [held_content(expr), sp.factor_terms(expr), expr]
    if expr.is_polynomial(t) or expr.is_rational_function(t):
        cheap = _cheap_to_factor(expr)  # once: it walks every power of expr
        factored = sp.factor(expr) if cheap else expr
        candidates += [factored, _sign_inside(factored)]
        if cheap:
            candidates.append(sp.factor_terms(sp.cancel(expr)))
    return simplest(candidates)


#: Largest root (denominator of a numeric power's exponent) factoring may meet: 2^(1/99999)
#: makes ``factor`` work in a field extension of that degree, which runs for minutes.
_MAX_ROOT = 24


def _cheap_to_factor(expr: sp.Expr) -> bool:
    """No numeric power with a high root (``2^(7/99999)``) for ``factor`` to adjoin."""
    return all(
        not (p.base.is_number and p.exp.is_Rational and p.exp.q > _MAX_ROOT)
        for p in expr.atoms(sp.Pow)
    )


def _factor(expr: sp.Expr) -> sp.Expr:
    """``sympy.factor`` where it is cheap, else `expr` as it is."""
    return sp.factor(expr) if _cheap_to_factor(expr) else expr


def _sign_inside(expr: sp.Expr) -> sp.Expr:
    """``−100 (t − 13)(t − 7)`` as ``100 (13 − t)(t − 7)``: the minus sign into a factor."""
    if not expr.is_Mul or not expr.could_extract_minus_sign():
        return expr
    factors = list(sp.Mul.make_args(-expr))
    for index, factor in enumerate(factors):
        if factor.is_Add:
            factors[index] = -factor
            return sp.Mul(*factors, evaluate=False)
    return expr


def held_content(expr: sp.Expr) -> sp.Expr:
    """A sum with its rational content pulled out and kept out: ``(1 − e^(−2t))/2``.

    SymPy multiplies a number back into a sum (``(1 - x)/2`` becomes ``1/2 - x/2``).

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> held_content(sp.Rational(1, 2) - sp.exp(-2 * t) / 2)
    (1 - exp(-2*t))/2
    """
    if not expr.is_Add:
        return expr
    content, rest = expr.as_content_primitive()
    if content == 1:
        return expr
    return sp.Mul(content, rest, evaluate=False)


def merged_roots(expr: sp.Expr) -> sp.Expr:
    """Square roots of numbers in a product merged into one: ``√2·√π/2`` as ``√(π/2)``.

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> merged_roots(sp.sqrt(2) * sp.sqrt(sp.pi) * sp.exp(-t**2 / 2) / 2)
    sqrt(pi/2)*exp(-t**2/2)
    """
    if not expr.args:
        return expr
    args = [merged_roots(arg) for arg in expr.args]
    if not expr.is_Mul:
        return expr.func(*args, evaluate=False) if args != list(expr.args) else expr
    roots = [f for f in args if f.is_Pow and f.exp == sp.S.Half and f.base.is_positive]
    numbers = [f for f in args if f.is_Rational]
    if len(roots) < 2:
        return sp.Mul(*args, evaluate=False) if args != list(expr.args) else expr
    inside = sp.Mul(*[r.base for r in roots], *[n**2 for n in numbers])
    sign = -1 if sp.Mul(*numbers) < 0 else 1
    rest = [f for f in args if f not in roots and f not in numbers]
    root = sp.Pow(inside, sp.S.Half, evaluate=False)
    return sp.Mul(*([sp.S.NegativeOne] if sign < 0 else []), root, *rest, evaluate=False)


def _ordered(points: Iterable[sp.Expr]) -> list[sp.Expr]:
    """Finite `points` without repeats, in their order (earlier ones win ties)."""
    kept: list[sp.Expr] = []
    for point in points:
        if point.is_finite is not False and point not in kept:
            kept.append(point)
    return kept
