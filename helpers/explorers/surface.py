"""LossSurfaceExplorer: both losses over (w, b) and gradient descent from a movable start (chapter 1)."""

from __future__ import annotations

import math
import warnings

import numpy as np

from .._validation import as_count
from ..losses import log_loss, log_loss_and_gradient, log_loss_gradient, mse_gradient, mse_loss, mse_loss_and_gradient
from ..optim import DependentColumnsWarning, FitResult, SeparationWarning, fit_newton, gradient_descent
from ..plotting import loss_on_grid
from ..separation import detect_separation
from ._base import Control, Explorer
from ._basins import basins, grid_index, in_basin
from ._spec import PANEL_TITLES, STYLE, fill
from ._contours import contour_levels, contours
from .datasets import datasets_from

__all__ = ["LossSurfaceExplorer"]

#: a run whose end lies within this fraction of the map's larger side from a minimum has reached it (half a percent:
#: closer than the path's line can show; farther out the readout says "on its way", with the distance)
NEAR_FRACTION = 0.005

TEXT = {
    "alt": (
        "Two contour maps over w and b for the data set '{label}'. From (b, w) = ({start.0:1}, {start.1:1}), {steps} "
        "gradient-descent steps with learning rates {rate_mse:2} (squared error) and {rate_log:2} (log-loss): on the "
        "squared error the loss goes from {mse.loss0:3} to {mse.loss:3} ({words_mse}); on the log-loss from "
        "{log.loss0:3} to {log.loss:3} ({words_log})."),
    # where a run ends (the scene's "ends", decided by `ending`), in words: {loss} and {gnorm} are the run's loss
    # and max|gradient| at its end, {dist} its distance to the minimum named, {min_loss} that minimum's loss and
    # {best} the lowest minimum's
    "verdicts": {
        "minimum": "reached the minimum",
        "local_minimum": "reached a local minimum, where it stays: loss {min_loss:3}, the lowest is {best:3}",
        "heading_minimum": "on its way to the minimum, {dist:2} from it",
        "heading_local_minimum": ("on its way to a local minimum, {dist:2} from it, where it will stop: loss {loss:4} "
                                  "now, {min_loss:4} there, the lowest is {best:3}"),
        "no_minimum": "still descending: no minimum exists (the classes are separable)",
        "plateau": "on a plateau, barely moving: the gradient is only {gnorm:4}",
        "on_its_way": "still on its way: the gradient is {gnorm:4}",
        "not_started": "has not moved yet: Steps is 0",
    },
    "title": PANEL_TITLES,
    "name": {"mse": "squared error", "log": "log-loss"},
    "xlabel": "weight w",
    "ylabel": "bias b",
    "panel": ("Contour map of the {name} over the weight w (across) and the bias b (up); filled star: its minimum"
              "{open_star}. Gradient descent from (b, w) = ({start.0:1}, {start.1:1}) for {n_iter} steps ends at "
              "({end.0:2}, {end.1:2}): {words}."),
    "open_star": ", open star: a local minimum",
    "readout": ("From (b, w) = ({start.0:1}, {start.1:1}), {steps} steps of gradient descent (learning rate {rate_mse:2} "
                "on the squared error, {rate_log:2} on the log-loss). Squared error: {mse.loss0:3} → {mse.loss:3}, "
                "{words_mse}. Log-loss: {log.loss0:3} → {log.loss:3}, {words_log}."),
}


def _local_minima(loss, grad, X, y, W, B, Z, tol=1e-8):
    """The minima of a two-parameter loss inside the grid's box: the grid's strict interior local minima,
    each refined by BFGS and kept if its gradient vanishes there; the lowest is marked ``global``."""
    from scipy.optimize import minimize

    found = []
    span = max(W.max() - W.min(), B.max() - B.min())
    for i in range(1, Z.shape[0] - 1):
        for j in range(1, Z.shape[1] - 1):
            block = Z[i - 1:i + 2, j - 1:j + 2]
            if Z[i, j] > np.min(block) or np.sum(block == Z[i, j]) > 1:
                continue
            r = minimize(loss, np.array([B[i, j], W[i, j]]), args=(X, y), jac=grad, method="BFGS",
                         options={"gtol": 1e-12, "maxiter": 2000})
            b, w = r.x
            if not (W.min() <= w <= W.max() and B.min() <= b <= B.max()):
                continue
            if np.max(np.abs(grad(r.x, X, y))) > tol:
                continue
            if any(math.hypot(b - f["theta"][0], w - f["theta"][1]) < 1e-3 * span for f in found):
                continue
            found.append({"theta": [float(b), float(w)], "loss": float(loss(r.x, X, y)), "global": False})
    if found:
        min(found, key=lambda f: f["loss"])["global"] = True
    return sorted(found, key=lambda f: f["loss"])


def basin_of(spec, d, key, theta, loss):
    """The index in ``d["minima"][key]`` of the minimum whose basin holds ``theta`` (loss ``loss``), or None.

    A basin is ``{"level": pass, "rows": grid nodes}`` (:func:`helpers.explorers._basins.basins`); a level of
    None is the whole plane (a convex loss); a minimum without a basin (None) is never named.
    """
    i = grid_index(theta[0], d["b_range"][0], d["b_range"][1], spec["grid"])
    j = grid_index(theta[1], d["w_range"][0], d["w_range"][1], spec["grid"])
    for k, mn in enumerate(d["minima"][key]):
        basin = mn["basin"]
        if basin is None:
            continue
        if basin["level"] is None:
            return k
        if i is not None and j is not None and loss < basin["level"] and in_basin(basin, i, j):
            return k
    return None


def ending(spec, d, key, run):
    """Where a run on loss ``key`` ends: ``{"ends": a key of TEXT["verdicts"], "target": the index of the minimum
    named in ``d["minima"][key]``, or None}``; ``spec`` and ``d`` (its data set) as the page receives them, ``run``
    with its ``path``, and the ``loss`` and ``gnorm`` (max|gradient|) at its end.

    In this order: within ``d["near"]`` of a minimum, the run has reached it (the lowest, or a local one); at
    Steps = 0 it has not moved; on the log-loss of separable classes there is no minimum to reach; in a minimum's
    basin (below its pass, see helpers/explorers/_basins.py) it is on its way to that minimum and cannot end
    anywhere else; with max|gradient| below ``spec["flat"]`` and a loss at or above ``d["plateau_level"][key]``
    (above every pass) it is on a plateau; otherwise it is still on its way.  The page decides the same way
    (``ending`` in static/surface.js); the browser test compares the two, tests/test_explorers.py compares this
    rule with where the runs really end.
    """
    end = run["path"][-1]
    minima = d["minima"][key]
    for k, mn in enumerate(minima):
        if math.hypot(end[0] - mn["theta"][0], end[1] - mn["theta"][1]) < d["near"]:
            return {"ends": "minimum" if mn["global"] else "local_minimum", "target": k}
    if len(run["path"]) == 1:
        return {"ends": "not_started", "target": None}
    if key == "log" and d["separable"]:
        return {"ends": "no_minimum", "target": None}
    k = basin_of(spec, d, key, end, run["loss"])
    if k is not None:
        return {"ends": "heading_minimum" if minima[k]["global"] else "heading_local_minimum", "target": k}
    level = d["plateau_level"][key]
    if run["gnorm"] < spec["flat"] and level is not None and run["loss"] >= level:
        return {"ends": "plateau", "target": None}
    return {"ends": "on_its_way", "target": None}


def verdict_words(d, key, run):
    """The words of ``TEXT["verdicts"]`` for a run with its ending (``run["ends"]``, ``run["target"]``) filled in;
    ``words`` in static/surface.js is its twin."""
    minima = d["minima"][key]
    t = run["target"]
    end = run["path"][-1]
    values = {"loss": run["loss"], "gnorm": run["gnorm"], "best": minima[0]["loss"] if minima else None,
              "dist": None if t is None else math.hypot(end[0] - minima[t]["theta"][0], end[1] - minima[t]["theta"][1]),
              "min_loss": None if t is None else minima[t]["loss"]}
    return fill(TEXT["verdicts"][run["ends"]], values)


class LossSurfaceExplorer(Explorer):
    """Both losses over ``(w, b)`` with the gradient-descent path from a movable starting point.

    Left: the squared error of a sigmoid; right: the log-loss; contours of each (computed on a grid with
    :func:`helpers.plotting.loss_on_grid`), their minima (stars: filled for the lowest, open for a local
    minimum), and the path of :func:`helpers.gradient_descent` from the same start, with each data set's
    learning rates (:meth:`ExplorerDataset.rates`).  On the squared error the path stalls on a plateau or
    stops in a local minimum; on the log-loss it reaches the minimum.  The start sliders span the map of the
    data set shown.  Where each run ends, and what the readout says about it, is decided by :func:`ending`
    from the run's end: its distance to the minima, the minimum's basin it lies in, its gradient and its loss.

    Parameters
    ----------
    datasets : keys of EXPLORER_DATASETS, ExplorerDataset objects or a mapping, optional
        Default ``two_minima`` and ``overlap``.
    dataset : str, optional
    w0, b0 : float
        The starting point.
    steps : int
        Gradient-descent steps (the slider offers 0 to ``max_steps``).
    max_steps : int
    tol : float
        ``tol`` of :func:`helpers.gradient_descent`.
    num : int
        Grid points per axis for the contours.
    levels : int
        Contour lines per map.
    flat : float
        A run that ends with ``max|gradient|`` below this, high above the minima and in none of their
        basins, is said to be on a plateau.
    """

    kind = "surface"
    title = "Loss surfaces and gradient descent"
    TEXT = TEXT

    def __init__(self, datasets=None, dataset=None, w0=1.0, b0=-1.0, steps=500, max_steps=500, tol=1e-10,
                 num=81, levels=14, flat=1e-3):
        super().__init__()
        self._datasets = datasets_from(datasets, ("two_minima", "overlap"))
        self._max_steps = as_count(max_steps, "max_steps")
        num = as_count(num, "num", 2)
        self._run_cache: dict = {}
        spec_sets = {}
        for key, d in self._datasets.items():
            X, y = d.X, d.labels
            entry = {"label": d.label, "x": list(d.x), "y": list(d.y), "w_range": list(d.w_range),
                     "b_range": list(d.b_range), "learning_rate": d.rates(), "contours": {}, "minima": {},
                     # separable classes: the log-loss has no minimum, its gradient tends to 0 far out (not a plateau)
                     "separable": detect_separation(X, y).separable,
                     "near": NEAR_FRACTION * max(d.w_range[1] - d.w_range[0], d.b_range[1] - d.b_range[0])}
            curvature, rates = d.curvatures(), entry["learning_rate"]
            entry["plateau_level"] = {}
            for name, loss, grad in (("mse", mse_loss, mse_gradient), ("log", log_loss, log_loss_gradient)):
                W, B, Z = loss_on_grid(loss, X, y, d.w_range, d.b_range, num=num)
                entry["contours"][name] = contours(W, B, Z, contour_levels(Z, levels))
                # each step lowers the loss only below 2/L: above it, no basin is a trap and no minimum is named
                descends = rates[name] * curvature[name] < 2.0
                if name == "log":
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", SeparationWarning)
                        warnings.simplefilter("ignore", DependentColumnsWarning)  # e.g. a single example
                        fit = fit_newton(X, y)
                    # the log-loss is convex: its minimum's basin is the whole plane (level None), and no plateau
                    entry["minima"][name] = ([{"theta": fit.theta.tolist(), "loss": float(fit.losses[-1]), "global": True,
                                               "basin": {"level": None, "rows": None} if descends else None}]
                                             if fit.converged else [])
                    entry["plateau_level"][name] = None
                else:
                    minima = _local_minima(loss, grad, X, y, W, B, Z)
                    nodes = [(grid_index(mn["theta"][0], *d.b_range, num), grid_index(mn["theta"][1], *d.w_range, num))
                             for mn in minima]
                    for mn, basin in zip(minima, basins(Z, nodes)):
                        mn["basin"] = basin if descends else None
                    entry["minima"][name] = minima
                    # a plateau is flat and high: above every minimum's pass (without a minimum on the map, in
                    # the upper half of the map's losses)
                    entry["plateau_level"][name] = (max(mn["basin"]["level"] for mn in minima) if minima and descends
                                                    else float(Z.min() + 0.5 * (Z.max() - Z.min())))
            spec_sets[key] = entry
        self._spec = {"datasets": spec_sets, "tol": float(tol), "flat": float(flat), "start_step": 0.1, "grid": num}
        first = next(iter(self._datasets.values()))
        self._controls = [
            Control("select", "dataset", "Data set", options=[[d.label, k] for k, d in self._datasets.items()]),
            # the start sliders span the map of the data set shown (their range follows the menu)
            Control("slider", "w0", "Start w", min=first.w_range[0], max=first.w_range[1], step=0.1, digits=1,
                    extra={"range_of": "dataset", "ranges": {k: list(d.w_range) for k, d in self._datasets.items()}}),
            Control("slider", "b0", "Start b", min=first.b_range[0], max=first.b_range[1], step=0.1, digits=1,
                    extra={"range_of": "dataset", "ranges": {k: list(d.b_range) for k, d in self._datasets.items()}}),
            Control("slider", "steps", "Steps", min=0, max=self._max_steps, step=1, digits=0, extra={"integer": True}),
        ]
        self._state = {"dataset": dataset or next(iter(self._datasets)), "w0": float(w0), "b0": float(b0), "steps": int(steps)}
        for k, v in self._state.items():
            self._state[k] = self._validate(k, v)

    def _full_run(self, dataset, key, b0, w0):
        """:func:`helpers.gradient_descent` for ``max_steps`` steps, cached: a shorter run is its prefix."""
        cache_key = (dataset, key, b0, w0)
        run = self._run_cache.get(cache_key)
        if run is None:
            d = self._datasets[dataset]
            f = mse_loss_and_gradient if key == "mse" else log_loss_and_gradient
            lr = self._spec["datasets"][dataset]["learning_rate"][key]
            run = gradient_descent(f, np.array([b0, w0], dtype=float), lr, self._max_steps,
                                   args=(d.X, d.labels), tol=self._spec["tol"])
            if len(self._run_cache) >= 256:
                self._run_cache.pop(next(iter(self._run_cache)))
            self._run_cache[cache_key] = run
        return run

    def runs(self, **state):
        """The runs shown for the current (or given) state: ``{'mse': FitResult, 'log': FitResult}``.

        Each is what :func:`helpers.gradient_descent` returns for ``steps`` steps from ``(b0, w0)``
        (the prefix of a cached run of ``max_steps`` steps: gradient descent's path does not depend on
        how many steps will follow).
        """
        st = self._merged(state)
        out = {}
        for key in ("mse", "log"):
            full = self._full_run(st["dataset"], key, float(st["b0"]), float(st["w0"]))
            k = min(int(st["steps"]), full.n_iter)
            gn = full.gradient_norms[:k + 1]
            out[key] = FitResult(full.path[k].copy(), full.losses[:k + 1], k, bool(gn[-1] <= self._spec["tol"]),
                                 full.path[:k + 1], gn, "")
        return out, st

    def scene(self, **state):
        runs, st = self.runs(**state)
        d = self._spec["datasets"][st["dataset"]]
        out = {"dataset": st["dataset"], "start": [float(st["b0"]), float(st["w0"])], "steps": int(st["steps"])}
        for key, r in runs.items():
            out[key] = {"path": r.path.tolist(), "loss0": float(r.losses[0]), "loss": float(r.losses[-1]),
                        "gnorm": float(r.gradient_norms[-1]), "n_iter": int(r.n_iter), "converged": bool(r.converged)}
            out[key].update(ending(self._spec, d, key, out[key]))
        return out

    def ends(self, key, **state):
        """Where the run on loss ``key`` ('mse' or 'log') ends: a key of ``TEXT["verdicts"]`` ('minimum',
        'local_minimum', 'heading_minimum', 'heading_local_minimum', 'no_minimum', 'plateau', 'on_its_way' or
        'not_started'), decided by :func:`ending`."""
        return self.scene(**state)[key]["ends"]

    def verdict(self, key, **state):
        """Where the run on loss ``key`` ('mse' or 'log') ends, in the words the figure uses."""
        sc = self.scene(**state)
        return verdict_words(self._spec["datasets"][sc["dataset"]], key, sc[key])

    def plot(self, axes=None):
        if axes is None:
            axes = self._new_axes(2)
        sc = self.scene()
        d = self._spec["datasets"][sc["dataset"]]
        colors = STYLE["colors"]
        for ax, key in ((axes[0], "mse"), (axes[1], "log")):
            for c in d["contours"][key]:
                for ws, bs in c["lines"]:
                    ax.plot(ws, bs, color=c["color"], lw=0.8)
            for mn in d["minima"][key]:  # in the loss's colour, as in the chapter's figures: filled for the lowest
                ax.plot(mn["theta"][1], mn["theta"][0], "*", ms=14 if mn["global"] else 12,
                        mfc=colors[key] if mn["global"] else colors["paper"], mec=colors["ink"] if mn["global"] else colors[key],
                        mew=1.0 if mn["global"] else 1.8)
            path = np.array(sc[key]["path"])
            ax.plot(path[:, 1], path[:, 0], color=colors["gd"], lw=2)
            ax.plot(sc["start"][1], sc["start"][0], "o", mfc="white", mec=colors["gd"], ms=8, mew=2)
            ax.plot(path[-1, 1], path[-1, 0], "o", color=colors["gd"], ms=6)
            ax.set(xlim=d["w_range"], ylim=d["b_range"], xlabel=TEXT["xlabel"], ylabel=TEXT["ylabel"], title=TEXT["title"][key])
            ax.grid(False)
        return axes

    def alt_values(self):
        sc = self.scene()
        d = self._spec["datasets"][sc["dataset"]]
        return {**sc, "label": d["label"], "rate_mse": d["learning_rate"]["mse"], "rate_log": d["learning_rate"]["log"],
                "words_mse": verdict_words(d, "mse", sc["mse"]), "words_log": verdict_words(d, "log", sc["log"])}
