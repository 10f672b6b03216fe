"""Saving figures reproducibly: fixed metadata, atomic writes.

Rendering the same figure twice gives byte-identical PNG, PDF and SVG files: the PNG
``Software`` key, the PDF ``Creator``/``Producer``/``CreationDate`` and the SVG ``Date`` are
fixed, and the SVG hash salt is set by the house style.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from convmath._io import atomic_path
from convmath.errors import ConvmathError

__all__ = ["save_figure", "FORMATS"]

FORMATS = ("png", "pdf", "svg")

_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Date": None, "Creator": None},
}


def save_figure(figure: Any, path: str | os.PathLike[str], *, dpi: float | None = None) -> Path:
    """Save `figure` to `path` (format from the suffix) without ever leaving half a file."""
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ConvmathError(
            f"file {str(target)!r} must end in one of {', '.join('.' + f for f in FORMATS)}",
            argument="path",
        )
    import matplotlib as mpl

    with atomic_path(target) as temporary, mpl.rc_context({"svg.hashsalt": "convmath"}):
        figure.savefig(temporary, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return target
