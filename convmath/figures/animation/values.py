"""The numbers an animation with ``values=True`` writes in its cells, computed by convmath.

The input holds integers 0-3 and the kernel 0-2 (as in Dumoulin & Visin's numerical
figures), drawn from ``numpy.random.default_rng(seed)`` and never all zero, or the values
given (``input_values``, ``kernel_values``: d2l's example, a paper's own); the output is
:func:`~convmath.numeric.conv`, :func:`~convmath.numeric.conv_transpose`,
:func:`~convmath.numeric.max_pool` or :func:`~convmath.numeric.avg_pool` of them.

Examples
--------
>>> from convmath.figures.animation.plan import plan_animation
>>> # output 2 = 4 - 3 + 1, each entry a 3 x 3 multiply-add of x and w
>>> x, w, y = animation_values(plan_animation("conv", (4, 4), (3, 3)))
>>> bool(y[0, 0] == (x[:3, :3] * w).sum()), y.shape
(True, (2, 2))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from convmath._params import as_int
from convmath.errors import ConvmathError
from convmath.figures.animation.plan import AnimationPlan

__all__ = ["POOL_OPS", "check_pool", "animation_values"]

POOL_OPS = ("max", "avg")


def check_pool(pool: str) -> None:
    """Refuse a pooling operation other than :data:`POOL_OPS`."""
    if pool not in POOL_OPS:
        raise ConvmathError(
            f"pool must be one of {', '.join(POOL_OPS)}; got {pool!r}", argument="pool"
        )


def animation_values(
    plan: AnimationPlan,
    *,
    pool: str = "max",
    seed: int = 0,
    input_values: Any = None,
    kernel_values: Any = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small integer input and kernel (or the ones given), and the output convmath computes.

    Random values are never all zero (an all-zero kernel would animate nothing): a draw
    that is is drawn again from the same generator.

    Returns
    -------
    x, w, y : numpy.ndarray
        Shapes ``input_shape``, ``kernel_shape``, ``output_shape`` (``w`` is all ones for
        pooling: every tap counts once).

    Examples
    --------
    >>> from convmath.figures.animation.plan import plan_animation
    >>> # d2l's transposed convolution: 3 x 3 = (2 - 1) * 1 + 2 per axis
    >>> plan = plan_animation("conv-transpose", (2, 2), (2, 2))
    >>> animation_values(plan, input_values=[[0, 1], [2, 3]], kernel_values=[[0, 1], [2, 3]])[2]
    array([[ 0.,  0.,  1.],
           [ 0.,  4.,  6.],
           [ 4., 12.,  9.]])
    """
    check_pool(pool)
    if plan.mode == "pool" and kernel_values is not None:
        raise ConvmathError(
            "kernel_values do not apply to pooling: its window has no weights",
            argument="kernel_values",
        )
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    x = _given_or_random(input_values, plan.input_shape, "input_values", rng, 4)
    w = _given_or_random(kernel_values, plan.kernel_shape, "kernel_values", rng, 3)
    if plan.mode == "conv":
        return x, w, _conv_output(plan, x, w)
    if plan.mode == "conv-transpose":
        return x, w, _transposed_output(plan, x, w)
    return x, np.ones(plan.kernel_shape), _pool_output(plan, x, pool)


def _given_or_random(
    values: Any, shape: tuple[int, ...], argument: str, rng: Any, top: int
) -> np.ndarray:
    """`values` as an array of `shape` (a 1-D shape may come as one row), or random
    integers ``0 .. top - 1`` that are not all zero."""
    if values is None:
        while True:
            drawn = rng.integers(0, top, size=shape).astype(float)
            if drawn.any():
                return drawn
    array = np.asarray(values, dtype=float)
    if array.shape != shape and array.reshape(-1).shape != shape:
        want = "x".join(map(str, shape))
        got = "x".join(map(str, array.shape))
        raise ConvmathError(f"{argument} must be {want} to match; got {got}", argument=argument)
    if not np.isfinite(array).all():
        raise ConvmathError(f"{argument} must be finite numbers", argument=argument)
    return array.reshape(shape)


def _low_padding(plan: AnimationPlan) -> tuple[int, ...]:
    return tuple(lo for lo, _ in plan.padding)


def _conv_output(plan: AnimationPlan, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    from convmath.numeric.correlation import conv

    # an uneven (low, high) split can only come from "same"
    same = any(lo != hi for lo, hi in plan.padding)
    return conv(
        x[None],
        w[None, None],
        stride=plan.stride,
        padding="same" if same else _low_padding(plan),
        dilation=plan.dilation,
    )[0]


def _transposed_output(plan: AnimationPlan, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    from convmath.numeric.correlation import conv_transpose

    return conv_transpose(
        x[None],
        w[None, None],
        stride=plan.stride,
        padding=_low_padding(plan),
        output_padding=plan.output_padding,
        dilation=plan.dilation,
    )[0]


def _pool_output(plan: AnimationPlan, x: np.ndarray, pool: str) -> np.ndarray:
    from convmath.numeric.pooling import avg_pool, max_pool

    padding = _low_padding(plan)
    if pool == "max":
        return max_pool(
            x[None], plan.kernel_shape, stride=plan.stride, padding=padding, dilation=plan.dilation
        )[0]
    if any(d != 1 for d in plan.dilation):
        raise ConvmathError(
            f"dilation must be 1 for average pooling (PyTorch has none); got {plan.dilation}",
            argument="dilation",
        )
    return avg_pool(x[None], plan.kernel_shape, stride=plan.stride, padding=padding)[0]
