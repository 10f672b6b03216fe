"""The derivation's steps as LaTeX (amsmath) and as Markdown with ``$...$`` math."""

from __future__ import annotations

from typing import Any

import sympy as sp

from convmath.symbolic.presentation import display_form

__all__ = ["tex", "format_latex", "format_markdown", "standalone"]


def tex(expr: Any, t: Any = None) -> str:
    """LaTeX of one expression, after :func:`display_form`, with ``\\ln`` for ``log``.

    Examples
    --------
    >>> tex(sp.log(2) * sp.Symbol("tau"))
    '\\\\tau \\\\ln{\\\\left(2 \\\\right)}'
    """
    return sp.latex(display_form(sp.sympify(expr), t), ln_notation=True)


def _interval(lo: Any, hi: Any, t: Any) -> str:
    if lo is -sp.oo and hi is sp.oo:
        return f"\\text{{all }} {tex(t)}"
    if lo is -sp.oo:
        return f"{tex(t)} < {tex(hi)}"
    if hi is sp.oo:
        return f"{tex(t)} \\ge {tex(lo)}"
    return f"{tex(lo)} \\le {tex(t)} < {tex(hi)}"


def _pieces(d: Any) -> list[str]:
    rows = []
    for name, split in (("f", d.f_pieces), ("g", d.g_pieces)):
        for k, p in enumerate(split.pieces):
            rows.append(
                f"{name}_{{{k}}} &= {tex(p.expr, d.t)} && {tex(d.t)} \\in "
                f"[{tex(p.lo)}, {tex(p.hi)})"
            )
        for x in split.deltas:
            rows.append(f"{name}_\\delta &= {tex(x.weight * sp.DiracDelta(d.t - x.location))}")
    return rows or ["f = g &= 0"]


def _region_rows(d: Any) -> list[str]:
    t, tau, rows = d.t, d.tau, []
    for r in d.regions:
        terms = [
            f"\\int_{{{tex(p.lower)}}}^{{{tex(p.upper)}}} {tex(p.integrand, t)}"
            f"\\,\\mathrm{{d}}{tex(tau)} = {tex(p.value, t)}"
            for p in r.pairs
        ]
        terms += [f"\\text{{sifted: }} {tex(s.value, t)}" for s in r.sifted]
        body = " \\\\\n  &\\quad ".join(terms) if terms else "0 \\quad \\text{(no overlap)}"
        rows.append(f"{_interval(r.lo, r.hi, t)}: &\\quad {body}")
    return rows


def _result(d: Any) -> str:
    cases = " \\\\\n".join(
        f"  {tex(r.value, d.t)} & {_interval(r.lo, r.hi, d.t)}" for r in d.regions
    )
    deltas = "".join(f" + {tex(x.weight * sp.DiracDelta(d.t - x.location))}" for x in d.deltas)
    return f"(f * g)({tex(d.t)}) = \\begin{{cases}}\n{cases}\n\\end{{cases}}{deltas}"


def format_latex(d: Any) -> str:
    """The steps as a LaTeX fragment (amsmath) for the body of an ``article``."""
    t, tau = tex(d.t), tex(d.tau)
    bps = ", ".join(tex(b) for b in d.breakpoints) or "\\text{none}"
    parts = [
        "\\paragraph{Problem.}",
        f"\\[ (f * g)({t}) = \\int_{{-\\infty}}^{{\\infty}} f({tau})\\, g({t} - {tau})"
        f"\\,\\mathrm{{d}}{tau}, \\quad f({t}) = {tex(d.f, d.t)}, \\quad "
        f"g({t}) = {tex(d.g, d.t)} \\]",
        "\\paragraph{1. Pieces.}",
        "\\begin{align*}\n" + " \\\\\n".join(_pieces(d)) + "\n\\end{align*}",
        "\\paragraph{2. Breakpoints} (sums of input breakpoints):",
        f"\\[ {bps} \\]",
        "\\paragraph{3. Regions.} On each region, the overlap integrals:",
        "\\begin{align*}\n" + " \\\\\n".join(_region_rows(d)) + "\n\\end{align*}",
        "\\paragraph{4. Result.}",
        f"\\[ {_result(d)} \\]",
    ]
    if d.verification is not None:
        c = d.verification
        parts.append(
            f"\\paragraph{{5. Check.}} Quadrature at {len(c.t_values)} samples: "
            f"$\\max|\\text{{closed}} - \\text{{quad}}| = {c.max_error:.2e}$."
        )
    return "\n".join(parts)


def format_markdown(d: Any) -> str:
    """The steps as Markdown with ``$...$`` / ``$$...$$`` math (course pages, notes)."""
    t, tau = tex(d.t), tex(d.tau)
    lines = [
        "## Convolution by the graphical method",
        "",
        f"$$(f * g)({t}) = \\int_{{-\\infty}}^{{\\infty}} f({tau})\\, g({t} - {tau})"
        f"\\,\\mathrm{{d}}{tau}$$",
        "",
        f"with $f({t}) = {tex(d.f, d.t)}$ and $g({t}) = {tex(d.g, d.t)}$.",
        "",
        "**1. Pieces**",
        "",
    ]
    for row in _pieces(d):
        math = row.replace("&&", "\\quad").replace("&", "")
        lines.append(f"- ${math}$")
    bps = ", ".join(f"${tex(b)}$" for b in d.breakpoints) or "none"
    lines += ["", f"**2. Breakpoints:** {bps}", "", "**3. Regions**", ""]
    for r in d.regions:
        terms = [
            f"$\\int_{{{tex(p.lower)}}}^{{{tex(p.upper)}}} {tex(p.integrand, d.t)}"
            f"\\,\\mathrm{{d}}{tau} = {tex(p.value, d.t)}$"
            for p in r.pairs
        ] + [f"sifted: ${tex(s.value, d.t)}$" for s in r.sifted]
        lines.append(f"- ${_interval(r.lo, r.hi, d.t)}$: {'; '.join(terms) or '$0$ (no overlap)'}")
    lines += ["", "**4. Result**", "", f"$$ {_result(d)} $$"]
    if d.verification is not None:
        c = d.verification
        lines += [
            "",
            f"**5. Check:** quadrature at {len(c.t_values)} samples, max error {c.max_error:.2e}.",
        ]
    return "\n".join(lines)


def standalone(body: str, figure: str | None = None) -> str:
    """A complete ``article`` document around a LaTeX `body` (and a `figure` file, if any).

    Examples
    --------
    >>> print(standalone("$x$").splitlines()[0])
    \\documentclass{article}
    """
    head = [
        "\\documentclass{article}",
        "\\usepackage[margin=1in]{geometry}",
        "\\usepackage{amsmath,amssymb,graphicx}",
        "\\setcounter{MaxMatrixCols}{64}",
        "\\begin{document}",
        body,
    ]
    if figure is not None:
        head.append(
            "\\begin{figure}[h]\\centering\n"
            f"\\includegraphics[width=\\linewidth]{{{figure}}}\n"
            "\\caption{Flip and slide: one panel per region, then $(f*g)(t)$.}\n\\end{figure}"
        )
    return "\n".join([*head, "\\end{document}", ""])
