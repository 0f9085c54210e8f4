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

__all__ = [
    "loss_on_grid",
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
        raise ValueError(f"labels has {len(labels)} entries but {what} has {len(items)}: give one label per entry")
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


def _entry(results, k, label):
    """How an error names one of the results: by its key in a mapping, else by its position."""
    return f"results[{label!r}]" if isinstance(results, Mapping) else f"results[{k}]"


def _as_series(result, attribute, where):
    values = getattr(result, attribute, result)
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"{where} must be a FitResult or a non-empty 1-D sequence of {attribute}, "
                         f"got an array of shape {values.shape}")
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
    items = [(label, _as_series(result, "losses", _entry(results, k, label)))
             for k, (label, result) in enumerate(_labelled(results, labels, "results"))]
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
    items = [(label, _as_series(result, "gradient_norms", _entry(results, k, label)))
             for k, (label, result) in enumerate(_labelled(results, labels, "results"))]
    for label, norms in items:
        ax.plot(np.arange(norms.size), np.where(norms > 0, norms, np.nan), marker="o", markersize=3, label=label)
    ax.set_yscale("log")
    ax.set(xlabel="iteration $k$", ylabel=r"$\max_j\,|\partial J / \partial \theta_j|$")
    if any(label is not None for label, _ in items):
        ax.legend()
    return ax
