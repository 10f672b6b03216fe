"""Hypothesis strategies: valid N-D convolution configurations, built valid by construction.

Shared by the ``tests/test_numeric_*.py`` modules. Sizes stay small so the naive reference
loops of :mod:`convmath.numeric.reference` finish quickly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

from convmath.verification.cases import (
    ConvCase,
    windows_see_input,  # noqa: F401 - re-exported
)

__all__ = [
    "Config",
    "configs",
    "transposed_configs",
    "leading_rows",
    "arrays_for",
    "windows_see_input",
]


@dataclass(frozen=True)
class Config(ConvCase):
    """A :class:`~convmath.verification.cases.ConvCase` plus what the tests also need:
    the output padding of a transposed configuration and the output array's shape."""

    output_padding: tuple[int, ...] = field(default=())

    @property
    def d(self) -> int:
        return self.ndim

    @property
    def y_shape(self) -> tuple[int, ...]:
        lead = () if self.batch is None else (self.batch,)
        return (*lead, self.c_out, *self.out_size)

    def transposed_kwargs(self) -> dict:
        """Keyword arguments of ``conv_transpose`` that reproduce the input size ``S``.

        ``output_padding`` is the remainder ``(S + 2p - d (k - 1) - 1) mod s``.
        """
        if isinstance(self.padding, str):  # torch's conv_transpose has no "same" / "valid"
            raise ValueError("transposed_kwargs needs integer padding")
        pads = self.padding
        extra = tuple(
            (n + 2 * p - dl * (k - 1) - 1) % s
            for n, p, dl, k, s in zip(self.size, pads, self.dilation, self.kernel, self.stride)
        )
        return dict(
            stride=self.stride,
            padding=pads,
            output_padding=extra,
            dilation=self.dilation,
            groups=self.groups,
        )


@st.composite
def configs(
    draw: st.DrawFn,
    *,
    dims: tuple[int, ...] = (1, 2, 3),
    modes: tuple[str, ...] = ("zeros",),
    strings: bool = True,
    max_size: int = 6,
) -> Config:
    """A valid :func:`convmath.numeric.conv` configuration (3-D ones are kept tiny)."""
    d = draw(st.sampled_from(dims))
    mode = draw(st.sampled_from(modes))
    small = d == 3
    kernel, stride, dilation, pads, size = [], [], [], [], []
    for _ in range(d):
        k = draw(st.integers(1, 2 if small else 3))
        s = draw(st.integers(1, 2 if small else 3))
        dl = draw(st.integers(1, 2))
        p = draw(st.integers(0, 1 if small else 2))
        extent = dl * (k - 1) + 1
        low = max(1, extent - 2 * p)
        if mode == "reflect":
            low = max(low, p + 1)
        elif mode == "circular":
            low = max(low, p)
        n = draw(st.integers(low, max(low, 4 if small else max_size)))
        kernel.append(k), stride.append(s), dilation.append(dl), pads.append(p), size.append(n)
    padding: tuple[int, ...] | str = tuple(pads)
    fits = all(n >= dl * (k - 1) + 1 for n, dl, k in zip(size, dilation, kernel))
    if strings and fits and draw(st.integers(0, 5)) == 0:
        padding = "valid"
    if strings and mode == "zeros" and draw(st.integers(0, 5)) == 0:
        padding, stride = "same", [1] * d
    groups = draw(st.integers(1, 2))
    return Config(
        batch=draw(st.sampled_from([None, 1, 2])),
        groups=groups,
        c_group=draw(st.integers(1, 2)),
        per_group=draw(st.integers(1, 2)),
        size=tuple(size),
        kernel=tuple(kernel),
        stride=tuple(stride),
        padding=padding,
        dilation=tuple(dilation),
        padding_mode=mode,
    )


@st.composite
def transposed_configs(draw: st.DrawFn, *, dims: tuple[int, ...] = (1, 2, 3)) -> Config:
    """A transposed convolution: ``size`` is the *input* ``I`` (of ``y``), output_padding
    any value in ``[0, max(stride, dilation))``."""
    d = draw(st.sampled_from(dims))
    small = d == 3
    kernel, stride, dilation, pads, size, extra = [], [], [], [], [], []
    for _ in range(d):
        k = draw(st.integers(1, 2 if small else 3))
        s = draw(st.integers(1, 2 if small else 3))
        dl = draw(st.integers(1, 2))
        a = draw(st.integers(0, max(s, dl) - 1))
        i = draw(st.integers(1, 3 if small else 5))
        full = (i - 1) * s + dl * (k - 1) + a + 1
        p = draw(st.integers(0, min(2, (full - 1) // 2)))  # keeps the output positive
        kernel.append(k), stride.append(s), dilation.append(dl), pads.append(p)
        size.append(i), extra.append(a)
    groups = draw(st.integers(1, 2))
    return Config(
        batch=draw(st.sampled_from([None, 1, 2])),
        groups=groups,
        c_group=draw(st.integers(1, 2)),
        per_group=draw(st.integers(1, 2)),
        size=tuple(size),
        kernel=tuple(kernel),
        stride=tuple(stride),
        padding=tuple(pads),
        dilation=tuple(dilation),
        output_padding=tuple(extra),
    )


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
