"""The steps renderers: text without ASCII math, JSON following its schema, LaTeX that compiles."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
from latex_runner import compile_document
from scipy.integrate import quad
from typer.testing import CliRunner

from convmath.cli import app
from convmath.steps import STEPS_SCHEMA, render, standalone, validate
from convmath.symbolic.continuous import derive_convolution
from convmath.symbolic.parser import parse

PAIRS = [
    pytest.param("rect(t)", "rect(t)", id="rect*rect"),
    pytest.param("rect(t)", "exp(-t) u(t)", id="rect*exp"),
    pytest.param("delta(t-3)", "exp(-t) u(t)", id="delta*exp"),
    pytest.param("exp(-t) u(t)", "exp(-2*t) u(t)", id="exp*exp"),
    pytest.param("tri(t)", "rect(t)", id="tri*rect"),
    pytest.param("u(t) - u(t-2)", "t*(u(t) - u(t-1))", id="box*ramp"),
    pytest.param("delta(t) + 2*delta(t-1)", "rect(t)", id="deltas*rect"),
]


@pytest.fixture(scope="module", params=[p.values for p in PAIRS], ids=[p.id for p in PAIRS])
def derivation(request):
    f, g = request.param
    return derive_convolution(parse(f), parse(g))


def test_text_has_no_ascii_math(derivation):
    text = render(derivation, "text")
    for bad in ("**", "-oo", "tau", "<=", ">="):
        assert bad not in text


def test_json_follows_schema(derivation):
    data = json.loads(json.dumps(render(derivation, "json")))
    assert validate(data, STEPS_SCHEMA) == []


# Quadrature sees no deltas, so this check takes the pairs without them.
SMOOTH_PAIRS = [p for p in PAIRS if "delta" not in "".join(p.values)]


@pytest.mark.parametrize(
    ("f_text", "g_text"), [p.values for p in SMOOTH_PAIRS], ids=[p.id for p in SMOOTH_PAIRS]
)
def test_json_region_values_match_quadrature(f_text, g_text):
    """Each region's value equals the convolution integral at a point inside it."""
    derivation = derive_convolution(parse(f_text), parse(g_text))
    data = render(derivation, "json")
    t = sp.Symbol("t")
    f = sp.lambdify(t, derivation.f.rewrite(sp.Piecewise), "numpy")
    g = sp.lambdify(t, derivation.g.rewrite(sp.Piecewise), "numpy")
    for region in data["regions"]:
        lo, hi = (float(sp.sympify(region["interval"][k]["expr"])) for k in ("lo", "hi"))
        t0 = (lo + hi) / 2 if np.isfinite(lo + hi) else (hi - 0.7 if np.isfinite(hi) else lo + 0.7)
        value = float(sp.sympify(region["value"]["expr"]).subs(t, t0))
        reference = quad(lambda x: f(x) * g(t0 - x), -10, 10, limit=200, points=[0, t0])[0]
        assert value == pytest.approx(reference, abs=1e-6)


def test_validator_reports_errors():
    assert validate({"variable": "t"}) != []


def _compile(tmp_path, document):
    compile_document(tmp_path, document)


def test_latex_steps_compile(derivation, tmp_path):
    _compile(tmp_path, standalone(render(derivation, "latex")))


def test_cli_steps_formats_and_standalone_compiles(tmp_path):
    runner = CliRunner()
    base = ["derive", "conv", "rect(t)", "exp(-t) u(t)", "--steps"]
    result = runner.invoke(app, [*base, "--json"])
    assert result.exit_code == 0
    assert validate(json.loads(result.stdout)["steps"]) == []
    markdown = runner.invoke(app, [*base, "--markdown"])
    assert markdown.exit_code == 0 and "**3. Regions**" in markdown.stdout
    latex = runner.invoke(app, [*base, "--latex", "--standalone"])
    assert latex.exit_code == 0
    _compile(tmp_path, latex.stdout)


def test_stomach_steps_json_and_standalone_latex_compile(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["derive", "--steps", "--json", "--no-check"])
    assert result.exit_code == 0
    assert validate(json.loads(result.stdout)["steps"]) == []
    text = runner.invoke(app, ["derive", "--steps", "--no-check"])
    assert text.exit_code == 0
    shown = text.stdout.split("\nR(t) =")[0]  # the steps, before the result's own print
    assert "Result" in shown and "**" not in shown and "-oo" not in shown
    latex = runner.invoke(app, ["derive", "--steps", "--latex", "--standalone", "--no-check"])
    assert latex.exit_code == 0
    _compile(tmp_path, latex.stdout)


def test_flip_slide_plot_is_deterministic_and_in_the_document(tmp_path):
    runner = CliRunner()
    png = tmp_path / "flip.png"
    base = ["derive", "conv", "rect(t)", "exp(-t) u(t)", "--steps", "--plot", str(png)]
    result = runner.invoke(app, [*base, "--latex", "--standalone"])
    assert result.exit_code == 0, result.output
    first = png.read_bytes()
    assert "\\includegraphics[width=\\linewidth]{" + str(png) + "}" in result.stdout
    assert runner.invoke(app, base).exit_code == 0
    assert png.read_bytes() == first
