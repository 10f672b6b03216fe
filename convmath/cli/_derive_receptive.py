"""``convmath derive receptive-field``: the receptive field of a stack of layers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._inputs import parse_int_tuple, parse_size_or_name
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
        name: _column(text, OPTIONS[name])
        for name, text in given(
            kernel=kernel, stride=stride, dilation=dilation, padding=padding
        ).items()
    }
    count = None if layers is None else parse_size_or_name(layers, "--layers", minimum=0)
    symbolic = any(isinstance(v, str) for v in columns.values())
    if symbolic or isinstance(count, str):
        stack = _symbolic(columns, count)
    else:
        stack = _listed(columns, count)
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


#: Longest per-layer formula (``2^l``, ``3 + 2*l``): longer text is no layer parameter.
_MAX_FORMULA_CHARS = 100


def _column(text: str, option: str) -> int | list[int] | str:
    """``3`` -> 3, ``1,2,4`` -> [1, 2, 4]; a formula in l (with letters) is left as text."""
    value = text.strip()
    if re.fullmatch(r"[0-9]+(\s*,\s*[0-9]+)*", value):
        numbers = parse_int_tuple(value, option)
        return list(numbers) if isinstance(numbers, tuple) else numbers
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"[0-9.]+[eE][+-]?[0-9]+", "", value))
    for word in words:
        if len(word) > 32 or word.lower() in ("nan", "inf", "infinity", "oo", "zoo"):
            raise bad_parameter(
                option, f"{word[:32]!r} is no name a layer parameter can have, in {value[:40]!r}"
            )
    if not words:
        raise bad_parameter(
            option,
            f"expected whole numbers (e.g. 3 or 3,3,5) or a formula in the layer index l "
            f"(e.g. 2^l), got {text!r}",
        )
    if len(value) > _MAX_FORMULA_CHARS:
        raise bad_parameter(
            option, f"a formula has at most {_MAX_FORMULA_CHARS} characters; got {len(value)}"
        )
    return value


def _symbolic(columns: dict[str, Any], layers: int | str | None) -> _Stack:
    """A stack of L layers (or `layers`) whose parameters are formulas in the index l."""
    from convmath.symbolic.receptive import stack_receptive_field

    with library_errors(OPTIONS):
        count = "L" if layers is None else layers
        return _Stack(stack_receptive_field(count, **columns), rows=None)


def _listed(columns: dict[str, Any], layers: int | None) -> _Stack:
    """Layers listed one by one: the field of the whole stack and, for a short stack, of
    each first few layers (one pass over the layers)."""
    from convmath.symbolic.receptive import receptive_fields_by_depth, stack_receptive_field

    # receptive_fields_by_depth needs a kernel: take the one a stack has by default
    columns.setdefault("kernel", library_default(stack_receptive_field, "kernel"))
    with library_errors(OPTIONS):
        fields = receptive_fields_by_depth(**columns, layers=layers)
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
