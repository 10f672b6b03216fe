"""Window and offset arithmetic shared by ``conv``, ``conv_transpose`` and ``conv_matrix``.

One convolution configuration is one :class:`Geometry`: the input (gather side) spatial
shape ``S``, the kernel shape ``K``, stride ``s``, dilation ``d``, the ``(low, high)``
paddings and the output spatial shape ``O``. Everything the three functions need comes from
two facts about it, per spatial axis:

* output position ``o`` and kernel tap ``t`` meet at padded input position ``o s + t d``
  (:meth:`Geometry.positions`, used by the matrix builder);
* hence, for a fixed tap ``t``, the padded positions of all outputs form the strided slice
  ``t d : t d + (O - 1) s + 1 : s`` (:meth:`Geometry.tap_slices`). ``conv`` *gathers*
  through these slices (reads them), ``conv_transpose`` *scatters* through the very same
  slices (adds into them).

The module also holds the argument checks all three share (array ranks, channels, groups,
dtypes), so the messages are identical everywhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from convmath._params import as_int, check_element_count, spatial_tuple
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric.shapes import output_shape, resolve_padding, transposed_output_shape

__all__ = [
    "Geometry",
    "gather_geometry",
    "scatter_geometry",
    "as_batched",
    "check_kernel",
    "check_groups",
    "result_dtype",
    "check_sizes",
]


@dataclass(frozen=True)
class Geometry:
    """Index arithmetic of one convolution configuration (spatial axes only).

    Attributes
    ----------
    input : tuple of int
        Unpadded spatial shape ``S`` on the gather (convolution input) side.
    kernel, stride, dilation : tuple of int
    pads : tuple of (int, int)
        ``(low, high)`` padding per axis.
    output : tuple of int
        Spatial shape ``O`` on the gather output (= scatter input) side.
    """

    input: tuple[int, ...]
    kernel: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    pads: tuple[tuple[int, int], ...]
    output: tuple[int, ...]

    @property
    def ndim(self) -> int:
        return len(self.kernel)

    @property
    def padded(self) -> tuple[int, ...]:
        """Padded input shape ``S + low + high``."""
        return tuple(n + lo + hi for n, (lo, hi) in zip(self.input, self.pads))

    @property
    def crop(self) -> tuple[slice, ...]:
        """Slices selecting the unpadded input inside the padded one."""
        return tuple(slice(lo, lo + n) for n, (lo, _) in zip(self.input, self.pads))

    def taps(self) -> Iterator[tuple[int, ...]]:
        """Kernel taps as multi-indices, in C (scan) order."""
        return itertools.product(*(range(k) for k in self.kernel))

    def tap_slices(self) -> Iterator[tuple[tuple[int, ...], tuple[slice, ...]]]:
        """``(tap, slices)``: padded positions ``o s + t d`` of every output ``o`` for a tap.

        A gather reads ``x_padded[..., *slices]``; a scatter adds into it.
        """
        for tap in self.taps():
            yield (
                tap,
                tuple(
                    slice(t * d, t * d + (o - 1) * s + 1, s)
                    for t, d, o, s in zip(tap, self.dilation, self.output, self.stride)
                ),
            )

    def positions(self, axis: int) -> np.ndarray:
        """Padded position ``o s + t d`` for every (output, tap) pair on `axis`: ``(O, K)``."""
        o = np.arange(self.output[axis], dtype=np.int64)[:, None]
        t = np.arange(self.kernel[axis], dtype=np.int64)[None, :]
        return o * self.stride[axis] + t * self.dilation[axis]

    def real_taps(self, axis: int) -> np.ndarray:
        """Which (output, tap) pairs of `axis` read a real sample, not padding: ``(O, K)``."""
        position = self.positions(axis)
        low = self.pads[axis][0]
        return (position >= low) & (position < low + self.input[axis])

    def real_tap_counts(self) -> np.ndarray:
        """How many taps of every window read a real sample, not padding: shape ``O``."""
        count: np.ndarray = np.ones((), dtype=np.int64)
        for axis in range(self.ndim):
            count = np.multiply.outer(count, self.real_taps(axis).sum(axis=1))
        return count

    def window_view(self, xp: np.ndarray) -> np.ndarray:
        """Read-only strided view ``(..., *O, *K)`` of the windows of a padded array."""
        lead = xp.shape[: xp.ndim - self.ndim]
        strides = xp.strides[xp.ndim - self.ndim :]
        return np.lib.stride_tricks.as_strided(
            xp,
            shape=lead + self.output + self.kernel,
            strides=xp.strides[: len(lead)]
            + tuple(b * s for b, s in zip(strides, self.stride))
            + tuple(b * d for b, d in zip(strides, self.dilation)),
            writeable=False,
        )


def gather_geometry(
    spatial: tuple[int, ...],
    kernel: tuple[int, ...],
    *,
    stride: object,
    padding: object,
    dilation: object,
) -> Geometry:
    """Geometry of a convolution on input spatial shape `spatial` (validates everything)."""
    d = len(kernel)
    strides = spatial_tuple(stride, d, "stride", minimum=1)
    dil = spatial_tuple(dilation, d, "dilation", minimum=1)
    pads = resolve_padding(padding, kernel, stride=strides, dilation=dil)
    out = output_shape(spatial, kernel, stride=strides, padding=padding, dilation=dil)
    return Geometry(tuple(spatial), tuple(kernel), strides, dil, pads, out)


def scatter_geometry(
    spatial: tuple[int, ...],
    kernel: tuple[int, ...],
    *,
    stride: object,
    padding: object,
    dilation: object,
    output_padding: object,
) -> Geometry:
    """Geometry of a transposed convolution whose *input* has spatial shape `spatial`.

    The result's ``input`` is the transposed convolution's output size, the one
    `output_padding` selects; its ``output`` is `spatial`.
    """
    size = transposed_output_shape(
        spatial,
        kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        output_padding=output_padding,
    )
    d = len(kernel)
    strides = spatial_tuple(stride, d, "stride", minimum=1)
    pads = spatial_tuple(padding, d, "padding", minimum=0)
    dil = spatial_tuple(dilation, d, "dilation", minimum=1)
    return Geometry(size, tuple(kernel), strides, dil, tuple((p, p) for p in pads), spatial)


def check_kernel(w: object, name: str = "w") -> np.ndarray:
    """`w` as an array of rank >= 3 ``(C_out, C_in // groups, *K)`` with a real dtype."""
    w = np.asarray(w)
    if w.ndim < 3:
        raise ShapeError(
            f"{name} must have at least 3 dimensions (out_channels, in_channels // groups, "
            f"*kernel); got shape {w.shape}",
            argument=name,
        )
    if 0 in w.shape:
        raise ShapeError(f"{name} must not have an empty axis; got shape {w.shape}", argument=name)
    return w


def as_batched(x: object, d: int, name: str = "x") -> tuple[np.ndarray, bool]:
    """`x` as ``(N, C, *S)`` plus whether it was unbatched ``(C, *S)``."""
    x = np.asarray(x)
    if x.ndim == d + 1:
        return x[None], True
    if x.ndim == d + 2:
        return x, False
    raise ShapeError(
        f"{name} must have {d + 1} (unbatched) or {d + 2} (batched) dimensions for a "
        f"{d}-D kernel; got {x.ndim} dimensions, shape {x.shape}",
        argument=name,
    )


def check_groups(groups: object, in_channels: int, out_channels: int) -> int:
    """`groups` as an int >= 1 that divides both channel counts."""
    g = as_int(groups, "groups", minimum=1)
    if in_channels % g:
        raise ConvmathError(
            f"groups={g} must divide the input channels {in_channels}", argument="groups"
        )
    if out_channels % g:
        raise ConvmathError(
            f"groups={g} must divide the output channels {out_channels}", argument="groups"
        )
    return g


_EXACT = 2**53


def result_dtype(**arrays: np.ndarray) -> np.dtype:
    """float32 if every input is float32 (or smaller), else float64; ints/bools -> float64.

    Mirrors torch: float32 in -> float32 out, float64 -> float64. Integer and boolean inputs
    are computed in float64 (torch would refuse them). The keywords name the arguments.
    """
    for name, a in arrays.items():
        if a.dtype.kind not in "biuf":
            raise ConvmathError(
                f"arrays must be real (bool, int or float); got dtype {a.dtype}", argument=name
            )
    for name, a in arrays.items():
        if a.dtype.kind in "iu" and a.size and max(int(a.max()), -int(a.min())) > _EXACT:
            raise ConvmathError(
                f"{name} holds integers beyond 2**53 in magnitude, which float64 cannot hold "
                "exactly; convert them yourself if rounding is acceptable",
                argument=name,
            )
    if {a.dtype.kind for a in arrays.values()} <= {"f"}:
        return np.result_type(np.float32, *arrays.values())
    return np.dtype(np.float64)


def check_sizes(*counts: tuple[int, str], argument: str | None = None) -> None:
    """:func:`convmath._params.check_element_count` for several (count, what) pairs."""
    for count, what in counts:
        check_element_count(count, what, argument=argument)
