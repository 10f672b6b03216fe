"""CLI tests of `convmath derive shape | receptive-field | params` against formulas typed here."""

from __future__ import annotations

import json
import shlex

import pytest
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()


def derive(line: str):
    """Run ``convmath derive <line>``."""
    return runner.invoke(app, ["derive", *shlex.split(line)])


def derive_json(line: str) -> dict:
    result = derive(f"{line} --json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def windows(i, k, s=1, p=0, d=1):
    """Output size by counting the window starts that fit in the padded input."""
    return len(range(0, i + 2 * p - d * (k - 1), s))


@pytest.mark.parametrize(
    ("i", "k", "s", "p", "d"),
    [(5, 3, 2, 1, 1), (7, 3, 1, 0, 2), (6, 4, 3, 2, 1), (9, 2, 2, 0, 3)],
)
def test_shape_values_match_window_counting(i, k, s, p, d):
    line = f"shape --input {i} --kernel {k} --stride {s} --padding {p} --dilation {d}"
    assert derive_json(line)["value"] == float(windows(i, k, s, p, d))
    last = derive(line).stdout.strip().splitlines()[-1]
    assert last.endswith(f"= {windows(i, k, s, p, d)}")


def test_the_printed_arithmetic_is_the_formula_with_the_numbers():
    # README: floor((5 + 2·1 − 1·(3 − 1) − 1)/2) + 1 = 3
    line = derive("shape --input 5 --kernel 3 --stride 2 --padding 1").stdout.splitlines()[-1]
    assert line == "  o = floor((5 + 2·1 − 1·(3 − 1) − 1)/2) + 1 = 3"
    # omitted options are the formula's defaults: stride 1, padding 0, dilation 1
    line = derive("shape --input 7 --kernel 3").stdout.splitlines()[-1]
    assert line == f"  o = floor((7 + 2·0 − 1·(3 − 1) − 1)/1) + 1 = {windows(7, 3)}"
    transposed = derive("shape --input 3 --kernel 3 --stride 2 --padding 1 --transposed")
    # (i − 1) s − 2p + d (k − 1) + a + 1 = 2·2 − 2 + 2 + 0 + 1 = 5
    assert transposed.stdout.splitlines()[-1] == "  o' = (3 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 5"


def test_shape_per_axis_matches_window_counting():
    payload = derive_json("shape --input 5,7 --kernel 3 --stride 2,1")
    assert payload["shape"] == [windows(5, 3, 2), windows(7, 3, 1)]
    assert "value" not in payload  # the axes differ
    text = derive("shape --input 5,7 --kernel 3 --stride 2,1").stdout
    assert f"axis 1: o = floor((7 + 2·0 − 1·(3 − 1) − 1)/1) + 1 = {windows(7, 3)}" in text


def test_transposed_shape_inverts_the_convolution_size():
    payload = derive_json(
        "shape --input 3 --kernel 3 --stride 2 --padding 1 --transposed --output-padding 1"
    )
    assert payload["value"] == 6.0  # 6 -> conv -> 3 -> transposed -> 6
    assert windows(6, 3, 2, 1) == 3


def test_shape_symbolic_and_relationships():
    general = derive("shape")
    assert "floor" in general.stdout
    r1 = derive("shape --stride 1 --padding 0")
    assert "i - k + 1" in r1.stdout
    table = derive("shape --relationships")
    assert "R14" in table.stdout and "R1 " in table.stdout
    named = derive_json("shape --stride s --padding p")
    # dilation 1 by default: i + 2p − 1·(k − 1) − 1 = i − k + 2p
    assert named["expr"] == "floor((i - k + 2*p)/s) + 1"


@pytest.mark.parametrize(
    "line", ["shape --output-padding 1", "shape --input 5,7 --kernel 3,3,3", "shape --input 1x"]
)
def test_bad_shape_arguments_exit_2_in_one_line(line):
    result = derive(line)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1


def receptive_fields(kernels, strides, dilations):
    """r_l = r_(l-1) + d_l (k_l - 1) j_(l-1), j_l = j_(l-1) s_l, from r_0 = j_0 = 1."""
    r, j, rows = 1, 1, []
    for k, s, d in zip(kernels, strides, dilations):
        r, j = r + d * (k - 1) * j, j * s
        rows.append((r, j))
    return rows


def test_receptive_field_table_matches_the_recurrence():
    result = derive("receptive-field --kernel 3,3,3 --stride 2,2,1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "layer",
        "kernel",
        "stride",
        "dilation",
        "receptive",
        "field",
        "jump",
    ]
    rows = [tuple(map(int, line.split())) for line in lines[1:4]]
    expected = receptive_fields([3, 3, 3], [2, 2, 1], [1, 1, 1])  # 3, 7, 15
    assert [(r[1], r[2], r[3]) for r in rows] == [(3, 2, 1), (3, 2, 1), (3, 1, 1)]
    assert [(r[4], r[5]) for r in rows] == expected
    assert f"Receptive field r = {expected[-1][0]} input positions" in lines[4]


def test_receptive_field_json_and_symbolic_stack():
    payload = derive_json("receptive-field --kernel 3 --dilation 1,2,4,8")
    assert payload["value"] == float(receptive_fields([3] * 4, [1] * 4, [1, 2, 4, 8])[-1][0])
    assert payload["value"] == 31.0  # 1 + 2*(1+2+4+8)
    symbolic = derive("receptive-field --dilation 2^l --layers L")
    assert "2**(L + 1) - 1" in symbolic.stdout
    layers = derive_json("receptive-field --kernel 5 --layers 3")
    assert layers["value"] == 1 + 3 * 4 and layers["layers"] == "3"


def test_params_counts():
    payload = derive_json("params --m 5 --n 5 --k 3")
    assert (payload["dense"], payload["local"], payload["shared"]) == ("25", "15", "3")
    image = derive_json("params --input 3x32x32 --out-channels 16 --kernel 3x3 --padding 1 --bias")
    assert image["value"] == 16 * 3 * 9 + 16
    # dense: every one of 3·32·32 inputs to each of 16·32·32 outputs, plus a bias each
    assert image["dense"] == str(3 * 32 * 32 * 16 * 32 * 32 + 16 * 32 * 32)
    strided = derive_json(
        "params --input 4x8x8 --out-channels 8 --kernel 3x3 --groups 2 --stride 2"
    )
    out = windows(8, 3, 2)  # 3 per axis
    assert strided["value"] == 8 * (4 // 2) * 9
    assert strided["local"] == str(8 * out * out * (4 // 2) * 9)
    bad = derive("params --m 2 --n 2 --k 3")
    assert bad.exit_code == 2 and "k must be at most m" in bad.stderr
