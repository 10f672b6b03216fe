"""CLI tests of `convmath derive matrix | shape | receptive-field | params`."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


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


def test_d2l_example_matrix_rows():
    result = invoke("derive", "matrix", "--input", "3x3", "--kernel", "2x2", "--values", "1,2,3,4")
    assert result.exit_code == 0, result.output
    body = [line.split() for line in result.stdout.splitlines()[1:5]]
    assert body[0] == ["1", "2", "0", "3", "4", "0", "0", "0", "0"]
    expected = dense_matrix_by_loop((3, 3), np.array([[1, 2], [3, 4]]))
    assert np.array_equal(np.array(body, dtype=float), expected)
    # and it reproduces d2l's Y = [[27, 37], [57, 67]] for X = 0..8
    assert (np.array(body, dtype=float) @ np.arange(9)).tolist() == [27, 37, 57, 67]


def test_matrix_json_with_stride_and_padding_matches_the_loop():
    result = invoke(
        "derive",
        "matrix",
        "--input",
        "4x5",
        "--kernel",
        "3x2",
        "--stride",
        "2",
        "--padding",
        "1",
        "--values",
        "1,2,3,4,5,6",
        "--json",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    got = np.array(payload["matrix"], dtype=float)
    expected = dense_matrix_by_loop((4, 5), np.arange(1, 7).reshape(3, 2), stride=2, padding=1)
    assert np.array_equal(got, expected)
    assert payload["shape"] == list(expected.shape)
    assert payload["latex"].startswith("\\begin{bmatrix}")


def test_symbolic_dumoulin_matrix_and_latex():
    result = invoke("derive", "matrix", "--input", "4x4", "--kernel", "3x3")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[1].split()
    assert first[:4] == ["w_0_0", "w_0_1", "w_0_2", "0"]
    assert len(first) == 16
    latex = invoke("derive", "matrix", "--input", "4x4", "--kernel", "3x3", "--latex")
    assert latex.stdout.startswith("% amsmath: \\setcounter{MaxMatrixCols}{16}")
    assert "\\begin{bmatrix}w_{0,0} & w_{0,1} & w_{0,2} & 0 & w_{1,0}" in latex.stdout


def test_transposed_matrix_is_the_transpose_and_says_it_was_checked():
    conv = json.loads(
        invoke(
            "derive",
            "matrix",
            "--input",
            "5x5",
            "--kernel",
            "3x3",
            "--stride",
            "2",
            "--padding",
            "1",
            "--json",
        ).stdout
    )
    trans = invoke(
        "derive",
        "matrix",
        "--input",
        "3x3",
        "--kernel",
        "3x3",
        "--stride",
        "2",
        "--padding",
        "1",
        "--transposed",
        "--json",
    )
    payload = json.loads(trans.stdout)
    assert payload["identity_checked"] is True and payload["identity_corresponds"] is True
    assert np.array(payload["matrix"]).T.tolist() == conv["matrix"]
    text = invoke(
        "derive",
        "matrix",
        "--input",
        "3x3",
        "--kernel",
        "3x3",
        "--stride",
        "2",
        "--padding",
        "1",
        "--transposed",
    )
    assert "T == Cᵀ" in text.stdout


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
    result = invoke("derive", "matrix", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and option in lines[0]


@pytest.mark.parametrize(
    ("i", "k", "s", "p", "d"),
    [(5, 3, 2, 1, 1), (7, 3, 1, 0, 2), (6, 4, 3, 2, 1), (9, 2, 2, 0, 3)],
)
def test_shape_values_match_direct_computation(i, k, s, p, d):
    result = invoke(
        "derive",
        "shape",
        "--input",
        str(i),
        "--kernel",
        str(k),
        "--stride",
        str(s),
        "--padding",
        str(p),
        "--dilation",
        str(d),
        "--json",
    )
    assert result.exit_code == 0, result.output
    x = np.zeros(i + 2 * p)
    positions = range(0, x.size - d * (k - 1), s)  # window starts that fit
    assert json.loads(result.stdout)["value"] == float(len(positions))


def test_transposed_shape_inverts_the_convolution_size():
    result = invoke(
        "derive",
        "shape",
        "--input",
        "3",
        "--kernel",
        "3",
        "--stride",
        "2",
        "--padding",
        "1",
        "--transposed",
        "--output-padding",
        "1",
        "--json",
    )
    assert json.loads(result.stdout)["value"] == 6.0  # 6 -> conv -> 3 -> transposed -> 6


def test_shape_symbolic_and_relationships():
    general = invoke("derive", "shape")
    assert "floor" in general.stdout
    r1 = invoke("derive", "shape", "--stride", "1", "--padding", "0")
    assert "i - k + 1" in r1.stdout
    table = invoke("derive", "shape", "--relationships")
    assert "R14" in table.stdout and "R1 " in table.stdout


def test_receptive_field_table_and_symbolic_stack():
    result = invoke(
        "derive", "receptive-field", "--kernel", "3", "--dilation", "1,2,4,8", "--json"
    )
    assert json.loads(result.stdout)["value"] == 31.0  # 1 + 2*(1+2+4+8)
    table = invoke("derive", "receptive-field", "--kernel", "3,3,3", "--stride", "2,2,1")
    assert table.exit_code == 0 and "15" in table.stdout  # 1 + 2 + 2*2 + 2*4
    symbolic = invoke("derive", "receptive-field", "--dilation", "2^l", "--layers", "L")
    assert "2**(L + 1) - 1" in symbolic.stdout


def test_params_counts():
    result = invoke("derive", "params", "--m", "5", "--n", "5", "--k", "3", "--json")
    payload = json.loads(result.stdout)
    assert (payload["dense"], payload["local"], payload["shared"]) == ("25", "15", "3")
    image = invoke(
        "derive",
        "params",
        "--input",
        "3x32x32",
        "--out-channels",
        "16",
        "--kernel",
        "3x3",
        "--padding",
        "1",
        "--bias",
        "--json",
    )
    assert json.loads(image.stdout)["value"] == 16 * 3 * 9 + 16
    bad = invoke("derive", "params", "--m", "2", "--n", "2", "--k", "3")
    assert bad.exit_code == 2 and "k must be at most m" in bad.stderr
