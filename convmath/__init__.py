"""convmath: derive, explain and verify the mathematics of convolution in CNNs.

The package has two mathematical layers and two presentation layers on top:

* :mod:`convmath.symbolic` -- SymPy: closed-form continuous convolutions, the matrix
  form of convolution and transposed convolution, output-size formulas.
* :mod:`convmath.numeric` -- NumPy/SciPy: PyTorch-exact ``conv``/``conv_transpose``,
  sparse convolution matrices, pooling and the checks that tie both layers together.
* ``convmath.figures`` and the ``convmath`` command line sit on top of both.

Importing :mod:`convmath` itself is cheap: the layers are imported on first use.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
