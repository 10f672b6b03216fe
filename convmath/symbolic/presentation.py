"""The presentation step: every displayed result passes through :func:`display_form`.

The engine's result is built for exactness, not for reading. :func:`display_form` returns
an expression equal to it (checked numerically before it is returned) written as a textbook
does: one flat list of cases in the order of t (``-1/2 ≤ t < 1/2``), ``X · u(t − c)`` for a
result that starts at ``c``, ``|t|`` for a symmetric result when that is shorter, parameter
splits (``a ≠ b`` / ``a = b``) at the top level, delta terms once after the cases, and each
formula with shifted arguments kept together, one exponential per term, common factors
pulled out and trigonometry collected (:mod:`convmath.symbolic._present_terms`).
The printers in :mod:`convmath.symbolic._present_print` then write ``u(t)``, ``ln`` and
interval conditions. The Python API (``convolve``) still returns the engine's result.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> display_form(sp.Piecewise((0, t < 3), (sp.exp(3 - t), True)), t)
exp(-(t - 3))*Heaviside(t - 3)
>>> display_form(sp.Piecewise((0, t < -1), (t + 1, t < 0), (1 - t, t < 1), (0, True)), t)
Piecewise((1 - Abs(t), Abs(t) < 1), (0, True))
"""

from __future__ import annotations

import functools
import random
from typing import Any

import sympy as sp

from convmath.symbolic._present_cases import Case, compose, parameter_branches, read_cases
from convmath.symbolic._present_terms import textbook

__all__ = ["display_form", "latex", "pretty"]

_SWITCHES = (sp.Heaviside, sp.Abs, sp.sign, sp.Piecewise, sp.Min, sp.Max)


def display_form(expr: Any, variable: Any = None) -> Any:
    """`expr` as it is displayed: equal to it, written in textbook form.

    Parameters
    ----------
    expr : sympy.Expr
        A result of the engine (or any expression in `variable`).
    variable : sympy.Symbol, optional
        The variable t of a result: its cases are laid out as above. Without it only each
        formula is rewritten (in its one free symbol, if it has one), switches left as they are.

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> display_form(sp.exp(-t) * sp.E**3 + 1, t)
    1 + exp(-(t - 3))
    """
    return _display_cached(sp.sympify(expr), variable)


@functools.lru_cache(maxsize=512)
def _display_cached(expr: sp.Expr, variable: Any) -> sp.Expr:
    """:func:`display_form` (the steps show the same expressions in several formats)."""
    if expr.has(sp.UnevaluatedExpr):  # already displayed
        return expr
    if variable is None:
        symbol = _only_symbol(expr)
        return textbook(expr, symbol if symbol is not None else sp.Dummy())
    t = variable
    if not expr.has(t):
        return textbook(expr, sp.Dummy()) if expr.free_symbols else expr
    try:
        shown = _display(expr, t)
        return shown if _agrees(shown, expr, t) else expr
    except Exception:  # a display step never costs the answer: show the engine's own form
        return expr


def latex(expr: Any, variable: Any = None) -> str:
    """LaTeX of the displayed form (``u(t)``, ``\\ln``, ``lo \\le t < hi``)."""
    from convmath.symbolic._present_print import latex as print_latex

    return print_latex(display_form(expr, variable))


def pretty(expr: Any, variable: Any = None) -> str:
    """2-D Unicode text of the displayed form (``u(t)``, ``ln``, ``lo ≤ t < hi``)."""
    from convmath.symbolic._present_print import pretty as print_pretty

    return print_pretty(display_form(expr, variable))


def _only_symbol(expr: sp.Expr) -> sp.Symbol | None:
    symbols = expr.free_symbols
    return next(iter(symbols)) if len(symbols) == 1 else None


def _display(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    from convmath.symbolic.piecewise_form import split_deltas, to_piecewise

    regular, deltas = split_deltas(expr, t)
    cases = read_cases(regular, t)
    if cases is None and regular.has(*_SWITCHES) and regular.free_symbols == {t}:
        cases = read_cases(to_piecewise(regular, t), t)
    if cases is None:
        shown = regular if regular.has(*_SWITCHES) else textbook(regular, t)
    else:
        shown = _compose_cases(cases, t)
    spikes = [d.weight * sp.DiracDelta(t - d.location) for d in deltas]
    if not spikes:
        return shown
    return sp.Add(*([shown] if shown != 0 else []), *spikes, evaluate=False)


def _compose_cases(cases: list[Case], t: sp.Symbol) -> sp.Expr:
    edges = [p for c in cases for p in (c.lo, c.hi) if p.is_finite]

    def write(formula: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> sp.Expr:
        shifts = [lo, hi, *edges] if x == t else [lo, hi]
        return textbook(formula, x, shifts)

    branches = parameter_branches(cases, t)
    if branches is None:
        return compose(cases, t, write)
    shown = [(compose(chosen, t, write), condition) for condition, chosen in branches]
    if len(shown) == 2 and isinstance(shown[0][1], sp.Ne):
        shown[1] = (shown[1][0], sp.Eq(*shown[0][1].args))
    if not any(value.has(sp.Piecewise) for value, _ in shown):
        return sp.Piecewise(*shown, evaluate=False)
    flat, zero = [], False
    for value, condition in shown:
        inner = value.args if isinstance(value, sp.Piecewise) else ((value, sp.true),)
        for e, c in inner:
            if e == 0 and c is sp.true:
                zero = True  # one "0 otherwise" for every branch, at the end
            else:
                flat.append((e, condition if c is sp.true else sp.And(condition, c)))
    return sp.Piecewise(*flat, *([(sp.S.Zero, sp.true)] if zero else []), evaluate=False)


def _agrees(shown: sp.Expr, expr: sp.Expr, t: sp.Symbol) -> bool:
    """Whether `shown` equals `expr` at sample points (deltas compared term by term)."""
    from convmath.symbolic.piecewise_form import heaviside_breakpoints, split_deltas

    if shown == expr:
        return True
    try:
        regular, deltas = split_deltas(expr, t)
        shown_regular, shown_deltas = split_deltas(shown.doit(), t)
    except (ValueError, TypeError, NotImplementedError):
        return False
    if sp.expand(sum(d.weight * sp.DiracDelta(t - d.location) for d in deltas)) != sp.expand(
        sum(d.weight * sp.DiracDelta(t - d.location) for d in shown_deltas)
    ):
        return False
    rng = random.Random(0)
    values = {s: sp.Rational(rng.randint(50, 250), 97) for s in expr.free_symbols - {t}}
    points = _sample_points(expr.xreplace(values), t, heaviside_breakpoints, rng)
    for point in points:
        at = {**values, t: point}
        a = complex(regular.xreplace(at).doit().evalf(20))
        b = complex(shown_regular.xreplace(at).doit().evalf(20))
        if abs(a - b) > 1e-9 * max(1.0, abs(a)):
            return False
    return True


def _sample_points(expr: sp.Expr, t: sp.Symbol, breakpoints: Any, rng: random.Random) -> list:
    """Points inside every interval between the breakpoints of `expr`, and in both tails."""
    try:
        edges = sorted(float(b) for b in breakpoints(expr, t))
    except (TypeError, ValueError):
        edges = []
    edges = edges or [0.0]
    points = [edges[0] - 2.3, edges[-1] + 1.7, edges[-1] + 9.1]
    for lo, hi in zip(edges, edges[1:]):
        points += [lo + (hi - lo) * rng.uniform(0.1, 0.9) for _ in range(2)]
    return [sp.Float(p, 20) for p in points]
