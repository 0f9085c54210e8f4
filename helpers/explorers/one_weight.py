"""OneWeightExplorer: the squared error of a sigmoid and the log-loss against one weight w (chapter 1)."""

from __future__ import annotations

import numpy as np

from .._validation import as_count
from ..losses import log_loss, log_loss_and_gradient, mse_loss, mse_loss_and_gradient, sigmoid
from ._base import Control, Explorer
from ._spec import PANEL_TITLES, STYLE, fill
from .datasets import as_range, datasets_from

__all__ = ["OneWeightExplorer"]

#: the tangent segment reaches this fraction of the w axis on each side of the point
TANGENT_FRACTION = 0.16

TEXT = {
    "alt": (
        "Two loss curves against the weight w for the data set '{label}' at b = {b:1}. At w = {w:1} the squared "
        "error is {mse:3} with slope {dmse:4}, the log-loss is {log:3} with slope {dlog:4}; below, the data and "
        "the sigmoid prediction."),
    "title": PANEL_TITLES,
    "name": {"mse": "squared error", "log": "log-loss"},
    "ylabel": {"mse": "J(w), squared error", "log": "J(w), log-loss"},
    "xlabel": "weight w",
    "slope": "slope dJ/dw = {g:4}",
    "flat": " (flat)",
    "slope_words": {"flat": "almost flat", "falling": "falling: gradient descent moves w right",
                    "rising": "rising: gradient descent moves w left"},
    "panel": ("{name} against the weight w, at b = {b:1}: a curve over w from {w_lo:0} to {w_hi:0}. At w = {w:1} the "
              "loss is {J:3} and the tangent's slope, the derivative dJ/dw, is {g:4}: {words}."),
    "data_xlabel": "feature x",
    "data_ylabel": "h = σ(b + w x)",
    "data_panel": ("The data, {m} examples ({m1} with y = 1 as filled dots at height 1, {m0} with y = 0 as open dots "
                   "at height 0), and the prediction h = sigmoid(b + w x) for w = {w:1}, b = {b:1}."),
    "readout": ("At w = {w:1}, b = {b:1}: the squared error is {mse:3} with slope {dmse:4} ({words_mse}); the log-loss "
                "is {log:3} with slope {dlog:4} ({words_log})."),
    # what the readout adds, decided by `hint` from the state
    "hints": {
        "plateau": (" Here the squared error gives gradient descent almost nothing to go on, though it is still far above "
                    "its lowest value along w; the log-loss still points the way."),
        "fitted": (" Every prediction is on the right side of 1/2 (h > 1/2 where y = 1, h < 1/2 where y = 0) and both "
                   "losses are near 0: there is little left to learn."),
    },
}


def hint(spec, d, sc):
    """What the readout adds for scene ``sc`` (a key of ``TEXT["hints"]``, or None); ``spec`` and ``d`` (the data
    set) as the page receives them.  ``hint`` in static/slice.js is its twin.

    'fitted': every prediction ``h = sigmoid(b + w x)`` is on its label's side of 1/2 and the log-loss is below
    ``spec["near_zero"]`` (the squared error, at most the log-loss, is then too).  'plateau': the squared error's
    slope is flat (below ``spec["flat"]``), the log-loss's is not, and the squared error is still high: at least
    ``spec["plateau_fraction"]`` of the way from its lowest to its highest value on the curve drawn.
    """
    p = sc["point"]
    right = all((sc["b"] + sc["w"] * x > 0) == (label == 1) for x, label in zip(d["x"], d["y"]))
    if right and p["log"] < spec["near_zero"]:
        return "fitted"
    lo, hi = min(sc["curve"]["mse"]), max(sc["curve"]["mse"])
    if abs(p["dmse"]) < spec["flat"] <= abs(p["dlog"]) and p["mse"] - lo >= spec["plateau_fraction"] * (hi - lo):
        return "plateau"
    return None


class OneWeightExplorer(Explorer):
    """The squared error of a sigmoid and the log-loss as functions of one weight ``w``, side by side.

    For the chosen data set and bias ``b``, each panel draws ``J(b, w)`` over ``w`` with the current
    point and its tangent, whose slope is ``dJ/dw`` (from :func:`helpers.mse_loss_and_gradient` and
    :func:`helpers.log_loss_and_gradient`); a third panel shows the data and ``h = sigmoid(b + w x)``.
    Where the model is confidently wrong the squared error's slope is almost 0 (a plateau) while the
    log-loss's is not.  The page computes the curves for any ``b`` with core.js's mirror of the losses
    (one curve per position of the b slider would make the page several times heavier).

    Parameters
    ----------
    datasets : keys of EXPLORER_DATASETS, ExplorerDataset objects or a mapping, optional
        The choices of the data-set menu (default: ``one``, ``six``, ``two_minima``).
    dataset : str, optional
        The one shown first (default: the first).
    w, b : float
        The starting weight and bias.
    w_range : (float, float)
        The weights shown and offered by the slider (default: the first data set's).
    b_range : (float, float)
        The biases offered by the slider.
    flat : float
        A slope with ``|dJ/dw|`` below this is called flat in the figure's words.
    near_zero : float
        A log-loss below this, with every prediction right, is called near 0 (the readout's 'fitted' hint).
    plateau_fraction : float
        A flat squared error at least this fraction of the way up from its lowest to its highest value on the
        curve is on a plateau (the readout's 'plateau' hint); see :func:`hint`.
    num : int
        Points on each loss curve.
    """

    kind = "slice"
    title = "One weight: squared error and log-loss against w"
    TEXT = TEXT

    def __init__(self, datasets=None, dataset=None, w=-6.0, b=0.0, w_range=None, b_range=(-4.0, 4.0),
                 flat=1e-3, near_zero=0.05, plateau_fraction=0.5, num=161):
        super().__init__()
        self._datasets = datasets_from(datasets, ("one", "six", "two_minima"))
        first = next(iter(self._datasets.values()))
        w_range = as_range(first.w_range if w_range is None else w_range, "w_range")
        b_range = as_range(b_range, "b_range")
        self._w_grid = np.linspace(w_range[0], w_range[1], as_count(num, "num", 2))
        spec_sets = {}
        for key, d in self._datasets.items():
            X, y = d.X, d.labels
            lo, hi = d.x_range
            corners = [log_loss(np.array([bb, ww]), X, y) for bb in b_range for ww in w_range]
            coarse = [mse_loss(np.array([bb, ww]), X, y) for bb in np.linspace(*b_range, 9) for ww in self._w_grid[::8]]
            spec_sets[key] = {
                "label": d.label, "x": list(d.x), "y": list(d.y), "x_range": list(d.x_range),
                "x_grid": np.linspace(lo, hi, 121).tolist(),
                # the log-loss is convex, so on the box its maximum is at a corner
                "ymax": {"mse": float(1.1 * max(coarse)), "log": float(1.05 * max(corners))},
            }
        self._spec = {"datasets": spec_sets, "w_range": list(w_range), "w_grid": self._w_grid.tolist(), "flat": float(flat),
                      "near_zero": float(near_zero), "plateau_fraction": float(plateau_fraction),
                      "tangent_half": TANGENT_FRACTION * (w_range[1] - w_range[0])}
        self._controls = [
            Control("select", "dataset", "Data set", options=[[d.label, k] for k, d in self._datasets.items()]),
            Control("slider", "w", "Weight w", min=w_range[0], max=w_range[1], step=0.1, digits=1),
            Control("slider", "b", "Bias b", min=b_range[0], max=b_range[1], step=0.1, digits=1),
        ]
        self._state = {"dataset": dataset or next(iter(self._datasets)), "w": float(w), "b": float(b)}
        for k, v in self._state.items():
            self._state[k] = self._validate(k, v)

    def scene(self, **state):
        st = self._merged(state)
        d = self._datasets[st["dataset"]]
        X, y = d.X, d.labels
        b, w = float(st["b"]), float(st["w"])
        curve = {
            "mse": [mse_loss(np.array([b, wk]), X, y) for wk in self._w_grid],
            "log": [log_loss(np.array([b, wk]), X, y) for wk in self._w_grid],
        }
        jm, gm = mse_loss_and_gradient(np.array([b, w]), X, y)
        jl, gl = log_loss_and_gradient(np.array([b, w]), X, y)
        h = sigmoid(b + w * np.asarray(self._spec["datasets"][st["dataset"]]["x_grid"]))
        out = {
            "dataset": st["dataset"], "w": w, "b": b, "curve": curve,
            "point": {"mse": jm, "log": jl, "dmse": float(gm[1]), "dlog": float(gl[1]),
                      "dmse_b": float(gm[0]), "dlog_b": float(gl[0])},
            "sigmoid": {"h": h.tolist()},
        }
        out["hint"] = hint(self._spec, self._spec["datasets"][st["dataset"]], out)
        return out

    def _figsize(self):
        return (6.4, 5.4)

    def plot(self, axes=None):
        if axes is None:
            from matplotlib.figure import Figure

            fig = Figure(figsize=self._figsize())
            grid = fig.add_gridspec(2, 2, height_ratios=[1.6, 1])
            axes = [fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])]
        sc, spec, colors = self.scene(), self._spec, STYLE["colors"]
        d = spec["datasets"][sc["dataset"]]
        half = spec["tangent_half"]
        for ax, key in ((axes[0], "mse"), (axes[1], "log")):
            J, g = sc["point"][key], sc["point"]["d" + key]
            ax.plot(spec["w_grid"], sc["curve"][key], color=colors[key])
            ax.plot([sc["w"] - half, sc["w"] + half], [J - g * half, J + g * half], color=colors["ink"], lw=1.5, ls="--")
            ax.plot([sc["w"]], [J], "o", color=colors[key], ms=7, mec="white")
            flat = TEXT["flat"] if abs(g) < spec["flat"] else ""
            ax.set(xlim=spec["w_range"], ylim=(0, d["ymax"][key]), title=TEXT["title"][key],
                   xlabel=TEXT["xlabel"] + "\n" + fill(TEXT["slope"], {"g": g}) + flat)
        ax = axes[2]
        ax.plot(d["x_grid"], sc["sigmoid"]["h"], color=colors["ink"])
        for xi, yi in zip(d["x"], d["y"]):
            ax.plot([xi], [yi], "o", ms=6, mfc=colors["y1"] if yi == 1 else "white",
                    mec=colors["y1"] if yi == 1 else colors["y0"])
        ax.set(xlim=d["x_range"], ylim=(-0.1, 1.1), xlabel=TEXT["data_xlabel"], ylabel=TEXT["data_ylabel"])
        return axes

    def alt_values(self):
        sc = self.scene()
        return {"label": self._datasets[sc["dataset"]].label, "b": sc["b"], "w": sc["w"], **sc["point"]}
