"""Mathematical convolution (with the kernel flip), "full" mode, N-D.

``(a * v)[m] = sum_t v[t] a[m - t]`` over every ``m`` where the two overlap at all: output
length ``n + k - 1`` per axis, as ``numpy.convolve(a, v)`` (``mode="full"``) and
``scipy.signal.convolve(a, v)``. This is the discrete form of the continuous
``(f * g)(t) = integral of f(tau) g(t - tau) dtau`` of :func:`convmath.symbolic.convolve`.

It is *not* the deep-learning "convolution" (:func:`convmath.numeric.conv`, a correlation):
``convolve_full(a, v)`` equals ``conv`` of ``a`` padded by ``k - 1`` with the flipped ``v``,
and also the stride-1 transposed convolution ``conv_transpose(a, v)`` -- the full
convolution is the scatter of ``a`` through ``v``.

Examples
--------
>>> import numpy as np
>>> # output length 6 = 4 + 3 - 1
>>> convolve_full(np.array([1, 2, 3, 4]), np.array([1, 0, -1]))
array([ 1.,  2.,  2.,  2., -3., -4.])
"""

from __future__ import annotations

import numpy as np

from convmath._sizes import prod
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric._indexing import check_sizes, result_dtype

__all__ = ["convolve_full"]


def convolve_full(a: object, v: object, *, method: str = "direct") -> np.ndarray:
    """Full N-D convolution of two arrays (kernel flipped), like ``scipy.signal.convolve``.

    Parameters
    ----------
    a, v : array_like
        Real arrays with the same number of axes (>= 1), no empty axis.
    method : {"direct", "fft"}
        "direct" (default) adds ``v[t] * a`` into the output shifted by ``t``, one entry
        ``t`` of `v` at a time (exact sums; the loop runs ``v.size`` times, so pass the
        smaller array as `v` -- convmath computes in the order given). "fft" multiplies
        ``scipy.fft`` real transforms on a grid of at least ``n + k - 1`` per axis:
        ``O(N log N)``, exact up to round-off, the route for large kernels.

    Returns
    -------
    numpy.ndarray, shape ``a.shape + v.shape - 1``
        float32 if both inputs are float32, else float64.

    Raises
    ------
    ShapeError
        Different numbers of axes, an empty axis, or a result too large to allocate.
    ConvmathError
        Unknown `method` or a non-real dtype.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> # output 3 x 3 = (2 + 2 - 1) x (2 + 2 - 1)
    >>> convolve_full(a, np.ones((2, 2)), method="fft").round(12)
    array([[ 1.,  3.,  2.],
           [ 4., 10.,  6.],
           [ 3.,  7.,  4.]])
    """
    a = np.asarray(a)
    v = np.asarray(v)
    if a.ndim != v.ndim or a.ndim == 0:
        raise ShapeError(
            f"a and v must have the same number of axes (>= 1); got shapes {a.shape} and {v.shape}",
            argument="v",
        )
    if 0 in a.shape or 0 in v.shape:
        raise ShapeError(
            f"a and v must not have an empty axis; got {a.shape} and {v.shape}",
            argument="a" if 0 in a.shape else "v",
        )
    if method not in ("direct", "fft"):
        raise ConvmathError(f"method must be 'direct' or 'fft'; got {method!r}", argument="method")
    dtype = result_dtype(a=a, v=v)
    shape = tuple(n + k - 1 for n, k in zip(a.shape, v.shape))
    check_sizes((prod(shape), "output"), argument="a")
    a = a.astype(dtype, copy=False)
    v = v.astype(dtype, copy=False)
    if method == "direct":
        return _scatter(a, v, shape)
    return _fft(a, v, shape)


def _scatter(a: np.ndarray, v: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``out[t : t + n] += v[t] * a`` for every index ``t`` of `v` (the definition)."""
    out = np.zeros(shape, dtype=a.dtype)
    tmp = np.empty_like(a)
    for t in np.ndindex(*v.shape):
        np.multiply(a, v[t], out=tmp)
        out[tuple(slice(ti, ti + n) for ti, n in zip(t, a.shape))] += tmp
    return out


def _fft(a: np.ndarray, v: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Product of real FFTs on a fast grid >= `shape`, cropped to `shape`."""
    from scipy import fft as sfft

    grid = tuple(sfft.next_fast_len(m, real=True) for m in shape)
    check_sizes((prod(grid), "FFT grid"), argument="a")
    axes = tuple(range(a.ndim))
    spectrum = sfft.rfftn(a, s=grid, axes=axes) * sfft.rfftn(v, s=grid, axes=axes)
    full = sfft.irfftn(spectrum, s=grid, axes=axes)
    return np.ascontiguousarray(full[tuple(slice(0, m) for m in shape)], dtype=a.dtype)
