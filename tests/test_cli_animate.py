"""CLI tests of ``convmath animate``: files written, sizes reported, presets, exit 2 cases."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image
from typer.testing import CliRunner

from convmath.cli import app

runner = CliRunner()
DPI = ["--dpi", "20"]


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_conv_writes_a_gif_and_reports_frames_and_size(tmp_path):
    out = tmp_path / "conv.gif"
    result = invoke(
        "animate", "conv", "--input", "5x5", "--kernel", "3x3", "--stride", "2",
        "--padding", "1", "--out", str(out), *DPI,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # output 3 = floor((5 + 2 - 3) / 2) + 1: 9 positions + 2 hold frames
    assert f"wrote {out} (11 frames, output 3×3)" in result.stdout
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.info["loop"] == 0


def test_conv_transpose_with_output_padding_and_values(tmp_path):
    out = tmp_path / "t.gif"
    result = invoke(
        "animate", "conv-transpose", "--input", "3x3", "--kernel", "3", "--stride", "2",
        "--padding", "1", "--output-padding", "1", "--values", "--out", str(out), *DPI,
    )  # fmt: skip
    # the kernel "3" is a 1-D shape: the input has 2 axes, so this is refused
    assert result.exit_code == 2
    assert "'--kernel'" in result.output and "2 entries" in result.output
    result = invoke(
        "animate", "conv-transpose", "--input", "3x3", "--kernel", "3x3", "--stride", "2",
        "--padding", "1", "--output-padding", "1", "--values", "--out", str(out), *DPI,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # 6 = (3 - 1) * 2 - 2 + 3 + 1
    assert "output 6×6" in result.stdout and "38 frames" in result.stdout


def test_pool_defaults_to_stride_equal_to_the_window(tmp_path):
    out = tmp_path / "pool.gif"
    result = invoke(
        "animate", "pool", "--input", "4x4", "--kernel", "2x2", "--pool", "avg",
        "--values", "--out", str(out), *DPI,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "output 2×2" in result.stdout


def test_one_dimensional_and_same_padding(tmp_path):
    out = tmp_path / "one.gif"
    result = invoke(
        "animate", "conv", "--input", "7", "--kernel", "4", "--padding", "same",
        "--out", str(out), *DPI,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "output 7" in result.stdout


def test_default_out_is_named_after_the_mode(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("animate", "conv", "--input", "4x4", *DPI)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "conv.gif").exists()


def test_one_preset_into_a_file_and_all_presets_into_a_folder(tmp_path):
    single = tmp_path / "dil.gif"
    result = invoke("animate", "--preset", "dilation", "--out", str(single), *DPI)
    assert result.exit_code == 0, result.output
    assert single.exists()
    folder = tmp_path / "animations"
    result = invoke("animate", "--preset", "dumoulin", "--out", str(folder), *DPI)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 15 and "padding_strides_odd_transposed.gif" in names
    assert result.stdout.count("wrote ") == 15


@pytest.mark.parametrize(
    ("args", "option", "message"),
    [
        (["conv", "--stride", "0"], "'--stride'", "stride must be an int >= 1"),
        (["conv", "--input", "2x2"], "'--kernel'", "kernel extent 3"),
        (["conv", "--input", "5xx"], "'--input'", "expected a shape"),
        (["conv", "--padding", "big"], "'--padding'", "expected an int"),
        (["conv", "--output-padding", "1"], "'--output-padding'", "conv-transpose only"),
        (
            ["conv-transpose", "--stride", "2", "--output-padding", "2"],
            "'--output-padding'",
            "smaller than max(stride, dilation) = 2",
        ),
        (["conv", "--out", "a.png"], "'--out'", "must end in .gif or .mp4"),
        (["conv", "--dpi", "5"], "'--dpi'", "dpi must be between 10 and 600"),
        (["pool", "--padding", "2", "--kernel", "2x2"], "'--padding'", "kernel_size // 2"),
        (["pool", "--pool", "min"], "'--pool'", "pool must be one of max, avg"),
        (["conv", "--input", "60x4"], "'--input'", "at most 40 cells per axis"),
        (["deconv"], "'MODE'", "must be one of conv, conv-transpose, pool"),
        ([], "'MODE'", "give what to animate"),
        (["--preset", "nope"], "'--preset'", "must be 'dumoulin' or one of"),
        (["conv", "--preset", "dumoulin"], "'--preset'", "not both"),
        (["--preset", "dumoulin", "--out", "x.gif"], "'--out'", "give a folder"),
    ],
)
def test_bad_arguments_exit_2_naming_the_option(args, option, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("animate", *args)
    assert result.exit_code == 2, result.output
    assert option in result.output and message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_unwritable_folder_exits_2_with_the_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("animate", "conv", "--out", str(blocker / "a.gif"), *DPI)
    assert result.exit_code == 2
    assert str(blocker) in result.output


def test_importing_the_command_does_not_import_matplotlib():
    code = (
        "import sys, convmath.cli.animate; "
        "print('matplotlib' in sys.modules, 'convmath.figures.animation' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
