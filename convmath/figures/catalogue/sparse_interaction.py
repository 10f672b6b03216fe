"""``sparse-interaction``: a dense layer connects every input to every output; a convolution
with kernel size k connects each output to k inputs.

The diagrams draw one line per nonzero entry of the layer's matrix: a dense ``n x m`` matrix
and the convolution matrix from :func:`convmath.symbolic.conv_matrix`. The counts ``m·n``
and ``k·n`` come from :func:`convmath.symbolic.parameter_counts`, for growing sizes.

Examples
--------
>>> FIGURE.defaults
{'m': 7, 'k': 3}
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.catalogue._network import draw_network
from convmath.figures.palette import SERIES
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import panel_title

__all__ = ["FIGURE", "draw", "layer_matrices", "count_curves"]


def layer_matrices(m: int, k: int) -> tuple[Any, Any]:
    """The dense ``n x m`` matrix (all ones) and the convolution matrix with kernel size `k`.

    ``n = m - k + 1`` outputs (no padding), from :func:`convmath.numeric.output_shape`.

    Examples
    --------
    >>> dense, conv = layer_matrices(5, 3)
    >>> # 3 = 5 - 3 + 1 outputs; each sees 3 of the 5 inputs
    >>> dense.shape, conv.shape, [sum(1 for v in conv.row(i) if v != 0) for i in range(3)]
    ((3, 5), (3, 5), [3, 3, 3])
    """
    from convmath.numeric import output_shape
    from convmath.symbolic import conv_matrix

    (n,) = output_shape((m,), (k,))
    return np.ones((n, m), dtype=int), conv_matrix((m,), (k,))


def count_curves(sizes: np.ndarray, k: int) -> dict[str, np.ndarray]:
    """Parameters of a dense, a sparse (locally connected) and a shared layer, ``n = m − k + 1``.

    Examples
    --------
    >>> # m = 7 inputs, n = 5 outputs: 35 = 7 * 5, 15 = 3 * 5, 3
    >>> {key: v.tolist() for key, v in count_curves(np.array([7]), 3).items()}
    {'dense': [35.0], 'sparse': [15.0], 'shared': [3.0]}
    """
    from convmath.symbolic import parameter_counts

    counts = [parameter_counts(int(m), int(m) - k + 1, k) for m in sizes]
    return {
        "dense": np.array([float(c.dense) for c in counts]),
        "sparse": np.array([float(c.local) for c in counts]),
        "shared": np.array([float(c.shared) for c in counts]),
    }


def draw(axes: dict[str, Any], *, m: int = 7, k: int = 3) -> None:
    """Dense diagram, convolution diagram, and parameter counts as the layer grows."""
    from convmath.symbolic import parameter_counts

    dense, conv = layer_matrices(m, k)
    n = dense.shape[0]
    counts = parameter_counts(m, n, k)
    middle = m // 2

    draw_network(axes["dense"], dense, highlight_input=middle)
    panel_title(
        axes["dense"],
        "a",
        f"fully connected: $mn = {counts.dense}$ weights",
    )
    draw_network(axes["conv"], conv, highlight_input=middle)
    panel_title(
        axes["conv"],
        "b",
        f"convolution, $k = {k}$: $kn = {counts.local}$ connections",
    )

    for key in ("dense", "conv"):
        axes[key].set_anchor("N")  # titles level with the plot's
    sizes = np.unique(np.geomspace(max(k, 2), 4096, 24).astype(int))
    curves = count_curves(sizes, k)
    ax = axes["counts"]
    ax.loglog(
        sizes, curves["dense"], color=SERIES["fully connected"], label="fully connected $m n$"
    )
    ax.loglog(
        sizes, curves["sparse"], color=SERIES["convolution"], label=f"sparse $k n$ ($k={k}$)"
    )
    ax.loglog(
        sizes, curves["shared"], color=SERIES["shared"], ls="--", label=f"shared kernel $k={k}$"
    )
    ax.plot([m, m], [counts.dense, counts.local], ls="none", marker="o", ms=3, color="black")
    ax.annotate(
        f"the diagrams ($m={m}$)",
        xy=(m * 1.15, float(counts.local + counts.dense) / 2),
        xytext=(m * 2.2, float(counts.local + counts.dense) / 2),
        fontsize=7,
        va="center",
        arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "black"},
    )
    ax.set_xlabel("inputs $m$  (outputs $n = m - k + 1$)")
    ax.set_ylabel("weights")
    panel_title(ax, "c", "weights as the layer grows")
    ax.legend(loc="upper left", fontsize=7)


FIGURE = FigureSpec(
    name="sparse-interaction",
    description="Sparse interactions. (a) a fully connected layer, every input to every output "
    "(m·n weights), and (b) a convolution with k = 3, each output seeing k neighbours (k·n "
    "connections), both drawn from the layer matrices with one input's connections "
    "highlighted; (c) the counts m·n, k·n and the k shared weights as the layer grows",
    layout=[["dense", "conv", "counts"]],
    draw=draw,
    aspect=0.3,
    width="double",
    mosaic_kw={"width_ratios": [1.15, 1.15, 1]},
    other_width=Layout([["dense"], ["conv"], ["counts"]], 1.15, {"height_ratios": [1, 1, 1.9]}),
)
