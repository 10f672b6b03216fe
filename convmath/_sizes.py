"""Size arithmetic of convolution, transposed convolution and pooling: the one home of each rule.

Per spatial axis (axes never interact), with input size ``i``, kernel size ``k``, stride
``s``, zero padding ``p`` on both sides, dilation ``d`` and output padding ``a``:

* effective (dilated) kernel size ``k_eff = d (k - 1) + 1``;
* convolution: ``o = floor((i + 2p - d (k - 1) - 1) / s) + 1``, defined when
  ``i + 2p >= k_eff`` (PyTorch's ``Conv{1,2,3}d`` rule);
* transposed convolution: ``o' = (i' - 1) s - 2p + d (k - 1) + a + 1`` with
  ``0 <= a < max(s, d)`` (PyTorch's ``ConvTranspose{1,2,3}d`` rule);
* the output padding that makes the transposed convolution of ``o`` give back ``i``:
  ``a = (i + 2p - d (k - 1) - 1) mod s``.

The formulas are written with ``+ - * // %`` only, so they work on Python ints and, unchanged,
on SymPy expressions (``//`` is then ``floor`` and ``%`` is ``Mod``): the numeric shapes, the
symbolic formulas and the verification all call them. The ``check_*`` functions raise the
errors, naming the argument in ``argument=`` (callers pass their own parameter names).
Pure Python: importing this module costs nothing.

Examples
--------
>>> # 3 = floor((5 + 2*1 - 2*(3 - 1) - 1) / 1) + 1
>>> conv_output_size(5, 3, p=1, d=2)
3
>>> # 6 = (3 - 1) * 2 - 2*1 + (3 - 1) + 1 + 1
>>> transposed_output_size(3, 3, s=2, p=1, a=1)
6
>>> # 1 = (6 + 2*1 - 3) mod 2: the transposed convolution of 3 gives 6 back
>>> selecting_output_padding(6, 3, s=2, p=1)
1
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Any

from convmath.errors import ConvmathError, ShapeError

__all__ = [
    "prod",
    "effective_kernel_size",
    "conv_output_size",
    "transposed_output_size",
    "selecting_output_padding",
    "output_padding_bound",
    "smallest_input_size",
    "largest_pool_padding",
    "windows_see_input",
    "pool_output_size",
    "check_pool_output_size",
    "avg_pool_divisors",
    "adaptive_window",
    "check_unpool_size",
    "check_kernel_fits",
    "check_output_padding",
    "check_transposed_size",
]


def prod(values: Iterable[Any]) -> Any:
    """Product of sizes, exact: integer-like entries (NumPy ints too) become Python ints.

    Anything else (a SymPy symbol) is multiplied as it is; the empty product is 1.

    Examples
    --------
    >>> import numpy as np
    >>> # 2**62 * 4 = 2**64 would wrap around in int64
    >>> prod((np.int64(2**62), np.int64(4))) == 2**64
    True
    >>> prod(())
    1
    """
    total: Any = 1
    for value in values:
        total = total * (operator.index(value) if hasattr(value, "__index__") else value)
    return total


def effective_kernel_size(k: Any, d: Any = 1) -> Any:
    """Extent covered by a kernel of size `k` dilated by `d`: ``d (k - 1) + 1``.

    Examples
    --------
    >>> # 5 = 2 * (3 - 1) + 1
    >>> effective_kernel_size(3, 2)
    5
    """
    return d * (k - 1) + 1


def conv_output_size(i: Any, k: Any, s: Any = 1, p: Any = 0, d: Any = 1) -> Any:
    """Convolution output size ``floor((i + 2p - d (k - 1) - 1) / s) + 1`` (no validation).

    An asymmetric padding ``(low, high)`` is the size of the padded input ``i + low + high``
    with ``p = 0``.

    Examples
    --------
    >>> # 3 = floor((5 + 2*1 - 3) / 2) + 1
    >>> conv_output_size(5, 3, s=2, p=1)
    3
    """
    return (i + 2 * p - effective_kernel_size(k, d)) // s + 1


def transposed_output_size(i: Any, k: Any, s: Any = 1, p: Any = 0, d: Any = 1, a: Any = 0) -> Any:
    """Transposed-convolution output size ``(i - 1) s - 2p + d (k - 1) + a + 1`` (no validation).

    Examples
    --------
    >>> # 5 = (3 - 1) * 2 - 2*1 + (3 - 1) + 0 + 1
    >>> transposed_output_size(3, 3, s=2, p=1)
    5
    """
    return (i - 1) * s - 2 * p + effective_kernel_size(k, d) + a


def selecting_output_padding(i: Any, k: Any, s: Any = 1, p: Any = 0, d: Any = 1) -> Any:
    """Output padding ``(i + 2p - d (k - 1) - 1) mod s`` that maps a convolution's output back
    to its input size `i` (the ``s`` sizes a stride merges are told apart by it).

    Examples
    --------
    >>> # 0 = (5 + 2*1 - 3) mod 2 and 1 = (6 + 2*1 - 3) mod 2: both give 3 outputs
    >>> selecting_output_padding(5, 3, s=2, p=1), selecting_output_padding(6, 3, s=2, p=1)
    (0, 1)
    """
    return (i + 2 * p - effective_kernel_size(k, d)) % s


def output_padding_bound(s: int, d: int) -> int:
    """PyTorch's bound on the output padding: ``0 <= a < max(s, d)``.

    Examples
    --------
    >>> output_padding_bound(2, 1), output_padding_bound(1, 3)
    (2, 3)
    """
    return max(s, d)


def smallest_input_size(k: int, p: int = 0, d: int = 1) -> int:
    """Smallest input size a kernel of size `k`, dilation `d` fits after padding `p`.

    ``max(1, d (k - 1) + 1 - 2p)``: the dilated kernel must not exceed the padded input.

    Examples
    --------
    >>> # 3 = 2 * (3 - 1) + 1 - 2*1
    >>> smallest_input_size(3, p=1, d=2)
    3
    """
    return max(1, effective_kernel_size(k, d) - 2 * p)


def largest_pool_padding(k: int) -> int:
    """Largest padding PyTorch's pooling allows for a window of size `k`: ``k // 2``.

    Examples
    --------
    >>> largest_pool_padding(3), largest_pool_padding(4)
    (1, 2)
    """
    return k // 2


def windows_see_input(
    size: Iterable[int],
    kernel: Iterable[int],
    stride: Iterable[int],
    padding: Iterable[int],
    dilation: Iterable[int],
) -> bool:
    """Whether every window of a pooling holds at least one real (unpadded) sample.

    (Vacuously true when the dilated kernel exceeds the padded input: there is no window.)

    Examples
    --------
    >>> # padding 2: one window, taps 0*1 + (0, 2, 4) - 2 = -2, 0, 2 on an input of size 1
    >>> windows_see_input((1,), (3,), (1,), (2,), (2,))
    True
    >>> # padding 1: one window, taps 0*1 + (0, 2) - 1 = -1, 1: both padding
    >>> windows_see_input((1,), (2,), (1,), (1,), (2,))
    False
    """
    for n, k, s, p, d in zip(size, kernel, stride, padding, dilation):
        for o in range(conv_output_size(n, k, s, p, d)):
            if not any(0 <= o * s + t * d - p < n for t in range(k)):
                return False
    return True


def pool_output_size(
    i: int, k: int, s: int = 1, p: int = 0, d: int = 1, ceil_mode: bool = False
) -> int:
    """PyTorch's pooling output size (no validation; Python ints).

    Without `ceil_mode` it is :func:`conv_output_size`. With it the division rounds up,
    ``ceil((i + 2p - d (k - 1) - 1) / s) + 1``, and a last window that would start in the
    right padding is dropped: every window starts inside the input or the left padding,
    ``(o - 1) s < i + p``.

    Examples
    --------
    >>> # floor: 2 = floor((5 - 2) / 2) + 1; ceil: 3 = ceil((5 - 2) / 2) + 1, start 4 < 5
    >>> pool_output_size(5, 2, s=2), pool_output_size(5, 2, s=2, ceil_mode=True)
    (2, 3)
    >>> # ceil((3 - 1) / 3) + 1 = 2 windows, but the second would start at 3 >= 3 + 0: dropped
    >>> pool_output_size(3, 1, s=3, ceil_mode=True)
    1
    """
    if not ceil_mode:
        return int(conv_output_size(i, k, s, p, d))
    o = -((effective_kernel_size(k, d) - i - 2 * p) // s) + 1
    if (o - 1) * s >= i + p:
        o -= 1
    return int(o)


def check_pool_output_size(
    i: int,
    k: int,
    s: int = 1,
    p: int = 0,
    d: int = 1,
    ceil_mode: bool = False,
    *,
    axis: int = 0,
    argument: str = "kernel_size",
) -> int:
    """:func:`pool_output_size`, or :class:`ShapeError` when no window fits.

    Without `ceil_mode` the dilated kernel must fit the padded input
    (:func:`check_kernel_fits`); with it, the first window may stick out past the padded
    input by less than the stride (PyTorch's rule: the output size must be positive).

    Examples
    --------
    >>> # ceil((2 - 3) / 2) + 1 = 1: the window [0, 3) sticks out of [0, 2) by 1 < 2
    >>> check_pool_output_size(2, 3, s=2, ceil_mode=True)
    1
    >>> check_pool_output_size(2, 3, s=1, ceil_mode=True)
    Traceback (most recent call last):
    ...
    convmath.errors.ShapeError: kernel_size: kernel extent 3 (kernel 3, dilation 1) exceeds the padded input 2 (input 2 + padding 0 + 0) on axis 0 by at least the stride 1, so even ceil_mode leaves no window
    """
    if not ceil_mode:
        check_kernel_fits(i, k, d, p, p, axis=axis, argument=argument)
    o = pool_output_size(i, k, s, p, d, ceil_mode)
    if o < 1:
        raise ShapeError(
            f"{argument}: kernel extent {effective_kernel_size(k, d)} (kernel {k}, dilation "
            f"{d}) exceeds the padded input {i + 2 * p} (input {i} + padding {p} + {p}) on "
            f"axis {axis} by at least the stride {s}, so even ceil_mode leaves no window",
            argument=argument,
        )
    return o


def avg_pool_divisors(
    i: int, k: int, s: int, p: int, o: int, *, count_include_pad: bool = True
) -> list[int]:
    """Per output position along one axis, how many samples average pooling divides by.

    PyTorch's ``pool_size``: window ``[j s - p, j s - p + k)`` clipped to the padded input
    ``[-p, i + p)`` (`count_include_pad`), or to the input ``[0, i)`` (real samples only).
    The divisor of a window is the product of its per-axis entries.

    Examples
    --------
    >>> # i=5, k=2, s=2, p=1, 3 outputs: windows [-1, 1), [1, 3), [3, 5)
    >>> avg_pool_divisors(5, 2, 2, 1, 3), avg_pool_divisors(5, 2, 2, 1, 3, count_include_pad=False)
    ([2, 2, 2], [1, 2, 2])
    >>> # ceil_mode's extra window [3, 6) of i=4, k=3, s=3: clipped to [3, 4) either way
    >>> avg_pool_divisors(4, 3, 3, 0, 2)
    [3, 1]
    """
    low, high = (-p, i + p) if count_include_pad else (0, i)
    return [min(j * s - p + k, high) - max(j * s - p, low) for j in range(o)]


def adaptive_window(j: int, i: int, o: int) -> tuple[int, int]:
    """Window ``[floor(j i / o), ceil((j + 1) i / o))`` of output `j` of `o` over `i` samples.

    PyTorch's adaptive pooling start and end indices; consecutive windows overlap by at
    most one sample when ``o < i`` and repeat samples when ``o > i``.

    Examples
    --------
    >>> # i=5, o=3: [0, 2), [1, 4), [3, 5)
    >>> [adaptive_window(j, 5, 3) for j in range(3)]
    [(0, 2), (1, 4), (3, 5)]
    """
    return (j * i) // o, -((-(j + 1) * i) // o)


def check_unpool_size(
    requested: int, default: int, s: int, *, axis: int = 0, argument: str = "output_size"
) -> int:
    """Max-unpooling output size: PyTorch accepts ``default - s < requested < default + s``.

    `default` is ``(i - 1) s - 2p + k`` (:func:`transposed_output_size` with ``d = 1``,
    ``a = 0``): the sizes a max pooling with stride `s` maps to `i` outputs lie in that range.

    Examples
    --------
    >>> check_unpool_size(5, 4, 2)
    5
    >>> check_unpool_size(6, 4, 2)
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: output_size must be between 3 and 5 on axis 0 (the default 4 plus or minus less than the stride 2); got 6
    """
    if not default - s < requested < default + s:
        raise ConvmathError(
            f"{argument} must be between {default - s + 1} and {default + s - 1} on axis "
            f"{axis} (the default {default} plus or minus less than the stride {s}); "
            f"got {requested}",
            argument=argument,
        )
    return requested


def check_kernel_fits(
    i: int,
    k: int,
    d: int = 1,
    low: int = 0,
    high: int = 0,
    *,
    axis: int = 0,
    argument: str = "kernel_shape",
) -> None:
    """Raise :class:`ShapeError` when the dilated kernel exceeds the padded input.

    Examples
    --------
    >>> check_kernel_fits(2, 3)
    Traceback (most recent call last):
    ...
    convmath.errors.ShapeError: kernel extent 3 (kernel 3, dilation 1) exceeds the padded input 2 (input 2 + padding 0 + 0) on axis 0
    """
    extent = effective_kernel_size(k, d)
    padded = i + low + high
    if extent > padded:
        raise ShapeError(
            f"kernel extent {extent} (kernel {k}, dilation {d}) exceeds the padded input "
            f"{padded} (input {i} + padding {low} + {high}) on axis {axis}",
            argument=argument,
        )


def check_output_padding(
    a: int, s: int, d: int, *, axis: int = 0, argument: str = "output_padding"
) -> None:
    """Raise :class:`ConvmathError` unless ``a < max(s, d)`` (PyTorch's rule).

    Examples
    --------
    >>> check_output_padding(2, 2, 1)
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: output_padding must be smaller than max(stride, dilation) = 2 on axis 0; got output_padding=2
    """
    bound = output_padding_bound(s, d)
    if a >= bound:
        raise ConvmathError(
            f"output_padding must be smaller than max(stride, dilation) = {bound} "
            f"on axis {axis}; got output_padding={a}",
            argument=argument,
        )


def check_transposed_size(
    i: int,
    k: int,
    s: int = 1,
    p: int = 0,
    d: int = 1,
    a: int = 0,
    *,
    axis: int = 0,
    argument: str = "padding",
) -> int:
    """The transposed output size, or :class:`ShapeError` when it is not positive.

    Examples
    --------
    >>> check_transposed_size(1, 1, p=1)
    Traceback (most recent call last):
    ...
    convmath.errors.ShapeError: transposed output size -1 on axis 0 is not positive (input 1, kernel 1, stride 1, padding 1, dilation 1, output_padding 0); reduce padding
    """
    o: int = transposed_output_size(i, k, s, p, d, a)
    if o < 1:
        raise ShapeError(
            f"transposed output size {o} on axis {axis} is not positive "
            f"(input {i}, kernel {k}, stride {s}, padding {p}, dilation {d}, "
            f"output_padding {a}); reduce padding",
            argument=argument,
        )
    return o
