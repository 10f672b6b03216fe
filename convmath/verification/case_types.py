"""The configurations the generators produce: one frozen dataclass per kind of call.

:class:`ConvCase` (``conv``, ``conv_matrix``, the reference loop), :class:`TransposedCase`
(``conv_transpose``), :class:`PoolCase` (``max_pool`` / ``avg_pool``) and
:class:`PaddingCase` (``pad``), with torch's argument names, the array shapes a call needs
and ``kwargs()`` to pass them on. Made by :mod:`convmath.verification.cases`.

Examples
--------
>>> # input 3 x 3, kernel 2 x 2 -> output 2 x 2 = (3 - 2 + 1) x (3 - 2 + 1): y is (1, 2, 2)
>>> ConvCase(size=(3, 3), kernel=(2, 2)).y_shape
(1, 2, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convmath._params import spatial_tuple
from convmath._sizes import selecting_output_padding
from convmath.errors import ConvmathError
from convmath.numeric.shapes import output_shape, transposed_output_shape

__all__ = ["ConvCase", "TransposedCase", "PoolCase", "PaddingCase"]


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
            raise ConvmathError(
                f"output_padding needs integer padding; got {self.padding!r}", argument="padding"
            )
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
