"""The search: hypothesis draws configurations, compares with the reference, shrinks.

Examples
--------
>>> from convmath import numeric
>>> run(lambda x, w, **kw: numeric.conv(x, w, **kw), "conv1d", max_examples=10, seed=0).passed
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from convmath.errors import ConvmathError
from convmath.testing._ops import OPS, accepted_extras, reference
from convmath.testing._report import CheckResult, Failure, families_of

__all__ = ["run", "compare"]


class _Found(Exception):
    """Raised inside the hypothesis test to carry a failing case out of it."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.kind)
        self.failure = failure


def _to_numpy(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def compare(
    fn: Callable[..., Any], case: Any, *, rtol: float, atol: float, array: str
) -> Failure | None:
    """Call `fn` on `case`; the :class:`Failure` if it raises or differs, else None."""
    family = OPS[case.op].family
    expected = reference(family, case.arrays, case.kwargs)
    args = [case.arrays[k] for k in case.arrays]
    if array == "torch":
        import torch

        args = [torch.tensor(a, dtype=torch.float64) for a in args]
    else:
        args = [a.copy() for a in args]  # the user may write into their inputs
    base = {"op": case.op, "kwargs": case.kwargs, "arrays": case.arrays, "expected": expected}
    try:
        received = _to_numpy(fn(*args, **case.kwargs))
    except Exception as exc:  # noqa: BLE001 - any error of the user's code is a finding
        return Failure("raised", error=f"{type(exc).__name__}: {exc}", **base)
    if received.shape != expected.shape:
        return Failure("shape", received=received, **base)
    close = np.isclose(received, expected, rtol=rtol, atol=atol)
    if close.all():
        return None
    diff = np.where(np.isnan(received), np.inf, np.abs(received - expected))
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
    return Failure(
        "mismatch", received=received, worst=float(diff[index]), worst_index=index, **base
    )


def run(
    fn: Callable[..., Any],
    op: str,
    *,
    max_examples: int = 300,
    seed: int | None = 0,
    array: str = "numpy",
    rtol: float = 1e-7,
    atol: float = 1e-9,
    target: str | None = None,
) -> CheckResult:
    """Search for a configuration where `fn` differs from the reference of `op`."""
    from hypothesis import HealthCheck, Phase, assume, given, settings
    from hypothesis import seed as hseed

    from convmath.testing.strategies import cases

    family = OPS[op].family
    name = target or f"{getattr(fn, '__module__', '?')}:{getattr(fn, '__qualname__', fn)}"
    result = CheckResult(op=op, target=name, examples=0, rtol=rtol, atol=atol, array=array)
    families: set[str] = set()

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=seed is None,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        print_blob=False,
    )
    @given(cases(op, accepted_extras(fn, family)))
    def search(case: Any) -> None:
        try:
            failure = compare(fn, case, rtol=rtol, atol=atol, array=array)
        except ConvmathError:  # a configuration the reference refuses: not a valid draw
            assume(False)
            return
        result.examples += 1
        shapes = {k: v.shape for k, v in case.arrays.items()}
        families.update(families_of(family, case.kwargs, shapes))
        if family == "max_pool" and (case.arrays["x"] < 0).all():
            families.add("all-negative input")
        if failure is not None:
            raise _Found(failure)

    if seed is not None:
        search = hseed(seed)(search)
    try:
        search()
    except _Found as found:
        result.failure = found.failure
    result.families = sorted(families)
    return result
