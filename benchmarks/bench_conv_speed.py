"""Benchmark of convmath's conv / conv_transpose against PyTorch float64 (issue 13, section 3).

Each row times one convmath call and the matching ``torch.nn.functional`` call in the same
run, interleaved, best of several (``time.perf_counter``), with both limited to the same
number of threads: ``torch.set_num_threads(n)`` and, for NumPy's BLAS, ``threadpoolctl``.
The ratio convmath / torch is the measurement; the target is ``<= 1.0`` for conv and
conv_transpose (the FFT rows are reported for memory only). The peak memory of the convmath
call (``tracemalloc``) over its input plus output bytes has target ``<= 3``.

Layers: (8, 16, 64, 64) -> 32 channels, 3x3, groups 4; ResNet-style (1, 64, 56, 56) -> 64,
3x3, padding 1; conv_transpose maps each conv's output back to its input (the adjoint); and
method="fft" on (4, 8, 20, 20), 5x5, stride 2 and 3.

Run ``python benchmarks/bench_conv_speed.py [--threads 1 2] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from bench_pooling import _best_pair, _peak_ratio

__all__ = ["run", "main", "TIME_TARGET", "MEMORY_TARGET"]

TIME_TARGET = 1.0
MEMORY_TARGET = 3.0
#: (name, x shape, w shape, stride, padding, groups, method)
LAYERS = (
    ("(8,16,64,64)->32 3x3 g4", (8, 16, 64, 64), (32, 4, 3, 3), 1, 0, 4, "direct"),
    ("ResNet (1,64,56,56)->64 3x3 p1", (1, 64, 56, 56), (64, 64, 3, 3), 1, 1, 1, "direct"),
    ("fft (4,8,20,20)->8 5x5 s2", (4, 8, 20, 20), (8, 8, 5, 5), 2, 0, 1, "fft"),
    ("fft (4,8,20,20)->8 5x5 s3", (4, 8, 20, 20), (8, 8, 5, 5), 3, 0, 1, "fft"),
)


def _cases(rng) -> list[tuple[str, np.ndarray, Callable, Callable, bool]]:
    """(name, input, convmath call, torch call, timed against the target)."""
    import torch
    import torch.nn.functional as F

    from convmath import numeric as cn

    cases = []
    for name, xs, ws, s, p, g, method in LAYERS:
        x, w = rng.standard_normal(xs), rng.standard_normal(ws)
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        y = F.conv2d(xt, wt, stride=s, padding=p, groups=g).numpy()
        yt = torch.from_numpy(y)
        kw = dict(stride=s, padding=p, groups=g)
        cases.append(
            (
                f"conv {name}",
                x,
                partial(cn.conv, x, w, method=method, **kw),
                partial(F.conv2d, xt, wt, **kw),
                method == "direct",
            )
        )
        if method == "direct":
            cases.append(
                (
                    f"conv_transpose {name}",
                    y,
                    partial(cn.conv_transpose, y, w, **kw),
                    partial(F.conv_transpose2d, yt, wt, **kw),
                    True,
                )
            )
    return cases


def run(threads: Sequence[int] = (1, 2), repeat: int = 10) -> list[dict]:
    """One row per (case, thread count): times, ratio, peak-memory ratio, verdict."""
    import torch
    from threadpoolctl import threadpool_limits

    previous = torch.get_num_threads()
    rows = []
    try:
        for name, x, ours, theirs, timed in _cases(np.random.default_rng(0)):
            ours()  # warm-up: lazy imports (scipy.fft) are not the call's memory
            memory = _peak_ratio(ours, x.nbytes)
            for n in threads:
                torch.set_num_threads(n)
                with threadpool_limits(limits=n):
                    ms, torch_ms = _best_pair(ours, theirs, repeat)
                ratio = ms / torch_ms
                ok = memory <= MEMORY_TARGET and (ratio <= TIME_TARGET or not timed)
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
    finally:
        torch.set_num_threads(previous)
    return rows


def main(argv: Sequence[str] = ()) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    header = (
        f"{'benchmark (float64)':46} {'threads':>7} {'ms':>8} {'torch ms':>9} {'ratio':>6} "
        f"{'mem':>5}  ok (ratio <= {TIME_TARGET} except fft, mem <= {MEMORY_TARGET}x in+out)"
    )
    print(header)
    print("-" * len(header))
    for r in run(args.threads, args.repeat):
        print(
            f"{r['benchmark']:46} {r['threads']:>7} {r['ms']:8.2f} {r['torch_ms']:9.2f} "
            f"{r['ratio']:6.2f} {r['memory']:5.2f}  {'yes' if r['ok'] else 'NO'}"
        )
    print("ms: best of the interleaved rounds; ratio = ms / torch ms; mem: tracemalloc peak")


if __name__ == "__main__":
    main(sys.argv[1:])
