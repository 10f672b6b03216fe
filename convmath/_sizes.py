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
