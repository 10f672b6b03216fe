"""Printers for displayed results: ``u(t)`` for the unit step, ``ln``, ``lo ≤ t < hi``.

SymPy prints ``Heaviside(t)`` as ``θ(t)``, ``log`` as ``log`` in the 2-D form and an
interval condition as ``t ≥ -1/2 ∧ t < 1/2``; a textbook writes ``u(t)``, ``ln`` and
``-1/2 ≤ t < 1/2``. These printers change only how things are written, never the expression.

Examples
--------
>>> import sympy as sp
>>> t = sp.Symbol("t")
>>> latex(sp.Heaviside(t - 3) * sp.log(2))
'\\\\ln{\\\\left(2 \\\\right)} u\\\\left(t - 3\\\\right)'
>>> latex(sp.And(t >= -sp.Rational(1, 2), t < sp.Rational(1, 2)))
'- \\\\frac{1}{2} \\\\le t < \\\\frac{1}{2}'
>>> print(pretty(sp.Heaviside(t) * sp.log(t)))
ln(t)⋅u(t)
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm
from sympy.printing.str import StrPrinter

__all__ = ["latex", "pretty", "one_line", "interval_bounds", "split_chain"]


def interval_bounds(condition: Any) -> tuple[Any, str, Any, str, Any] | None:
    """``(lo, "≤", x, "<", hi)`` when `condition` is ``lo ≤ x ∧ x < hi`` (None otherwise).

    The middle item is the common side of the two relations (a symbol or ``Abs(t - c)``).

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> interval_bounds(sp.And(t < 2, t >= 1))
    (1, '≤', t, '<', 2)
    >>> interval_bounds(t < 2) is None
    True
    """
    others, chain = split_chain(condition)
    return chain if chain is not None and not others else None


def split_chain(condition: Any) -> tuple[list[Any], tuple[Any, str, Any, str, Any] | None]:
    """The other conditions of an ``And`` and its interval ``lo ≤ x < hi``, if it has one.

    Examples
    --------
    >>> t, a = sp.symbols("t a")
    >>> split_chain(sp.And(sp.Ne(a, 1), t >= -a, t < 0))
    ([Ne(a, 1)], (-a, '≤', t, '<', 0))
    """
    if not isinstance(condition, sp.And):
        return [condition], None
    sides = [(rel, _bound(rel)) for rel in condition.args]
    for rel_lo, lower in sides:
        for rel_hi, upper in sides:
            paired = lower and upper and lower[0] == "lower" and upper[0] == "upper"
            if paired and lower[1] == upper[1]:  # type: ignore[index]
                others = [r for r in condition.args if r is not rel_lo and r is not rel_hi]
                return others, (lower[2], lower[3], lower[1], upper[3], upper[2])  # type: ignore[index]
    return list(condition.args), None


def _bound(rel: Any) -> tuple[str, Any, Any, str] | None:
    """``("lower" | "upper", middle, value, "≤" | "<")`` for one relation, read both ways."""
    signs = {sp.LessThan: "≤", sp.StrictLessThan: "<", sp.GreaterThan: "≤"}
    signs[sp.StrictGreaterThan] = "<"
    if rel.lhs.is_number and not rel.rhs.is_number:  # 1 <= t reads as t >= 1
        rel = rel.reversed
    kind = type(rel)
    if kind not in signs:
        return None
    lhs, rhs = rel.lhs, rel.rhs
    upper = kind in (sp.LessThan, sp.StrictLessThan)
    return ("upper" if upper else "lower", lhs, rhs, signs[kind])


class _KeepOrder:
    """Print an ``UnevaluatedExpr`` (a kept shift ``t − a/2``) in the order it was built, and
    a sum with a positive term first (``e − 1``, ``b − a``, ``sin t − t cos t``)."""

    _settings: dict[str, Any]

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        terms = super()._as_ordered_terms(expr, order=order)  # type: ignore[misc]
        if terms and terms[0].could_extract_minus_sign():
            for index, term in enumerate(terms):
                if not term.could_extract_minus_sign():
                    return [term, *terms[:index], *terms[index + 1 :]]
        return list(terms)

    def _print_UnevaluatedExpr(self, expr: Any) -> Any:
        order = self._settings.get("order")
        self._settings["order"] = "none"
        try:
            return self._print(expr.args[0])  # type: ignore[attr-defined]
        finally:
            self._settings["order"] = order


class _Latex(_KeepOrder, LatexPrinter):
    def _print_Heaviside(self, expr: Any, exp: Any = None) -> str:
        tex = rf"u\left({self._print(expr.args[0])}\right)"
        return rf"\left({tex}\right)^{{{exp}}}" if exp else tex

    def _print_And(self, expr: Any) -> str:
        others, chain = split_chain(expr)
        if chain is None:
            return super()._print_And(expr)
        lo, first, middle, second, hi = chain
        words = {"≤": r"\le", "<": "<"}
        text = (
            f"{self._print(lo)} {words[first]} {self._print(middle)} "
            f"{words[second]} {self._print(hi)}"
        )
        return r",\ ".join([*(self._print(o) for o in others), text])


class _Pretty(_KeepOrder, PrettyPrinter):
    def _print_Heaviside(self, expr: Any) -> Any:
        return self._print_Function(sp.Function("u")(expr.args[0]))

    def _print_log(self, expr: Any) -> Any:
        return self._print_Function(sp.Function("ln")(*expr.args))

    def _print_And(self, expr: Any) -> Any:
        others, chain = split_chain(expr)
        if chain is None:
            return super()._print_And(expr)
        lo, first, middle, second, hi = chain
        pieces: list[Any] = []
        for other in others:
            pieces += [other, ", "]
        pieces += [lo, f" {first} ", middle, f" {second} ", hi]
        form = prettyForm("")
        for piece in pieces:
            form = prettyForm(*form.right(piece if isinstance(piece, str) else self._print(piece)))
        return form


def latex(expr: Any) -> str:
    """LaTeX with ``u(t)``, ``\\ln`` and interval conditions as ``lo \\le t < hi``."""
    return _Latex({"ln_notation": True}).doprint(expr)


def pretty(expr: Any) -> str:
    """SymPy's 2-D Unicode form with ``u(t)``, ``ln`` and ``lo ≤ t < hi``, never wrapped."""
    return _Pretty({"use_unicode": True, "wrap_line": False}).doprint(expr)


class _OneLine(_KeepOrder, StrPrinter):
    def _print_And(self, expr: Any) -> str:
        others, chain = split_chain(expr)
        shown = [self._print(o) for o in others]
        if chain is not None:
            lo, first, middle, second, hi = chain
            shown.append(
                f"{self._print(lo)} {first} {self._print(middle)} {second} {self._print(hi)}"
            )
        return ", ".join(shown)

    def _print_Relational(self, expr: Any) -> str:
        signs = {">=": "≥", "<=": "≤"}
        op = signs.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_Piecewise(self, expr: Any) -> str:
        cases = [
            f"{self._print(e)} otherwise"
            if c is sp.true
            else f"{self._print(e)} for {self._print(c)}"
            for e, c in expr.args
        ]
        return "{" + "; ".join(cases) + "}"

    def _print_Unequality(self, expr: Any) -> str:
        return f"{self._print(expr.lhs)} ≠ {self._print(expr.rhs)}"

    def _print_Equality(self, expr: Any) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"


def one_line(expr: Any) -> str:
    """One line of text (``{1 − Abs(t) for Abs(t) < 1; 0 otherwise}``); not SymPy syntax.

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> one_line(sp.Piecewise((t, sp.And(t >= 0, t < 1)), (0, True)))
    '{t for 0 ≤ t < 1; 0 otherwise}'
    """
    return _OneLine().doprint(expr)
