"""Check your own convolution or pooling against convmath's reference, for pytest or a grader.

``check(fn, op=...)`` searches configurations with hypothesis (valid by construction, small
first, the rare corners on purpose), compares `fn`'s output with :mod:`convmath.numeric`
(PyTorch semantics) and, on a mismatch, shrinks to the smallest failing configuration.
``assert_matches`` raises ``AssertionError`` with the same report. Needs hypothesis:
``pip install "convmath[check]"``.

`fn` is called like ``torch.nn.functional``'s function of the name `op`, on batched float64
arrays ``(N, C, *S)``: ``fn(x, w, stride=, padding=, dilation=, groups=)`` for a conv,
``fn(x, w, stride=, padding=, output_padding=, dilation=, groups=)`` for a transposed conv,
``fn(x, kernel_size=, stride=, padding=)`` for a pool -- plus ``dilation`` (max pooling) and
``count_include_pad`` (average pooling) when not at their default and `fn` accepts them.
An option equal on every axis is passed as an int, otherwise as a tuple.

Examples
--------
>>> import numpy as np
>>> from convmath import numeric
>>> def good(x, w, **kw):
...     return numeric.conv(x, w, **kw)
>>> check(good, op="conv2d", max_examples=20).passed
True
>>> def flipped(x, w, **kw):  # a true convolution: the kernel flipped
...     return numeric.conv(x, np.flip(w, axis=(2, 3)), **kw)
>>> r = check(flipped, op="conv2d")
>>> r.failure.kind, r.failure.arrays["w"].shape[2:]
('mismatch', (2, 2))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from convmath.errors import ConvmathError
from convmath.testing._ops import OPS
from convmath.testing._report import CheckResult, Failure

__all__ = ["check", "assert_matches", "CheckResult", "Failure", "OPS", "ARRAYS"]

ARRAYS = ("numpy", "torch")


def check(
    fn: Callable[..., Any],
    *,
    op: str,
    max_examples: int = 300,
    seed: int | None = 0,
    array: str = "numpy",
    rtol: float = 1e-7,
    atol: float = 1e-9,
    target: str | None = None,
) -> CheckResult:
    """Search for a configuration where `fn` differs from the reference of `op`.

    Parameters
    ----------
    fn : callable
        The implementation under test, called as described in the module docstring.
    op : str
        ``conv{1,2,3}d``, ``conv_transpose{1,2,3}d``, ``max_pool{1,2,3}d`` or
        ``avg_pool{1,2,3}d``.
    max_examples : int
        Configurations to try (the search stops at the first failure, then shrinks it).
    seed : int or None
        Same seed, same configurations; None for hypothesis' derandomized search.
    array : {"numpy", "torch"}
        What `fn` receives: float64 NumPy arrays or float64 torch tensors.
    rtol, atol : float
        Tolerances of ``numpy.isclose(received, expected)``.
    target : str, optional
        The name used in the report and reproducer (``"module:function"``).

    Returns
    -------
    CheckResult
        ``.passed``, ``.examples``, ``.families``, ``.failure``, ``.report()``, ``.to_dict()``.
    """
    if op not in OPS:
        raise ConvmathError(f"op must be one of {', '.join(OPS)}; got {op!r}", argument="op")
    if array not in ARRAYS:
        raise ConvmathError(f"array must be 'numpy' or 'torch'; got {array!r}", argument="array")
    if not isinstance(max_examples, int) or max_examples < 1:
        raise ConvmathError("max_examples must be an int >= 1", argument="max_examples")
    if not (rtol >= 0 and atol >= 0):
        raise ConvmathError("rtol and atol must be >= 0", argument="rtol")
    from convmath.testing._search import run

    return run(
        fn,
        op,
        max_examples=max_examples,
        seed=seed,
        array=array,
        rtol=rtol,
        atol=atol,
        target=target,
    )


def assert_matches(fn: Callable[..., Any], *, op: str, **options: Any) -> CheckResult:
    """:func:`check`, raising ``AssertionError`` with the report when `fn` is wrong.

    Examples
    --------
    >>> from convmath import numeric
    >>> assert_matches(lambda x, **kw: numeric.max_pool(x, ndim=1, **kw), op="max_pool1d",
    ...                max_examples=20).passed
    True
    """
    result = check(fn, op=op, **options)
    if not result.passed:
        raise AssertionError(result.report())
    return result
