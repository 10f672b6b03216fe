"""``convmath derive``: closed forms, derived and checked.

``convmath derive`` alone runs the article's stomach example; the subcommands derive any
continuous convolution (``conv``) and the matrix form and size formulas of discrete
convolution (``matrix``, ``shape``, ``receptive-field``, ``params``). Each lives in its own
module; SymPy is imported only when a command runs.
"""

from __future__ import annotations

import typer

from convmath.cli import (
    _derive_conv,
    _derive_matrix,
    _derive_params,
    _derive_receptive,
    _derive_shape,
    _derive_stomach,
)
from convmath.cli._app import ConvmathCommand, ConvmathGroup

__all__ = ["app"]

app = typer.Typer(
    cls=ConvmathGroup,
    help="Derive closed forms: the stomach example (default), convolutions, matrix forms.",
    invoke_without_command=True,
    add_completion=False,
    # Plain Click help: Typer's rich help costs ~70 ms of imports on every --help.
    rich_markup_mode=None,
)
app.callback()(_derive_stomach.command)
app.command("conv", cls=ConvmathCommand)(_derive_conv.command)
app.command("matrix", cls=ConvmathCommand)(_derive_matrix.command)
app.command("shape", cls=ConvmathCommand)(_derive_shape.command)
app.command("receptive-field", cls=ConvmathCommand)(_derive_receptive.command)
app.command("params", cls=ConvmathCommand)(_derive_params.command)
