"""The figures' parameters on the command line: one table, read by ``convmath figures``.

:data:`PARAMETERS` says, for every figure that shows a configuration or a signal, which
options it takes, which keyword of its ``draw`` function each one sets and how the text is
read. The defaults shown in ``convmath figures NAME --help`` (:mod:`._figure_help`) are the
figure's own (:attr:`~convmath.figures.registry.FigureSpec.defaults`), never repeated here.

Grids of numbers are given as ``--values 0,1;2,3`` (rows split by ``;``) or drawn at
random: ``--input 6x6 --seed 3`` (small integers, never all zero).

Examples
--------
>>> [p.option for p in PARAMETERS["matrix-form"]]
['--input', '--kernel']
>>> figure_params("pooling", {"--kernel": "3", "--stride": "1"})
{'size': 3, 'stride': 1}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from convmath.cli._app import bad_parameter, library_errors
from convmath.cli._inputs import (
    parse_clock,
    parse_int_tuple,
    parse_matrix,
    parse_number,
    parse_shape,
)

__all__ = [
    "FigureParameter",
    "PARAMETERS",
    "FIGURE_OPTIONS",
    "MATRIX_FORM_LIMIT",
    "figure_params",
    "error_options",
]

#: The largest input of ``matrix-form`` (cells per axis): its C has one column per input cell
#: and each ``x_ij`` label must stay readable at 7 pt.
MATRIX_FORM_LIMIT = 4
#: Largest grid a value figure draws (cells per axis) and largest scalar size.
_MAX_GRID = 12
_MAX_SIZE = 64


@dataclass(frozen=True)
class FigureParameter:
    """One option of one figure.

    Attributes
    ----------
    option : str
        ``"--input"``.
    metavar : str
        What the help shows after the option (``"HxW"``).
    help : str
        One sentence.
    keyword : str or None
        The ``draw`` keyword the option sets (None: ``--seed``, which feeds the grids).
    kind : str
        How the text is read: ``size`` (int >= 1), ``shape`` (``HxW``), ``grid`` (a grid's
        shape, values random), ``values`` (a grid's numbers), ``vector``, ``ints``,
        ``numbers``, ``expr``, ``clock``, ``seed``, ``meal``, ``emptying`` or ``case``.
    values_range : tuple of int
        For ``grid``: the random integers' range (inclusive).
    maximum, minimum : int
        For ``size``: the values the figure is drawn for (legible, meaningful); for ``grid``:
        the most cells per axis.
    """

    option: str
    metavar: str
    help: str
    keyword: str | None
    kind: str
    values_range: tuple[int, int] = (0, 9)
    maximum: int = _MAX_SIZE
    minimum: int = 1


def _grid(
    option: str, keyword: str, what: str, low: int, high: int, most: int = _MAX_GRID
) -> FigureParameter:
    return FigureParameter(
        option, "HxW", f"{what} size (random integers {low}..{high}, see --seed).", keyword,
        "grid", (low, high), maximum=most,
    )  # fmt: skip


def _values(option: str, keyword: str, what: str) -> FigureParameter:
    return FigureParameter(option, "ROWS", f"{what} values, e.g. 0,1;2,3.", keyword, "values")


_SEED = FigureParameter("--seed", "N", "Seed of the random values.", None, "seed")

#: Figure name -> its command-line parameters (figures absent here take none).
PARAMETERS: dict[str, tuple[FigureParameter, ...]] = {
    "integral": (
        FigureParameter("--f", "EXPR", "f(t), e.g. 'exp(-t)*Heaviside(t)'.", "f", "expr"),
        FigureParameter("--g", "EXPR", "g(t).", "g", "expr"),
        FigureParameter("--at", "T1,T2,T3,T4", "The four times t drawn.", "times", "numbers"),
    ),
    "stomach": (
        FigureParameter(
            "--meal", "TIME,GRAMS[,DURATION]", "A meal (repeat for several).", "meals", "meal"
        ),
        FigureParameter("--half-life", "HOURS", "Exponential emptying.", "emptying", "emptying"),
        FigureParameter("--linear", "HOURS", "Linear emptying instead.", "emptying", "emptying"),
        FigureParameter(
            "--remaining", "EXPR", "Any remaining fraction g(s) instead.", "emptying", "emptying"
        ),
        FigureParameter("--at", "TIME", "Time marked: 14:00 or 14.", "at", "clock"),
    ),
    "image-conv": (
        _grid("--input", "image", "Input", 0, 9),
        _values("--values", "image", "Input"),
        _grid("--kernel", "kernel", "Kernel", -1, 1, most=5),
        _values("--kernel-values", "kernel", "Kernel"),
        _SEED,
        FigureParameter(
            "--position", "ROW,COL", "Output cell worked out.", "position", "ints", minimum=0
        ),
    ),
    "box-blur": (
        FigureParameter("--kernel", "N", "Box size (N x N).", "size", "size", maximum=31),
    ),
    "sparse-interaction": (
        FigureParameter("--input", "M", "Inputs (and outputs).", "m", "size", maximum=12),
        FigureParameter("--kernel", "K", "Kernel width.", "k", "size", maximum=7),
    ),
    "parameter-sharing": (
        FigureParameter("--values", "NUMBERS", "The input signal.", "signal", "vector"),
        FigureParameter("--kernel-values", "NUMBERS", "The kernel.", "kernel", "vector"),
    ),
    "pooling": (
        _grid("--input", "grid", "Input", 0, 9, most=6),
        _values("--values", "grid", "Input"),
        _SEED,
        FigureParameter("--kernel", "N", "Window size (N x N).", "size", "size", maximum=6),
        FigureParameter("--stride", "N", "Stride.", "stride", "size"),
    ),
    "transposed-conv": (
        _grid("--input", "x", "Input", 0, 3, most=2),
        _values("--values", "x", "Input"),
        _grid("--kernel", "kernel", "Kernel", 0, 3, most=3),
        _values("--kernel-values", "kernel", "Kernel"),
        _SEED,
        FigureParameter("--stride", "N", "Stride.", "stride", "size", maximum=3),
    ),
    "matrix-form": (
        FigureParameter(
            "--input",
            "HxW",
            f"Input size, at most {MATRIX_FORM_LIMIT} per axis.",
            "input_shape",
            "shape",
        ),
        FigureParameter("--kernel", "HxW", "Kernel size.", "kernel_shape", "shape"),
    ),  # fmt: skip
    "dilated-conv": (
        FigureParameter("--kernel", "K", "Kernel size.", "kernel", "size", maximum=5),
        FigureParameter(
            "--dilation", "D1,D2,D3", "The three dilations.", "dilations", "ints", maximum=8
        ),
    ),
    "cnn-vs-fc": (
        FigureParameter(
            "--input", "N", "Image side (N x N).", "side", "size", maximum=1024, minimum=2
        ),
    ),
    "output-size": (
        FigureParameter("--input", "N", "Largest input size plotted.", "max_input", "size"),
        *(
            FigureParameter(option, "N", f"{what} of the one case drawn.", "cases", "case")
            for option, what in (
                ("--kernel", "Kernel"),
                ("--stride", "Stride"),
                ("--padding", "Padding"),
                ("--dilation", "Dilation (convolution)"),
                ("--output-padding", "Output padding (transposed)"),
            )
        ),
    ),
    "checkerboard": (
        FigureParameter("--input", "N", "Input size (N x N).", "size", "size", maximum=8),
        FigureParameter("--stride", "S", "Stride.", "stride", "size"),
        FigureParameter(
            "--kernel", "K1,K2", "The two kernel sizes compared.", "kernels", "ints", maximum=8
        ),
    ),
}

#: Every figure option, in a stable order, with the metavar of its first use.
FIGURE_OPTIONS: dict[str, str] = {}
for _parameters in PARAMETERS.values():
    for _p in _parameters:
        FIGURE_OPTIONS.setdefault(_p.option, _p.metavar)


def _int_list(text: str, option: str, count: int | None = None) -> tuple[int, ...]:
    values = parse_int_tuple(text, option)
    values = values if isinstance(values, tuple) else (values,)
    if count is not None and len(values) != count:
        raise bad_parameter(option, f"expected {count} ints separated by ',', got {text!r}")
    return values


def _size(text: str, option: str, maximum: int = _MAX_SIZE, minimum: int = 1) -> int:
    (value,) = _int_list(text, option, 1)
    if not minimum <= value <= maximum:
        raise bad_parameter(
            option, f"must be an int between {minimum} and {maximum}, got {text!r}"
        )
    return value


def _shape(text: str, option: str, ndim: int, most: int = _MAX_GRID) -> tuple[int, ...]:
    shape = parse_shape(text, option)
    if len(shape) != ndim:
        raise bad_parameter(
            option, f"expected {ndim} sizes like {'x'.join(['3'] * ndim)}, got {text!r}"
        )
    _check_extent(shape, option, most)
    return shape


def _check_extent(shape: tuple[int, ...], option: str, most: int) -> None:
    if max(shape) > most:
        size = "x".join(map(str, shape))
        raise bad_parameter(
            option, f"this figure stays legible up to {most} cells per axis, got {size}"
        )


def _expression(text: str, option: str) -> str:
    """`text` once the safe parser accepts it (the figure parses it again)."""
    from convmath.symbolic import parse

    with library_errors({}, fallback=option):
        parse(text)
    return text


def _read(parameter: FigureParameter, text: str, default: Any) -> Any:
    """One option's text as the value of its keyword (grids and cases: see below)."""
    option, kind = parameter.option, parameter.kind
    if kind == "size":
        return _size(text, option, parameter.maximum, parameter.minimum)
    if kind == "ints":
        values = _int_list(text, option, len(default))
        if not all(parameter.minimum <= v <= parameter.maximum for v in values):
            raise bad_parameter(
                option,
                f"each value must be between {parameter.minimum} and {parameter.maximum}, "
                f"got {text!r}",
            )
        return values
    if kind == "numbers":
        parts = text.split(",")
        if len(parts) != len(default):
            raise bad_parameter(
                option, f"expected {len(default)} numbers separated by ',', got {text!r}"
            )
        return tuple(float(parse_number(part, option)) for part in parts)
    if kind == "vector":
        (row,) = parse_matrix(text.replace(";", ","), option)
        return row
    if kind == "expr":
        return _expression(text, option)
    if kind == "clock":
        return parse_clock(text, option)
    if kind == "shape":
        return _shape(text, option, len(default))
    raise AssertionError(f"unread kind {kind!r}")  # pragma: no cover - the table's kinds


def _random_grid(
    rng: Any, shape: tuple[int, ...], low: int, high: int
) -> tuple[tuple[float, ...], ...]:
    """Random integers in ``[low, high]``, drawn again until not all zero."""
    while True:
        grid = rng.integers(low, high + 1, size=shape)
        if grid.any():
            return tuple(tuple(float(v) for v in row) for row in grid)


def _grids(
    parameters: tuple[FigureParameter, ...], texts: Mapping[str, Any], defaults: Mapping[str, Any]
) -> dict[str, Any]:
    """The grids of numbers: ``--values`` as given, else random for a shape or a seed."""
    import numpy as np

    from convmath._params import as_int

    seed_text = texts.get("--seed")
    seed = 0 if seed_text is None else as_int(_int_list(seed_text, "--seed", 1)[0], "seed")
    rng = np.random.default_rng(seed)
    grids: dict[str, Any] = {}
    for shape_option in (p for p in parameters if p.kind == "grid"):
        keyword = shape_option.keyword
        assert keyword is not None
        values_option = next(
            p.option for p in parameters if p.kind == "values" and p.keyword == keyword
        )
        shape_text, values_text = texts.get(shape_option.option), texts.get(values_option)
        most = shape_option.maximum
        shape = None if shape_text is None else _shape(shape_text, shape_option.option, 2, most)
        if values_text is not None:
            grids[keyword] = parse_matrix(values_text, values_option, shape)
            given = (len(grids[keyword]), len(grids[keyword][0]))
            if shape is not None and given != shape:
                raise bad_parameter(
                    values_option,
                    f"{given[0]}x{given[1]} values for {shape_option.option} {shape_text}",
                )
            _check_extent(given, values_option, most)
        elif shape is not None or seed_text is not None:
            default = np.shape(defaults[keyword])
            grids[keyword] = _random_grid(rng, shape or default, *shape_option.values_range)
    return grids


def _case(texts: Mapping[str, Any]) -> dict[str, Any]:
    """``output-size`` with one case from ``--kernel --stride --padding --dilation
    --output-padding`` (unset: 3, 1, 0, 1, 0)."""

    def read(option: str, default: int, minimum: int) -> int:
        text = texts.get(option)
        if text is None:
            return default
        (value,) = _int_list(text, option, 1)
        if not minimum <= value <= _MAX_SIZE:
            raise bad_parameter(option, f"must be between {minimum} and {_MAX_SIZE}, got {text!r}")
        return value

    k, s = read("--kernel", 3, 1), read("--stride", 1, 1)
    p, d, a = read("--padding", 0, 0), read("--dilation", 1, 1), read("--output-padding", 0, 0)
    if a >= s:
        raise bad_parameter("--output-padding", f"must be smaller than the stride {s}, got {a}")
    return {"conv_cases": ((k, s, p, d),), "transposed_cases": ((k, s, p, a),)}


def _stomach(texts: Mapping[str, Any]) -> dict[str, Any]:
    from convmath.cli._derive_stomach import _emptying, _meals

    params: dict[str, Any] = {}
    if texts.get("--meal"):
        params["meals"] = _meals(list(texts["--meal"]))
    emptying = [texts.get(o) for o in ("--half-life", "--linear", "--remaining")]
    if any(text is not None for text in emptying):
        params["emptying"] = _emptying(*emptying)
    return params


def figure_params(name: str, texts: Mapping[str, Any]) -> dict[str, Any]:
    """The ``draw`` keywords of figure `name` from the options given (text by option).

    An option the figure does not take is a bad value of that option (exit 2).
    """
    from convmath.figures.registry import get

    parameters = PARAMETERS.get(name, ())
    taken = {p.option: p for p in parameters}
    for option in texts:
        if option not in taken:
            takes = ", ".join(taken) if taken else "no parameters"
            raise bad_parameter(
                option, f"figure {name!r} takes {takes} (see convmath figures {name} --help)"
            )
    defaults = get(name).defaults
    params = _grids(parameters, texts, defaults)
    if name == "stomach":
        params.update(_stomach(texts))
    if any(taken[o].kind == "case" for o in texts):
        params.update(_case(texts))
    for option, text in texts.items():
        parameter = taken[option]
        if parameter.kind in ("size", "ints", "numbers", "vector", "expr", "clock", "shape"):
            assert parameter.keyword is not None
            params[parameter.keyword] = _read(parameter, text, defaults[parameter.keyword])
    if name == "image-conv" and "--position" not in texts and {"image", "kernel"} & set(params):
        params["position"] = _centre(
            params.get("image", defaults["image"]), params.get("kernel", defaults["kernel"])
        )
    _check_limits(name, params)
    return params


def _centre(image: Any, kernel: Any) -> tuple[int, int]:
    """The middle output cell of a valid convolution of `image` by `kernel`."""
    rows, cols = (len(image) - len(kernel) + 1, len(image[0]) - len(kernel[0]) + 1)
    return max(rows, 1) // 2, max(cols, 1) // 2


def _check_limits(name: str, params: Mapping[str, Any]) -> None:
    if name == "parameter-sharing" and "signal" in params:
        from convmath.figures.registry import get

        shift = get(name).defaults["shift"]
        if len(params["signal"]) <= shift:
            raise bad_parameter(
                "--values",
                f"the signal needs more than {shift} numbers (it is shifted by {shift})",
            )
    if name == "matrix-form" and max(params.get("input_shape", (0,))) > MATRIX_FORM_LIMIT:
        raise bad_parameter(
            "--input",
            f"matrix-form stays legible up to {MATRIX_FORM_LIMIT}x{MATRIX_FORM_LIMIT} inputs "
            f"(C has one column per input cell); got {'x'.join(map(str, params['input_shape']))}",
        )


def error_options(name: str, texts: Mapping[str, Any]) -> dict[str, str]:
    """Library argument name -> the option of figure `name` it came from (given ones first).

    Examples
    --------
    >>> error_options("image-conv", {"--kernel-values": "1,0;0,1"})["kernel"]
    '--kernel-values'
    """
    from convmath.cli._options import CONVOLUTION_OPTIONS

    options = {
        keyword: option
        for keyword, option in CONVOLUTION_OPTIONS.items()
        if option in texts or keyword == "kernel_shape"
    }
    for parameter in sorted(PARAMETERS.get(name, ()), key=lambda p: p.option not in texts):
        if parameter.keyword is not None:
            options.setdefault(parameter.keyword, parameter.option)
    return options
