"""The identity suite behind ``convmath verify`` (math layer: symbolic + numeric, no CLI).

``run_suite()`` runs every named check and returns one :class:`CheckResult` per check:
what it compares, how many configurations, the worst error, pass or fail. See
:mod:`convmath.verification.suite` for the list of checks. ``sampled_check()`` checks one
symbolic closed form through the numeric layer (:mod:`convmath.verification.closed_form`).

Names are imported from their modules on first use.
"""

from __future__ import annotations

from convmath._lazy import lazy_exports

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
    "sampled_check": "convmath.verification.closed_form",
    "SampledCheck": "convmath.verification.closed_form",
    "to_signal": "convmath.verification.closed_form",
    "signal_window": "convmath.verification.closed_form",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
