"""Independent references for the figure tests: the definitions by plain loops, never convmath.

Sizes are found by counting (window positions, cells a scatter touches), convolutions by
their defining sums, and texts are read back from the drawn artists.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

__all__ = [
    "texts",
    "numbers",
    "windows",
    "correlate_loop",
    "scatter_loop",
    "conv_size_by_counting",
    "transposed_size_by_counting",
]


def texts(ax) -> list[str]:
    """Every text artist of `ax`, in drawing order."""
    return [t.get_text() for t in ax.texts]


def numbers(ax) -> list[float]:
    """Every text of `ax` that is a plain number (with the typographic minus), in order."""
    found = []
    for text in texts(ax):
        cleaned = text.replace("−", "-").strip()
        if re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            found.append(float(cleaned))
    return found


def windows(x: np.ndarray, size: int, stride: int) -> list[list[np.ndarray]]:
    """The ``size x size`` windows of `x` at every ``stride``-th position, row by row."""
    rows = (x.shape[0] - size) // stride + 1
    cols = (x.shape[1] - size) // stride + 1
    return [
        [x[r * stride : r * stride + size, c * stride : c * stride + size] for c in range(cols)]
        for r in range(rows)
    ]


def correlate_loop(x, w, s=(1, 1), p=(0, 0), d=(1, 1)) -> np.ndarray:
    """2-D cross-correlation by its definition, zero outside the input.

    Output size by counting the window positions that fit in the padded input.
    """
    x, w = np.asarray(x, float), np.asarray(w, float)
    (h, wd), (kh, kw) = x.shape, w.shape
    oh = conv_size_by_counting(h, kh, s[0], p[0], d[0])
    ow = conv_size_by_counting(wd, kw, s[1], p[1], d[1])
    out = np.zeros((oh, ow))
    for u, v, a, b in itertools.product(range(oh), range(ow), range(kh), range(kw)):
        i, j = u * s[0] - p[0] + a * d[0], v * s[1] - p[1] + b * d[1]
        if 0 <= i < h and 0 <= j < wd:
            out[u, v] += x[i, j] * w[a, b]
    return out


def scatter_loop(x, w, s=(1, 1), p=(0, 0), d=(1, 1), a=(0, 0)) -> np.ndarray:
    """Transposed convolution by its definition: every ``x[i, j] * w`` added at
    ``(i s, j s)`` (taps ``d`` apart), then ``p`` cropped on each side, ``a`` kept high."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    (h, wd), (kh, kw) = x.shape, w.shape
    full = np.zeros(
        ((h - 1) * s[0] + d[0] * (kh - 1) + 1 + a[0], (wd - 1) * s[1] + d[1] * (kw - 1) + 1 + a[1])
    )
    for i, j, u, v in itertools.product(range(h), range(wd), range(kh), range(kw)):
        full[i * s[0] + u * d[0], j * s[1] + v * d[1]] += x[i, j] * w[u, v]
    return full[p[0] : full.shape[0] - p[0], p[1] : full.shape[1] - p[1]]


def conv_size_by_counting(i: int, k: int, s: int, p: int, d: int) -> int | None:
    """Positions ``0, s, 2s, ...`` at which all ``k`` taps, ``d`` apart, fall inside the
    padded input of ``i + 2p`` cells; None where there are none."""
    count = sum(1 for start in range(0, i + 2 * p, s) if start + d * (k - 1) < i + 2 * p)
    return count or None


def transposed_size_by_counting(i: int, k: int, s: int, p: int, a: int) -> int | None:
    """Cells a scatter of ``i`` inputs ``s`` apart (kernel ``k``) touches, plus the output
    padding ``a``, minus ``p`` cropped on each side; None where nothing is left."""
    touched = {n * s + j for n in range(i) for j in range(k)}
    size = max(touched) + 1 + a - 2 * p
    return size if size >= 1 else None
