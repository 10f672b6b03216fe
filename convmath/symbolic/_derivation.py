"""The record of a graphical derivation of ``(f * g)(t)`` and its plain-text rendering.

Every step the engine takes is kept: the pieces of each input, the breakpoints of the
result (sums of input breakpoints), the regions of t with the integral of each piece pair
(limits, integrand, value), the sifted deltas, the assembled result and the numerical
check, all in the caller's symbols (:func:`record_derivation`).
``Derivation.format_steps()`` prints them the way one would on paper; the CLI's ``--steps``
shows exactly this text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from convmath.symbolic._assembly import Assembled
from convmath.symbolic._check import Verification
from convmath.symbolic._delta_derivatives import DerivativeTerm
from convmath.symbolic._inputs import Inputs
from convmath.symbolic._pieces import Delta, Piece, SignalPieces
from convmath.symbolic._regions import PairTerm, Region, SiftTerm

__all__ = ["SiftedDelta", "ParameterCase", "Derivation", "record_derivation"]


@dataclass(frozen=True)
class SiftedDelta:
    """``weight * delta(t - location)`` in `source` sifts `other`, the other input.

    Its contribution is ``term = weight * other(t - location)`` (built on demand).
    """

    source: str
    location: sp.Expr
    weight: sp.Expr
    other: sp.Expr
    t: sp.Symbol

    @property
    def term(self) -> sp.Expr:
        """``weight * other(t - location)``."""
        shift = {
            s: self.t - self.location for s in self.other.free_symbols if s.name == self.t.name
        }
        return self.weight * self.other.xreplace(shift)


@dataclass(frozen=True)
class ParameterCase:
    """The derivation in one case of the parameters (`condition`, e.g. ``a < b``)."""

    condition: sp.Basic
    derivation: Derivation


@dataclass(frozen=True)
class Derivation:
    """Everything the engine did to find ``(f * g)(t) = integral f(tau) g(t - tau) dtau``.

    Attributes
    ----------
    f, g : sympy.Expr
        The inputs, in the variable `t`.
    t, tau : sympy.Symbol
        Output variable (the caller's symbol) and integration variable.
    parameters : tuple of sympy.Symbol
        Declared parameters (taken positive).
    f_pieces, g_pieces : SignalPieces
        Each input split into pieces ``[lo, hi) -> expr`` (in `t`) plus deltas.
    breakpoints : tuple of sympy.Expr
        Sorted breakpoints of the result: sums of input breakpoints and delta shifts.
    regions : tuple of Region
        For each interval of t: the piece-pair integrals (limits in t, integrand in `tau`,
        value), the sifted terms active there, and their sum.
    sifted : tuple of SiftedDelta
        Every delta of one input applied to the other input.
    deltas : tuple of Delta
        Delta terms of the result (products of input deltas).
    result : sympy.Expr
        The assembled closed form.
    verification : Verification or None
        The numerical check (None when ``verify=False``).
    derivative_terms : tuple of DerivativeTerm
        Each delta derivative applied to the other input.
    cases : tuple of ParameterCase
        When the order of two breakpoints (`case_points`) depends on the parameters: the
        derivation in each case (``a < b``, ``a = b``, ``a > b``); `result` is then a
        ``Piecewise`` over the cases and the other fields are those of the first case.
    case_points : tuple of sympy.Expr
        The two points whose order splits the cases (empty without cases).
    """

    f: sp.Expr
    g: sp.Expr
    t: sp.Symbol
    tau: sp.Symbol
    parameters: tuple[sp.Symbol, ...]
    f_pieces: SignalPieces
    g_pieces: SignalPieces
    breakpoints: tuple[sp.Expr, ...]
    regions: tuple[Region, ...]
    sifted: tuple[SiftedDelta, ...]
    deltas: tuple[Delta, ...]
    result: sp.Expr
    verification: Verification | None
    derivative_terms: tuple[DerivativeTerm, ...] = ()
    cases: tuple[ParameterCase, ...] = ()
    case_points: tuple[sp.Expr, ...] = ()

    def format_cases(self, render: Callable[[Derivation], str]) -> str:
        """The case split in words, each case rendered by `render`, then the result."""
        left, right = (sp.sstr(p) for p in self.case_points)
        lines = [
            f"The order of the breakpoints {left} and {right} depends on the parameters: "
            f"split into {len(self.cases)} cases "
            f"({'; '.join(sp.sstr(c.condition) for c in self.cases)}).",
        ]
        for k, case in enumerate(self.cases, 1):
            lines += ["", f"Case {k}: {sp.sstr(case.condition)}", ""]
            lines += ["  " + line if line else "" for line in render(case.derivation).splitlines()]
        lines += ["", f"Result over the cases: (f * g)({self.t}) = {sp.sstr(self.result)}"]
        return "\n".join(lines)

    def format_steps(self) -> str:
        """The derivation as plain text, one step per block."""
        if self.cases:
            return self.format_cases(Derivation.format_steps)
        t = self.t
        lines = [*_header(self), "", *_pieces_text(self), ""]
        shown = ", ".join(map(str, self.breakpoints)) or "none"
        lines += [f"2. Breakpoints of the result (sums of input breakpoints): {shown}", ""]
        lines += _regions_text(self)
        step = 4
        if self.sifted:
            lines += ["", *_sifted_text(self, step)]
            step += 1
        if self.deltas:
            shown = " + ".join(
                f"{sp.sstr(d.weight)}*delta({t} - {d.location})" for d in self.deltas
            )
            lines.append(f"  deltas of the result (delta * delta): {shown}")
        if self.derivative_terms:
            lines += ["", *_derivatives_text(self, step)]
            step += 1
        lines += ["", f"{step}. Result: (f * g)({t}) = {sp.sstr(self.result)}"]
        if self.verification is not None:
            check = self.verification
            lines += [
                "",
                f"{step + 1}. Check against quadrature at {len(check.t_values)} samples: "
                f"max |closed - quad| = {check.max_error:.2e} (tolerance {check.tolerance:.1e})",
            ]
        return "\n".join(lines)


def record_derivation(
    inputs: Inputs,
    f_split: SignalPieces,
    g_split: SignalPieces,
    regions: list[Region],
    assembled: Assembled,
    check: Verification | None,
) -> Derivation:
    """The :class:`Derivation` of every step, in the caller's symbols."""
    out = inputs.to_caller
    sifted = tuple(
        SiftedDelta(source, out(d.location), out(d.weight), other, inputs.t)
        for source, split, other in (
            ("f", f_split, inputs.given_g),
            ("g", g_split, inputs.given_f),
        )
        for d in split.deltas
    )
    return Derivation(
        f=inputs.given_f,
        g=inputs.given_g,
        t=inputs.t,
        tau=inputs.tau,
        parameters=inputs.given_parameters,
        f_pieces=_split_to_caller(f_split, out),
        g_pieces=_split_to_caller(g_split, out),
        breakpoints=tuple(out(b) for b in assembled.breakpoints),
        regions=tuple(_region_to_caller(r, out) for r in regions),
        sifted=sifted,
        deltas=tuple(Delta(out(d.location), out(d.weight)) for d in assembled.deltas),
        result=out(assembled.result),
        verification=check,
    )


def _split_to_caller(split: SignalPieces, out: Callable[[sp.Expr], sp.Expr]) -> SignalPieces:
    return SignalPieces(
        tuple(Piece(out(p.lo), out(p.hi), out(p.expr)) for p in split.pieces),
        tuple(Delta(out(d.location), out(d.weight)) for d in split.deltas),
    )


def _region_to_caller(region: Region, out: Callable[[sp.Expr], sp.Expr]) -> Region:
    pairs = tuple(
        PairTerm(
            p.f_index,
            p.g_index,
            out(p.lower),
            out(p.upper),
            out(p.integrand),
            out(p.value),
            p.method,
        )
        for p in region.pairs
    )
    sifted = tuple(
        SiftTerm(s.source, s.delta_index, s.piece_index, out(s.value)) for s in region.sifted
    )
    return Region(out(region.lo), out(region.hi), pairs, sifted, out(region.value))


# --- plain-text rendering ------------------------------------------------------------------


def _header(d: Derivation) -> list[str]:
    t, tau = d.t, d.tau
    lines = [
        f"(f * g)({t}) = integral over {tau} from -oo to oo of f({tau}) g({t} - {tau})",
        f"  f({t}) = {sp.sstr(d.f)}",
        f"  g({t}) = {sp.sstr(d.g)}",
    ]
    if d.parameters:
        lines.append(f"  parameters (taken positive): {', '.join(map(str, d.parameters))}")
    return lines


def _pieces_text(d: Derivation) -> list[str]:
    t = d.t
    lines = [f"1. Split each input at its breakpoints (pieces on [lo, hi) in {t}):"]
    for name, split in (("f", d.f_pieces), ("g", d.g_pieces)):
        if not split.pieces and not split.deltas:
            lines.append(f"  {name} = 0")
        for k, piece in enumerate(split.pieces):
            lines.append(f"  {name}{k}: [{piece.lo}, {piece.hi}) -> {sp.sstr(piece.expr)}")
        for delta in split.deltas:
            lines.append(
                f"  {name} delta: {sp.sstr(delta.weight)} * delta({t} - {delta.location})"
            )
    return lines


def _regions_text(d: Derivation) -> list[str]:
    t, tau = d.t, d.tau
    lines = [
        f"3. On each region of {t}, integrate each overlapping piece pair "
        f"f_i({tau}) g_j({t} - {tau}):"
    ]
    for region in d.regions:
        lines.append(f"  {_interval(region.lo, region.hi, t)}:")
        if not region.pairs and not region.sifted:
            lines.append("    no overlap: 0")
        for pair in region.pairs:
            lines.append(
                f"    f{pair.f_index} x g{pair.g_index}: integral from {pair.lower} to "
                f"{pair.upper} of {sp.sstr(pair.integrand)} d{tau} = {sp.sstr(pair.value)}"
            )
        for term in region.sifted:
            other = "g" if term.source == "f" else "f"
            lines.append(
                f"    delta {term.delta_index} of {term.source} sifts {other}"
                f"{term.piece_index}: {sp.sstr(term.value)}"
            )
        if len(region.pairs) + len(region.sifted) > 1:
            lines.append(f"    sum = {sp.sstr(region.value)}")
    return lines


def _sifted_text(d: Derivation, step: int) -> list[str]:
    lines = [f"{step}. Deltas sift the other input: w*delta(t - c) * s = w*s(t - c):"]
    for sift in d.sifted:
        lines.append(
            f"  {sp.sstr(sift.weight)}*delta({d.t} - {sift.location}) in {sift.source}: "
            f"{sp.sstr(sift.term)}"
        )
    return lines


def _derivatives_text(d: Derivation, step: int) -> list[str]:
    lines = [
        f"{step}. Delta derivatives differentiate the other input: "
        f"w*delta^(n)({d.t} - c) * s = w*s^(n)({d.t} - c) (jumps of s give deltas):"
    ]
    for term in d.derivative_terms:
        delta = f"{sp.sstr(term.weight)}*delta^({term.order})({d.t} - {term.location})"
        where = "f * g" if term.source == "f*g" else f"{delta} in {term.source}"
        lines.append(f"  {where}: {sp.sstr(term.term)}")
    return lines


def _interval(lo: sp.Expr, hi: sp.Expr, t: sp.Symbol) -> str:
    if lo is -sp.oo and hi is sp.oo:
        return f"all {t}"
    if lo is -sp.oo:
        return f"{t} < {hi}"
    if hi is sp.oo:
        return f"{t} >= {lo}"
    return f"{lo} <= {t} < {hi}"
