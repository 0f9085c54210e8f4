"""The explorers' data sets: small one-feature sets with the region each figure shows.

``EXPLORER_DATASETS`` holds the book's four (explicit numbers, no randomness); an explorer takes keys
of it, :class:`ExplorerDataset` objects, or a mapping of either (see :func:`datasets_from`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .._validation import as_real
from ..landscapes import mse_curvature, one_weight_data, two_minima_data
from ..losses import add_intercept

__all__ = ["ExplorerDataset", "EXPLORER_DATASETS", "datasets_from", "as_range"]

@dataclass(frozen=True)
class ExplorerDataset:
    """A small one-feature data set for the explorers, with the region the figures show.

    Parameters
    ----------
    label : str
        What the reader sees in the data-set menu.
    x, y : tuple of float
        The feature and the 0/1 labels; the model is ``h = sigmoid(b + w x)``.
    w_range, b_range : (float, float)
        The weights and biases the maps show and the starting-point sliders offer.
    learning_rates : dict, optional
        Gradient descent's learning rate on each loss, ``{"mse": ..., "log": ...}``.  Default: each
        loss's safe step ``1/L``, with ``L`` the largest curvature the loss can have on these data:
        ``lambda_max(X^T X) / (4 m)`` for the log-loss, and ``c_max lambda_max(X^T X) / m`` for the
        squared error, ``c_max`` the largest ``|d^2/dz^2 (sigmoid(z) - y)^2 / 2|``
        (from :func:`helpers.mse_curvature`).
    """

    label: str
    x: tuple
    y: tuple
    w_range: tuple = (-6.0, 6.0)
    b_range: tuple = (-6.0, 6.0)
    learning_rates: dict | None = None

    def __post_init__(self):
        x = np.asarray(self.x, dtype=float)
        y = np.asarray(self.y, dtype=float)
        if x.ndim != 1 or x.shape != y.shape or x.size == 0:
            raise ValueError("x and y must be non-empty 1-D sequences of the same length")
        if not np.all(np.isfinite(x)):
            raise ValueError(f"x must hold finite numbers, got {x[~np.isfinite(x)][0]}")
        if not np.all(np.isin(y, (0.0, 1.0))):
            raise ValueError("y must hold labels 0 and 1")
        object.__setattr__(self, "x", tuple(float(v) for v in x))
        object.__setattr__(self, "y", tuple(float(v) for v in y))
        for name in ("w_range", "b_range"):
            object.__setattr__(self, name, as_range(getattr(self, name), name))
        if self.learning_rates is not None:
            rates = self.learning_rates
            if not (isinstance(rates, dict) and {"mse", "log"} <= set(rates)
                    and all(math.isfinite(as_real(rates[k], f"learning_rates[{k!r}]")) and rates[k] > 0 for k in ("mse", "log"))):
                raise ValueError(f"learning_rates must be a dict with finite positive 'mse' and 'log' entries, got {rates!r}")
            object.__setattr__(self, "learning_rates", {k: float(rates[k]) for k in ("mse", "log")})

    @classmethod
    def from_design(cls, label, X, y, **kwargs):
        """From a design matrix ``[1, x]`` (as :func:`helpers.add_intercept` makes it) or a single column ``x``."""
        X = np.asarray(X, dtype=float)
        x = X[:, -1] if X.ndim == 2 else X
        if X.ndim == 2 and X.shape[1] == 2 and not np.all(X[:, 0] == 1.0):
            raise ValueError("a two-column X must be [1, x]: its first column all ones")
        if X.ndim == 2 and X.shape[1] > 2:
            raise ValueError("the explorers draw one feature: X must be [1, x] or a single column x")
        return cls(label, tuple(x), tuple(np.asarray(y, dtype=float)), **kwargs)

    @property
    def X(self):
        """The design matrix ``[1, x]`` (intercept first), shape ``(m, 2)``."""
        return add_intercept(np.asarray(self.x)[:, None])

    @property
    def labels(self):
        """``y`` as a float array."""
        return np.asarray(self.y)

    @property
    def x_range(self):
        """The feature axis of a data plot: the data's range with a margin."""
        lo, hi = min(self.x), max(self.x)
        pad = 0.1 * (hi - lo) if hi > lo else 1.0
        return (lo - pad, hi + pad)

    def curvatures(self):
        """``{"mse": L, "log": L}``: the largest curvature each loss can have on these data (see above)."""
        X = self.X
        lam = float(np.linalg.eigvalsh(X.T @ X)[-1]) / X.shape[0]
        return {"mse": _mse_curvature_max() * lam, "log": lam / 4.0}

    def rates(self):
        """``{"mse": ..., "log": ...}``: the learning rates given, or the safe steps ``1/L`` (see above)."""
        if self.learning_rates is not None:
            return dict(self.learning_rates)
        return {k: 1.0 / L for k, L in self.curvatures().items()}


def as_range(value, name):
    """``(low, high)`` as floats, finite with ``low < high``; else a ValueError naming ``name``."""
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        lo = hi = math.nan
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"{name} must be (low, high) with low < high, both finite; got {value!r}")
    return (lo, hi)


@functools.lru_cache(maxsize=None)
def _mse_curvature_max():
    """``max |d^2/dz^2 (sigmoid(z) - y)^2 / 2|`` over z and y in {0, 1} (about 0.077), on a fine grid."""
    z = np.linspace(-12.0, 12.0, 24001)
    return float(max(np.max(np.abs(mse_curvature(z, label))) for label in (0.0, 1.0)))


def _two_minima():
    X, y = two_minima_data()
    return ExplorerDataset.from_design(
        "twelve examples, two minima", X, y, w_range=(-3.0, 5.0), b_range=(-7.0, 4.0),
        learning_rates={"mse": 5.0, "log": 0.8})


def _six():
    X, y = one_weight_data()
    return ExplorerDataset.from_design("six examples", X, y, w_range=(-8.0, 8.0), b_range=(-4.0, 4.0))


#: The explorers' data sets (explicit numbers, no randomness).
#: ``one``: a single positive example at x = 1, the simplest case where the squared error goes flat.
#: ``six``: :func:`helpers.one_weight_data`, for a model with one weight (bias 0).
#: ``two_minima``: :func:`helpers.two_minima_data`, on which the squared error has two local minima and
#: wide plateaus, with the learning rates of the chapter *Why not mean squared error?* (5 and 0.8).
#: ``overlap``: two overlapping classes; the squared error has one minimum and wide plateaus.
EXPLORER_DATASETS = {
    "one": ExplorerDataset("one example (x = 1, y = 1)", (1.0,), (1.0,), (-8.0, 8.0), (-4.0, 4.0)),
    "six": _six(),
    "two_minima": _two_minima(),
    "overlap": ExplorerDataset(
        "thirteen examples, overlapping",
        (-3, -2.5, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 2.5, 3, 4.5),
        (0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0),
        (-6.0, 6.0), (-6.0, 6.0),
    ),
}


def _dataset(key):
    """``EXPLORER_DATASETS[key]``, or a ValueError listing the known keys."""
    if key not in EXPLORER_DATASETS:
        raise ValueError(f"unknown data set {key!r}; the known ones are {sorted(EXPLORER_DATASETS)}")
    return EXPLORER_DATASETS[key]


def datasets_from(datasets, default):
    """Normalise ``datasets`` (keys of EXPLORER_DATASETS, ExplorerDataset objects, or a mapping) to a dict."""
    if datasets is None:
        datasets = default
    if isinstance(datasets, ExplorerDataset):
        datasets = {"data": datasets}
    if isinstance(datasets, dict):
        items = list(datasets.items())
    else:
        items = []
        for k, d in enumerate(datasets):
            if isinstance(d, str):
                items.append((d, _dataset(d)))
            else:
                items.append((f"data{k}", d))
    out = {}
    for key, d in items:
        if isinstance(d, str):
            d = _dataset(d)
        if not isinstance(d, ExplorerDataset):
            raise TypeError(f"data set {key!r} must be an ExplorerDataset or a key of EXPLORER_DATASETS")
        out[str(key)] = d
    if not out:
        raise ValueError("at least one data set is needed")
    return out
