"""The record of a graphical derivation of ``(f * g)(t)`` and its plain-text rendering.

Every step the engine takes is kept: the pieces of each input, the breakpoints of the
result (sums of input breakpoints), the regions of t with the integral of each piece pair
(limits, integrand, value), the sifted deltas, the assembled result and the numerical
check. ``Derivation.format_steps()`` prints them the way one would on paper; the CLI's
``--steps`` shows exactly this text.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from convmath.symbolic._pieces import Delta, SignalPieces
from convmath.symbolic._regions import Region
from convmath.symbolic._verify import Verification

__all__ = ["SiftedDelta", "Derivation"]


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

    def format_steps(self) -> str:
        """The derivation as plain text, one step per block."""
        t, tau = self.t, self.tau
        out = [
            f"(f * g)({t}) = integral over {tau} from -oo to oo of f({tau}) g({t} - {tau})",
            f"  f({t}) = {sp.sstr(self.f)}",
            f"  g({t}) = {sp.sstr(self.g)}",
        ]
        if self.parameters:
            out.append(f"  parameters (taken positive): {', '.join(map(str, self.parameters))}")
        out.append("")
        out.append(f"1. Split each input at its breakpoints (pieces on [lo, hi) in {t}):")
        for name, split in (("f", self.f_pieces), ("g", self.g_pieces)):
            if not split.pieces and not split.deltas:
                out.append(f"  {name} = 0")
            for k, piece in enumerate(split.pieces):
                out.append(f"  {name}{k}: [{piece.lo}, {piece.hi}) -> {sp.sstr(piece.expr)}")
            for delta in split.deltas:
                out.append(
                    f"  {name} delta: {sp.sstr(delta.weight)} * delta({t} - {delta.location})"
                )
        out.append("")
        shown = ", ".join(map(str, self.breakpoints)) or "none"
        out.append(f"2. Breakpoints of the result (sums of input breakpoints): {shown}")
        out.append("")
        out.append(
            f"3. On each region of {t}, integrate each overlapping piece pair "
            f"f_i({tau}) g_j({t} - {tau}):"
        )
        for region in self.regions:
            out.append(f"  {_interval(region.lo, region.hi, t)}:")
            if not region.pairs and not region.sifted:
                out.append("    no overlap: 0")
            for pair in region.pairs:
                out.append(
                    f"    f{pair.f_index} x g{pair.g_index}: integral from {pair.lower} to "
                    f"{pair.upper} of {sp.sstr(pair.integrand)} d{tau} = {sp.sstr(pair.value)}"
                )
            for term in region.sifted:
                other = "g" if term.source == "f" else "f"
                out.append(
                    f"    delta {term.delta_index} of {term.source} sifts {other}"
                    f"{term.piece_index}: {sp.sstr(term.value)}"
                )
            if len(region.pairs) + len(region.sifted) > 1:
                out.append(f"    sum = {sp.sstr(region.value)}")
        step = 4
        if self.sifted:
            out.append("")
            out.append(f"{step}. Deltas sift the other input: w*delta(t - c) * s = w*s(t - c):")
            step += 1
            for sift in self.sifted:
                out.append(
                    f"  {sp.sstr(sift.weight)}*delta({t} - {sift.location}) in {sift.source}: "
                    f"{sp.sstr(sift.term)}"
                )
        if self.deltas:
            shown = " + ".join(
                f"{sp.sstr(d.weight)}*delta({t} - {d.location})" for d in self.deltas
            )
            out.append(f"  deltas of the result (delta * delta): {shown}")
        out.append("")
        out.append(f"{step}. Result: (f * g)({t}) = {sp.sstr(self.result)}")
        if self.verification is not None:
            check = self.verification
            out.append("")
            out.append(
                f"{step + 1}. Check against quadrature at {len(check.t_values)} samples: "
                f"max |closed - quad| = {check.max_error:.2e} (tolerance {check.tolerance:.1e})"
            )
        return "\n".join(out)


def _interval(lo: sp.Expr, hi: sp.Expr, t: sp.Symbol) -> str:
    if lo is -sp.oo and hi is sp.oo:
        return f"all {t}"
    if lo is -sp.oo:
        return f"{t} < {hi}"
    if hi is sp.oo:
        return f"{t} >= {lo}"
    return f"{lo} <= {t} < {hi}"
