"""Help texts read like documentation, and the same option means the same everywhere.

Every command's ``--help`` names values by what they are (``F G``, ``SECONDS``, ``NAME``),
never by a Python type (``<str>``, ``<int range>``, ``{f}``, ``[[NAME]...]...``); ``derive
conv`` and ``derive`` both have ``--check/--no-check``; ``derive params`` counts biases as
``convmath.symbolic`` does, checked against a hand count and PyTorch's ``sum(p.numel())``.
"""

from __future__ import annotations

import json
import re

import pytest
import typer.main
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()
ROOT = typer.main.get_command(app)


def command_paths(group=ROOT, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from command_paths(command, (*prefix, name))


ALL_COMMANDS = [" ".join(path) for path in command_paths()]


def test_every_command_is_listed():
    assert {"derive", "derive conv", "derive params", "verify", "figures", "check"} <= set(
        ALL_COMMANDS
    )


@pytest.mark.parametrize("command", ["", *ALL_COMMANDS])
def test_the_help_names_values_by_what_they_are_not_by_python_types(command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    python_types = re.findall(r"<(?:str|int|float|list|bool|path)[^>]*>", result.stdout)
    assert python_types == [], python_types
    usage = result.stdout.split("\n\n")[0]
    assert "{" not in usage and "[[" not in usage, usage


def test_derive_conv_names_its_arguments_f_and_g():
    usage = runner.invoke(app, ["derive", "conv", "--help"]).stdout.splitlines()[0]
    assert usage.endswith("derive conv [OPTIONS] F G")


@pytest.mark.parametrize("command", [["derive"], ["derive", "conv", "rect(t)", "rect(t)"]])
def test_check_can_be_turned_on_and_off_alike(command):
    on = runner.invoke(app, [*command, "--check", "--json"])
    off = runner.invoke(app, [*command, "--no-check", "--json"])
    assert on.exit_code == off.exit_code == 0, on.output + off.output
    assert "check" in json.loads(on.stdout) and "check" not in json.loads(off.stdout)


# -- the bias: the API's default, stated in the help --------------------------------------

LAYER = ["--input", "3x32x32", "--out-channels", "16", "--kernel", "3x3", "--padding", "1"]
WEIGHTS = 16 * 3 * 3 * 3  # C_out · C_in · kh · kw = 432
BIASES = 16  # one per output channel


def params(*args: str) -> dict:
    result = runner.invoke(app, ["derive", "params", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def torch_count(bias: bool) -> int:
    torch = pytest.importorskip("torch")
    layer = torch.nn.Conv2d(3, 16, 3, padding=1, bias=bias)
    return sum(p.numel() for p in layer.parameters())


def test_a_convolution_layer_counts_its_bias_by_default_like_the_api_and_torch():
    from convmath.symbolic import conv_parameter_counts

    assert WEIGHTS == 432 and WEIGHTS + BIASES == 448
    assert torch_count(bias=True) == 448 and torch_count(bias=False) == 432
    api = conv_parameter_counts((3, 32, 32), 16, (3, 3), padding=1).shared
    assert api == 448
    default = params(*LAYER)
    assert default["shared"] == "448" and default["bias"] is True
    assert params(*LAYER, "--bias")["shared"] == "448"
    assert params(*LAYER, "--no-bias")["shared"] == "432"


def test_the_one_dimensional_comparison_counts_weights_only_by_default_like_the_api():
    from convmath.symbolic import parameter_counts

    # 5 inputs -> 5 outputs, 3 connections each: dense 5·5, sparse 3·5, shared kernel 3
    assert parameter_counts(5, 5, 3).as_dict() == {"dense": 25, "local": 15, "shared": 3}
    default = params("--m", "5", "--n", "5", "--k", "3")
    assert (default["dense"], default["local"], default["shared"]) == ("25", "15", "3")
    assert default["bias"] is False
    # with a bias per output (dense, sparse) and one for the shared kernel
    biased = params("--m", "5", "--n", "5", "--k", "3", "--bias")
    assert (biased["dense"], biased["local"], biased["shared"]) == ("30", "20", "4")


def test_the_params_help_states_the_bias_default_of_both_forms():
    result = runner.invoke(app, ["derive", "params", "--help"])
    text = " ".join(result.stdout.split())
    assert "counted for a convolution layer (--input" in text
    assert "not in the --m/--n/--k comparison" in text


def test_the_text_output_says_whether_biases_are_counted():
    result = runner.invoke(app, ["derive", "params", *LAYER])
    assert "with biases" in result.stdout.splitlines()[0]
    result = runner.invoke(app, ["derive", "params", *LAYER, "--no-bias"])
    assert "weights only" in result.stdout.splitlines()[0]
