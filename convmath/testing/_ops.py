"""The twelve operators ``convmath check`` knows, and how each is called.

A user's function is called the way ``torch.nn.functional``'s function of the same name is
called: batched arrays ``(N, C, *S)`` and keyword arguments. The reference is
:mod:`convmath.numeric` (PyTorch semantics, float64).

Examples
--------
>>> OPS["conv_transpose2d"]
OpSpec(name='conv_transpose2d', family='conv_transpose', ndim=2)
>>> sorted(OPS)[:3]
['avg_pool1d', 'avg_pool2d', 'avg_pool3d']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["OpSpec", "OPS", "FAMILY_ARGUMENTS", "EXTRA_OPTIONS", "accepted_extras", "reference"]


@dataclass(frozen=True)
class OpSpec:
    """An operator: its name, family (conv, conv_transpose, max_pool, avg_pool) and ``d``."""

    name: str
    family: str
    ndim: int


OPS: dict[str, OpSpec] = {
    f"{family}{d}d": OpSpec(f"{family}{d}d", family, d)
    for family in ("conv", "conv_transpose", "max_pool", "avg_pool")
    for d in (1, 2, 3)
}

#: The keyword arguments always passed, per family, in torch's order.
FAMILY_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "conv": ("stride", "padding", "dilation", "groups"),
    "conv_transpose": ("stride", "padding", "output_padding", "dilation", "groups"),
    "max_pool": ("kernel_size", "stride", "padding"),
    "avg_pool": ("kernel_size", "stride", "padding"),
}

#: Options of the reference passed only when not at their default (and only when the user's
#: function accepts them), with that default.
EXTRA_OPTIONS: dict[str, dict[str, Any]] = {
    "conv": {},
    "conv_transpose": {},
    "max_pool": {"dilation": 1},
    "avg_pool": {"count_include_pad": True},
}


def accepted_extras(fn: Callable[..., Any], family: str) -> frozenset[str]:
    """The extra options of `family` that `fn`'s signature accepts (all of them for ``**kw``).

    Examples
    --------
    >>> def pool(x, kernel_size, stride=None, padding=0): ...
    >>> sorted(accepted_extras(pool, "max_pool"))
    []
    >>> def pool2(x, kernel_size, stride=None, padding=0, dilation=1): ...
    >>> sorted(accepted_extras(pool2, "max_pool"))
    ['dilation']
    """
    names = set(EXTRA_OPTIONS[family])
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature: assume torch's
        return frozenset(names)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return frozenset(names)
    return frozenset(names & {p.name for p in params})


def reference(family: str, arrays: Mapping[str, np.ndarray], kwargs: Mapping[str, Any]) -> Any:
    """The reference output of `family` on `arrays` (``x`` and, for convs, ``w``).

    Examples
    --------
    >>> x = np.arange(4.0).reshape(1, 1, 4)
    >>> reference("max_pool", {"x": x}, {"kernel_size": 2, "stride": 2, "padding": 0})
    array([[[1., 3.]]])
    """
    from convmath import numeric

    kw = dict(kwargs)
    if family == "conv":
        return numeric.conv(arrays["x"], arrays["w"], **kw)
    if family == "conv_transpose":
        return numeric.conv_transpose(arrays["x"], arrays["w"], **kw)
    kernel = kw.pop("kernel_size")
    ndim = arrays["x"].ndim - 2
    pool = numeric.max_pool if family == "max_pool" else numeric.avg_pool
    return pool(arrays["x"], kernel, ndim=ndim, **kw)
