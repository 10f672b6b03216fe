"""Figures and animations, drawn from the numbers the symbolic and numeric layers compute.

Everything here sits on top of :mod:`convmath.symbolic` and :mod:`convmath.numeric`; nothing in
those layers imports this package. Names are imported on first use, so importing
``convmath.figures`` does not import matplotlib.

Examples
--------
>>> from convmath.figures import figure_names
>>> figure_names()[:3]
['integral', 'stomach', 'image-conv']
"""

from __future__ import annotations

from convmath._lazy import lazy_exports

_EXPORTS = {
    "FigureSpec": ("convmath.figures.registry", "FigureSpec"),
    "CATALOGUE": ("convmath.figures.registry", "CATALOGUE"),
    "figure_names": ("convmath.figures.registry", "names"),
    "get_figure": ("convmath.figures.registry", "get"),
    "draw_figure": ("convmath.figures.registry", "draw_figure"),
    "render": ("convmath.figures.registry", "render"),
    "render_all": ("convmath.figures.registry", "render_all"),
    "house_style": ("convmath.figures.style", "house_style"),
    "animate": ("convmath.figures.animation", "animate"),
    "plan_animation": ("convmath.figures.animation", "plan_animation"),
    "save_animation": ("convmath.figures.animation", "save_animation"),
    "DUMOULIN_PRESETS": ("convmath.figures.dumoulin", "DUMOULIN_PRESETS"),
    "render_presets": ("convmath.figures.dumoulin", "render_presets"),
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
