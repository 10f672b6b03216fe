"""CLI tests of `convmath derive matrix`: C and T against explicit loops, exit 2 cases."""

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
    assert latex.stdout.startswith("% amsmath: \\setcounter{MaxMatrixCols}{16}")
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
