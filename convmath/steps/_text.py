"""The derivation's steps as plain text: τ, ∞, ≤, no ``**``/``-oo``/``tau`` (or pure ASCII).

This is the one text renderer: the CLI's ``--steps`` prints it in Unicode and
``Derivation.format_steps()`` in ASCII (``ascii=True`` spells τ, ∞, ≤, ∫ as ``tau``, ``oo``,
``<=``, ``integral``).
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from convmath.symbolic._present_print import interval_bounds, one_line
from convmath.symbolic.presentation import display_form

__all__ = ["show", "spell", "interval", "condition_text", "result_lines", "format_text"]

_WORDS = [
    (re.compile(r"\*\*"), "^"),
    (re.compile(r"-oo\b"), "−∞"),
    (re.compile(r"\boo\b"), "∞"),
    (re.compile(r"\btau\b"), "τ"),
    (re.compile(r"\bHeaviside\b"), "u"),
    (re.compile(r"\bDiracDelta\b"), "δ"),
    (re.compile(r"\bAbs\(([^()]*)\)"), r"|\1|"),
    (re.compile(r"<="), "≤"),
    (re.compile(r">="), "≥"),
    (re.compile(r"\blog\("), "ln("),
    (re.compile(r"\bE\b"), "e"),
]

_ASCII = {"τ": "tau", "−∞": "-oo", "∞": "oo", "≤": "<=", "≥": ">=", "≠": "!=", "−": "-"}
_ASCII |= {"∫": "integral", "×": "x", "·": "*", "δ": "delta", "→": "->"}


def show(expr: Any, t: Any = None) -> str:
    """One expression on one line, in its displayed form, the way it is written by hand.

    Examples
    --------
    >>> tau = sp.Symbol("tau")
    >>> show(sp.exp(-tau) * tau**2 + sp.Heaviside(tau))
    'τ^2*exp(-τ) + u(τ)'
    >>> show(-sp.oo)
    '−∞'
    """
    return spell(display_form(sp.sympify(expr), t))


def spell(expr: Any) -> str:
    """`expr` as it is (no presentation step) on one line: ``u``, ``δ``, ``τ``, ``^``, ``ln``.

    Examples
    --------
    >>> spell(sp.Heaviside(sp.Symbol("t")) * sp.Symbol("tau") ** 2)
    'τ^2*u(t)'
    """
    text = one_line(expr)
    for pattern, replacement in _WORDS:
        text = pattern.sub(replacement, text)
    return text


def interval(lo: Any, hi: Any, t: Any) -> str:
    """The region ``lo ≤ t < hi`` in words.

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> interval(-sp.oo, sp.Rational(1, 2), t), interval(0, 1, t), interval(1, sp.oo, t)
    ('t < 1/2', '0 ≤ t < 1', 't ≥ 1')
    """
    if lo is -sp.oo and hi is sp.oo:
        return f"all {t}"
    if lo is -sp.oo:
        return f"{t} < {show(hi)}"
    if hi is sp.oo:
        return f"{t} ≥ {show(lo)}"
    return f"{show(lo)} ≤ {t} < {show(hi)}"


def condition_text(condition: Any) -> str:
    """A displayed case's condition in words (``-1/2 ≤ t < 1/2``, ``a ≠ b``, ``otherwise``).

    Examples
    --------
    >>> t, a, b = sp.symbols("t a b")
    >>> condition_text(sp.And(t >= -1, t < 0)), condition_text(sp.Ne(a, b))
    ('-1 ≤ t < 0', 'a ≠ b')
    >>> condition_text(sp.Abs(t) < 1), condition_text(sp.true)
    ('|t| < 1', 'otherwise')
    """
    if condition is sp.true:
        return "otherwise"
    chain = interval_bounds(condition)
    if chain is not None:
        lo, first, middle, second, hi = chain
        return f"{show(lo)} {first} {show(middle)} {second} {show(hi)}"
    if isinstance(condition, sp.And):
        return ", ".join(condition_text(c) for c in condition.args)
    words = {sp.Ne: "≠", sp.Eq: "=", sp.StrictLessThan: "<", sp.LessThan: "≤"}
    words |= {sp.StrictGreaterThan: ">", sp.GreaterThan: "≥"}
    sign = words.get(type(condition))
    if sign is None:
        return show(condition)
    return f"{show(condition.lhs)} {sign} {show(condition.rhs)}"


def result_lines(result: Any, t: Any) -> list[str]:
    """The displayed result: one line per case (``value   for condition``), then the rest."""
    shown = display_form(sp.sympify(result), t)
    terms = sp.Add.make_args(shown) if shown.is_Add else (shown,)
    cases = [term for term in terms if isinstance(term, sp.Piecewise)]
    rest = [term for term in terms if not isinstance(term, sp.Piecewise)]
    if len(cases) != 1:
        return [spell(shown)]
    lines = [f"{spell(e)}   {_for(c)}" for e, c in cases[0].args]
    if rest:
        lines.append("+ " + spell(sp.Add(*rest, evaluate=False)))
    return lines


def _for(condition: Any) -> str:
    return "otherwise" if condition is sp.true else f"for {condition_text(condition)}"


def format_text(d: Any, *, typed: tuple[str, str] | None = None, ascii: bool = False) -> str:
    """The :class:`~convmath.symbolic._derivation.Derivation` as numbered steps of text.

    `typed`: the inputs as the user typed them, echoed before their meaning.
    """
    if d.cases:  # parameter cases (a < b, a = b, a > b): each case rendered as below
        return d.format_cases(lambda case: format_text(case, typed=typed, ascii=ascii))
    t, tau = d.t, d.tau
    lines = [f"(f * g)({t}) = ∫ f(τ) g({t} − τ) dτ over −∞ < τ < ∞"]
    for name, given, text in (("f", d.f, typed and typed[0]), ("g", d.g, typed and typed[1])):
        meaning = spell(given)
        if text:  # as typed, then what it means unless that reads the same ("exp(-t) u(t)")
            meaning = text if _squeezed(text) == _squeezed(meaning) else f"{text} = {meaning}"
        lines.append(f"  {name}({t}) = {meaning}")
    if d.parameters:
        lines.append(f"  parameters (taken positive): {', '.join(map(str, d.parameters))}")
    lines += ["", *_pieces_lines(d)]
    shown = ", ".join(show(b) for b in d.breakpoints) or "none"
    lines += ["", f"2. Breakpoints of the result (sums of input breakpoints): {shown}", ""]
    lines.append(f"3. On each region of {t}, integrate each overlapping piece pair:")
    for region in d.regions:
        lines += _region_lines(region, t, tau)
    step = 4
    if d.sifted:
        lines += ["", f"{step}. Deltas sift the other input: w·δ(t − c) * s = w·s(t − c):"]
        for s in d.sifted:
            lines.append(f"  {_delta(s.weight, s.location, t)} in {s.source}: {show(s.term, t)}")
        step += 1
    if d.deltas:
        shown = " + ".join(_delta(x.weight, x.location, t) for x in d.deltas)
        lines.append(f"  deltas of the result (δ * δ): {shown}")
    if d.derivative_terms:
        lines += ["", *_derivative_lines(d, step)]
        step += 1
    lines += [
        "",
        f"{step}. Result: (f * g)({t}) =",
        *("  " + r for r in result_lines(d.result, t)),
    ]
    if d.verification is not None:
        c = d.verification
        lines += [
            "",
            f"{step + 1}. Check against quadrature at {len(c.t_values)} samples: "
            f"max |closed − quad| = {c.max_error:.2e} (tolerance {c.tolerance:.1e})",
        ]
    text = "\n".join(lines)
    return _to_ascii(text) if ascii else text


def _to_ascii(text: str) -> str:
    for symbol, word in _ASCII.items():
        text = text.replace(symbol, word)
    return text


def _pieces_lines(d: Any) -> list[str]:
    t = d.t
    lines = [f"1. Split each input at its breakpoints (pieces on [lo, hi) in {t}):"]
    for name, split in (("f", d.f_pieces), ("g", d.g_pieces)):
        if not split.pieces and not split.deltas:
            lines.append(f"  {name} = 0")
        for k, p in enumerate(split.pieces):
            lines.append(f"  {name}{k}: [{show(p.lo)}, {show(p.hi)}) → {show(p.expr, t)}")
        for delta in split.deltas:
            lines.append(f"  {name} delta: {_delta(delta.weight, delta.location, t)}")
    return lines


def _region_lines(region: Any, t: Any, tau: Any) -> list[str]:
    lines = [f"  {interval(region.lo, region.hi, t)}:"]
    if not region.pairs and not region.sifted:
        lines.append("    no overlap: 0")
    for p in region.pairs:
        lines.append(
            f"    f{p.f_index} × g{p.g_index}: ∫ from {show(p.lower)} to {show(p.upper)} of "
            f"{show(p.integrand, t)} d{show(tau)} = {show(p.value, t)}"
        )
    for s in region.sifted:
        other = "g" if s.source == "f" else "f"
        lines.append(
            f"    delta {s.delta_index} of {s.source} sifts {other}{s.piece_index}: "
            f"{show(s.value, t)}"
        )
    if len(region.pairs) + len(region.sifted) > 1:
        lines.append(f"    sum = {show(region.value, t)}")
    return lines


def _derivative_lines(d: Any, step: int) -> list[str]:
    t = d.t
    lines = [
        f"{step}. Delta derivatives differentiate the other input: "
        f"w·δ^(n)({t} − c) * s = w·s^(n)({t} − c) (jumps of s give deltas):"
    ]
    for term in d.derivative_terms:
        delta = f"{show(term.weight)}·δ^({term.order})({t} − {show(term.location)})"
        where = "f * g" if term.source == "f*g" else f"{delta} in {term.source}"
        lines.append(f"  {where}: {show(term.term, t)}")
    return lines


def _delta(weight: Any, location: Any, t: Any) -> str:
    """``w·δ(t − c)``, written ``δ(t)`` for a unit delta at 0."""
    where = f"{t}" if location == 0 else f"{t} − {show(location)}"
    return f"{'' if weight == 1 else show(weight) + '·'}δ({where})"


def _squeezed(text: str) -> str:
    return re.sub(r"[\s*]", "", text)
