"""Plot functions shared by several chapters and by the interactive figures.

Every function takes the axes to draw on as ``ax=None`` (a new figure is made
when it is None), draws only what it is given, and returns the axes, so a
chapter can add titles, annotations or a second panel afterwards.
Nothing here changes matplotlib's global state: the book's one style is
``book/matplotlibrc``.

Conventions
-----------
A two-parameter model has ``theta = (b, w) = (theta[0], theta[1])``: the
intercept first, as :func:`helpers.add_intercept` puts the column of ones first.
Contour plots put the slope ``w`` on the horizontal axis and the intercept
``b`` on the vertical axis.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._validation import as_count
from .landscapes import loss_grid
from .style import CONTOUR_CMAP

__all__ = [
    "loss_on_grid",
    "plot_contours_with_paths",
    "plot_loss_curves",
    "plot_gradient_norms",
]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    return ax


def _check_range(value, name):
    lo, hi = (float(v) for v in value)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be (low, high) with finite low < high, got {value!r}")
    return lo, hi


def _labelled(items, labels, what):
    """Return ``[(label, item), ...]`` from a mapping or from parallel sequences."""
    if isinstance(items, Mapping):
        if labels is not None:
            raise ValueError(f"give labels either as the keys of a mapping of {what} or as labels=, not both")
        return [(str(k), v) for k, v in items.items()]
    items = list(items)
    if labels is None:
        labels = [None] * len(items)
    labels = list(labels)
    if len(labels) != len(items):
        raise ValueError(f"got {len(items)} {what} but {len(labels)} labels")
    return list(zip(labels, items))


def loss_on_grid(loss, X, y, w_range, b_range, num=81):
    """Evaluate a two-parameter loss on a grid: ``Z[i, j] = loss((B[i, j], W[i, j]), X, y)``.

    Parameters
    ----------
    loss : callable
        ``loss(theta, X, y)`` with ``theta = (b, w)``, e.g. :func:`helpers.log_loss`.
    X, y : array_like
        The data, passed through to ``loss``; ``X`` has two columns (``[1, x]``).
    w_range, b_range : (float, float)
        The grid spans ``w`` in ``w_range`` (columns) and ``b`` in ``b_range`` (rows).
    num : int
        Grid points along each axis.

    Returns
    -------
    W, B, Z : ndarray, each of shape ``(num, num)``
        As from ``np.meshgrid(w, b)``, ready for ``ax.contour(W, B, Z)``.
    """
    w_lo, w_hi = _check_range(w_range, "w_range")
    b_lo, b_hi = _check_range(b_range, "b_range")
    num = as_count(num, "num", minimum=2)
    w, b = np.linspace(w_lo, w_hi, num), np.linspace(b_lo, b_hi, num)
    W, B = np.meshgrid(w, b)
    return W, B, loss_grid(loss, X, y, w, b)


def plot_contours_with_paths(loss, X, y, paths, w_range, b_range, *, labels=None, levels=14, num=81,
                             markers=("o", "s", "^", "D", "v"), colors=None, ax=None):
    """Contour lines of a two-parameter loss, with optimisation paths drawn on top.

    Parameters
    ----------
    loss : callable
        ``loss(theta, X, y)`` with ``theta = (b, w)``, e.g. :func:`helpers.log_loss`.
    X, y : array_like
        The data passed to ``loss``.
    paths : sequence of array_like of shape (k, 2), or mapping label -> path
        Iterates ``theta_0, theta_1, ...`` in ``(b, w)`` order, e.g.
        ``FitResult.path``.  Path ``p`` is drawn as the line through
        ``(p[:, 1], p[:, 0])``: ``w`` across, ``b`` up.
    w_range, b_range : (float, float)
        The region shown: ``w`` on the horizontal axis, ``b`` on the vertical one.
    labels : sequence of str, optional
        One legend label per path (not with a mapping, whose keys are the labels).
    levels : int or sequence of float
        Explicit contour levels, or how many to draw.  An integer ``k`` gives
        ``k`` levels ``J_min + (J_max - J_min) * q`` with ``q`` geometrically
        spaced from 1e-3 to 1 (``J_min``, ``J_max`` over the grid), so the
        contours crowd towards the minimum, where the paths end.
    num : int
        Grid points along each axis (see :func:`loss_on_grid`).
    markers : sequence of str
        Marker styles, used in turn for the paths.
    colors : sequence of colours, optional
        One per path, e.g. ``[COLORS["gradient_descent"], COLORS["newton"]]`` from :mod:`helpers.style`;
        by default the colour cycle. Contour lines are always grey (``CONTOUR_CMAP``).
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
        The contour set is ``ax.collections[0]``; the paths are ``ax.lines``, in order.
    """
    ax = _axes(ax)
    items = _labelled(paths, labels, "paths")
    W, B, Z = loss_on_grid(loss, X, y, w_range, b_range, num=num)
    if np.isscalar(levels):
        count = int(levels)
        if count < 1:
            raise ValueError(f"levels must be a positive count or a sequence of values, got {levels!r}")
        z_min, z_max = float(np.min(Z)), float(np.max(Z))
        levels = z_min + (z_max - z_min) * np.geomspace(1e-3, 1.0, count)
    levels = np.asarray(levels, dtype=float)
    from matplotlib import colormaps

    greys = colormaps[CONTOUR_CMAP](np.linspace(0.3, 0.85, len(levels)))  # never white, never black (Newton)
    ax.contour(W, B, Z, levels=levels, colors=greys, linewidths=1.0)
    if colors is not None and len(colors) < len(items):
        raise ValueError(f"got {len(items)} paths but {len(colors)} colors")
    for k, (label, path) in enumerate(items):
        path = np.asarray(path, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"each path must have shape (k, 2) with columns (b, w); got shape {path.shape}")
        color = None if colors is None else colors[k]
        ax.plot(path[:, 1], path[:, 0], marker=markers[k % len(markers)], markersize=4, linewidth=1.5, label=label,
                color=color)
    ax.set(xlim=_check_range(w_range, "w_range"), ylim=_check_range(b_range, "b_range"),
           xlabel="slope $w$", ylabel="intercept $b$")
    if any(label is not None for label, _ in items):
        ax.legend()
    return ax


def _as_series(result, attribute):
    values = getattr(result, attribute, result)
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"expected a FitResult or a non-empty 1-D sequence of {attribute}, got shape {values.shape}")
    return values


def plot_loss_curves(results, labels=None, *, optimum=None, ax=None):
    """The gap ``J(theta_k) - J*`` against the iteration ``k``, on a logarithmic y axis.

    Parameters
    ----------
    results : sequence of FitResult or of 1-D arrays of losses, or mapping label -> result
        ``result.losses[k]`` (or ``result[k]``) is ``J(theta_k)``, ``k = 0, 1, ...``.
    labels : sequence of str, optional
        One legend label per result.
    optimum : float, optional
        ``J*``, the minimum of the loss.  Default: the smallest loss in any of the
        results.  Gaps that are not positive (the iterate that attains ``J*``,
        or rounding below it) cannot be shown on a log scale and are left out.
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
        One line per result, in order: x data ``k``, y data ``J(theta_k) - J*``.
    """
    ax = _axes(ax)
    items = [(label, _as_series(result, "losses")) for label, result in _labelled(results, labels, "results")]
    if optimum is None:
        optimum = min(float(np.min(losses)) for _, losses in items)
    optimum = float(optimum)
    for label, losses in items:
        gap = losses - optimum
        gap = np.where(gap > 0, gap, np.nan)
        ax.plot(np.arange(losses.size), gap, marker="o", markersize=3, label=label)
    ax.set_yscale("log")
    ax.set(xlabel="iteration $k$", ylabel=r"$J(\theta_k) - J^*$")
    if any(label is not None for label, _ in items):
        ax.legend()
    return ax


def plot_gradient_norms(results, labels=None, *, ax=None):
    """The gradient size ``max_j |dJ/dtheta_j|`` at each iterate, on a logarithmic y axis.

    Parameters
    ----------
    results : sequence of FitResult or of 1-D arrays, or mapping label -> result
        ``result.gradient_norms[k]`` (or ``result[k]``) is the gradient size at ``theta_k``.
        Exact zeros are left out (a log scale cannot show them).
    labels : sequence of str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : matplotlib Axes
        One line per result, in order: x data ``k``, y data the gradient sizes.
    """
    ax = _axes(ax)
    items = [(label, _as_series(r, "gradient_norms")) for label, r in _labelled(results, labels, "results")]
    for label, norms in items:
        ax.plot(np.arange(norms.size), np.where(norms > 0, norms, np.nan), marker="o", markersize=3, label=label)
    ax.set_yscale("log")
    ax.set(xlabel="iteration $k$", ylabel=r"$\max_j\,|\partial J / \partial \theta_j|$")
    if any(label is not None for label, _ in items):
        ax.legend()
    return ax
