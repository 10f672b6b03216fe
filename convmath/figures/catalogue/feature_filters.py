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
from convmath.figures.registry import FigureSpec, Layout
from convmath.figures.style import is_single_column, panel_title

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

    single = is_single_column(axes["image"].figure)
    show(axes["image"], image, f"(a) grey input, {image.shape[0]}×{image.shape[1]} px")
    for letter, key, (name, _), kernel, response in zip("bcd", _KEYS, filters, kernels, maps):
        draw_grid(axes[f"k{key}"], kernel, colors="kernel", fmt=signed)
        panel_title(axes[f"k{key}"], letter, name.split(": ")[0] if single else name)
        axes[f"k{key}"].set_ylim(kernel.shape[0] + 0.1, -0.1)
        limit = float(np.percentile(np.abs(response), 98))
        show(axes[f"r{key}"], response, "", limits=(-limit, limit))
    image_ax = axes[f"r{_KEYS[-1]}"].images[0]
    bar = axes["image"].figure.colorbar(
        image_ax,
        ax=[axes[f"r{k}"] for k in _KEYS],
        shrink=0.6,
        ticks=[],
        location="bottom" if single else "right",
    )
    bar.set_label("response: negative  ←  0  →  positive", fontsize=7)
    bar.outline.set_linewidth(0.4)


FIGURE = FigureSpec(
    name="feature-filters",
    description="Kernels as feature extractors. (a) a grey photograph; (b)-(d) a kernel above "
    "its response (cross-correlation, as in CNNs; mid-grey is 0): (b) the horizontal gradient "
    "(Sobel x) finds vertical edges, (c) the vertical gradient (Sobel y) horizontal edges, "
    "(d) the Laplacian both",
    layout=[["image", "ka", "kb", "kc"], ["image", "ra", "rb", "rc"]],
    draw=draw,
    aspect=0.44,
    width="double",
    mosaic_kw={"height_ratios": [1, 2.6]},
    other_width=Layout(
        [["image", "image", "image"], ["ka", "kb", "kc"], ["ra", "rb", "rc"]],
        1.25,
        {"height_ratios": [2.2, 0.8, 1.8]},
    ),
)
