"""Tests of convmath.symbolic.compiled: no caller's name is ever printed as code.

A SymPy Symbol or undefined Function may have any name; printed into source by lambdify or
a code printer, a name such as ``x, y=print("INJECTED")`` runs. Every public entry point
that evaluates an expression numerically must refuse such names with ExpressionError and
run nothing: each payload below would print INJECTED and set an environment variable.
"""

from __future__ import annotations

import math
import os
import pathlib
import re
import subprocess
import sys

import pytest
import sympy as sp
from sympy.utilities.lambdify import implemented_function

from convmath.errors import ExpressionError
from convmath.symbolic import convolve, derive_convolution, derive_stomach
from convmath.symbolic._check import check_against_quadrature
from convmath.symbolic.compiled import anonymized, array_function, scalar_function
from convmath.symbolic.stomach import CustomEmptying
from convmath.verification import sampled_check, signal_window, to_signal

_SENTINEL = "CONVMATH_INJECTED"
_PAYLOAD = f'x, y=print("INJECTED") or __import__("os").environ.__setitem__("{_SENTINEL}", "1")'

t = sp.Symbol("t")
s = sp.Symbol("s")
u, d = sp.Heaviside, sp.DiracDelta
HOSTILE = sp.Symbol(_PAYLOAD, real=True)
HOSTILE_PLAIN = sp.Symbol(_PAYLOAD)
UNDEFINED = sp.Function("f")
HOSTILE_FUNCTION = sp.Function('print("INJECTED") or __import__("os").system("true") or f')
IMPLEMENTED = implemented_function("g", lambda v: print("INJECTED") or v)  # noqa: T201
PRINT_CLASS = type("print", (sp.Function,), {})  # a Function subclass named like a builtin


@pytest.fixture
def sentinel(capsys, monkeypatch):
    """Fails the test if any payload ran (printed INJECTED or set the environment variable)."""
    monkeypatch.delenv(_SENTINEL, raising=False)
    yield
    out, err = capsys.readouterr()
    assert "INJECTED" not in out + err
    assert _SENTINEL not in os.environ


ENTRY_POINTS = [
    # (call, what the message must name)
    pytest.param(lambda: convolve(sp.sin(HOSTILE), d(HOSTILE - 1), HOSTILE), "not an identifier|named like", id="convolve-t"),
    pytest.param(lambda: convolve(sp.exp(-HOSTILE * t) * u(t), u(t), t, parameters=[HOSTILE]), "identifiers", id="convolve-parameter"),
    pytest.param(lambda: convolve(sp.exp(-HOSTILE_PLAIN) * u(t), u(t), t), "not an identifier", id="convolve-symbol-in-f"),
    pytest.param(lambda: convolve(UNDEFINED(t), d(t - 1), t), "undefined function 'f'", id="convolve-undefined"),
    pytest.param(lambda: convolve(u(t), HOSTILE_FUNCTION(t) * u(t), t), "undefined function", id="convolve-hostile-function"),
    pytest.param(lambda: convolve(IMPLEMENTED(t), d(t), t), "undefined function 'g'", id="convolve-implemented-function"),
    pytest.param(lambda: convolve(PRINT_CLASS(t), d(t), t), "SymPy does not define", id="convolve-function-class"),
    pytest.param(lambda: convolve("u(t)", "u(t) - u(t-1)", HOSTILE), "named like", id="convolve-text-with-hostile-t"),
    pytest.param(lambda: derive_convolution(d(HOSTILE), u(HOSTILE), HOSTILE), "named like", id="derive-t"),
    pytest.param(lambda: derive_convolution(d(HOSTILE), u(HOSTILE), HOSTILE, verify=False), "named like", id="derive-unverified-t"),
    pytest.param(lambda: derive_convolution(UNDEFINED(t), d(t), t, verify=False), "undefined function 'f'", id="derive-undefined"),
    pytest.param(lambda: derive_stomach(emptying=CustomEmptying(HOSTILE_FUNCTION(s))), "undefined function", id="stomach-function"),
    pytest.param(lambda: derive_stomach(emptying=CustomEmptying(sp.exp(-HOSTILE_PLAIN * s))), "not an identifier", id="stomach-symbol"),
    pytest.param(lambda: sampled_check(u(HOSTILE), u(HOSTILE), HOSTILE * u(HOSTILE), HOSTILE), "not an identifier", id="sampled-check-t"),
    pytest.param(lambda: sampled_check(UNDEFINED(t), u(t), t * u(t), t), "undefined function 'f'", id="sampled-check-f"),
    pytest.param(lambda: sampled_check(u(t), u(t), HOSTILE_FUNCTION(t), t), "undefined function", id="sampled-check-result"),
    pytest.param(lambda: to_signal(u(HOSTILE), HOSTILE, 0, 1), "not an identifier", id="to-signal"),
    pytest.param(lambda: signal_window(IMPLEMENTED(t) * u(t), t), "undefined function 'g'", id="signal-window"),
    pytest.param(lambda: check_against_quadrature(u(HOSTILE), (), u(HOSTILE), (), HOSTILE * u(HOSTILE), HOSTILE, HOSTILE, [0]), "not an identifier", id="check-against-quadrature"),
    pytest.param(lambda: scalar_function(sp.exp(HOSTILE), HOSTILE), "not an identifier", id="scalar-function"),
    pytest.param(lambda: array_function(UNDEFINED(t), t), "undefined function 'f'", id="array-function"),
]  # fmt: skip


@pytest.mark.usefixtures("sentinel")
@pytest.mark.parametrize(("call", "match"), ENTRY_POINTS)
def test_hostile_names_are_refused_and_nothing_runs(call, match):
    with pytest.raises(ExpressionError, match=match):
        call()


def test_the_sentinel_sees_a_payload_that_is_printed_as_code(capsys, monkeypatch):
    # what the old check did: print the variable into a def and exec it
    from sympy.printing.pycode import PythonCodePrinter

    monkeypatch.delenv(_SENTINEL, raising=False)
    exec(f"def _f({PythonCodePrinter().doprint(HOSTILE)}):\n    return 0\n", {})  # noqa: S102
    assert "INJECTED" in capsys.readouterr().out
    assert os.environ.get(_SENTINEL) == "1"


def test_errors_carry_the_argument():
    with pytest.raises(ExpressionError) as info:
        convolve(u(t), UNDEFINED(t), t)
    assert info.value.argument == "g"


def test_every_symbol_is_replaced_by_a_fresh_dummy_even_bound_ones():
    a = sp.Symbol("a")
    expr, (v,) = anonymized(sp.Integral(sp.exp(-(a**2)), (a, 0, t)), (t,))
    assert all(isinstance(symbol, sp.Dummy) for symbol in expr.atoms(sp.Symbol))
    assert expr.free_symbols == {v}
    # integral_0^1 exp(-a^2) da = sqrt(pi)/2 erf(1)
    value = scalar_function(sp.Integral(sp.exp(-(a**2)), (a, 0, t)), t)(1.0)
    assert value == pytest.approx(0.7468241328124271, rel=1e-12)


def test_free_symbols_besides_the_variable_are_refused():
    with pytest.raises(ExpressionError, match="has the symbols a besides the variable"):
        scalar_function(sp.Symbol("a") * t, t)


@pytest.mark.parametrize(
    ("expr", "at", "expected"),
    [
        pytest.param(sp.exp(-t) * u(t), 1.0, 0.36787944117144233, id="math"),
        pytest.param(sp.besselj(0, t), 1.0, 0.7651976865579666, id="not-in-math: scipy"),
        pytest.param(sp.I * sp.sign(t - 2), 1.0, -1j, id="not-in-cmath: numpy"),
        pytest.param(sp.exp(t) * u(-t), 800.0, 0.0, id="overflow times zero: mpmath"),
        pytest.param(sp.Piecewise((t, t < 1), (2, True)), 0.5, 0.5, id="piecewise"),
    ],
)
def test_scalar_function_values(expr, at, expected):
    assert scalar_function(expr, t)(at) == pytest.approx(expected, rel=1e-12, abs=1e-300)


def test_symbols_named_like_the_modules_functions_do_not_shadow_them():
    # printed by its own name, a variable called exp would shadow math.exp
    shadow = sp.Symbol("exp")
    assert scalar_function(sp.exp(shadow) + shadow, shadow)(1.5) == pytest.approx(
        math.exp(1.5) + 1.5, rel=1e-15
    )


def test_array_function_on_arrays():
    import numpy as np

    values = array_function((1 - sp.Abs(t)) * (u(t + 1) - u(t - 1)), t)(np.array([-2, 0, 0.5]))
    np.testing.assert_allclose(values, [0.0, 1.0, 0.5])


def test_code_generation_happens_only_in_compiled():
    root = pathlib.Path(__file__).resolve().parents[1] / "convmath"
    sources = [*(root / "symbolic").glob("*.py"), root / "verification" / "closed_form.py"]
    calls = re.compile(r"lambdify\(|doprint\(|parse_expr\(|(?<![\w.])(exec|eval|compile)\(")
    display = re.compile(r"from sympy\.printing\.(\w+)")
    for path in sources:
        text = path.read_text()
        if path.name == "_present_print.py":
            # printers of displayed text (str, LaTeX, 2-D): what they print is read, never run
            assert set(display.findall(text)) <= {"str", "latex", "pretty"}, path.name
            text = text.replace(").doprint(expr)", ")")
        if path.name != "compiled.py":
            found = calls.search(text)
            assert found is None, f"{path.name} calls {found.group()}"


def test_the_sympy_layer_does_not_import_the_numeric_layer():
    modules = ", ".join(
        f"convmath.symbolic.{name}"
        for name in ("continuous", "piecewise_form", "stomach", "compiled", "parser")
    )
    code = (
        f"import sys, {modules}\n"
        "loaded = [m for m in sys.modules if m.startswith('convmath.numeric')]\n"
        "assert not loaded, loaded\n"
        "from convmath.symbolic import sampled_check  # lazy: the bridge loads on use\n"
        "assert sampled_check.__module__ == 'convmath.verification.closed_form'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
