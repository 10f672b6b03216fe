"""NumPy/SciPy layer: PyTorch-exact convolution, its sparse matrix, pooling and checks.

Names are imported from their modules on first use (SciPy is only loaded when needed).
"""

from __future__ import annotations

from convmath._lazy import lazy_exports

_EXPORTS = {
    "output_shape": "convmath.numeric.shapes",
    "transposed_output_shape": "convmath.numeric.shapes",
    "effective_kernel_shape": "convmath.numeric.shapes",
    "resolve_padding": "convmath.numeric.shapes",
    "conv": "convmath.numeric.correlation",
    "conv_transpose": "convmath.numeric.correlation",
    "conv_matrix": "convmath.numeric.matrix",
    "pad": "convmath.numeric.padding",
    "pad_matrix": "convmath.numeric.padding",
    "PADDING_MODES": "convmath.numeric.padding",
    "max_pool": "convmath.numeric.pooling",
    "avg_pool": "convmath.numeric.pooling",
    "avg_pool_matrix": "convmath.numeric.pooling",
    "max_pool_selection_matrix": "convmath.numeric.pooling",
    "adaptive_avg_pool": "convmath.numeric.adaptive",
    "adaptive_max_pool": "convmath.numeric.adaptive",
    "max_unpool": "convmath.numeric.unpool",
    "dot_test": "convmath.numeric.adjoint",
    "DotTestResult": "convmath.numeric.adjoint",
    "DotTestError": "convmath.numeric.adjoint",
    "convolve_full": "convmath.numeric.full",
    "conv_reference": "convmath.numeric.reference",
    "conv_transpose_reference": "convmath.numeric.reference",
    "max_pool_reference": "convmath.numeric.reference",
    "Signal": "convmath.numeric.sampled",
    "riemann_convolution": "convmath.numeric.sampled",
    "convergence_study": "convmath.numeric.sampled",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
