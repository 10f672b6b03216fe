"""Helpers shared by the test modules: configuration strategies and brute-force sizes.

The strategies are the library's own generators (:mod:`convmath.verification.cases`, the
ones ``convmath verify`` runs on a seeded NumPy generator) driven by hypothesis; sizes stay
small so the naive reference loops of :mod:`convmath.numeric.reference` finish quickly.

The size references count windows and scatter positions one by one, straight from the
definitions: they share nothing with :mod:`convmath._sizes`, whose formulas they check.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath.verification.cases import (
    draw_conv_case,
    draw_matrix_pair,
    draw_padding_case,
    draw_pool_case,
    draw_transposed_case,
)
from convmath.verification.draws import strategy

__all__ = [
    "configs",
    "transposed_configs",
    "pool_configs",
    "padding_configs",
    "matrix_pairs",
    "leading_rows",
    "arrays_for",
    "window_count",
    "unused_padded_samples",
    "scatter_length",
]


def configs(**options: Any):
    """Convolutions (:class:`~convmath.verification.cases.ConvCase`)."""
    return strategy(draw_conv_case, **options)


def transposed_configs(**options: Any):
    """Transposed convolutions (:class:`~convmath.verification.cases.TransposedCase`)."""
    return strategy(draw_transposed_case, **options)


def pool_configs(**options: Any):
    """Pooling calls (:class:`~convmath.verification.cases.PoolCase`)."""
    return strategy(draw_pool_case, **options)


def padding_configs(**options: Any):
    """Paddings torch accepts (:class:`~convmath.verification.cases.PaddingCase`)."""
    return strategy(draw_padding_case, **options)


def matrix_pairs(**options: Any):
    """A single-channel convolution and a transposed convolution of its output."""
    return strategy(draw_matrix_pair, **options)


def arrays_for(seed: int, *shapes: tuple[int, ...]) -> list[np.ndarray]:
    """Seeded standard-normal arrays of the given shapes."""
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for shape in shapes]


def leading_rows(channels: int, full: tuple[int, ...], kept: tuple[int, ...]) -> np.ndarray:
    """Row numbers of a ``(channels, *full)`` C-order output that lie in ``(channels, *kept)``.

    ``conv_matrix`` of the size a transposed convolution produces has ``full >= kept``
    outputs per axis (more only when ``output_padding >= stride``).
    """
    grid = np.indices((channels, *kept)).reshape(len(full) + 1, -1)
    return np.ravel_multi_index(tuple(grid), (channels, *full))


def _window_starts(i: int, k: int, s: int, p: int, d: int) -> list[int]:
    """Padded positions where a window of `k` taps, `d` apart, starts and still fits."""
    padded = i + 2 * p
    return [start for start in range(0, padded, s) if start + d * (k - 1) < padded]


def window_count(i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Convolution output size, by counting the windows that fit the padded input."""
    return len(_window_starts(i, k, s, p, d))


def unused_padded_samples(i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Padded samples after the end of the last window: the output padding that gives `i` back
    to the transposed convolution."""
    last = max(_window_starts(i, k, s, p, d))
    return i + 2 * p - (last + d * (k - 1) + 1)


def scatter_length(i: int, k: int, s: int = 1, p: int = 0, d: int = 1, a: int = 0) -> int:
    """Transposed-convolution output size: every input spreads over taps ``y s + t d``; the
    full result is cropped by `p` on both sides and extended by `a` on the high side."""
    reached = max(y * s + t * d for y in range(i) for t in range(k))
    return reached + 1 - 2 * p + a
