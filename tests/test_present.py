"""The presentation step: displayed forms equal what they display, and read like a textbook.

Equality is checked at many points against the expression before presentation (and with
``simplify(a - b) == 0`` where that is cheap); the textbook features (shifts kept together,
one exponential per term, |t| for symmetric results, flat cases, u(t), ln) are checked on the
printed text. The table of textbook pairs is in test_present_textbook.py.
"""

from __future__ import annotations

import json

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from convmath.cli import app
from convmath.symbolic import presentation
from convmath.symbolic._present_print import latex, one_line, pretty
from convmath.symbolic._present_terms import textbook
from convmath.symbolic.presentation import display_form

t = sp.Symbol("t")
R = sp.Rational
runner = CliRunner()


def _values(expr: sp.Expr, points: list[float]) -> list[complex]:
    return [complex(expr.doit().subs(t, p).evalf(25)) for p in points]


# --- one formula ----------------------------------------------------------------------------


def test_shifted_exponentials_absorb_their_coefficients() -> None:
    assert sp.sstr(textbook(sp.exp(3) * sp.exp(-t), t, [3])) == "exp(-(t - 3))"
    stomach = 1200 / sp.log(2) - 9600 * sp.sqrt(2) * 2 ** (-t / 2) / sp.log(2)
    assert sp.sstr(textbook(stomach, t, [7, R(15, 2)])) == "1200*(1 - 2**(-(t - 7)/2))/log(2)"
    assert latex(textbook(stomach, t, [7])) == (
        "\\frac{1200 \\left(1 - 2^{- \\frac{t - 7}{2}}\\right)}{\\ln{\\left(2 \\right)}}"
    )


def test_perfect_squares_and_collected_trigonometry() -> None:
    a, b = sp.symbols("a b", positive=True)
    assert textbook(a**2 - 2 * a * b + b**2 + 0 * t, t) in ((a - b) ** 2, (b - a) ** 2)
    assert textbook(t**2 / 2 + 3 * t / 2 + R(9, 8), t) == (2 * t + 3) ** 2 / 8
    messy = -t * sp.cos(t) / 2 - sp.sin(t) * sp.cos(2 * t) / 4 + sp.sin(t) / 4
    messy += sp.sin(2 * t) * sp.cos(t) / 4
    shown = textbook(messy, t)
    assert sp.count_ops(shown) <= 6 and sp.simplify(shown - (sp.sin(t) - t * sp.cos(t)) / 2) == 0


EXPONENTS = st.tuples(
    st.integers(-3, 3).filter(bool), st.integers(-4, 4), st.integers(1, 3), st.integers(-5, 5)
)


@given(terms=st.lists(EXPONENTS, min_size=1, max_size=4), base=st.sampled_from([sp.E, 2, 3]))
@settings(max_examples=40)
def test_textbook_form_of_exponential_sums_is_equal(terms: list, base: sp.Expr) -> None:
    """Sums of c·b^(k t + m/q): the written form is the same function (and simplifies so)."""
    expr = sp.Add(*[c * sp.Pow(base, k * t + R(m, q)) for k, m, q, c in terms])
    shown = textbook(expr, t, [0, 1, R(1, 2)])
    points = [-1.3, -0.2, 0.45, 1.7, 3.1]
    for got, want in zip(_values(shown, points), _values(expr, points)):
        assert got == pytest.approx(want, rel=1e-12, abs=1e-12)
    assert sp.simplify(sp.expand(shown.doit() - expr)) == 0


# --- cases ----------------------------------------------------------------------------------


def test_symmetric_result_is_written_in_abs_t() -> None:
    engine = sp.Piecewise((0, t < -1), (t + 1, t < 0), (1 - t, t < 1), (0, True))
    shown = display_form(engine, t)
    assert shown == sp.Piecewise((1 - sp.Abs(t), sp.Abs(t) < 1), (0, True))
    assert "│t│ < 1" in pretty(shown)


def test_cases_are_flat_in_natural_order_with_u_for_a_start() -> None:
    engine = sp.Piecewise((0, t < -R(1, 2)), (1 - sp.exp(-t - R(1, 2)), t < R(1, 2)), (0, True))
    shown = display_form(engine, t)
    assert one_line(shown) == "{1 - exp(-(t + 1/2)) for -1/2 ≤ t < 1/2; 0 otherwise}"
    causal = display_form(sp.Piecewise((0, t < 3), (sp.exp(3 - t), True)), t)
    assert latex(causal) == "e^{- (t - 3)} u\\left(t - 3\\right)"


def test_parameter_split_goes_to_the_top_and_conditions_read_naturally() -> None:
    a = sp.Symbol("a", positive=True)
    inner = sp.Piecewise((t * a, sp.Ne(a, 1)), (t, True))
    engine = sp.Piecewise((0, a < -t), (inner, t < 0), (0, True))  # a < -t means t < -a
    shown = display_form(engine, t)
    assert isinstance(shown, sp.Piecewise)
    assert all(not e.has(sp.Piecewise) for e, _ in shown.args)
    text = one_line(shown)
    assert text == "{a*t for a ≠ 1, -a ≤ t < 0; t for a = 1, -a ≤ t < 0; 0 otherwise}"
    for values in ({a: R(7, 10)}, {a: 1}):
        for point in (-1.9, -0.6, -0.1, 0.4):
            at = {**values, t: point}
            assert complex(shown.xreplace(at)) == pytest.approx(complex(engine.xreplace(at)))


def test_deltas_are_shown_once_after_the_cases() -> None:
    engine = sp.Piecewise((0, t < 0), (1, t < 1), (0, True)) + 2 * sp.DiracDelta(t - 3)
    shown = display_form(engine, t)
    assert one_line(shown).count("DiracDelta") == 1
    assert sp.expand(shown - engine.rewrite(sp.Heaviside)).has(sp.DiracDelta) is False


def test_a_wrong_presentation_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The numerical guard: a presentation that disagrees falls back to the engine's form."""
    engine = sp.Piecewise((0, t < 0), (sp.exp(-t), True))
    monkeypatch.setattr(presentation, "_display", lambda expr, var: sp.exp(-2 * t))
    presentation._display_cached.cache_clear()
    try:
        assert display_form(engine, t) == engine
    finally:
        presentation._display_cached.cache_clear()


def test_a_failing_presentation_shows_the_engine_form(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = sp.Piecewise((0, t < 1), (sp.exp(1 - t), True))

    def broken(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
        raise sp.PolynomialError("a SymPy failure inside a rewrite")

    monkeypatch.setattr(presentation, "_display", broken)
    presentation._display_cached.cache_clear()
    try:
        assert display_form(engine, t) == engine
    finally:
        presentation._display_cached.cache_clear()


# --- printers and the CLI -------------------------------------------------------------------


def test_unit_step_and_ln_in_latex_and_pretty() -> None:
    expr = sp.Heaviside(t - 1) * sp.log(2)
    assert "\\theta" not in latex(expr) and "u\\left(t - 1\\right)" in latex(expr)
    assert "θ" not in pretty(expr) and "u(t - 1)" in pretty(expr) and "ln(2)" in pretty(expr)


@pytest.mark.parametrize(
    ("f", "g", "shown"),
    [
        ("delta(t-3)", "exp(-t) u(t)", "e^{- (t - 3)} u\\left(t - 3\\right)"),
        ("rect(t)", "rect(t)", "1 - \\left|{t}\\right|"),
        ("rect(t)", "exp(-t) u(t)", "1 - e^{- (t + \\frac{1}{2})}"),
    ],
)
def test_cli_latex_and_json_show_the_textbook_form(f: str, g: str, shown: str) -> None:
    latex_out = runner.invoke(app, ["derive", "conv", f, g, "--latex"])
    assert latex_out.exit_code == 0 and shown in latex_out.stdout
    assert "\\theta" not in latex_out.stdout
    payload = json.loads(runner.invoke(app, ["derive", "conv", f, g, "--json"]).stdout)
    assert payload["latex"] == latex_out.stdout.strip()
    assert payload["typed"] == {"f": f, "g": g}
    expr, engine = sp.sympify(payload["expr"]), sp.sympify(payload["engine"])
    points = [-2.3, -0.71, -0.2, 0.3, 0.8, 1.4, 2.6, 3.3, 5.9]
    assert _values(expr, points) == pytest.approx(_values(engine, points), abs=1e-12)


def test_cli_echoes_the_inputs_as_typed() -> None:
    result = runner.invoke(app, ["derive", "conv", "rect(t)", "delta(t-3)"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "(rect(t)) * (delta(t-3)) ="
    steps = runner.invoke(app, ["derive", "conv", "rect(t)", "u(t)", "--steps", "--latex"])
    assert "\\texttt{rect(t)}" in steps.stdout and "\\texttt{u(t)}" in steps.stdout


def test_markdown_without_steps_prints_the_result() -> None:
    result = runner.invoke(app, ["derive", "conv", "rect(t)", "rect(t)", "--markdown"])
    assert result.exit_code == 0
    assert result.stdout.startswith("$$ (f * g)(t) = ") and "\\left|{t}\\right|" in result.stdout
    stomach = runner.invoke(app, ["derive", "--markdown", "--no-check"])
    assert stomach.exit_code == 0 and stomach.stdout.startswith("$$ R(t) = ")


def test_stomach_shows_the_breakfast_in_textbook_form() -> None:
    result = runner.invoke(app, ["derive", "--latex", "--no-check"])
    assert result.exit_code == 0
    assert "\\frac{1200 \\left(1 - 2^{- \\frac{t - 7}{2}}\\right)}{\\ln{\\left(2 \\right)}}" in (
        result.stdout
    )
    assert "7 \\le t < \\frac{15}{2}" in result.stdout


def test_stomach_steps_plot_renders(tmp_path) -> None:
    png = tmp_path / "stomach.png"
    result = runner.invoke(app, ["derive", "--steps", "--plot", str(png), "--no-check"])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_width_single_and_double_and_refusals(tmp_path) -> None:
    import matplotlib.image as mpimg

    base = ["derive", "conv", "rect(t)", "exp(-t) u(t)", "--steps", "--plot"]
    widths = {}
    for width in ("single", "double"):
        png = tmp_path / f"{width}.png"
        result = runner.invoke(app, [*base, str(png), "--plot-width", width])
        assert result.exit_code == 0, result.output
        widths[width] = mpimg.imread(png).shape[1]
    assert widths["single"] / widths["double"] == pytest.approx(3.5 / 7.2, rel=0.01)
    wrong = runner.invoke(app, [*base, str(tmp_path / "x.png"), "--plot-width", "wide"])
    assert wrong.exit_code == 2 and "--plot-width" in wrong.output
    alone = runner.invoke(app, ["derive", "conv", "rect(t)", "rect(t)", "--plot-width", "single"])
    assert alone.exit_code == 2 and "--plot-width" in alone.output
    assert "Traceback" not in alone.output


HALVES = st.integers(-4, 4).map(lambda n: R(n, 2))
WIDTHS = st.integers(1, 4).map(lambda n: R(n, 2))


@st.composite
def signals(draw: st.DrawFn) -> sp.Expr:
    """A shifted box, a causal exponential, a delta or a two-sided exponential."""
    kind = draw(st.sampled_from(["box", "exp", "delta", "two-sided", "ramp box"]))
    shift, width = draw(HALVES), draw(WIDTHS)
    rate = draw(st.integers(1, 3))
    window = sp.Heaviside(t - shift) - sp.Heaviside(t - shift - width)
    return {
        "box": window,
        "exp": sp.exp(-rate * (t - shift)) * sp.Heaviside(t - shift),
        "delta": draw(st.integers(1, 3)) * sp.DiracDelta(t - shift),
        "two-sided": sp.exp(-rate * sp.Abs(t - shift)),
        "ramp box": (t - shift) * window,
    }[kind]


@given(f=signals(), g=signals())
@settings(max_examples=25)
def test_displayed_results_equal_the_engine_everywhere(f: sp.Expr, g: sp.Expr) -> None:
    """Random pairs: the displayed form equals the engine's result between every breakpoint."""
    from convmath.errors import DivergentError
    from convmath.symbolic.continuous import derive_convolution
    from convmath.symbolic.piecewise_form import heaviside_breakpoints

    try:
        result = derive_convolution(f, g, t, verify=False).result
    except DivergentError:
        return
    shown = presentation._display(result, t)  # without the guard: the transforms themselves
    assert not shown.has(sp.Max, sp.Min)
    edges = [float(p) for p in heaviside_breakpoints(result, t)] or [0.0]
    points = [edges[0] - 1.7, edges[-1] + 2.3]
    points += [lo + (hi - lo) * s for lo, hi in zip(edges, edges[1:]) for s in (0.21, 0.77)]
    regular = result.replace(sp.DiracDelta, lambda *a: sp.S.Zero)
    shown_regular = shown.doit().replace(sp.DiracDelta, lambda *a: sp.S.Zero)
    for got, want in zip(_values(shown_regular, points), _values(regular, points)):
        assert got == pytest.approx(want, rel=1e-12, abs=1e-12)
    spikes = [
        term for term in sp.Add.make_args(sp.expand(shown.doit())) if term.has(sp.DiracDelta)
    ]
    engine_spikes = [
        term for term in sp.Add.make_args(sp.expand(result)) if term.has(sp.DiracDelta)
    ]
    assert sp.expand(sp.Add(*spikes) - sp.Add(*engine_spikes)) == 0


def test_sums_are_printed_with_a_positive_term_first() -> None:
    a, b = sp.symbols("a b", positive=True)
    quotient = (sp.exp(-a * t) - sp.exp(-b * t)) / (b - a)
    assert latex(quotient) == "\\frac{e^{- a t} - e^{- b t}}{b - a}"
    assert one_line((sp.E - 1) * sp.exp(-t)) == "(E - 1)*exp(-t)"
    assert "sin(t) - t⋅cos(t)" in pretty(sp.sin(t) - t * sp.cos(t))
