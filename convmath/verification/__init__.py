"""The identity suite behind ``convmath verify`` (math layer: symbolic + numeric, no CLI).

``run_suite()`` runs every named check and returns one :class:`CheckResult` per check:
what it compares, how many configurations, the worst error, pass or fail. See
:mod:`convmath.verification.suite` for the list of checks.

Names are imported from their modules on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "run_suite": "convmath.verification.suite",
    "run_check": "convmath.verification.suite",
    "check_names": "convmath.verification.suite",
    "require_torch": "convmath.verification.suite",
    "Check": "convmath.verification.suite",
    "CHECKS": "convmath.verification.suite",
    "TORCH_CHECKS": "convmath.verification.suite",
    "TORCH_INSTALL_HINT": "convmath.verification.suite",
    "TorchUnavailableError": "convmath.verification.suite",
    "CheckResult": "convmath.verification.results",
    "Tally": "convmath.verification.results",
    "relative_error": "convmath.verification.results",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'convmath.verification' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
