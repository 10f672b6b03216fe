"""``convmath derive receptive-field``: the receptive field of a stack of layers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, library_errors
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
# A listed stack prints a row per depth, each an exact sum over the layers below it; deeper
# stacks (ResNet-152 has 152 layers) are better asked for as a formula in L.
MAX_LISTED_LAYERS = 256


def _per_layer(help: str, default: int) -> Any:
    return typer.Option(help=shown_default(help, default))


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
        str | None, typer.Option(help="Number of layers (a name such as L for a formula).")
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
    if not symbolic and layers is not None and not 1 <= int(layers) <= MAX_LISTED_LAYERS:
        raise bad_parameter(
            "--layers",
            f"must be between 1 and {MAX_LISTED_LAYERS} (or a name such as L for the formula), "
            f"got {layers.strip()!r}",
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
        return _Stack(stack_receptive_field(layers or "L", **columns), rows=None)


def _listed(columns: dict[str, Any], layers: str | None) -> _Stack:
    """Layers listed one by one: the field of the whole stack and of each first few layers."""
    from convmath.symbolic.receptive import receptive_field, stack_receptive_field

    # receptive_field needs a kernel: take the one a stack has by default
    columns.setdefault("kernel", library_default(stack_receptive_field, "kernel"))
    with library_errors(OPTIONS):
        rf = receptive_field(**columns, layers=None if layers is None else int(layers))
        count = int(rf.layers)
        lists = {
            name: _repeated(columns.get(name, library_default(receptive_field, name)), count)
            for name in _COLUMNS
        }
        rows = []
        for depth in range(1, count + 1):
            first = {name: lists[name][:depth] for name in _COLUMNS}
            partial = receptive_field(
                first["kernel"], first["stride"], first["dilation"], first["padding"]
            )
            layer = [str(lists[name][depth - 1]) for name in ("kernel", "stride", "dilation")]
            rows.append([str(depth), *layer, str(partial.size), str(partial.jump)])
    return _Stack(rf, rows)


def _repeated(value: int | list[int], count: int) -> list[int]:
    return value if isinstance(value, list) else [value] * count
