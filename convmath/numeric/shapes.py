"""Output sizes of convolution and transposed convolution (pure Python integers).

The size vocabulary, per spatial axis, with input size ``i``, kernel size ``k``, stride
``s``, padding ``p`` (on both sides), dilation ``d`` and output padding ``a``:

* effective kernel size ``k_eff = d (k - 1) + 1`` -- the extent the dilated kernel covers;
* convolution: ``o = floor((i + 2p - k_eff) / s) + 1``, defined when ``i + 2p >= k_eff``;
* transposed convolution: ``o = (i - 1) s - 2p + k_eff + a`` with ``0 <= a < max(s, d)``,
  exactly PyTorch's ``conv_transpose`` rule. A stride-``s`` convolution maps ``s`` input
  sizes ``n`` to the same ``i``: ``a = 0`` gives the smallest of them and
  ``a = (n + 2p - k_eff) mod s`` gives ``n`` back.

The formulas themselves live in :mod:`convmath._sizes`; this module validates the arguments
and applies them axis by axis.

``padding`` may also be ``"valid"`` (no padding) or ``"same"`` (stride 1 only; the total
``d (k - 1)`` is split with the extra element on the high side, as PyTorch does).

Examples
--------
>>> # output 2 = floor((4 + 0 - 3) / 1) + 1: Dumoulin & Visin's figure 2.1
>>> output_shape((4, 4), (3, 3))
(2, 2)
>>> # output 3 = floor((5 + 2 - 3) / 2) + 1
>>> output_shape((5, 5), (3, 3), stride=2, padding=1)
(3, 3)
>>> # transposed: 5 = (3 - 1) * 2 - 2 + 3 + 0
>>> transposed_output_shape((3, 3), (3, 3), stride=2, padding=1)
(5, 5)
>>> output_shape((7,), (3,), padding="same", dilation=2)
(7,)
"""

from __future__ import annotations

from collections.abc import Sequence

from convmath._params import shape_tuple, spatial_tuple
from convmath._sizes import (
    check_kernel_fits,
    check_output_padding,
    check_transposed_size,
    conv_output_size,
    effective_kernel_size,
)
from convmath.errors import ConvmathError

__all__ = [
    "output_shape",
    "transposed_output_shape",
    "effective_kernel_shape",
    "resolve_padding",
    "output_padding_for_size",
]


def effective_kernel_shape(kernel_shape: Sequence[int], dilation: object = 1) -> tuple[int, ...]:
    """Extent covered by a dilated kernel on each axis: ``d (k - 1) + 1``.

    Examples
    --------
    >>> # 5 = 2 * (3 - 1) + 1
    >>> effective_kernel_shape((3, 3), dilation=2)
    (5, 5)
    """
    kernel = shape_tuple(kernel_shape, "kernel_shape")
    dil = spatial_tuple(dilation, len(kernel), "dilation", minimum=1)
    return tuple(effective_kernel_size(k, d) for k, d in zip(kernel, dil))


def resolve_padding(
    padding: object, kernel_shape: Sequence[int], *, stride: object = 1, dilation: object = 1
) -> tuple[tuple[int, int], ...]:
    """Padding as ``(low, high)`` pairs, one per spatial axis.

    Ints and tuples pad both sides equally; ``"valid"`` means none; ``"same"`` keeps the size
    (stride 1 only) and, for an odd total ``d (k - 1)``, puts the extra element on the high
    side -- PyTorch's split.

    Examples
    --------
    >>> resolve_padding("same", (4, 3))
    ((1, 2), (1, 1))
    >>> resolve_padding(1, (3,))
    ((1, 1),)
    """
    kernel = shape_tuple(kernel_shape, "kernel_shape")
    ndim = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * ndim
        if padding == "same":
            if any(s != 1 for s in spatial_tuple(stride, ndim, "stride", minimum=1)):
                raise ConvmathError(
                    f"padding='same' requires stride 1 on every axis; got stride={stride!r}",
                    argument="padding",
                )
            dil = spatial_tuple(dilation, ndim, "dilation", minimum=1)
            totals = [effective_kernel_size(k, d) - 1 for k, d in zip(kernel, dil)]
            return tuple((t // 2, t - t // 2) for t in totals)
        raise ConvmathError(
            f"padding must be an int >= 0, a tuple of {ndim} such ints, 'valid' or 'same'; "
            f"got {padding!r}",
            argument="padding",
        )
    pads = spatial_tuple(padding, ndim, "padding", minimum=0)
    return tuple((p, p) for p in pads)


def output_shape(
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
) -> tuple[int, ...]:
    """Spatial output shape of a convolution (cross-correlation), PyTorch's rule.

    Parameters
    ----------
    input_shape, kernel_shape : tuple of int
        Spatial shapes (no batch or channel axes), of equal length.
    stride, dilation : int or tuple of int, >= 1
    padding : int or tuple of int >= 0, or "valid" or "same"

    Returns
    -------
    tuple of int

    Raises
    ------
    ShapeError
        When the dilated kernel is larger than the padded input on some axis.

    Examples
    --------
    >>> # 1 = floor((5 + 2*0 - 2*(3 - 1) - 1) / 1) + 1
    >>> output_shape((5,), (3,), dilation=2)
    (1,)
    >>> output_shape((2, 2), (3, 3))
    Traceback (most recent call last):
    ...
    convmath.errors.ShapeError: kernel extent 3 (kernel 3, dilation 1) exceeds the padded input 2 (input 2 + padding 0 + 0) on axis 0
    """
    size = shape_tuple(input_shape, "input_shape")
    kernel = shape_tuple(kernel_shape, "kernel_shape", ndim=len(size))
    strides = spatial_tuple(stride, len(size), "stride", minimum=1)
    dil = spatial_tuple(dilation, len(size), "dilation", minimum=1)
    pads = resolve_padding(padding, kernel, stride=strides, dilation=dil)
    out = []
    for axis, (i, k, s, d, (lo, hi)) in enumerate(zip(size, kernel, strides, dil, pads)):
        check_kernel_fits(i, k, d, lo, hi, axis=axis)
        out.append(conv_output_size(i + lo + hi, k, s, 0, d))  # (lo, hi): the padded input
    return tuple(out)


def transposed_output_shape(
    input_shape: Sequence[int],
    kernel_shape: Sequence[int],
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    output_padding: object = 0,
) -> tuple[int, ...]:
    """Spatial output shape of a transposed convolution, PyTorch's rule.

    ``o = (i - 1) s - 2p + d (k - 1) + a + 1`` per axis, with ``0 <= a < max(s, d)``.

    Raises
    ------
    ConvmathError
        For ``output_padding`` outside ``[0, max(stride, dilation))``.
    ShapeError
        When the result is not positive.

    Examples
    --------
    >>> # d2l: 3 = (2 - 1) * 1 - 0 + (2 - 1) + 0 + 1
    >>> transposed_output_shape((2, 2), (2, 2))
    (3, 3)
    >>> # 6 = (3 - 1) * 2 - 2 + 3 + 1: output_padding picks the even size
    >>> transposed_output_shape((3,), (3,), stride=2, padding=1, output_padding=1)
    (6,)
    """
    size = shape_tuple(input_shape, "input_shape")
    ndim = len(size)
    kernel = shape_tuple(kernel_shape, "kernel_shape", ndim=ndim)
    strides = spatial_tuple(stride, ndim, "stride", minimum=1)
    if isinstance(padding, str):  # no "same" / "valid" for a transposed convolution
        raise ConvmathError(
            f"padding must be an int >= 0 or a tuple of {ndim} such ints for a transposed "
            f"convolution; got {padding!r}",
            argument="padding",
        )
    pads = spatial_tuple(padding, ndim, "padding", minimum=0)
    dil = spatial_tuple(dilation, ndim, "dilation", minimum=1)
    extra = spatial_tuple(output_padding, ndim, "output_padding", minimum=0)
    out = []
    for axis, (i, k, s, p, d, a) in enumerate(zip(size, kernel, strides, pads, dil, extra)):
        check_output_padding(a, s, d, axis=axis)
        out.append(check_transposed_size(i, k, s, p, d, a, axis=axis))
    return tuple(out)


def output_padding_for_size(
    output_size: Sequence[int],
    input_spatial: Sequence[int],
    kernel_shape: Sequence[int],
    *,
    stride: object = 1,
    padding: object = 0,
    dilation: object = 1,
    batched: bool = True,
) -> tuple[int, ...]:
    """The ``output_padding`` that makes a transposed convolution produce `output_size`.

    Exactly ``torch.nn.ConvTransposeNd.forward(output_size=...)``: `output_size` is the
    spatial size, or the full size with the batch and channel axes (channel only when
    unbatched); per axis the reachable sizes are ``m = (i - 1) s - 2p + d (k - 1) + 1`` up to
    ``m + s - 1`` and the result is ``output_size - m``.

    Raises
    ------
    ConvmathError
        A size outside the reachable range (a ``ValueError`` naming ``output_size``, as
        PyTorch's), or the wrong number of entries.

    Examples
    --------
    >>> # reachable: 5 = (3 - 1) * 2 - 2 + 2 + 1 up to 6; 6 needs output_padding 1
    >>> output_padding_for_size((6,), (3,), (3,), stride=2, padding=1)
    (1,)
    >>> output_padding_for_size((1, 4, 6), (3,), (3,), stride=2, padding=1)
    (1,)
    """
    spatial = shape_tuple(input_spatial, "input_shape")
    ndim = len(spatial)
    kernel = shape_tuple(kernel_shape, "kernel_shape", ndim=ndim)
    size = shape_tuple(output_size, "output_size")
    lead = 2 if batched else 1
    if len(size) == ndim + lead:
        size = size[lead:]
    if len(size) != ndim:
        raise ConvmathError(
            f"output_size must have {ndim} or {ndim + lead} elements for {ndim}-D "
            f"{'batched' if batched else 'unbatched'} input; got {tuple(output_size)}",
            argument="output_size",
        )
    strides = spatial_tuple(stride, ndim, "stride", minimum=1)
    pads = spatial_tuple(padding, ndim, "padding", minimum=0)
    dil = spatial_tuple(dilation, ndim, "dilation", minimum=1)
    smallest = [
        (i - 1) * s - 2 * p + effective_kernel_size(k, d)
        for i, k, s, p, d in zip(spatial, kernel, strides, pads, dil)
    ]
    largest = [m + s - 1 for m, s in zip(smallest, strides)]
    if any(not lo <= n <= hi for n, lo, hi in zip(size, smallest, largest)):
        raise ConvmathError(
            f"output_size {size} is unreachable: valid sizes range from {tuple(smallest)} to "
            f"{tuple(largest)} (for an input of {spatial})",
            argument="output_size",
        )
    return tuple(n - m for n, m in zip(size, smallest))
