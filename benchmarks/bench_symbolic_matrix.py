"""Benchmark: symbolic conv_matrix / conv_transpose_matrix and the exact T == C.T check.

The issue's target: an 8x8 input with a 3x3 kernel (stride 2) "well under a second", for
building C and checking the identity. Every row reports the best of several repeats.

Run ``python benchmarks/bench_symbolic_matrix.py``; an aggregator imports :func:`run`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from convmath.numeric.shapes import output_shape
from convmath.symbolic.matrix import (
    check_transpose_identity,
    conv_matrix,
    conv_transpose_matrix,
    transpose_identity_sweep,
)
from convmath.symbolic.sizes import selecting_output_padding

__all__ = ["run", "main"]

# (case name, input shape, kernel shape, stride, padding, dilation)
CASES = [
    ("8x8 * 3x3, stride 2", (8, 8), (3, 3), 2, 0, 1),
    ("4x4 * 3x3 (Dumoulin & Visin)", (4, 4), (3, 3), 1, 0, 1),
    ("16x16 * 3x3, padding 1", (16, 16), (3, 3), 1, 1, 1),
    ("22x22 * 3x3, padding 1 (234k entries)", (22, 22), (3, 3), 1, 1, 1),
    ("24x24 * 5x5, stride 2, padding 2", (24, 24), (5, 5), 2, 2, 1),
    ("64 * 5, stride 2, dilation 2 (1-D)", (64,), (5,), 2, 0, 2),
    ("6x6x6 * 3x3x3 (3-D)", (6, 6, 6), (3, 3, 3), 1, 0, 1),
]


def _best(func: Callable[[], object], repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def run(repeats: int = 5) -> list[dict]:
    """Time every case; one row per case, plus one for the full verification sweep.

    Returns
    -------
    list of dict
        Keys: ``benchmark``, ``case``, ``seconds`` (best total of conv_matrix + identity
        check), ``conv_matrix_s``, ``conv_transpose_matrix_s``, ``identity_check_s``,
        ``shape`` (of C), ``equal``, ``repeats``.
    """
    rows = []
    for name, shape, kernel, stride, padding, dilation in CASES:
        params = dict(stride=stride, padding=padding, dilation=dilation)
        C = conv_matrix(shape, kernel, **params)
        out = output_shape(shape, kernel, **params)
        extra = selecting_output_padding(shape, kernel, **params)
        t_conv = _best(lambda: conv_matrix(shape, kernel, **params), repeats)  # noqa: B023
        t_transposed = _best(
            lambda: conv_transpose_matrix(out, kernel, output_padding=extra, **params),  # noqa: B023
            repeats,
        )
        t_check = _best(
            lambda: check_transpose_identity(out, kernel, output_padding=extra, **params),  # noqa: B023
            repeats,
        )
        result = check_transpose_identity(out, kernel, output_padding=extra, **params)
        rows.append(
            {
                "benchmark": "symbolic conv_matrix + T == C.T",
                "case": name,
                "seconds": t_conv + t_check,
                "conv_matrix_s": t_conv,
                "conv_transpose_matrix_s": t_transposed,
                "identity_check_s": t_check,
                "shape": C.shape,
                "equal": result.equal,
                "repeats": repeats,
            }
        )
    start = time.perf_counter()
    sweep = transpose_identity_sweep(max_size=5, max_param=2, ndims=(1, 2))
    elapsed = time.perf_counter() - start
    rows.append(
        {
            "benchmark": "symbolic T == C.T sweep",
            "case": f"1-D and 2-D, sizes <= 5, parameters <= 2: {sweep.configurations} configs",
            "seconds": elapsed,
            "equal": sweep.ok,
            "repeats": 1,
        }
    )
    return rows


def main() -> None:
    """Print the rows as an aligned table."""
    rows = run()
    print(f"{'case':<46} {'C (ms)':>9} {'T (ms)':>9} {'check (ms)':>11} {'total (ms)':>11}  ok")
    for row in rows:
        if "conv_matrix_s" in row:
            print(
                f"{row['case']:<46} {row['conv_matrix_s'] * 1e3:9.2f} "
                f"{row['conv_transpose_matrix_s'] * 1e3:9.2f} "
                f"{row['identity_check_s'] * 1e3:11.2f} {row['seconds'] * 1e3:11.2f}  "
                f"{row['equal']}"
            )
        else:
            print(f"{row['case']}: {row['seconds']:.2f} s, all equal: {row['equal']}")


if __name__ == "__main__":
    main()
