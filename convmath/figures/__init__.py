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

import importlib
from typing import Any

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

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'convmath.figures' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
