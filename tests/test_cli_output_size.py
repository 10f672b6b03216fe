"""A one-line input prints a few KB at most, unless --json or --latex asks for all of it.

Results whose exact form is huge are shown compact (long numbers rounded, one piece per
line, then cut) with one line saying so; inputs no method can integrate (towers of powers
of t) are refused before the derivation starts (issue 9 §2).
"""

from __future__ import annotations

import json
import math
import re

import pytest
import sympy as sp
from typer.testing import CliRunner

from convmath.cli import app
from convmath.cli._derive_limits import MAX_TEXT_CHARS

runner = CliRunner()
FEW_KB = 6000  # bytes: the header, the capped result and a note


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_a_huge_exact_rate_prints_rounded_and_says_so():
    result = invoke("derive", "conv", "exp(-1e400 t) u(t)", "u(t)")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.encode()) < FEW_KB  # 24 KB before
    assert "1.0e-400" in result.stdout and "-1.0e+400⋅t" in result.stdout
    (note,) = [line for line in result.stdout.splitlines() if "rounded" in line]
    assert "exact numbers of more than 12 digits are rounded" in note
    assert "--json or --latex print the result exactly" in note


def test_json_still_prints_the_huge_result_exactly():
    result = invoke("derive", "conv", "exp(-1e400 t) u(t)", "u(t)", "--json")
    payload = json.loads(result.stdout)
    t = sp.Symbol("t")
    rate = sp.Integer(10) ** 400
    # ∫_0^t exp(-a τ) dτ = (1 - exp(-a t)) / a for t > 0, exactly
    expected = (1 - sp.exp(-rate * t)) / rate
    closed = sp.sympify(payload["expr"], locals={"t": t})  # our own output, not user text
    at = sp.Rational(1, 10**401)
    assert sp.simplify(closed.subs(t, at) - expected.subs(t, at)) == 0
    assert str(rate) in payload["expr"]


@pytest.mark.parametrize("typed", ["0.05", "0.051", "999.99"])
def test_every_half_life_allowed_prints_a_few_kilobytes(typed):
    result = invoke("derive", "--half-life", typed, "--no-check")
    assert result.exit_code == 0, result.output
    assert 0 < len(result.stdout.encode()) < FEW_KB


def test_an_emptying_time_is_described_as_typed_and_divides_whole():
    result = invoke("derive", "--half-life", "999.99", "--no-check")
    assert "half-life 999.99 h: g(s) = 2^(-s/999.99)" in result.stdout  # was -s/99999/100
    result = invoke("derive", "--linear", "2.5", "--meal", "7:00,301.7", "--no-check")
    assert "301.7 g at 07:00" in result.stdout
    assert "g(s) = 1 - s/2.5 on [0, 2.5]" in result.stdout


def test_a_result_too_long_to_draw_is_written_one_piece_per_line():
    meals = [arg for hour in range(0, 24, 3) for arg in ("--meal", f"{hour}:00,100,20m")]
    result = invoke("derive", *meals, "--no-check")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.encode()) < 2 * FEW_KB
    pieces = [
        line for line in result.stdout.splitlines() if re.search(r"  for (\S+ ≤ t < |t ≥ )", line)
    ]
    # 8 meals of 20 minutes: a piece before each start, between each start and end, after
    assert len(pieces) == 2 * 8
    assert "(one piece per line; --json or --latex print the result exactly)" in result.stdout
    # R(14) by hand: each meal eaten by 14:00 (at h = 0, 3, ..., 12) at 300 g/h for 1/3 h,
    # ∫_h^(h+1/3) 300 · 2^(-(14-x)/2) dx = 600/ln 2 · (2^(-(14-h-1/3)/2) - 2^(-(14-h)/2))
    grams = sum(
        600 / math.log(2) * (2 ** (-(14 - h - 1 / 3) / 2) - 2 ** (-(14 - h) / 2))
        for h in range(0, 13, 3)
    )
    assert f"R(14) = {grams:.1f} g" in result.stdout


def test_pretty_cuts_what_is_still_too_long_and_says_where():
    from convmath.cli._render import pretty

    x = sp.Symbol("x")
    long_sum = sp.Add(*(sp.Symbol(f"a{k}") * x**k for k in range(2000)))
    text = pretty(long_sum)
    body, note = text.rsplit("\n", 1)
    assert len(body) <= MAX_TEXT_CHARS
    assert note == (
        "(written on one line; cut to its first 4000 characters; "
        "--json or --latex print the result exactly)"
    )
    assert body == str(long_sum)[:4000]


@pytest.mark.parametrize(
    ("f", "g", "argument", "tower"),
    [
        ("t**t**t**t**t**t**t**t", "u(t)", "F", "t**(t**(t**(t**(t**(t**(t**t))))))"),
        ("u(t)", "t^t^t", "G", "t**(t**t)"),
        ("(t**t)**t * u(t)", "rect(t)", "F", "(t**t)**t"),
        ("exp(t**t) u(t)", "u(t)", "F", "exp(t**t)"),
    ],
)
def test_a_tower_of_powers_of_t_is_refused_before_the_derivation(
    f, g, argument, tower, monkeypatch
):
    import convmath.symbolic.continuous as continuous

    def not_reached(*args, **kwargs):
        raise AssertionError("the derivation was started")

    monkeypatch.setattr(continuous, "derive_convolution", not_reached)
    result = invoke("derive", "conv", f, g)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: Invalid value for '{argument}': {tower} is a tower of powers")
    assert "no method integrates it in closed form" in line


@pytest.mark.parametrize("f", ["t**t * u(t)", "t**2 * exp(-t) * u(t)", "exp(exp(-t)) * u(t)"])
def test_a_single_varying_power_is_not_a_tower(f):
    from convmath.cli._derive_limits import power_tower
    from convmath.symbolic.parser import parse

    assert power_tower(parse(f), sp.Symbol("t")) is None


@pytest.mark.parametrize(
    ("meal", "words"),
    [
        ("7:00,0", "grams must be between 0.001 and 100000"),
        ("7:00,1e-999", "grams must be between 0.001 and 100000"),
        ("7:00,1e999", "grams must be between 0.001 and 100000"),
        ("7:00,300,1e-9h", "3.6 s to 24 h"),
        ("7:00,300,25h", "3.6 s to 24 h"),
    ],
)
def test_a_meal_out_of_bounds_is_refused_naming_meal(meal, words):
    result = invoke("derive", "--meal", meal)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: Invalid value for '--meal': ") and words in line


def test_at_most_12_meals():
    meals = [arg for hour in range(13) for arg in ("--meal", f"{hour}:00,100")]
    result = invoke("derive", *meals)
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: Invalid value for '--meal': at most 12 meals, got 13"


def test_a_refusal_shortens_a_huge_number_and_keeps_its_reason():
    # exp(-1e400 t) alone grows as t -> -oo: refused, the 401-digit rate shortened (was 24 KB)
    result = invoke("derive", "conv", "exp(-1e400 t)", "u(t)")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "exp(-100000…000 (401 digits)*tau)" in line
    assert line.endswith("so the convolution integral diverges for every t")
