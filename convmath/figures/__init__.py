"""Figures and animations, drawn from the numbers the symbolic and numeric layers compute.

Everything here sits on top of :mod:`convmath.symbolic` and :mod:`convmath.numeric`; nothing in
those layers imports this package.
"""
