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
    # output 3 = floor((5 + 2 - 3) / 2) + 1: 9 positions + the finished output
    assert f"wrote {out} (10 frames, output 3×3)" in result.stdout
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.info["loop"] == 0
        assert gif.n_frames == 10  # the count reported is the count in the file


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
    # 6 = (3 - 1) * 2 - 2 + 3 + 1: 36 positions + the finished output
    assert "output 6×6" in result.stdout and "37 frames" in result.stdout


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


# --- values, seed, frames (issue 12, item 6) -------------------------------------------------


def _d2l(tmp_path, *extra):
    return invoke(
        "animate", "conv-transpose", "--input", "2x2", "--kernel", "2x2",
        "--input-values", "[[0,1],[2,3]]", "--kernel-values", "[[0,1],[2,3]]", *extra, *DPI,
    )  # fmt: skip


def test_d2l_example_frames_show_its_hand_worked_output_and_torchs(tmp_path):
    import torch

    from convmath.figures.animation import plan_animation
    from convmath.figures.animation.scene import AnimationScene
    from convmath.figures.style import house_style

    frames = tmp_path / "frames"
    result = _d2l(tmp_path, "--frames", str(frames), "--frame-format", "svg")
    assert result.exit_code == 0, result.output
    # 3 x 3 = (2 - 1) + 2 per axis: 9 positions + the finished output
    assert sorted(p.name for p in frames.iterdir()) == [
        f"conv-transpose-{i:03d}.svg" for i in range(10)
    ]
    assert all(p.read_bytes().lstrip().startswith(b"<?xml") for p in frames.iterdir())
    plan = plan_animation("conv-transpose", (2, 2), (2, 2))
    with house_style():
        scene = AnimationScene(
            plan, values=True, input_values=[[0, 1], [2, 3]], kernel_values=[[0, 1], [2, 3]]
        )
    drawn = [float(t.get_text()) for t in scene.output.texts]
    assert drawn == [0, 0, 1, 0, 4, 6, 4, 12, 9]  # d2l, section 14.10, by hand
    x = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    assert (
        drawn
        == torch.nn.functional.conv_transpose2d(x[None, None], x[None, None]).flatten().tolist()
    )
    # the kernel written on the canvas is the flipped one, and the title says so
    assert [t.get_text() for t in scene.kernel_labels] == ["×3", "×2", "×1", "×0"]
    assert "kernel shown flipped" in scene.title.get_text()


def test_frames_alone_write_no_gif_and_out_adds_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _d2l(tmp_path, "--frames", "f")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "conv-transpose.gif").exists()
    assert len(list((tmp_path / "f").glob("conv-transpose-*.pdf"))) == 10
    assert (tmp_path / "f" / "conv-transpose-000.pdf").read_bytes().startswith(b"%PDF")
    result = _d2l(tmp_path, "--frames", "g", "--frame-format", "png", "--out", "d2l.gif")
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "d2l.gif") as gif:
        assert gif.n_frames == len(list((tmp_path / "g").glob("*.png"))) == 10


def test_seed_gives_reproducible_values_that_are_never_all_zero():
    from convmath.figures.animation import animation_values, plan_animation

    plan = plan_animation("conv", (2, 2), (2, 2))
    for seed in range(200):
        x, w, y = animation_values(plan, seed=seed)
        assert w.any() and x.any()
        again = animation_values(plan, seed=seed)
        assert all((a == b).all() for a, b in zip((x, w, y), again))


def test_labels_are_at_least_7_points():
    from matplotlib.text import Text

    from convmath.figures.animation import ScatterScene, plan_animation
    from convmath.figures.animation.scene import AnimationScene
    from convmath.figures.style import house_style

    with house_style():
        scene = AnimationScene(plan_animation("conv", (9, 9), (3, 3), padding=1), values=True)
        scatter = ScatterScene(plan_animation("conv-transpose", (3, 3), (3, 3), stride=2))
    for figure in (scene.figure, scatter.figure):
        figure.canvas.draw()  # legend and tick texts exist once drawn
        sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip()]
        assert len(sizes) > 20 and min(sizes) >= 7


@pytest.mark.parametrize(
    ("args", "option"),
    [
        pytest.param(["--input-values", "1,2,3"], "--input-values", id="count"),
        pytest.param(["--kernel-values", "1,2;3"], "--kernel-values", id="ragged"),
        pytest.param(["--kernel-values", "a,b,c,d"], "--kernel-values", id="not-numbers"),
        pytest.param(["--seed", "-1"], "--seed", id="seed"),
        pytest.param(
            ["--frames", "x", "--frame-format", "gif"], "--frame-format", id="frame-format"
        ),
    ],
)
def test_bad_value_options_exit_2_naming_them(tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    result = invoke("animate", "conv", "--input", "2x2", "--kernel", "2x2", *args, *DPI)
    assert result.exit_code == 2, result.output
    assert f"'{option}'" in result.stderr
    assert "Traceback" not in result.output


def test_scatter_view_writes_one_frame_per_input_element(tmp_path):
    result = _d2l(tmp_path, "--view", "scatter", "--out", str(tmp_path / "s.gif"))
    assert result.exit_code == 0, result.output
    assert "(5 frames, output 3×3)" in result.stdout  # 4 elements + the cropped output
    with Image.open(tmp_path / "s.gif") as gif:
        assert gif.n_frames == 5


@pytest.mark.parametrize(
    ("mode", "view", "option"),
    [("conv", "scatter", "--view"), ("conv-transpose", "spray", "--view")],
)
def test_bad_view_exits_2(tmp_path, mode, view, option):
    result = invoke(
        "animate", mode, "--input", "2x2", "--kernel", "2x2", "--view", view,
        "--out", str(tmp_path / "x.gif"), *DPI,
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert f"'{option}'" in result.stderr
    assert not (tmp_path / "x.gif").exists()


@pytest.mark.parametrize(
    "args",
    [["--seed", "1"], ["--frames", "f"], ["--view", "scatter"], ["--kernel-values", "1,2"]],
)
def test_mode_options_with_a_preset_exit_2(tmp_path, args):
    result = invoke("animate", "--preset", "dilation", *args, "--out", str(tmp_path / "x.gif"))
    assert result.exit_code == 2, result.output
    assert f"'{args[0]}'" in result.stderr and "not to --preset" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_pool_refuses_kernel_values_and_shows_the_given_input(tmp_path):
    result = invoke(
        "animate", "pool", "--input", "2x2", "--kernel", "2x2", "--kernel-values", "1,2,3,4",
        "--out", str(tmp_path / "p.gif"), *DPI,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'--kernel-values'" in result.stderr and "pooling" in result.stderr
    from convmath.figures.animation import animation_values, plan_animation

    x, _, y = animation_values(
        plan_animation("pool", (2, 4), (2, 2)), input_values=[[1, 5, 2, 0], [3, 4, 8, 8]]
    )
    assert y.tolist() == [[5.0, 8.0]]  # the max of each 2 x 2 window, by hand
