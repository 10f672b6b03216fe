"""The photograph the image figures filter: Grace Hopper, shipped inside matplotlib.

No downloads: ``matplotlib.cbook.get_sample_data("grace_hopper.jpg")``. Reduced by average
pooling and turned grey by a 1 x 1 convolution, both computed by :mod:`convmath.numeric`.

Examples
--------
>>> rgb = photograph(4)
>>> # 150 x 128 = (600 // 4) x (512 // 4), channels first
>>> rgb.shape, float(rgb.min()) >= 0, float(rgb.max()) <= 1
((3, 150, 128), True, True)
>>> grey(rgb).shape
(150, 128)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.errors import ConvmathError

__all__ = ["photograph", "grey", "show", "LUMA"]

#: ITU-R BT.601 luma weights for R, G, B.
LUMA = (0.299, 0.587, 0.114)


def photograph(reduce: int = 4) -> np.ndarray:
    """The RGB photograph as floats in [0, 1], shape ``(3, H, W)``, `reduce`-fold smaller."""
    import matplotlib.cbook as cbook
    import matplotlib.image as mpimg

    from convmath.numeric import avg_pool

    if not isinstance(reduce, int) or isinstance(reduce, bool) or not 1 <= reduce <= 16:
        raise ConvmathError(
            f"reduce must be an integer from 1 to 16; got {reduce!r}", argument="reduce"
        )
    pixels = mpimg.imread(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
    rgb = np.moveaxis(np.asarray(pixels, dtype=float) / 255.0, -1, 0)  # (3, H, W)
    if reduce == 1:
        return rgb
    return avg_pool(rgb, (reduce, reduce))


def grey(rgb: np.ndarray) -> np.ndarray:
    """Grey levels ``0.299 R + 0.587 G + 0.114 B``: a 1 x 1 convolution over the channels."""
    from convmath.numeric import conv

    weights = np.asarray(LUMA, dtype=float).reshape(1, 3, 1, 1)
    return conv(rgb, weights)[0]


def show(ax: Any, image: np.ndarray, title: str, *, limits: tuple[float, float] = (0, 1)) -> Any:
    """Show a grey ``(H, W)`` image, black at ``limits[0]`` and white at ``limits[1]``, or an
    RGB ``(3, H, W)`` one; titled, without axes. Returns the image artist."""
    if image.ndim == 2:
        shown = ax.imshow(
            image, cmap="gray", vmin=limits[0], vmax=limits[1], interpolation="nearest"
        )
    else:
        shown = ax.imshow(np.clip(np.moveaxis(image, 0, -1), 0, 1), interpolation="nearest")
    ax.set_title(title, fontsize=7.5, loc="left")
    ax.set_axis_off()
    return shown
