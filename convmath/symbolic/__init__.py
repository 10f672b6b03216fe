"""SymPy layer: safe parsing, closed-form continuous convolution, matrix forms, size formulas.

Names are imported from their modules on first use, so ``import convmath.symbolic`` stays
cheap until something is actually needed.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "parse": "convmath.symbolic.parser",
    "rect": "convmath.symbolic.signals",
    "tri": "convmath.symbolic.signals",
    "convolve": "convmath.symbolic.continuous",
    "conv_matrix": "convmath.symbolic.matrix",
    "conv_transpose_matrix": "convmath.symbolic.matrix",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'convmath.symbolic' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
