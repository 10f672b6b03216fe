"""Benchmark of convmath's pooling against PyTorch float64 on the CPU (issue 13, section 3).

Each row times one convmath call and the matching ``torch.nn.functional`` call in the same
run, interleaved, best of several (``time.perf_counter``), with both limited to the same
number of threads: ``torch.set_num_threads(n)`` and, for NumPy's BLAS, ``threadpoolctl``.
The ratio of the best times, convmath / torch, is the measurement; the target is ``<= 1.5``
at every thread count. convmath's pooling is single-threaded NumPy, so at 2 threads it is
one thread against torch's two. A second figure is the peak memory of the convmath call
(``tracemalloc``, which sees NumPy's allocations) against the bytes of its input plus its
output (indices included); the target is ``<= 3``.

Layers: the (8, 16, 64, 64) feature map of the issue, with 2x2 / stride 2 and
3x3 / stride 2 / padding 1 windows (and ceil_mode), a ResNet stem max pooling
(1, 64, 112, 112), 3x3, stride 2, padding 1, and 7x7 adaptive pooling (of 64 x 64, and
of 56 x 56: windows of exactly 8 x 8).

Run ``python benchmarks/bench_pooling.py [--threads 1 2] [--repeat N]``; :func:`run`
returns the rows for an aggregator. Nothing heavy happens at import time.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

__all__ = ["run", "main", "TIME_TARGET", "MEMORY_TARGET"]

TIME_TARGET = 1.5
MEMORY_TARGET = 3.0
LAYER = (8, 16, 64, 64)
STEM = (1, 64, 112, 112)


def _cases() -> list[tuple[str, tuple[int, ...], Callable, Callable]]:
    """(name, input shape, convmath call, torch call); each call takes ``(x, xt, g, gt)``."""
    import torch.nn.functional as F

    from convmath import numeric as cn

    def selection(k, s, p):
        """S^T g against autograd; g has the pooled shape (the rows of S)."""

        def ours(x, xt, g, gt):
            S = cn.max_pool_selection_matrix(x, k, stride=s, padding=p)
            return S.T @ g[: S.shape[0]]

        def theirs(x, xt, g, gt):
            xt = xt.detach().requires_grad_()
            y = F.max_pool2d(xt, k, s, p)
            y.backward(gt[: y.numel()].reshape(y.shape))
            return xt.grad

        return ours, theirs

    cases: list[tuple[str, tuple[int, ...], Callable, Callable]] = []
    for k, s, p in (((2, 2), 2, 0), ((3, 3), 2, 1)):
        label = f"{k[0]}x{k[1]}/{s} p{p}"
        cases += [
            (
                f"max_pool + indices {label}",
                LAYER,
                lambda x, xt, g, gt, k=k, s=s, p=p: cn.max_pool(
                    x, k, stride=s, padding=p, return_indices=True
                ),
                lambda x, xt, g, gt, k=k, s=s, p=p: F.max_pool2d(xt, k, s, p, return_indices=True),
            ),
            (
                f"avg_pool {label}",
                LAYER,
                lambda x, xt, g, gt, k=k, s=s, p=p: cn.avg_pool(x, k, stride=s, padding=p),
                lambda x, xt, g, gt, k=k, s=s, p=p: F.avg_pool2d(xt, k, s, p),
            ),
            (f"selection matrix, S^T g {label}", LAYER, *selection(k, s, p)),
        ]
    cases += [
        (
            "avg_pool 3x3/2 p1 ceil, exclude pad",
            LAYER,
            lambda x, xt, g, gt: cn.avg_pool(
                x, (3, 3), stride=2, padding=1, ceil_mode=True, count_include_pad=False
            ),
            lambda x, xt, g, gt: F.avg_pool2d(
                xt, 3, 2, 1, ceil_mode=True, count_include_pad=False
            ),
        ),
        (
            "max_pool + indices, ResNet stem 3x3/2 p1",
            STEM,
            lambda x, xt, g, gt: cn.max_pool(x, (3, 3), stride=2, padding=1, return_indices=True),
            lambda x, xt, g, gt: F.max_pool2d(xt, 3, 2, 1, return_indices=True),
        ),
        (
            "adaptive_avg_pool -> 7x7",
            LAYER,
            lambda x, xt, g, gt: cn.adaptive_avg_pool(x, (7, 7)),
            lambda x, xt, g, gt: F.adaptive_avg_pool2d(xt, (7, 7)),
        ),
        (
            "adaptive_max_pool + indices 56x56 -> 7x7",
            (8, 16, 56, 56),
            lambda x, xt, g, gt: cn.adaptive_max_pool(x, (7, 7), return_indices=True),
            lambda x, xt, g, gt: F.adaptive_max_pool2d(xt, (7, 7), return_indices=True),
        ),
        (
            "adaptive_max_pool + indices -> 7x7",
            LAYER,
            lambda x, xt, g, gt: cn.adaptive_max_pool(x, (7, 7), return_indices=True),
            lambda x, xt, g, gt: F.adaptive_max_pool2d(xt, (7, 7), return_indices=True),
        ),
    ]
    return cases


def _best_pair(
    ours: Callable[[], Any], theirs: Callable[[], Any], repeat: int
) -> tuple[float, float]:
    """Best times (ms) of the two calls, run alternately after one warm-up each.

    The minimum filters the time other processes take away; alternating gives both calls
    the same chances on a shared machine.
    """
    ours(), theirs()
    a, b = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        ours()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs()
        b.append(time.perf_counter() - start)
    return 1e3 * min(a), 1e3 * min(b)


def _nbytes(result: Any) -> int:
    if isinstance(result, tuple):
        return sum(_nbytes(r) for r in result)
    return int(getattr(result, "nbytes", 0))


def _peak_ratio(call: Callable[[], Any], input_bytes: int) -> float:
    """Peak traced memory of one call over its input plus output bytes."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (input_bytes + _nbytes(result))


def run(threads: Sequence[int] = (1, 2), repeat: int = 15) -> list[dict]:
    """One row per (case, thread count): times, ratio, peak-memory ratio, verdicts."""
    import torch

    previous = torch.get_num_threads()
    rng = np.random.default_rng(0)
    try:
        return [row for case in _cases() for row in _measure(case, threads, repeat, rng)]
    finally:
        torch.set_num_threads(previous)


def _measure(case: tuple, threads: Sequence[int], repeat: int, rng) -> list[dict]:
    import torch
    from threadpoolctl import threadpool_limits

    name, shape, ours, theirs = case
    x = rng.standard_normal(shape)
    g = rng.standard_normal(x.size)  # the selection rows' gradient: a prefix of it
    args = (x, torch.from_numpy(x), g, torch.from_numpy(g))
    memory = _peak_ratio(partial(ours, *args), x.nbytes)
    rows = []
    for n in threads:
        torch.set_num_threads(n)
        with threadpool_limits(limits=n):
            ms, torch_ms = _best_pair(partial(ours, *args), partial(theirs, *args), repeat)
        ratio = ms / torch_ms
        ok = ratio <= TIME_TARGET and memory <= MEMORY_TARGET
        rows.append(
            dict(
                benchmark=name,
                threads=n,
                ms=ms,
                torch_ms=torch_ms,
                ratio=ratio,
                memory=memory,
                ok=ok,
            )
        )
    return rows


def main(argv: Sequence[str] = ()) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    header = (
        f"{'benchmark (float64)':42} {'threads':>7} {'ms':>8} {'torch ms':>9} {'ratio':>6} "
        f"{'mem':>5}  ok (ratio <= {TIME_TARGET}, mem <= {MEMORY_TARGET}x in+out)"
    )
    print(header)
    print("-" * len(header))
    for r in run(args.threads, args.repeat):
        print(
            f"{r['benchmark']:42} {r['threads']:>7} {r['ms']:8.2f} {r['torch_ms']:9.2f} "
            f"{r['ratio']:6.2f} {r['memory']:5.2f}  {'yes' if r['ok'] else 'NO'}"
        )
    print(
        "ms: best of the interleaved rounds (time.perf_counter); ratio = ms / torch ms; "
        "mem: tracemalloc peak"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
