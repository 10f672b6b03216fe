"""Tests of convmath.symbolic.parser: the grammar, the whitelist and the resource bounds."""

from __future__ import annotations

import pathlib

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from convmath.errors import ExpressionError
from convmath.symbolic import parse, rect, tri

t, s, a = sp.symbols("t s a")

ACCEPTED = [
    pytest.param("1 + 2*3", sp.Integer(7), id="precedence"),
    pytest.param("2^3^2", sp.Integer(512), id="caret-right-assoc"),
    pytest.param("2**3**2", sp.Integer(512), id="starstar-right-assoc"),
    pytest.param("-t^2", -(t**2), id="unary-minus-binds-looser-than-power"),
    pytest.param("t^-1", 1 / t, id="negative-exponent"),
    pytest.param("7.5", sp.Rational(15, 2), id="decimal-exact"),
    pytest.param("1e-3", sp.Rational(1, 1000), id="scientific"),
    pytest.param("2.5E2", sp.Integer(250), id="scientific-upper"),
    pytest.param(".5", sp.Rational(1, 2), id="leading-dot"),
    pytest.param("2t", 2 * t, id="implicit-number-name"),
    pytest.param("3(t - 1)", 3 * (t - 1), id="implicit-number-paren"),
    pytest.param("(t+1)(t-1)", (t + 1) * (t - 1), id="implicit-paren-paren"),
    pytest.param("exp(-t) u(t)", sp.exp(-t) * sp.Heaviside(t), id="implicit-after-call"),
    pytest.param("step(t - 1)", sp.Heaviside(t - 1), id="step-alias"),
    pytest.param("Heaviside(t)", sp.Heaviside(t), id="heaviside"),
    pytest.param("delta(t - 2)", sp.DiracDelta(t - 2), id="delta-alias"),
    pytest.param("DiracDelta(t)", sp.DiracDelta(t), id="diracdelta"),
    pytest.param("rect(t)", rect(t), id="rect"),
    pytest.param("tri(t/2)", tri(t / 2), id="tri"),
    pytest.param("ln(t)", sp.log(t), id="ln"),
    pytest.param("log(8, 2)", sp.Integer(3), id="log-base"),
    pytest.param("abs(t)", sp.Abs(t), id="abs"),
    pytest.param("|t - 1|", sp.Abs(t - 1), id="bars"),
    pytest.param("e^t", sp.exp(t), id="e-constant"),
    pytest.param("E", sp.E, id="E-constant"),
    pytest.param("pi/2", sp.pi / 2, id="pi"),
    pytest.param("π", sp.pi, id="unicode-pi"),
    pytest.param("2 − t", 2 - t, id="unicode-minus"),
    pytest.param("3 × t", 3 * t, id="unicode-times"),
    pytest.param("I^2", sp.Integer(-1), id="imaginary-unit"),
    pytest.param("oo", sp.oo, id="infinity"),
    pytest.param("sqrt(4)", sp.Integer(2), id="sqrt"),
    pytest.param("sin(pi/2) + cos(0) + tan(0)", sp.Integer(2), id="trig"),
    pytest.param("sign(-3)", sp.Integer(-1), id="sign"),
    pytest.param("max(1, 2, 3)", sp.Integer(3), id="max"),
    pytest.param("5!", sp.Integer(120), id="factorial-postfix"),
    pytest.param("factorial(4)", sp.Integer(24), id="factorial-call"),
    pytest.param("  t  ", t, id="whitespace"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_expressions_build_the_expected_sympy_object(text, expected):
    assert parse(text) == expected


def test_variables_and_parameters():
    assert parse("2^(-s/2)", variables=["s"]) == 2 ** (-s / 2)
    assert parse("exp(-a*t)", parameters=["a"]) == sp.exp(-a * t)
    positive = sp.Symbol("a", positive=True)
    result = parse("exp(-a*t)", parameters=[positive])
    assert result.free_symbols == {positive, t}


def test_strings_become_plain_symbols_so_subs_by_name_works():
    assert parse("t^2 + 1").subs("t", 3) == 10


REJECTED = [
    pytest.param("__import__('os')", "names with '__'", 0, id="dunder"),
    pytest.param("t.real", "unexpected character", 1, id="attribute"),
    pytest.param("t[0]", "unexpected character", 1, id="subscript"),
    pytest.param("lambda: 1", "unknown name", 0, id="lambda"),
    pytest.param("[t for t in x]", "unexpected character", 0, id="comprehension"),
    pytest.param("'t'", "unexpected character", 0, id="string"),
    pytest.param("exp(t, x=1)", "unknown name", 7, id="keyword-argument"),
    pytest.param("x + 1", "unknown name", 0, id="undeclared-name"),
    pytest.param("f(t)", "unknown name", 0, id="unknown-function"),
    pytest.param("exp", "needs parenthesised arguments", 0, id="bare-function"),
    pytest.param("exp()", "unexpected token", 4, id="empty-call"),
    pytest.param("sin(1, 2)", "takes 1 argument", 0, id="arity"),
    pytest.param("2 3", "unexpected token", 2, id="two-numbers"),
    pytest.param("t +", "ends too early", 3, id="dangling-operator"),
    pytest.param("(t + 1", r"expected '\)'", 6, id="unclosed-paren"),
    pytest.param("t)", "unexpected token", 1, id="extra-paren"),
    pytest.param("1/0", "division by zero", 1, id="division-by-zero"),
    pytest.param("0^-1", "division by zero", 1, id="zero-negative-power"),
    pytest.param("t; 1", "unexpected character", 1, id="semicolon"),
    pytest.param("t == 1", "unexpected character", 2, id="comparison"),
]


@pytest.mark.parametrize(("text", "message", "position"), REJECTED)
def test_rejected_text_names_position_and_token(text, message, position):
    with pytest.raises(ExpressionError, match=message) as info:
        parse(text)
    assert info.value.position == position
    assert f"position {position}" in str(info.value)


def test_empty_and_non_string_input():
    with pytest.raises(ExpressionError, match="empty expression"):
        parse("   ")
    with pytest.raises(ExpressionError, match="must be a string"):
        parse(42)


def test_reserved_and_malformed_declarations():
    with pytest.raises(ExpressionError, match="reserved"):
        parse("1", variables=["exp"])
    with pytest.raises(ExpressionError, match="reserved"):
        parse("1", parameters=["e"])
    with pytest.raises(ExpressionError, match="identifiers"):
        parse("1", variables=["2t"])


HOSTILE = [
    pytest.param("9**9**9**9", "power too large", id="tower"),
    pytest.param("2^100000", "power too large", id="big-power"),
    pytest.param("(10^4000)^10", "power too large", id="power-of-power"),
    pytest.param("t^100000", "exponent", id="symbolic-exponent"),
    pytest.param("99999!", "factorial too large", id="factorial"),
    pytest.param("factorial(10^5)", "factorial too large", id="factorial-call"),
    pytest.param("1e999999999", "decimal exponent", id="scientific-exponent"),
    pytest.param("9" * 500, "longer than", id="long-literal"),
    pytest.param("(" * 500 + "t" + ")" * 500, "nested deeper", id="deep-parens"),
    pytest.param("-" * 500 + "t", "nested deeper", id="deep-signs"),
    pytest.param("t" + "^t" * 200, "nested deeper", id="deep-powers"),
    pytest.param("t+" * 3000 + "t", "characters long", id="too-long"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE)
def test_hostile_input_is_refused_by_its_resource_bound(text, message):
    # The message names the bound that fired before SymPy computed anything large: no hang,
    # no giant allocation (timing it here would make a flaky test on a shared machine).
    with pytest.raises(ExpressionError, match=message):
        parse(text)


def test_code_injection_executes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for text in (
        "__import__('os').system('touch pwned')",
        'exec(\'open("pwned", "w")\')',
        "open('pwned', 'w')",
    ):
        with pytest.raises(ExpressionError):
            parse(text)
    assert not (tmp_path / "pwned").exists()


def test_parser_source_never_calls_eval_sympify_or_parse_expr():
    source = pathlib.Path(parse.__code__.co_filename).read_text()
    for forbidden in ("sympify(", "parse_expr(", "eval(", "exec(", "S("):
        assert forbidden not in source


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="t0123456789.+-*/^()|!, eupxasincolgrd_", max_size=40))
def test_any_text_either_parses_or_raises_expression_error(text):
    try:
        result = parse(text)
    except ExpressionError as error:
        assert error.position is None or 0 <= error.position <= len(text)
    else:
        assert isinstance(result, sp.Basic)
        assert result.free_symbols <= {t}


@settings(deadline=None, max_examples=100)
@given(
    st.integers(-50, 50),
    st.integers(1, 50),
    st.integers(0, 6),
)
def test_rational_arithmetic_matches_python_fractions(p, q, n):
    from fractions import Fraction

    value = parse(f"({p}/{q})^{n} + {p}*{q} - ({q})")
    expected = Fraction(p, q) ** n + p * q - q
    assert value == sp.Rational(expected.numerator, expected.denominator)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 |t|", 2 * sp.Abs(sp.Symbol("t"))),
        ("exp(-a |t|)", sp.exp(-sp.Symbol("a") * sp.Abs(sp.Symbol("t")))),
        ("|t| |t - 1|", sp.Abs(sp.Symbol("t")) * sp.Abs(sp.Symbol("t") - 1)),
        ("ramp(t - 1)", (sp.Symbol("t") - 1) * sp.Heaviside(sp.Symbol("t") - 1)),
        ("erf(t)", sp.erf(sp.Symbol("t"))),
    ],
)
def test_implicit_bars_ramp_and_erf(text, expected):
    assert parse(text, parameters=["a"]) == expected


def test_sinc_is_numpy_normalised():
    import numpy as np

    expr = parse("sinc(t)")
    for v in (0.0, 0.3, 1.7):
        assert float(expr.subs(sp.Symbol("t"), v)) == pytest.approx(float(np.sinc(v)))
