"""Compile a LaTeX document with pdflatex: fail under CI=true when it is missing, else skip."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def compile_document(folder: Path, document: str) -> str:
    """Compile `document` in `folder` (halting on the first error); return pdflatex's log."""
    if shutil.which("pdflatex") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdflatex is missing under CI=true")
        pytest.skip("pdflatex is not installed")
    (folder / "doc.tex").write_text(document)
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    return (folder / "doc.log").read_text(errors="replace")
