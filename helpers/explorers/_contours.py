"""Contour lines for the explorers' maps (surface and Newton), computed once in Python and drawn by the page."""

from __future__ import annotations

import numpy as np

from ..style import CONTOUR_CMAP
from ._base import rounded

__all__ = ["contour_levels", "contours"]


def contours(W, B, Z, levels, cmap=CONTOUR_CMAP):
    """Contour lines of Z at ``levels`` as [{level, color, lines: [[w...], [b...]], ...}] (contourpy)."""
    import contourpy
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    gen = contourpy.contour_generator(W, B, Z, line_type=contourpy.LineType.Separate)
    colors = colormaps[cmap](np.linspace(0.3, 0.85, len(levels)))  # greys: never white, never black (Newton)
    out = []
    for level, color in zip(levels, colors):
        lines = [[rounded(seg[:, 0]), rounded(seg[:, 1])] for seg in gen.lines(float(level)) if len(seg) > 1]
        if lines:
            out.append({"level": float(level), "color": to_hex(color), "lines": lines})
    return out


def contour_levels(Z, count):
    """``count`` levels from the grid's minimum to its maximum, crowding geometrically towards the minimum."""
    z_min, z_max = float(np.min(Z)), float(np.max(Z))
    return z_min + (z_max - z_min) * np.geomspace(2e-3, 0.98, count)
