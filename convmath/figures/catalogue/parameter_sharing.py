"""``parameter-sharing``: one kernel reused at every position, hence translation equivariance.

Left: the convolution's connections coloured by the kernel entry they carry -- the entries
of :func:`convmath.symbolic.conv_matrix`, so the same three weights ``w_0, w_1, w_2`` appear
at every output. Right: shifting the input shifts the output (computed by
:func:`convmath.numeric.conv` on the signal and on its shifted copy).

Examples
--------
>>> FIGURE.defaults["shift"]
4
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.catalogue._network import draw_network
from convmath.figures.colors import EDGES
from convmath.figures.grids import draw_grid
from convmath.figures.marks import outline_region
from convmath.figures.palette import CASES, SERIES
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import panel_title

__all__ = ["FIGURE", "draw", "shift_right", "equivariance_rows"]

#: One colour per kernel entry w_0, w_1, w_2 (then cycling).
TAP_COLORS = CASES[:4]
SIGNAL = (0, 1, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0)
KERNEL = (1, 2, 1)


def shift_right(x: Any, steps: int) -> np.ndarray:
    """`x` moved `steps` places to the right, zeros entering on the left.

    Examples
    --------
    >>> shift_right([1, 2, 3, 4], 1).tolist()
    [0, 1, 2, 3]
    """
    values = np.asarray(x)
    if not 0 <= steps < values.size:
        raise ConvmathError(
            f"shift must be between 0 and {values.size - 1}; got {steps!r}", argument="steps"
        )
    out = np.zeros_like(values)
    out[steps:] = values[: values.size - steps]
    return out


def equivariance_rows(x: Any, w: Any, steps: int) -> dict[str, np.ndarray]:
    """x, x ∗ w, the shifted x and (shifted x) ∗ w; 'same' zero padding keeps every length.

    Examples
    --------
    >>> rows = equivariance_rows([0, 1, 0, 0, 0], [1, 2, 1], 2)
    >>> # output length 5 = 5 + 2 * 1 - 3 + 1
    >>> rows["y"].tolist(), rows["y_shifted"].tolist()
    ([1.0, 2.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 2.0, 1.0])
    """
    from convmath.numeric import conv

    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    moved = shift_right(x, steps)
    weights = w[None, None]
    return {
        "x": x,
        "y": conv(x[None], weights, padding="same")[0],
        "x_shifted": moved,
        "y_shifted": conv(moved[None], weights, padding="same")[0],
    }


def _tap_color(symbols: list[Any]) -> Any:
    index = {symbol: i for i, symbol in enumerate(symbols)}

    def color(row: int, column: int, entry: Any) -> str:
        return TAP_COLORS[index[entry] % len(TAP_COLORS)]

    return color


def _support(values: np.ndarray) -> tuple[int, int]:
    nonzero = np.flatnonzero(values)
    return (int(nonzero[0]), int(nonzero[-1])) if nonzero.size else (0, 0)


def draw(
    axes: dict[str, Any],
    *,
    signal: Any = SIGNAL,
    kernel: Any = KERNEL,
    shift: int = 4,
    inputs: int = 7,
) -> None:
    """Shared-weight diagram with the kernel, and the shift-in, shift-out rows."""
    w = np.asarray(kernel)
    _draw_shared(axes["shared"], w.size, inputs)
    _draw_equivariance(axes["equivariant"], equivariance_rows(signal, w, shift), w, shift)


def _draw_shared(ax: Any, taps: int, inputs: int) -> None:
    """The convolution's connections coloured by kernel entry, the kernel below them."""
    import sympy
    from matplotlib.patches import Rectangle

    from convmath.symbolic import conv_matrix, kernel_symbols

    symbols = list(kernel_symbols((taps,)))
    matrix = conv_matrix((inputs,), (taps,))
    draw_network(ax, matrix, edge_color=_tap_color(symbols), linewidth=1.3)
    panel_title(ax, "a", f"one kernel: {taps} weights, {matrix.rows} outputs")
    for i, symbol in enumerate(symbols):
        x0 = (inputs - taps) / 2 + i
        ax.add_patch(
            Rectangle(
                (x0 - 0.5, -1.55),
                1,
                1,
                facecolor="white",
                edgecolor=TAP_COLORS[i % len(TAP_COLORS)],
                linewidth=2.0,
            )
        )
        ax.text(x0, -1.05, f"${sympy.latex(symbol)}$", ha="center", va="center", fontsize=7)
    ax.text((inputs - taps) / 2 - 0.8, -1.05, "kernel", ha="right", va="center", fontsize=7)
    ax.set_ylim(-1.75, 2.15)


#: Top of each row of the equivariance panel.
_TOPS = {"x": 0.0, "y": 1.75, "x_shifted": 3.9, "y_shifted": 5.65}


def _draw_equivariance(ax: Any, rows: dict[str, np.ndarray], w: np.ndarray, shift: int) -> None:
    """x, x ∗ w, shifted x and (shifted x) ∗ w, supports outlined, in a commutative square."""
    length = rows["x"].size
    labels = {
        "x": "input $x$",
        "y": f"$x \\ast w$,  $w = ({', '.join(f'{v:g}' for v in w)})$",
        "x_shifted": f"$x$ shifted by {shift}",
        "y_shifted": f"(shifted $x$) $\\ast\\ w$ = $x \\ast w$ shifted by {shift}",
    }
    for key, top in _TOPS.items():
        role = "input" if key.startswith("x") else "output"
        draw_grid(ax, rows[key], colors=role, origin=(0, top), fontsize=7)
        ax.text(0, top - 0.12, labels[key], ha="left", va="bottom", fontsize=7)
    for before, after in (("x", "x_shifted"), ("y", "y_shifted")):
        lo, hi = _support(rows[before])
        outline_region(ax, (0, lo), (1, hi - lo + 1), origin=(0, _TOPS[before]), linewidth=1.4)
        outline_region(
            ax, (0, lo + shift), (1, hi - lo + 1), origin=(0, _TOPS[after]), linewidth=1.4
        )
    _commutative_square(ax, length, shift)
    ax.set_xlim(-1.5, length + 2.0)
    ax.set_ylim(_TOPS["y_shifted"] + 1.2, -0.6)
    panel_title(ax, "b", "translation equivariance")


def _commutative_square(ax: Any, length: int, shift: int) -> None:
    """Convolve (left margin) and shift (right margin) in either order, as brackets."""
    tops = _TOPS
    for (a, b), side, label in (
        (("x", "y"), "left", "$\\ast\\,w$"),
        (("x_shifted", "y_shifted"), "left", "$\\ast\\,w$"),
        (("x", "x_shifted"), "right", f"shift {shift}"),
        (("y", "y_shifted"), "right", f"shift {shift}"),
    ):
        x_edge = -0.1 if side == "left" else length + 0.1
        reach = 1.3 if label.startswith("shift") and a == "y" else 0.4
        color = EDGES["kernel"] if label.startswith("shift") else SERIES["text"]
        _bracket(
            ax, x_edge, tops[a] + 0.5, tops[b] + 0.5, reach if side == "right" else -reach, color
        )
        middle = (tops[a] + tops[b]) / 2 + 0.5
        if side == "left":
            ax.text(x_edge - reach - 0.1, middle, label, ha="right", va="center", fontsize=7)
            continue
        # the inner bracket's label sits above the outer bracket's first line
        where = middle if a == "y" else (tops["x"] + tops["y"]) / 2 + 0.5
        ax.text(
            x_edge + reach + 0.12,
            where,
            label,
            ha="left",
            va="center",
            rotation=90,
            fontsize=7,
            color=color,
        )


def _bracket(ax: Any, x: float, y0: float, y1: float, reach: float, color: str) -> None:
    """An arrow leaving (x, y0) sideways by `reach`, running to y1 and back into (x, y1)."""
    ax.plot([x, x + reach, x + reach], [y0, y0, y1], color=color, lw=0.9, solid_capstyle="butt")
    ax.annotate(
        "",
        xy=(x, y1),
        xytext=(x + reach, y1),
        arrowprops={
            "arrowstyle": "-|>",
            "color": color,
            "lw": 0.9,
            "mutation_scale": 7,
            "shrinkA": 0,
            "shrinkB": 0,
        },
    )


FIGURE = FigureSpec(
    name="parameter-sharing",
    description="Parameter sharing. (a) one kernel of 3 weights reused at every output "
    "position, each connection coloured by the weight it uses; (b) translation equivariance: "
    "convolving then shifting the input by 4 gives the same as shifting then convolving",
    layout=[["shared", "equivariant"]],
    draw=draw,
    aspect=0.36,
    width="double",
    mosaic_kw={"width_ratios": [1, 1.35]},
    other_width=Layout([["shared"], ["equivariant"]], 1.05, {"height_ratios": [1, 1.25]}),
)
