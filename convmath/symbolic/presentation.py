"""The presentation hook: every rendered expression passes through :func:`display_form`.

Today it is the identity; a later change writes results in textbook form here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["display_form"]


def display_form(expr: Any, variable: Any = None) -> Any:
    """`expr` as it should be displayed (mathematically equal; today unchanged).

    Examples
    --------
    >>> import sympy as sp
    >>> display_form(sp.Symbol("t") + 1)
    t + 1
    """
    return expr
