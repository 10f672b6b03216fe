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
from typing import Any

import numpy as np

from convmath.figures.grids import COLORS, EDGES, draw_grid, grid_arrow
from convmath.figures.registry import FigureSpec

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
        from convmath.errors import ConvmathError

        raise ConvmathError(
            f"weights must have {f.size} columns (one per flattened feature); got {w.shape}"
        )
    kernels = w.reshape(w.shape[0], *f.shape)
    z = conv(f, kernels)[:, 0, 0] + np.asarray(bias, dtype=float)
    return f.ravel(order="C"), z, softmax(z)


def _fmt(value: float) -> str:
    return f"{value:g}".replace("-", "−")


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

    ax = axes["net"]
    centre = n / 2 - 0.5
    block = channels * height + (channels - 1)
    top = centre + 0.5 - block / 2
    for c in range(channels):
        origin = (0.0, top + c * (height + 1))
        draw_grid(
            ax,
            f[c],
            fmt=_fmt,
            colors="input",
            origin=origin,
            title=f"feature map, channel {c}" if c == 0 else f"channel {c}",
        )
    col_x = width + 2.6
    column = draw_grid(
        ax, flat.reshape(n, 1), fmt=_fmt, colors="input", origin=(col_x, -0.5), title="flatten"
    )
    for c in range(channels):
        grid_arrow(
            ax,
            (width + 0.15, top + c * (height + 1) + height / 2),
            ax,
            (col_x - 0.15, c * height * width + height * width / 2 - 0.5),
            color=EDGES["input"],
        )
    unit_x = col_x + 7.0
    ys = np.linspace(0.5, n - 1.5, m)
    largest = np.abs(w).max()
    for i in range(m):
        for j in range(n):
            ax.plot(
                [col_x + 1.0, unit_x - 0.45],
                [column.center(j, 0)[1], ys[i]],
                color=EDGES["kernel"],
                linewidth=0.3 + 0.9 * abs(w[i, j]) / largest,
                linestyle="solid" if w[i, j] > 0 else (0, (2, 1.5)),
                alpha=0.85,
                zorder=1,
            )
    for i in range(m):
        ax.add_patch(
            _circle((unit_x, ys[i]), 0.45, COLORS["output"], EDGES["output"]),
        )
        ax.text(unit_x, ys[i], f"$z_{i}$", ha="center", va="center", fontsize=7, zorder=4)
        ax.text(
            unit_x + 0.7,
            ys[i],
            f"{_fmt(round(z[i], 4))}",
            ha="left",
            va="center",
            fontsize=7,
        )
    ax.text(
        (col_x + 1 + unit_x) / 2,
        n - 0.1,
        f"dense: every input to every score\n{m}×{n} = {m * n} weights + {m} biases\n"
        "solid: w > 0, dashed: w < 0",
        ha="center",
        va="top",
        fontsize=6.5,
        linespacing=1.4,
    )
    ax.text(unit_x + 0.4, -0.6, "scores\nz = W x + b", ha="center", va="bottom", fontsize=7)
    ax.set_xlim(-0.3, unit_x + 2.2)
    ax.set_ylim(n + 1.6, -1.5)
    ax.set_aspect("equal")
    ax.set_axis_off()

    ax_p = axes["probs"]
    positions = np.arange(m)[::-1]
    ax_p.barh(positions, p, color=COLORS["output"], edgecolor=EDGES["output"], linewidth=0.7)
    for y, prob in zip(positions, p):
        ax_p.text(prob + 0.02, y, f"{prob:.2f}", va="center", fontsize=7)
    ax_p.set_yticks(
        positions, [f"{name}\n($z$ = {_fmt(round(s, 4))})" for name, s in zip(classes, z)]
    )
    ax_p.set_xlim(0, 1.0)
    ax_p.set_xlabel("softmax probability")
    ax_p.set_title(r"softmax: $p_i = e^{z_i} / \sum_j e^{z_j}$", fontsize=7)
    ax_p.tick_params(axis="y", length=0, labelsize=7)


def _circle(xy: tuple[float, float], radius: float, face: str, edge: str) -> Any:
    from matplotlib.patches import Circle

    return Circle(xy, radius, facecolor=face, edgecolor=edge, linewidth=0.9, zorder=3)


FIGURE = FigureSpec(
    name="fully-connected",
    description="Flatten a feature map, a dense layer (every input to every score) and softmax "
    "probabilities for three classes",
    layout=[["net", "probs"]],
    draw=draw,
    aspect=0.36,
    width="double",
    mosaic_kw={"width_ratios": [1.7, 1]},
)
