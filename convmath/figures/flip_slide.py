"""The flip-and-slide picture of a derivation: one panel per region, then ``(f * g)(t)``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["representative_t", "save_flip_slide"]


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


def _smooth(expr: Any, t: Any) -> Any:
    import sympy as sp

    from convmath.symbolic.compiled import array_function

    return array_function(expr.replace(sp.DiracDelta, lambda *a: sp.S.Zero), t)


def _arrows(ax: Any, deltas: Any, shift: Any, sign: float, color: str) -> None:
    for x in deltas:
        where = shift(float(x.location))
        ax.annotate(
            "", (where, 1.0), (where, 0.0), arrowprops={"arrowstyle": "-|>", "color": color}
        )
        ax.text(where, 1.02, f"{float(x.weight):g}", color=color, ha="center", va="bottom")


def _panel(ax: Any, d: Any, region: Any, f: Any, g: Any, span: tuple[float, float]) -> None:
    import numpy as np

    t0 = representative_t(region.lo, region.hi)
    tau = np.linspace(*span, 801)
    ft, gt = np.real(f(tau) + 0 * tau), np.real(g(t0 - tau) + 0 * tau)
    ax.plot(tau, ft, color="C0", label="f(τ)")
    # a curve 1000x smaller would vanish: draw g at f's height and say so in the legend
    peak_f, peak_g = np.max(np.abs(ft)), np.max(np.abs(gt))
    scale = peak_f / peak_g if peak_f > 0 and peak_g > 0 and not 0.2 < peak_f / peak_g < 5 else 1
    shown = f"{scale:.3g}·g({t0:g} − τ)" if scale != 1 else f"g({t0:g} − τ)"
    ax.plot(tau, scale * gt, color="C1", label=shown)
    ax.fill_between(tau, 0, ft * gt, color="C2", alpha=0.35, label="overlap")
    _arrows(ax, d.f_pieces.deltas, lambda c: c, 1.0, "C0")
    _arrows(ax, d.g_pieces.deltas, lambda c: t0 - c, -1.0, "C1")
    for pair in region.pairs:
        for limit in (pair.lower, pair.upper):
            value = float(limit.subs(d.t, t0)) if hasattr(limit, "subs") else float(limit)
            if np.isfinite(value):
                ax.axvline(value, color="0.3", lw=0.8, ls="--")
    from convmath.steps._text import interval

    ax.set_title(f"{interval(region.lo, region.hi, d.t)}   (t = {t0:g})", fontsize="small")
    ax.set_xlabel("τ")


def save_flip_slide(
    derivation: Any, path: str | os.PathLike[str], *, width: str | float = "double"
) -> Path:
    """Draw the graphical method for `derivation` and save it to `path` (png, pdf, svg)."""
    import matplotlib.pyplot as plt
    import numpy as np

    from convmath.figures._save import save_figure
    from convmath.figures.style import figure_width, house_style

    d = derivation
    finite = [float(b) for b in d.breakpoints] or [0.0]
    span = (min(finite) - 2.0, max(finite) + 2.0)
    f, g, result = _smooth(d.f, d.t), _smooth(d.g, d.t), _smooth(d.result, d.t)
    count = len(d.regions) + 1
    columns = 2 if figure_width(width) < 5 else 3
    rows = -(-count // columns)
    with house_style():
        inches = figure_width(width)
        fig, axes = plt.subplots(rows, columns, figsize=(inches, 1.9 * rows), squeeze=False)
        flat = list(axes.ravel())
        for ax, region in zip(flat, d.regions):
            _panel(ax, d, region, f, g, span)
        last = flat[len(d.regions)]
        ts = np.linspace(*span, 801)
        last.plot(ts, np.real(result(ts) + 0 * ts), color="C3")
        for b in finite:
            last.axvline(b, color="0.3", lw=0.8, ls="--")
        for region in d.regions:
            t0 = representative_t(region.lo, region.hi)
            last.plot([t0], [np.real(result(np.array([t0]))[0])], "o", color="C3", ms=3)
        last.set_title("(f * g)(t)", fontsize="small")
        last.set_xlabel("t")
        for ax in flat[count:]:
            ax.set_visible(False)
        flat[0].legend(fontsize="x-small", loc="upper left")
        saved = save_figure(fig, path)
        plt.close(fig)
    return saved
