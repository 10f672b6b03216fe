"""``convmath derive matrix``: the matrix C of a convolution, or T of a transposed one."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._inputs import parse_per_axis, parse_shape
from convmath.cli._options import CONVOLUTION_OPTIONS, JsonOption, LatexOption, shown_default
from convmath.cli._render import emit_json, grid_text, shape_text

__all__ = ["command", "OPTIONS"]

#: The arguments of ``numeric.shapes`` and ``symbolic.matrix``, as this command's options.
OPTIONS = {**CONVOLUTION_OPTIONS, "kernel": "--kernel"}


def _per_axis(help: str, default: int) -> Any:
    return typer.Option(metavar="N[,N...]", help=shown_default(help, default))


@dataclass(frozen=True)
class _Request:
    """What to build: the shapes, the kernel (its shape, or its entries) and the keywords."""

    input_shape: tuple[int, ...]
    kernel_shape: tuple[int, ...]
    kernel: Any
    params: dict[str, Any]
    transposed: bool


@dataclass(frozen=True)
class _Built:
    """The matrix, the shapes it maps between and, for T, the exact check of T == Cᵀ."""

    matrix: Any
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    transposed: bool
    check: Any


def command(
    input_shape: Annotated[
        str, typer.Option("--input", metavar="SHAPE", help="Input shape, e.g. 4x4.")
    ] = "4x4",
    kernel: Annotated[
        str, typer.Option("--kernel", metavar="SHAPE", help="Kernel shape, e.g. 3x3.")
    ] = "3x3",
    stride: Annotated[str | None, _per_axis("Stride.", 1)] = None,
    padding: Annotated[str | None, _per_axis("Zero padding.", 0)] = None,
    dilation: Annotated[str | None, _per_axis("Dilation.", 1)] = None,
    transposed: Annotated[
        bool, typer.Option("--transposed", help="The transposed convolution's matrix T.")
    ] = False,
    output_padding: Annotated[
        str | None, _per_axis("Output padding (with --transposed).", 0)
    ] = None,
    values: Annotated[
        str | None,
        typer.Option(metavar="V,V,...", help="Kernel entries in C order instead of symbols."),
    ] = None,
    latex: LatexOption = False,
    json_output: JsonOption = False,
) -> None:
    """The matrix C of a convolution (y' = C x') or T of a transposed one (x' = T y').

    Entries are the kernel symbols w_i_j (or --values). With --transposed, T is built from
    the scatter definition and checked exactly against Cᵀ built from the gather definition.
    """
    request = _parse(
        input_shape,
        kernel,
        values,
        transposed=transposed,
        params={
            "stride": stride,
            "padding": padding,
            "dilation": dilation,
            "output_padding": output_padding,
        },
    )
    built = _build(request)
    if json_output:
        emit_json(_payload(built))
    elif latex:
        _print_latex(built.matrix)
    else:
        _print_text(built)


def _parse(
    input_text: str,
    kernel_text: str,
    values: str | None,
    *,
    transposed: bool,
    params: dict[str, str | None],
) -> _Request:
    """Read the options' text; the library checks the numbers when it builds the matrix."""
    size = parse_shape(input_text, "--input")
    kernel_shape = parse_shape(kernel_text, "--kernel")
    numbers: dict[str, Any] = parse_per_axis(**params)
    if not transposed and numbers.pop("output_padding", 0) != 0:
        raise bad_parameter("--output-padding", "output padding applies only with --transposed")
    kernel = kernel_shape if values is None else _kernel_values(values, kernel_shape)
    return _Request(size, kernel_shape, kernel, numbers, transposed)


def _kernel_values(values: str, shape: tuple[int, ...]) -> Any:
    """The ``--values`` text as a SymPy array of `shape` (numbers, exact)."""
    import sympy as sp

    from convmath.symbolic.parser import parse

    parts = values.split(",")
    expected = math.prod(shape)
    if len(parts) != expected:
        raise bad_parameter(
            "--values",
            f"kernel {'x'.join(map(str, shape))} needs {expected} values "
            f"(C order), got {len(parts)}",
        )
    with library_errors({}, fallback="--values"):
        entries = [parse(part.strip(), variables=()) for part in parts]
    return sp.Array(entries, shape)


def _build(request: _Request) -> _Built:
    """The output shape, then C (or T and the check T == Cᵀ) from ``symbolic.matrix``."""
    from convmath.numeric.shapes import output_shape, transposed_output_shape
    from convmath.symbolic.matrix import (
        check_transpose_identity,
        conv_matrix,
        conv_transpose_matrix,
    )

    size, params = request.input_shape, request.params
    with library_errors(OPTIONS):
        shape_of = transposed_output_shape if request.transposed else output_shape
        out = shape_of(size, request.kernel_shape, **params)
    # Every argument is valid now; what can still be refused is the size of the matrix.
    with library_errors(OPTIONS, fallback="--input"):
        if request.transposed:
            matrix = conv_transpose_matrix(size, request.kernel, **params)
            check = check_transpose_identity(size, request.kernel, **params)
        else:
            matrix = conv_matrix(size, request.kernel, **params)
            check = None
    return _Built(matrix, size, out, request.transposed, check)


def _cells(matrix: Any) -> list[list[str]]:
    return [[str(matrix[r, c]) for c in range(matrix.cols)] for r in range(matrix.rows)]


def _latex_index_name(name: str) -> str:
    """``w_1_10`` -> ``w_{1,10}``.

    Examples
    --------
    >>> _latex_index_name("w_1_10"), _latex_index_name("w_3"), _latex_index_name("w")
    ('w_{1,10}', 'w_{3}', 'w')
    """
    head, _, indices = name.partition("_")
    return f"{head}_{{{indices.replace('_', ',')}}}" if indices else head


def _latex(matrix: Any) -> str:
    import sympy as sp

    # w_1_10 -> w_{1,10}: SymPy's default w_{1 10} reads as w_{110} once typeset.
    names = {symbol: _latex_index_name(symbol.name) for symbol in matrix.free_symbols}
    return sp.latex(matrix, mat_str="bmatrix", mat_delim="", symbol_names=names)


def _payload(built: _Built) -> dict[str, Any]:
    matrix = built.matrix
    payload: dict[str, Any] = {
        "expr": str(matrix),
        "latex": _latex(matrix),
        "matrix": _cells(matrix),
        "shape": [matrix.rows, matrix.cols],
        "input_shape": list(built.input_shape),
        "output_shape": list(built.output_shape),
        "transposed": built.transposed,
    }
    if built.check is not None:
        payload["identity_checked"] = bool(built.check.equal)
        payload["identity_corresponds"] = bool(built.check.corresponds)
    return payload


_BLOCK_COLUMNS = 8  # amsmath allows 10 columns; 8 symbolic entries fit an article's width


def _print_latex(matrix: Any) -> None:
    """The matrix in blocks of at most 8 columns, each a displayed ``bmatrix`` that fits."""
    if matrix.cols <= _BLOCK_COLUMNS:
        typer.echo(_latex(matrix))
        return
    typer.echo(f"% {matrix.rows}x{matrix.cols} matrix in blocks of {_BLOCK_COLUMNS} columns")
    for start in range(0, matrix.cols, _BLOCK_COLUMNS):
        stop = min(start + _BLOCK_COLUMNS, matrix.cols)
        block = _latex(matrix[:, start:stop])
        typer.echo(f"\\[ \\text{{columns {start + 1}--{stop}:}}\\quad {block} \\]")


def _print_text(built: _Built) -> None:
    """The header line, the matrix as a grid and, for T, what the exact check found."""
    matrix, size, out = built.matrix, built.input_shape, built.output_shape
    if built.transposed:
        name, kind, verb = "T", "transposed convolution x' = T y'", "scattered into"
    else:
        name, kind, verb = "C", "convolution y' = C x'", "gathered into"
    typer.echo(
        f"{name} ({matrix.rows}×{matrix.cols}): {kind}, input {shape_text(size)} "
        f"(flattened to {math.prod(size)}) {verb} output {shape_text(out)} "
        f"(flattened to {math.prod(out)})"
    )
    typer.echo(grid_text(_cells(matrix)))
    if built.check is not None:
        _print_identity(built.check, size, out)


def _print_identity(check: Any, size: tuple[int, ...], out: tuple[int, ...]) -> None:
    """Say how T == Cᵀ was checked; exit 1 if it does not hold."""
    if check.equal and check.corresponds:
        rows, cols = check.conv_shape
        typer.echo(
            f"Checked exactly: T == Cᵀ, where C ({rows}×{cols}) was built independently "
            f"from the gather definition for input {shape_text(out)}."
        )
    elif check.equal:
        typer.echo(
            "Checked exactly: T equals the columns of Cᵀ for the outputs inside the "
            f"{shape_text(size)} input (output_padding >= stride makes the shapes differ)."
        )
    else:
        typer.echo(f"Error: T != Cᵀ: first difference {check.first_difference}", err=True)
        raise typer.Exit(1)
