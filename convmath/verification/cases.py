"""Random configurations of convolution, transposed convolution, pooling and padding.

One generator per kind of call, valid by construction, written once against the
:class:`~convmath.verification.draws.Draw` interface: ``convmath verify`` runs it on a seeded
NumPy generator (:func:`conv_cases` and friends: the same seed gives the same cases on every
machine), the property tests on hypothesis (``strategy(draw_conv_case, ...)``, see
:mod:`convmath.verification.draws`). Cases are small -- 1-D, 2-D and 3-D, several channels
and groups, stride (also larger than the kernel), padding, dilation, any allowed output
padding up to its maximum -- so that the naive reference loops of
:mod:`convmath.numeric.reference` finish quickly. The size rules come from
:mod:`convmath._sizes`; the case classes (re-exported here) from
:mod:`convmath.verification.case_types`.

Examples
--------
>>> import numpy as np
>>> cases = conv_cases(np.random.default_rng(0), 5)
>>> len(cases), all(1 <= case.ndim <= 3 for case in cases)
(5, True)
>>> # the d2l example: input 3 x 3, kernel 2 x 2 -> output 2 x 2 = (3 - 2 + 1) x (3 - 2 + 1)
>>> ConvCase(size=(3, 3), kernel=(2, 2)).out_size
(2, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from convmath._sizes import (
    conv_output_size,
    effective_kernel_size,
    largest_pool_padding,
    output_padding_bound,
    smallest_input_size,
    transposed_output_size,
    windows_see_input,
)
from convmath.verification.case_types import ConvCase, PaddingCase, PoolCase, TransposedCase
from convmath.verification.draws import Draw, draw_many

__all__ = [
    "ConvCase",
    "TransposedCase",
    "PoolCase",
    "PaddingCase",
    "draw_conv_case",
    "draw_transposed_case",
    "draw_circular_case",
    "draw_pool_case",
    "draw_padding_case",
    "draw_matrix_pair",
    "conv_cases",
    "transposed_cases",
    "circular_cases",
    "pool_cases",
]


# --- the generators ------------------------------------------------------------------------


def _columns(axes: Sequence[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Per-axis tuples ``(k, s, ...)`` regrouped into per-parameter tuples ``(k_0, k_1, ...)``."""
    return [tuple(column) for column in zip(*axes)]


def _channels(draw: Draw) -> dict[str, Any]:
    return dict(
        groups=draw.integer(1, 2),
        c_group=draw.integer(1, 2),
        per_group=draw.integer(1, 2),
        batch=draw.choice((None, 1, 2)),
    )


def draw_conv_case(
    draw: Draw,
    *,
    dims: tuple[int, ...] = (1, 2, 3),
    modes: tuple[str, ...] = ("zeros",),
    strings: bool = True,
) -> ConvCase:
    """A valid convolution (3-D ones tiny); padding words "valid" / "same" sometimes.

    Examples
    --------
    >>> import numpy as np
    >>> from convmath.verification.draws import NumpyDraw
    >>> case = draw_conv_case(NumpyDraw(np.random.default_rng(1)), dims=(2,), modes=("reflect",))
    >>> case.ndim, case.padding_mode
    (2, 'reflect')
    """
    d = draw.choice(dims)
    mode = draw.choice(modes)
    small = d == 3
    axes = []
    for _ in range(d):
        k = draw.integer(1, 2 if small else 3)
        s = draw.integer(1, 2 if small else 3)
        dl = draw.integer(1, 2)
        p = draw.integer(0, 1 if small else 2)
        low = smallest_input_size(k, p, dl)
        if mode == "reflect":  # torch: reflect padding < input size, circular <= input size
            low = max(low, p + 1)
        elif mode == "circular":
            low = max(low, p)
        axes.append((k, s, dl, p, draw.integer(low, max(low, 4 if small else 6))))
    kernel, stride, dilation, pads, size = _columns(axes)
    padding: tuple[int, ...] | str = pads
    fits = all(n >= effective_kernel_size(k, dl) for n, dl, k in zip(size, dilation, kernel))
    word = draw.integer(0, 9) if strings else -1
    if word == 0 and fits:
        padding = "valid"
    elif word == 1 and mode in ("zeros", "replicate"):  # "same" pads up to d (k - 1)
        padding, stride = "same", (1,) * d
    return ConvCase(
        size=size,
        kernel=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        padding_mode=mode,
        **_channels(draw),
    )


def draw_transposed_case(draw: Draw, *, dims: tuple[int, ...] = (1, 2, 3)) -> TransposedCase:
    """A valid transposed convolution, any output padding ``0 <= a < max(s, d)``."""
    d = draw.choice(dims)
    small = d == 3
    axes = []
    for _ in range(d):
        k = draw.integer(1, 2 if small else 3)
        s = draw.integer(1, 2 if small else 3)
        dl = draw.integer(1, 2)
        a = draw.integer(0, output_padding_bound(s, dl) - 1)
        i = draw.integer(1, 3 if small else 5)
        full = transposed_output_size(i, k, s, 0, dl, a)  # padding p crops 2 p of it
        axes.append((k, s, dl, draw.integer(0, min(2, (full - 1) // 2)), i, a))  # size >= 1
    kernel, stride, dilation, pads, size, extra = _columns(axes)
    return TransposedCase(
        size=size,
        kernel=kernel,
        stride=stride,
        padding=pads,
        dilation=dilation,
        output_padding=extra,
        **_channels(draw),
    )


def draw_circular_case(draw: Draw, *, dims: tuple[int, ...] = (1, 2, 3)) -> ConvCase:
    """A circular convolution that keeps the grid: ``S = s O`` on every axis.

    Padding is ``p = d (k - 1) / 2`` on both sides (``d (k - 1)`` even) or, at stride 1,
    the word "same" (torch's asymmetric split for even kernels), and the stride divides the
    input size. Then rolling the input by ``s m`` rolls the output by ``m``.
    """
    d = draw.choice(dims)
    small = d == 3
    same = draw.integer(0, 3) == 0
    axes = []
    for _ in range(d):
        dl = draw.integer(1, 2)
        if same:
            k, s = draw.integer(1, 2 if small else 4), 1
        else:
            k = draw.choice((1, 3)) if dl == 1 else draw.integer(1, 3)
            s = draw.integer(1, 2)
        total = effective_kernel_size(k, dl) - 1
        m = draw.integer(max(1, -(-total // (2 * s))), 3 if small else 4)  # circular p <= S
        axes.append((k, s, dl, total // 2, s * m))
    kernel, stride, dilation, pads, size = _columns(axes)
    return ConvCase(
        size=size,
        kernel=kernel,
        stride=stride,
        padding="same" if same else pads,
        dilation=dilation,
        padding_mode="circular",
        **_channels(draw),
    )


def draw_pool_case(
    draw: Draw, *, dims: tuple[int, ...] = (1, 2, 3), dilation: bool = True
) -> PoolCase:
    """A valid pooling call: every window sees a real sample; some inputs have ties."""
    while True:  # redraw the rare configurations with a window of padding only
        d = draw.choice(dims)
        small = d == 3
        kernel = tuple(draw.integer(1, 3) for _ in range(d))
        stride = tuple(draw.integer(1, 3) for _ in range(d))
        pads = tuple(draw.integer(0, largest_pool_padding(k)) for k in kernel)
        dils = tuple(draw.integer(1, 2) if dilation else 1 for _ in range(d))
        lows = [smallest_input_size(k, p, dl) for k, p, dl in zip(kernel, pads, dils)]
        size = tuple(draw.integer(low, max(low, 5 if small else 7)) for low in lows)
        if windows_see_input(size, kernel, stride, pads, dils):
            break
    return PoolCase(
        size=size,
        kernel=kernel,
        stride=stride,
        padding=pads,
        dilation=dils,
        channels=draw.integer(1, 3),
        batch=draw.choice((None, 1, 2)),
        ties=draw.integer(0, 2) == 0,
    )


def draw_padding_case(draw: Draw, *, mode: str, max_padding: int = 3) -> PaddingCase:
    """A padding of a 1-D to 3-D shape that torch accepts for `mode`.

    Reflect padding is below the input size, circular padding at most the input size; the
    other modes take up to `max_padding`.
    """
    d = draw.integer(1, 3)
    size = tuple(draw.integer(1, 4 if d == 3 else 6) for _ in range(d))
    limit = {"reflect": lambda n: n - 1, "circular": lambda n: n}.get(mode, lambda n: max_padding)
    pairs = tuple((draw.integer(0, limit(n)), draw.integer(0, limit(n))) for n in size)
    return PaddingCase(size, pairs, mode)


def draw_matrix_pair(
    draw: Draw,
    *,
    dims: tuple[int, ...] = (1, 2),
    max_stride: int = 2,
    max_dilation: int = 2,
    max_size: int = 5,
) -> tuple[ConvCase, TransposedCase]:
    """A single-channel convolution and a transposed convolution of its output.

    The transposed one takes any output padding that PyTorch allows and that leaves a
    positive size -- not only the one that gives the convolution's input size back.
    """
    d = draw.choice(dims)
    axes = []
    for _ in range(d):
        k, s = draw.integer(1, 3), draw.integer(1, max_stride)
        p, dl = draw.integer(0, 2), draw.integer(1, max_dilation)
        low = smallest_input_size(k, p, dl)
        n = draw.integer(low, max(low, max_size))
        o = conv_output_size(n, k, s, p, dl)
        allowed = [
            a
            for a in range(output_padding_bound(s, dl))
            if transposed_output_size(o, k, s, p, dl, a) >= 1
        ]
        axes.append((k, s, p, dl, n, o, draw.choice(allowed)))
    kernel, stride, pads, dilation, size, out, extra = _columns(axes)
    conv = ConvCase(size=size, kernel=kernel, stride=stride, padding=pads, dilation=dilation)
    transposed = TransposedCase(out, kernel, stride, pads, dilation, output_padding=extra)
    return conv, transposed


# --- seeded lists, for the identity suite ----------------------------------------------------


def conv_cases(rng: np.random.Generator, count: int, **options: Any) -> list[ConvCase]:
    """`count` cases of :func:`draw_conv_case` from `rng` (same options).

    Examples
    --------
    >>> import numpy as np
    >>> cases = conv_cases(np.random.default_rng(1), 20, dims=(2,), modes=("reflect",))
    >>> all(case.ndim == 2 and case.padding_mode == "reflect" for case in cases)
    True
    """
    return draw_many(draw_conv_case, rng, count, **options)


def transposed_cases(rng: np.random.Generator, count: int, **options: Any) -> list[TransposedCase]:
    """`count` cases of :func:`draw_transposed_case` from `rng`.

    Examples
    --------
    >>> import numpy as np
    >>> cases = transposed_cases(np.random.default_rng(0), 30)
    >>> all(a < max(s, d) for c in cases
    ...     for a, s, d in zip(c.output_padding, c.stride, c.dilation))
    True
    """
    return draw_many(draw_transposed_case, rng, count, **options)


def circular_cases(rng: np.random.Generator, count: int, **options: Any) -> list[ConvCase]:
    """`count` cases of :func:`draw_circular_case` from `rng`.

    Examples
    --------
    >>> import numpy as np
    >>> cases = circular_cases(np.random.default_rng(0), 10)
    >>> all(case.size == tuple(s * o for s, o in zip(case.stride, case.out_size))
    ...     for case in cases)
    True
    """
    return draw_many(draw_circular_case, rng, count, **options)


def pool_cases(rng: np.random.Generator, count: int, **options: Any) -> list[PoolCase]:
    """`count` cases of :func:`draw_pool_case` from `rng`.

    Examples
    --------
    >>> import numpy as np
    >>> cases = pool_cases(np.random.default_rng(0), 20, dilation=False)
    >>> all(set(case.dilation) == {1} for case in cases)
    True
    """
    return draw_many(draw_pool_case, rng, count, **options)
