"""Convolution (gather) and transposed convolution (scatter), PyTorch-exact, any dimension.

"Convolution" here is the deep-learning one: cross-correlation, no kernel flip, exactly
``torch.nn.functional.conv{d}d``. Its adjoint is ``torch.nn.functional.conv_transpose{d}d``.
The pair is written side by side over one piece of index arithmetic
(:class:`convmath.numeric._indexing.Geometry`): for each kernel tap ``t`` the outputs meet
the padded input in the strided slice ``t d : t d + (O - 1) s + 1 : s``. :func:`conv`
*reads* that slice for every tap (many-to-one); :func:`conv_transpose` *adds into* it
(one-to-many). Neither calls the other and neither builds a matrix.

The adjoint, said three ways (one spatial axis, one channel, stride ``s``, dilation ``d``,
padding ``p``, kernel ``w``):

* continuous: ``(C x)(u) = integral of w(tau) x(u + tau) dtau`` (a correlation) has adjoint
  ``(C^T y)(v) = integral of w(tau) y(v - tau) dtau`` (a convolution), because both equal
  ``double integral of w(tau) x(u + tau) y(u)``;
* discrete: ``y[o] = sum_t w[t] x[o s + t d - p]`` (gather) has adjoint
  ``x[i] = sum over (o, t) with o s + t d - p = i of w[t] y[o]`` (scatter);
* matrix: ``y = C x`` and ``x = C^T y`` with ``C = conv_matrix(w, ...)``.

The adjoint of convolution (gather) is transposed convolution (scatter).

Examples
--------
>>> import numpy as np
>>> X = np.arange(9.0).reshape(1, 3, 3)
>>> K = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
>>> # output 2 x 2 = (3 - 2 + 1) x (3 - 2 + 1)
>>> conv(X, K)
array([[[27., 37.],
        [57., 67.]]])
>>> # output 3 x 3 = ((2 - 1) * 1 + (2 - 1) + 1) x ((2 - 1) * 1 + (2 - 1) + 1)
>>> conv_transpose(conv(X, K), K)
array([[[ 27.,  91.,  74.],
        [138., 400., 282.],
        [171., 429., 268.]]])
"""

from __future__ import annotations

import numpy as np

from convmath._params import spatial_tuple
from convmath._sizes import effective_kernel_size, prod
from convmath.errors import ConvmathError, ShapeError
from convmath.numeric._indexing import (
    Geometry,
    as_batched,
    check_groups,
    check_kernel,
    check_sizes,
    gather_geometry,
    result_dtype,
    scatter_geometry,
)
from convmath.numeric.padding import check_padding_mode, pad
from convmath.numeric.shapes import output_padding_for_size

__all__ = ["conv", "conv_transpose", "METHODS"]

_ALL = slice(None)

#: Routes of :func:`conv`: exact tap-by-tap sums, or products of FFTs.
METHODS = ("direct", "fft")


def conv(
    x: object,
    w: object,
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    groups: object = 1,
    padding_mode: str = "zeros",
    method: str = "direct",
    bias: object = None,
) -> np.ndarray:
    """N-D convolution in the deep-learning sense (cross-correlation), like torch's ``conv{d}d``.

    Parameters
    ----------
    x : array_like, shape ``(N, C_in, *S)`` or unbatched ``(C_in, *S)``
    w : array_like, shape ``(C_out, C_in // groups, *K)``
        ``d = w.ndim - 2`` spatial axes, any ``d >= 1``.
    stride, dilation : int or tuple of int, >= 1
    padding : int or tuple of int >= 0, or "valid" or "same"
        "same" (stride 1 only) splits an odd total ``d (k - 1)`` with the extra element on
        the high side, as torch does.
    groups : int
        Divides ``C_in`` and ``C_out``; group ``g`` maps input channels
        ``g C_in/groups ...`` to output channels ``g C_out/groups ...``.
    padding_mode : {"zeros", "circular", "reflect", "replicate"}
        As ``torch.nn.ConvNd(padding_mode=...)``: pad with that mode, then convolve without
        padding.
    method : {"direct", "fft"}
        "direct" (default) sums kernel taps exactly: a loop over the ``prod(K)`` taps, each
        adding one strided slice of the whole batch (contracted over channels with
        ``matmul``). It is the fast route for small kernels. "fft" multiplies ``scipy.fft``
        transforms of the padded input and the (dilated) kernel, then keeps every
        ``stride``-th valid sample: the fast route for large kernels (on a 512 x 512 image it
        overtakes "direct" around 5 x 5), exact up to float round-off. It refuses NaN or
        inf in `x` or `w` (a transform would spread them to every output). convmath never
        chooses for you.
    bias : array_like, shape ``(C_out,)``, optional
        Added to every output position of its channel, as torch's ``bias=``.

    Returns
    -------
    numpy.ndarray, shape ``(N, C_out, *O)`` or ``(C_out, *O)``
        ``O = floor((S + 2p - d (K - 1) - 1) / s) + 1``. dtype: float32 if `x` and `w`
        are both float32 or float16 (as torch, which keeps float32; float16 is widened to
        float32), float64 if either is float64, and float64 for integer and bool inputs,
        which torch refuses (integers beyond ``2**53`` in magnitude, not exact in float64,
        are refused). Mixed float32/float64 gives float64.

    Raises
    ------
    ShapeError
        Wrong ranks, channel counts that do not match `w`, a kernel larger than the padded
        input, or a result too large to allocate.
    ConvmathError
        Bad stride, padding, dilation, groups, padding_mode or method.

    Notes
    -----
    One axis, one channel: ``y[o] = sum_t w[t] x_p[o s + t d]`` where ``x_p`` is the padded
    input. Continuous form: ``y(u) = integral of w(tau) x(u + tau) dtau``. Matrix form:
    ``y = C x`` with ``C = conv_matrix(w, ...)``. Its adjoint, :func:`conv_transpose`, is a
    scatter: the adjoint of convolution (gather) is transposed convolution (scatter).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> w = np.array([[[[0.0, 1.0], [2.0, 3.0]]]])
    >>> # output 2 x 2 = (3 - 2 + 1) x (3 - 2 + 1)
    >>> conv(x, w)
    array([[[19., 25.],
            [37., 43.]]])
    >>> # output 3 = floor((5 + 2*1 - 3) / 2) + 1
    >>> conv(np.ones((1, 5)), np.ones((1, 1, 3)), stride=2, padding=1)
    array([[2., 3., 2.]])
    >>> # "same" keeps length 4 (pad 1 low, 2 high for k = 4); circular wraps around
    >>> conv(np.arange(4.0)[None], np.ones((1, 1, 4)), padding="same", padding_mode="circular")
    array([[6., 6., 6., 6.]])
    """
    w = check_kernel(w)
    d = w.ndim - 2
    xb, unbatched = as_batched(x, d)
    mode = check_padding_mode(padding_mode)
    if method not in METHODS:
        raise ConvmathError(f"method must be 'direct' or 'fft'; got {method!r}", argument="method")
    c_out, c_group = w.shape[:2]
    g = check_groups(groups, xb.shape[1], c_out)
    if xb.shape[1] != c_group * g:
        raise ShapeError(
            f"x has {xb.shape[1]} input channels but w of shape {w.shape} with groups={g} "
            f"expects w.shape[1] * groups = {c_group * g}",
            argument="x",
        )
    geom = gather_geometry(
        xb.shape[2:], w.shape[2:], stride=stride, padding=padding, dilation=dilation
    )
    n = xb.shape[0]
    check_sizes(
        (n * c_out * prod(geom.output), "output"),
        (n * xb.shape[1] * prod(geom.padded), "padded input"),
        argument="x",
    )
    b = _check_bias(bias, c_out)
    dtype = result_dtype(x=xb, w=w) if b is None else result_dtype(x=xb, w=w, bias=b)
    xp = pad(xb.astype(dtype, copy=False), geom.pads, mode=mode)
    w = w.astype(dtype, copy=False)
    if method == "fft":
        _check_finite(x=xb, w=w)
    route = _gather_direct if method == "direct" else _gather_fft
    y = route(xp, w, geom, g)
    _add_bias(y, b)
    return y[0] if unbatched else y


def conv_transpose(
    y: object,
    w: object,
    *,
    stride: object = 1,
    padding: object = 0,
    output_padding: object = 0,
    dilation: object = 1,
    groups: object = 1,
    bias: object = None,
    output_size: object = None,
) -> np.ndarray:
    """N-D transposed convolution, like torch's ``conv_transpose{d}d``: a true scatter-add.

    Each input element, times the kernel, is added into the output at stride ``s`` and
    dilation ``d`` (one-to-many); then ``padding`` is cropped from both sides. It is the
    adjoint of :func:`conv` with the same `w`, `stride`, `padding`, `dilation`, `groups`.

    Parameters
    ----------
    y : array_like, shape ``(N, C_in, *I)`` or unbatched ``(C_in, *I)``
    w : array_like, shape ``(C_in, C_out // groups, *K)``
        The same tensor :func:`conv` uses to map ``C_out`` channels back to ``C_in``.
    stride, dilation : int or tuple of int, >= 1
    padding : int or tuple of int, >= 0
        Removed from both ends of the full scatter result (no "same"/"valid" here).
    output_padding : int or tuple of int, ``0 <= a < max(stride, dilation)``
        Extra samples on the high side: selects which of the input sizes that a strided
        convolution maps to ``I`` is produced.
    groups : int
    bias : array_like, shape ``(C_out,)``, optional
        Added to every output position of its channel, as torch's ``bias=``.
    output_size : tuple of int, optional
        The wanted spatial size ``S`` (or the full size with batch and channel axes): picks
        `output_padding` exactly as ``torch.nn.ConvTransposeNd.forward(output_size=...)``,
        reachable sizes ``m`` to ``m + s - 1`` with ``m`` the size at ``a = 0``. Replaces
        `output_padding`, which must then be left at 0.

    Returns
    -------
    numpy.ndarray, shape ``(N, C_out, *S)`` or ``(C_out, *S)``
        ``S = (I - 1) s - 2p + d (K - 1) + a + 1``. dtype as in :func:`conv`.

    Raises
    ------
    ShapeError, ConvmathError
        As :func:`conv`, plus `output_padding` outside ``[0, max(stride, dilation))``, and
        an unreachable `output_size` (naming the valid range, as PyTorch's ``ValueError``).

    Notes
    -----
    One axis, one channel: ``x[i] = sum over (o, t) with o s + t d - p = i of w[t] y[o]``.
    Continuous form: ``x(v) = integral of w(tau) y(v - tau) dtau``. Matrix form:
    ``x = C^T y`` with ``C = conv_matrix(w, S, ...)``. The adjoint of convolution (gather) is
    transposed convolution (scatter). Computed as a loop over the ``prod(K)`` kernel taps,
    each adding ``w[t] * y`` (contracted over channels) into one strided slice.

    Examples
    --------
    >>> import numpy as np
    >>> # output 3 = (2 - 1) * 1 + (2 - 1) + 1: each input spreads over 2 outputs
    >>> conv_transpose(np.array([[1.0, 10.0]]), np.array([[[1.0, 2.0]]]))
    array([[ 1., 12., 20.]])
    >>> # output 5 = (2 - 1) * 2 - 2*0 + (3 - 1) + 0 + 1, overlap at index 2
    >>> conv_transpose(np.array([[1.0, 10.0]]), np.ones((1, 1, 3)), stride=2)
    array([[ 1.,  1., 11., 10., 10.]])
    >>> # output_size 6 = 5 + 1: output_padding 1 chosen for it; bias 0.5 added everywhere
    >>> conv_transpose(np.array([[1.0, 10.0]]), np.ones((1, 1, 3)), stride=2, output_size=(6,),
    ...                bias=[0.5])
    array([[ 1.5,  1.5, 11.5, 10.5, 10.5,  0.5]])
    """
    w = check_kernel(w)
    d = w.ndim - 2
    yb, unbatched = as_batched(y, d, "y")
    c_in, c_group = w.shape[:2]
    g = check_groups(groups, c_in, c_in)  # C_out = w.shape[1] * groups always divides
    if yb.shape[1] != c_in:
        raise ShapeError(
            f"y has {yb.shape[1]} input channels but w of shape {w.shape} expects "
            f"w.shape[0] = {c_in}",
            argument="y",
        )
    c_out = c_group * g
    if output_size is not None:
        output_padding = _output_padding(
            output_size, output_padding, yb, w, unbatched, (stride, padding, dilation)
        )
    geom = scatter_geometry(
        yb.shape[2:],
        w.shape[2:],
        stride=stride,
        padding=padding,
        dilation=dilation,
        output_padding=output_padding,
    )
    n = yb.shape[0]
    check_sizes((n * c_out * prod(geom.padded), "output (before cropping padding)"), argument="y")
    b = _check_bias(bias, c_out)
    dtype = result_dtype(y=yb, w=w) if b is None else result_dtype(y=yb, w=w, bias=b)
    out = _scatter_direct(yb.astype(dtype, copy=False), w.astype(dtype, copy=False), geom, g)
    _add_bias(out, b)
    return out[0] if unbatched else out


def _output_padding(
    output_size: object,
    output_padding: object,
    yb: np.ndarray,
    w: np.ndarray,
    unbatched: bool,
    params: tuple[object, object, object],
) -> tuple[int, ...]:
    """``output_padding`` from ``output_size`` (PyTorch's ``_output_padding``)."""
    d = w.ndim - 2
    if spatial_tuple(output_padding, d, "output_padding", minimum=0) != (0,) * d:
        raise ConvmathError(
            f"give output_size or output_padding, not both; got output_padding={output_padding!r}",
            argument="output_padding",
        )
    return output_padding_for_size(
        output_size,  # type: ignore[arg-type]
        yb.shape[2:],
        w.shape[2:],
        stride=params[0],
        padding=params[1],
        dilation=params[2],
        batched=not unbatched,
    )


def _check_bias(bias: object, channels: int) -> np.ndarray | None:
    """`bias` as a 1-D array of `channels` entries (or None)."""
    if bias is None:
        return None
    b = np.asarray(bias)
    if b.shape != (channels,):
        raise ShapeError(
            f"bias must have shape ({channels},), one entry per output channel; "
            f"got shape {b.shape}",
            argument="bias",
        )
    return b


def _add_bias(out: np.ndarray, bias: np.ndarray | None) -> None:
    """``out[n, f, ...] += bias[f]`` in place."""
    if bias is not None:
        out += bias.astype(out.dtype, copy=False).reshape(-1, *(1,) * (out.ndim - 2))


def _check_finite(**arrays: np.ndarray) -> None:
    """The FFT route mixes every sample into every output: one NaN/inf would spoil them all."""
    for name, a in arrays.items():
        if not np.isfinite(a).all():
            raise ConvmathError(
                f"{name} contains NaN or inf, which method='fft' would spread to every output; "
                "use method='direct' (NaN/inf only where a window touches them)",
                argument=name,
            )


def _gather_direct(xp: np.ndarray, w: np.ndarray, geom: Geometry, groups: int) -> np.ndarray:
    """``y[n, f, o] = sum_{c, t} w[f, c, t] xp[n, c, o s + t d]``, one tap at a time."""
    n = xp.shape[0]
    c_out, c_group = w.shape[:2]
    per_group = c_out // groups
    ones = (1,) * geom.ndim
    xg = xp.reshape(n, groups, c_group, *geom.padded)
    wg = w.reshape(groups, per_group, c_group, *geom.kernel)
    out = np.zeros((n, groups, per_group, *geom.output), dtype=xp.dtype)
    if c_group == 1 and per_group == 1:  # one channel per group: scalar multiply-add
        acc, tmp = out[:, :, 0], np.empty((n, groups, *geom.output), dtype=xp.dtype)
        for tap, window in geom.tap_slices():
            coef = wg[(_ALL, 0, 0) + tap].reshape(groups, *ones)
            np.multiply(xg[(_ALL, _ALL, 0) + window], coef, out=tmp)
            acc += tmp
    else:  # contract channels with matmul: (G, F, C) @ (N, G, C, P) -> (N, G, F, P)
        pixels = prod(geom.output)
        flat = out.reshape(n, groups, per_group, pixels)
        for tap, window in geom.tap_slices():
            patch = xg[(Ellipsis,) + window].reshape(n, groups, c_group, pixels)
            flat += np.matmul(wg[(Ellipsis,) + tap], patch)
    return out.reshape(n, c_out, *geom.output)


def _scatter_direct(y: np.ndarray, w: np.ndarray, geom: Geometry, groups: int) -> np.ndarray:
    """``xp[n, f, o s + t d] += sum_c w[c, f, t] y[n, c, o]``, one tap at a time; then crop."""
    n = y.shape[0]
    c_in, per_group = w.shape[:2]
    c_group = c_in // groups
    ones = (1,) * geom.ndim
    yg = np.ascontiguousarray(y).reshape(n, groups, c_group, *geom.output)
    wg = w.reshape(groups, c_group, per_group, *geom.kernel)
    full = np.zeros((n, groups, per_group, *geom.padded), dtype=y.dtype)
    if c_group == 1 and per_group == 1:
        src, tmp = yg[:, :, 0], np.empty((n, groups, *geom.output), dtype=y.dtype)
        for tap, window in geom.tap_slices():
            coef = wg[(_ALL, 0, 0) + tap].reshape(groups, *ones)
            np.multiply(src, coef, out=tmp)
            full[(_ALL, _ALL, 0) + window] += tmp
    else:  # (G, F, C) @ (N, G, C, P) -> (N, G, F, P), added into the strided slice
        pixels = prod(geom.output)
        flat = yg.reshape(n, groups, c_group, pixels)
        for tap, window in geom.tap_slices():
            part = np.matmul(np.swapaxes(wg[(Ellipsis,) + tap], -1, -2), flat)
            full[(Ellipsis,) + window] += part.reshape(n, groups, per_group, *geom.output)
    out = full.reshape(n, groups * per_group, *geom.padded)
    if any(lo or hi for lo, hi in geom.pads):
        out = np.ascontiguousarray(out[(Ellipsis,) + geom.crop])
    return out


def _gather_fft(xp: np.ndarray, w: np.ndarray, geom: Geometry, groups: int) -> np.ndarray:
    """Circular cross-correlation by ``scipy.fft`` on a grid >= the padded input, then the
    valid samples ``0, s, 2s, ...``: no wrap-around reaches them."""
    from scipy import fft as sfft

    n, c_in = xp.shape[:2]
    c_out, c_group = w.shape[:2]
    per_group = c_out // groups
    axes = tuple(range(-geom.ndim, 0))
    grid = tuple(sfft.next_fast_len(m, real=True) for m in geom.padded)
    half = grid[:-1] + (grid[-1] // 2 + 1,)
    check_sizes(
        (n * c_in * prod(half), "FFT of the input"),
        (c_out * c_group * prod(grid), "FFT of the kernel"),
        (n * c_out * prod(grid), "FFT of the output"),
        argument="x",
    )
    extent = tuple(effective_kernel_size(k, d) for k, d in zip(geom.kernel, geom.dilation))
    dilated = np.zeros((c_out, c_group, *extent), dtype=w.dtype)
    dilated[(Ellipsis,) + tuple(slice(None, None, d) for d in geom.dilation)] = w
    xf = sfft.rfftn(xp, s=grid, axes=axes)
    wf = np.conj(sfft.rfftn(dilated, s=grid, axes=axes))
    if c_group == 1 and per_group == 1:
        yf = xf * wf[:, 0][None]
    else:
        xf = xf.reshape(n, groups, c_group, *half)
        wf = wf.reshape(groups, per_group, c_group, *half)
        yf = np.einsum("ngc...,gfc...->ngf...", xf, wf).reshape(n, c_out, *half)
    full = sfft.irfftn(yf, s=grid, axes=axes)
    keep = tuple(slice(0, (o - 1) * s + 1, s) for o, s in zip(geom.output, geom.stride))
    return np.ascontiguousarray(full[(Ellipsis,) + keep], dtype=xp.dtype)
