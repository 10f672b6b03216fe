"""The numbers the F1 figures show, read back from the drawn artists, against independent
computations (NumPy loops, SciPy quadrature and filters), never against convmath itself.

Figures: integral, stomach, image-conv, box-blur, feature-filters, sparse-interaction,
parameter-sharing, pooling; plus the registry's errors.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from figures_reference import correlate_loop, numbers, texts, windows
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from scipy import ndimage, signal
from scipy.integrate import quad

from convmath.errors import ConvmathError
from convmath.figures import registry


def photo_reduced(reduce: int) -> np.ndarray:
    """Grace Hopper, RGB floats, block means of reduce x reduce pixels (independent path)."""
    import matplotlib.cbook as cbook
    import matplotlib.image as mpimg

    with cbook.get_sample_data("grace_hopper.jpg") as handle:
        pixels = mpimg.imread(handle, format="jpg").astype(float) / 255.0
    h, w = (pixels.shape[0] // reduce) * reduce, (pixels.shape[1] // reduce) * reduce
    blocks = pixels[:h, :w].reshape(h // reduce, reduce, w // reduce, reduce, 3)
    return blocks.mean(axis=(1, 3))  # (H, W, 3)


def luma(rgb_hwc: np.ndarray) -> np.ndarray:
    return rgb_hwc @ np.array([0.299, 0.587, 0.114])


# --- pooling -------------------------------------------------------------------------------

GRID = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=float)


def blocks(x: np.ndarray, size: int) -> np.ndarray:
    h, w = x.shape[0] // size, x.shape[1] // size
    return x[: h * size, : w * size].reshape(h, size, w, size).swapaxes(1, 2)


@pytest.mark.parametrize("inches", [7.2, 3.5])
def test_pooling_values_written_are_the_window_max_and_mean(drawn, inches):
    _, axes = drawn("pooling", inches=inches)
    expected_max = blocks(GRID, 2).max(axis=(2, 3))
    expected_avg = blocks(GRID, 2).mean(axis=(2, 3))
    assert numbers(axes["max"]) == expected_max.ravel().tolist() == [6, 8, 3, 4]
    assert numbers(axes["avg"]) == expected_avg.ravel().tolist() == [3.25, 5.25, 2, 2]
    assert numbers(axes["input"]) == GRID.ravel().tolist()
    assert "max(1, 1, 5, 6) = 6" in texts(axes["max"])
    assert "(1 + 1 + 5 + 6) / 4 = 3.25" in texts(axes["avg"])


@pytest.mark.parametrize(("size", "stride"), [(2, 2), (3, 1), (2, 1)])
def test_pooling_values_of_any_grid_are_the_window_max_and_mean(drawn, size, stride):
    grid = np.array([[9, 0, 1, 3], [2, 2, 8, 1], [0, 7, 4, 4], [5, 1, 4, 6]], dtype=float)
    _, axes = drawn("pooling", grid=grid, size=size, stride=stride)
    found = windows(grid, size, stride)
    assert numbers(axes["max"]) == [float(w.max()) for row in found for w in row]
    # the cells show 6 significant digits ("{:g}")
    means = [w.mean() for row in found for w in row]
    assert numbers(axes["avg"]) == pytest.approx(means, rel=1e-5)


def test_pooling_marks_each_window_maximum(drawn):
    from convmath.figures.palette import HIGHLIGHT

    _, axes = drawn("pooling")
    green = to_hex(HIGHLIGHT)
    marked = sorted(
        (int(p.get_y()), int(p.get_x()))
        for p in axes["input"].patches
        if p.get_facecolor()[3] == 0 and to_hex(p.get_edgecolor()) == green
    )
    # the maxima 6, 8, 3, 4 sit at (1,1), (1,3), (2,0), (3,3)
    assert marked == [(1, 1), (1, 3), (2, 0), (3, 3)]


@settings(deadline=None, max_examples=30)
@given(
    st.lists(st.integers(-9, 9), min_size=36, max_size=36),
    st.sampled_from([(2, 2), (3, 3), (2, 1), (3, 1)]),
)
def test_pool_helper_matches_blockwise_reduction(values, size_stride):
    from convmath.figures.catalogue.pooling import pool

    size, stride = size_stride
    x = np.array(values, dtype=float).reshape(6, 6)
    high, mean, winners = pool(x, size, stride)
    found = windows(x, size, stride)
    assert high.shape == mean.shape == (len(found), len(found[0]))
    for r, row in enumerate(found):
        for c, window in enumerate(row):
            assert high[r, c] == window.max()
            assert mean[r, c] == pytest.approx(window.mean())
            assert x.ravel()[winners[r, c]] == window.max()


# --- image-conv ----------------------------------------------------------------------------


def evaluate_sum(lines: str) -> tuple[float, float]:
    """('a·b + c·(−d) ... = v') -> (sum of the products, v)."""
    left, right = lines.replace("−", "-").replace("\n", " ").split("=")
    total = 0.0
    for term in left.replace("+ +", "+").split("+"):
        term = term.strip()
        if term:
            a, b = term.split("·")
            total += float(a) * float(b.strip("()"))
    return total, float(right)


@pytest.mark.parametrize("inches", [7.2, 3.5])
def test_image_conv_output_is_the_cross_correlation(drawn, inches):
    from convmath.figures.catalogue.image_conv import IMAGE, KERNEL

    _, axes = drawn("image-conv", inches=inches)
    expected = correlate_loop(np.array(IMAGE, float), np.array(KERNEL, float))
    assert numbers(axes["output"]) == expected.ravel().tolist()
    assert numbers(axes["kernel"]) == np.ravel(KERNEL).tolist()


def test_image_conv_multiply_add_is_written_out_and_lands_at_the_centre(drawn):
    from convmath.figures.catalogue.image_conv import IMAGE, KERNEL

    _, axes = drawn("image-conv", position=(0, 1))
    (written,) = [t for t in texts(axes["sum"]) if "=" in t]
    total, shown = evaluate_sum(written)
    x, w = np.array(IMAGE, float), np.array(KERNEL, float)
    assert total == shown == float((x[0:3, 1:4] * w).sum())
    # the bold output cell is (0, 1), drawn at the window centre (1, 2) of the input frame
    (bold,) = [t for t in axes["output"].texts if t.get_fontweight() == "bold"]
    assert float(bold.get_text().replace("−", "-")) == shown
    assert bold.get_position() == (2.5, 1.5)


def test_image_conv_rejects_positions_outside_the_output(drawn):
    with pytest.raises(ConvmathError, match=r"position must be an output cell .* got \(3, 0\)"):
        drawn("image-conv", position=(3, 0))


@settings(deadline=None, max_examples=30)
@given(
    st.lists(st.integers(-5, 9), min_size=25, max_size=25),
    st.lists(st.integers(-2, 2), min_size=9, max_size=9),
    st.integers(0, 2),
    st.integers(0, 2),
)
def test_multiply_add_text_sums_to_the_convolution(image, kernel, r, c):
    from convmath.figures.catalogue.image_conv import convolve_grid, multiply_add

    x = np.array(image, float).reshape(5, 5)
    w = np.array(kernel, float).reshape(3, 3)
    expected = correlate_loop(x, w)
    total, _ = evaluate_sum("\n".join(multiply_add(x, w, (r, c))) + " = 0")
    assert total == pytest.approx(expected[r, c])
    assert np.allclose(convolve_grid(x, w), expected)


# --- integral ------------------------------------------------------------------------------


def box_exp(t: float) -> float:
    """(box[0, 2] * e^{-t} u(t))(t) by quadrature."""
    if t <= 0:
        return 0.0
    return quad(lambda tau: np.exp(-(t - tau)), 0, min(t, 2))[0]


def test_integral_areas_match_quadrature(drawn):
    times = registry.get("integral").defaults["times"]
    _, axes = drawn("integral")
    for key, t in zip(("t0", "t1", "t2", "t3"), times):
        title = axes[key].get_title(loc="left")
        area = float(re.search(r"area \$= ([\d.]+)\$", title).group(1))
        assert area == pytest.approx(box_exp(t), abs=5e-4), title
    # the marked points on the result panel
    markers = [line for line in axes["result"].lines if line.get_marker() == "o"]
    (points,) = markers
    assert np.allclose(points.get_ydata(), [box_exp(t) for t in times], atol=1e-12)


def test_integral_result_curve_is_the_closed_form(drawn):
    _, axes = drawn("integral")
    line = axes["result"].lines[0]
    t, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    pick = (np.abs(t - 0) > 1e-2) & (np.abs(t - 2) > 1e-2)
    expected = np.where(
        t <= 0, 0.0, np.where(t <= 2, 1 - np.exp(-t), np.exp(-(t - 2)) - np.exp(-t))
    )
    assert np.allclose(y[pick], expected[pick], atol=1e-12)


def test_integral_shades_the_product(drawn):
    _, axes = drawn("integral", times=(1.0, 1.5, 2.5, 3.0))
    fill = axes["t1"].collections[0]
    (path,) = fill.get_paths()
    vertices = path.vertices
    # the shaded region's height at tau is f(tau) g(1.5 - tau) = e^{-(1.5 - tau)} on [0, 1.5]
    inside = (vertices[:, 0] > 0.05) & (vertices[:, 0] < 1.45) & (vertices[:, 1] > 0)
    taus = vertices[inside, 0]
    assert np.allclose(vertices[inside, 1], np.exp(-(1.5 - taus)), atol=1e-9)


def test_integral_needs_four_times(drawn):
    with pytest.raises(ConvmathError, match="times must hold 4 values; got 2"):
        drawn("integral", times=(0, 1))


# --- stomach -------------------------------------------------------------------------------


def stomach_quad(at: float) -> float:
    """Breakfast 300 g 7:00-7:30, lunch 500 g 12:00-12:30, half-life 2 h."""
    total = 0.0
    for start, grams in ((7, 300), (12, 500)):
        hi = min(at, start + 0.5)
        if hi > start:
            total += quad(lambda x: grams / 0.5 * 2 ** (-(at - x) / 2), start, hi)[0]
    return total


def test_stomach_marks_the_14_oclock_value(drawn):
    _, axes = drawn("stomach")
    (label,) = [t for t in texts(axes["R"]) if t.startswith("14:00")]
    grams = float(re.search(r"([\d.]+) g", label).group(1))
    assert grams == pytest.approx(stomach_quad(14), abs=0.05)


def test_stomach_discrete_sum_is_the_riemann_sum(drawn):
    _, axes = drawn("stomach", dt=0.5)
    (dots,) = [
        line
        for line in axes["R"].lines
        if line.get_marker() == "o" and line.get_linestyle() in ("None", "none", "")
    ]
    times, values = np.asarray(dots.get_xdata()), np.asarray(dots.get_ydata())
    assert np.allclose(np.diff(times), 0.5)

    def rate(x):  # Heaviside(0) = 1/2 at the meal edges, as the samples take it
        def box(a, b):
            return np.where((x > a) & (x < b), 1.0, np.where((x == a) | (x == b), 0.5, 0.0))

        return 600 * box(7, 7.5) + 1000 * box(12, 12.5)

    for t, v in zip(times, values):
        taus = np.arange(0, t + 1e-9, 0.5)
        decay = np.where(t - taus > 0, 2 ** (-(t - taus) / 2), np.where(t == taus, 0.5, 0))
        assert v == pytest.approx(float(np.sum(rate(taus) * decay) * 0.5), abs=1e-6)
    assert "discrete sum, $\\Delta t$ = 30 min" in axes["R"].get_legend_handles_labels()[1]


# --- box-blur and feature-filters ----------------------------------------------------------


def test_box_blur_is_the_3x3_mean_in_grey_and_each_rgb_channel(drawn):
    _, axes = drawn("box-blur")
    rgb = photo_reduced(4)
    grey = luma(rgb)
    shown_grey = np.asarray(axes["grey"].images[0].get_array())
    shown_blur = np.asarray(axes["grey_blur"].images[0].get_array())
    assert np.allclose(shown_grey, grey, atol=1e-12)
    assert np.allclose(shown_blur, ndimage.uniform_filter(grey, 3, mode="nearest"), atol=1e-12)
    shown_rgb_blur = np.asarray(axes["rgb_blur"].images[0].get_array())
    expected = np.stack(
        [ndimage.uniform_filter(rgb[..., c], 3, mode="nearest") for c in range(3)], axis=-1
    )
    assert np.allclose(shown_rgb_blur, expected, atol=1e-12)
    cells = [t for t in texts(axes["kernel"])]
    assert cells == ["1/9"] * 9
    # smoothing: neighbouring pixels differ less after the blur
    assert np.abs(np.diff(shown_blur, axis=1)).mean() < np.abs(np.diff(grey, axis=1)).mean()


def test_box_blur_rejects_a_detail_outside_the_image(drawn):
    with pytest.raises(ConvmathError, match=r"detail must be a crop .* inside 150×128"):
        drawn("box-blur", detail=(140, 0, 40))


def test_feature_filters_are_valid_cross_correlations(drawn):
    from convmath.figures.catalogue.feature_filters import FILTERS

    _, axes = drawn("feature-filters")
    grey = luma(photo_reduced(3))
    for key, (name, kernel) in zip("abc", FILTERS):
        shown = np.asarray(axes[f"r{key}"].images[0].get_array())
        expected = signal.correlate2d(grey, np.array(kernel, float), mode="valid")
        assert np.allclose(shown, expected, atol=1e-10), name
        assert numbers(axes[f"k{key}"]) == np.ravel(kernel).tolist()
    # a vertical-edge kernel responds to left-right contrast, not to top-bottom contrast
    ramp = np.tile(np.arange(8.0), (8, 1))
    from convmath.figures.catalogue.feature_filters import responses

    vertical, horizontal, laplacian = responses(ramp, [np.array(k, float) for _, k in FILTERS])
    assert np.all(vertical == 8) and np.all(horizontal == 0) and np.all(laplacian == 0)


# --- sparse-interaction and parameter-sharing ----------------------------------------------


def test_sparse_interaction_draws_one_line_per_weight(drawn):
    _, axes = drawn("sparse-interaction", m=7, k=3)
    n = 7 - 3 + 1
    assert len(axes["dense"].lines) == 7 * n == 35
    assert len(axes["conv"].lines) == 3 * n == 15
    assert "35" in axes["dense"].get_title(loc="left") and "15" in axes["conv"].get_title(
        loc="left"
    )
    # each output of the convolution connects to the k consecutive inputs i .. i + k - 1
    inputs = {round(x): [] for x in range(7)}
    for line in axes["conv"].lines:
        (x_in, x_out), _ = line.get_data()
        inputs[round(x_in)].append(x_out)
    offset = (7 - n) / 2
    for j, outs in inputs.items():
        expected = [i + offset for i in range(n) if i <= j <= i + 2]
        assert sorted(outs) == expected


def test_sparse_interaction_counts_grow_as_mn_and_kn(drawn):
    _, axes = drawn("sparse-interaction", m=9, k=5)
    dense, sparse, shared = axes["counts"].lines[:3]
    m = np.asarray(dense.get_xdata())
    assert np.array_equal(dense.get_ydata(), m * (m - 5 + 1))
    assert np.array_equal(sparse.get_ydata(), 5 * (m - 5 + 1))
    assert np.all(np.asarray(shared.get_ydata()) == 5)


def test_parameter_sharing_colours_each_kernel_entry_the_same_everywhere(drawn):
    from convmath.figures.catalogue.parameter_sharing import TAP_COLORS

    _, axes = drawn("parameter-sharing", inputs=6)
    by_color: dict[str, list[int]] = {}
    for line in axes["shared"].lines:
        (x_in, x_out), _ = line.get_data()
        tap = round(x_in - x_out + 1)  # input j feeds output i through w_{j - i}, outputs offset 1
        by_color.setdefault(to_hex(line.get_color()), []).append(tap)
    assert len(axes["shared"].lines) == 3 * 4
    assert {c: set(t) for c, t in by_color.items()} == {
        to_hex(TAP_COLORS[i]): {i} for i in range(3)
    }


def test_parameter_sharing_shift_in_shift_out(drawn):
    x = np.array([0, 2, 5, 1, 0, 0, 0, 0, 0, 0], float)
    w = np.array([1, -1, 3], float)
    _, axes = drawn("parameter-sharing", signal=x, kernel=w, shift=3)
    values = np.array(numbers(axes["equivariant"])).reshape(4, x.size)
    y = np.correlate(np.pad(x, 1), w, mode="valid")  # 'same': one zero each side
    x3 = np.concatenate([np.zeros(3), x[:-3]])
    assert np.array_equal(values[0], x)
    assert np.array_equal(values[1], y)
    assert np.array_equal(values[2], x3)
    assert np.array_equal(values[3], np.correlate(np.pad(x3, 1), w, mode="valid"))
    assert np.array_equal(values[3], np.concatenate([np.zeros(3), y[:-3]]))


@settings(deadline=None, max_examples=30)
@given(
    st.lists(st.integers(-4, 4), min_size=4, max_size=4),
    st.lists(st.integers(-3, 3), min_size=3, max_size=3),
    st.integers(0, 6),
)
def test_equivariance_rows_commute_for_any_kernel_and_shift(pattern, kernel, steps):
    from convmath.figures.catalogue.parameter_sharing import equivariance_rows

    x = np.array([0, *pattern] + [0] * 8, float)  # room to shift without losing samples
    rows = equivariance_rows(x, kernel, steps)
    y = np.correlate(np.pad(x, 1), np.asarray(kernel, float), mode="valid")  # 'same', k = 3
    shifted = np.concatenate([np.zeros(steps), x[: x.size - steps]])
    assert np.array_equal(rows["x_shifted"], shifted)
    assert np.allclose(rows["y"], y)
    assert np.allclose(rows["y_shifted"], np.concatenate([np.zeros(steps), y[: y.size - steps]]))


def test_shift_rejects_too_large_shifts():
    from convmath.figures.catalogue.parameter_sharing import shift_right

    with pytest.raises(ConvmathError, match="shift must be between 0 and 3; got 4"):
        shift_right([1, 2, 3, 4], 4)


# --- registry ------------------------------------------------------------------------------


def test_registry_lists_fifteen_names_and_rejects_unknown_ones():
    assert len(registry.names()) == 15
    assert registry.names()[0] == "integral"
    with pytest.raises(ConvmathError, match="figure name must be one of integral, stomach"):
        registry.get("Pooling")


def test_render_rejects_unknown_parameters_and_mismatched_formats(tmp_path):
    with pytest.raises(ConvmathError, match="parameters of figure 'pooling' are grid, size"):
        registry.render("pooling", tmp_path, colour="red")
    with pytest.raises(ConvmathError, match="fmt 'pdf' does not match"):
        registry.render("pooling", tmp_path / "x.png", fmt="pdf")
    with pytest.raises(ConvmathError, match="fmt must be one of png, pdf, svg, pgf; got 'gif'"):
        registry.render("pooling", tmp_path, fmt="gif")
    assert list(tmp_path.iterdir()) == []


def test_render_to_a_file_path_and_with_parameters(tmp_path):
    target = registry.render("pooling", tmp_path / "p.svg", grid=np.eye(4), dpi=30)
    assert target == tmp_path / "p.svg" and target.read_text().lstrip().startswith("<?xml")
