"""TwoCasesExplorer: the log-loss's two cases, -log h and -log(1 - h), at a movable prediction h (chapter 2)."""

from __future__ import annotations

import math

import numpy as np

from ..losses import log_loss, log_loss_gradient, mse_gradient, mse_loss
from ._base import Control, Explorer, rounded
from ._spec import STYLE, fill

__all__ = ["TwoCasesExplorer"]

TEXT = {
    "alt": (
        "Cost panel: the two log-loss cases −log h and −log(1 − h) against h from 0 to 1, and the squared error dashed. "
        "At h = {h:2} with y = {y} the log-loss pays {cost_name} = {cost:3}, the squared error {sq:3}. Slope panel: the "
        "slopes with respect to z, {dlog:3} for the log-loss and {dsq:3} for the squared error."),
    # indexed by the label y: what the log-loss charges a positive (1) or a negative (0) example
    "cost_name": ["−log(1 − h)", "−log h"],
    "xlabel": "prediction h",
    "cost_ylabel": "cost",
    "cost_title": "Cost of one example",
    "cost_legend": ["y = 0: −log(1 − h)", "y = 1: −log h", "squared error (dashed)"],
    "cost_panel": (
        "The cost of one example against the prediction h from 0 to 1. Solid: the log-loss, −log h for y = 1 (falls to 0 "
        "at h = 1, grows without bound as h goes to 0) and −log(1 − h) for y = 0 (the mirror image). Dashed: the squared "
        "error, which never exceeds 1/2. At h = {h:2} with y = {y} the log-loss pays {cost_name} = {cost:3}, the squared "
        "error {sq:3}."),
    "slope_ylabel": "slope dℓ/dz",
    "slope_title": "Slope with respect to z, for y = {y}",
    "slope_legend": ["log-loss: h − y", "squared: (h − y) h (1 − h)"],
    "slope_panel": (
        "The slope of each cost with respect to the score z, for y = {y}, against h. Solid: the log-loss's h − y, a "
        "straight line that is largest when the prediction is most wrong. Dashed: the squared error's (h − y) h (1 − h), "
        "which goes back to 0 when the prediction is confidently wrong. At h = {h:2}: {dlog:3} against {dsq:3}."),
    "readout": (
        "Prediction h = {h:2}, label y = {y}: the log-loss pays {cost_name} = {cost:3} (with y = {other} it would pay "
        "{cost_other:3}); the squared error pays {sq:3}. Slope with respect to z: {dlog:3} for the log-loss, {dsq:3} "
        "for the squared error."),
}


def _one_example(h, label):
    """Cost and slope (with respect to z) of one example with prediction ``h`` and label ``label``.

    The single example has ``x = 1``, so ``theta = [z]`` with ``z = logit(h)`` and the book's
    functions give ``-log h`` or ``-log(1 - h)`` (:func:`helpers.log_loss`), ``(h - y)^2 / 2``
    (:func:`helpers.mse_loss`) and the slopes ``h - y`` and ``(h - y) h (1 - h)``.
    """
    z = np.array([math.log(h) - math.log1p(-h)])
    X, y = np.ones((1, 1)), np.array([float(label)])
    return (log_loss(z, X, y), mse_loss(z, X, y), float(log_loss_gradient(z, X, y)[0]), float(mse_gradient(z, X, y)[0]))


class TwoCasesExplorer(Explorer):
    """The two cases of the log-loss, ``-log h`` (y = 1) and ``-log(1 - h)`` (y = 0), at a movable ``h``.

    Left: the cost of one example against the prediction ``h``, both cases, with the squared error
    ``(h - y)^2 / 2`` dashed for comparison; right: each cost's slope with respect to the score ``z``
    (``h - y`` for the log-loss, ``(h - y) h (1 - h)`` for the squared error).  Every number, on the
    curves and at each slider position, is computed by :func:`helpers.log_loss`, :func:`helpers.mse_loss`
    and their gradients for a one-example data set (see ``_one_example``); the page only looks them up.

    Parameters
    ----------
    h : float
        The starting prediction, a multiple of ``h_step`` in ``[h_step, 1 - h_step]``.
    y : {0, 1}
        The starting label.
    h_step : float
        The slider's step.
    cost_max : float
        The cost axis' upper limit.
    """

    kind = "cases"
    title = "The two cases of the log-loss"
    TEXT = TEXT

    def __init__(self, h=0.1, y=1, h_step=0.01, cost_max=5.0):
        super().__init__()
        ok = isinstance(h_step, (int, float)) and not isinstance(h_step, bool) and 1e-3 - 1e-12 <= h_step <= 0.5
        n = int(round(1.0 / h_step)) if ok else 0
        if not (ok and abs(n * h_step - 1.0) < 1e-9):
            raise ValueError(f"h_step must be 1/n for an integer n between 2 and 1000, got {h_step!r}")
        table_h = [round(k * h_step, 10) for k in range(1, n)]
        curve_h = np.linspace(0.002, 0.998, 250)
        fields = ("cost1", "cost0", "sq1", "sq0", "dlog1", "dlog0", "dsq1", "dsq0")

        def columns(hs):
            out = {f: [] for f in fields}
            for hv in hs:
                for label in (1, 0):
                    cost, sq, dlog, dsq = _one_example(float(hv), label)
                    out[f"cost{label}"].append(cost)
                    out[f"sq{label}"].append(sq)
                    out[f"dlog{label}"].append(dlog)
                    out[f"dsq{label}"].append(dsq)
            return out

        self._spec = {"h_step": float(h_step), "cost_max": float(cost_max),
                      "table": {"h": table_h, **columns(table_h)},
                      "curves": {"h": curve_h.tolist(), **{k: rounded(v, 5) for k, v in columns(curve_h).items()}}}
        self._controls = [
            Control("slider", "h", "Prediction h", min=table_h[0], max=table_h[-1], step=float(h_step), digits=2),
            Control("select", "y", "True label", options=[["y = 1 (a positive example)", 1], ["y = 0 (a negative example)", 0]]),
        ]
        self._state = {"h": self._validate("h", h), "y": self._validate("y", y)}

    def _validate(self, name, value, state=None):
        value = super()._validate(name, value, state)
        if name == "h":  # snap to the slider's grid, as an HTML range input does
            k = round(value / self._spec["h_step"])
            value = self._spec["table"]["h"][int(k) - 1]
        return value

    def scene(self, **state):
        st = self._merged(state)
        h, y = st["h"], st["y"]
        out = {"h": h, "y": y}
        for label in (1, 0):
            cost, sq, dlog, dsq = _one_example(h, label)
            out.update({f"cost{label}": cost, f"sq{label}": sq, f"dlog{label}": dlog, f"dsq{label}": dsq})
        return out

    def _figsize(self):
        return (6.4, 3.2)

    def plot(self, axes=None):
        if axes is None:
            axes = self._new_axes(2)
        sc, c, colors = self.scene(), self._spec["curves"], STYLE["colors"]
        y, other = sc["y"], 1 - sc["y"]
        col = {1: colors["y1"], 0: colors["y0"]}
        legend = TEXT["cost_legend"]
        ax = axes[0]
        ax.plot(c["h"], c["cost1"], color=col[1], lw=3 if y == 1 else 1.2, label=legend[1])
        ax.plot(c["h"], c["cost0"], color=col[0], lw=3 if y == 0 else 1.2, label=legend[0])
        ax.plot(c["h"], c["sq1"], color=col[1], ls="--", lw=1)
        ax.plot(c["h"], c["sq0"], color=col[0], ls="--", lw=1, label=legend[2])
        ax.axvline(sc["h"], color=colors["muted"], lw=1)
        ax.plot([sc["h"]], [min(sc[f"cost{y}"], self._spec["cost_max"])], "o", color=col[y], ms=8, mec="white")
        ax.plot([sc["h"]], [sc[f"cost{other}"]], "o", mfc="white", mec=col[other], ms=6)
        ax.set(xlim=(0, 1), ylim=(0, self._spec["cost_max"]), xlabel=TEXT["xlabel"], ylabel=TEXT["cost_ylabel"],
               title=TEXT["cost_title"])
        ax.legend(fontsize=8, loc="upper center")
        ax = axes[1]
        ax.plot(c["h"], c[f"dlog{y}"], color=col[y], lw=3, label=TEXT["slope_legend"][0])
        ax.plot(c["h"], c[f"dsq{y}"], color=col[y], lw=2, ls="--", label=TEXT["slope_legend"][1])
        ax.axvline(sc["h"], color=colors["muted"], lw=1)
        ax.set(xlim=(0, 1), ylim=(-1.05, 1.05), xlabel=TEXT["xlabel"], ylabel=TEXT["slope_ylabel"],
               title=fill(TEXT["slope_title"], sc))
        ax.legend(fontsize=8, loc="lower right" if y == 1 else "upper left")
        return axes

    def alt_values(self):
        sc = self.scene()
        y = sc["y"]
        return {"h": sc["h"], "y": y, "cost_name": TEXT["cost_name"][y], "cost": sc[f"cost{y}"], "sq": sc[f"sq{y}"],
                "dlog": sc[f"dlog{y}"], "dsq": sc[f"dsq{y}"]}
