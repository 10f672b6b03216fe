"""Options several commands share, and the library's defaults for the ones left out.

An option whose default belongs to the library (a stride of 1, an animation's frame rate) is
None on the command line and is then not passed at all, so the library's own default applies;
its help shows that default with ``show_default`` (tests/test_cli_defaults.py keeps the two
equal). Only Typer is imported here.

Examples
--------
>>> given(stride=2, padding=None, dilation=1)
{'stride': 2, 'dilation': 1}
>>> def conv(x, stride=1, padding=0): ...
>>> library_default(conv, "padding")
0
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = [
    "CONVOLUTION_OPTIONS",
    "JsonOption",
    "LatexOption",
    "StepsOption",
    "PlotOption",
    "TimeoutOption",
    "given",
    "library_default",
    "shown_default",
]

#: How the library names a convolution's shapes and hyper-parameters (``numeric.shapes``,
#: ``plan_animation``, ...) and the options every command gives them.
CONVOLUTION_OPTIONS = {
    "input_shape": "--input",
    "kernel_shape": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "dilation": "--dilation",
    "output_padding": "--output-padding",
}

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LatexOption = Annotated[bool, typer.Option("--latex", help="Print LaTeX.")]
StepsOption = Annotated[
    bool, typer.Option("--steps", help="Show the graphical derivation step by step.")
]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", metavar="FILE", help="Save a plot (png, pdf, svg).")
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, max=3600, help="Seconds allowed for the derivation.")
]


def shown_default(help: str, default: object) -> str:
    """`help` followed by ``[default: ...]`` as Typer prints it, for a default the library owns.

    Examples
    --------
    >>> shown_default("Stride.", 1)
    'Stride.  [default: 1]'
    """
    return f"{help}  [default: {default}]"


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were given (not None): the library fills in the rest."""
    return {name: value for name, value in values.items() if value is not None}


def library_default(function: Callable[..., Any], name: str) -> Any:
    """The default of parameter `name` in the signature of the library `function`."""
    return inspect.signature(function).parameters[name].default
