"""The derivation's steps as LaTeX (amsmath) and as Markdown with ``$...$`` math."""

from __future__ import annotations

from typing import Any

import sympy as sp

from convmath.symbolic._present_print import latex
from convmath.symbolic.presentation import display_form

__all__ = ["tex", "typed_tex", "format_latex", "format_markdown", "standalone"]

_SPECIAL = {c: "\\" + c for c in "&%$#_{}"} | {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def tex(expr: Any, t: Any = None) -> str:
    """LaTeX of one expression, after :func:`display_form`: ``\\ln``, ``u(t)`` for the step.

    Examples
    --------
    >>> tex(sp.log(2) * sp.Symbol("tau"))
    '\\\\tau \\\\ln{\\\\left(2 \\\\right)}'
    """
    return latex(display_form(sp.sympify(expr), t))


def typed_tex(text: str) -> str:
    """What the user typed, verbatim in typewriter type (every LaTeX special escaped).

    Examples
    --------
    >>> print(typed_tex("exp(-t^2) u(t) # {x}"))
    \\texttt{exp(-t\\textasciicircum{}2) u(t) \\# \\{x\\}}
    """
    return "\\texttt{" + "".join(_SPECIAL.get(c, c) for c in text) + "}"


def _given(name: str, expr: Any, t: Any, typed: str | None) -> str:
    """``f(t) = \\texttt{typed} = meaning`` (the meaning as parsed, not restructured)."""
    meaning = latex(expr)
    if typed is None:
        return f"{name}({tex(t)}) = {meaning}"
    return f"{name}({tex(t)}) = \\text{{{typed_tex(typed)}}} = {meaning}"


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
    """The result in its displayed form (one flat case list, deltas once)."""
    return f"(f * g)({tex(d.t)}) = {tex(d.result, d.t)}"


def format_latex(d: Any, *, typed: tuple[str, str] | None = None) -> str:
    """The steps as a LaTeX fragment (amsmath) for the body of an ``article``."""
    t, tau = tex(d.t), tex(d.tau)
    f_given, g_given = (_given(n, e, d.t, x) for n, e, x in _inputs(d, typed))
    bps = ", ".join(tex(b) for b in d.breakpoints) or "\\text{none}"
    parts = [
        "\\paragraph{Problem.}",
        f"\\[ (f * g)({t}) = \\int_{{-\\infty}}^{{\\infty}} f({tau})\\, g({t} - {tau})"
        f"\\,\\mathrm{{d}}{tau} \\]",
        f"\\[ {f_given}, \\qquad {g_given} \\]",
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


def _inputs(d: Any, typed: tuple[str, str] | None) -> list[tuple[str, Any, str | None]]:
    return [("f", d.f, typed and typed[0]), ("g", d.g, typed and typed[1])]


def format_markdown(d: Any, *, typed: tuple[str, str] | None = None) -> str:
    """The steps as Markdown with ``$...$`` / ``$$...$$`` math (course pages, notes)."""
    t, tau = tex(d.t), tex(d.tau)
    lines = [
        "## Convolution by the graphical method",
        "",
        f"$$(f * g)({t}) = \\int_{{-\\infty}}^{{\\infty}} f({tau})\\, g({t} - {tau})"
        f"\\,\\mathrm{{d}}{tau}$$",
        "",
        "with "
        + " and ".join(_given_markdown(n, e, d.t, x) for n, e, x in _inputs(d, typed))
        + ".",
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


def _given_markdown(name: str, expr: Any, t: Any, typed: str | None) -> str:
    if typed is None:
        return f"${name}({tex(t)}) = {latex(expr)}$"
    return f"${name}({tex(t)})$ = `{typed.replace('`', '')}` = ${latex(expr)}$"


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
