"""``--remaining``: a remaining fraction starts at g(0) = 1 and stays in [0, 1] for s >= 0.

A curve that is no remaining fraction is refused with exit 2 and one stderr line naming
``--remaining``, the property that fails and where (the values there are computed here by
hand, not read from the code); curves that are fractions are accepted, ``1/(1+s)`` included.
"""

from __future__ import annotations

import math
import re

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from convmath.cli import app
from convmath.errors import ExpressionError
from convmath.symbolic.stomach import CustomEmptying, S

runner = CliRunner()

#: The first grid hours after 0 where the check looks: 1e-6, 1e-3, 0.01, 0.1, then 1/4 h steps.
QUARTER_HOURS = [k / 4 for k in range(1, 193)]


def refusal(curve: str) -> str:
    """The one stderr line of ``convmath derive --remaining curve`` (which must exit 2)."""
    result = runner.invoke(app, ["derive", "--remaining", curve, "--no-check"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert lines[0].startswith("Error: Invalid value for '--remaining': ")
    return lines[0]


@pytest.mark.parametrize(
    ("curve", "start"),
    [("s", "0"), ("2*exp(-s)", "2"), ("exp(-s) - 1", "0"), ("log(s)", "zoo"), ("u(s-1)", "0")],
)
def test_a_curve_that_does_not_start_at_one_is_refused_naming_g_of_0(curve, start):
    line = refusal(curve)
    assert "must start at g(0) = 1" in line and line.endswith(f"got g(0) = {start}")


@pytest.mark.parametrize(
    ("curve", "hours", "value"),
    [
        # 1 - s/4 first goes negative on the quarter-hour grid at 4.25: 1 - 4.25/4 = -0.0625
        ("1 - s/4", 4.25, -0.0625),
        # cos(s) < 0 from pi/2 = 1.5708 on: first quarter hour 1.75
        ("cos(s)", 1.75, math.cos(1.75)),
        # 1 - s/10^6 is negative from s = 10^6 h: the doubling tail 48 * 2^15 = 1572864 h
        ("1 - s/1000000", 48 * 2**15, 1 - 48 * 2**15 / 1e6),
    ],
)
def test_a_curve_that_goes_negative_is_refused_naming_where(curve, hours, value):
    line = refusal(curve)
    match = re.search(r"but g\(([^)]*)\) = (\S+) < 0$", line)
    assert match, line
    assert float(match[1]) == hours
    assert float(match[2]) == pytest.approx(value, rel=1e-9)


def test_a_curve_above_one_is_refused_naming_where():
    # exp(s) > 1 at the first point checked after 0, s = 1e-6: exp(1e-6) = 1.000001
    line = refusal("exp(s)")
    match = re.search(r"but g\(1e-06\) = (\S+) > 1$", line)
    assert match, line
    assert float(match[1]) == pytest.approx(math.exp(1e-6), rel=1e-9)


def test_a_curve_that_is_not_real_is_refused_naming_where():
    # sqrt(1 - s) is imaginary past s = 1: first quarter hour 1.25, sqrt(-0.25) = 0.5i
    line = refusal("sqrt(1 - s)")
    assert "but g(1.25) = " in line and line.endswith("is not real")


@pytest.mark.parametrize(
    "curve",
    ["exp(-s/3)", "1/(1+s)", "(1 - s/4)*u(4 - s)", "u(s)*exp(-s)", "0.3 + 0.7*exp(-s)"],
)
def test_remaining_fractions_are_accepted(curve):
    result = runner.invoke(app, ["derive", "--remaining", curve, "--no-check", "--json"])
    # 1/(1+s) may fail later in the engine (another issue): never as a bad --remaining
    assert "'--remaining'" not in result.output, result.output


@given(rate=st.fractions(min_value=sp.Rational(1, 100), max_value=100))
def test_every_exponential_decay_is_a_remaining_fraction(rate):
    CustomEmptying(sp.exp(-sp.Rational(rate.numerator, rate.denominator) * S))


@given(hours=st.integers(min_value=1, max_value=47))
def test_every_unclipped_linear_fall_is_refused_just_past_its_end(hours):
    # 1 - s/h is negative from s = h on: the first grid point past h is h + 1/4
    with pytest.raises(ExpressionError, match=r"g\(([0-9.]+)\) = (\S+) < 0") as caught:
        CustomEmptying(1 - S / hours)
    where, value = re.search(r"g\(([0-9.]+)\) = (\S+) < 0", str(caught.value)).groups()
    assert float(where) == min(x for x in QUARTER_HOURS if x > hours)
    assert float(value) == pytest.approx(1 - float(where) / hours, rel=1e-9)
    assert caught.value.argument == "expression"
