"""The catalogue of named figures: one module per topic, each defining ``FIGURE``.

Modules are imported by :func:`convmath.figures.registry.get` only when their figure is
needed; see :data:`convmath.figures.registry.CATALOGUE` for the table of names.
"""
