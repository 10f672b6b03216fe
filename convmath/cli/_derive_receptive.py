"""``convmath derive receptive-field``: the receptive field of a stack of layers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from convmath.cli._app import library_errors
from convmath.cli._options import (
    JsonOption,
    LatexOption,
    given,
    library_default,
    shown_default,
)
from convmath.cli._render import emit_json, expr_payload, grid_text

__all__ = ["command", "OPTIONS"]

#: The arguments of ``symbolic.receptive`` as this command's options.
OPTIONS = {
    "kernel": "--kernel",
    "stride": "--stride",
    "dilation": "--dilation",
    "padding": "--padding",
    "layers": "--layers",
}
_COLUMNS = ("kernel", "stride", "dilation", "padding")
#: Longest stack whose layers are tabulated one by one (the output stays a screenful).
_MAX_TABLE_ROWS = 32


def _per_layer(help: str, default: int) -> Any:
    return typer.Option(metavar="N[,N...]|FORMULA", help=shown_default(help, default))


@dataclass(frozen=True)
class _Stack:
    """The receptive field, and for listed layers a table row per depth (else None)."""

    field: Any
    rows: list[list[str]] | None


def command(
    kernel: Annotated[
        str | None, _per_layer("Kernel per layer: 3,3,3 or a formula in l.", 3)
    ] = None,
    stride: Annotated[str | None, _per_layer("Stride per layer.", 1)] = None,
    dilation: Annotated[
        str | None, _per_layer("Dilation per layer, e.g. 1,2,4,8 or 2^l.", 1)
    ] = None,
    padding: Annotated[str | None, _per_layer("Padding per layer.", 0)] = None,
    layers: Annotated[
        str | None,
        typer.Option(
            metavar="N|NAME",
            help="Number of layers, 1 to 1000 (a name such as L for a formula).",
        ),
    ] = None,
    json_output: JsonOption = False,
    latex: LatexOption = False,
) -> None:
    """Receptive field of a stack of layers: r_l = r_(l-1) + d_l (k_l - 1) j_(l-1)."""
    columns = {
        name: _column(text)
        for name, text in given(
            kernel=kernel, stride=stride, dilation=dilation, padding=padding
        ).items()
    }
    symbolic = any(isinstance(v, str) for v in columns.values()) or (
        layers is not None and not layers.strip().isdigit()
    )
    stack = _symbolic(columns, layers) if symbolic else _listed(columns, layers)
    rf = stack.field
    if json_output:
        emit_json(
            expr_payload(rf.size, jump=str(rf.jump), start=str(rf.start), layers=str(rf.layers))
        )
    elif latex:
        import sympy as sp

        typer.echo(f"r = {sp.latex(rf.size)}")
    else:
        if stack.rows is not None:
            header = ["layer", "kernel", "stride", "dilation", "receptive field", "jump"]
            typer.echo(grid_text([header, *stack.rows]))
        typer.echo(
            f"Receptive field r = {rf.size} input positions; jump (effective stride) "
            f"{rf.jump}; first position {rf.start}"
        )


def _column(text: str) -> int | list[int] | str:
    """``3`` -> 3, ``1,2,4`` -> [1, 2, 4]; anything else is a formula in l, left as text."""
    value = text.strip()
    if re.fullmatch(r"\d+(\s*,\s*\d+)*", value):
        numbers = [int(v) for v in value.split(",")]
        return numbers if len(numbers) > 1 else numbers[0]
    return value


def _symbolic(columns: dict[str, Any], layers: str | None) -> _Stack:
    """A stack of L layers (or `layers`) whose parameters are formulas in the index l."""
    from convmath.symbolic.receptive import stack_receptive_field

    with library_errors(OPTIONS):
        count: str | int = layers or "L"
        if isinstance(count, str) and count.strip().isdigit():
            count = int(count)
        return _Stack(stack_receptive_field(count, **columns), rows=None)


def _listed(columns: dict[str, Any], layers: str | None) -> _Stack:
    """Layers listed one by one: the field of the whole stack and, for a short stack, of
    each first few layers (one pass over the layers)."""
    from convmath.symbolic.receptive import receptive_fields_by_depth, stack_receptive_field

    # receptive_fields_by_depth needs a kernel: take the one a stack has by default
    columns.setdefault("kernel", library_default(stack_receptive_field, "kernel"))
    with library_errors(OPTIONS):
        fields = receptive_fields_by_depth(
            **columns, layers=None if layers is None else int(layers)
        )
    if len(fields) > _MAX_TABLE_ROWS:
        return _Stack(fields[-1], rows=None)
    lists = {
        name: _repeated(
            columns.get(name, library_default(receptive_fields_by_depth, name)), len(fields)
        )
        for name in _COLUMNS
    }
    rows = [
        [
            str(depth),
            *(str(lists[name][depth - 1]) for name in ("kernel", "stride", "dilation")),
            str(rf.size),
            str(rf.jump),
        ]
        for depth, rf in enumerate(fields, 1)
    ]
    return _Stack(fields[-1], rows)


def _repeated(value: int | list[int], count: int) -> list[int]:
    return value if isinstance(value, list) else [value] * count
