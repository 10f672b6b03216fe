"""One row of the identity suite, and the tally a check keeps while it runs.

Numeric comparisons measure the error of ``got`` against ``expected`` as

    ``max |got - expected| / max(1, max |expected|)``

(absolute for values of order one or less, relative for larger ones), and a configuration
passes when that error is at most the check's tolerance. Exact checks (SymPy matrices,
integer sizes, selections) compare for equality; their worst error is 0, shown as "exact".

Examples
--------
>>> import numpy as np
>>> tally = Tally(tolerance=1e-12)
>>> with tally.case("case 1"):
...     tally.compare(np.array([1.0, 2.0]), np.array([1.0, 2.0]), "case 1")
True
>>> with tally.case("case 2"):
...     tally.compare(np.array([1.0, 2.5]), np.array([1.0, 2.0]), "case 2")
False
>>> row = tally.result("demo", "two arrays")
>>> row.passed, row.configurations, row.worst_error, row.detail
(False, 2, 0.25, 'case 2: error 2.5e-01 > tolerance 1e-12')
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import numpy as np

__all__ = ["CheckResult", "Tally", "relative_error"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one named check of the suite.

    Attributes
    ----------
    name : str
        Short identifier, e.g. ``"conv"`` or ``"transpose-identity"``.
    compares : str
        What is compared with what, in one line.
    configurations : int
        How many configurations (or shapes, or relationships x sizes) were compared.
    worst_error : float or None
        Largest error seen (see the module docstring); 0.0 for an exact check that passed;
        ``None`` when the quantities compared are not numbers (a SymPy mismatch).
    exact : bool
        Whether the check demands exact equality rather than a tolerance.
    tolerance : float
        Largest error allowed (0.0 for exact checks).
    passed : bool
        Every configuration agreed (and none raised).
    detail : str
        Empty when passed; otherwise the first failing configuration and what went wrong.
    seconds : float
        Time the check took.
    """

    name: str
    compares: str
    configurations: int
    worst_error: float | None
    exact: bool
    tolerance: float
    passed: bool
    detail: str = ""
    seconds: float = 0.0

    @property
    def error_text(self) -> str:
        """Worst error for a table: ``exact``, ``4.4e-16``, or ``not exact`` (SymPy).

        Examples
        --------
        >>> CheckResult("x", "y", 3, 0.0, True, 0.0, True).error_text
        'exact'
        >>> CheckResult("x", "y", 3, 4.4e-16, False, 1e-12, True).error_text
        '4.4e-16'
        """
        if self.worst_error is None:
            return "not exact"
        if self.exact and self.passed and self.worst_error == 0:
            return "exact"
        if math.isnan(self.worst_error):
            return "nan"
        return f"{self.worst_error:.1e}"

    @property
    def status(self) -> str:
        """``"pass"`` or ``"FAIL"``."""
        return "pass" if self.passed else "FAIL"

    def to_dict(self) -> dict:
        """The fields as a JSON-ready dict (a NaN or infinite error becomes ``None``)."""
        out = asdict(self)
        if out["worst_error"] is not None and not math.isfinite(out["worst_error"]):
            out["worst_error"] = None
        out["seconds"] = round(self.seconds, 3)
        return out


def relative_error(got: object, expected: object) -> float:
    """``max |got - expected| / max(1, max |expected|)``; ``inf`` if the shapes differ.

    Examples
    --------
    >>> relative_error([1.0, 102.0], [1.0, 100.0])
    0.02
    >>> relative_error([1.0], [1.0, 2.0])
    inf
    """
    a = np.asarray(got, dtype=np.float64)
    b = np.asarray(expected, dtype=np.float64)
    if a.shape != b.shape:
        return math.inf
    if a.size == 0:
        return 0.0
    diff = float(np.max(np.abs(a - b)))
    if math.isnan(diff):
        return math.nan
    return diff / max(1.0, float(np.max(np.abs(b))))


class Tally:
    """Accumulates one check's comparisons: count, worst error, first failure.

    Parameters
    ----------
    tolerance : float
        Largest error a numeric comparison may have; ignored by :meth:`exact`.
    exact : bool
        Whether the check is exact (only then is a 0 error shown as "exact").
    """

    def __init__(self, tolerance: float = 0.0, *, exact: bool = False) -> None:
        self.tolerance = tolerance
        self.is_exact = exact
        self.configurations = 0
        self.worst: float | None = 0.0
        self.failure = ""

    def _fail(self, message: str) -> None:
        if not self.failure:
            self.failure = message

    def _worsen(self, error: float | None) -> None:
        """Keep the worst error: ``None`` (not a number) > NaN > the largest float."""
        if self.worst is None or (error is not None and math.isnan(self.worst)):
            return
        if error is None or math.isnan(error) or error > self.worst:
            self.worst = error

    def count(self, n: int = 1) -> None:
        """Count `n` configurations as compared (:meth:`case` counts one by itself)."""
        self.configurations += n

    @contextmanager
    def case(self, label: str) -> Iterator[None]:
        """Count one configuration; an exception inside is recorded as its failure.

        A check reports, it never crashes the suite: a wrong implementation that raises
        (an ``IndexError``, a ``ShapeError`` on a valid configuration) fails the check.
        """
        self.count()
        try:
            yield
        except Exception as error:  # noqa: BLE001 - every failure becomes a report
            self.fail(f"{label}: raised {type(error).__name__}: {error}")

    def compare(self, got: object, expected: object, label: str) -> bool:
        """Numeric comparison within the tolerance; records the error; True if it passed."""
        a, b = np.asarray(got), np.asarray(expected)
        if a.shape != b.shape:
            self.fail(f"{label}: shape {a.shape} != expected {b.shape}")
            return False
        error = relative_error(a, b)
        return self.record(error, label)

    def exact(self, got: object, expected: object, label: str) -> bool:
        """Exact comparison (arrays, ints, tuples); the error is ``max |got - expected|``."""
        a, b = np.asarray(got), np.asarray(expected)
        if a.shape != b.shape:
            self.fail(f"{label}: shape {a.shape} != expected {b.shape}")
            return False
        if np.array_equal(a, b):
            return True
        try:
            error = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))
        except (TypeError, ValueError):
            error = None
        shown = got if a.size <= 4 else f"an array differing by up to {error}"
        expect = expected if b.size <= 4 else "the expected array"
        self.fail(f"{label}: got {shown}, expected {expect}", error=error)
        return False

    def record(self, error: float, label: str) -> bool:
        """Record an error computed elsewhere (e.g. a dot test's relative error)."""
        self._worsen(error)
        if not error <= self.tolerance:
            self._fail(f"{label}: error {error:.1e} > tolerance {self.tolerance:g}")
            return False
        return True

    def fail(self, message: str, *, error: float | None = math.inf) -> None:
        """Record a failure that is not a comparison (an exception, a symbolic mismatch)."""
        self._worsen(error)
        self._fail(message)

    def result(self, name: str, compares: str, *, seconds: float = 0.0) -> CheckResult:
        """The :class:`CheckResult` of everything recorded so far."""
        passed = not self.failure and self.configurations > 0
        detail = self.failure or ("" if passed else "no configuration was compared")
        return CheckResult(
            name=name,
            compares=compares,
            configurations=self.configurations,
            worst_error=self.worst,
            exact=self.is_exact,
            tolerance=0.0 if self.is_exact else self.tolerance,
            passed=passed,
            detail=detail,
            seconds=seconds,
        )
