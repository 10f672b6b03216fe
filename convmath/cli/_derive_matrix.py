"""``convmath derive matrix | shape | receptive-field | params``: discrete convolution forms."""

from __future__ import annotations

import re
from typing import Any

import typer

from convmath.cli._inputs import parse_int_tuple, parse_shape
from convmath.cli._render import emit_json

__all__ = ["run_matrix", "run_shape", "run_receptive_field", "run_params", "grid_text"]

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_MAX_PRINTED_ENTRIES = 250_000


def _bad(option: str, error: Exception | str) -> typer.BadParameter:
    return typer.BadParameter(str(error), param_hint=f"'{option}'")


def grid_text(rows: list[list[str]], *, left: bool = False, gap: str = " ") -> str:
    """Rows of strings as an aligned grid (right-aligned, like numbers, unless `left`).

    Examples
    --------
    >>> print(grid_text([["1", "2", "0"], ["0", "10", "w_1"]]))
    1  2   0
    0 10 w_1
    """
    widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
    align = str.ljust if left else str.rjust
    lines = (gap.join(align(cell, w) for cell, w in zip(row, widths)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def _kernel_values(values: str, shape: tuple[int, ...]) -> Any:
    import numpy as np
    import sympy as sp

    from convmath.symbolic.parser import parse

    parts = [p for p in values.split(",")]
    expected = int(np.prod(shape))
    if len(parts) != expected:
        raise _bad(
            "--values",
            f"kernel {'x'.join(map(str, shape))} needs {expected} values "
            f"(C order), got {len(parts)}",
        )
    entries = []
    for part in parts:
        try:
            entries.append(parse(part.strip(), variables=()))
        except ValueError as error:
            raise _bad("--values", error) from None
    return sp.Array(entries, shape)


def _latex_index_name(name: str) -> str:
    """``w_1_10`` -> ``w_{1,10}``.

    Examples
    --------
    >>> _latex_index_name("w_1_10"), _latex_index_name("w_3"), _latex_index_name("w")
    ('w_{1,10}', 'w_{3}', 'w')
    """
    head, _, indices = name.partition("_")
    return f"{head}_{{{indices.replace('_', ',')}}}" if indices else head


def _flat(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape))


def run_matrix(
    *,
    input_shape: str,
    kernel: str,
    stride: str,
    padding: str,
    dilation: str,
    transposed: bool,
    output_padding: str,
    values: str | None,
    latex: bool,
    json_output: bool,
) -> None:
    """Print the matrix C (or T) of a single-channel (transposed) convolution."""
    size = parse_shape(input_shape, "--input")
    kernel_shape = parse_shape(kernel, "--kernel")
    if len(kernel_shape) != len(size):
        raise _bad("--kernel", f"kernel {kernel} must have as many axes as input {input_shape}")
    options = {
        "stride": parse_int_tuple(stride, "--stride"),
        "padding": parse_int_tuple(padding, "--padding"),
        "dilation": parse_int_tuple(dilation, "--dilation"),
    }
    extra = parse_int_tuple(output_padding, "--output-padding")
    if not transposed and extra != 0:
        raise _bad("--output-padding", "output padding applies only with --transposed")

    import sympy as sp

    from convmath.numeric.shapes import output_shape, transposed_output_shape
    from convmath.symbolic.matrix import (
        check_transpose_identity,
        conv_matrix,
        conv_transpose_matrix,
    )

    entries = _kernel_values(values, kernel_shape) if values is not None else kernel_shape
    try:
        if transposed:
            out = transposed_output_shape(size, kernel_shape, output_padding=extra, **options)
        else:
            out = output_shape(size, kernel_shape, **options)
    except ValueError as error:
        raise _bad(_option_named_in(str(error)), error) from None
    n_entries = _prod(size) * _prod(out)
    if n_entries > _MAX_PRINTED_ENTRIES:
        raise _bad(
            "--input",
            f"the matrix would have {n_entries} entries; "
            f"the limit for a symbolic matrix is {_MAX_PRINTED_ENTRIES}",
        )
    if transposed:
        matrix = conv_transpose_matrix(size, entries, output_padding=extra, **options)
        check = check_transpose_identity(size, entries, output_padding=extra, **options)
    else:
        matrix = conv_matrix(size, entries, **options)
        check = None

    # w_1_10 -> w_{1,10}: SymPy's default w_{1 10} reads as w_{110} once typeset.
    names = {symbol: _latex_index_name(symbol.name) for symbol in matrix.free_symbols}
    latex_text = sp.latex(matrix, mat_str="bmatrix", mat_delim="", symbol_names=names)
    rows = [[str(matrix[r, c]) for c in range(matrix.cols)] for r in range(matrix.rows)]
    if json_output:
        payload = {
            "expr": str(matrix),
            "latex": latex_text,
            "matrix": rows,
            "shape": [matrix.rows, matrix.cols],
            "input_shape": list(size),
            "output_shape": list(out),
            "transposed": transposed,
        }
        if check is not None:
            payload["identity_checked"] = bool(check.equal)
            payload["identity_corresponds"] = bool(check.corresponds)
        emit_json(payload)
        return
    if latex:
        if matrix.cols > 10:
            typer.echo(f"% amsmath: \\setcounter{{MaxMatrixCols}}{{{matrix.cols}}} before this")
        typer.echo(latex_text)
        return
    if transposed:
        typer.echo(
            f"T ({matrix.rows}×{matrix.cols}): transposed convolution x' = T y', input "
            f"{_flat(size)} (flattened to {_prod(size)}) scattered into output {_flat(out)} "
            f"(flattened to {_prod(out)})"
        )
    else:
        typer.echo(
            f"C ({matrix.rows}×{matrix.cols}): convolution y' = C x', input {_flat(size)} "
            f"(flattened to {_prod(size)}) gathered into output {_flat(out)} "
            f"(flattened to {_prod(out)})"
        )
    typer.echo(grid_text(rows))
    if check is not None:
        if check.equal and check.corresponds:
            typer.echo(
                f"Checked exactly: T == Cᵀ, where C ({check.conv_shape[0]}×{check.conv_shape[1]})"
                f" was built independently from the gather definition for input {_flat(out)}."
            )
        elif check.equal:
            typer.echo(
                "Checked exactly: T equals the columns of Cᵀ for the outputs inside the "
                f"{_flat(size)} input (output_padding >= stride makes the shapes differ)."
            )
        else:
            raise typer.Exit(_identity_failure(check))


def _identity_failure(check: Any) -> int:
    typer.echo(f"Error: T != Cᵀ: first difference {check.first_difference}", err=True)
    return 1


def _prod(shape: tuple[int, ...]) -> int:
    total = 1
    for n in shape:
        total *= n
    return total


def _option_named_in(message: str) -> str:
    """The option a validation message is about: messages start with the argument's name."""
    head = message.split(maxsplit=1)[0] if message else ""
    names = {
        "output_padding": "--output-padding",
        "stride": "--stride",
        "padding": "--padding",
        "dilation": "--dilation",
        "kernel": "--kernel",
        "kernel_shape": "--kernel",
    }
    return names.get(head, "--input")


def _size_argument(text: str | None, option: str, default: str) -> Any:
    """A number (or per-axis numbers) or a symbol name for the symbolic formulas."""
    value = default if text is None else text.strip()
    if _IDENTIFIER.fullmatch(value):
        return value
    return parse_int_tuple(value, option)


def run_shape(
    *,
    input_size: str | None,
    kernel: str | None,
    stride: str | None,
    padding: str | None,
    dilation: str | None,
    transposed: bool,
    output_padding: str | None,
    relationships: bool,
    json_output: bool,
    latex: bool,
) -> None:
    """Print the output-size formula, symbolic or evaluated per axis."""
    import sympy as sp

    from convmath.symbolic.sizes import RELATIONSHIPS, conv_output_size, transposed_output_size

    if relationships:
        table = [(r.id, r.name, r.conditions, r.formula) for r in RELATIONSHIPS]
        if json_output:
            emit_json(
                {
                    "expr": str([str(r[3]) for r in table]),
                    "latex": [sp.latex(r[3]) for r in table],
                    "relationships": [
                        {
                            "id": i,
                            "name": n,
                            "conditions": c,
                            "formula": str(f),
                            "latex": sp.latex(f),
                        }
                        for i, n, c, f in table
                    ],
                }
            )
            return
        rows = [[i, n, c, f"{f.lhs} = {f.rhs}"] for i, n, c, f in table]
        header = ["id", "relationship", "conditions", "formula"]
        typer.echo(grid_text([header, *rows], left=True, gap="  "))
        return

    args = {
        "i": _size_argument(input_size, "--input", "i"),
        "k": _size_argument(kernel, "--kernel", "k"),
        "s": _size_argument(stride, "--stride", "1"),
        "p": _size_argument(padding, "--padding", "0"),
        "d": _size_argument(dilation, "--dilation", "1"),
    }
    if transposed:
        args["a"] = _size_argument(output_padding, "--output-padding", "0")
    elif output_padding is not None:
        raise _bad("--output-padding", "output padding applies only with --transposed")
    axes = max((len(v) for v in args.values() if isinstance(v, tuple)), default=1)
    per_axis = []
    for axis in range(axes):
        values = {}
        for key, value in args.items():
            if isinstance(value, tuple):
                if len(value) != axes:
                    raise _bad(f"--{_OPTION[key]}", f"expected {axes} entries, got {value}")
                value = value[axis]
            values[key] = value
        try:
            function = transposed_output_size if transposed else conv_output_size
            per_axis.append(function(**values))
        except ValueError as error:
            raise _bad(_option_named_in(str(error)), error) from None
    general = (
        transposed_output_size("i", "k", "s", "p", "d", "a")
        if transposed
        else conv_output_size("i", "k", "s", "p", "d")
    )
    symbol = "o'" if transposed else "o"
    numeric = all(v.is_Integer for v in per_axis)
    if json_output:
        payload: dict[str, Any] = {
            "expr": str(per_axis[0]) if axes == 1 else str(tuple(per_axis)),
            "latex": sp.latex(per_axis[0]) if axes == 1 else [sp.latex(v) for v in per_axis],
            "formula": str(general),
            "formula_latex": sp.latex(general),
            "transposed": transposed,
        }
        if numeric:
            payload["shape"] = [int(v) for v in per_axis]
            if len(set(payload["shape"])) == 1:
                payload["value"] = float(payload["shape"][0])
        emit_json(payload)
        return
    if latex:
        typer.echo(f"{symbol} = {sp.latex(general)}")
        for value in per_axis:
            typer.echo(f"{symbol} = {sp.latex(value)}")
        return
    kind = (
        "transposed convolution (PyTorch's rule)" if transposed else "convolution (PyTorch's rule)"
    )
    typer.echo(f"Output size of a {kind}:")
    typer.echo(f"  {symbol} = {general}")
    for axis, value in enumerate(per_axis):
        label = f"axis {axis}: " if axes > 1 else ""
        typer.echo(f"  {label}{symbol} = {_substituted(args, axis, transposed)}{value}")


def _substituted(args: dict[str, Any], axis: int, transposed: bool) -> str:
    """The formula with this axis's numbers written in, or "" when some entry is a symbol.

    Examples
    --------
    >>> _substituted({"i": 5, "k": 3, "s": 2, "p": 1, "d": 1}, 0, False)
    'floor((5 + 2·1 − 1·(3 − 1) − 1)/2) + 1 = '
    """
    v = {key: (value[axis] if isinstance(value, tuple) else value) for key, value in args.items()}
    if not all(isinstance(x, int) for x in v.values()):
        return ""
    if transposed:
        return f"({v['i']} − 1)·{v['s']} − 2·{v['p']} + {v['d']}·({v['k']} − 1) + {v['a']} + 1 = "
    return f"floor(({v['i']} + 2·{v['p']} − {v['d']}·({v['k']} − 1) − 1)/{v['s']}) + 1 = "


_OPTION = {
    "i": "input",
    "k": "kernel",
    "s": "stride",
    "p": "padding",
    "d": "dilation",
    "a": "output-padding",
}


def run_receptive_field(
    *,
    kernel: str,
    stride: str,
    dilation: str,
    padding: str,
    layers: str | None,
    json_output: bool,
    latex: bool,
) -> None:
    """Receptive field of a stack of layers (lists per layer, or formulas in the index l)."""
    import sympy as sp

    from convmath.symbolic.receptive import receptive_field, stack_receptive_field

    def column(text: str, option: str) -> Any:
        value = text.strip()
        if re.fullmatch(r"\d+(\s*,\s*\d+)*", value):
            numbers = [int(v) for v in value.split(",")]
            return numbers if len(numbers) > 1 else numbers[0]
        return value

    columns = {
        "kernel": column(kernel, "--kernel"),
        "stride": column(stride, "--stride"),
        "dilation": column(dilation, "--dilation"),
        "padding": column(padding, "--padding"),
    }
    symbolic = any(isinstance(v, str) for v in columns.values()) or (
        layers is not None and not layers.strip().isdigit()
    )
    try:
        if symbolic:
            rf = stack_receptive_field(layers or "L", **columns)
            rows = None
        else:
            count = int(layers) if layers is not None else None
            rf = receptive_field(**columns, layers=count)
            lists = {
                k: v if isinstance(v, list) else [v] * int(rf.layers) for k, v in columns.items()
            }
            rows = []
            for depth in range(1, int(rf.layers) + 1):
                partial = receptive_field(**{k: v[:depth] for k, v in lists.items()})
                rows.append(
                    [
                        str(depth),
                        str(lists["kernel"][depth - 1]),
                        str(lists["stride"][depth - 1]),
                        str(lists["dilation"][depth - 1]),
                        str(partial.size),
                        str(partial.jump),
                    ]
                )
    except ValueError as error:
        raise _bad(_option_named_in(str(error)), error) from None
    if json_output:
        payload: dict[str, Any] = {
            "expr": str(rf.size),
            "latex": sp.latex(rf.size),
            "jump": str(rf.jump),
            "start": str(rf.start),
            "layers": str(rf.layers),
        }
        if rf.size.is_Integer:
            payload["value"] = float(rf.size)
        emit_json(payload)
        return
    if latex:
        typer.echo(f"r = {sp.latex(rf.size)}")
        return
    if rows is not None:
        typer.echo(
            grid_text(
                [["layer", "kernel", "stride", "dilation", "receptive field", "jump"]] + rows
            )
        )
    typer.echo(
        f"Receptive field r = {rf.size} input positions; jump (effective stride) "
        f"{rf.jump}; first position {rf.start}"
    )


def run_params(
    *,
    m: str | None,
    n: str | None,
    k: str | None,
    input_shape: str | None,
    out_channels: str | None,
    kernel: str | None,
    stride: str,
    padding: str,
    groups: int,
    bias: bool,
    json_output: bool,
    latex: bool,
) -> None:
    """Parameter counts: dense (m n) vs sparse interactions (k n) vs shared weights (k)."""
    import sympy as sp

    from convmath.symbolic.parameters import conv_parameter_counts, parameter_counts

    def value(text: str | None, default: str) -> Any:
        chosen = (text or default).strip()
        return int(chosen) if chosen.isdigit() else chosen

    try:
        if input_shape is not None:
            shape = tuple(value(v, "") for v in re.split(r"\s*[x×,]\s*", input_shape.strip()))
            if kernel is None:
                raise _bad("--kernel", "give the kernel shape, e.g. 3x3")
            kernel_shape = tuple(value(v, "") for v in re.split(r"\s*[x×,]\s*", kernel.strip()))
            counts = conv_parameter_counts(
                shape,
                value(out_channels, "C_out"),
                kernel_shape,
                stride=parse_int_tuple(stride, "--stride"),
                padding=parse_int_tuple(padding, "--padding"),
                groups=groups,
                bias=bias,
            )
            what = f"input {input_shape} -> {out_channels or 'C_out'} channels, kernel {kernel}"
        else:
            counts = parameter_counts(value(m, "m"), value(n, "n"), value(k, "k"), bias=bias)
            what = f"{m or 'm'} inputs -> {n or 'n'} outputs, {k or 'k'} connections per output"
    except typer.BadParameter:
        raise
    except ValueError as error:
        raise _bad(_option_named_in(str(error)) if input_shape else "--k", error) from None
    if json_output:
        payload: dict[str, Any] = {
            "expr": str(counts.shared),
            "latex": sp.latex(counts.shared),
            "dense": str(counts.dense),
            "local": str(counts.local),
            "shared": str(counts.shared),
        }
        if counts.shared.is_Integer:
            payload["value"] = float(counts.shared)
        emit_json(payload)
        return
    if latex:
        for label, count in counts.as_dict().items():
            typer.echo(f"{label}: {sp.latex(count)}")
        return
    typer.echo(f"Learnable parameters for {what}:")
    rows = [
        ["fully connected (every output sees every input)", str(counts.dense)],
        ["sparse interactions (each output sees k inputs)", str(counts.local)],
        ["convolution (sparse + shared kernel)", str(counts.shared)],
    ]
    typer.echo(grid_text(rows))
    if counts.dense.is_Integer and counts.shared.is_Integer and counts.shared:
        typer.echo(
            f"The convolution needs {float(counts.dense / counts.shared):,.0f}× fewer "
            "parameters than the fully connected layer."
        )
