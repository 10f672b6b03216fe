"""CLI tests of `convmath derive matrix | shape | receptive-field | params`.

Matrices against explicit loops, sizes against window counting and formulas typed here.
"""

from __future__ import annotations

import json
import shlex

import numpy as np
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


def dense_matrix_by_loop(x_shape, kernel, stride=1, padding=0):
    """Independent 2-D cross-correlation matrix: one row per output, by explicit loops."""
    (h, w), (kh, kw) = x_shape, kernel.shape
    oh, ow = (h + 2 * padding - kh) // stride + 1, (w + 2 * padding - kw) // stride + 1
    rows = []
    for i in range(oh):
        for j in range(ow):
            row = np.zeros(h * w)
            for a in range(kh):
                for b in range(kw):
                    r, c = i * stride - padding + a, j * stride - padding + b
                    if 0 <= r < h and 0 <= c < w:
                        row[r * w + c] += kernel[a, b]
            rows.append(row)
    return np.array(rows)


def scatter_by_loop(y_shape, kernel, stride=1, padding=0, output_padding=0):
    """Independent transposed convolution matrix: each input times the kernel, added in."""
    (h, w), (kh, kw) = y_shape, kernel.shape
    oh = (h - 1) * stride - 2 * padding + kh + output_padding
    ow = (w - 1) * stride - 2 * padding + kw + output_padding
    matrix = np.zeros((oh * ow, h * w))
    for i in range(h):
        for j in range(w):
            for a in range(kh):
                for b in range(kw):
                    r, c = i * stride - padding + a, j * stride - padding + b
                    if 0 <= r < oh and 0 <= c < ow:
                        matrix[r * ow + c, i * w + j] += kernel[a, b]
    return matrix


def test_d2l_example_matrix_rows():
    result = derive("matrix --input 3x3 --kernel 2x2 --values 1,2,3,4")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "C (4×9): convolution y' = C x', input 3×3 (flattened to 9) gathered into output 2×2 "
        "(flattened to 4)"
    )
    body = [line.split() for line in result.stdout.splitlines()[1:5]]
    assert body[0] == ["1", "2", "0", "3", "4", "0", "0", "0", "0"]
    expected = dense_matrix_by_loop((3, 3), np.array([[1, 2], [3, 4]]))
    assert np.array_equal(np.array(body, dtype=float), expected)
    # and it reproduces d2l's Y = [[27, 37], [57, 67]] for X = 0..8
    assert (np.array(body, dtype=float) @ np.arange(9)).tolist() == [27, 37, 57, 67]


def test_matrix_json_with_stride_and_padding_matches_the_loop():
    payload = derive_json(
        "matrix --input 4x5 --kernel 3x2 --stride 2 --padding 1 --values 1,2,3,4,5,6"
    )
    got = np.array(payload["matrix"], dtype=float)
    expected = dense_matrix_by_loop((4, 5), np.arange(1, 7).reshape(3, 2), stride=2, padding=1)
    assert np.array_equal(got, expected)
    assert payload["shape"] == list(expected.shape)
    # output 2×3 = (floor((4 + 2 - 3)/2) + 1, floor((5 + 2 - 2)/2) + 1)
    assert payload["input_shape"] == [4, 5] and payload["output_shape"] == [2, 3]
    assert payload["latex"].startswith("\\begin{bmatrix}")


def test_symbolic_dumoulin_matrix_and_latex():
    result = derive("matrix --input 4x4 --kernel 3x3")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[1].split()
    assert first[:4] == ["w_0_0", "w_0_1", "w_0_2", "0"]
    assert len(first) == 16
    latex = derive("matrix --input 4x4 --kernel 3x3 --latex")
    assert latex.stdout.startswith("% 4x16 matrix in blocks of 8 columns")
    assert "\\begin{bmatrix}w_{0,0} & w_{0,1} & w_{0,2} & 0 & w_{1,0}" in latex.stdout


def test_transposed_matrix_is_the_transpose_and_says_it_was_checked():
    conv = derive_json("matrix --input 5x5 --kernel 3x3 --stride 2 --padding 1")
    payload = derive_json("matrix --input 3x3 --kernel 3x3 --stride 2 --padding 1 --transposed")
    assert payload["identity_checked"] is True and payload["identity_corresponds"] is True
    assert np.array(payload["matrix"]).T.tolist() == conv["matrix"]
    text = derive("matrix --input 3x3 --kernel 3x3 --stride 2 --padding 1 --transposed")
    assert "T == Cᵀ" in text.stdout


@pytest.mark.parametrize(
    ("y_shape", "stride", "padding", "output_padding"),
    [((2, 2), 1, 0, 0), ((3, 3), 2, 1, 1), ((2, 3), 3, 0, 2)],
)
def test_transposed_matrix_with_values_matches_the_scatter_loop(
    y_shape, stride, padding, output_padding
):
    kernel = np.array([[1, 2], [3, 4]])
    payload = derive_json(
        f"matrix --input {y_shape[0]}x{y_shape[1]} --kernel 2x2 --values 1,2,3,4 --transposed "
        f"--stride {stride} --padding {padding} --output-padding {output_padding}"
    )
    expected = scatter_by_loop(y_shape, kernel, stride, padding, output_padding)
    assert np.array_equal(np.array(payload["matrix"], dtype=float), expected)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--stride", "0"], "--stride"),
        (["--padding", "-1"], "--padding"),
        (["--dilation", "0"], "--dilation"),
        (["--input", "2x2", "--kernel", "3x3"], "--kernel"),
        (["--kernel", "3x3x3"], "--kernel"),
        (["--values", "1,2"], "--values"),
        (["--values", "1,2,3,4,5,6,7,8,x"], "--values"),
        (["--output-padding", "1"], "--output-padding"),
        (
            ["--input", "3x3", "--transposed", "--stride", "2", "--output-padding", "2"],
            "--output-padding",
        ),
        (["--input", "600x600"], "--input"),
    ],
)
def test_bad_matrix_arguments(args, option):
    result = runner.invoke(app, ["derive", "matrix", *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and option in lines[0]


# -- shape, receptive-field, params -------------------------------------------------------


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
    # a convolution layer counts one bias per output channel (and per output unit) by default
    assert strided["value"] == 8 * (4 // 2) * 9 + 8
    assert strided["local"] == str(8 * out * out * (4 // 2) * 9 + 8 * out * out)
    bad = derive("params --m 2 --n 2 --k 3")
    assert bad.exit_code == 2 and "k must be at most m" in bad.stderr
