"""Every command names the option a library error is about, from ``ConvmathError.argument``.

Each library call a command makes is replaced by one that raises
``ConvmathError("boom", argument=name)``. The command must exit 2 with ONE line naming the
option typed in the tables below (the commands' own tables are not read here), or, for an
argument that is no value the user typed (a timeout, a missing PyTorch), the plain message.
A call that validates one option names that option when the error names no argument.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil

import pytest
import typer
from typer.testing import CliRunner

import convmath
from convmath.cli import app
from convmath.cli._app import library_errors
from convmath.errors import ConvmathError, ShapeError

runner = CliRunner()


# Every module imported now, not while a function is patched: a module first imported then
# would keep the raising stand-in it imported by name (``from ... import output_shape``).
for _module in pkgutil.walk_packages(convmath.__path__, "convmath."):
    if not _module.name.endswith("__main__"):
        importlib.import_module(_module.name)

#: How every command names a convolution's hyper-parameters.
HYPER = {"stride": "--stride", "padding": "--padding", "dilation": "--dilation"}
#: The size formulas' one-letter arguments (symbolic.sizes).
SIZES = {"i": "--input", "k": "--kernel", "s": "--stride", "p": "--padding", "d": "--dilation"}

# (library function, a command line that reaches it, {argument: option, or None: plain})
CALLS = [
    pytest.param(
        "convmath.symbolic.stomach.derive_stomach",
        ["derive", "--no-check"],
        {"meals": "--meal", "at": "--at", "emptying": None, "timeout": None},
        id="derive-stomach",
    ),
    pytest.param(
        "convmath.figures.stomach.save_stomach_plot",
        ["derive", "--no-check", "--plot", "plot.png"],
        {"path": "--plot", "result": None, "width": None},
        id="derive-stomach-plot",
    ),
    pytest.param(
        "convmath.symbolic.continuous.derive_convolution",
        ["derive", "conv", "u(t)", "u(t)"],
        {
            "f": "F",
            "g": "G",
            "t": "--var",
            "parameters": "--param",
            "timeout": None,
            "verify": None,
        },
        id="derive-conv",
    ),
    pytest.param(
        "convmath.figures.signals.save_convolution_plot",
        ["derive", "conv", "rect(t)", "rect(t)", "--plot", "plot.png"],
        {"path": "--plot", "f": "F", "g": "G", "t": "--var", "result": None},
        id="derive-conv-plot",
    ),
    pytest.param(
        "convmath.numeric.shapes.output_shape",
        ["derive", "matrix"],
        {
            "input_shape": "--input",
            "kernel_shape": "--kernel",
            **HYPER,
        },
        id="derive-matrix-shape",
    ),
    pytest.param(
        "convmath.numeric.shapes.transposed_output_shape",
        ["derive", "matrix", "--transposed"],
        {
            "input_shape": "--input",
            "kernel_shape": "--kernel",
            **HYPER,
            "output_padding": "--output-padding",
        },
        id="derive-matrix-transposed-shape",
    ),
    pytest.param(
        "convmath.symbolic.matrix.conv_matrix",
        ["derive", "matrix"],
        {
            "input_shape": "--input",
            "kernel": "--kernel",
            **HYPER,
            None: "--input",  # the shapes are checked by now: what is left is the size
        },
        id="derive-matrix",
    ),
    pytest.param(
        "convmath.symbolic.matrix.conv_transpose_matrix",
        ["derive", "matrix", "--transposed", "--input", "2x2"],
        {
            "input_shape": "--input",
            "kernel": "--kernel",
            **HYPER,
            "output_padding": "--output-padding",
            None: "--input",
        },
        id="derive-matrix-transposed",
    ),
    pytest.param(
        "convmath.symbolic.matrix.check_transpose_identity",
        ["derive", "matrix", "--transposed", "--input", "2x2"],
        {
            "input_shape": "--input",
            "kernel": "--kernel",
            **HYPER,
            "output_padding": "--output-padding",
        },
        id="derive-matrix-identity",
    ),
    pytest.param(
        "convmath.symbolic.sizes.conv_output_size",
        ["derive", "shape", "--input", "5", "--kernel", "3"],
        {
            **SIZES,
            # it checks numbers with numeric.shapes, whose errors name its own arguments
            "input_shape": "--input",
            "kernel_shape": "--kernel",
            **HYPER,
            None: None,
        },
        id="derive-shape",
    ),
    pytest.param(
        "convmath.symbolic.sizes.transposed_output_size",
        ["derive", "shape", "--transposed"],
        {
            **SIZES,
            "a": "--output-padding",
            "output_padding": "--output-padding",
        },
        id="derive-shape-transposed",
    ),
    pytest.param(
        "convmath.symbolic.receptive.receptive_fields_by_depth",
        ["derive", "receptive-field", "--kernel", "3,3"],
        {
            "kernel": "--kernel",
            "stride": "--stride",
            "dilation": "--dilation",
            "padding": "--padding",
            "layers": "--layers",
        },
        id="derive-receptive-field",
    ),
    pytest.param(
        "convmath.symbolic.receptive.stack_receptive_field",
        ["derive", "receptive-field", "--dilation", "2^l"],
        {
            "layers": "--layers",
            "kernel": "--kernel",
            "stride": "--stride",
            "dilation": "--dilation",
            "padding": "--padding",
            "index": None,
        },
        id="derive-receptive-field-stack",
    ),
    pytest.param(
        "convmath.symbolic.parameters.parameter_counts",
        ["derive", "params", "--m", "5", "--n", "5", "--k", "3"],
        {"m": "--m", "n": "--n", "k": "--k", "bias": "--bias"},
        id="derive-params",
    ),
    pytest.param(
        "convmath.symbolic.parameters.conv_parameter_counts",
        ["derive", "params", "--input", "3x8x8", "--kernel", "3x3"],
        {
            "input_shape": "--input",
            "in_channels": "--input",
            "out_channels": "--out-channels",
            "kernel_shape": "--kernel",
            "stride": "--stride",
            "s": "--stride",
            "padding": "--padding",
            "p": "--padding",
            "groups": "--groups",
            "bias": "--bias",
            "dilation": None,  # no option: the command counts undilated kernels
        },
        id="derive-params-image",
    ),
    pytest.param(
        "convmath.figures.animation.plan_animation",
        ["animate", "conv"],
        {
            "mode": "MODE",
            "input_shape": "--input",
            "kernel_shape": "--kernel",
            **HYPER,
            "output_padding": "--output-padding",
        },
        id="animate-plan",
    ),
    pytest.param(
        "convmath.figures.animation.save_animation",
        ["animate", "conv", "--out", "a.gif"],
        {
            "plan": None,
            "path": "--out",
            "values": "--values",
            "pool": "--pool",
            "dilation": "--dilation",  # average pooling has no dilation
            "seed": "--seed",
            "input_values": "--input-values",
            "kernel_values": "--kernel-values",
            "view": "--view",
            "dpi": "--dpi",
            "fps": "--fps",
        },
        id="animate-save",
    ),
    pytest.param(
        "convmath.figures.animation.save_frames",
        ["animate", "conv", "--frames", "frames"],
        {
            "plan": None,
            "folder": "--frames",
            "fmt": "--frame-format",
            "stem": None,
            "dpi": "--dpi",
            "view": "--view",
            "values": "--values",
            "seed": "--seed",
        },
        id="animate-frames",
    ),
    pytest.param(
        "convmath.figures.dumoulin.render_presets",
        ["animate", "--preset", "dumoulin", "--out", "folder"],
        {
            "out_dir": "--out",
            "names": "--preset",
            "name": "--preset",
            "values": "--values",
            "dpi": "--dpi",
            "fps": "--fps",
            "progress": None,
        },
        id="animate-presets",
    ),
    pytest.param(
        "convmath.figures.dumoulin.preset_plan",
        ["animate", "--preset", "dilation", "--out", "dilation.gif"],
        {"name": "--preset", None: "--preset"},  # the call checks the name alone
        id="animate-preset-file",
    ),
    pytest.param(
        "convmath.figures.style.figure_width",
        ["figures", "pooling", "--width", "single", "--out", "folder"],
        {"width": "--width", None: "--width"},
        id="figures-width",
    ),
    pytest.param(
        "convmath._io.writable_directory",
        ["figures", "pooling", "--out", "folder"],
        {"path": "--out", "name": "NAME", None: "--out"},
        id="figures-folder",
    ),
    pytest.param(
        "convmath.figures.registry.render",
        ["figures", "pooling", "--out", "folder"],
        {
            "name": "NAME",
            "path_or_dir": "--out",
            "fmt": "--format",
            "dpi": "--dpi",
            "width": "--width",
            "usetex": "--usetex",
            "style": "--style",
            "font": "--font",
            None: None,
        },
        id="figures-render",
    ),
    pytest.param(
        "convmath.verification.suite.run_suite",
        ["verify", "--quick"],
        {"seed": "--seed", "quick": "--quick", "torch": None, "only": None},
        id="verify",
    ),
]


def _resolve(target: str):
    module, _, name = target.rpartition(".")
    return importlib.import_module(module), name


def _raising(argument, real=None):
    """A call that raises; with `real`, its stand-in (same signature: defaults can be read)."""

    def library_call(*args, **kwargs):
        raise ConvmathError("boom", argument=argument)

    return library_call if real is None else functools.wraps(real)(library_call)


def _error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _expected(option: str | None) -> str:
    return "Error: boom" if option is None else f"Error: Invalid value for '{option}': boom"


@pytest.mark.parametrize(("target", "args", "options"), CALLS)
def test_each_argument_of_a_library_error_names_its_option(
    target, args, options, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    module, name = _resolve(target)
    real = getattr(module, name)
    for argument, option in options.items():
        monkeypatch.setattr(module, name, _raising(argument, real))
        line = _error_line(runner.invoke(app, args))
        assert line == _expected(option), (argument, line)
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []  # nothing written


@pytest.mark.parametrize(("target", "args", "options"), CALLS)
def test_the_tables_above_list_every_argument_of_the_library_call(target, args, options):
    module, name = _resolve(target)
    parameters = inspect.signature(getattr(module, name)).parameters.values()
    named = {p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    assert named <= set(options), named - set(options)


def _parse_refusing(word: str):
    """``parse`` that refuses, naming no argument, any text or name containing `word`."""
    from convmath.symbolic import parser

    real = parser.parse

    def parse(text, variables=("t",), **kwargs):
        names = [text, *variables, *map(str, kwargs.get("parameters", ()))]
        if any(word in name for name in names):
            raise ConvmathError("boom")
        return real(text, variables, **kwargs)

    return parse


@pytest.mark.parametrize(
    ("args", "option"),
    [
        pytest.param(["derive", "conv", "BAD(t)", "u(t)"], "F", id="F"),
        pytest.param(["derive", "conv", "u(t)", "BAD(t)"], "G", id="G"),
        pytest.param(["derive", "conv", "u(t)", "u(t)", "--var", "BAD"], "--var", id="var"),
        pytest.param(["derive", "conv", "u(t)", "u(t)", "--param", "BAD"], "--param", id="param"),
        pytest.param(["derive", "matrix", "--kernel", "1x2", "--values", "1,BAD"], "--values"),
        pytest.param(["derive", "--remaining", "BAD(s)", "--no-check"], "--remaining"),
    ],
)
def test_a_parse_error_naming_no_argument_names_the_option_parsed(args, option, monkeypatch):
    from convmath.symbolic import parser

    monkeypatch.setattr(parser, "parse", _parse_refusing("BAD"))
    assert _error_line(runner.invoke(app, args)) == _expected(option)


@pytest.mark.parametrize(
    ("model", "args", "option"),
    [
        ("Meal", ["--meal", "7:00,300"], "--meal"),
        ("ExponentialEmptying", ["--half-life", "3"], "--half-life"),
        ("LinearEmptying", ["--linear", "3"], "--linear"),
        ("CustomEmptying", ["--remaining", "exp(-s)"], "--remaining"),
    ],
)
def test_a_stomach_model_built_from_one_option_names_it(model, args, option, monkeypatch):
    from convmath.symbolic import stomach

    for argument in (None, "anything"):
        monkeypatch.setattr(stomach, model, _raising(argument))
        line = _error_line(runner.invoke(app, ["derive", *args, "--no-check"]))
        assert line == _expected(option)


def test_library_errors_lets_other_exceptions_through():
    table = {"stride": "--stride"}
    with pytest.raises(typer.BadParameter) as info, library_errors(table):
        raise ShapeError("stride too large", argument="stride")
    assert info.value.param_hint == "'--stride'" and info.value.message == "stride too large"
    with pytest.raises(ShapeError), library_errors(table):  # no argument, no fallback
        raise ShapeError("diverges")
    with pytest.raises(KeyError), library_errors(table, fallback="--stride"):
        raise KeyError("a bug is not a bad value")
    original = typer.BadParameter("parsed", param_hint="'--padding'")
    with pytest.raises(typer.BadParameter) as info, library_errors(table, fallback="--stride"):
        raise original
    assert info.value is original


@pytest.mark.parametrize(
    ("option", "typed"),
    [
        ("--half-life", "0"),
        ("--half-life", "-0.5"),
        ("--half-life", "1e-9"),
        ("--half-life", "0.001"),
        ("--half-life", "2000"),
        ("--linear", "0.01"),
    ],
)
def test_an_emptying_time_out_of_range_is_refused_at_once_echoed_as_typed(option, typed):
    # 1e-9 used to run into the 60 s timeout and 0.001 to print 107 KB; 0 echoed Fraction(0, 1)
    result = CliRunner().invoke(app, ["derive", option, typed])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert _error_line(result) == (
        f"Error: Invalid value for '{option}': must be between 0.05 and 1000 hours, got '{typed}'"
    )


def test_the_shortest_half_life_allowed_prints_a_few_kilobytes():
    result = CliRunner().invoke(app, ["derive", "--half-life", "0.05"])
    assert result.exit_code == 0
    assert 0 < len(result.stdout.encode()) < 8000


def test_a_library_bound_echoes_an_exact_number_as_a_number():
    from fractions import Fraction

    from convmath.symbolic.stomach import ExponentialEmptying

    with pytest.raises(ConvmathError) as info:
        ExponentialEmptying(Fraction(0))
    assert str(info.value) == "half_life must be > 0; got 0"


@pytest.mark.parametrize("typed", ["1001", "3000", "100000"])
def test_a_stack_deeper_than_1000_layers_is_refused_at_once(typed):
    # 3000 layers used to take 52 s and 100000 over a minute
    result = CliRunner().invoke(app, ["derive", "receptive-field", "--layers", typed])
    assert _error_line(result) == (
        f"Error: Invalid value for '--layers': layers must be between 1 and 1000; got {typed}"
    )


def test_the_deepest_stack_allowed_has_the_formula_size_in_a_few_lines():
    result = CliRunner().invoke(
        app, ["derive", "receptive-field", "--kernel", "3", "--layers", "1000"]
    )
    assert result.exit_code == 0
    assert "r = 2001 input positions" in result.stdout  # 1 + 1000 (3 - 1)
    assert len(result.stdout.encode()) < 4000  # no per-layer table for a deep stack


@pytest.mark.parametrize("option", ["--plot"])
def test_a_plot_path_that_cannot_be_written_exits_2_naming_it(option):
    result = CliRunner().invoke(
        app, ["derive", "conv", "rect(t)", "rect(t)", option, "/proc/x.png"]
    )
    line = _error_line(result)
    assert "'--plot'" in line and "/proc/x.png" in line
