"""Parsers for the small text formats typed on the command line.

Each raises ``typer.BadParameter`` naming the option, so the user sees one clean line.

Examples
--------
>>> parse_clock("14:00", "--at"), parse_clock("7.5", "--at")
(Fraction(14, 1), Fraction(15, 2))
>>> parse_duration("30m", "--meal"), parse_duration("1.5h", "--meal"), parse_duration("0", "--meal")
(Fraction(1, 2), Fraction(3, 2), Fraction(0, 1))
>>> parse_shape("4x4", "--input")
(4, 4)
>>> parse_int_tuple("2", "--stride"), parse_int_tuple("1,2", "--stride")
(2, (1, 2))
"""

from __future__ import annotations

import re
from fractions import Fraction

import typer

from convmath.cli._app import bad_parameter

__all__ = [
    "parse_clock",
    "parse_duration",
    "parse_meal",
    "parse_shape",
    "parse_size_or_name",
    "parse_int_tuple",
    "parse_per_axis",
    "parse_number",
    "parse_matrix",
]

#: Largest entry a shape or a hyper-parameter may have on the command line: a guard against
#: absurd numbers in typed text (the library's own limits apply to what passes it).
_MAX_SHAPE_ENTRY = 10**6


def parse_number(text: str, option: str) -> Fraction:
    """An exact decimal number (``2``, ``0.5``, ``1e-3``)."""
    cleaned = text.strip()
    if len(cleaned) > 40 or not re.fullmatch(
        r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?", cleaned
    ):
        raise bad_parameter(option, f"expected a number, got {text!r}")
    return Fraction(cleaned)


#: A whole number as typed: ASCII digits, few enough to be read (``int`` refuses 4300+).
_WHOLE = re.compile(r"[0-9]{1,12}")
#: A name a size may have (it stays a symbol), and names that read as numbers, not sizes.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
_NOT_NAMES = frozenset({"nan", "inf", "infinity", "oo", "zoo", "e", "i", "pi"})


def parse_size_or_name(text: str, option: str, *, minimum: int = 1) -> int | str:
    """A size: a whole number from `minimum` to 10^6, or a name that stays a symbol.

    Examples
    --------
    >>> parse_size_or_name("32", "--m"), parse_size_or_name(" C_in ", "--m")
    (32, 'C_in')
    >>> try:
    ...     parse_size_or_name("nan", "--m")
    ... except typer.BadParameter as error:
    ...     print(error.message)
    expected a whole number from 1 to 1000000 or a name such as n (a letter, then letters, digits or _, at most 32), got 'nan'
    """
    cleaned = text.strip()
    if _WHOLE.fullmatch(cleaned):
        value = int(cleaned)
        if minimum <= value <= _MAX_SHAPE_ENTRY:
            return value
    elif _NAME.fullmatch(cleaned) and cleaned.lower() not in _NOT_NAMES:
        return cleaned
    raise bad_parameter(
        option,
        f"expected a whole number from {minimum} to {_MAX_SHAPE_ENTRY} or a name such as n "
        f"(a letter, then letters, digits or _, at most 32), got {text!r}",
    )


def parse_clock(text: str, option: str) -> Fraction:
    """A time of day in hours after midnight: ``14:00``, ``7:30``, ``14`` or ``7.5``."""
    cleaned = text.strip()
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", cleaned)
    if match:
        hours, minutes = int(match[1]), int(match[2])
        if minutes >= 60:
            raise bad_parameter(option, f"minutes must be 00-59 in {text!r}")
        value = Fraction(hours) + Fraction(minutes, 60)
    else:
        try:
            value = parse_number(cleaned, option)
        except typer.BadParameter:
            raise bad_parameter(
                option, f"expected a time like 14:00 or 14 (hours), got {text!r}"
            ) from None
    if not 0 <= value <= 48:
        raise bad_parameter(option, f"time must be between 00:00 and 48:00, got {text!r}")
    return value


# An emptying time scale outside these hours is not a stomach, and below a few minutes the
# exact powers of 2 in the result grow to hundreds of digits.
EMPTYING_HOURS = (Fraction(1, 20), Fraction(1000))


def parse_emptying_hours(text: str, option: str) -> Fraction:
    """A half-life or emptying time in hours, within :data:`EMPTYING_HOURS`, echoed as typed."""
    value = parse_number(text, option)
    low, high = EMPTYING_HOURS
    if not low <= value <= high:
        raise bad_parameter(
            option, f"must be between {float(low):g} and {float(high):g} hours, got {text!r}"
        )
    return value


#: What one meal may weigh, and last when not eaten at once (hours): a guard against typed
#: numbers whose exact digits would fill the screen.
MEAL_GRAMS = (Fraction(1, 1000), Fraction(100_000))
MEAL_HOURS = (Fraction(1, 1000), Fraction(24))


def parse_duration(text: str, option: str) -> Fraction:
    """A duration in hours: ``30m`` / ``30min`` (minutes), ``0.5h``, ``0:30``; bare = minutes."""
    cleaned = text.strip().lower()
    match = re.fullmatch(r"(\d+):(\d{2})", cleaned)
    if match:
        return Fraction(int(match[1])) + Fraction(int(match[2]), 60)
    unit = re.fullmatch(r"([0-9.eE+-]+)\s*(m|min|h|hours?)?", cleaned)
    if not unit:
        raise bad_parameter(option, f"expected a duration like 30m, 0.5h or 0:30, got {text!r}")
    amount = parse_number(unit[1], option)
    if amount < 0:
        raise bad_parameter(option, f"duration must be >= 0, got {text!r}")
    return amount if unit[2] and unit[2].startswith("h") else amount / 60


def parse_meal(text: str, option: str = "--meal") -> tuple[Fraction, Fraction, Fraction | None]:
    """``TIME,GRAMS[,DURATION]`` -> (hours, grams, duration in hours or None if not given).

    A meal without a duration takes :class:`~convmath.symbolic.stomach.Meal`'s default.

    Examples
    --------
    >>> parse_meal("7:00,300,30m")
    (Fraction(7, 1), Fraction(300, 1), Fraction(1, 2))
    >>> parse_meal("19:00,650,0")
    (Fraction(19, 1), Fraction(650, 1), Fraction(0, 1))
    >>> parse_meal("12:00,500")
    (Fraction(12, 1), Fraction(500, 1), None)
    """
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (2, 3):
        raise bad_parameter(
            option, f"expected TIME,GRAMS[,DURATION] like 7:00,300,30m, got {text!r}"
        )
    time = parse_clock(parts[0], option)
    grams = parse_number(parts[1], option)
    low, high = MEAL_GRAMS
    if not low <= grams <= high:
        raise bad_parameter(
            option, f"grams must be between {float(low):g} and {float(high):g}, got {parts[1]!r}"
        )
    duration = parse_duration(parts[2], option) if len(parts) == 3 else None
    shortest, longest = MEAL_HOURS
    if duration is not None and duration != 0 and not shortest <= duration <= longest:
        raise bad_parameter(
            option,
            f"a meal lasts 0 (eaten at once) or {float(shortest * 3600):g} s to "
            f"{float(longest):g} h, got {parts[2]!r}",
        )
    return time, grams, duration


def parse_shape(text: str, option: str) -> tuple[int, ...]:
    """``4x4``, ``5``, ``3x8x8`` -> a tuple of positive ints."""
    parts = re.split(r"\s*[x×,]\s*", text.strip().lower())
    if not parts or not all(_WHOLE.fullmatch(p) for p in parts):
        raise bad_parameter(
            option, f"expected a shape like 4x4 (positive ints joined by 'x'), got {text!r}"
        )
    shape = tuple(int(p) for p in parts)
    if any(n < 1 or n > _MAX_SHAPE_ENTRY for n in shape):
        raise bad_parameter(
            option, f"shape entries must be between 1 and {_MAX_SHAPE_ENTRY}, got {text!r}"
        )
    return shape


def parse_int_tuple(text: str, option: str) -> int | tuple[int, ...]:
    """``2`` -> 2 and ``1,2`` (or ``1x2``) -> (1, 2): non-negative ints."""
    parts = re.split(r"\s*[x×,]\s*", text.strip().lower())
    if not all(_WHOLE.fullmatch(p) for p in parts):
        raise bad_parameter(option, f"expected an int or ints separated by ',', got {text!r}")
    values = tuple(int(p) for p in parts)
    if any(v > _MAX_SHAPE_ENTRY for v in values):
        raise bad_parameter(option, f"values must be at most {_MAX_SHAPE_ENTRY}, got {text!r}")
    return values[0] if len(values) == 1 else values


def parse_per_axis(**texts: str | None) -> dict[str, int | tuple[int, ...]]:
    """The hyper-parameters given, each read by :func:`parse_int_tuple`; None is left out.

    Errors name the option ``--`` + the keyword with dashes (``output_padding`` ->
    ``--output-padding``).

    Examples
    --------
    >>> parse_per_axis(stride="2", padding=None, output_padding="0,1")
    {'stride': 2, 'output_padding': (0, 1)}
    """
    return {
        name: parse_int_tuple(text, "--" + name.replace("_", "-"))
        for name, text in texts.items()
        if text is not None
    }


#: Most entries a matrix typed on the command line may have.
_MAX_MATRIX_ENTRIES = 10_000


def parse_matrix(
    text: str, option: str, shape: tuple[int, ...] | None = None
) -> tuple[tuple[float, ...], ...]:
    """Numbers as rows: ``0,1;2,3`` or ``[[0,1],[2,3]]``; a flat ``0,1,2,3`` takes `shape`.

    Every row must have the same length; a flat list needs `shape` (rows x columns, C order)
    and exactly that many numbers. A 1-D `shape` gives one row.

    Examples
    --------
    >>> parse_matrix("0,1;2,3", "--values")
    ((0.0, 1.0), (2.0, 3.0))
    >>> parse_matrix("[[0, 1], [2, 3]]", "--values")
    ((0.0, 1.0), (2.0, 3.0))
    >>> parse_matrix("1,2,3,4,5,6", "--values", shape=(2, 3))
    ((1.0, 2.0, 3.0), (4.0, 5.0, 6.0))
    """
    cleaned = text.strip()
    nested = cleaned.startswith("[")
    body = cleaned.replace(" ", "")
    if nested:
        if not re.fullmatch(r"\[(\[[^\[\]]*\],?)+\]|\[[^\[\]]*\]", body):
            raise bad_parameter(option, f"expected rows like [[0,1],[2,3]], got {text!r}")
        body = re.sub(r"\],?\[", ";", body).strip("[]")
    rows = body.split(";")
    if any(not row for row in rows):
        raise bad_parameter(
            option, f"expected numbers like 0,1;2,3 (';' between rows), got {text!r}"
        )
    numbers = [[float(parse_number(part, option)) for part in row.split(",")] for row in rows]
    if sum(map(len, numbers)) > _MAX_MATRIX_ENTRIES:
        raise bad_parameter(option, f"at most {_MAX_MATRIX_ENTRIES} numbers, got more in {text!r}")
    if len(numbers) == 1 and shape is not None:
        return _reshaped(numbers[0], shape, option)
    if len({len(row) for row in numbers}) != 1:
        raise bad_parameter(option, f"every row needs the same number of entries, got {text!r}")
    return tuple(tuple(row) for row in numbers)


def _reshaped(
    flat: list[float], shape: tuple[int, ...], option: str
) -> tuple[tuple[float, ...], ...]:
    rows, cols = (1, shape[0]) if len(shape) == 1 else shape[:2]
    if len(shape) > 2 or len(flat) != rows * cols:
        size = "x".join(map(str, shape))
        raise bad_parameter(
            option, f"shape {size} needs {rows * cols} numbers (C order), got {len(flat)}"
        )
    return tuple(tuple(flat[r * cols : (r + 1) * cols]) for r in range(rows))
