"""Random configurations of convolution, transposed convolution, pooling and padding.

One generator per kind of call, valid by construction, written once against the
:class:`~convmath.verification.draws.Draw` interface: ``convmath verify`` runs it on a seeded
NumPy generator (:func:`conv_cases` and friends: the same seed gives the same cases on every
machine), the property tests on hypothesis (``strategy(draw_conv_case, ...)``, see
:mod:`convmath.verification.draws`). Cases are small -- 1-D, 2-D and 3-D, several channels
and groups, stride (also larger than the kernel), padding, dilation, any allowed output
padding up to its maximum -- so that the naive reference loops of
:mod:`convmath.numeric.reference` finish quickly. The size rules come from
:mod:`convmath._sizes`.

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
from dataclasses import dataclass
from typing import Any

import numpy as np

from convmath._params import spatial_tuple
from convmath._sizes import (
    conv_output_size,
    effective_kernel_size,
    largest_pool_padding,
    output_padding_bound,
    selecting_output_padding,
    smallest_input_size,
    transposed_output_size,
    windows_see_input,
)
from convmath.numeric.shapes import output_shape, transposed_output_shape
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


def _text(values: tuple[int, ...] | int) -> str:
    return str(values) if isinstance(values, int) else "x".join(map(str, values))


class _Channels:
    """Channel and batch bookkeeping shared by the convolution cases."""

    size: tuple[int, ...]
    groups: int
    c_group: int
    per_group: int
    batch: int | None

    @property
    def ndim(self) -> int:
        return len(self.size)

    @property
    def c_in(self) -> int:
        return self.groups * self.c_group

    @property
    def c_out(self) -> int:
        return self.groups * self.per_group

    @property
    def _lead(self) -> tuple[int, ...]:
        return () if self.batch is None else (self.batch,)


@dataclass(frozen=True)
class ConvCase(_Channels):
    """One convolution ``conv(x, w, ...)``, with torch's argument names.

    ``size`` is the input's spatial shape ``S``; ``w`` has shape
    ``(groups * per_group, c_group, *kernel)``; ``batch=None`` means an unbatched input.
    `stride`, `padding`, `dilation`: an int (every axis) or one entry per axis.
    """

    size: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...] | int = 1
    padding: tuple[int, ...] | int | str = 0
    dilation: tuple[int, ...] | int = 1
    groups: int = 1
    c_group: int = 1
    per_group: int = 1
    batch: int | None = None
    padding_mode: str = "zeros"

    @property
    def x_shape(self) -> tuple[int, ...]:
        return (*self._lead, self.c_in, *self.size)

    @property
    def w_shape(self) -> tuple[int, ...]:
        return (self.c_out, self.c_group, *self.kernel)

    @property
    def y_shape(self) -> tuple[int, ...]:
        """Shape of ``conv(x, w)`` (the input of the transposed convolution back)."""
        return (*self._lead, self.c_out, *self.out_size)

    @property
    def out_size(self) -> tuple[int, ...]:
        return output_shape(
            self.size,
            self.kernel,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
        )

    @property
    def output_padding(self) -> tuple[int, ...]:
        """The output padding with which ``conv_transpose`` maps ``y`` back to size ``S``.

        Only for numeric padding (a transposed convolution has no "same" / "valid").
        """
        if isinstance(self.padding, str):
            raise ValueError(f"output_padding needs integer padding; got {self.padding!r}")
        axes = [
            spatial_tuple(value, self.ndim, name, minimum=0)
            for name, value in (
                ("stride", self.stride),
                ("padding", self.padding),
                ("dilation", self.dilation),
            )
        ]
        return tuple(
            selecting_output_padding(n, k, s, p, d)
            for n, k, s, p, d in zip(self.size, self.kernel, *axes)
        )

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``conv``, ``conv_matrix`` and ``conv_reference``."""
        return dict(
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
            groups=self.groups,
            padding_mode=self.padding_mode,
        )

    def transpose_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``conv_transpose`` that map ``y`` back to the size ``S``."""
        return dict(
            stride=self.stride,
            padding=self.padding,
            output_padding=self.output_padding,
            dilation=self.dilation,
            groups=self.groups,
        )

    def label(self) -> str:
        """A compact description for failure messages."""
        pad = self.padding if isinstance(self.padding, str) else _text(self.padding)
        return (
            f"{self.ndim}-D S={_text(self.size)} K={_text(self.kernel)} s={_text(self.stride)} "
            f"p={pad} d={_text(self.dilation)} groups={self.groups} "
            f"C={self.c_in}->{self.c_out} batch={self.batch} mode={self.padding_mode}"
        )


@dataclass(frozen=True)
class TransposedCase(_Channels):
    """One transposed convolution ``conv_transpose(y, w, ...)``.

    ``size`` is the spatial shape ``I`` of `y`; ``w`` has shape
    ``(groups * c_group, per_group, *kernel)``; the result has ``groups * per_group``
    channels and spatial shape :attr:`out_size`.
    """

    size: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]
    groups: int = 1
    c_group: int = 1
    per_group: int = 1
    batch: int | None = None

    @property
    def y_shape(self) -> tuple[int, ...]:
        return (*self._lead, self.c_in, *self.size)

    @property
    def w_shape(self) -> tuple[int, ...]:
        return (self.c_in, self.per_group, *self.kernel)

    @property
    def out_size(self) -> tuple[int, ...]:
        return transposed_output_shape(self.size, self.kernel, **self.kwargs(groups=False))

    def kwargs(self, *, groups: bool = True) -> dict[str, Any]:
        """Keyword arguments of ``conv_transpose`` (and of the reference loop)."""
        out: dict[str, Any] = dict(
            stride=self.stride,
            padding=self.padding,
            output_padding=self.output_padding,
            dilation=self.dilation,
        )
        if groups:
            out["groups"] = self.groups
        return out

    def label(self) -> str:
        return (
            f"{self.ndim}-D I={_text(self.size)} K={_text(self.kernel)} s={_text(self.stride)} "
            f"p={_text(self.padding)} d={_text(self.dilation)} a={_text(self.output_padding)} "
            f"groups={self.groups} C={self.c_in}->{self.c_out} batch={self.batch}"
        )


@dataclass(frozen=True)
class PoolCase:
    """One pooling call: ``kernel`` (a tuple), ``stride``, ``padding`` (<= kernel // 2)."""

    size: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    channels: int = 1
    batch: int | None = None
    ties: bool = False

    @property
    def ndim(self) -> int:
        return len(self.size)

    @property
    def x_shape(self) -> tuple[int, ...]:
        lead = () if self.batch is None else (self.batch,)
        return (*lead, self.channels, *self.size)

    def kwargs(self, *, dilation: bool = True) -> dict[str, Any]:
        """Keyword arguments of ``max_pool`` (``avg_pool`` with ``dilation=False``)."""
        out: dict[str, Any] = dict(stride=self.stride, padding=self.padding)
        if dilation:
            out["dilation"] = self.dilation
        return out

    def label(self) -> str:
        return (
            f"{self.ndim}-D S={_text(self.size)} K={_text(self.kernel)} s={_text(self.stride)} "
            f"p={_text(self.padding)} d={_text(self.dilation)} C={self.channels} "
            f"batch={self.batch} ties={self.ties}"
        )


@dataclass(frozen=True)
class PaddingCase:
    """One ``pad(x, pairs, mode=...)`` of a spatial shape ``size`` (torch's limits hold)."""

    size: tuple[int, ...]
    pairs: tuple[tuple[int, int], ...]
    mode: str

    def label(self) -> str:
        return f"{len(self.size)}-D S={self.size} pads={self.pairs} mode={self.mode}"


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
