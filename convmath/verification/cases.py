"""Seeded random configurations for the identity suite, valid by construction.

Each generator takes a :class:`numpy.random.Generator` and returns a list of small cases
(1-D, 2-D and 3-D; several channels, groups, stride, padding, dilation), so that the naive
reference loops of :mod:`convmath.numeric.reference` finish quickly. The same seed gives
the same cases on every machine.

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

from dataclasses import dataclass

import numpy as np

from convmath.numeric.shapes import output_shape, transposed_output_shape

__all__ = [
    "ConvCase",
    "TransposedCase",
    "PoolCase",
    "conv_cases",
    "transposed_cases",
    "circular_cases",
    "pool_cases",
    "windows_see_input",
]


def _text(values: tuple[int, ...] | int) -> str:
    return str(values) if isinstance(values, int) else "x".join(map(str, values))


@dataclass(frozen=True)
class ConvCase:
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
    def ndim(self) -> int:
        return len(self.size)

    @property
    def c_in(self) -> int:
        return self.groups * self.c_group

    @property
    def c_out(self) -> int:
        return self.groups * self.per_group

    @property
    def x_shape(self) -> tuple[int, ...]:
        lead = () if self.batch is None else (self.batch,)
        return (*lead, self.c_in, *self.size)

    @property
    def w_shape(self) -> tuple[int, ...]:
        return (self.c_out, self.c_group, *self.kernel)

    @property
    def out_size(self) -> tuple[int, ...]:
        return output_shape(
            self.size,
            self.kernel,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
        )

    def kwargs(self) -> dict:
        """Keyword arguments of ``conv``, ``conv_matrix`` and ``conv_reference``."""
        return dict(
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
            groups=self.groups,
            padding_mode=self.padding_mode,
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
class TransposedCase:
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
    def ndim(self) -> int:
        return len(self.size)

    @property
    def c_in(self) -> int:
        return self.groups * self.c_group

    @property
    def c_out(self) -> int:
        return self.groups * self.per_group

    @property
    def y_shape(self) -> tuple[int, ...]:
        lead = () if self.batch is None else (self.batch,)
        return (*lead, self.c_in, *self.size)

    @property
    def w_shape(self) -> tuple[int, ...]:
        return (self.c_in, self.per_group, *self.kernel)

    @property
    def out_size(self) -> tuple[int, ...]:
        return transposed_output_shape(self.size, self.kernel, **self.kwargs(groups=False))

    def kwargs(self, *, groups: bool = True) -> dict:
        """Keyword arguments of ``conv_transpose`` (and of the reference loop)."""
        out = dict(
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

    def label(self) -> str:
        return (
            f"{self.ndim}-D S={_text(self.size)} K={_text(self.kernel)} s={_text(self.stride)} "
            f"p={_text(self.padding)} d={_text(self.dilation)} C={self.channels} "
            f"batch={self.batch} ties={self.ties}"
        )


def _int(rng: np.random.Generator, low: int, high: int) -> int:
    """Uniform integer in ``[low, high]`` (both included)."""
    return int(rng.integers(low, high + 1))


def _channels(rng: np.random.Generator) -> dict:
    return dict(
        groups=_int(rng, 1, 2),
        c_group=_int(rng, 1, 2),
        per_group=_int(rng, 1, 2),
        batch=[None, 1, 2][_int(rng, 0, 2)],
    )


def conv_cases(
    rng: np.random.Generator,
    count: int,
    *,
    dims: tuple[int, ...] = (1, 2, 3),
    modes: tuple[str, ...] = ("zeros",),
    strings: bool = True,
) -> list[ConvCase]:
    """`count` valid convolutions (3-D ones tiny), padding words "valid"/"same" sometimes.

    Examples
    --------
    >>> import numpy as np
    >>> cases = conv_cases(np.random.default_rng(1), 20, dims=(2,), modes=("reflect",))
    >>> all(case.ndim == 2 and case.padding_mode == "reflect" for case in cases)
    True
    """
    cases = []
    for _ in range(count):
        d = dims[_int(rng, 0, len(dims) - 1)]
        mode = modes[_int(rng, 0, len(modes) - 1)]
        small = d == 3
        kernel, stride, dilation, pads, size = [], [], [], [], []
        for _ in range(d):
            k = _int(rng, 1, 2 if small else 3)
            s = _int(rng, 1, 2 if small else 3)
            dl = _int(rng, 1, 2)
            p = _int(rng, 0, 1 if small else 2)
            low = max(1, dl * (k - 1) + 1 - 2 * p)
            if mode == "reflect":
                low = max(low, p + 1)
            elif mode == "circular":
                low = max(low, p)
            n = _int(rng, low, max(low, 4 if small else 6))
            kernel.append(k), stride.append(s), dilation.append(dl), pads.append(p), size.append(n)
        padding: tuple[int, ...] | str = tuple(pads)
        fits = all(n >= dl * (k - 1) + 1 for n, dl, k in zip(size, dilation, kernel))
        word = _int(rng, 0, 9) if strings else -1
        if word == 0 and fits:
            padding = "valid"
        elif word == 1 and mode in ("zeros", "replicate"):  # "same" pads up to d (k - 1)
            padding, stride = "same", [1] * d
        cases.append(
            ConvCase(
                size=tuple(size),
                kernel=tuple(kernel),
                stride=tuple(stride),
                padding=padding,
                dilation=tuple(dilation),
                padding_mode=mode,
                **_channels(rng),
            )
        )
    return cases


def transposed_cases(
    rng: np.random.Generator, count: int, *, dims: tuple[int, ...] = (1, 2, 3)
) -> list[TransposedCase]:
    """`count` valid transposed convolutions, every output padding ``< max(s, d)``.

    Examples
    --------
    >>> import numpy as np
    >>> cases = transposed_cases(np.random.default_rng(0), 30)
    >>> all(a < max(s, d) for c in cases
    ...     for a, s, d in zip(c.output_padding, c.stride, c.dilation))
    True
    """
    cases = []
    for _ in range(count):
        d = dims[_int(rng, 0, len(dims) - 1)]
        small = d == 3
        kernel, stride, dilation, pads, size, extra = [], [], [], [], [], []
        for _ in range(d):
            k = _int(rng, 1, 2 if small else 3)
            s = _int(rng, 1, 2 if small else 3)
            dl = _int(rng, 1, 2)
            a = _int(rng, 0, max(s, dl) - 1)
            i = _int(rng, 1, 3 if small else 5)
            full = (i - 1) * s + dl * (k - 1) + a + 1
            p = _int(rng, 0, min(2, (full - 1) // 2))  # keeps the output positive
            kernel.append(k), stride.append(s), dilation.append(dl)
            pads.append(p), size.append(i), extra.append(a)
        cases.append(
            TransposedCase(
                size=tuple(size),
                kernel=tuple(kernel),
                stride=tuple(stride),
                padding=tuple(pads),
                dilation=tuple(dilation),
                output_padding=tuple(extra),
                **_channels(rng),
            )
        )
    return cases


def circular_cases(
    rng: np.random.Generator, count: int, *, dims: tuple[int, ...] = (1, 2, 3)
) -> list[ConvCase]:
    """Circular convolutions that keep the grid: ``S = s O`` on every axis.

    Padding is ``p = d (k - 1) / 2`` on both sides (``d (k - 1)`` even) or, at stride 1,
    the word "same" (torch's asymmetric split for even kernels), and the stride divides the
    input size. Then rolling the input by ``s m`` rolls the output by ``m``.

    Examples
    --------
    >>> import numpy as np
    >>> cases = circular_cases(np.random.default_rng(0), 10)
    >>> all(case.size == tuple(s * o for s, o in zip(case.stride, case.out_size))
    ...     for case in cases)
    True
    """
    cases = []
    for _ in range(count):
        d = dims[_int(rng, 0, len(dims) - 1)]
        small = d == 3
        same = _int(rng, 0, 3) == 0
        kernel, stride, dilation, pads, size = [], [], [], [], []
        for _ in range(d):
            dl = _int(rng, 1, 2)
            if same:
                k, s = _int(rng, 1, 2 if small else 4), 1
            else:
                k = [1, 3][_int(rng, 0, 1)] if dl == 1 else _int(rng, 1, 3)
                s = _int(rng, 1, 2)
            total = dl * (k - 1)
            m = _int(rng, max(1, -(-total // (2 * s))), 3 if small else 4)
            kernel.append(k), stride.append(s), dilation.append(dl)
            pads.append(total // 2), size.append(s * m)
        cases.append(
            ConvCase(
                size=tuple(size),
                kernel=tuple(kernel),
                stride=tuple(stride),
                padding="same" if same else tuple(pads),
                dilation=tuple(dilation),
                padding_mode="circular",
                **_channels(rng),
            )
        )
    return cases


def windows_see_input(
    size: tuple[int, ...],
    kernel: tuple[int, ...],
    stride: tuple[int, ...],
    padding: tuple[int, ...],
    dilation: tuple[int, ...],
) -> bool:
    """Whether every pooling window holds at least one real (unpadded) sample.

    Examples
    --------
    >>> # one window of 3 taps at -2, 0, 2 on an input of size 1: tap 0 is real
    >>> windows_see_input((1,), (3,), (1,), (1,), (2,))
    True
    >>> # taps -1 and 1 on an input of size 1: both padding
    >>> windows_see_input((1,), (2,), (1,), (1,), (2,))
    False
    """
    for n, k, s, p, dl in zip(size, kernel, stride, padding, dilation):
        out = (n + 2 * p - dl * (k - 1) - 1) // s + 1
        for o in range(out):
            if not any(0 <= o * s + t * dl - p < n for t in range(k)):
                return False
    return True


def pool_cases(
    rng: np.random.Generator,
    count: int,
    *,
    dims: tuple[int, ...] = (1, 2, 3),
    dilation: bool = True,
) -> list[PoolCase]:
    """`count` valid pooling calls; every window sees a real sample; some inputs have ties.

    Examples
    --------
    >>> import numpy as np
    >>> cases = pool_cases(np.random.default_rng(0), 20, dilation=False)
    >>> all(set(case.dilation) == {1} for case in cases)
    True
    """
    cases = []
    while len(cases) < count:
        d = dims[_int(rng, 0, len(dims) - 1)]
        small = d == 3
        kernel = tuple(_int(rng, 1, 3) for _ in range(d))
        stride = tuple(_int(rng, 1, 3) for _ in range(d))
        pads = tuple(_int(rng, 0, k // 2) for k in kernel)
        dils = tuple(_int(rng, 1, 2) if dilation else 1 for _ in range(d))
        size = tuple(
            _int(
                rng,
                max(1, dl * (k - 1) + 1 - 2 * p),
                max(1, dl * (k - 1) + 1 - 2 * p, 5 if small else 7),
            )
            for k, p, dl in zip(kernel, pads, dils)
        )
        if not windows_see_input(size, kernel, stride, pads, dils):
            continue
        cases.append(
            PoolCase(
                size=size,
                kernel=kernel,
                stride=stride,
                padding=pads,
                dilation=dils,
                channels=_int(rng, 1, 3),
                batch=[None, 1, 2][_int(rng, 0, 2)],
                ties=_int(rng, 0, 2) == 0,
            )
        )
    return cases
