"""The derivation's steps as plain Unicode text: τ, ∞, ≤, no ``**``/``-oo``/``tau``."""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from convmath.symbolic.presentation import display_form

__all__ = ["show", "interval", "format_text"]

_WORDS = [
    (re.compile(r"\*\*"), "^"),
    (re.compile(r"-oo\b"), "−∞"),
    (re.compile(r"\boo\b"), "∞"),
    (re.compile(r"\btau\b"), "τ"),
    (re.compile(r"\bHeaviside\b"), "u"),
    (re.compile(r"\bDiracDelta\b"), "δ"),
    (re.compile(r"<="), "≤"),
    (re.compile(r">="), "≥"),
    (re.compile(r"\blog\("), "ln("),
]


def show(expr: Any, t: Any = None) -> str:
    """One expression on one line, the way it is written by hand.

    Examples
    --------
    >>> tau = sp.Symbol("tau")
    >>> show(sp.exp(-tau) * tau**2 + sp.Heaviside(tau))
    'τ^2*exp(-τ) + u(τ)'
    >>> show(-sp.oo)
    '−∞'
    """
    text = sp.sstr(display_form(sp.sympify(expr), t))
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


def format_text(d: Any) -> str:
    """The :class:`~convmath.symbolic._derivation.Derivation` as numbered steps of text."""
    if d.cases:  # parameter cases (a < b, a = b, a > b): each case rendered as below
        return d.format_cases(format_text)
    t, tau = d.t, d.tau
    lines = [
        f"(f * g)({t}) = ∫ f({show(tau)}) g({t} − {show(tau)}) d{show(tau)} over −∞ < τ < ∞",
        f"  f({t}) = {show(d.f, t)}",
        f"  g({t}) = {show(d.g, t)}",
    ]
    if d.parameters:
        lines.append(f"  parameters (taken positive): {', '.join(map(str, d.parameters))}")
    lines += ["", f"1. Split each input at its breakpoints (pieces on [lo, hi) in {t}):"]
    for name, split in (("f", d.f_pieces), ("g", d.g_pieces)):
        if not split.pieces and not split.deltas:
            lines.append(f"  {name} = 0")
        for k, p in enumerate(split.pieces):
            lines.append(f"  {name}{k}: [{show(p.lo)}, {show(p.hi)}) → {show(p.expr, t)}")
        for delta in split.deltas:
            lines.append(f"  {name} delta: {show(delta.weight)}·δ({t} − {show(delta.location)})")
    shown = ", ".join(show(b) for b in d.breakpoints) or "none"
    lines += ["", f"2. Breakpoints of the result (sums of input breakpoints): {shown}", ""]
    lines.append(f"3. On each region of {t}, integrate each overlapping piece pair:")
    for region in d.regions:
        lines += _region_lines(region, t, tau)
    step = 4
    if d.sifted:
        lines += ["", f"{step}. Deltas sift the other input: w·δ(t − c) * s = w·s(t − c):"]
        for s in d.sifted:
            lines.append(
                f"  {show(s.weight)}·δ({t} − {show(s.location)}) in {s.source}: {show(s.term, t)}"
            )
        step += 1
    if d.deltas:
        shown = " + ".join(f"{show(x.weight)}·δ({t} − {show(x.location)})" for x in d.deltas)
        lines.append(f"  deltas of the result (δ * δ): {shown}")
    lines += ["", f"{step}. Result: (f * g)({t}) ="]
    lines += [f"  {show(r.value, t)}   for {interval(r.lo, r.hi, t)}" for r in d.regions]
    if d.verification is not None:
        c = d.verification
        lines += [
            "",
            f"{step + 1}. Check against quadrature at {len(c.t_values)} samples: "
            f"max |closed − quad| = {c.max_error:.2e} (tolerance {c.tolerance:.1e})",
        ]
    return "\n".join(lines)


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
