"""``convmath derive shape``: the output-size formula, symbolic or evaluated per axis."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._inputs import parse_int_tuple, parse_size_or_name
from convmath.cli._options import CONVOLUTION_OPTIONS, JsonOption, LatexOption, library_default
from convmath.cli._render import emit_json, grid_text

__all__ = ["command", "OPTIONS"]

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

#: The size formulas' arguments (``symbolic.sizes``: i, k, s, p, d, a) as options.
_KEYS = {
    "i": "--input",
    "k": "--kernel",
    "s": "--stride",
    "p": "--padding",
    "d": "--dilation",
    "a": "--output-padding",
}
#: Every argument name a library error of this command can carry: the formulas' own and
#: those of ``numeric.shapes``, which checks the numbers.
OPTIONS = {**_KEYS, **CONVOLUTION_OPTIONS}


def _size_option(help: str, *names: str) -> Any:
    return typer.Option(*names, metavar="N|NAME", help=help)


@dataclass(frozen=True)
class _Sizes:
    """The general formula and its value on each axis, from the arguments given per key."""

    general: Any
    per_axis: list[Any]
    args: dict[str, Any]
    transposed: bool

    @property
    def symbol(self) -> str:
        return "o'" if self.transposed else "o"


def command(
    input_size: Annotated[str | None, _size_option("Input size (or sizes).", "--input")] = None,
    kernel: Annotated[str | None, _size_option("Kernel size.")] = None,
    stride: Annotated[str | None, _size_option("Stride.")] = None,
    padding: Annotated[str | None, _size_option("Padding.")] = None,
    dilation: Annotated[str | None, _size_option("Dilation.")] = None,
    transposed: Annotated[
        bool, typer.Option("--transposed", help="Output size of the transposed convolution.")
    ] = False,
    output_padding: Annotated[
        str | None, _size_option("Output padding (with --transposed).")
    ] = None,
    relationships: Annotated[
        bool, typer.Option("--relationships", help="List Dumoulin & Visin's relationships.")
    ] = False,
    json_output: JsonOption = False,
    latex: LatexOption = False,
) -> None:
    """Output size: o = floor((i + 2p - d(k-1) - 1)/s) + 1, symbolic or evaluated.

    Each of --input --kernel --stride --padding --dilation --output-padding takes a number
    (or numbers per axis, 5,7) or a name that stays a symbol. Omitted: the input and kernel
    sizes stay symbols i and k; stride 1, padding 0, dilation 1, output padding 0.
    """
    if relationships:
        _print_relationships(json_output)
        return
    if not transposed and output_padding is not None:
        raise bad_parameter("--output-padding", "output padding applies only with --transposed")
    texts = {"i": input_size, "k": kernel, "s": stride, "p": padding, "d": dilation}
    if transposed:
        texts["a"] = output_padding
    sizes = _evaluate(_parse(texts), transposed)
    if json_output:
        emit_json(_payload(sizes))
    elif latex:
        for value in [sizes.general, *sizes.per_axis]:
            typer.echo(f"{sizes.symbol} = {_latex(value)}")
    else:
        _print_text(sizes)


def _parse(texts: dict[str, str | None]) -> dict[str, Any]:
    """Each given option as a number, numbers per axis, or a symbol name (left as text)."""
    args = {}
    for key, text in texts.items():
        if text is not None:
            value = text.strip()
            args[key] = (
                parse_size_or_name(value, _KEYS[key], minimum=0)
                if _IDENTIFIER.match(value)
                else parse_int_tuple(value, _KEYS[key])
            )
    return args


def _evaluate(args: dict[str, Any], transposed: bool) -> _Sizes:
    """The formula of ``symbolic.sizes`` on each axis; the library fills in omitted keys."""
    from convmath.symbolic.sizes import conv_output_size, transposed_output_size

    function = transposed_output_size if transposed else conv_output_size
    # the input's sizes set the number of axes; without them, the longest list does
    sizes = args.get("i")
    axes = (
        len(sizes)
        if isinstance(sizes, tuple)
        else max((len(v) for v in args.values() if isinstance(v, tuple)), default=1)
    )
    for key, value in args.items():
        if isinstance(value, tuple) and len(value) != axes:
            typed = ",".join(map(str, value))
            raise bad_parameter(_KEYS[key], f"expected {axes} entries (one per axis), got {typed}")
    with library_errors(OPTIONS):
        per_axis = [function(**_on_axis(args, axis)) for axis in range(axes)]
    general = function(*(key for key in _KEYS if key != "a" or transposed))
    defaults = {key: library_default(function, key) for key in _KEYS if key != "a" or transposed}
    return _Sizes(general, per_axis, {**defaults, **args}, transposed)


def _on_axis(args: dict[str, Any], axis: int) -> dict[str, Any]:
    return {key: value[axis] if isinstance(value, tuple) else value for key, value in args.items()}


def _latex(value: Any) -> str:
    import sympy as sp

    return sp.latex(value)


def _payload(sizes: _Sizes) -> dict[str, Any]:
    values = sizes.per_axis
    one = len(values) == 1
    payload: dict[str, Any] = {
        "expr": str(values[0]) if one else str(tuple(values)),
        "latex": _latex(values[0]) if one else [_latex(v) for v in values],
        "formula": str(sizes.general),
        "formula_latex": _latex(sizes.general),
        "transposed": sizes.transposed,
    }
    if all(v.is_Integer for v in values):
        payload["shape"] = [int(v) for v in values]
        if len(set(payload["shape"])) == 1:
            payload["value"] = float(payload["shape"][0])
    return payload


def _print_text(sizes: _Sizes) -> None:
    kind = "transposed convolution" if sizes.transposed else "convolution"
    typer.echo(f"Output size of a {kind} (PyTorch's rule):")
    typer.echo(f"  {sizes.symbol} = {sizes.general}")
    several = len(sizes.per_axis) > 1
    for axis, value in enumerate(sizes.per_axis):
        label = f"axis {axis}: " if several else ""
        numbers = _substituted(_on_axis(sizes.args, axis), sizes.transposed)
        typer.echo(f"  {label}{sizes.symbol} = {numbers}{value}")


def _substituted(v: dict[str, Any], transposed: bool) -> str:
    """The formula with this axis's numbers written in, or "" when some entry is a symbol.

    Examples
    --------
    >>> _substituted({"i": 5, "k": 3, "s": 2, "p": 1, "d": 1}, False)
    'floor((5 + 2·1 − 1·(3 − 1) − 1)/2) + 1 = '
    """
    if not all(isinstance(x, int) for x in v.values()):
        return ""
    if transposed:
        return f"({v['i']} − 1)·{v['s']} − 2·{v['p']} + {v['d']}·({v['k']} − 1) + {v['a']} + 1 = "
    return f"floor(({v['i']} + 2·{v['p']} − {v['d']}·({v['k']} − 1) − 1)/{v['s']}) + 1 = "


def _print_relationships(json_output: bool) -> None:
    """Dumoulin & Visin's relationships: a table, or one JSON object."""
    from convmath.symbolic.sizes import RELATIONSHIPS

    if not json_output:
        rows = [
            [r.id, r.name, r.conditions, f"{r.formula.lhs} = {r.formula.rhs}"]
            for r in RELATIONSHIPS
        ]
        header = ["id", "relationship", "conditions", "formula"]
        typer.echo(grid_text([header, *rows], left=True, gap="  "))
        return
    emit_json(
        {
            "expr": str([str(r.formula) for r in RELATIONSHIPS]),
            "latex": [_latex(r.formula) for r in RELATIONSHIPS],
            "relationships": [
                {
                    "id": r.id,
                    "name": r.name,
                    "conditions": r.conditions,
                    "formula": str(r.formula),
                    "latex": _latex(r.formula),
                }
                for r in RELATIONSHIPS
            ],
        }
    )
