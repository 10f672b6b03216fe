"""Saving figures reproducibly: fixed metadata, atomic writes, LaTeX needs checked first.

Rendering the same figure twice gives byte-identical PNG, PDF and SVG files: the PNG
``Software`` key, the PDF ``Creator``/``Producer``/``CreationDate`` and the SVG ``Date`` are
fixed, and the SVG hash salt is set by the house style. ``.pgf`` files (matplotlib's PGF
backend, text typeset by the paper's own LaTeX) need pdflatex; :func:`missing_tex` names
what a LaTeX-typeset save lacks, before anything is drawn.

Examples
--------
>>> # what a plain PNG needs from TeX: nothing
>>> missing_tex("png", usetex=False)
[]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from convmath._io import atomic_path
from convmath.errors import ConvmathError

__all__ = ["save_figure", "FORMATS", "TEX_NEEDS", "missing_tex", "check_tex", "latex_errors"]

FORMATS = ("png", "pdf", "svg", "pgf")

_METADATA: dict[str, dict[str, Any] | None] = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Date": None, "Creator": None},
    "pgf": None,  # the PGF backend writes no metadata
}

#: What LaTeX-typeset output needs: programs on PATH and files ``kpsewhich`` must find.
#: ``usetex``: matplotlib's texmanager preamble (type1ec.sty is how it detects cm-super);
#: ``pgf``: the PGF backend's text measurement with pdflatex.
TEX_NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "usetex": (
        ("latex",),
        ("type1cm.sty", "type1ec.sty", "underscore.sty", "geometry.sty", "textcomp.sty"),
    ),
    "pgf": (("pdflatex",), ("underscore.sty",)),
}
#: The TeX Live package that ships a file, where its name does not say it.
_PACKAGE_OF = {"type1ec.sty": "cm-super", "type1cm.sty": "type1cm"}


def _tex_file_found(name: str) -> bool:
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return False
    found = subprocess.run([kpsewhich, name], capture_output=True, text=True, timeout=30)
    return found.returncode == 0 and bool(found.stdout.strip())


def missing_tex(fmt: str, *, usetex: bool) -> list[str]:
    """The programs and LaTeX files that saving as `fmt` (with `usetex`) needs but lacks.

    Files are named with their package, e.g. ``"type1ec.sty (package cm-super)"``; PNG with
    usetex also needs ``dvipng``.
    """
    kinds = [kind for kind, wanted in (("usetex", usetex), ("pgf", fmt == "pgf")) if wanted]
    programs = [p for kind in kinds for p in TEX_NEEDS[kind][0]]
    if usetex and fmt == "png":
        programs.append("dvipng")
    missing = [p for p in dict.fromkeys(programs) if shutil.which(p) is None]
    if missing or not kinds:
        return missing
    if shutil.which("kpsewhich") is None:
        return ["kpsewhich"]
    files = dict.fromkeys(f for kind in kinds for f in TEX_NEEDS[kind][1])
    return [_with_package(f) for f in files if not _tex_file_found(f)]


def _with_package(name: str) -> str:
    package = _PACKAGE_OF.get(name, name.rsplit(".", 1)[0])
    return f"{name} (package {package})"


def check_tex(fmt: str, *, usetex: bool) -> None:
    """Refuse to start a save that LaTeX cannot finish: one line saying what is missing."""
    missing = missing_tex(fmt, usetex=usetex)
    if missing:
        what = "--usetex" if usetex and fmt != "pgf" else "format pgf"
        raise ConvmathError(
            f"{what} needs LaTeX, and this TeX installation lacks {', '.join(missing)}; "
            "install them (TeX Live: tlmgr install, or your distribution's texlive packages)",
            argument="usetex" if what == "--usetex" else "fmt",
        )


def save_figure(figure: Any, path: str | os.PathLike[str], *, dpi: float | None = None) -> Path:
    """Save `figure` to `path` (format from the suffix) without ever leaving half a file."""
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ConvmathError(
            f"file {str(target)!r} must end in one of {', '.join('.' + f for f in FORMATS)}",
            argument="path",
        )
    import matplotlib as mpl

    extra = {} if _METADATA[fmt] is None else {"metadata": _METADATA[fmt]}
    with (
        atomic_path(target) as temporary,
        mpl.rc_context({"svg.hashsalt": "convmath"}),
        latex_errors(fmt),
    ):
        figure.savefig(temporary, format=fmt, dpi=dpi, **extra)
    return target


@contextmanager
def latex_errors(fmt: str) -> Iterator[None]:
    """Report a LaTeX run that stopped on a missing file as one line naming the file.

    matplotlib raises ``RuntimeError`` (``LatexError`` is one) with LaTeX's log in the
    message; a log without a missing file goes on unchanged.
    """
    try:
        yield
    except RuntimeError as error:
        log = str(error)
        missing = re.search(r"File `([^']+)' not found", log) or re.search(r"(cm-super)", log)
        if missing is None:
            raise
        raise ConvmathError(
            f"LaTeX stopped: {missing[1]} is not installed (needed for {fmt} with LaTeX text)",
            argument="fmt" if fmt == "pgf" else "usetex",
        ) from None
