"""``fully-connected``: flatten a feature map, a dense layer, softmax scores for three classes.

A 2-channel 2 x 2 feature map is flattened in C order (channel, row, column) into 8 values;
every one of them is connected to every class score (a 3 x 8 weight matrix and 3 biases).
The scores are computed by :func:`convmath.numeric.conv` with a kernel as large as the
feature map -- a dense layer on a feature map *is* such a convolution -- and turned into
probabilities by the softmax ``p_i = exp(z_i) / sum_j exp(z_j)``.

Examples
--------
>>> flat, z, p = dense_scores(FEATURES, WEIGHTS, BIAS)
>>> # 8 = 2 channels * 2 * 2 inputs, 3 classes
>>> flat.shape, z.shape, round(float(p.sum()), 12)
((8,), (3,), 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from convmath.errors import ConvmathError
from convmath.figures.colors import COLORS, EDGES
from convmath.figures.grids import GridArtists, draw_grid, signed
from convmath.figures.marks import grid_arrow
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import panel_title

__all__ = ["FIGURE", "draw", "dense_scores", "softmax", "FEATURES", "WEIGHTS", "BIAS", "CLASSES"]

#: A 2-channel 2 x 2 feature map (e.g. after convolution and pooling).
FEATURES = (((3, 1), (0, 2)), ((1, 4), (2, 0)))
#: Dense weights, one row per class, one column per flattened feature.
WEIGHTS = (
    (1, -1, 1, 2, -1, 1, -2, 1),
    (-1, 2, 1, -1, 1, 1, 1, -1),
    (1, 1, -2, 1, -1, -1, 1, 2),
)
BIAS = (0.5, 0.0, -0.5)
CLASSES = ("cat", "dog", "ship")


def softmax(z: Any) -> np.ndarray:
    """``exp(z_i) / sum_j exp(z_j)``, shifted by ``max(z)`` so nothing overflows.

    Examples
    --------
    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def dense_scores(
    features: Any, weights: Any, bias: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flattened features, class scores ``z = W flat + b`` and softmax probabilities.

    The scores come from :func:`convmath.numeric.conv` with one kernel per class shaped like
    the feature map (``(classes, channels, H, W)``): one output position, every input used.
    """
    from convmath.numeric import conv

    f = np.asarray(features, dtype=float)
    w = np.asarray(weights, dtype=float)
    if w.shape[1] != f.size:
        raise ConvmathError(
            f"weights must have {f.size} columns (one per flattened feature); got {w.shape}",
            argument="weights",
        )
    kernels = w.reshape(w.shape[0], *f.shape)
    z = conv(f, kernels)[:, 0, 0] + np.asarray(bias, dtype=float)
    return f.ravel(order="C"), z, softmax(z)


class _Layout(NamedTuple):
    """Where the parts of the network panel go (data coordinates, rows down)."""

    top: float  # top of the first channel's grid
    column_x: float  # the flattened column
    unit_x: float  # the score units
    unit_y: np.ndarray  # one per class


def draw(
    axes: dict[str, Any],
    *,
    features: Any = FEATURES,
    weights: Any = WEIGHTS,
    bias: Sequence[float] = BIAS,
    classes: Sequence[str] = CLASSES,
) -> None:
    """Feature map -> flattened vector -> dense connections -> scores -> softmax bars."""
    f = np.asarray(features, dtype=float)
    w = np.asarray(weights, dtype=float)
    flat, z, p = dense_scores(f, w, bias)
    channels, height, width = f.shape
    n, m = flat.size, len(classes)
    block = channels * height + (channels - 1)  # the channels, one row apart
    layout = _Layout(
        top=(n / 2 - 0.5) + 0.5 - block / 2,  # the block centred on the column's centre
        column_x=width + 2.6,
        unit_x=width + 2.6 + 7.0,
        unit_y=np.linspace(0.5, n - 1.5, m),
    )
    ax = axes["net"]
    column = _draw_flatten(ax, f, flat, layout)
    _draw_connections(ax, column, w, layout)
    _draw_scores(ax, z, layout)
    _write_captions(ax, n, m, layout)
    panel_title(ax, "a", "flatten, dense layer")
    ax.set_xlim(-0.3, layout.unit_x + 2.2)
    ax.set_ylim(n + 1.6, -1.5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    _draw_probabilities(axes["probs"], p, z, classes)


def _draw_flatten(ax: Any, f: np.ndarray, flat: np.ndarray, layout: _Layout) -> GridArtists:
    """The channels of the feature map, the flattened column, an arrow from each channel."""
    channels, height, width = f.shape
    for c in range(channels):
        draw_grid(
            ax,
            f[c],
            fmt=signed,
            colors="input",
            origin=(0.0, layout.top + c * (height + 1)),
            title=f"channel {c}",
            fontsize=7,
        )
    column = draw_grid(
        ax,
        flat.reshape(flat.size, 1),
        fmt=signed,
        colors="input",
        origin=(layout.column_x, -0.5),
        title="flatten",
        fontsize=7,
    )
    for c in range(channels):
        grid_arrow(
            ax,
            (width + 0.15, layout.top + c * (height + 1) + height / 2),
            ax,
            (layout.column_x - 0.15, c * height * width + height * width / 2 - 0.5),
            color=EDGES["input"],
        )
    return column


def _draw_connections(ax: Any, column: GridArtists, w: np.ndarray, layout: _Layout) -> None:
    """One line per weight: width |w|, solid for w > 0 and dashed for w < 0."""
    largest = np.abs(w).max()
    for i, y_unit in enumerate(layout.unit_y):
        for j in range(w.shape[1]):
            ax.plot(
                [layout.column_x + 1.0, layout.unit_x - 0.45],
                [column.center(j, 0)[1], y_unit],
                color=EDGES["kernel"],
                linewidth=0.3 + 0.9 * abs(w[i, j]) / largest,
                linestyle="solid" if w[i, j] > 0 else (0, (2, 1.5)),
                alpha=0.85,
                zorder=1,
            )


def _draw_scores(ax: Any, z: np.ndarray, layout: _Layout) -> None:
    """A unit per class, ``z_i`` inside and its value beside it."""
    from matplotlib.patches import Circle

    for i, y_unit in enumerate(layout.unit_y):
        ax.add_patch(
            Circle(
                (layout.unit_x, y_unit),
                0.45,
                facecolor=COLORS["output"],
                edgecolor=EDGES["output"],
                linewidth=0.9,
                zorder=3,
            )
        )
        ax.text(layout.unit_x, y_unit, f"$z_{i}$", ha="center", va="center", fontsize=7, zorder=4)
        ax.text(
            layout.unit_x + 0.7, y_unit, signed(round(z[i], 4)), ha="left", va="center", fontsize=7
        )


def _write_captions(ax: Any, n: int, m: int, layout: _Layout) -> None:
    ax.text(
        (layout.column_x + 1 + layout.unit_x) / 2,
        n - 0.1,
        f"{m}×{n} = {m * n} weights + {m} biases\nsolid $w > 0$, dashed $w < 0$",
        ha="center",
        va="top",
        fontsize=7,
        linespacing=1.4,
    )
    ax.text(
        layout.unit_x + 0.4, -0.6, "scores\n$z = Wx + b$", ha="center", va="bottom", fontsize=7
    )


def _draw_probabilities(ax: Any, p: np.ndarray, z: np.ndarray, classes: Sequence[str]) -> None:
    """Softmax probabilities as bars, each class labelled with its score."""
    positions = np.arange(len(classes))[::-1]
    ax.barh(positions, p, color=COLORS["output"], edgecolor=EDGES["output"], linewidth=0.7)
    for y, prob in zip(positions, p):
        ax.text(prob + 0.02, y, f"{prob:.2f}", va="center", fontsize=7)
    ax.set_yticks(
        positions, [f"{name}\n($z$ = {signed(round(s, 4))})" for name, s in zip(classes, z)]
    )
    ax.set_xlim(0, 1.0)
    ax.set_xlabel("softmax probability")
    panel_title(ax, "b", r"softmax: $p_i = e^{z_i} / \sum_j e^{z_j}$")
    ax.tick_params(axis="y", length=0, labelsize=7)


FIGURE = FigureSpec(
    name="fully-connected",
    description="A fully connected classifier head. (a) a 2-channel feature map flattened to a "
    "column of 8, and a dense layer joining every input to every score z = Wx + b (line width "
    "|w|, solid w > 0, dashed w < 0); (b) the softmax probabilities of the three classes",
    layout=[["net", "probs"]],
    draw=draw,
    aspect=0.36,
    width="double",
    mosaic_kw={"width_ratios": [1.7, 1]},
    other_width=Layout([["net"], ["probs"]], 1.12, {"height_ratios": [2.2, 1]}),
)
