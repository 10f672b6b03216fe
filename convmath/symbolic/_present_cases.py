"""The case structure of a displayed result: one flat list of intervals in natural order.

The engine returns ``Piecewise((e0, t < b0), (e1, t < b1), ..., (en, True))`` (conditions
read in sequence), sometimes with a ``Piecewise`` over parameters (``a ≠ b``) inside a case.
For display the cases become intervals ``lo ≤ t < hi`` listed left to right with the zero
cases folded into one ``0 otherwise``; a result that is zero up to ``c`` and one formula
after it is ``X · u(t − c)``; a result symmetric about ``c`` may be written in ``|t − c|``
(``rect * rect`` is ``1 − |t|`` for ``|t| < 1``) when that is shorter; parameter splits go
to the top level (``a ≠ b`` / ``a = b``), never nested inside a case.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> engine = sp.Piecewise((0, t < -1), (t + 1, t < 0), (1 - t, t < 1), (0, True))
>>> read_cases(engine, t)
[Case(lo=-1, hi=0, expr=t + 1), Case(lo=0, hi=1, expr=1 - t)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from convmath.symbolic._order import sign_of
from convmath.symbolic._present_terms import cost, replace_kept

__all__ = ["Case", "read_cases", "parameter_branches", "compose"]

#: Writes one case's formula in textbook form: (expr, variable, lo, hi) -> expr.
Writer = Callable[[sp.Expr, sp.Symbol, sp.Expr, sp.Expr], sp.Expr]


@dataclass(frozen=True)
class Case:
    """``expr`` on ``lo ≤ t < hi`` (``lo = -oo`` / ``hi = oo`` for open ends)."""

    lo: sp.Expr
    hi: sp.Expr
    expr: sp.Expr


def read_cases(expr: sp.Expr, t: sp.Symbol) -> list[Case] | None:
    """The non-zero cases of an engine Piecewise read in sequence (None: not of that form)."""
    if not isinstance(expr, sp.Piecewise):
        return None
    cases, lo = [], -sp.oo
    for value, condition in expr.args:
        hi = sp.oo if condition is sp.true else _upper_bound(condition, t)
        if hi is None:
            return None
        if value != 0:
            cases.append(Case(lo, hi, value))
        if hi is sp.oo:
            return cases
        lo = hi
    return None


def _upper_bound(condition: sp.Basic, t: sp.Symbol) -> sp.Expr | None:
    """``b`` when `condition` says ``t < b`` (in any of its spellings: ``a > t``, ``a < -t``)."""
    if not isinstance(
        condition, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)
    ):
        return None
    below = condition.lhs - condition.rhs  # condition: below < 0 (or <= 0)
    if isinstance(condition, (sp.StrictGreaterThan, sp.GreaterThan)):
        below = -below
    slope = below.diff(t)
    rest = sp.expand(below - slope * t)
    if slope.has(t) or rest.has(t) or sign_of(slope) != 1:
        return None
    return sp.cancel(-rest / slope)


def parameter_branches(
    cases: list[Case], t: sp.Symbol
) -> list[tuple[sp.Basic, list[Case]]] | None:
    """Cases holding a Piecewise over parameters, as one case list per parameter branch.

    Returns None when no case has a parameter split (or the splits differ between cases).
    """
    conditions = None
    for case in cases:
        if isinstance(case.expr, sp.Piecewise):
            found = tuple(c for _, c in case.expr.args)
            if any(c.has(t) for c in found) or conditions not in (None, found):
                return None
            conditions = found
    if conditions is None:
        return None
    branches = []
    for index, condition in enumerate(conditions):
        chosen = [
            Case(c.lo, c.hi, c.expr.args[index][0] if isinstance(c.expr, sp.Piecewise) else c.expr)
            for c in cases
        ]
        branches.append((condition, chosen))
    return branches


def compose(cases: list[Case], t: sp.Symbol, write: Writer) -> sp.Expr:
    """The displayed expression of `cases` (zero elsewhere): the shortest faithful layout."""
    if not cases:
        return sp.S.Zero
    if len(cases) == 1 and cases[0].lo is -sp.oo and cases[0].hi is sp.oo:
        return write(cases[0].expr, t, -sp.oo, sp.oo)
    written = [Case(c.lo, c.hi, write(c.expr, t, c.lo, c.hi)) for c in cases]
    if len(cases) == 1 and cases[0].hi is sp.oo:  # the textbook's X · u(t − c)
        factors = sp.Mul.make_args(written[0].expr)
        return sp.Mul(*factors, sp.Heaviside(t - cases[0].lo), evaluate=False)
    options = [_interval_list(written, t)]
    symmetric = _symmetric_form(cases, t, write) if len(cases) > 1 else None
    if symmetric is not None:  # only when it folds cases and is strictly shorter
        options.append(symmetric)
    return min(options, key=lambda option: (cost(option), options.index(option)))


def _condition(lo: sp.Expr, hi: sp.Expr, x: sp.Expr) -> sp.Basic:
    if lo is -sp.oo:
        return sp.StrictLessThan(x, hi)
    if hi is sp.oo:
        return sp.GreaterThan(x, lo)
    return sp.And(sp.GreaterThan(x, lo), sp.StrictLessThan(x, hi), evaluate=False)


def _interval_list(cases: list[Case], t: sp.Symbol) -> sp.Expr:
    """``Piecewise((e0, lo0 ≤ t < hi0), ..., (0, True))`` in the order of t.

    When the cases cover every t, the last one keeps its own condition (``t ≥ 1/2``).
    """
    pairs = [(c.expr, _condition(c.lo, c.hi, t)) for c in cases]
    covered = cases[0].lo is -sp.oo and cases[-1].hi is sp.oo
    if not (covered and all(a.hi == b.lo for a, b in zip(cases, cases[1:]))):
        pairs.append((sp.S.Zero, sp.true))
    return sp.Piecewise(*pairs, evaluate=False)


def _symmetric_form(cases: list[Case], t: sp.Symbol, write: Writer) -> sp.Expr | None:
    """The cases in ``|t − c|`` when they are mirror images about ``c`` (None otherwise)."""
    halves = _mirror_halves(cases, t)
    if halves is None:
        return None
    centre, middle, right = halves
    distance = sp.Abs(t - centre)
    x = sp.Dummy("x", nonnegative=True)
    shown = []
    if middle is not None:
        formula = write(middle.expr, t, middle.lo, middle.hi)
        shown.append((formula, sp.StrictLessThan(distance, middle.hi - centre)))
    for case in right:
        lo, hi = case.lo - centre, case.hi - centre
        formula = write(case.expr.xreplace({t: x + centre}), x, lo, hi)
        condition = _condition(-sp.oo if lo == 0 else lo, hi, distance)
        along = replace_kept(formula, {x: distance}).replace(
            lambda e: e.is_Pow and isinstance(e.base, sp.Abs) and e.exp.is_even,
            lambda e: e.base.args[0] ** e.exp,  # |t|² is t²
        )
        shown.append((along, condition))
    if right and right[-1].hi is sp.oo:
        shown[-1] = (shown[-1][0], sp.true)
    else:
        shown.append((sp.S.Zero, sp.true))
    if len(shown) == 1:
        return shown[0][0]
    return sp.Piecewise(*shown, evaluate=False)


def _mirror_halves(
    cases: list[Case], t: sp.Symbol
) -> tuple[sp.Expr, Case | None, list[Case]] | None:
    """``(c, middle case, cases right of c)`` when `cases` are symmetric about ``c``."""
    finite = [p for c in cases for p in (c.lo, c.hi) if p.is_finite]
    if not finite:
        return None
    centre = (min(finite, key=_real) + max(finite, key=_real)) / 2
    right = [c for c in cases if sign_of(c.lo - centre) in (0, 1)]
    left = [c for c in cases if sign_of(c.hi - centre) in (0, -1)]
    middle = [c for c in cases if c not in right and c not in left]
    if len(left) != len(right) or len(middle) > 1 or not right and not middle:
        return None
    mirror = {t: 2 * centre - t}
    for one, other in zip(right, reversed(left)):
        edges = _mirrored(one.lo, other.hi, centre) and _mirrored(one.hi, other.lo, centre)
        if not edges or sp.expand(one.expr.xreplace(mirror) - other.expr) != 0:
            return None
    if middle and sp.expand(middle[0].expr.xreplace(mirror) - middle[0].expr) != 0:
        return None
    return centre, (middle[0] if middle else None), right


def _mirrored(p: sp.Expr, q: sp.Expr, centre: sp.Expr) -> bool:
    """Whether `p` and `q` are mirror images about `centre` (``p + q = 2 c``)."""
    if p.is_infinite or q.is_infinite:
        return bool(p == -q)
    return sp.expand(p + q - 2 * centre) == 0


def _real(point: sp.Expr) -> float:
    """A number to order `point` by (parameters taken as 1, as for sorting edges only)."""
    return float(point.subs({s: 1 for s in point.free_symbols}))
