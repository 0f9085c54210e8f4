"""NewtonExplorer: gradient descent against Newton's method on the log-loss, step by step (chapter 6)."""

from __future__ import annotations

import math
import warnings

import numpy as np

from .._validation import as_count, as_design_matrix, as_labels
from ..losses import log_loss, log_loss_and_gradient
from ..optim import SeparationWarning, fit_newton, gradient_descent
from ..plotting import loss_on_grid
from ._base import Control, Explorer
from ._spec import STYLE, fill, fmt
from ._contours import contour_levels, contours
from .datasets import as_range

__all__ = ["NewtonExplorer"]

TEXT = {
    "alt": (
        "Log-loss contours with two paths from (b, w) = ({start.0:1}, {start.1:1}). After {step} steps gradient descent "
        "with α = {rate} is {gd_gap} above the minimum loss and Newton's method {newton_gap}; Newton stops after "
        "{n_newton} steps."),
    # a learning rate in the menu: the multiple of 1/L, and its value
    "rate_label": "{factor}/L = {rate:2}",
    "xlabel": "weight w",
    "ylabel": "bias b",
    "map_title": "Log-loss contours",
    "legend": {"gd": "gradient descent", "newton": "Newton's method"},
    "legend_gd_rate": "gradient descent, α = {rate}",
    "map_panel": (
        "Contour map of the log-loss over the weight w (across) and the bias b (up), its minimum marked with a cross. "
        "After {step} steps, gradient descent with learning rate {rate} (circles) is at (b, w) = ({gd_end.0:2}, "
        "{gd_end.1:2}) and Newton's method (squares) at ({newton_end.0:2}, {newton_end.1:2})."),
    "gap_xlabel": "step k",
    "gap_title": "J(θₖ) − J*",
    "gap_below": "below {floor:0}",
    "gap_panel": (
        "The gap between the loss and its minimum against the step k, on a logarithmic scale from {lo:0} to {hi:0}: "
        "gradient descent falls along a straight line (linear convergence), Newton's method plunges (quadratic "
        "convergence). At step {step}: gradient descent {gd_gap}, Newton {newton_gap}."),
    "readout": "Step {step}. Gradient descent (α = {rate}): J − J* is {gd_gap}. Newton: J − J* is {newton_gap}.",
    "readout_stopped": ("Step {step}. Gradient descent (α = {rate}): J − J* is {gd_gap}. Newton: J − J* is {newton_gap} "
                        "(it stopped after {n_newton} steps, its Newton decrement below {tol:0})."),
}


class NewtonExplorer(Explorer):
    """Gradient descent and Newton's method on the log-loss, step by step on the same contours.

    Every path is computed once by :func:`helpers.gradient_descent` (one per learning rate offered) and
    :func:`helpers.fit_newton`; the step slider, the buttons and the learning-rate slider choose what is
    shown.  Right panel: ``J(theta_k) - J*`` against ``k`` on a log scale (``J*`` from Newton's method).

    Parameters
    ----------
    X : array_like, shape (m, 2)
        Design matrix ``[1, x]`` (intercept first); ``theta = (b, w)``.
    y : array_like, shape (m,)
    theta0 : array_like, shape (2,)
        The common starting point ``(b, w)``.
    rates : sequence of float, optional
        Learning rates offered, as multiples of ``1/L`` with ``L = lambda_max(X^T X) / (4 m)``
        (default 0.25, 0.5, 1, 2, 3, 4); ``rate`` is the index of the one shown first.
    max_steps : int
        Steps offered.
    step : int
        The step shown first (and in the static frame).
    w_range, b_range : (float, float), optional
        The map's extent (default: around the paths of Newton and of ``1/L``).
    """

    kind = "newton"
    title = "Gradient descent and Newton's method"
    TEXT = TEXT

    def __init__(self, X, y, theta0=(2.0, -1.5), rates=(0.25, 0.5, 1.0, 2.0, 3.0, 4.0), rate=None, max_steps=40,
                 step=10, w_range=None, b_range=None, num=81, levels=14, newton_tol=1e-10):
        super().__init__()
        X = as_design_matrix(X)
        y = as_labels(y, X.shape[0])
        if X.shape[1] != 2:
            raise ValueError(f"X must have two columns, [1, x] (theta = (b, w)), got {X.shape[1]}")
        if not (len(rates) > 0 and all(isinstance(r, (int, float)) and math.isfinite(r) and r > 0 for r in rates)):
            raise ValueError(f"rates must be a non-empty sequence of finite positive multiples of 1/L, got {rates!r}")
        w_range = None if w_range is None else as_range(w_range, "w_range")
        b_range = None if b_range is None else as_range(b_range, "b_range")
        m = X.shape[0]
        L = float(np.linalg.eigvalsh(X.T @ X)[-1] / (4 * m))
        theta0 = np.asarray(theta0, dtype=float)
        max_steps = as_count(max_steps, "max_steps")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SeparationWarning)
            newton = fit_newton(X, y, theta0=theta0, tol=newton_tol)
        if not newton.converged:
            raise ValueError(f"Newton's method did not converge on these data ({newton.message}); the explorer needs a minimum")
        J_star = float(newton.losses[-1])
        self._runs = {}
        gd = []
        for k, r in enumerate(rates):
            run = gradient_descent(log_loss_and_gradient, theta0, float(r) / L, max_steps, args=(X, y))
            self._runs[k] = run
            gd.append({"path": run.path.tolist(), "losses": run.losses.tolist(), "gaps": (run.losses - J_star).tolist()})
        self._newton = newton
        reference = [newton.path, self._runs[min(range(len(rates)), key=lambda k: abs(rates[k] - 1.0))].path]
        pts = np.vstack(reference)
        if w_range is None or b_range is None:
            pad_w = 0.15 * max(np.ptp(pts[:, 1]), 1.0)
            pad_b = 0.15 * max(np.ptp(pts[:, 0]), 1.0)
            w_range = w_range or (float(pts[:, 1].min() - pad_w), float(pts[:, 1].max() + pad_w))
            b_range = b_range or (float(pts[:, 0].min() - pad_b), float(pts[:, 0].max() + pad_b))
        W, B, Z = loss_on_grid(log_loss, X, y, w_range, b_range, num=num)
        labels = [fill(TEXT["rate_label"], {"factor": f"{r:g}", "rate": r / L}) for r in rates]
        gaps = [g for run in gd for g in run["gaps"] if g is not None and math.isfinite(g) and g > 0]
        top = 10.0 ** math.ceil(math.log10(max(gaps))) if gaps else 1.0
        self._L, self._J_star = L, J_star
        legend = _emptiest_corner(pts, w_range, b_range)
        self._spec = {
            "contours": contours(W, B, Z, contour_levels(Z, levels)), "w_range": list(w_range), "b_range": list(b_range),
            "rates": [[label, k] for k, label in enumerate(labels)], "gd": gd,
            "newton": {"path": newton.path.tolist(), "losses": newton.losses.tolist(),
                       "gaps": (newton.losses - J_star).tolist()},
            "J_star": J_star, "theta_star": newton.theta.tolist(), "max_steps": max_steps,
            "gap_range": [1e-16, top], "newton_tol": float(newton_tol), "L": L,
            "learning_rates": [float(r) / L for r in rates], "legend": legend,
            # the data, so that a test can recompute every path with helpers
            "X": X.tolist(), "y": y.tolist(),
        }
        rate_index = rate if rate is not None else min(range(len(rates)), key=lambda k: abs(rates[k] - 1.0))
        self._controls = [
            Control("choice", "rate", "Learning rate α", options=[[label, k] for k, label in enumerate(labels)]),
            Control("slider", "step", "Step k", min=0, max=max_steps, step=1, digits=0, extra={"integer": True}),
            Control("button", "back", "◀ Previous step", target="step", delta=-1),
            Control("button", "next", "Next step ▶", target="step", delta=1),
            Control("play", "play", "Play", target="step", interval=300, extra={"stop_label": "Pause"}),
        ]
        self._state = {"rate": self._validate("rate", rate_index), "step": self._validate("step", step)}

    def scene(self, **state):
        st = self._merged(state)
        k = st["step"]
        run, nt = self._runs[st["rate"]], self._newton
        kg, kn = min(k, run.n_iter), min(k, nt.n_iter)
        return {
            "rate": st["rate"], "step": k,
            "gd": {"path": run.path[:kg + 1].tolist(), "loss": float(run.losses[kg]), "gap": float(run.losses[kg] - self._J_star)},
            "newton": {"path": nt.path[:kn + 1].tolist(), "loss": float(nt.losses[kn]), "gap": float(nt.losses[kn] - self._J_star)},
        }

    def plot(self, axes=None):
        if axes is None:
            axes = self._new_axes(2)
        sc, spec, colors = self.scene(), self._spec, STYLE["colors"]
        ax = axes[0]
        for c in spec["contours"]:
            for ws, bs in c["lines"]:
                ax.plot(ws, bs, color=c["color"], lw=0.8)
        rate = spec["rates"][sc["rate"]][0]
        for key, marker, name in (("gd", "o", fill(TEXT["legend_gd_rate"], {"rate": rate})),
                                  ("newton", "s", TEXT["legend"]["newton"])):
            path = np.array(sc[key]["path"])
            ax.plot(path[:, 1], path[:, 0], marker=marker, color=colors[key], ms=4, lw=1.5, mfc="white", label=name)
        ax.plot(spec["theta_star"][1], spec["theta_star"][0], "+", color=colors["ink"], ms=12, mew=2)
        ax.set(xlim=spec["w_range"], ylim=spec["b_range"], xlabel=TEXT["xlabel"], ylabel=TEXT["ylabel"],
               title=TEXT["map_title"])
        ax.grid(False)
        ax.legend(fontsize=7, loc={"tl": "upper left", "tr": "upper right", "bl": "lower left", "br": "lower right"}[spec["legend"]])
        ax = axes[1]
        lo = spec["gap_range"][0]
        gd = spec["gd"][sc["rate"]]
        for gaps, color in ((gd["gaps"], colors["gd"]), (spec["newton"]["gaps"], colors["newton"])):
            g = np.array([np.nan if v is None else max(v, lo) for v in gaps], dtype=float)
            ax.plot(np.arange(g.size), g, color=color, lw=1, alpha=0.35)
            ax.plot(np.arange(min(g.size, sc["step"] + 1)), g[:sc["step"] + 1], color=color, lw=2.5)
        ax.axvline(sc["step"], color=colors["muted"], lw=1)
        ax.set(yscale="log", xlim=(0, spec["max_steps"]), ylim=spec["gap_range"], xlabel=TEXT["gap_xlabel"],
               ylabel=TEXT["gap_title"], title=TEXT["gap_title"])
        return axes

    def alt_values(self):
        sc, spec = self.scene(), self._spec
        floor = spec["gap_range"][0]

        def gap_text(gap):   # as the readout prints a gap (static/newton.js): below the plot's floor, say so
            return fill(TEXT["gap_below"], {"floor": floor}) if gap <= floor else fmt(gap, 3)

        return {"start": spec["gd"][0]["path"][0], "step": sc["step"], "rate": spec["rates"][sc["rate"]][0],
                "gd_gap": gap_text(sc["gd"]["gap"]), "newton_gap": gap_text(sc["newton"]["gap"]),
                "n_newton": self._newton.n_iter}


def _emptiest_corner(points, w_range, b_range):
    """The corner of a map ('tl', 'tr', 'bl' or 'br') with the fewest of ``points`` (rows ``(b, w)``) near it."""
    w = (points[:, 1] - w_range[0]) / (w_range[1] - w_range[0])
    b = (points[:, 0] - b_range[0]) / (b_range[1] - b_range[0])
    boxes = {"tl": (w < 0.6) & (b > 0.7), "tr": (w > 0.4) & (b > 0.7), "bl": (w < 0.6) & (b < 0.3), "br": (w > 0.4) & (b < 0.3)}
    return min(boxes, key=lambda k: (int(np.sum(boxes[k])), ["bl", "tl", "br", "tr"].index(k)))