"""``feature-filters``: edge, gradient and Laplacian kernels as feature extractors.

The same grey photograph filtered by each kernel (:func:`convmath.numeric.conv`, i.e.
cross-correlation as in CNNs, so a kernel reads as written): the response is large where the
image looks like the kernel. Responses are drawn in grey levels, mid-grey = 0.

Examples
--------
>>> [name.split(": ")[-1] for name, _ in FILTERS]
['vertical edges', 'horizontal edges', 'Laplacian']
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.figures.catalogue._photo import grey, photograph, show
from convmath.figures.grids import draw_grid, signed
from convmath.figures.registry import FigureSpec

__all__ = ["FIGURE", "FILTERS", "draw", "responses"]

#: (name, kernel): Sobel x (a horizontal gradient: vertical edges), Sobel y, Laplacian.
FILTERS: tuple[tuple[str, tuple[tuple[int, ...], ...]], ...] = (
    ("$\\partial/\\partial x$: vertical edges", ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1))),
    ("$\\partial/\\partial y$: horizontal edges", ((-1, -2, -1), (0, 0, 0), (1, 2, 1))),
    ("Laplacian", ((0, 1, 0), (1, -4, 1), (0, 1, 0))),
)
_KEYS = ("a", "b", "c")


def responses(image: np.ndarray, kernels: list[np.ndarray]) -> np.ndarray:
    """All kernels applied at once: one ``conv`` with ``C_out = len(kernels)``.

    Examples
    --------
    >>> ramp = np.tile(np.arange(5.0), (5, 1))  # brighter to the right
    >>> # output 3 x 3 = (5 - 3 + 1) squared; Sobel x sees slope 1 * (1 + 2 + 1) * 2 = 8
    >>> responses(ramp, [np.asarray(FILTERS[0][1], float)])[0]
    array([[8., 8., 8.],
           [8., 8., 8.],
           [8., 8., 8.]])
    """
    from convmath.numeric import conv

    weights = np.stack([np.asarray(k, dtype=float) for k in kernels])[:, None]  # (C_out, 1, 3, 3)
    return conv(image[None], weights)


def draw(axes: dict[str, Any], *, reduce: int = 3, filters: Any = FILTERS) -> None:
    """The grey photograph, then for each filter its kernel above its response."""
    image = grey(photograph(reduce))
    kernels = [np.asarray(k, dtype=float) for _, k in filters]
    maps = responses(image, kernels)

    show(axes["image"], image, f"grey input, {image.shape[0]}×{image.shape[1]} px")

    for key, (name, _), kernel, response in zip(_KEYS, filters, kernels, maps):
        draw_grid(axes[f"k{key}"], kernel, colors="kernel", fmt=signed, title=name)
        axes[f"k{key}"].set_ylim(kernel.shape[0] + 0.1, -1.0)
        limit = float(np.percentile(np.abs(response), 98))
        title = f"response ({response.shape[0]}×{response.shape[1]})"
        show(axes[f"r{key}"], response, title, limits=(-limit, limit))
    image_ax = axes[f"r{_KEYS[-1]}"].images[0]
    bar = axes["image"].figure.colorbar(
        image_ax, ax=[axes[f"r{k}"] for k in _KEYS], shrink=0.6, ticks=[]
    )
    bar.set_label("response: negative  ←  0  →  positive", fontsize=7)
    bar.outline.set_linewidth(0.4)


FIGURE = FigureSpec(
    name="feature-filters",
    description="Edge, gradient and Laplacian kernels as feature extractors on the same photograph",
    layout=[["image", "ka", "kb", "kc"], ["image", "ra", "rb", "rc"]],
    draw=draw,
    aspect=0.44,
    width="double",
    mosaic_kw={"height_ratios": [1, 2.6]},
)
