"""Validation and window scans shared by the pooling modules (max, average, adaptive, unpool).

A pooling call is a :class:`~convmath.numeric._indexing.Geometry` whose high padding may
be longer than the user's: with ``ceil_mode`` the last window can stick out past the padded
input, and those extra samples count as padding (never a winner, never in a divisor).

The scans are branch-free NumPy passes, one per tap, over blocks of planes small enough to
stay in cache (:func:`padded_blocks`):

* a box sum is separable: the sum over the last axis, then over the one before, ...;
* torch's max scan (row-major over the window, the first strict maximum, or the last NaN)
  is :func:`scan_max` over any list of taps -- all the taps of a window at once (max
  pooling), or one axis at a time (adaptive pooling, whose windows differ in length). The
  per-axis form gives the same winner when applied to the last axis first, then outward:
  within a row the first maximum (or last NaN) survives, and among rows the first one
  holding the maximum (or the last one holding a NaN) wins -- the first maximum (last NaN)
  in row-major order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from convmath._params import as_flag, as_int, describe, spatial_tuple
from convmath._sizes import check_pool_output_size, effective_kernel_size, largest_pool_padding
from convmath._sizes import prod as size_prod
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric._indexing import Geometry, as_batched, check_sizes

#: Bytes of padded input a window scan works on at once: small enough to stay in the L2
#: cache while every tap re-reads it (the scans are memory-bound otherwise).
BLOCK_BYTES = 2**18
#: Fewest outputs a block computes (large strides leave few outputs per plane).
BLOCK_OUTPUTS = 2**14

__all__ = [
    "spatial_ndim",
    "pool_params",
    "pool_geometry",
    "prepare",
    "tap_reader",
    "scan_max",
    "tap_dtype",
    "block_rows",
    "padded_blocks",
    "BLOCK_BYTES",
    "BLOCK_OUTPUTS",
    "check_window_has_input",
]


def spatial_ndim(value: object, ndim: object, name: str) -> int:
    """Number of spatial axes: the length of a tuple `value`, else `ndim` (then required)."""
    if getattr(value, "ndim", 0) == 1 or (
        isinstance(value, Sequence) and not isinstance(value, (str, bytes))
    ):
        d = len(value)  # type: ignore[arg-type]
        if ndim is not None and as_int(ndim, "ndim", minimum=1) != d:
            raise ConvmathError(f"ndim={ndim} does not match {name}={value!r}", argument="ndim")
    elif ndim is None:
        raise ConvmathError(
            f"{name} is {describe(value)}, not a tuple: pass ndim= (the number of "
            f"spatial axes) or a tuple of {name} entries",
            argument="ndim",
        )
    else:
        d = as_int(ndim, "ndim", minimum=1)
    if d < 1:
        raise ConvmathError(f"{name} must have at least one entry; got {value!r}", argument=name)
    return d


def pool_params(
    kernel_size: object, stride: object, padding: object, d: int
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Kernel, stride (default: kernel) and padding (<= kernel // 2, torch's rule) as d-tuples."""
    kernel = spatial_tuple(kernel_size, d, "kernel_size", minimum=1)
    strides = kernel if stride is None else spatial_tuple(stride, d, "stride", minimum=1)
    pads = spatial_tuple(padding, d, "padding", minimum=0)
    for axis, (k, p) in enumerate(zip(kernel, pads)):
        if p > largest_pool_padding(k):
            raise ConvmathError(
                f"padding must be at most kernel_size // 2 = {largest_pool_padding(k)} on axis "
                f"{axis} for pooling; got padding={p}",
                argument="padding",
            )
    return kernel, strides, pads


def pool_geometry(
    spatial: Sequence[int],
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    pads: tuple[int, ...],
    dilation: tuple[int, ...],
    ceil_mode: bool,
) -> Geometry:
    """The windows of a pooling; the high padding grows to hold ceil_mode's last window."""
    output, pairs = [], []
    for axis, (i, k, s, p, dl) in enumerate(zip(spatial, kernel, strides, pads, dilation)):
        o = check_pool_output_size(i, k, s, p, dl, ceil_mode, axis=axis)
        output.append(o)
        pairs.append((p, max(p, (o - 1) * s + effective_kernel_size(k, dl) - i - p)))
    return Geometry(tuple(spatial), kernel, strides, dilation, tuple(pairs), tuple(output))


def prepare(
    x: object,
    kernel_size: object,
    stride: object,
    padding: object,
    dilation: object,
    ndim: object,
    ceil_mode: object,
) -> tuple[np.ndarray, bool, Geometry]:
    """Validate a pooling call: batched `x`, whether it was unbatched, the geometry."""
    d = spatial_ndim(kernel_size, ndim, "kernel_size")
    kernel, strides, pads = pool_params(kernel_size, stride, padding, d)
    dil = spatial_tuple(dilation, d, "dilation", minimum=1)
    ceil = as_flag(ceil_mode, "ceil_mode")
    xb, unbatched = as_batched(x, d)
    geom = pool_geometry(xb.shape[2:], kernel, strides, pads, dil, ceil)
    n, c = xb.shape[:2]
    check_sizes(
        (n * c * size_prod(geom.output) * size_prod(geom.kernel), "pooling windows"),
        (n * c * size_prod(geom.padded), "padded input"),
        argument="x",
    )
    return xb, unbatched, geom


def tap_reader(values: np.ndarray, geom: Geometry, axis: int) -> Callable[[int], np.ndarray]:
    """``read(t)``: tap `t` of every window along spatial `axis` of `values` (a view)."""
    s, dl, o = geom.stride[axis], geom.dilation[axis], geom.output[axis]
    lead = (slice(None),) * (values.ndim - geom.ndim + axis)

    def read(t: int) -> np.ndarray:
        return values[lead + (slice(t * dl, t * dl + (o - 1) * s + 1, s),)]

    return read


def scan_max(
    read: Callable[[int], np.ndarray],
    taps: int,
    values: np.ndarray | None = None,
    code: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Torch's max scan over ``read(0), ..., read(taps - 1)``: values and winning tap numbers.

    Torch keeps a later tap when it is strictly greater or NaN (``val > max || isnan(val)``):
    the winner is the first tap equal to the maximum, or the last NaN when there is one.
    Computed without branches: a running ``np.maximum`` (which propagates NaN), then the tap
    numbers blended in by arithmetic (``code -= (code - t) * hit``, much faster than masked
    writes), descending so that the first equal tap is written last. `values` and `code`
    are optional output arrays (``code`` of :func:`tap_dtype`).
    """
    first = read(0)
    if values is None:
        values = np.empty(first.shape, dtype=first.dtype)
    if code is None:
        code = np.empty(first.shape, dtype=tap_dtype(taps))
    np.copyto(values, first)
    for t in range(1, taps):
        np.maximum(values, read(t), out=values)
    code.fill(taps - 1)
    hit = np.empty(values.shape, dtype=bool)
    step = np.empty_like(code)

    def blend(t: int) -> None:
        np.subtract(code, t, out=step)
        np.multiply(step, hit, out=step)
        np.subtract(code, step, out=code)

    for t in range(taps - 2, -1, -1):
        np.equal(read(t), values, out=hit)
        blend(t)
    if np.isnan(values).any():
        for t in range(taps):  # ascending, so the last NaN is written last
            np.isnan(read(t), out=hit)
            blend(t)
    return values, code


def tap_dtype(taps: int) -> np.dtype:
    """Smallest integer dtype for tap numbers ``0 .. taps - 1`` (less memory traffic)."""
    return np.dtype(np.int8 if taps < 2**7 else np.int16 if taps < 2**15 else np.int64)


def block_rows(count: int, plane_bytes: int, plane_outputs: int = 1) -> Iterator[slice]:
    """Runs of `count` planes: about :data:`BLOCK_BYTES` each, but enough planes for
    :data:`BLOCK_OUTPUTS` outputs (each pass is a NumPy call: too few outputs per call and
    the calls' overhead dominates)."""
    step = max(1, BLOCK_BYTES // max(1, plane_bytes), BLOCK_OUTPUTS // max(1, plane_outputs))
    for start in range(0, count, step):
        yield slice(start, min(start + step, count))


def padded_blocks(
    planes: np.ndarray, geom: Geometry, fill: float, dtype: np.dtype
) -> Iterator[tuple[slice, np.ndarray]]:
    """``(rows, block)``: runs of the planes ``(M, *S)``, each padded with `fill`.

    A block holds about :data:`BLOCK_BYTES` of padded input, so the many passes of a window
    scan (one per tap) read it from cache; one buffer is reused, its padding written once.
    """
    plane_bytes = size_prod(geom.padded) * dtype.itemsize
    runs = list(block_rows(planes.shape[0], plane_bytes, size_prod(geom.output)))
    buffer = None
    if runs and any(lo or hi for lo, hi in geom.pads):
        longest = runs[0].stop - runs[0].start
        buffer = np.full((longest,) + geom.padded, fill, dtype=dtype)
    for rows in runs:
        block = planes[rows]
        if buffer is None:
            yield rows, block.astype(dtype, copy=False)
        else:
            target = buffer[: block.shape[0]]
            target[(slice(None),) + geom.crop] = block
            yield rows, target


def check_window_has_input(geom: Geometry) -> None:
    """Refuse a max pooling with a window of padding only (torch returns garbage there)."""
    if (geom.real_tap_counts() == 0).any():
        raise ShapeError(
            "a max-pooling window covers only padding (dilation and padding skip every real "
            "sample); torch would return -inf with an out-of-range index there",
            argument="padding",
        )
