"""The defaults the command line shows are the library's, and omitted options get them.

An option whose default belongs to the library is not passed when omitted; its help still
shows the default (``--help`` must not import the library to read it), so these tests hold
the help text to the library's signatures and constants, and check that an omitted option
behaves like the default the help names.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import typer.main
from PIL import Image
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()
ROOT = typer.main.get_command(app)


def help_of(path: str, option: str) -> str:
    """The help text of `option` of the command at `path` (``"derive matrix"``)."""
    command = ROOT
    for name in path.split():
        command = command.commands[name]
    (param,) = [p for p in command.params if option in p.opts]
    return param.help


def shown_default(path: str, option: str) -> str:
    match = re.search(r"\[default: ([^\]]+)\]\Z", help_of(path, option))
    assert match, help_of(path, option)
    return match.group(1)


def default_of(target: str, name: str):
    module, _, function = target.rpartition(".")
    library = __import__(module, fromlist=[function])
    return inspect.signature(getattr(library, function)).parameters[name].default


@pytest.mark.parametrize(
    ("command", "option", "library", "name"),
    [
        ("derive matrix", "--stride", "convmath.symbolic.matrix.conv_matrix", "stride"),
        ("derive matrix", "--padding", "convmath.symbolic.matrix.conv_matrix", "padding"),
        ("derive matrix", "--dilation", "convmath.symbolic.matrix.conv_matrix", "dilation"),
        (
            "derive matrix",
            "--output-padding",
            "convmath.symbolic.matrix.conv_transpose_matrix",
            "output_padding",
        ),
        ("derive receptive-field", "--kernel", "convmath.symbolic.receptive.stack_receptive_field", "kernel"),
        ("derive receptive-field", "--stride", "convmath.symbolic.receptive.receptive_field", "stride"),
        ("derive receptive-field", "--dilation", "convmath.symbolic.receptive.receptive_field", "dilation"),
        ("derive receptive-field", "--padding", "convmath.symbolic.receptive.receptive_field", "padding"),
        ("derive params", "--stride", "convmath.symbolic.parameters.conv_parameter_counts", "stride"),
        ("derive params", "--padding", "convmath.symbolic.parameters.conv_parameter_counts", "padding"),
        ("derive params", "--groups", "convmath.symbolic.parameters.conv_parameter_counts", "groups"),
        ("animate", "--padding", "convmath.figures.animation.plan_animation", "padding"),
        ("animate", "--dilation", "convmath.figures.animation.plan_animation", "dilation"),
        ("animate", "--output-padding", "convmath.figures.animation.plan_animation", "output_padding"),
        ("animate", "--pool", "convmath.figures.animation.save_animation", "pool"),
        ("animate", "--dpi", "convmath.figures.animation.save_animation", "dpi"),
        ("animate", "--fps", "convmath.figures.animation.save_animation", "fps"),
        ("verify", "--seed", "convmath.verification.suite.run_suite", "seed"),
    ],
)  # fmt: skip
def test_the_help_shows_the_library_default(command, option, library, name):
    assert shown_default(command, option) == str(default_of(library, name))


def test_the_receptive_field_stack_and_list_share_their_defaults():
    # the command passes omitted options to either function: both must agree
    for name in ("stride", "dilation", "padding"):
        listed = default_of("convmath.symbolic.receptive.receptive_field", name)
        stack = default_of("convmath.symbolic.receptive.stack_receptive_field", name)
        assert listed == stack


def test_the_stomach_help_names_the_library_defaults():
    from convmath.symbolic.stomach import DEFAULT_EMPTYING, DEFAULT_MEALS, DEFAULT_TIME, Meal

    assert shown_default("derive", "--at") == "14:00" and DEFAULT_TIME == 14
    assert "(default 2)" in help_of("derive", "--half-life") and DEFAULT_EMPTYING.half_life == 2
    assert "Default: 7:00,300,30m and 12:00,500,30m." in help_of("derive", "--meal")
    half_an_hour = [(7, 300, 0.5), (12, 500, 0.5)]
    assert [
        tuple(map(float, (m.time, m.grams, m.duration))) for m in DEFAULT_MEALS
    ] == half_an_hour
    assert float(Meal(7, 300).duration) == 0.5  # --meal 7:00,300 is eaten over 30 minutes


def test_the_shape_help_names_the_formulas_defaults():
    from convmath.symbolic.sizes import conv_output_size, transposed_output_size

    text = " ".join(ROOT.commands["derive"].commands["shape"].help.split())
    assert "stride 1, padding 0, dilation 1, output padding 0" in text
    signature = inspect.signature(transposed_output_size).parameters
    assert [signature[key].default for key in "spda"] == [1, 0, 1, 0]
    assert inspect.signature(conv_output_size).parameters["s"].default == 1


def test_the_figures_dpi_help_names_the_house_style():
    style = Path(__import__("convmath.figures.style", fromlist=["STYLE_PATH"]).STYLE_PATH)
    (dpi,) = re.findall(r"^savefig\.dpi:\s*(\d+)", style.read_text(), flags=re.M)
    assert f"(default {dpi};" in help_of("figures", "--dpi")


def test_an_omitted_dpi_and_fps_are_the_librarys(tmp_path):
    """A GIF at the default dpi is twice as wide as at half of it; frames last 1/fps s."""
    dpi = default_of("convmath.figures.animation.save_animation", "dpi")
    fps = default_of("convmath.figures.animation.save_animation", "fps")
    sizes = {}
    for name, extra in (("default", []), ("half", ["--dpi", str(dpi // 2)])):
        out = tmp_path / f"{name}.gif"
        result = runner.invoke(
            app,
            ["animate", "conv", "--input", "3x3", "--kernel", "2x2", "--out", str(out), *extra],
        )
        assert result.exit_code == 0, result.output
        with Image.open(out) as gif:
            sizes[name] = gif.size
            duration = gif.info["duration"]
    assert sizes["default"][0] == pytest.approx(2 * sizes["half"][0], abs=2)
    assert duration == pytest.approx(1000 / fps, abs=10)


def test_the_derivation_timeout_is_one_a_person_waits_for():
    # 60 s let `t**t**t**...` run for a minute; the CLI's default is 20 s on both derive paths
    for path in ("derive", "derive conv"):
        command = ROOT
        for name in path.split():
            command = command.commands[name]
        (param,) = [p for p in command.params if "--timeout" in p.opts]
        assert float(param.default) == 20
