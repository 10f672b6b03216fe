"""The dot test: is `adjoint` really the adjoint (transpose) of `op`?

For a linear ``A`` and its claimed adjoint ``A^T``, every pair of vectors satisfies
``<A u, v> == <u, A^T v>``. Checking it on a pair of seeded random arrays catches any
indexing, stride or padding mistake with probability one, at the cost of one call of each
operator (PyLops' ``dottest``). Used wherever convmath claims a transpose: ``conv`` /
``conv_transpose``, ``conv_matrix`` / its ``.T``, pooling and its matrices.

Examples
--------
>>> import numpy as np
>>> from convmath.numeric.correlation import conv, conv_transpose
>>> w = np.arange(1.0, 7.0).reshape(1, 2, 3)
>>> # (2, 6) -> (1, 4): output 4 = 6 - 3 + 1
>>> result = dot_test(lambda x: conv(x, w), lambda y: conv_transpose(y, w), (2, 6), (1, 4))
>>> bool(result.rel_error < 1e-12)
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from convmath._params import shape_tuple
from convmath.errors import ConvmathError, ShapeError

__all__ = ["dot_test", "DotTestResult", "DotTestError"]


class DotTestError(ConvmathError):
    """``<op(u), v> != <u, adjoint(v)>`` beyond the tolerances; the message shows both.

    Attributes
    ----------
    forward, adjoint : float
        The two inner products ``<op(u), v>`` and ``<u, adjoint(v)>``.
    """

    def __init__(self, message: str, *, forward: float, adjoint: float) -> None:
        super().__init__(message, argument="adjoint")
        self.forward = forward
        self.adjoint = adjoint


class DotTestResult(NamedTuple):
    """Both inner products of a passed dot test and their difference."""

    forward: float
    adjoint: float
    abs_error: float
    rel_error: float


def dot_test(
    op: Callable[[np.ndarray], object],
    adjoint: Callable[[np.ndarray], object],
    in_shape: Sequence[int],
    out_shape: Sequence[int],
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    rng: np.random.Generator | int | None = None,
) -> DotTestResult:
    """Check ``<op(u), v> == <u, adjoint(v)>`` for seeded standard-normal ``u`` and ``v``.

    Parameters
    ----------
    op : callable
        The forward operator: array of `in_shape` -> array of `out_shape` (NumPy arrays, or
        anything with ``@`` such as a sparse matrix's bound ``__matmul__``).
    adjoint : callable
        Its claimed adjoint: array of `out_shape` -> array of `in_shape`.
    in_shape, out_shape : tuple of int
    rtol, atol : float
        Passed when ``|forward - adjoint| <= atol + rtol * max(|forward|, |adjoint|)``.
    rng : numpy.random.Generator or int, optional
        Generator or seed for ``u`` and ``v``; ``None`` means seed 0 (reproducible).

    Returns
    -------
    DotTestResult
        ``forward = <op(u), v>``, ``adjoint = <u, adjoint(v)>``, their absolute and relative
        difference -- so callers can report the error they achieved.

    Raises
    ------
    DotTestError
        The products differ; the message prints both (a :class:`ConvmathError`, hence a
        ``ValueError``).
    ShapeError
        An operator returned an array of the wrong size.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[1.0, 2.0], [0.0, 1.0], [3.0, 0.0]])
    >>> # A: 2 -> 3, so A.T: 3 -> 2
    >>> dot_test(lambda u: A @ u, lambda v: A.T @ v, (2,), (3,)).abs_error < 1e-12
    True
    >>> dot_test(lambda u: A @ u, lambda v: A[:2] @ v[:2], (2,), (3,))
    Traceback (most recent call last):
    ...
    convmath.numeric.adjoint.DotTestError: dot test failed: <op(u), v> = ... but <u, adjoint(v)> = ...
    """
    ins = shape_tuple(in_shape, "in_shape")
    outs = shape_tuple(out_shape, "out_shape")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng or 0)
    u = gen.standard_normal(ins)
    v = gen.standard_normal(outs)
    au = np.asarray(op(u), dtype=np.float64)
    atv = np.asarray(adjoint(v), dtype=np.float64)
    if au.size != v.size:
        raise ShapeError(
            f"op returned {au.size} values (shape {au.shape}); out_shape {outs}", argument="op"
        )
    if atv.size != u.size:
        raise ShapeError(
            f"adjoint returned {atv.size} values (shape {atv.shape}); in_shape {ins}",
            argument="adjoint",
        )
    forward = float(np.dot(au.ravel(), v.ravel()))
    backward = float(np.dot(u.ravel(), atv.ravel()))
    abs_error = abs(forward - backward)
    scale = max(abs(forward), abs(backward))
    rel_error = abs_error / scale if scale else abs_error
    if not abs_error <= atol + rtol * scale:
        raise DotTestError(
            f"dot test failed: <op(u), v> = {forward!r} but <u, adjoint(v)> = {backward!r} "
            f"(abs error {abs_error:.3g}, rel error {rel_error:.3g}, rtol={rtol}, atol={atol})",
            forward=forward,
            adjoint=backward,
        )
    return DotTestResult(forward, backward, abs_error, rel_error)
