"""Validation shared by the symbolic and numeric layers (pure Python, no imports that cost).

Every hyper-parameter of a convolution -- ``stride``, ``padding``, ``dilation``,
``output_padding`` -- is an int (the same on every spatial axis) or a tuple with one int per
axis. These helpers turn either form into a tuple and reject anything else with a one-line
message that names the argument, the value received and what is allowed.

Examples
--------
>>> spatial_tuple(2, 3, "stride", minimum=1)
(2, 2, 2)
>>> spatial_tuple((1, 2), 2, "dilation", minimum=1)
(1, 2)
>>> spatial_tuple(0, 2, "stride", minimum=1)
Traceback (most recent call last):
...
convmath.errors.ConvmathError: stride must be an int >= 1 or a tuple of 2 such ints; got 0
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import SupportsIndex, cast

from convmath.errors import ConvmathError, ShapeError

__all__ = ["MAX_ELEMENTS", "as_int", "spatial_tuple", "shape_tuple", "check_element_count"]

#: Largest number of array elements (or matrix non-zeros) convmath agrees to allocate:
#: 2**28 float64 values are 2 GiB. Larger requests are refused before any allocation.
MAX_ELEMENTS = 2**28


def as_int(value: object, name: str, *, minimum: int | None = None) -> int:
    """Return `value` as a Python int, or raise naming `name`.

    Accepts Python and NumPy integers; rejects bools, floats and strings.

    Examples
    --------
    >>> as_int(3, "groups", minimum=1)
    3
    >>> as_int(2.5, "groups")
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: groups must be an int; got 2.5
    """
    if isinstance(value, bool):
        raise ConvmathError(f"{name} must be an int; got {value!r}", argument=name)
    try:
        number = operator.index(cast(SupportsIndex, value))
    except TypeError:
        raise ConvmathError(f"{name} must be an int; got {value!r}", argument=name) from None
    if minimum is not None and number < minimum:
        raise ConvmathError(f"{name} must be an int >= {minimum}; got {number}", argument=name)
    return number


def spatial_tuple(value: object, ndim: int, name: str, *, minimum: int) -> tuple[int, ...]:
    """Normalise an int-or-tuple hyper-parameter to a tuple of `ndim` ints >= `minimum`.

    Parameters
    ----------
    value : int or sequence of int
        What the user passed.
    ndim : int
        Number of spatial axes.
    name : str
        Argument name used in error messages.
    minimum : int
        Smallest allowed entry (1 for stride and dilation, 0 for padding).

    Returns
    -------
    tuple of int
        One entry per spatial axis.
    """
    allowed = f"{name} must be an int >= {minimum} or a tuple of {ndim} such ints"
    if isinstance(value, (str, bytes, bool)):
        raise ConvmathError(f"{allowed}; got {value!r}", argument=name)
    if isinstance(value, Iterable):
        items = tuple(value)
        if len(items) != ndim:
            raise ConvmathError(f"{allowed}; got {len(items)} entries {items!r}", argument=name)
    else:
        items = (value,) * ndim
    result = []
    for item in items:
        try:
            number = as_int(item, name)
        except ConvmathError:
            raise ConvmathError(f"{allowed}; got {value!r}", argument=name) from None
        if number < minimum:
            raise ConvmathError(f"{allowed}; got {value!r}", argument=name)
        result.append(number)
    return tuple(result)


def shape_tuple(value: object, name: str, *, ndim: int | None = None) -> tuple[int, ...]:
    """Validate a shape: a non-empty tuple of positive ints (an int means a 1-D shape).

    Examples
    --------
    >>> shape_tuple((4, 4), "input_shape")
    (4, 4)
    >>> shape_tuple((4, 0), "input_shape")
    Traceback (most recent call last):
    ...
    convmath.errors.ShapeError: input_shape must be a tuple of positive ints; got (4, 0)
    """
    if isinstance(value, (str, bytes, bool)):
        raise ShapeError(f"{name} must be a tuple of positive ints; got {value!r}", argument=name)
    items = tuple(value) if isinstance(value, Iterable) else (value,)
    try:
        shape = tuple(as_int(item, name) for item in items)
    except ConvmathError:
        raise ShapeError(
            f"{name} must be a tuple of positive ints; got {value!r}", argument=name
        ) from None
    if not shape or any(n < 1 for n in shape):
        raise ShapeError(f"{name} must be a tuple of positive ints; got {value!r}", argument=name)
    if ndim is not None and len(shape) != ndim:
        raise ShapeError(
            f"{name} must have {ndim} entries (one per spatial axis); got {shape}", argument=name
        )
    return shape


def check_element_count(count: int, what: str, *, argument: str | None = None) -> None:
    """Refuse, before allocating, anything with more than :data:`MAX_ELEMENTS` elements.

    `what` names the thing that would be allocated; `argument`, the argument that makes it
    that large (``error.argument``).

    Examples
    --------
    >>> check_element_count(10**12, "output")
    Traceback (most recent call last):
    ...
    convmath.errors.ShapeError: output would have 1000000000000 elements; convmath refuses more than 268435456
    """
    if count > MAX_ELEMENTS:
        raise ShapeError(
            f"{what} would have {count} elements; convmath refuses more than {MAX_ELEMENTS}",
            argument=argument,
        )
