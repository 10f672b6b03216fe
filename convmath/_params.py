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
from collections.abc import Iterable, Sequence
from typing import SupportsIndex, cast

from convmath.errors import ConvmathError, ShapeError

__all__ = [
    "MAX_ELEMENTS",
    "as_int",
    "as_flag",
    "describe",
    "spatial_tuple",
    "shape_tuple",
    "check_element_count",
]

#: Largest number of array elements (or matrix non-zeros) convmath agrees to allocate:
#: 2**28 float64 values are 2 GiB. Larger requests are refused before any allocation.
MAX_ELEMENTS = 2**28


def describe(value: object) -> str:
    """What the user passed, in words: arrays by shape and dtype, everything else by repr.

    Examples
    --------
    >>> import numpy as np
    >>> describe(np.array([2, 3]))
    'an array of shape (2,) and dtype int64'
    >>> describe(2.5)
    '2.5'
    """
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and shape != ():
        return f"an array of shape {shape} and dtype {getattr(value, 'dtype', '?')}"
    if isinstance(shape, tuple):
        return f"a 0-d array {value!r}"
    if isinstance(value, (set, frozenset, dict)):
        return f"an unordered {type(value).__name__} {value!r}"
    return repr(value)


def _is_bool(value: object) -> bool:
    """Python bool, numpy.bool_ or a 0-d boolean array."""
    dtype = getattr(value, "dtype", None)
    return isinstance(value, bool) or (
        dtype is not None and getattr(dtype, "kind", "") == "b" and getattr(value, "ndim", 1) == 0
    )


def as_flag(value: object, name: str) -> bool:
    """Return a flag (`bool` or `numpy.bool_`) as a Python bool; anything else is refused.

    Examples
    --------
    >>> as_flag(True, "ceil_mode")
    True
    >>> as_flag("no", "ceil_mode")
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: ceil_mode must be True or False (bool); got 'no'
    """
    if _is_bool(value):
        return bool(value)
    raise ConvmathError(
        f"{name} must be True or False (bool); got {describe(value)}", argument=name
    )


def as_int(value: object, name: str, *, minimum: int | None = None) -> int:
    """Return `value` as a Python int, or raise naming `name`.

    Accepts Python and NumPy integers (scalars and 0-d arrays of integer dtype); rejects
    bools, floats, strings and arrays of any other shape.

    Examples
    --------
    >>> as_int(3, "groups", minimum=1)
    3
    >>> as_int(2.5, "groups")
    Traceback (most recent call last):
    ...
    convmath.errors.ConvmathError: groups must be an int; got 2.5
    """
    if _is_bool(value):
        raise ConvmathError(f"{name} must be an int; got {describe(value)}", argument=name)
    try:
        number = operator.index(cast(SupportsIndex, value))
    except TypeError:
        raise ConvmathError(
            f"{name} must be an int; got {describe(value)}", argument=name
        ) from None
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
    items = _entries(value, allowed, name)
    if items is None:
        items = (value,) * ndim
    elif len(items) != ndim:
        raise ConvmathError(f"{allowed}; got {len(items)} entries {items!r}", argument=name)
    result = []
    for item in items:
        try:
            number = as_int(item, name)
        except ConvmathError:
            raise ConvmathError(f"{allowed}; got {describe(value)}", argument=name) from None
        if number < minimum:
            raise ConvmathError(f"{allowed}; got {describe(value)}", argument=name)
        result.append(number)
    return tuple(result)


def _entries(value: object, allowed: str, name: str) -> tuple[object, ...] | None:
    """The entries of an ordered container, None for a scalar (0-d arrays are scalars).

    Strings, bools and unordered containers (sets, dicts) are refused: a set would be
    silently reordered.
    """
    if isinstance(value, (str, bytes)) or _is_bool(value):
        raise ConvmathError(f"{allowed}; got {describe(value)}", argument=name)
    if getattr(value, "ndim", None) == 0:
        return None
    if isinstance(value, (set, frozenset, dict)) or (
        isinstance(value, Iterable)
        and not isinstance(value, Sequence)
        and not hasattr(value, "shape")
    ):
        raise ConvmathError(
            f"{allowed} (an ordered sequence); got {describe(value)}", argument=name
        )
    if isinstance(value, Iterable):
        return tuple(value)
    return None


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
    allowed = f"{name} must be a tuple of positive ints"
    try:
        entries = _entries(value, allowed, name)
        items = (value,) if entries is None else entries
        shape = tuple(as_int(item, name) for item in items)
    except ConvmathError:
        raise ShapeError(f"{allowed}; got {describe(value)}", argument=name) from None
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
