"""``convmath figures NAME --help``: each parameter of a figure with the figure's default.

The parameters are :data:`convmath.cli._figure_params.PARAMETERS`; the defaults are read
from the registry's :attr:`~convmath.figures.registry.FigureSpec.defaults` and written as
the option would take them.

Examples
--------
>>> figure_help("box-blur")
[('--kernel N', 'Box size (N x N). At most 31.  [default: 3]')]
"""

from __future__ import annotations

from typing import Any

from convmath.cli._figure_params import _MAX_SIZE, PARAMETERS, FigureParameter

__all__ = ["default_text", "figure_help"]

_CASE_DEFAULTS = {
    "--kernel": 3,
    "--stride": 1,
    "--padding": 0,
    "--dilation": 1,
    "--output-padding": 0,
}


def _number_text(value: Any) -> str:
    return f"{float(value):g}"


def _rows_text(grid: Any) -> str:
    return ";".join(",".join(_number_text(v) for v in row) for row in grid)


def default_text(name: str, parameter: FigureParameter) -> str:
    """What figure `name` draws when `parameter` is not given, as the option would say it.

    Examples
    --------
    >>> grid, values = PARAMETERS["pooling"][:2]
    >>> default_text("pooling", grid), default_text("pooling", values)
    ('4x4', '1,1,2,4;5,6,7,8;3,2,1,0;1,2,3,4')
    """
    from convmath.figures.registry import get

    kind = parameter.kind
    if kind == "seed":
        return "none: the values above"
    if kind == "case":
        cases = len(get(name).defaults["conv_cases"])
        return f"{_CASE_DEFAULTS[parameter.option]} (none of these given: {cases} preset cases)"
    if kind in ("meal", "emptying"):
        return _stomach_default(parameter.option)
    assert parameter.keyword is not None
    default = get(name).defaults[parameter.keyword]
    if kind == "grid":
        return "x".join(str(len(axis)) for axis in (default, default[0]))
    if kind == "values":
        return _rows_text(default)
    if kind in ("ints", "numbers", "vector", "shape"):
        return ("x" if kind == "shape" else ",").join(_number_text(v) for v in default)
    if kind == "clock":
        hours, minutes = divmod(round(float(default) * 60), 60)
        return f"{hours}:{minutes:02d}"
    return str(default)


def _stomach_default(option: str) -> str:
    from convmath.symbolic import stomach

    if option == "--meal":
        return " and ".join(
            f"{stomach.format_clock(m.time)},{_number_text(m.grams)},{_number_text(m.duration * 60)}m"
            for m in stomach.DEFAULT_MEALS
        )
    if option == "--half-life":
        return _number_text(stomach.DEFAULT_EMPTYING.half_life)
    return "none"


def figure_help(name: str) -> list[tuple[str, str]]:
    """``(option METAVAR, help [default: ...])`` for each parameter of figure `name`."""
    return [
        (
            f"{p.option} {p.metavar}",
            f"{p.help}{_limit_text(p)}  [default: {default_text(name, p)}]",
        )
        for p in PARAMETERS.get(name, ())
    ]


def _limit_text(parameter: FigureParameter) -> str:
    if parameter.kind in ("size", "ints") and parameter.maximum != _MAX_SIZE:
        low = f" At least {parameter.minimum}." if parameter.minimum > 1 else ""
        return f"{low} At most {parameter.maximum}."
    if parameter.kind == "grid":
        return f" At most {parameter.maximum} per axis."
    return ""
