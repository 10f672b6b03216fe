"""The flip-and-slide picture of a derivation: one panel per region, then ``(f * g)(t)``.

Each region's panel shows f(τ), the flipped and shifted g(t − τ) at a representative t
inside the region, the overlap shaded and the integration limits marked and labelled with
their formulas (``τ = t − 1/2``); deltas are arrows with their weights, and a delta that is
sifted in that region is drawn in the overlap's colour. The last panel is the result with the
region boundaries and the representative points. One legend for all panels sits below them.

Examples
--------
>>> panel_grid(4, "double"), panel_grid(6, "double"), panel_grid(3, "single")
((2, 2), (3, 2), (2, 2))
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["representative_t", "panel_grid", "save_flip_slide"]


def representative_t(lo: Any, hi: Any) -> float:
    """A point inside the region ``(lo, hi)``: the middle, or 1 inside an infinite end.

    Examples
    --------
    >>> import sympy as sp
    >>> representative_t(0, 1), representative_t(-sp.oo, 2), representative_t(-sp.oo, sp.oo)
    (0.5, 1.0, 0.0)
    """
    import sympy as sp

    if lo is -sp.oo and hi is sp.oo:
        return 0.0
    if lo is -sp.oo:
        return float(hi) - 1.0
    if hi is sp.oo:
        return float(lo) + 1.0
    return (float(lo) + float(hi)) / 2


def panel_grid(count: int, width: str | float) -> tuple[int, int]:
    """``(columns, rows)`` for `count` panels: 2 columns at a single column's width, else the
    number of columns (2 or 3) that leaves fewer empty cells (3 on a tie)."""
    from convmath.figures.style import figure_width

    if figure_width(width) < 5 or count <= 2:
        columns = 2
    else:
        columns = min((3, 2), key=lambda c: (-count % c, -c))
    return columns, -(-count // columns)


def _function(expr: Any, t: Any) -> Any:
    """`expr` without its deltas as a function on arrays (element by element if it must)."""
    import numpy as np
    import sympy as sp

    from convmath.symbolic.compiled import array_function, scalar_function

    smooth = expr.replace(sp.DiracDelta, lambda *a: sp.S.Zero)
    vectorized = array_function(smooth, t)
    scalar = scalar_function(smooth, t)

    def values(x: Any) -> Any:
        x = np.asarray(x, dtype=float)
        try:
            return np.real(np.broadcast_to(vectorized(x), x.shape).astype(complex))
        except (TypeError, ValueError):  # e.g. erf: math.erf takes one float
            return np.real(np.array([scalar(float(v)) for v in x.ravel()])).reshape(x.shape)

    return values


def _arrows(ax: Any, deltas: Any, where: Any, colors: list[str]) -> None:
    """Deltas as arrows of height 1 with their weight (when it is not 1) above them.

    `where` maps a delta to its place on the axis.
    """
    for x, color in zip(deltas, colors):
        place = where(x)
        ax.annotate(
            "",
            (place, 1.0),
            (place, 0.0),
            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.2, "shrinkA": 0},
        )
        if x.weight != 1:
            ax.text(place, 1.03, f"{float(x.weight):g}", color=color, ha="center", va="bottom",
                    fontsize="x-small")  # fmt: skip


def _limits(ax: Any, region: Any, t: Any, t0: float) -> None:
    """Dashed lines at the integration limits, labelled with their formulas in t.

    The lower limit's label sits left of its line and the upper limit's right of it, so
    both stay outside the shaded overlap between them.
    """
    import numpy as np
    import sympy as sp
    from matplotlib.transforms import blended_transform_factory

    from convmath.steps._text import show

    marks: list[tuple[float, str, str]] = []
    for pair in region.pairs:
        for limit, side in ((pair.lower, "right"), (pair.upper, "left")):
            value = float(sp.sympify(limit).subs(t, t0))
            if np.isfinite(value) and all(abs(value - m[0]) > 1e-9 for m in marks):
                marks.append((value, side, f"τ = {show(limit)}"))  # a shared limit once
    corner = blended_transform_factory(ax.transData, ax.transAxes)
    lo, hi = ax.get_xlim()
    level, previous = 0, -np.inf
    for value, side, text in sorted(marks):
        level = (level + 1) % 3 if value - previous < 0.2 * (hi - lo) else 0  # no overlaps
        previous = value
        ax.axvline(value, color="0.3", lw=0.8, ls="--")
        nudge = (-0.02 if side == "right" else 0.02) * (hi - lo)
        ax.text(value + nudge, 0.97 - 0.1 * level, text, transform=corner, ha=side, va="top",
                fontsize="x-small", color="0.2",
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})  # fmt: skip


def _span(d: Any) -> tuple[float, float]:
    """The τ and t range: the breakpoints, f's edges and deltas, the result's deltas, ± 2.

    (g's edges are lags, not places on the τ axis: g(t − τ) moves with t.)
    """
    import sympy as sp

    points = [*d.breakpoints, *(x.location for x in d.deltas)]
    points += [x.location for x in d.f_pieces.deltas]
    points += [edge for p in d.f_pieces.pieces for edge in (p.lo, p.hi)]
    finite = [float(p) for p in points if sp.sympify(p).is_finite] or [0.0]
    return min(finite) - 2.0, max(finite) + 2.0


def _t0(d: Any, region: Any) -> float:
    """The t drawn for `region`; for one region covering every t, where the result has a delta."""
    if len(d.regions) == 1 and d.deltas and not region.pairs:
        return float(d.deltas[0].location)
    return representative_t(region.lo, region.hi)


def _g_scale(d: Any, f: Any, g: Any, span: tuple[float, float]) -> float:
    """One factor for g in every panel: 1, or f's peak over g's when one would vanish."""
    import numpy as np

    tau = np.linspace(*span, 801)
    peak_f = float(np.max(np.abs(f(tau))))
    peaks = [np.max(np.abs(g(_t0(d, r) - tau))) for r in d.regions]
    peak_g = float(max(peaks, default=0.0))
    if peak_f > 0 and peak_g > 0 and not 0.2 < peak_f / peak_g < 5:
        return peak_f / peak_g
    return 1.0


def _panel(
    ax: Any, d: Any, region: Any, f: Any, g: Any, span: tuple[float, float], scale: float
) -> None:
    import numpy as np

    from convmath.steps._text import interval

    t0 = _t0(d, region)
    tau = np.linspace(*span, 801)
    ft, gt = f(tau), g(t0 - tau)
    ax.plot(tau, ft, color="C0", label="f(τ)")
    # a curve 1000x smaller would vanish: g is drawn at f's height, as the legend says
    factor = np.format_float_positional(scale, precision=3, fractional=False, trim="-")
    ax.plot(tau, scale * gt, color="C1", label=f"{factor}·g(t − τ)" if scale != 1 else "g(t − τ)")
    ax.fill_between(tau, 0, ft * gt, color="C2", alpha=0.35, label="overlap")
    sifted = {(s.source, s.delta_index) for s in region.sifted}
    f_at = [float(x.location) for x in d.f_pieces.deltas]
    g_at = [t0 - float(x.location) for x in d.g_pieces.deltas]
    meeting = {p for p in f_at if any(abs(p - q) < 1e-9 for q in g_at)}  # δ·δ gives a δ
    for name, split, places, color in (
        ("g", d.g_pieces, g_at, "C1"),
        ("f", d.f_pieces, f_at, "C0"),
    ):
        colors = [
            "C2" if (name, k) in sifted or any(abs(p - m) < 1e-9 for m in meeting) else color
            for k, p in enumerate(places)
        ]
        _arrows(ax, split.deltas, dict(zip(split.deltas, places)).__getitem__, colors)
    ax.set_xlim(*span)
    ax.set_ylim(top=max(1.0, float(np.max(ft)), float(np.max(scale * gt))) * 1.25)
    _limits(ax, region, d.t, t0)
    ax.set_title(f"{interval(region.lo, region.hi, d.t)}   (t = {t0:g})", fontsize="small")
    ax.set_xlabel("τ")


def _result_panel(ax: Any, d: Any, result: Any, span: tuple[float, float]) -> None:
    import numpy as np

    ts = np.linspace(*span, 801)
    ax.plot(ts, result(ts), color="C3", label="(f * g)(t)")
    _arrows(ax, d.deltas, lambda x: float(x.location), ["C3"] * len(d.deltas))
    if d.deltas:
        ax.set_ylim(top=max(1.0, float(np.max(result(ts)))) * 1.25)
    for b in d.breakpoints:
        ax.axvline(float(b), color="0.3", lw=0.8, ls="--")
    points = [_t0(d, r) for r in d.regions]
    ax.plot(points, result(np.array(points)), "o", color="C3", ms=3)
    ax.set_title("(f * g)(t)", fontsize="small")
    ax.set_xlabel("t")


def save_flip_slide(
    derivation: Any, path: str | os.PathLike[str], *, width: str | float = "double"
) -> Path:
    """Draw the graphical method for `derivation` and save it to `path` (png, pdf, svg).

    `width`: ``"single"`` (3.5 in, two columns of panels), ``"double"`` (7.2 in) or inches.
    """
    import matplotlib.pyplot as plt

    from convmath.figures._save import save_figure
    from convmath.figures.style import figure_width, house_style

    d = derivation
    span = _span(d)
    f, g, result = _function(d.f, d.t), _function(d.g, d.t), _function(d.result, d.t)
    columns, rows = panel_grid(len(d.regions) + 1, width)
    with house_style():
        inches = figure_width(width)
        height = (1.7 if inches < 5 else 2.0) * rows + 0.3
        fig, axes = plt.subplots(rows, columns, figsize=(inches, height), squeeze=False)
        flat = list(axes.ravel())
        scale = _g_scale(d, f, g, span)
        for ax, region in zip(flat, d.regions):
            _panel(ax, d, region, f, g, span, scale)
        _result_panel(flat[len(d.regions)], d, result, span)
        for ax in flat[len(d.regions) + 1 :]:
            ax.set_visible(False)
        handles, labels = flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncol=3, fontsize="x-small")
        saved = save_figure(fig, path)
        plt.close(fig)
    return saved
