"""Options several commands share, and the library's defaults for the ones left out.

An option whose default belongs to the library (a stride of 1, an animation's frame rate) is
None on the command line and is then not passed at all, so the library's own default applies;
its help shows that default with ``show_default`` (tests/test_cli_defaults.py keeps the two
equal). Only Typer is imported here.

:func:`writable_path` checks an output path (``--plot``, ``--out``) before any work is done.

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
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter

__all__ = [
    "CONVOLUTION_OPTIONS",
    "JsonOption",
    "LatexOption",
    "StepsOption",
    "PlotOption",
    "TimeoutOption",
    "DEFAULT_TIMEOUT",
    "given",
    "library_default",
    "shown_default",
    "saved",
    "writable_path",
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
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        max=3600,
        metavar="SECONDS",
        help="Seconds allowed for the derivation (not counting start-up).",
    ),
]
#: The derivation time a person waits for at a prompt.
DEFAULT_TIMEOUT = 20.0


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


def writable_path(path: Path, option: str, *, folder: bool = False) -> Path:
    """`path` once it is known that a file can be written there (its folder is created).

    A place that can't take the file (``/proc``, a read-only folder, a file where a folder
    should be) is a bad value of `option`: one line with the path and the reason, exit 2.
    With `folder`, `path` is the folder the files go in.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     writable_path(Path(tmp) / "new" / "x.png", "--plot").name
    'x.png'
    >>> try:
    ...     writable_path(Path("/proc/x.png"), "--plot")
    ... except typer.BadParameter as error:
    ...     print(error.message)
    cannot write /proc/x.png: No such file or directory
    """
    parent = path if folder else path.parent
    try:
        if not folder and path.is_dir():
            raise IsADirectoryError(f"{path} is a folder")
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".convmath-", delete=True):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise bad_parameter(option, f"cannot write {path}: {reason}") from None
    return path


@contextmanager
def saved(option: str, path: object = None) -> Iterator[None]:
    """Report an ``OSError`` raised while saving as a bad value of `option`.

    The message names the file the error names (a rename's destination, not the temporary
    file), else `path` (the file or folder asked for).
    """
    try:
        yield
    except OSError as error:
        target = error.filename2 or error.filename or path
        where = f" {target}" if target else ""
        raise bad_parameter(option, f"cannot write{where}: {error.strerror or error}") from None
