"""The numbers the F2 figures show, read back from the drawn artists, against independent
computations (plain loops and the textbook formulas), never against convmath itself.

Figures: fully-connected, transposed-conv, matrix-form, dilated-conv, cnn-vs-fc,
output-size, checkerboard.
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np
import pytest
from figures_reference import (
    conv_size_by_counting,
    numbers,
    scatter_loop,
    texts,
    transposed_size_by_counting,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from convmath.errors import ConvmathError
from convmath.figures import registry
from convmath.figures.catalogue import (
    checkerboard,
    cnn_vs_fc,
    dilated_conv,
    fully_connected,
    matrix_form,
    output_size,
    transposed_conv,
)

F2 = [
    "fully-connected",
    "transposed-conv",
    "matrix-form",
    "dilated-conv",
    "cnn-vs-fc",
    "output-size",
    "checkerboard",
]


# --- registry entries ------------------------------------------------------------------------


@pytest.mark.parametrize("name", F2)
def test_every_f2_figure_is_registered_with_a_description_and_renders(name, tmp_path):
    spec = registry.get(name)
    assert spec.name == name and spec.description and 0.2 < spec.aspect < 1.2
    path = registry.render(name, tmp_path, dpi=40)
    from PIL import Image

    with Image.open(path) as image:
        pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 10  # not blank


# --- transposed-conv ------------------------------------------------------------------------


@pytest.mark.parametrize("inches", [7.2, 3.5])
def test_transposed_conv_shows_d2l_numbers_from_the_scatter_definition(drawn, inches):
    _, axes = drawn("transposed-conv", inches=inches)
    expected = scatter_loop(transposed_conv.INPUT, transposed_conv.KERNEL)
    assert expected.tolist() == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]  # d2l's printed result
    shown = numbers(axes["scatter"])
    # the last 9 numbers written are the summed output, row-major
    assert shown[-9:] == expected.ravel().tolist()
    # each partial output: the kernel scaled by one input element at that element's offset
    parts, total = transposed_conv.transposed_parts(transposed_conv.INPUT, transposed_conv.KERNEL)
    for n, part in enumerate(parts):
        alone = np.zeros((2, 2))
        alone.flat[n] = np.asarray(transposed_conv.INPUT).flat[n]
        assert np.array_equal(part, scatter_loop(alone, transposed_conv.KERNEL))
    assert np.array_equal(total, expected)


@pytest.mark.parametrize("inches", [7.2, 3.5])
def test_transposed_conv_gather_row_writes_the_window_sum(drawn, inches):
    _, axes = drawn("transposed-conv", inches=inches)
    g = np.asarray(transposed_conv.GATHER_INPUT, float)
    w = np.asarray(transposed_conv.KERNEL, float)
    y00 = sum(g[i, j] * w[i, j] for i in range(2) for j in range(2))
    sentence = [t for t in texts(axes["gather"]) if "·" in t][0]
    assert sentence.endswith(f"= {y00:g}")
    y = [[(g[r : r + 2, c : c + 2] * w).sum() for c in range(2)] for r in range(2)]
    assert np.array(y).ravel().tolist() == numbers(axes["gather"])[-4:]


@settings(deadline=None, max_examples=25)
@given(
    x=st.lists(st.integers(-3, 3), min_size=4, max_size=4),
    w=st.lists(st.integers(-3, 3), min_size=4, max_size=4),
    s=st.integers(1, 3),
)
def test_transposed_parts_sum_to_the_scatter_for_any_stride(x, w, s):
    xs, ws = np.reshape(x, (2, 2)), np.reshape(w, (2, 2))
    parts, total = transposed_conv.transposed_parts(xs, ws, stride=s)
    assert np.allclose(parts.sum(axis=0), total)
    assert np.allclose(total, scatter_loop(xs, ws, (s, s)))


# --- checkerboard ---------------------------------------------------------------------------


def overlap_loop(size, k, s):
    out = np.zeros(((size - 1) * s + k,) * 2)
    for i, j in itertools.product(range(size), repeat=2):
        out[i * s : i * s + k, j * s : j * s + k] += 1
    return out


@settings(deadline=None, max_examples=30)
@given(size=st.integers(1, 6), k=st.integers(1, 6), s=st.integers(1, 4))
def test_overlap_counts_equal_counting_kernel_copies(size, k, s):
    counts = checkerboard.overlap_counts(size, k, s)
    assert np.array_equal(counts, overlap_loop(size, k, s))
    if k % s == 0 and size > k:
        # far from the border every cell is covered by (k / s)^2 copies: no checkerboard
        inner = counts[k:-k, k:-k] if counts.shape[0] > 2 * k else counts[k - 1 : k, k - 1 : k]
        assert set(np.unique(inner)) <= {(k // s) ** 2}


def test_checkerboard_figure_writes_the_counts_and_names_the_pattern(drawn):
    _, axes = drawn("checkerboard")
    for key, k in (("a", 3), ("b", 4)):
        counts = overlap_loop(4, k, 2)
        assert numbers(axes[key]) == counts.ravel().tolist()
        # the profile bars are the middle row
        heights = [bar.get_height() for bar in axes[key + "p"].patches]
        assert heights == counts[counts.shape[0] // 2].tolist()
    title_a, title_b = axes["a"].get_title(loc="left"), axes["b"].get_title(loc="left")
    assert "checkerboard" in title_a and "(1, 2, 4)" in title_a
    assert "even overlap" in title_b and "(4)" in title_b


# --- output-size ----------------------------------------------------------------------------


@settings(deadline=None, max_examples=60)
@given(
    k=st.integers(1, 5),
    s=st.integers(1, 4),
    p=st.integers(0, 3),
    d=st.integers(1, 3),
    a=st.integers(0, 3),
)
def test_size_curves_count_window_positions_and_scattered_cells(k, s, p, d, a):
    inputs = list(range(1, 12))
    assert output_size.conv_sizes(inputs, k=k, s=s, p=p, d=d) == [
        conv_size_by_counting(i, k, s, p, d) for i in inputs
    ]
    if a < s:
        assert output_size.transposed_sizes(inputs, k=k, s=s, p=p, a=a) == [
            transposed_size_by_counting(i, k, s, p, a) for i in inputs
        ]


def test_size_references_agree_with_the_guides_examples():
    # Dumoulin & Visin: 5 x 5 input, 3 x 3 kernel, stride 2, padding 1 -> 3 (figure 2.7);
    # 6 x 6 the same -> 3 (figure 2.8); dilation 2 on 7 -> 3 (figure 5.1)
    assert conv_size_by_counting(5, 3, 2, 1, 1) == conv_size_by_counting(6, 3, 2, 1, 1) == 3
    assert conv_size_by_counting(7, 3, 1, 0, 2) == 3
    assert conv_size_by_counting(2, 3, 1, 0, 1) is None
    # and back: 3 -> 5 with a = 0, 3 -> 6 with a = 1 (figures 4.5 and 4.6)
    assert transposed_size_by_counting(3, 3, 2, 1, 0) == 5
    assert transposed_size_by_counting(3, 3, 2, 1, 1) == 6


def test_output_size_plots_the_computed_points_and_legend_formulas(drawn):
    _, axes = drawn("output-size")
    marker_lines = [line for line in axes["conv"].lines if line.get_linestyle() == "None"]
    assert len(marker_lines) == len(output_size.CONV_CASES)
    for line, (k, s, p, d) in zip(marker_lines, output_size.CONV_CASES):
        xs, ys = line.get_xdata(), line.get_ydata()
        expected = [(i, conv_size_by_counting(i, k, s, p, d)) for i in range(1, 17)]
        assert list(zip(xs.tolist(), ys.tolist())) == [(i, o) for i, o in expected if o]
    labels = [t.get_text() for t in axes["conv"].get_legend().get_texts()]
    assert any(r"\lfloor{(i - 1) / 2}\rfloor + 1" in label for label in labels)  # k3 s2 p1
    t_lines = [line for line in axes["transposed"].lines if line.get_linestyle() == "None"]
    assert len(t_lines) == len(output_size.TRANSPOSED_CASES)
    for line, (k, s, p, a) in zip(t_lines, output_size.TRANSPOSED_CASES):
        xs, ys = line.get_xdata(), line.get_ydata()
        expected = [(i, transposed_size_by_counting(i, k, s, p, a)) for i in range(1, 17)]
        assert list(zip(xs.tolist(), ys.tolist())) == [(i, o) for i, o in expected if o]


# --- matrix-form ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["double", "single"])
def test_matrix_form_cells_follow_the_gather_definition(width):
    figure = registry.draw_figure("matrix-form", width=width)
    ax = figure.axes[0]
    # C (4 x 16) by the gather definition: output (r, c) reads input (r + a, c + b) with w_ab
    expected_c = {}
    for r, c in itertools.product(range(2), range(2)):  # output position, row-major
        for a, b in itertools.product(range(3), range(3)):
            expected_c[(r * 2 + c, (r + a) * 4 + (c + b))] = f"$w_{{{a}{b}}}$"
    expected_t = {(col, row): label for (row, col), label in expected_c.items()}
    # the weight texts, by the cell whose centre they sit at (the matrices' top-left corners
    # from the figure's placement; the cells are unit squares)
    at = matrix_form.placement((4, 4), (2, 2), single=width == "single")
    shown_c, shown_t = {}, {}
    for text in ax.texts:
        if not text.get_text().startswith("$w_"):
            continue
        x, y = text.get_position()
        for shown, (x0, y0), (rows, cols) in ((shown_c, at.C, (4, 16)), (shown_t, at.T, (16, 4))):
            if x0 < x < x0 + cols and y0 < y < y0 + rows:
                shown[(round(y - y0 - 0.5), round(x - x0 - 0.5))] = text.get_text()
    plt.close(figure)
    assert shown_c == expected_c and len(expected_c) == 4 * 9
    assert shown_t == expected_t
    assert any("equals Cᵀ" in t for t in texts(ax))


def test_symbol_label_formats_indices():
    import sympy

    assert matrix_form.symbol_label(sympy.Symbol("w_10_2")) == "$w_{10,2}$"
    assert matrix_form.symbol_label(sympy.Symbol("w")) == "$w$"
    assert matrix_form.symbol_label(0) == ""


# --- dilated-conv ---------------------------------------------------------------------------


@settings(deadline=None, max_examples=25)
@given(k=st.integers(1, 4), d=st.integers(1, 4))
def test_footprint_has_k_taps_d_apart(k, d):
    taps = dilated_conv.footprint(k, d, ndim=1)
    assert len(taps) == d * (k - 1) + 1
    assert np.nonzero(taps)[0].tolist() == [j * d for j in range(k)]


def reach_loop(k, dilations):
    """Paths from each input offset to one output: enumerate every choice of taps."""
    extent = sum(d * (k - 1) for d in dilations) + 1
    counts = np.zeros((extent, extent))
    per_layer = [[(a * d, b * d) for a in range(k) for b in range(k)] for d in dilations]
    for choice in itertools.product(*per_layer):
        counts[sum(c[0] for c in choice), sum(c[1] for c in choice)] += 1
    return counts


@pytest.mark.parametrize("dilations", [(2, 2, 2), (1, 2, 3), (1, 1), (3, 2)])
def test_stack_reach_counts_paths(dilations):
    assert np.array_equal(dilated_conv.stack_reach(3, dilations), reach_loop(3, dilations))


def test_dilated_tree_reaches_2_to_the_L_inputs_and_titles_say_so(drawn):
    edges = dilated_conv.tree_edges((1, 2, 4, 8), 20)
    inputs = sorted({v for layer, _, v in edges if layer == 1})
    assert inputs == list(range(20 - 16, 20))  # 16 = 2^4 consecutive inputs
    _, axes = drawn("dilated-conv")
    assert "16 = $2^4$" in axes["tree"].get_title(loc="left")
    assert axes["d2"].get_title(loc="left").endswith("span 5×5")
    assert "120 holes" in axes["g1"].get_title(loc="left")
    assert "no holes" in axes["g2"].get_title(loc="left")
    curves = {
        line.get_label().split(":")[0]: line.get_ydata().tolist() for line in axes["rf"].lines
    }
    layers = range(1, 9)
    assert curves["kernel 3, no dilation"] == [2 * n + 1 for n in layers]
    assert curves["kernel 2, dilation $2^l$"] == [2**n for n in layers]
    assert curves["kernel 3, dilation $2^l$"] == [2 ** (n + 1) - 1 for n in layers]


# --- fully-connected ------------------------------------------------------------------------


def test_dense_scores_are_w_times_the_flattened_map_plus_b():
    f = np.asarray(fully_connected.FEATURES, float)
    w = np.asarray(fully_connected.WEIGHTS, float)
    b = np.asarray(fully_connected.BIAS, float)
    flat, z, p = fully_connected.dense_scores(f, w, b)
    manual = [f[c, i, j] for c in range(2) for i in range(2) for j in range(2)]
    assert flat.tolist() == manual
    assert np.allclose(z, [sum(w[k, n] * manual[n] for n in range(8)) + b[k] for k in range(3)])
    e = np.exp(z)
    assert np.allclose(p, e / e.sum())


def test_fully_connected_figure_shows_scores_and_probabilities(drawn):
    _, axes = drawn("fully-connected")
    f = np.asarray(fully_connected.FEATURES, float)
    w = np.asarray(fully_connected.WEIGHTS, float)
    flat = [f[c, i, j] for c in range(2) for i in range(2) for j in range(2)]
    z = np.array([sum(w[k, n] * flat[n] for n in range(8)) for k in range(3)])
    z += fully_connected.BIAS
    p = np.exp(z) / np.exp(z).sum()
    shown = numbers(axes["net"])
    assert shown[-3:] == [round(v, 4) for v in z.tolist()]
    assert flat == shown[8:16]  # after the two 2 x 2 channels
    bars = [bar.get_width() for bar in axes["probs"].patches]
    assert np.allclose(bars, p)
    assert [float(t) for t in numbers(axes["probs"])] == [round(v, 2) for v in p]
    assert any("24 weights + 3 biases" in t for t in texts(axes["net"]))


def test_dense_scores_reject_a_wrong_weight_shape():
    with pytest.raises(ConvmathError, match="weights must have 8 columns"):
        fully_connected.dense_scores(fully_connected.FEATURES, np.ones((3, 7)), [0, 0, 0])


# --- cnn-vs-fc ------------------------------------------------------------------------------


@pytest.mark.parametrize("side", [16, 32, 64])
def test_layer_counts_match_hand_counts(side):
    cnn, mlp = cnn_vs_fc.layer_counts(side)
    assert [n for _, n in cnn] == [16 * (3 * 9 + 1), 32 * (16 * 9 + 1), 10 * (32 + 1)]
    pixels = 3 * side * side
    assert [n for _, n in mlp] == [512 * (pixels + 1), 512 * (512 + 1), 10 * (512 + 1)]


def test_cnn_vs_fc_figure_bars_and_growth(drawn):
    _, axes = drawn("cnn-vs-fc")
    widths = [bar.get_width() for bar in axes["counts"].patches]
    assert widths[:6] == [448, 4640, 330, 1573376, 262656, 5130]
    assert "5,418" in axes["counts"].get_title(loc="left") and "1,841,162" in axes[
        "counts"
    ].get_title(loc="left")
    mlp, cnn = axes["growth"].lines[:2]
    assert set(cnn.get_ydata().tolist()) == {5418}  # independent of the image size
    assert mlp.get_ydata().tolist() == [
        512 * (3 * s * s + 1) + 512 * 513 + 10 * 513 for s in (16, 32, 64, 128, 256)
    ]
