"""Exact checks: the SymPy transpose identity, symbolic vs numeric matrices, output sizes.

* :func:`check_transpose_identity_sweep` -- ``T`` (scatter) ``== C^T`` (gather) exactly, for
  every small 1-D and 2-D configuration (:func:`convmath.symbolic.transpose_identity_sweep`);
* :func:`check_symbolic_matrix` -- the symbolic ``C`` and ``T`` with a random integer kernel
  substituted equal, entry for entry, the numeric ``conv_matrix`` and the columns of the
  numeric ``conv_transpose`` applied to unit vectors;
* :func:`check_output_sizes` -- every Dumoulin & Visin relationship (and the two general
  PyTorch rules) against :func:`convmath.numeric.output_shape` and the shapes of the arrays
  that ``conv`` / ``conv_transpose`` actually return.

Each check takes a seeded generator and ``quick`` and returns a :class:`Tally`.

Examples
--------
>>> import numpy as np
>>> tally = check_symbolic_matrix(np.random.default_rng(0), quick=True)
>>> tally.result("symbolic-matrix", "C, T").passed
True
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy

from convmath._sizes import prod, selecting_output_padding, smallest_input_size
from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.matrix import conv_matrix as numeric_conv_matrix
from convmath.numeric.reference import conv_reference, conv_transpose_reference
from convmath.numeric.shapes import output_shape, transposed_output_shape
from convmath.symbolic.matrix import conv_matrix as symbolic_conv_matrix
from convmath.symbolic.matrix import conv_transpose_matrix, kernel_symbols
from convmath.symbolic.relationships import RELATIONSHIPS, Relationship
from convmath.symbolic.transpose_identity import transpose_identity_sweep
from convmath.verification.cases import draw_matrix_pair
from convmath.verification.draws import NumpyDraw
from convmath.verification.results import Tally

__all__ = ["check_transpose_identity_sweep", "check_symbolic_matrix", "check_output_sizes"]


def check_transpose_identity_sweep(rng: np.random.Generator, quick: bool) -> Tally:
    """``T == C^T`` exactly for every configuration with sizes <= 5 (3 if `quick`) and
    stride, padding, dilation, output padding <= 2, in 1-D and 2-D (no randomness)."""
    tally = Tally(exact=True)
    sweep = transpose_identity_sweep(max_size=3 if quick else 5, max_param=2, ndims=(1, 2))
    tally.count(sweep.configurations)
    if sweep.failures:
        first = sweep.failures[0]
        tally.fail(
            f"{len(sweep.failures)} of {sweep.configurations} configurations differ; first: "
            f"I={first.input_shape} K={first.kernel_shape} s={first.stride} p={first.padding} "
            f"d={first.dilation} a={first.output_padding}: (row, column, T, C^T) = "
            f"{first.first_difference}",
            error=None,
        )
    elif sweep.passed != sweep.configurations:
        tally.fail(f"only {sweep.passed} of {sweep.configurations} configurations passed")
    return tally


def check_symbolic_matrix(rng: np.random.Generator, quick: bool) -> Tally:
    """Symbolic ``C`` / ``T`` with integer kernels substituted vs the numeric layer, exactly."""
    tally = Tally(exact=True)
    source = NumpyDraw(rng)
    for _ in range(8 if quick else 30):
        conv_case, transposed = draw_matrix_pair(source)
        kshape, size, extra = conv_case.kernel, conv_case.size, transposed.output_padding
        params: dict[str, Any] = transposed.kwargs(groups=False)
        del params["output_padding"]
        label = f"{conv_case.label()} a={extra}"
        w = rng.integers(-9, 10, size=kshape)
        values = {
            sym: sympy.Integer(int(v))
            for sym, v in zip(sympy.flatten(kernel_symbols(kshape).tolist()), w.ravel())
        }
        with tally.case(label):
            c_sym = symbolic_conv_matrix(size, kshape, **params).xreplace(values)
            c_num = numeric_conv_matrix(w[None, None], (1, *size), **params).toarray()
            ok = tally.exact(_integer_array(c_sym), c_num, f"C, {label}")
            t_sym = conv_transpose_matrix(transposed.size, kshape, output_padding=extra, **params)
            t_num = _transpose_by_columns(w, transposed.size, extra, params)
            if ok:
                tally.exact(_integer_array(t_sym.xreplace(values)), t_num, f"T, {label}")
    return tally


def _integer_array(matrix: sympy.Matrix) -> np.ndarray:
    """A SymPy matrix of integers as an int64 array (a leftover symbol is an error)."""
    return np.array(matrix.tolist(), dtype=np.int64).reshape(matrix.shape)


def _transpose_by_columns(
    w: np.ndarray, size: tuple[int, ...], extra: tuple[int, ...], params: dict[str, Any]
) -> np.ndarray:
    """``T`` from the numeric ``conv_transpose`` applied to every unit vector at once."""
    count = prod(size)
    units = np.eye(count).reshape(count, 1, *size)
    columns = conv_transpose(units, w[None, None].astype(float), output_padding=extra, **params)
    return columns.reshape(count, -1).T


def check_output_sizes(rng: np.random.Generator, quick: bool) -> Tally:
    """Every size relationship, on a grid of ``(i, k, s, p, d)``, against the numeric shapes.

    A convolution relationship must give ``output_shape``, ``conv(x).shape`` and the shape of
    the reference loop (which counts the windows one by one); a transposed one, evaluated at
    the convolution's output ``i'`` with the output padding ``a = (i + 2p - d (k - 1) - 1)
    mod s``, must give ``transposed_output_shape``, ``conv_transpose(y).shape``, the shape of
    the reference scatter loop and ``i`` back.
    """
    tally = Tally(exact=True)
    for entry in RELATIONSHIPS:
        if sympy.expand(entry.derive() - entry.expr) != 0:
            tally.fail(f"{entry.id}: {entry.expr} is not the general formula specialised")
    grid = itertools.product(
        range(1, 7 if quick else 13), range(1, 5), range(1, 4), range(4), range(1, 4)
    )
    shapes = {}
    for i, k, s, p, d in grid:
        if i < smallest_input_size(k, p, d):
            continue
        try:
            shapes[i, k, s, p, d] = _numeric_sizes(i, k, s, p, d)
        except Exception as error:  # noqa: BLE001 - a check reports, never crashes the suite
            tally.fail(f"i={i} k={k} s={s} p={p} d={d}: raised {type(error).__name__}: {error}")
    for entry in RELATIONSHIPS:
        used = 0
        for (i, k, s, p, d), numeric in shapes.items():
            if not entry.applies(i, k, s, p, d):
                continue
            used += 1
            expected = numeric[1] if entry.transposed else numeric[0]
            tally.count()
            try:
                value = entry.evaluate(i, k, s, p, d)
            except Exception as error:  # noqa: BLE001
                where = _where(entry, i, k, s, p, d)
                tally.fail(f"{where}: raised {type(error).__name__}: {error}")
                continue
            if value != expected[0] or len(set(expected)) != 1:  # label only when needed
                where = "" if tally.failure else _where(entry, i, k, s, p, d)
                tally.exact((value,) * len(expected), expected, where)
        if not used:
            tally.fail(f"{entry.id}: no configuration of the grid satisfies {entry.conditions}")
    return tally


def _where(entry: Relationship, i: int, k: int, s: int, p: int, d: int) -> str:
    return f"{entry.id} ({entry.formula}) at i={i} k={k} s={s} p={p} d={d}"


def _numeric_sizes(i: int, k: int, s: int, p: int, d: int) -> tuple[tuple, tuple]:
    """Sizes the numeric layer gives: ``o`` from ``output_shape``, ``conv``'s result and the
    reference gather loop, and ``o'`` from ``transposed_output_shape``, ``conv_transpose``'s
    result and the reference scatter loop -- plus ``i``, which ``o'`` must equal -- where the
    transposed convolution of ``o`` uses ``a = (i + 2p - d (k - 1) - 1) mod s``."""
    params: dict[str, Any] = dict(stride=s, padding=p, dilation=d)
    x, w = np.zeros((1, i)), np.zeros((1, 1, k))
    (o,) = output_shape((i,), (k,), **params)
    gathered = (conv(x, w, **params).shape[-1], conv_reference(x, w, **params).shape[-1])
    params["output_padding"] = selecting_output_padding(i, k, s, p, d)
    y = np.zeros((1, o))
    (back,) = transposed_output_shape((o,), (k,), **params)
    spread = conv_transpose(y, w, **params).shape[-1]
    scattered = conv_transpose_reference(y, w, **params).shape[-1]
    return (o, *gathered), (back, spread, scattered, i)
