"""Where gradient descent can no longer escape a minimum: each minimum's basin on a map (surface explorer).

Why a basin decides where a run ends
------------------------------------
With a learning rate ``alpha < 2/L`` (``L`` a bound on the loss's curvature) every step of gradient descent
lowers the loss, and the whole segment from one iterate to the next stays below the loss at its start
(the descent lemma: ``J(theta - t g) <= J(theta) - t (1 - L t / 2) |g|^2`` for ``0 <= t <= alpha``).  So a
run whose loss is below ``c`` and which lies in the connected piece of ``{J < c}`` around a minimum ``M``
never leaves that piece.  If the piece holds no other minimum and stays inside the map, the run can only end
at ``M``.  :func:`basins` finds, on the map's grid, the highest such level for each minimum (its *pass*: the
level at which its piece first reaches another minimum or the edge of the map) and the grid nodes of the
piece below it.  The verdict (:func:`helpers.explorers.surface.ending` and its twin in static/surface.js)
names ``M`` for a run that ends with a loss below ``M``'s pass, at a grid node of ``M``'s piece.

The grid is the contour grid; a narrow pass between grid nodes could be missed, so the rule is checked
against the truth (runs continued until they converge) over a grid of starts and step counts in
tests/test_explorers.py.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["basins", "in_basin", "grid_index"]

#: neighbours in all eight directions: a piece joined only at a corner of a cell counts as joined
_EIGHT = np.ones((3, 3), dtype=bool)


def _pieces(mask):
    from scipy import ndimage

    return ndimage.label(mask, structure=_EIGHT)[0]


def basins(Z, nodes):
    """For each minimum (its grid node ``(i, j)`` in ``nodes``), ``{"level": its pass, "rows": its piece}``.

    ``Z[i, j]`` is the loss at grid row ``i`` (bias) and column ``j`` (weight).  The piece of a minimum at
    level ``c`` is the connected set (eight neighbours) of grid nodes with ``Z < c`` that holds its node; the
    pass is the lowest ``c`` at which the piece of ``Z <= c`` touches the edge of the grid or the node of
    another minimum.  ``rows[i]`` lists the piece's columns in row ``i`` as half-open runs
    ``[j0, j1, j0', j1', ...]``: small in JSON, and read by :func:`in_basin` (and ``inBasin`` in the page).
    """
    Z = np.asarray(Z, dtype=float)
    levels = np.unique(Z)
    out = []
    for k, node in enumerate(nodes):
        others = [n for m, n in enumerate(nodes) if m != k]

        def closed(c):
            labels = _pieces(Z <= c)
            piece = labels == labels[node]
            edge = piece[0].any() or piece[-1].any() or piece[:, 0].any() or piece[:, -1].any()
            return not edge and not any(piece[n] for n in others)

        lo, hi = int(np.searchsorted(levels, Z[node])), len(levels) - 1
        if not closed(levels[lo]):  # the minimum's node is on the edge or shared: no basin on this map
            out.append({"level": float(Z[node]), "rows": [[] for _ in range(Z.shape[0])]})
            continue
        while hi - lo > 1:  # closed(levels[lo]) holds and closed(levels[hi]) does not (the edge is reached at the top)
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if closed(levels[mid]) else (lo, mid)
        level = float(levels[hi])
        labels = _pieces(Z < level)
        piece = labels == labels[node]
        rows = []
        for row in piece:
            edges = np.flatnonzero(np.diff(np.r_[0, row.astype(np.int8), 0]))
            rows.append(edges.tolist())
        out.append({"level": level, "rows": rows})
    return out


def grid_index(value, lo, hi, num):
    """The index of the grid node nearest to ``value`` on ``linspace(lo, hi, num)``, or None off the grid.

    Rounds halves up (``floor(t + 1/2)``), as the page does (``Math.floor``), never to even."""
    t = (value - lo) / (hi - lo) * (num - 1)
    if not math.isfinite(t):
        return None
    k = math.floor(t + 0.5)
    return k if 0 <= k < num else None


def in_basin(basin, row, col):
    """Whether grid node ``(row, col)`` is in the piece ``basin["rows"]`` (see :func:`basins`)."""
    runs = basin["rows"][row]
    return any(runs[k] <= col < runs[k + 1] for k in range(0, len(runs), 2))
