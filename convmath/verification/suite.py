"""The identity suite behind ``convmath verify``: named checks, run in order, seeded.

Every check compares independent routes to the same quantity and returns one
:class:`~convmath.verification.results.CheckResult` row. Each gets its own generator,
seeded from ``(seed, name)``, so a row does not depend on which other rows ran.

========================  ================================================================
check                     compares
========================  ================================================================
transpose-identity        SymPy: T (scatter) == C^T (gather), exactly, every small config
conv                      conv == C @ x == scipy.signal.correlate == direct loop
conv-transpose            conv_transpose == C^T @ y == scatter loop
dot-test                  <conv x, y> == <x, conv_transpose y>, <C x, y> == <x, C^T y>
symbolic-matrix           symbolic C, T (integer kernel) == numeric conv_matrix, conv_transpose
output-sizes              Dumoulin & Visin relationships == numeric shapes
circular-equivariance     circular padding: conv(roll x) == roll conv(x)
avg-pool                  avg_pool == strided box conv; avg_pool_matrix == its conv_matrix
max-pool                  S @ x == max_pool(x); S^T g == routing by an argmax scan
torch-* (``torch=True``)  conv, conv_transpose, pooling, padding vs torch.nn.functional
========================  ================================================================

``torch=True`` without PyTorch raises :class:`TorchUnavailableError` (a
:class:`~convmath.errors.ConvmathError`) before anything runs: the suite never reports a
PyTorch check it could not run.

Examples
--------
>>> rows = run_suite(quick=True, only=("dot-test", "max-pool"))
>>> [(row.name, row.passed) for row in rows]
[('dot-test', True), ('max-pool', True)]
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from convmath._params import as_int
from convmath.errors import ConvmathError
from convmath.verification import exact, linear, pooling_checks, torch_checks
from convmath.verification.results import CheckResult, Tally

__all__ = [
    "Check",
    "CHECKS",
    "TORCH_CHECKS",
    "TORCH_INSTALL_HINT",
    "TorchUnavailableError",
    "check_names",
    "require_torch",
    "run_check",
    "run_suite",
]

#: How to install PyTorch for the ``torch=True`` cross-checks.
TORCH_INSTALL_HINT = (
    "pip install 'convmath[torch]' (or, for the CPU build available on these machines, "
    "pip install torch==2.13.0)"
)


class TorchUnavailableError(ConvmathError):
    """The PyTorch cross-checks were asked for but ``import torch`` fails."""


@dataclass(frozen=True)
class Check:
    """A named check: ``run(rng, quick)`` returns the :class:`Tally` of its comparisons."""

    name: str
    compares: str
    run: Callable[[np.random.Generator, bool], Tally]


#: The core checks, in the order ``convmath verify`` prints them.
CHECKS: tuple[Check, ...] = (
    Check(
        "transpose-identity",
        "T = C^T exactly (SymPy), sizes <= 5",
        exact.check_transpose_identity_sweep,
    ),
    Check(
        "conv",
        "conv = C@x = scipy correlate = loop",
        linear.check_conv,
    ),
    Check(
        "conv-transpose",
        "conv_transpose = C^T@y = scatter loop",
        linear.check_conv_transpose,
    ),
    Check(
        "dot-test",
        "<conv x, y> = <x, conv_transpose y>",
        linear.check_dot_tests,
    ),
    Check(
        "symbolic-matrix",
        "symbolic C, T = numeric C, T",
        exact.check_symbolic_matrix,
    ),
    Check(
        "output-sizes",
        "D&V size formulas = numeric shapes",
        exact.check_output_sizes,
    ),
    Check(
        "circular-equivariance",
        "circular: conv(roll x) = roll conv(x)",
        linear.check_circular_equivariance,
    ),
    Check(
        "avg-pool",
        "avg_pool = strided box conv",
        pooling_checks.check_avg_pool,
    ),
    Check(
        "max-pool",
        "S@x = max_pool(x), S^T g = argmax",
        pooling_checks.check_max_pool_selection,
    ),
)

#: The PyTorch cross-checks (``torch=True``).
TORCH_CHECKS: tuple[Check, ...] = (
    Check(
        "torch-conv",
        "conv, C@x = torch, all paddings",
        torch_checks.check_torch_conv,
    ),
    Check(
        "torch-conv-transpose",
        "conv_transpose = torch",
        torch_checks.check_torch_conv_transpose,
    ),
    Check(
        "torch-pooling",
        "max/avg pool, S^T g = torch autograd",
        torch_checks.check_torch_pooling,
    ),
    Check(
        "torch-padding",
        "pad, pad_matrix = torch F.pad",
        torch_checks.check_torch_padding,
    ),
)


def check_names(*, torch: bool = True) -> tuple[str, ...]:
    """Names of the checks, in order (the PyTorch ones last, if `torch`).

    Examples
    --------
    >>> check_names(torch=False)[:3]
    ('transpose-identity', 'conv', 'conv-transpose')
    """
    return tuple(c.name for c in CHECKS + (TORCH_CHECKS if torch else ()))


def _find(name: str, argument: str) -> Check:
    for check in CHECKS + TORCH_CHECKS:
        if check.name == name:
            return check
    known = ", ".join(check_names())
    raise ConvmathError(f"check must be one of {known}; got {name!r}", argument=argument)


def run_check(name: str, *, seed: int = 0, quick: bool = False) -> CheckResult:
    """Run one check by name; an exception inside it becomes a failed row, never escapes.

    Parameters
    ----------
    name : str
        One of :func:`check_names`.
    seed : int
        Seed of the random configurations and arrays (>= 0). The generator is
        ``numpy.random.default_rng([seed, crc32(name)])``.
    quick : bool
        Fewer and smaller configurations (for tests).

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> row = run_check("avg-pool", quick=True)
    >>> row.passed, row.configurations
    (True, 12)
    """
    check = _find(name, "name")
    seed = as_int(seed, "seed", minimum=0)
    if check in TORCH_CHECKS:
        require_torch()
    rng = np.random.default_rng([seed, zlib.crc32(check.name.encode())])
    start = time.perf_counter()
    try:
        tally = check.run(rng, bool(quick))
    except Exception as error:  # noqa: BLE001 - a broken check is a failed row
        tally = Tally()
        tally.fail(f"the check raised {type(error).__name__}: {error}")
    return tally.result(check.name, check.compares, seconds=time.perf_counter() - start)


def require_torch() -> None:
    """Raise :class:`TorchUnavailableError` (with :data:`TORCH_INSTALL_HINT`) without torch."""
    if not torch_checks.torch_available():
        raise TorchUnavailableError(
            f"the PyTorch cross-checks need torch, which is not installed: {TORCH_INSTALL_HINT}",
            argument="torch",
        )
    try:
        import torch  # noqa: F401
    except Exception as error:  # noqa: BLE001 - installed but broken
        raise TorchUnavailableError(
            f"the PyTorch cross-checks need torch, which fails to import "
            f"({type(error).__name__}: {error}): {TORCH_INSTALL_HINT}",
            argument="torch",
        ) from None


def run_suite(
    *,
    torch: bool = False,
    seed: int = 0,
    quick: bool = False,
    only: Iterable[str] | None = None,
) -> list[CheckResult]:
    """Run the identity suite and return one row per check, in order.

    Parameters
    ----------
    torch : bool
        Add the PyTorch cross-checks (:data:`TORCH_CHECKS`).
    seed : int
        Seed of every random configuration and array (>= 0): same seed, same rows.
    quick : bool
        Fewer and smaller configurations (well under a second per check).
    only : iterable of str, optional
        Run just these checks (names from :func:`check_names`), in suite order.

    Returns
    -------
    list of CheckResult
        The suite passed when every ``row.passed``.

    Raises
    ------
    TorchUnavailableError
        `torch` is set (or a torch check is named in `only`) and PyTorch cannot be
        imported; the message says how to install it. Nothing is run.
    ConvmathError
        An unknown name in `only`, or a negative `seed`.
    """
    seed = as_int(seed, "seed", minimum=0)
    wanted = None if only is None else [_find(name, "only").name for name in only]
    checks = CHECKS + (TORCH_CHECKS if torch else ())
    if wanted is not None:
        checks = tuple(c for c in CHECKS + TORCH_CHECKS if c.name in wanted)
    if any(check in TORCH_CHECKS for check in checks):
        require_torch()
    return [run_check(check.name, seed=seed, quick=quick) for check in checks]
