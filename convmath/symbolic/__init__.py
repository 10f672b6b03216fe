"""SymPy layer: safe parsing, closed-form continuous convolution, matrix forms, size formulas.

Names are imported from their modules on first use, so ``import convmath.symbolic`` stays
cheap until something is actually needed.
"""

from __future__ import annotations

from convmath._lazy import lazy_exports

_EXPORTS = {
    "parse": "convmath.symbolic.parser",
    "rect": "convmath.symbolic.signals",
    "tri": "convmath.symbolic.signals",
    "convolve": "convmath.symbolic.continuous",
    "derive_convolution": "convmath.symbolic.continuous",
    "Derivation": "convmath.symbolic.continuous",
    "sampled_check": "convmath.verification.closed_form",
    "transform_check": "convmath.symbolic._transform_check",
    "conv_matrix": "convmath.symbolic.matrix",
    "conv_transpose_matrix": "convmath.symbolic.matrix",
    "kernel_symbols": "convmath.symbolic.matrix",
    "check_transpose_identity": "convmath.symbolic.matrix",
    "transpose_identity_sweep": "convmath.symbolic.matrix",
    "conv_output_size": "convmath.symbolic.sizes",
    "transposed_output_size": "convmath.symbolic.sizes",
    "effective_kernel_size": "convmath.symbolic.sizes",
    "RELATIONSHIPS": "convmath.symbolic.sizes",
    "relationship": "convmath.symbolic.sizes",
    "receptive_field": "convmath.symbolic.receptive",
    "stack_receptive_field": "convmath.symbolic.receptive",
    "parameter_counts": "convmath.symbolic.parameters",
    "conv_parameter_counts": "convmath.symbolic.parameters",
    "derive_stomach": "convmath.symbolic.stomach",
    "to_piecewise": "convmath.symbolic.piecewise_form",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
