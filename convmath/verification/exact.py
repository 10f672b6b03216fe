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
import math

import numpy as np
import sympy

from convmath.numeric.correlation import conv, conv_transpose
from convmath.numeric.matrix import conv_matrix as numeric_conv_matrix
from convmath.numeric.shapes import output_shape, transposed_output_shape
from convmath.symbolic.matrix import conv_matrix as symbolic_conv_matrix
from convmath.symbolic.matrix import (
    conv_transpose_matrix,
    kernel_symbols,
    transpose_identity_sweep,
)
from convmath.symbolic.sizes import RELATIONSHIPS
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
    for _ in range(8 if quick else 30):
        d = int(rng.integers(1, 3))
        kernel, stride, pads, dilation, size, extra = [], [], [], [], [], []
        for _ in range(d):
            k, s = int(rng.integers(1, 4)), int(rng.integers(1, 3))
            p, dl = int(rng.integers(0, 3)), int(rng.integers(1, 3))
            low = max(1, dl * (k - 1) + 1 - 2 * p)
            n = int(rng.integers(low, max(low, 5) + 1))
            o = (n + 2 * p - dl * (k - 1) - 1) // s + 1
            # output paddings allowed here: 0 <= a < max(s, d) and a positive output size
            allowed = [a for a in range(max(s, dl)) if (o - 1) * s - 2 * p + dl * (k - 1) + a >= 0]
            kernel.append(k), stride.append(s), pads.append(p), dilation.append(dl)
            size.append(n), extra.append(allowed[int(rng.integers(len(allowed)))])
        kshape, params = tuple(kernel), dict(stride=stride, padding=pads, dilation=dilation)
        label = f"{d}-D S={tuple(size)} K={kshape} s={stride} p={pads} d={dilation} a={extra}"
        w = rng.integers(-9, 10, size=kshape)
        values = {
            sym: sympy.Integer(int(v))
            for sym, v in zip(sympy.flatten(kernel_symbols(kshape).tolist()), w.ravel())
        }
        with tally.case(label):
            c_sym = symbolic_conv_matrix(tuple(size), kshape, **params).xreplace(values)
            c_num = numeric_conv_matrix(w[None, None], (1, *size), **params).toarray()
            ok = tally.exact(_integer_array(c_sym), c_num, f"C, {label}")
            out = output_shape(tuple(size), kshape, **params)
            t_sym = conv_transpose_matrix(out, kshape, output_padding=extra, **params)
            t_num = _transpose_by_columns(w, out, extra, params)
            if ok:
                tally.exact(_integer_array(t_sym.xreplace(values)), t_num, f"T, {label}")
    return tally


def _integer_array(matrix: sympy.Matrix) -> np.ndarray:
    """A SymPy matrix of integers as an int64 array (a leftover symbol is an error)."""
    return np.array(matrix.tolist(), dtype=np.int64).reshape(matrix.shape)


def _transpose_by_columns(w: np.ndarray, size: tuple, extra: list, params: dict) -> np.ndarray:
    """``T`` from the numeric ``conv_transpose`` applied to every unit vector at once."""
    count = math.prod(size)
    units = np.eye(count).reshape(count, 1, *size)
    columns = conv_transpose(units, w[None, None].astype(float), output_padding=extra, **params)
    return columns.reshape(count, -1).T


def check_output_sizes(rng: np.random.Generator, quick: bool) -> Tally:
    """Every size relationship, on a grid of ``(i, k, s, p, d)``, against the numeric shapes.

    A convolution relationship must give ``output_shape`` and ``conv(x).shape``; a
    transposed one, evaluated at the convolution's output ``i'`` with the output padding
    ``a = (i + 2p - d (k - 1) - 1) mod s``, must give ``transposed_output_shape``,
    ``conv_transpose(y).shape`` and ``i`` back.
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
        if d * (k - 1) + 1 > i + 2 * p:
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


def _where(entry: object, i: int, k: int, s: int, p: int, d: int) -> str:
    return f"{entry.id} ({entry.formula}) at i={i} k={k} s={s} p={p} d={d}"


def _numeric_sizes(i: int, k: int, s: int, p: int, d: int) -> tuple[tuple, tuple]:
    """Sizes the numeric layer gives: ``(o from output_shape, o from conv's result)`` and
    ``(o' from transposed_output_shape, o' from conv_transpose's result, i)``, where the
    transposed convolution of ``o`` uses ``a = (i + 2p - d (k - 1) - 1) mod s``."""
    params = dict(stride=s, padding=p, dilation=d)
    (o,) = output_shape((i,), (k,), **params)
    array = conv(np.zeros((1, i)), np.zeros((1, 1, k)), **params)
    a = (i + 2 * p - d * (k - 1) - 1) % s
    (back,) = transposed_output_shape((o,), (k,), output_padding=a, **params)
    spread = conv_transpose(np.zeros((1, o)), np.zeros((1, 1, k)), output_padding=a, **params)
    return (o, array.shape[-1]), (back, spread.shape[-1], i)
