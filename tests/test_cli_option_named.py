"""A bad value is blamed on the option it was typed in, in one stderr line (issue 9 §2).

``derive shape --stride 0`` once blamed ``--input``; ``derive receptive-field`` named
``--input``, which it doesn't have; ``derive params --groups 3`` blamed ``--input``. Each
line must name the option, the value typed and what is allowed.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()

CASES = [
    # (command line, option blamed, words the line must contain: value and what is allowed)
    ("derive shape --stride 0", "--stride", ["got 0", ">= 1"]),
    ("derive shape --dilation 0", "--dilation", ["got 0", ">= 1"]),
    ("derive shape --kernel 0 --input 5", "--kernel", ["got 0", ">= 1"]),
    ("derive shape --input 0", "--input", ["got 0", ">= 1"]),
    ("derive shape --input 5 --kernel 9", "--kernel", ["9", "exceeds the padded input 5"]),
    ("derive shape --input 5,5 --kernel 3,3,3", "--kernel", ["expected 2 entries", "3,3,3"]),
    ("derive shape --stride 1,2 --kernel 3,3,3", "--stride", ["expected 3 entries", "1,2"]),
    ("derive shape --output-padding 1", "--output-padding", ["only with --transposed"]),
    ("derive receptive-field --kernel 0", "--kernel", ["got 0", ">= 1"]),
    ("derive receptive-field --stride 0", "--stride", ["got 0", ">= 1"]),
    ("derive receptive-field --dilation 0", "--dilation", ["got 0", ">= 1"]),
    ("derive receptive-field --layers 0", "--layers", ["got 0", ">= 1"]),
    ("derive receptive-field --layers 1001", "--layers", ["got 1001", "1 and 1000"]),
    ("derive receptive-field --kernel 3,3 --stride 1,1,1", "--stride", ["kernel 2, stride 3"]),
    ("derive receptive-field --kernel 3,3 --layers 3", "--layers", ["listed 2 layers", "got 3"]),
    ("derive receptive-field --kernel 3 --stride 0 --layers L", "--stride", ["got 0"]),
    ("derive receptive-field --kernel l-3 --layers 5", "--kernel", ["-3 on layer l = 0", ">= 1"]),
    ("derive receptive-field --stride l/2 --layers 3", "--stride", ["0 on layer l = 0", ">= 1"]),
    (
        "derive params --input 3x32x32 --kernel 3x3 --out-channels 16 --groups 3",
        "--groups",
        ["groups=3", "divide out_channels = 16"],
    ),
    (
        "derive params --input 3x32x32 --kernel 3x3 --out-channels 16 --groups 2",
        "--groups",
        ["groups=2", "divide in_channels = 3"],
    ),
    ("derive params --input 3x32x32 --kernel 3x3 --groups 0", "--groups", ["got 0", ">= 1"]),
    ("derive params --input 3x32x32 --kernel 3x3 --stride 0", "--stride", ["got 0", ">= 1"]),
    ("derive params --input 3x32x32 --kernel 33x3", "--kernel", ["33", "exceeds"]),
    ("derive params --input 3x32x32", "--kernel", ["give the kernel shape"]),
    ("derive params --m 0", "--m", ["from 1 to 1000000", "got '0'"]),
    ("derive params --m 2 --n 2 --k 3", "--k", ["k must be at most m"]),
]


@pytest.mark.parametrize(("command", "option", "words"), CASES, ids=[c[0] for c in CASES])
def test_the_bad_value_is_blamed_on_its_option_in_one_line(command, option, words):
    result = runner.invoke(app, command.split())
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: Invalid value for '{option}': "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "--input" not in lines[0] or option == "--input" or "--input" in command
