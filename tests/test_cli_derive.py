"""CLI tests of `convmath derive` (the stomach example) and `convmath derive conv`."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from scipy.integrate import quad
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def food_left_by_quadrature(meals, remaining, at):
    """Independent R(at) = Σ_meals ∫ rate · g(at − x) dx, or grams · g(at − time) at once."""
    total = 0.0
    for time, grams, duration in meals:
        if duration == 0:
            total += grams * remaining(at - time) if at >= time else 0.0
            continue
        hi = min(at, time + duration)
        if hi > time:
            total += quad(lambda x: grams / duration * remaining(at - x), time, hi)[0]
    return total


def half_life(h):
    return lambda s: 2 ** (-s / h)


# -- the stomach example ------------------------------------------------------------------


def test_default_derive_prints_closed_form_and_the_14_oclock_amount():
    result = invoke("derive")
    assert result.exit_code == 0, result.output
    expected = food_left_by_quadrature([(7, 300, 0.5), (12, 500, 0.5)], half_life(2), 14)
    assert expected == pytest.approx(301.92, abs=0.01)
    assert f"R(14) = {expected:.1f} g" in result.stdout
    assert "Piecewise" not in result.stdout  # pretty-printed, not repr
    assert "fraction" in result.stdout and "digestion rate" in result.stdout
    assert "observed order" in result.stdout


def test_default_derive_json_value_matches_quadrature_and_closed_form_everywhere():
    import sympy as sp

    result = invoke("derive", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    expected = food_left_by_quadrature([(7, 300, 0.5), (12, 500, 0.5)], half_life(2), 14)
    assert payload["value"] == pytest.approx(expected, rel=1e-9)
    assert payload["at"] == "14:00" and payload["unit"] == "g"
    assert payload["latex"].startswith("\\begin{cases}")
    # The closed form R(t), read back from our own JSON, agrees with quadrature over the day.
    closed = sp.lambdify("t", sp.sympify(payload["expr"], locals={"t": sp.Symbol("t")}))
    for at in np.arange(6.25, 20, 0.5):
        reference = food_left_by_quadrature([(7, 300, 0.5), (12, 500, 0.5)], half_life(2), at)
        assert float(closed(at)) == pytest.approx(reference, rel=1e-9, abs=1e-9)
    assert payload["check"]["order"] > 0.8


@pytest.mark.parametrize(
    ("args", "meals", "remaining", "at"),
    [
        pytest.param(
            ["--meal", "12:00,500,0"], [(12, 500, 0)], half_life(2), 14, id="instant-lunch"
        ),
        pytest.param(
            ["--meal", "8:00,400,0", "--meal", "13:00,600,1h", "--linear", "3", "--at", "13:30"],
            [(8, 400, 0), (13, 600, 1)],
            lambda s: max(0.0, 1 - s / 3),
            13.5,
            id="linear-emptying",
        ),
        pytest.param(
            ["--remaining", "exp(-s/3)", "--at", "15"],
            [(7, 300, 0.5), (12, 500, 0.5)],
            lambda s: math.exp(-s / 3),
            15,
            id="custom-curve",
        ),
        pytest.param(
            ["--meal", "12:00,500", "--at", "12:20"],
            [(12, 500, 0.5)],  # a meal without a duration is eaten over 30 minutes
            half_life(2),
            12 + 1 / 3,
            id="default-duration-mid-meal",
        ),
        pytest.param(
            ["--half-life", "1.5", "--meal", "7:30,250,20m", "--at", "9:00"],
            [(7.5, 250, 1 / 3)],
            half_life(1.5),
            9,
            id="half-life-and-minutes",
        ),
    ],
)
def test_stomach_options_match_quadrature(args, meals, remaining, at):
    result = invoke("derive", *args, "--json", "--no-check")
    assert result.exit_code == 0, result.output
    value = json.loads(result.stdout)["value"]
    assert value == pytest.approx(food_left_by_quadrature(meals, remaining, at), rel=1e-8)


def test_stomach_steps_and_latex():
    steps = invoke("derive", "--steps", "--no-check")
    assert steps.exit_code == 0
    assert "Breakpoints" in steps.stdout or "breakpoints" in steps.stdout
    assert "15/2" in steps.stdout  # the end of breakfast is a breakpoint of the result
    latex = invoke("derive", "--latex")
    assert latex.exit_code == 0 and "\\begin{cases}" in latex.stdout


def test_stomach_plot(tmp_path):
    target = tmp_path / "stomach.png"
    result = invoke("derive", "--plot", str(target), "--no-check")
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["stomach.png"]  # no temporary left


BAD_STOMACH = [
    pytest.param(["--at", "25:99"], "--at", id="bad-time"),
    pytest.param(["--meal", "7:00"], "--meal", id="meal-missing-grams"),
    pytest.param(["--meal", "7:00,-5"], "--meal", id="negative-grams"),
    pytest.param(["--half-life", "-1"], "--half-life", id="negative-half-life"),
    pytest.param(["--half-life", "2", "--linear", "3"], "--half-life", id="two-models"),
    pytest.param(["--remaining", "exp(-x)"], "--remaining", id="unknown-name"),
    pytest.param(["--remaining", "__import__('os')"], "--remaining", id="hostile"),
    pytest.param(["--plot", "/proc/forbidden/x.png"], "", id="unwritable-plot"),
    pytest.param(["--plot", "out.txt"], "", id="plot-format"),
]


@pytest.mark.parametrize(("args", "option"), BAD_STOMACH)
def test_bad_stomach_input_exits_2_with_one_line(args, option, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("derive", *args, "--no-check")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:")
    assert option in lines[0]
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


# -- derive conv ---------------------------------------------------------------------------


def test_conv_json_agrees_with_quadrature():
    import sympy as sp

    result = invoke("derive", "conv", "exp(-t) u(t)", "rect(t - 1/2)", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    closed = sp.lambdify("t", sp.sympify(payload["expr"], locals={"t": sp.Symbol("t")}))
    for t in np.linspace(-1.3, 4.7, 25):
        reference = quad(lambda x: math.exp(-(t - x)) if t - x >= 0 else 0.0, 0, 1, points=[t])[0]
        assert float(closed(t)) == pytest.approx(reference, abs=1e-10)


def test_conv_pretty_latex_steps_check(tmp_path):
    pretty = invoke("derive", "conv", "rect(t)", "rect(t)")
    assert pretty.exit_code == 0 and "otherwise" in pretty.stdout
    latex = invoke("derive", "conv", "rect(t)", "rect(t)", "--latex")
    assert latex.exit_code == 0 and "\\begin{cases}" in latex.stdout
    steps = invoke("derive", "conv", "rect(t)", "rect(t)", "--steps")
    assert steps.exit_code == 0 and "-1" in steps.stdout and "region" in steps.stdout.lower()
    checked = invoke("derive", "conv", "sin(2t) u(t)", "exp(-t) u(t)", "--check", "--json")
    report = json.loads(checked.stdout)["check"]
    assert report["max_error"][-1] < 1e-4 and report["order"] == pytest.approx(2, abs=0.3)
    target = tmp_path / "conv.svg"
    plotted = invoke("derive", "conv", "rect(t)", "tri(t)", "--plot", str(target))
    assert plotted.exit_code == 0 and target.read_text().lstrip().startswith("<?xml")


def test_conv_with_a_parameter():
    import sympy as sp

    result = invoke("derive", "conv", "exp(-a t) u(t)", "u(t)", "--param", "a", "--json")
    assert result.exit_code == 0, result.output
    a, t = sp.symbols("a t")
    closed = sp.sympify(json.loads(result.stdout)["expr"], locals={"a": a, "t": t})
    for value in (0.5, 2.0):
        for point in (-1.0, 0.25, 1.0, 3.0):
            # ∫_0^t exp(-a x) dx = (1 - exp(-a t)) / a for t > 0, else 0
            reference = (1 - math.exp(-value * point)) / value if point > 0 else 0.0
            got = float(closed.subs({a: value, t: point}))
            assert got == pytest.approx(reference, abs=1e-12)


BAD_CONV = [
    pytest.param(["x", "u(t)"], "'F'", id="unknown-name-in-F"),
    pytest.param(["u(t)", "t.real"], "'G'", id="attribute-in-G"),
    pytest.param(["1", "1"], "diverges", id="divergent"),
    pytest.param(["exp(t)", "exp(t)"], "diverges", id="divergent-exp"),
    pytest.param(["u(t)", "u(t)", "--var", "exp"], "--var", id="reserved-variable"),
    pytest.param(["u(t)", "u(t)", "--timeout", "0"], "--timeout", id="timeout-range"),
]


@pytest.mark.parametrize(("args", "fragment"), BAD_CONV)
def test_bad_conv_input_exits_2_with_one_line(args, fragment):
    result = invoke("derive", "conv", *args)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_stomach_options_before_a_subcommand_are_refused():
    result = invoke("derive", "--json", "conv", "u(t)", "u(t)")
    assert result.exit_code == 2 and "'--json'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_subcommand_is_a_usage_error():
    result = invoke("derive", "nonsense")
    assert result.exit_code == 2
    assert "nonsense" in result.stderr


# -- start-up -----------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_do_not_import_the_heavy_libraries(flag):
    code = (
        "import sys\n"
        f"sys.argv = ['convmath', '{flag}']\n"
        "from convmath.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in ('sympy', 'scipy', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
