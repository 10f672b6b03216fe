"""Animations: the plan's geometry against the definitions, every preset rendered, frame
counts and timing read back from the GIF, deterministic bytes, sizes in the titles, errors.

The presets are checked against the parameter table of ``vdumoulin/conv_arithmetic``
(``bin/generate_makefile``: input size, output size, padding, kernel size, stride), typed
below from that file -- not from convmath.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from figures_reference import correlate_loop, scatter_loop
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from convmath.errors import ConvmathError
from convmath.figures.animation import (
    FPS,
    HOLD_FRAMES,
    animation_values,
    draw_animation,
    plan_animation,
    save_animation,
    title_lines,
)
from convmath.figures.dumoulin import DUMOULIN_PRESETS, preset_names, preset_plan
from convmath.figures.style import house_style

#: conv_arithmetic's bin/generate_makefile: name -> (input, output, padding, kernel, stride).
CONV_ARITHMETIC = {
    "no_padding_no_strides": (4, 2, 0, 3, 1),
    "arbitrary_padding_no_strides": (5, 6, 2, 4, 1),
    "same_padding_no_strides": (5, 5, 1, 3, 1),
    "full_padding_no_strides": (5, 7, 2, 3, 1),
    "no_padding_strides": (5, 2, 0, 3, 2),
    "padding_strides": (5, 3, 1, 3, 2),
    "padding_strides_odd": (6, 3, 1, 3, 2),
}
#: The guide's dilation figure: i = 7, k = 3, d = 2 gives o = 3.
DILATION = (7, 3, 0, 3, 1)

DPI = 24  # small frames: the tests check structure, not looks


def gif_frames(path):
    """Distinct frames (as arrays) and the summed duration of a GIF."""
    frames, total = [], 0
    with Image.open(path) as gif:
        for index in range(gif.n_frames):
            gif.seek(index)
            frames.append(np.asarray(gif.convert("RGB")))
            total += gif.info["duration"]
    distinct = 1 + sum(not np.array_equal(a, b) for a, b in itertools.pairwise(frames))
    return distinct, total


# --- presets ----------------------------------------------------------------------------------


def test_fifteen_presets_in_the_guides_order():
    names = preset_names()
    assert len(names) == 15 and len(set(names)) == 15
    assert names[:7] == list(CONV_ARITHMETIC)
    assert names[7:14] == [f"{n}_transposed" for n in CONV_ARITHMETIC]
    assert names[14] == "dilation"


@pytest.mark.parametrize("name", list(CONV_ARITHMETIC))
def test_conv_presets_match_conv_arithmetic_sizes(name):
    i, o, p, k, s = CONV_ARITHMETIC[name]
    plan = preset_plan(name)
    assert plan.mode == "conv"
    assert plan.input_shape == (i, i) and plan.kernel_shape == (k, k)
    assert plan.output_shape == (o, o)
    assert plan.positions == o * o  # conv_arithmetic: output-size ** 2 steps
    assert plan.canvas_shape == (i + 2 * p,) * 2


@pytest.mark.parametrize("name", list(CONV_ARITHMETIC))
def test_transposed_presets_map_the_output_back_to_the_input(name):
    i, o, p, k, s = CONV_ARITHMETIC[name]
    plan = preset_plan(f"{name}_transposed")
    assert plan.mode == "conv-transpose"
    assert plan.input_shape == (o, o) and plan.output_shape == (i, i)
    assert plan.positions == i * i  # conv_arithmetic: input-size ** 2 steps
    # the guide's equivalent convolution: s - 1 zeros between inputs, padding k - p - 1,
    # (i + 2p - k) mod s extra on the high side
    a = (i + 2 * p - k) % s
    q = k - p - 1
    assert plan.inserted == (s - 1, s - 1)
    assert plan.canvas_padding == ((q, q + a),) * 2
    assert plan.canvas_shape == ((o - 1) * s + 1 + 2 * q + a,) * 2


def test_dilation_preset():
    i, o, p, k, s = DILATION
    plan = preset_plan("dilation")
    assert plan.output_shape == (o, o) and plan.tap_step == (2, 2)
    assert plan.taps(0)[:3] == [(0, 0), (0, 2), (0, 4)]


def guide_output_size(name):
    """The output size of preset `name` as conv_arithmetic's table gives it."""
    if name == "dilation":
        return DILATION[1]
    i, o, *_ = CONV_ARITHMETIC[name.removesuffix("_transposed")]
    return i if name.endswith("_transposed") else o


@pytest.mark.parametrize("name", preset_names())
def test_preset_titles_carry_the_relationship_value(name):
    from convmath.symbolic.sizes import relationship

    preset = DUMOULIN_PRESETS[name]
    expected = guide_output_size(name)
    value = relationship(preset.relationship).evaluate(
        preset.i, preset.k, preset.s, preset.p, preset.d
    )
    assert value == expected
    line = title_lines(preset.plan())[1]
    assert line.startswith(f"output {expected}×{expected}:")
    assert line.endswith(f"= {expected}")


def test_every_preset_renders_with_the_designed_frames(tmp_path):
    from convmath.figures.dumoulin import render_presets

    paths = render_presets(tmp_path, dpi=DPI)
    assert [p.name for p in paths] == [f"{n}.gif" for n in preset_names()]
    for path in paths:
        # conv_arithmetic: one step per output cell, output-size ** 2
        positions = guide_output_size(path.stem) ** 2
        distinct, total = gif_frames(path)
        # one frame per output position; the hold frames repeat the last one (Pillow merges
        # identical frames, adding their durations)
        assert distinct == positions + 1
        assert total == (positions + HOLD_FRAMES) * round(1000 / FPS)


def test_gif_bytes_are_deterministic(tmp_path):
    plan = preset_plan("padding_strides_odd")
    first = save_animation(plan, tmp_path / "a.gif", dpi=DPI, values=True)
    second = save_animation(plan, tmp_path / "b.gif", dpi=DPI, values=True)
    assert first.read_bytes() == second.read_bytes()


def test_preset_unknown_name():
    with pytest.raises(ConvmathError, match="preset must be 'dumoulin' or one of"):
        preset_plan("no_such")


# --- the plan's geometry ----------------------------------------------------------------------


def conv_by_plan(plan, x, w):
    """Sum canvas value x kernel over the plan's taps, position by position."""
    canvas = np.where(plan.source >= 0, x.ravel()[np.maximum(plan.source, 0)], 0.0)
    kernel = np.flip(w) if plan.mode == "conv-transpose" else w
    flat_w = kernel.ravel()
    return np.array(
        [
            sum(canvas[r, c] * flat_w[t] for t, (r, c) in enumerate(plan.taps(n)))
            for n in range(plan.positions)
        ]
    )


def pairs(lo, hi):
    """A hyper-parameter per axis of a 2-D animation."""
    return st.tuples(st.integers(lo, hi), st.integers(lo, hi))


def assert_plan_draws(plan, x, w, y, expected):
    """The plan's taps compute `expected`, the cells show it, every tap is on the canvas."""
    assert plan.output_shape == expected.shape
    assert np.allclose(conv_by_plan(plan, x, w), expected.ravel())
    assert np.allclose(y, expected)  # what the cells would show
    rows, cols = plan.canvas_shape
    for n in range(plan.positions):
        assert all(0 <= r < rows and 0 <= c < cols for r, c in plan.taps(n))


@settings(deadline=None, max_examples=60)
@given(
    i=pairs(1, 6),
    k=pairs(1, 3),
    s=pairs(1, 3),
    p=pairs(0, 2),
    d=pairs(1, 2),
    seed=st.integers(0, 100),
)
def test_conv_plan_geometry_is_the_convolution(i, k, s, p, d, seed):
    # the kernel's extent d (k - 1) + 1 must fit in the padded input
    assume(all(i[a] + 2 * p[a] >= d[a] * (k[a] - 1) + 1 for a in range(2)))
    plan = plan_animation("conv", i, k, stride=s, padding=p, dilation=d)
    x, w, y = animation_values(plan, seed=seed)
    assert_plan_draws(plan, x, w, y, correlate_loop(x, w, s, p, d))


@settings(deadline=None, max_examples=60)
@given(
    i=pairs(1, 4),
    k=pairs(1, 3),
    s=pairs(1, 3),
    p=pairs(0, 2),
    d=pairs(1, 2),
    a=pairs(0, 2),
    seed=st.integers(0, 100),
)
def test_transposed_plan_geometry_is_the_scatter(i, k, s, p, d, a, seed):
    # PyTorch's rules: output padding below max(s, d), and something left after the crop
    assume(all(a[n] < max(s[n], d[n]) for n in range(2)))
    assume(all((i[n] - 1) * s[n] + d[n] * (k[n] - 1) + 1 + a[n] > 2 * p[n] for n in range(2)))
    plan = plan_animation(
        "conv-transpose", i, k, stride=s, padding=p, dilation=d, output_padding=a
    )
    x, w, y = animation_values(plan, seed=seed)
    assert_plan_draws(plan, x, w, y, scatter_loop(x, w, s, p, d, a))


def test_one_dimensional_plan_is_one_row():
    plan = plan_animation("conv", 7, 3, padding=1, stride=2)
    assert plan.canvas_shape == (1, 9) and plan.output_shape == (4,)
    assert plan.taps(1) == [(0, 2), (0, 3), (0, 4)]


def test_same_padding_is_split_like_torch():
    plan = plan_animation("conv", (5, 5), (4, 4), padding="same")
    assert plan.canvas_padding == ((1, 2), (1, 2)) and plan.output_shape == (5, 5)
    x, w, y = animation_values(plan)
    padded = np.pad(x, ((1, 2), (1, 2)))
    assert np.allclose(y, correlate_loop(padded, w, (1, 1), (0, 0), (1, 1)))


def test_negative_equivalent_padding_crops():
    # p = 3 > k - 1 = 2: the equivalent convolution crops one cell on each side
    plan = plan_animation("conv-transpose", (5, 5), (3, 3), stride=2, padding=3)
    assert plan.canvas_padding == ((0, 0), (0, 0))
    assert plan.origins[0] == (1, 1)
    x, w, y = animation_values(plan)
    assert np.allclose(y, scatter_loop(x, w, (2, 2), (3, 3), (1, 1), (0, 0)))


@pytest.mark.parametrize("op", ["max", "avg"])
def test_pool_values(op):
    plan = plan_animation("pool", (4, 6), (2, 3))
    assert plan.stride == (2, 3) and plan.output_shape == (2, 2)
    x, _, y = animation_values(plan, pool=op)
    reduce = np.max if op == "max" else np.mean
    expected = [
        [reduce(x[2 * r : 2 * r + 2, 3 * c : 3 * c + 3]) for c in range(2)] for r in range(2)
    ]
    assert np.allclose(y, expected)


# --- the scene --------------------------------------------------------------------------------


def test_scene_reveals_outputs_in_order_and_holds():
    plan = plan_animation("conv", (4, 4), (3, 3))
    with house_style():
        scene = draw_animation(plan, values=True)
    x, w, _ = animation_values(plan)
    y = correlate_loop(x, w)
    assert [t.get_text() for t in scene.output.texts] == [f"{v:g}" for v in y.ravel()]
    for frame in range(plan.frame_count):
        scene.update(frame)
        visible = sum(t.get_visible() for t in scene.output.texts)
        assert visible == min(frame + 1, plan.positions)
        assert all(p.get_visible() for p in scene.kernel) == (frame < plan.positions)
    with pytest.raises(ConvmathError, match="frame must be between 0 and 5"):
        scene.update(6)


def test_scene_kernel_sits_on_the_taps():
    plan = plan_animation("conv", (5, 5), (3, 3), stride=2, padding=1)
    with house_style():
        scene = draw_animation(plan)
    scene.update(4)
    centres = [
        (round(p.get_x() + p.get_width() / 2, 6), round(p.get_y() + p.get_height() / 2, 6))
        for p in scene.kernel
    ]
    # position 4 is output (1, 1): with stride 2 its window covers padded-canvas rows and
    # columns 2, 3, 4, so the 9 taps sit on the centres (c + 0.5, r + 0.5) of those cells
    assert centres == [(c + 0.5, r + 0.5) for r in (2, 3, 4) for c in (2, 3, 4)]


def test_title_shows_formula_and_legend_roles():
    plan = plan_animation("conv-transpose", (3, 3), (3, 3), stride=2, padding=1, output_padding=1)
    lines = title_lines(plan)
    assert lines[0].startswith("Transposed convolution: input 3×3, kernel 3×3, stride 2")
    assert lines[1] == ("output 6×6:   o′ = (i′ − 1)s − 2p + k + a = (3 − 1)·2 − 2·1 + 3 + 1 = 6")
    assert "1 zero between inputs" in lines[2] and "(+1 high)" in lines[2]
    with house_style():
        scene = draw_animation(plan)
    labels = [t.get_text() for t in scene.axes.get_legend().get_texts()]
    assert labels == ["input", "padding", "inserted zero", "kernel", "output"]


def test_title_per_axis_when_axes_differ():
    plan = plan_animation("conv", (5, 7), (3, 3), stride=(1, 2))
    assert title_lines(plan)[1].endswith("5 + 2·0 − 3 + 1 = 3;  ⌊(7 + 2·0 − 3) / 2⌋ + 1 = 3")


def test_to_animation_for_notebooks(tmp_path):
    from matplotlib.animation import FuncAnimation

    with house_style():
        scene = draw_animation(plan_animation("pool", (4, 4), (2, 2)))
        anim = scene.to_animation()
        assert isinstance(anim, FuncAnimation)
        anim.save(tmp_path / "nb.gif", writer="pillow", dpi=20)
    with Image.open(tmp_path / "nb.gif") as gif:
        assert gif.n_frames >= 4  # 4 positions (identical hold frames may merge)


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plan_animation("deconv", (4, 4), (3, 3)), "mode must be one of conv"),
        (lambda: plan_animation("conv", (3, 4, 4), (3, 3, 3)), "1 or 2 axes"),
        (lambda: plan_animation("conv", (4, 4), (3,)), "kernel_shape must have 2 entries"),
        (lambda: plan_animation("conv", (2, 2), (3, 3)), "kernel extent 3"),
        (lambda: plan_animation("conv", (4, 4), (3, 3), stride=0), "stride must be an int >= 1"),
        (lambda: plan_animation("conv", (4, 4), (3, 3), output_padding=1), "conv-transpose only"),
        (
            lambda: plan_animation("conv-transpose", (4, 4), (3, 3), padding="same"),
            "padding must be an int",
        ),
        (
            lambda: plan_animation("conv-transpose", (3, 3), (3, 3), stride=2, output_padding=2),
            "output_padding must be smaller than",
        ),
        (lambda: plan_animation("pool", (4, 4), (2, 2), padding=2), "at most kernel_size // 2"),
        (lambda: plan_animation("conv", (60, 4), (3, 3)), "at most 40 cells per axis"),
        (lambda: plan_animation("conv", (30, 30), (3, 3)), "at most 400 output positions"),
    ],
)
def test_plan_errors(call, message):
    with pytest.raises(ConvmathError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: plan_animation("deconv", (4, 4), (3, 3)), "mode"),
        (lambda: plan_animation("conv", (3, 4, 4), (3, 3, 3)), "input_shape"),
        (lambda: plan_animation("conv", (4, 4), (3, 3), output_padding=1), "output_padding"),
        (lambda: plan_animation("conv-transpose", (4, 4), (3, 3), padding="same"), "padding"),
        (lambda: plan_animation("pool", (4, 4), (2, 2), padding=2), "padding"),
        (lambda: plan_animation("conv", (60, 4), (3, 3)), "input_shape"),
        (lambda: plan_animation("conv", (30, 30), (3, 3)), "input_shape"),
        (lambda: animation_values(plan_animation("pool", (4, 4), (2, 2)), pool="min"), "pool"),
        (lambda: save_animation(plan_animation("conv", 4, 3), "a.png"), "path"),
        (lambda: save_animation(plan_animation("conv", 4, 3), "a.gif", dpi=5), "dpi"),
        (lambda: save_animation(plan_animation("conv", 4, 3), "a.gif", fps=99), "fps"),
        (lambda: preset_plan("no_such"), "name"),
    ],
)
def test_errors_name_the_argument_they_are_about(call, argument):
    with pytest.raises(ConvmathError) as error:
        call()
    assert error.value.argument == argument


def test_save_errors(tmp_path):
    plan = plan_animation("conv", (4, 4), (3, 3))
    with pytest.raises(ConvmathError, match=r"must end in \.gif or \.mp4"):
        save_animation(plan, tmp_path / "a.png")
    with pytest.raises(ConvmathError, match="dpi must be between"):
        save_animation(plan, tmp_path / "a.gif", dpi=5)
    with pytest.raises(ConvmathError, match="pool must be one of max, avg"):
        animation_values(plan_animation("pool", (4, 4), (2, 2)), pool="min")
    with pytest.raises(ConvmathError, match="dilation must be 1 for average pooling"):
        animation_values(plan_animation("pool", (5, 5), (2, 2), dilation=2), pool="avg")
    from matplotlib import animation as manim

    if not manim.writers.is_available("ffmpeg"):
        with pytest.raises(ConvmathError, match="needs ffmpeg"):
            save_animation(plan, tmp_path / "a.mp4")
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_save_into_an_unwritable_place_names_the_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConvmathError, match="file"):
        save_animation(plan_animation("conv", (4, 4), (3, 3)), blocker / "sub" / "a.gif")


# --- the committed preset GIFs ----------------------------------------------------------------

ANIMATIONS = Path(__file__).resolve().parents[1] / "figures" / "animations"


def test_committed_animations_are_exactly_the_presets():
    assert sorted(p.name for p in ANIMATIONS.glob("*.gif")) == sorted(
        f"{name}.gif" for name in preset_names()
    )
    total = sum(p.stat().st_size for p in ANIMATIONS.glob("*.gif"))
    assert total < 2_000_000  # small enough for the repository and the README


@pytest.mark.parametrize("name", ["padding_strides", "no_padding_no_strides_transposed"])
def test_committed_animations_are_not_stale(name, tmp_path):
    """Re-render at the committed settings; frames must match up to a FreeType difference."""
    fresh = save_animation(preset_plan(name), tmp_path / f"{name}.gif")
    with Image.open(ANIMATIONS / f"{name}.gif") as old, Image.open(fresh) as new:
        assert old.n_frames == new.n_frames and old.size == new.size
        for index in range(new.n_frames):
            old.seek(index)
            new.seek(index)
            a = np.asarray(old.convert("RGB"), dtype=float)
            b = np.asarray(new.convert("RGB"), dtype=float)
            assert np.abs(a - b).mean() < 1.0, f"frame {index} differs: rerun the preset"


# --- the scatter view of transposed convolution (issue 12, item 6) ---------------------------


def _scatter_output(scene):
    """The numbers in the output region of the last frame (green cells), row-major."""
    from matplotlib.colors import to_rgba

    from convmath.figures.colors import COLORS

    scene.update(scene.frame_count - 1)
    green = to_rgba(COLORS["output"])
    return [
        float(text.get_text())
        for text, cell in zip(scene.sums, scene.canvas.cells)
        if to_rgba(cell.get_facecolor()) == green
    ]


@pytest.mark.parametrize(
    ("size", "kernel", "params"),
    [
        pytest.param((2, 2), (2, 2), {}, id="d2l"),
        pytest.param(
            (3, 3), (3, 3), {"stride": 2, "padding": 1, "output_padding": 1}, id="s2-p1-a1"
        ),
        pytest.param((2, 3), (2, 2), {"stride": (2, 1), "dilation": 2}, id="dilated"),
        pytest.param((3, 3), (2, 2), {"stride": 2, "output_padding": 1}, id="a-past-canvas"),
        pytest.param((4,), (3,), {"stride": 3, "padding": 1}, id="1-D"),
    ],
)
def test_scatter_view_ends_on_torchs_transposed_convolution(size, kernel, params):
    import torch

    from convmath.figures.animation import ScatterScene
    from convmath.figures.style import house_style

    plan = plan_animation("conv-transpose", size, kernel, **params)
    with house_style():
        scene = ScatterScene(plan, seed=5)
    conv = (
        torch.nn.functional.conv_transpose1d
        if len(size) == 1
        else torch.nn.functional.conv_transpose2d
    )
    expected = conv(
        torch.tensor(scene.x)[None, None], torch.tensor(scene.w)[None, None], **params
    )[0, 0]
    assert tuple(expected.shape) == plan.output_shape
    assert _scatter_output(scene) == expected.flatten().tolist()
    assert scene.frame_count == math.prod(size) + 1


def test_scatter_frames_add_one_scaled_kernel_each():
    from convmath.figures.animation import ScatterScene
    from convmath.figures.style import house_style

    plan = plan_animation("conv-transpose", (2, 2), (2, 2))
    with house_style():
        scene = ScatterScene(plan, input_values=[[0, 1], [2, 3]], kernel_values=[[0, 1], [2, 3]])
    # d2l's four partial outputs, added one by one (by hand: x[i, j] * w placed at (i, j))
    partial = [
        [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
        [[0, 0, 1], [0, 2, 3], [0, 0, 0]],
        [[0, 0, 0], [0, 2, 0], [4, 6, 0]],
        [[0, 0, 0], [0, 0, 3], [0, 6, 9]],
    ]
    running = np.zeros((3, 3))
    for frame, part in enumerate(partial):
        running += np.array(part)
        scene.update(frame)
        shown = [t.get_text() for t in scene.sums]
        touched = [bool(t) for t in shown]
        assert [float(v) for v, on in zip(shown, touched) if on] == running.flatten()[
            touched
        ].tolist()
    assert _scatter_output(scene) == [0, 0, 1, 0, 4, 6, 4, 12, 9]


def test_scatter_gif_has_the_frames_it_reports(tmp_path):
    from PIL import Image

    from convmath.figures.animation import gif_frame_count, save_animation

    plan = plan_animation("conv-transpose", (2, 3), (2, 2), stride=2)
    path = save_animation(plan, tmp_path / "s.gif", view="scatter", dpi=30)
    with Image.open(path) as gif:
        assert gif.n_frames == gif_frame_count(plan, "scatter") == 7  # 2 x 3 elements + 1
