"""The record of a graphical derivation of ``(f * g)(t)`` and its plain-text rendering.

Every step the engine takes is kept: the pieces of each input, the breakpoints of the
result (sums of input breakpoints), the regions of t with the integral of each piece pair
(limits, integrand, value), the sifted deltas, the assembled result and the numerical
check, all in the caller's symbols (:func:`record_derivation`).
``Derivation.format_steps()`` prints them the way one would on paper, in ASCII; the CLI's
``--steps`` shows the same text in Unicode (both from :mod:`convmath.steps`).
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
        """The derivation as plain ASCII text, one step per block.

        The same renderer as the CLI's ``--steps`` (:mod:`convmath.steps`), spelled in ASCII.
        """
        from convmath.steps._text import format_text

        return format_text(self, ascii=True)


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
