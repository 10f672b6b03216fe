"""Tests of the command line's small text formats (convmath.cli._inputs)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import typer

from convmath.cli._inputs import (
    parse_clock,
    parse_duration,
    parse_int_tuple,
    parse_meal,
    parse_number,
    parse_shape,
)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("14:00", 14),
        ("7:30", Fraction(15, 2)),
        ("14", 14),
        ("7.25", Fraction(29, 4)),
        ("0:05", Fraction(1, 12)),
    ],
)
def test_clock(text, hours):
    assert parse_clock(text, "--at") == hours


@pytest.mark.parametrize("text", ["14:75", "25:00:00", "noon", "-1", "49", ""])
def test_bad_clock_names_the_option(text):
    with pytest.raises(typer.BadParameter, match="time|minutes") as info:
        parse_clock(text, "--at")
    assert info.value.param_hint == "'--at'"


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("30m", Fraction(1, 2)),
        ("30min", Fraction(1, 2)),
        ("0.5h", Fraction(1, 2)),
        ("1:30", Fraction(3, 2)),
        ("45", Fraction(3, 4)),
        ("0", 0),
    ],
)
def test_duration(text, hours):
    assert parse_duration(text, "--meal") == hours


def test_meal_without_duration_leaves_it_to_the_library():
    assert parse_meal("12:00,500") == (12, 500, None)
    assert parse_meal("12:00,500,0") == (12, 500, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7:00", "TIME,GRAMS"),
        ("7:00,-3", "grams must be between 0.001 and 100000"),
        ("7:00,300,-5m", "duration"),
        ("7:00,abc", "expected a number"),
        ("7:00,300,30m,1", "TIME,GRAMS"),
    ],
)
def test_bad_meal(text, message):
    with pytest.raises(typer.BadParameter, match=message):
        parse_meal(text)


def test_shapes_and_tuples():
    assert parse_shape("4x4", "--input") == (4, 4)
    assert parse_shape("3 x 8 x 8", "--input") == (3, 8, 8)
    assert parse_int_tuple("1,2", "--stride") == (1, 2)
    assert parse_int_tuple("2", "--stride") == 2
    assert parse_number("1e-3", "--x") == Fraction(1, 1000)


@pytest.mark.parametrize("text", ["4x", "0x3", "a", "-1", "4x4.5", "99999999"])
def test_bad_shape(text):
    with pytest.raises(typer.BadParameter, match="shape"):
        parse_shape(text, "--input")
