"""``convmath verify``: placeholder being written (see the issues)."""

from __future__ import annotations

import typer

__all__ = ["command"]


def command() -> None:
    """Not written yet."""
    raise typer.Exit(1)
