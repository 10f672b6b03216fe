"""The numbers an animation with ``values=True`` writes in its cells, computed by convmath.

The input holds integers 0-3 and the kernel 0-2 (as in Dumoulin & Visin's numerical
figures), drawn from ``numpy.random.default_rng(seed)``; the output is
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
    plan: AnimationPlan, *, pool: str = "max", seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small integer input and kernel, and the output convmath computes from them.

    Returns
    -------
    x, w, y : numpy.ndarray
        Shapes ``input_shape``, ``kernel_shape``, ``output_shape`` (``w`` is all ones for
        pooling: every tap counts once).
    """
    check_pool(pool)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    x = rng.integers(0, 4, size=plan.input_shape).astype(float)
    w = rng.integers(0, 3, size=plan.kernel_shape).astype(float)
    if plan.mode == "conv":
        return x, w, _conv_output(plan, x, w)
    if plan.mode == "conv-transpose":
        return x, w, _transposed_output(plan, x, w)
    return x, np.ones(plan.kernel_shape), _pool_output(plan, x, pool)


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
