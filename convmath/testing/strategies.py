"""Hypothesis strategies for convolution and pooling configurations, valid by construction.

Small shapes come first (hypothesis shrinks toward them) and the rare corners are drawn on
purpose: groups > 1, dilation > 1, stride > kernel, padding = k - 1, output_padding at its
maximum, non-square inputs and kernels, all-negative inputs (max pooling with padding),
channel counts that are not powers of two. Inputs hold small integers stored as float64, so
every printed value is exact.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=5, database=None, derandomize=True)
... @given(cases("conv2d"))
... def test_shapes(case):
...     assert case.arrays["x"].ndim == 4 and case.arrays["w"].ndim == 4
>>> test_shapes()
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from convmath._sizes import (
    effective_kernel_size,
    largest_pool_padding,
    output_padding_bound,
    smallest_input_size,
)
from convmath.testing._ops import EXTRA_OPTIONS, OPS

__all__ = ["Case", "cases", "per_axis", "arrays"]


@dataclass(frozen=True)
class Case:
    """One configuration: the operator, the keyword arguments and the input arrays."""

    op: str
    kwargs: dict[str, Any]
    arrays: dict[str, np.ndarray] = field(repr=False)


def _compact(values: Iterable[int]) -> int | tuple[int, ...]:
    """An int when every axis has the same value (as people write it), else the tuple."""
    t = tuple(values)
    return t[0] if len(set(t)) == 1 else t


@st.composite
def per_axis(draw: st.DrawFn, ndim: int, values: st.SearchStrategy[Any]) -> tuple[Any, ...]:
    """One value per spatial axis: the same on every axis half of the time (square)."""
    if ndim == 1 or draw(st.booleans()):
        return (draw(values),) * ndim
    return tuple(draw(values) for _ in range(ndim))


@st.composite
def arrays(draw: st.DrawFn, shape: tuple[int, ...], negative: bool = False) -> np.ndarray:
    """A float64 array of small integers (all negative when `negative`)."""
    elements = st.integers(-9, -1) if negative else st.integers(-4, 4)
    return draw(hnp.arrays(np.int8, shape, elements=elements)).astype(np.float64)


def _channels(draw: st.DrawFn) -> tuple[int, int, int]:
    """groups and the channels per group: 1, 2 or 3 each (3 is not a power of two)."""
    groups = draw(st.sampled_from([1, 2, 3]))
    return groups, draw(st.integers(1, 3)), draw(st.integers(1, 3))


def _sizes(draw: st.DrawFn, smallest: Iterable[int]) -> tuple[int, ...]:
    """A spatial size per axis: at least `smallest`, a few more at most."""
    return tuple(m + draw(st.integers(0, 3)) for m in smallest)


def _window(draw: st.DrawFn, d: int) -> tuple[Any, Any, Any, list[int], tuple[int, ...]]:
    """Kernel, dilation, stride, effective kernel and padding (0, 1 or keff - 1) per axis."""
    k = draw(per_axis(d, st.integers(1, 3)))
    dil = draw(per_axis(d, st.sampled_from([1, 1, 2])))
    s = draw(per_axis(d, st.integers(1, 3)))
    keff = [effective_kernel_size(*kd) for kd in zip(k, dil)]
    modes = draw(per_axis(d, st.sampled_from(["zero", "low", "max"])))
    pad = tuple({"zero": 0, "low": min(1, e - 1), "max": e - 1}[m] for m, e in zip(modes, keff))
    return k, dil, s, keff, pad


@st.composite
def _conv(draw: st.DrawFn, op: str, extras: frozenset[str]) -> Case:
    d = OPS[op].ndim
    groups, cin, cout = _channels(draw)
    k, dil, s, keff, pad = _window(draw, d)
    size = _sizes(draw, (smallest_input_size(*a) for a in zip(k, pad, dil)))
    n = draw(st.integers(1, 2))
    x = draw(arrays((n, groups * cin, *size)))
    w = draw(arrays((groups * cout, cin, *k)))
    kwargs = {"stride": _compact(s), "padding": _compact(pad), "dilation": _compact(dil)}
    kwargs["groups"] = groups
    return Case(op, kwargs, {"x": x, "w": w})


@st.composite
def _conv_transpose(draw: st.DrawFn, op: str, extras: frozenset[str]) -> Case:
    d = OPS[op].ndim
    groups, cin, cout = _channels(draw)
    k, dil, s, keff, pad = _window(draw, d)
    am = draw(per_axis(d, st.sampled_from(["zero", "zero", "max"])))
    bound = [output_padding_bound(*sd) for sd in zip(s, dil)]
    out_pad = tuple(0 if m == "zero" else b - 1 for m, b in zip(am, bound))
    # the output (S - 1) s - 2 p + keff + a must hold at least one sample: (S - 1) s >= 1 + 2 p - keff - a
    need = [max(0, 2 * pp - e - a + 1) for pp, e, a in zip(pad, keff, out_pad)]
    size = _sizes(draw, (1 + -(-m // ss) for m, ss in zip(need, s)))
    n = draw(st.integers(1, 2))
    x = draw(arrays((n, groups * cin, *size)))
    w = draw(arrays((groups * cin, cout, *k)))
    kwargs = {"stride": _compact(s), "padding": _compact(pad)}
    kwargs |= {"output_padding": _compact(out_pad), "dilation": _compact(dil), "groups": groups}
    return Case(op, kwargs, {"x": x, "w": w})


@st.composite
def _pool(draw: st.DrawFn, op: str, extras: frozenset[str]) -> Case:
    spec = OPS[op]
    d = spec.ndim
    k = draw(per_axis(d, st.integers(1, 3)))
    s = draw(per_axis(d, st.integers(1, 3)))
    pad = tuple(draw(st.integers(0, largest_pool_padding(kk))) for kk in k)
    dil = (1,) * d
    if "dilation" in extras:
        dil = draw(per_axis(d, st.sampled_from([1, 1, 2])))
    # at least one window without padding: torch's avg_pool3d refuses smaller inputs
    size = _sizes(draw, (effective_kernel_size(*a) for a in zip(k, dil)))
    negative = spec.family == "max_pool" and draw(st.booleans())
    x = draw(arrays((draw(st.integers(1, 2)), draw(st.integers(1, 3)), *size), negative))
    kwargs: dict[str, Any] = {"kernel_size": _compact(k), "stride": _compact(s)}
    kwargs["padding"] = _compact(pad)
    if any(v != 1 for v in dil):
        kwargs["dilation"] = _compact(dil)
    if "count_include_pad" in extras and draw(st.booleans()):
        kwargs["count_include_pad"] = False
    return Case(op, kwargs, {"x": x})


_BUILDERS = {"conv": _conv, "conv_transpose": _conv_transpose, "max_pool": _pool}
_BUILDERS["avg_pool"] = _pool


def cases(op: str, extras: Iterable[str] | None = None) -> st.SearchStrategy[Case]:
    """Configurations of `op` (``"conv2d"``, ``"max_pool1d"``, ...) and their inputs.

    Parameters
    ----------
    op : str
        One of :data:`convmath.testing.OPS`.
    extras : iterable of str, optional
        The options beyond torch's usual ones that may be drawn at a non-default value
        (``dilation`` for max pooling, ``count_include_pad`` for average pooling); all of
        them by default.
    """
    family = OPS[op].family
    allowed = frozenset(EXTRA_OPTIONS[family] if extras is None else extras)
    return _BUILDERS[family](op, allowed)
