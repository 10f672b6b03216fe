"""Tests of convmath.symbolic._inputs: one real variable, positive parameters, the way back."""

from __future__ import annotations

import pytest
import sympy as sp

from convmath.errors import DivergentError, ExpressionError
from convmath.symbolic._inputs import read_inputs

t, a = sp.symbols("t a")
u = sp.Heaviside


def test_plain_symbols_become_real_and_positive_inside_and_come_back():
    inputs = read_inputs(sp.exp(-a * t) * u(t), "u(t) - u(t - 1)", t, [a])
    assert inputs.x != t and inputs.x.is_real and inputs.x.name == "t"
    (inner,) = inputs.parameters
    assert inner.is_positive and inner.name == "a" and inputs.given_parameters == (a,)
    assert inputs.f == sp.exp(-inner * inputs.x) * u(inputs.x)
    assert inputs.to_caller(inputs.f) == inputs.given_f == sp.exp(-a * t) * u(t)
    assert inputs.to_caller(inputs.g) == u(t) - u(t - 1)


def test_real_and_positive_symbols_are_used_as_they_are():
    x = sp.Symbol("x", real=True)
    b = sp.Symbol("b", positive=True)
    inputs = read_inputs(sp.exp(-b * x) * u(x), u(x), x, [b])
    assert inputs.x is x and inputs.parameters == (b,) and inputs.f == inputs.given_f


def test_tau_gets_a_name_no_input_uses():
    tau = sp.Symbol("tau")
    inputs = read_inputs(u(t - tau), u(t), t, [tau])
    assert inputs.tau.name == "tau_"


def test_floats_become_exact_rationals():
    inputs = read_inputs(0.25 * u(t - 7.5), u(t), t, [])
    assert inputs.given_f == sp.Rational(1, 4) * u(t - sp.Rational(15, 2))


def test_errors_name_the_callers_symbols_not_the_internal_dummies():
    inputs = read_inputs(u(t), u(t), t, [])
    error = inputs.readable(DivergentError(f"diverges for {inputs.x} > 0"))
    assert str(inputs.x) == "_t" and str(error) == "diverges for t > 0"
    assert isinstance(error, DivergentError)


@pytest.mark.parametrize(
    ("f", "t_arg", "parameters", "argument", "match"),
    [
        pytest.param(u(t), "1t", (), "t", "t must be a Symbol or a variable name", id="bad-name"),
        pytest.param(u(t), sp.Symbol("t'"), (), "t", "named like a Python variable", id="bad-t"),
        pytest.param(u(t), t, ("a b",), "parameters", "identifiers", id="bad-parameter"),
        pytest.param(u(t) * a, t, (), "f", "undeclared symbols a", id="undeclared"),
        pytest.param(sp.oo * u(t), t, (), "f", "not finite", id="infinite"),
    ],
)
def test_bad_inputs_name_the_argument(f, t_arg, parameters, argument, match):
    with pytest.raises(ExpressionError, match=match) as info:
        read_inputs(f, u(t), t_arg, parameters)
    assert info.value.argument == argument
