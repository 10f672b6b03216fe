"""Tests of convmath.symbolic._transform_check: the convolution theorem, exactly (issue 11).

Expected transforms are table entries written out here (L{e^{-at} u(t)} = 1/(s + a),
L{delta^(n)(t - c)} = s^n e^{-cs}, ...), never the module's own output.
"""

from __future__ import annotations

import json

import pytest
import sympy as sp
from typer.testing import CliRunner

from convmath.cli import app
from convmath.symbolic import convolve, parse
from convmath.symbolic._transform_check import transform_check

t, s = sp.Symbol("t"), sp.Symbol("s")
u = sp.Heaviside


@pytest.mark.parametrize(
    ("f", "g", "kind", "product"),
    [
        pytest.param(
            "exp(-t) u(t)", "exp(-2t) u(t)", "Laplace", 1 / ((s + 1) * (s + 2)), id="exp"
        ),
        pytest.param("t u(t)", "sin(t) u(t)", "Laplace", 1 / (s**2 * (s**2 + 1)), id="ramp-sin"),
        pytest.param("delta(t-1)", "exp(-t) u(t)", "Laplace", sp.exp(-s) / (s + 1), id="delta"),
        pytest.param("delta'(t)", "exp(-t) u(t)", "Laplace", s / (s + 1), id="delta-prime"),
        # rect: integral of e^{-st} over [-1/2, 1/2] = (e^{s/2} - e^{-s/2}) / s
        pytest.param(
            "rect(t)",
            "rect(t)",
            "two-sided Laplace",
            ((sp.exp(s / 2) - sp.exp(-s / 2)) / s) ** 2,
            id="rect-rect",
        ),
        # e^{-|t|}: 1/(1 + s) + 1/(1 - s) = 2/(1 - s^2)
        pytest.param(
            "exp(-|t|)", "exp(-|t|)", "two-sided Laplace", (2 / (1 - s**2)) ** 2, id="laplace"
        ),
        # e^{-t^2}: sqrt(pi) e^{s^2/4}
        pytest.param(
            "exp(-t^2)", "exp(-t^2)", "two-sided Laplace", sp.pi * sp.exp(s**2 / 2), id="gauss"
        ),
    ],
)
def test_the_theorem_holds_exactly_for_right_results(f, g, kind, product):
    f, g = parse(f), parse(g)
    check = transform_check(f, g, convolve(f, g), t, timeout=60)
    assert (check.holds, check.kind) == (True, kind), check.reason
    assert sp.simplify(check.product - product) == 0


@pytest.mark.parametrize(
    ("f", "g", "wrong"),
    [
        pytest.param(
            "exp(-t) u(t)",
            "exp(-2t) u(t)",
            (sp.exp(-t) - sp.exp(-2 * t)) * u(t) * sp.Rational(100001, 100000),
            id="scaled",
        ),
        pytest.param(
            "exp(-t) u(t)", "exp(-2t) u(t)", (sp.exp(-t) - sp.exp(-3 * t)) * u(t), id="rate"
        ),
        # right for t >= 0; the two-sided transform sees the extra part before 0
        pytest.param(
            "exp(-|t|)",
            "exp(-t) u(t)",
            sp.Piecewise((sp.exp(t) / 2 + 1, t < 0), (sp.exp(-t) * (t + sp.Rational(1, 2)), True)),
            id="wrong-before-zero",
        ),
    ],
)
def test_a_wrong_result_fails(f, g, wrong):
    check = transform_check(parse(f), parse(g), wrong, t, timeout=60)
    assert check.holds is False
    assert "FAILS" in check.describe()


def test_the_right_two_sided_result_of_that_pair_holds():
    # (e^{-|t|} * e^{-t} u(t)) by hand: e^t/2 for t < 0, (t + 1/2) e^{-t} for t >= 0
    right = sp.Piecewise((sp.exp(t) / 2, t < 0), (sp.exp(-t) * (t + sp.Rational(1, 2)), True))
    check = transform_check(parse("exp(-|t|)"), parse("exp(-t) u(t)"), right, t, timeout=60)
    assert check.holds is True


def test_parameters_stay_symbolic():
    a, b = sp.symbols("a b", positive=True)
    f, g = sp.exp(-a * t) * u(t), sp.exp(-b * t) * u(t)
    result = convolve(f, g, parameters=[a, b])  # a != b and a = b cases
    check = transform_check(f, g, result, t, timeout=60)
    assert check.holds is True and "2 parameter cases" in check.reason
    assert sp.simplify(check.product - 1 / ((s + a) * (s + b))) == 0
    # wrong only in the a = b case: 2 t e^{-at} instead of t e^{-at}
    wrong = result.replace(lambda e: e == t * sp.exp(-b * t), lambda e: 2 * e)
    assert wrong != result
    assert transform_check(f, g, wrong, t, timeout=60).holds is False


def test_skipped_with_the_reason_when_time_runs_out():
    f = parse("1/(1+t^2)")
    check = transform_check(f, f, 2 * sp.pi / (t**2 + 4), t, timeout=0.3)
    assert check.holds is None
    assert "within 0.3 s" in check.reason
    assert check.describe().startswith("Exact transform check skipped:")


runner = CliRunner()


def test_cli_check_reports_the_identity():
    result = runner.invoke(app, ["derive", "conv", "exp(-t) u(t)", "exp(-2t) u(t)", "--check"])
    assert result.exit_code == 0, result.output
    assert "Exact Laplace check: H(s) = F(s) G(s) = 1/((s + 1)*(s + 2)) holds exactly" in (
        result.output
    )


def test_cli_check_json_has_the_transform_check():
    args = ["derive", "conv", "rect(t)", "rect(t)", "--check", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)["transform_check"]
    assert payload["holds"] is True and payload["kind"] == "two-sided Laplace"
    product = sp.sympify(payload["product"], locals={"s": s})
    assert sp.simplify(product - ((sp.exp(s / 2) - sp.exp(-s / 2)) / s) ** 2) == 0


def test_a_plain_derivation_does_not_run_it(monkeypatch):
    from convmath.symbolic import _transform_check

    def refuse(*args, **kwargs):
        raise AssertionError("the transform check ran without --check")

    monkeypatch.setattr(_transform_check, "transform_check", refuse)
    result = runner.invoke(app, ["derive", "conv", "exp(-t) u(t)", "exp(-2t) u(t)"])
    assert result.exit_code == 0, result.output
    assert "Exact" not in result.output
