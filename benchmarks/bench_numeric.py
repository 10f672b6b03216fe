"""Benchmark of the numeric layer against named baselines (issue 3, section 5).

* ``conv_matrix`` for a 512 x 512 input and a 3 x 3 kernel (2.34 M stored entries):
  absolute time, speed-up over a straightforward vectorised COO -> CSR build, and ratio to
  the time NumPy needs just to allocate and fill arrays of the same sizes and dtypes.
* ``conv`` on a 512 x 512 float64 image with 3 x 3 and 15 x 15 kernels against
  ``torch.nn.functional.conv2d`` (float64, CPU, same thread count) and the best SciPy route
  (``scipy.ndimage.correlate`` for the direct sum, ``scipy.signal.fftconvolve`` /
  ``oaconvolve`` for FFTs).

Every time is the best of several runs of ``time.perf_counter``. Run as
``python benchmarks/bench_numeric.py``; :func:`run` returns the rows for an aggregator.
Nothing heavy happens at import time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

__all__ = ["run", "main"]

#: Threads given to torch: convmath's routes for one channel run on one thread (NumPy
#: elementwise loops, ``scipy.fft`` with its default ``workers=1``).
THREADS = 1
SIZE = 512


def _best(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of `repeat` calls, in milliseconds (one warm-up call first)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def _row(name, ms, baseline, baseline_ms, target, ok, note=""):
    return {
        "benchmark": name,
        "ms": round(ms, 3),
        "baseline": baseline,
        "baseline_ms": None if baseline_ms is None else round(baseline_ms, 3),
        "ratio": None if baseline_ms is None else round(ms / baseline_ms, 3),
        "target": target,
        "ok": ok,
        "note": note,
    }


def _coo_build(w: np.ndarray, n: int):
    """Baseline: rows, columns and values of every entry, then ``coo_array(...).tocsr()``."""
    from scipy import sparse

    k = w.shape[-1]
    out = n - k + 1
    o = np.arange(out)
    base = (o[:, None] * n + o[None, :]).reshape(-1)
    taps = (np.arange(k)[:, None] * n + np.arange(k)[None, :]).reshape(-1)
    rows = np.repeat(np.arange(out * out), k * k)
    cols = (base[:, None] + taps[None, :]).reshape(-1)
    data = np.tile(w.reshape(-1), out * out)
    return sparse.coo_array((data, (rows, cols)), shape=(out * out, n * n)).tocsr()


def _write_only(rows: int, nnz: int) -> None:
    """Baseline: allocate and fill indptr / indices / data of the sizes ``C`` has."""
    indptr = np.empty(rows + 1, dtype=np.int32)
    indptr.fill(1)
    indices = np.empty(nnz, dtype=np.int32)
    indices.fill(1)
    data = np.empty(nnz)
    data.fill(1.0)


def _matrix_rows(repeat: int) -> list[dict]:
    from convmath.numeric.matrix import conv_matrix

    w = np.random.default_rng(0).standard_normal((1, 1, 3, 3))
    C = conv_matrix(w, (1, SIZE, SIZE))
    reference = _coo_build(w[0, 0], SIZE)
    assert (reference != C).nnz == 0, "baseline and conv_matrix disagree"
    ours = _best(lambda: conv_matrix(w, (1, SIZE, SIZE)), repeat)
    coo = _best(lambda: _coo_build(w[0, 0], SIZE), repeat)
    write = _best(lambda: _write_only(C.shape[0], C.nnz), repeat)
    name = f"conv_matrix {SIZE}x{SIZE}, 3x3 ({C.nnz / 1e6:.2f} M entries)"
    return [
        _row(name, ours, None, None, "<= 20 ms", ours <= 20),
        _row(
            name,
            ours,
            "COO->CSR build",
            coo,
            "ratio <= 1/3",
            ours * 3 <= coo,
            f"{coo / ours:.1f}x faster",
        ),
        _row(name, ours, "numpy write-only", write, "ratio <= 6", ours <= 6 * write),
    ]


def _conv_rows(repeat: int) -> list[dict]:
    from scipy import ndimage, signal

    from convmath.numeric.correlation import conv

    try:
        import torch
    except ImportError:
        torch = None
    rng = np.random.default_rng(0)
    x = rng.standard_normal((SIZE, SIZE))
    rows = []
    for k, method in ((3, "direct"), (15, "fft"), (15, "direct")):
        w = rng.standard_normal((k, k))
        flipped = np.ascontiguousarray(w[::-1, ::-1])
        x4, w4 = x[None, None], w[None, None]
        ours = _best(lambda: conv(x4, w4, method=method), repeat)  # noqa: B023
        name = f"conv {SIZE}x{SIZE} f64, {k}x{k}, method={method}"
        scipy_routes = {
            "ndimage.correlate": lambda: ndimage.correlate(x, w),  # noqa: B023
            "signal.fftconvolve": lambda: signal.fftconvolve(x, flipped, mode="valid"),  # noqa: B023
            "signal.oaconvolve": lambda: signal.oaconvolve(x, flipped, mode="valid"),  # noqa: B023
        }
        scipy_ms = {label: _best(fn, repeat) for label, fn in scipy_routes.items()}
        label = min(scipy_ms, key=scipy_ms.get)
        best = scipy_ms[label]
        informative = k == 15 and method == "direct"
        if torch is None:
            rows.append(
                _row(
                    name,
                    ours,
                    "torch conv2d",
                    None,
                    "<= 1",
                    None,
                    "skipped: torch not installed (pip install 'convmath[torch]')",
                )
            )
        else:
            previous = torch.get_num_threads()
            torch.set_num_threads(THREADS)
            try:
                xt, wt = torch.from_numpy(x4), torch.from_numpy(w4)
                torch_ms = _best(
                    lambda: torch.nn.functional.conv2d(xt, wt),  # noqa: B023
                    max(3, repeat // 3) if k > 3 else repeat,
                )
            finally:
                torch.set_num_threads(previous)
            rows.append(
                _row(
                    name,
                    ours,
                    f"torch conv2d ({THREADS} thread)",
                    torch_ms,
                    "<= 1",
                    None if informative else ours <= torch_ms,
                )
            )
        rows.append(
            _row(
                name,
                ours,
                f"best SciPy: {label}",
                best,
                "<= 2",
                None if informative else ours <= 2 * best,
                "informative: direct sums, the FFT route is the large-kernel one"
                if informative
                else "",
            )
        )
        if informative:
            nd = scipy_ms["ndimage.correlate"]
            rows.append(_row(name, ours, "ndimage.correlate (direct)", nd, "<= 2", ours <= 2 * nd))
    return rows


def run(repeat: int = 7) -> list[dict]:
    """Measure everything; one dict per comparison (``ratio = ms / baseline_ms``)."""
    return _matrix_rows(repeat) + _conv_rows(repeat)


def main() -> None:
    """Print the table of :func:`run`."""
    rows = run()
    header = f"{'benchmark':48} {'ms':>9} {'baseline':34} {'base ms':>9} {'ratio':>7} {'target':>12}  ok"
    print(header)
    print("-" * len(header))
    for r in rows:
        base = "" if r["baseline_ms"] is None else f"{r['baseline_ms']:9.3f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:7.3f}"
        ok = {True: "yes", False: "NO", None: "-"}[r["ok"]]
        line = (
            f"{r['benchmark']:48} {r['ms']:9.3f} {r['baseline'] or '':34} {base:>9} "
            f"{ratio:>7} {r['target']:>12}  {ok}"
        )
        print(line + (f"  ({r['note']})" if r["note"] else ""))
    print(f"torch threads: {THREADS}; times: best of several runs (time.perf_counter)")


if __name__ == "__main__":
    main()
