"""``convmath derive conv --param a=2``: a parameter with a value; ``--param a`` stays symbolic."""

from __future__ import annotations

import json
import math

import pytest
from scipy.integrate import quad
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()


def _json(*args: str) -> dict:
    result = runner.invoke(app, ["derive", "conv", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _value_at(expr_text: str, tv: float) -> float:
    """The CLI's own output (trusted text, not user input) evaluated at t = tv."""
    import sympy as sp

    t = sp.Symbol("t")
    return float(sp.sympify(expr_text, locals={"t": t}).subs(t, tv))


@pytest.mark.parametrize("given, a", [("a=2", 2.0), ("a=0.5", 0.5), ("a=3/4", 0.75)])
def test_a_value_makes_the_result_numeric(given, a):
    payload = _json("exp(-a t) u(t)", "u(t) - u(t - 1)", "--param", given)
    assert "a" not in payload["expr"].replace("Heaviside", "")
    for tv in (-0.5, 0.3, 0.9, 1.5, 4.0):
        lo, hi = max(0.0, tv - 1), max(0.0, tv)
        want = quad(lambda s: math.exp(-a * s), lo, hi)[0] if hi > lo else 0.0
        assert _value_at(payload["expr"], tv) == pytest.approx(want, abs=1e-12)


def test_plain_param_stays_symbolic_and_a_value_enables_check():
    assert "a" in _json("exp(-a t) u(t)", "u(t)", "--param", "a")["expr"]
    payload = _json("exp(-a t) u(t)", "u(t)", "--param", "a=2", "--check")
    assert payload["check"]


def test_one_value_one_symbol_splits_no_cases():
    # b = 2 fixed: the order of a and 2 still depends on a, so the result splits into cases
    payload = _json("u(t) - u(t - a)", "u(t) - u(t - b)", "--param", "a", "--param", "b=2")
    assert "a < 2" in payload["expr"] and "b" not in payload["expr"]


@pytest.mark.parametrize("bad", ["a=x", "a=1/0", "a=2*3", "a=1e5000", "a=__import__('os')", "a="])
def test_bad_values_exit_2_naming_param(bad):
    result = runner.invoke(app, ["derive", "conv", "exp(-a t) u(t)", "u(t)", "--param", bad])
    assert result.exit_code == 2
    assert "--param" in result.output and "must be a number" in result.output
    assert "Traceback" not in result.output
