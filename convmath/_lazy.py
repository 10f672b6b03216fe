"""Lazy package exports: a name is imported from its module the first time it is used.

Each package ``__init__`` lists its public names and where they live; importing the package
then costs nothing (``import convmath.symbolic`` does not import SymPy until a name is used),
which keeps ``convmath --help`` fast.

Examples
--------
>>> getattr_, dir_, all_ = lazy_exports("convmath", {"ShapeError": "convmath.errors"})
>>> all_
['ShapeError']
>>> getattr_("ShapeError").__name__
'ShapeError'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str | tuple[str, str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """Module-level ``__getattr__``, ``__dir__`` and ``__all__`` for `package`.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping
        Public name -> module path, or -> ``(module path, attribute)`` to export an
        attribute under another name.
    """

    def __getattr__(name: str) -> Any:
        try:
            target = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        module, attribute = (target, name) if isinstance(target, str) else target
        value = getattr(importlib.import_module(module), attribute)
        setattr(sys.modules[package], name, value)  # later look-ups skip __getattr__
        return value

    names = sorted(exports)

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__, names
