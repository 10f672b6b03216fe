"""Threads for the pooling routes: the planes ``(n, c)`` split over a thread pool.

Pooling treats every ``(n, c)`` plane alike and independently, so the planes are cut into
contiguous runs, one per thread, and each run goes through the same single-threaded code
into its own slice of the output: the result is bit-identical for every thread count.
NumPy's ufuncs release the GIL on large arrays, so the threads run in parallel.

The thread count, like torch's ``torch.get_num_threads()``, is a process-wide setting:

1. :func:`set_num_threads` ``(n)`` fixes it (``None`` returns to the default);
2. the default is the thread limit NumPy's BLAS reports through ``threadpoolctl`` (so
   ``threadpoolctl.threadpool_limits(limits=1)`` also makes pooling single-threaded),
   or, without ``threadpoolctl``, the CPUs this process may run on;
3. a call with little work (below :data:`MIN_WORK` elements per thread) or fewer planes
   than threads uses fewer threads.

Examples
--------
>>> set_num_threads(1)
>>> get_num_threads()
1
>>> set_num_threads(None)  # back to the default rule
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from convmath._params import as_int

__all__ = ["set_num_threads", "get_num_threads", "split_planes", "MIN_WORK"]

#: Fewest input elements a thread is given (below that, starting it costs more than it saves).
MIN_WORK = 2**16

_FIXED: int | None = None
_POOL: ThreadPoolExecutor | None = None
_BLAS: object = None  # a threadpoolctl.ThreadpoolController, made on first use


def set_num_threads(n: int | None) -> None:
    """Fix the number of threads pooling uses (``None``: the default rule of the module).

    Examples
    --------
    >>> set_num_threads(2)
    >>> get_num_threads()
    2
    >>> set_num_threads(None)
    """
    global _FIXED
    _FIXED = None if n is None else as_int(n, "n", minimum=1)


def get_num_threads() -> int:
    """The number of threads pooling may use now (see the module's rule).

    Examples
    --------
    >>> get_num_threads() >= 1
    True
    """
    if _FIXED is not None:
        return _FIXED
    limits = _blas_limits()
    if limits:
        return max(1, min(limits))
    return max(1, _cpus())


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _blas_limits() -> list[int]:
    """Current thread limits of the BLAS libraries NumPy loaded ([] without threadpoolctl)."""
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            _BLAS = False
        else:
            _BLAS = ThreadpoolController()
    if _BLAS is False:
        return []
    controllers = getattr(_BLAS, "lib_controllers", [])
    return [int(c.num_threads) for c in controllers if c.user_api == "blas"]


def split_planes(run: Callable[[slice], None], count: int, plane_work: int) -> None:
    """Call ``run(rows)`` on contiguous runs of `count` planes, in parallel when it pays.

    `plane_work` is the number of input elements of one plane; ``run`` writes its own
    slice of the output.
    """
    threads = min(get_num_threads(), count, max(1, count * plane_work // MIN_WORK))
    if threads <= 1:
        run(slice(0, count))
        return
    bounds = [count * i // threads for i in range(threads + 1)]
    pool = _pool(threads)
    futures = [pool.submit(run, slice(lo, hi)) for lo, hi in zip(bounds, bounds[1:])]
    for future in futures:
        future.result()  # re-raises a worker's exception


def _pool(threads: int) -> ThreadPoolExecutor:
    """A shared executor with at least `threads` workers (made again when it grows)."""
    global _POOL
    if _POOL is None or _POOL._max_workers < threads:
        if _POOL is not None:
            _POOL.shutdown(wait=False)
        _POOL = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="convmath-pool")
    return _POOL
