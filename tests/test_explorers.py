"""helpers.explorers, the Python side of the interactive figures.

Each explorer is driven as in a live notebook: its real ipywidgets controls are moved, and the scene that
the view is sent (what the browser draws) must change, to values recomputed here independently with the
book's functions (helpers.mse_loss, helpers.gradient_descent, helpers.fit_newton, ...) or with the closed
forms (-log h, ...). The static page (to_html) and the mime bundle are checked too. The browser side,
where the same scenes are computed or looked up in JavaScript, is tested in tests/browser/.
"""

from __future__ import annotations

import base64
import json
import re
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest

import helpers
import helpers.explorers as explorers
from helpers import (
    LossSurfaceExplorer,
    NewtonExplorer,
    OneWeightExplorer,
    TwoCasesExplorer,
    add_intercept,
    fit_newton,
    gradient_descent,
    log_loss,
    log_loss_and_gradient,
    log_loss_gradient,
    mse_gradient,
    mse_loss,
    mse_loss_and_gradient,
    sigmoid,
)
from helpers.explorers import EXPLORER_DATASETS, ExplorerDataset, explorer_javascript
from book import minimising_chapter_data

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"



@pytest.fixture(scope="module")
def slice_explorer():
    return OneWeightExplorer()


@pytest.fixture(scope="module")
def surface_explorer():
    return LossSurfaceExplorer()


@pytest.fixture(scope="module")
def newton_explorer():
    X, y = minimising_chapter_data()
    return NewtonExplorer(X, y, theta0=(2.0, -1.5))


def live(explorer):
    """Show the explorer as a live notebook would: build the widget, let the view ask for its first frame.

    Returns the list that collects every message sent to the view (JSON text, as the comm would carry it).
    """
    explorer.widget()
    sent = []
    explorer._view.send = lambda content, buffers=None: sent.append(json.loads(json.dumps(content, allow_nan=False)))
    explorer._on_view_message(explorer._view, {"type": "ready"})
    assert sent[-1]["type"] == "init" and sent[-1]["spec"] and sent[-1]["scene"]
    return sent


def move(explorer, sent, name, value):
    """Move one ipywidgets control; return the scene that was sent because of it."""
    n = len(sent)
    explorer._inputs[name].value = value
    assert len(sent) == n + 1, f"moving {name} must send exactly one new scene"
    assert sent[-1]["type"] == "scene"
    return sent[-1]["scene"]


def theta(b, w):
    return np.array([b, w], dtype=float)


# ------------------------------------------------------------------------------------------ package


def test_public_names_are_exported():
    for name in helpers.explorers.__all__:
        assert getattr(helpers, name) is getattr(helpers.explorers, name)


def test_javascript_and_css_ship_with_the_package():
    """The JS front end is package data: a non-editable install (Colab's pip install git+...) needs it."""
    for kind in ("slice", "surface", "cases", "newton"):
        js = explorer_javascript(kind)
        assert "const LGX" in js and f"LGX.kinds.{kind}" in js
        assert "http://" not in js.replace("http://www.w3.org/2000/svg", "") and "https://" not in js
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = pyproject.get("tool", {}).get("setuptools", {})
    assert "helpers.explorers" in setuptools.get("packages", []), "pyproject.toml must list the helpers.explorers package"
    data = setuptools.get("package-data", {}).get("helpers.explorers", [])
    assert {"static/*.js", "static/*.css"} <= set(data), (
        "pyproject.toml must list helpers/explorers/static/* as package data ([tool.setuptools.package-data])"
    )
    assert any(dep.startswith("anywidget") for dep in pyproject["project"]["dependencies"]), "anywidget is a dependency"
    with pytest.raises(ValueError):
        explorer_javascript("nope")


def test_importing_helpers_does_not_import_the_widget_libraries():
    import subprocess
    import sys

    code = "import sys, helpers; print('anywidget' in sys.modules, 'matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_datasets_are_valid_and_checked():
    for d in EXPLORER_DATASETS.values():
        assert d.X.shape == (len(d.x), 2) and np.all(d.X[:, 0] == 1)
        assert set(d.y) <= {0.0, 1.0}
    with pytest.raises(ValueError):
        ExplorerDataset("bad", (1.0, 2.0), (0.0, 2.0))
    with pytest.raises(ValueError):
        ExplorerDataset("bad", (1.0, 2.0), (0.0,))
    with pytest.raises(ValueError):
        ExplorerDataset("bad", (1.0,), (1.0,), w_range=(1.0, -1.0))


def test_two_minima_dataset_has_two_minima_of_the_squared_error_and_one_of_the_log_loss(surface_explorer):
    """The story of explorer 2 on the data of chapter 1: two minima of the squared error, one of the log-loss."""
    minima = surface_explorer.spec["datasets"]["two_minima"]["minima"]
    assert len(minima["mse"]) == 2 and sum(m["global"] for m in minima["mse"]) == 1
    assert len(minima["log"]) == 1
    X, y = EXPLORER_DATASETS["two_minima"].X, EXPLORER_DATASETS["two_minima"].labels
    for m in minima["mse"]:
        # a minimum: zero gradient and a positive definite Hessian (finite differences of the exact gradient)
        t = np.array(m["theta"])
        assert np.max(np.abs(mse_gradient(t, X, y))) < 1e-8
        H = helpers.numerical_hessian(mse_gradient, t, args=(X, y))
        assert np.all(np.linalg.eigvalsh(H) > 0)
    assert minima["log"][0]["theta"] == pytest.approx(fit_newton(X, y).theta, abs=1e-9)


def test_default_learning_rates_are_the_safe_steps():
    d = EXPLORER_DATASETS["overlap"]
    lam = np.linalg.eigvalsh(d.X.T @ d.X)[-1] / len(d.x)
    rates = d.rates()
    assert rates["log"] == pytest.approx(4 / lam, rel=1e-12)
    # the squared error's curvature weight is at most about 0.077 (chapter 1 derives it); its safe step is larger
    z = np.linspace(-10, 10, 20001)
    c_max = max(np.max(np.abs(helpers.mse_curvature(z, label))) for label in (0.0, 1.0))
    assert rates["mse"] == pytest.approx(1 / (c_max * lam), rel=1e-6)
    assert EXPLORER_DATASETS["two_minima"].rates() == {"mse": 5.0, "log": 0.8}, "chapter 1's learning rates"


# --------------------------------------------------------------------------------- 1. one weight


def test_one_weight_controls_move_the_drawing_to_the_right_values(slice_explorer):
    ex = slice_explorer
    sent = live(ex)
    X, y = EXPLORER_DATASETS["one"].X, EXPLORER_DATASETS["one"].labels
    scene = move(ex, sent, "w", 2.0)
    b = ex.state["b"]
    assert scene["w"] == 2.0
    # what is drawn at the point: the losses and the tangent's slope dJ/dw, from the book's functions
    assert scene["point"]["mse"] == pytest.approx(mse_loss(theta(b, 2.0), X, y), rel=1e-14)
    assert scene["point"]["log"] == pytest.approx(log_loss(theta(b, 2.0), X, y), rel=1e-14)
    assert scene["point"]["dmse"] == pytest.approx(mse_gradient(theta(b, 2.0), X, y)[1], rel=1e-14)
    assert scene["point"]["dlog"] == pytest.approx(log_loss_gradient(theta(b, 2.0), X, y)[1], rel=1e-14)
    # one example x = 1, y = 1: J_mse = (1 - s)^2 / 2, J_log = -log s with s = sigmoid(b + w)
    s = 1 / (1 + np.exp(-(b + 2.0)))
    assert scene["point"]["mse"] == pytest.approx((1 - s) ** 2 / 2, rel=1e-12)
    assert scene["point"]["dlog"] == pytest.approx(s - 1, rel=1e-12)

    curve_before = scene["curve"]["mse"]
    scene = move(ex, sent, "b", -1.5)
    assert scene["curve"]["mse"] != curve_before, "moving b moves the curves"
    w_grid = np.array(ex.spec["w_grid"])
    expected = [mse_loss(theta(-1.5, w), X, y) for w in w_grid]
    np.testing.assert_allclose(scene["curve"]["mse"], expected, rtol=1e-14)
    np.testing.assert_allclose(scene["sigmoid"]["h"], sigmoid(-1.5 + 2.0 * np.array(ex.spec["datasets"]["one"]["x_grid"])), rtol=1e-14)

    scene = move(ex, sent, "dataset", "two_minima")
    X, y = EXPLORER_DATASETS["two_minima"].X, EXPLORER_DATASETS["two_minima"].labels
    np.testing.assert_allclose(scene["curve"]["log"], [log_loss(theta(-1.5, w), X, y) for w in w_grid], rtol=1e-14)
    ex.set(dataset="one", w=-6.0, b=0.0)


def test_one_weight_plateau_the_squared_error_is_flat_where_the_log_loss_is_not(slice_explorer):
    """Confidently wrong (w = -8 on the single positive example): the squared error's slope is ~0, the log-loss's ~-1."""
    sc = slice_explorer.scene(dataset="one", w=-8.0, b=0.0)
    flat = slice_explorer.spec["flat"]
    assert abs(sc["point"]["dmse"]) < flat < abs(sc["point"]["dlog"])
    assert sc["point"]["dlog"] == pytest.approx(-1.0, abs=1e-3)


def _one_weight_states(ex, key):
    """(scene, the data set) for every w on the slider's grid, every 0.5 of b: the scene as the explorer builds it,
    from helpers (the curves once per b: they do not depend on w)."""
    from helpers.landscapes import loss_values

    d = ex.spec["datasets"][key]
    data = EXPLORER_DATASETS[key]
    grid = np.column_stack([np.zeros_like(ex.spec["w_grid"]), ex.spec["w_grid"]])
    for b in np.arange(-4.0, 4.0 + 1e-9, 0.5):
        grid[:, 0] = b
        curve = {"mse": loss_values(mse_loss, grid, data.X, data.labels).tolist(),
                 "log": loss_values(log_loss, grid, data.X, data.labels).tolist()}
        for w in np.round(np.arange(-8.0, 8.0 + 1e-9, 0.1), 1):
            t = theta(b, w)
            point = {"mse": mse_loss(t, data.X, data.labels), "log": log_loss(t, data.X, data.labels),
                     "dmse": mse_gradient(t, data.X, data.labels)[1], "dlog": log_loss_gradient(t, data.X, data.labels)[1]}
            yield {"w": float(w), "b": float(b), "curve": curve, "point": point}, d


def test_one_weight_hint_is_true_of_the_state(slice_explorer):
    """The readout's hint (helpers.explorers.one_weight.hint, mirrored by the page) against what is true, for every
    weight on the slider's grid, every 0.5 of b and every data set.

    'fitted' claims every prediction is right and both losses are near 0: recomputed from sigmoid(b + w x).
    'plateau' claims the squared error gives gradient descent almost nothing to go on while the log-loss points the
    way: 10 steps of gradient descent in w at each loss's safe step (1/L along w) lower the squared error by less
    than 1% of its height above its lowest value on the curve, and the log-loss by more than 10% of its own.
    """
    from helpers.explorers.one_weight import hint
    from helpers.explorers.datasets import _mse_curvature_max

    ex = slice_explorer
    spec = ex.spec
    seen, wrong = {"fitted": 0, "plateau": 0, None: 0}, []
    for key in spec["datasets"]:
        data = EXPLORER_DATASETS[key]
        X, y, x2 = data.X, data.labels, float(np.mean(np.square(data.x)))
        for sc, d in _one_weight_states(ex, key):
            said = hint(spec, d, sc)
            seen[said] += 1
            b, w, p = sc["b"], sc["w"], sc["point"]
            where = f"{key}, w = {w}, b = {b}: {said}"
            if said == "fitted":
                h = sigmoid(b + w * np.array(data.x))
                if not (np.all((h > 0.5) == (y == 1)) and p["mse"] < spec["near_zero"] and p["log"] < spec["near_zero"]):
                    wrong.append(where)
            elif said == "plateau":
                progress = {}
                for name, f, rate in (("mse", mse_gradient, 1 / (_mse_curvature_max() * x2)), ("log", log_loss_gradient, 4 / x2)):
                    v = w
                    for _ in range(10):
                        v -= rate * f(theta(b, v), X, y)[1]
                    loss = mse_loss if name == "mse" else log_loss
                    height = p[name] - min(sc["curve"][name])
                    progress[name] = (p[name] - loss(theta(b, v), X, y)) / height
                if not (progress["mse"] < 0.01 and progress["log"] > 0.1):
                    wrong.append(f"{where}, progress {progress}")
    assert not wrong, f"{len(wrong)} hints are not true:\n" + "\n".join(wrong[:20])
    assert seen["fitted"] > 50 and seen["plateau"] > 50, seen
    # the reader's case: one example, w = 4.4, h = sigmoid(4.4) = 0.988, both losses near 0
    sc = ex.scene(dataset="one", w=4.4, b=0.0)
    assert sigmoid(4.4) == pytest.approx(0.988, abs=5e-4) and sc["hint"] == "fitted"
    assert sc["point"]["dlog"] == pytest.approx(-0.012, abs=5e-4)
    # and the figure's own case: confidently wrong at w = -8, a plateau of the squared error
    assert ex.scene(dataset="one", w=-8.0, b=0.0)["hint"] == "plateau"
    assert ex.scene(dataset="one", w=4.4, b=0.0)["hint"] == hint(spec, spec["datasets"]["one"], sc)


def test_set_validates_values(slice_explorer):
    with pytest.raises(ValueError):
        slice_explorer.set(w=100.0)
    with pytest.raises(ValueError):
        slice_explorer.set(dataset="nope")
    with pytest.raises(KeyError):
        slice_explorer.set(nope=1)


def test_set_moves_the_widget_and_redraws_once(slice_explorer):
    ex = slice_explorer
    sent = live(ex)
    n = len(sent)
    ex.set(w=1.0, b=1.0)
    assert len(sent) == n + 1, "set() with two values redraws once"
    assert ex._inputs["w"].value == 1.0 and ex._inputs["b"].value == 1.0
    assert sent[-1]["scene"]["w"] == 1.0 and sent[-1]["scene"]["b"] == 1.0
    assert ex.drawn == sent[-1]["scene"]
    ex.set(w=-6.0, b=0.0)


# ------------------------------------------------------------------------------ 2. loss surface


def test_surface_start_and_steps_move_the_paths_to_helpers_gradient_descent(surface_explorer):
    ex = surface_explorer
    sent = live(ex)
    move(ex, sent, "dataset", "overlap")
    d = EXPLORER_DATASETS["overlap"]
    rates = ex.spec["datasets"]["overlap"]["learning_rate"]
    assert rates == d.rates()
    move(ex, sent, "w0", 2.5)
    scene = move(ex, sent, "b0", -1.5)
    assert scene["start"] == [-1.5, 2.5]
    for steps in (ex.state["steps"], 20, 0, 500):
        scene = move(ex, sent, "steps", steps) if ex.state["steps"] != steps else scene
        assert len(scene["mse"]["path"]) == min(steps, scene["mse"]["n_iter"]) + 1
        for key, f in (("mse", mse_loss_and_gradient), ("log", log_loss_and_gradient)):
            ref = gradient_descent(f, theta(-1.5, 2.5), rates[key], steps, args=(d.X, d.labels), tol=ex.spec["tol"])
            np.testing.assert_allclose(scene[key]["path"], ref.path, rtol=0, atol=1e-12)
            assert scene[key]["n_iter"] == ref.n_iter and scene[key]["converged"] == ref.converged
            assert scene[key]["loss"] == pytest.approx(ref.losses[-1], rel=1e-13)
            assert scene[key]["gnorm"] == pytest.approx(ref.gradient_norms[-1], rel=1e-13)
    ex.set(dataset="two_minima", w0=1.0, b0=-1.0, steps=300)


def test_surface_a_click_on_a_map_sets_the_start(surface_explorer):
    ex = surface_explorer
    sent = live(ex)
    ex._on_view_message(ex._view, {"type": "set", "values": {"w0": 1.5, "b0": 2.0}})
    assert ex.state["w0"] == 1.5 and ex.state["b0"] == 2.0
    assert sent[-1]["scene"]["start"] == [2.0, 1.5]
    ex._on_view_message(ex._view, {"type": "set", "values": {"w0": 99.0}})  # outside: ignored
    assert ex.state["w0"] == 1.5
    ex.set(w0=1.0, b0=-1.0)


def test_surface_tells_the_story_local_minimum_plateau_and_log_loss_minimum(surface_explorer):
    ex = surface_explorer
    # the default start, (b, w) = (-1, 1) on chapter 7's data, 500 steps: the squared error ends in its local minimum
    assert ex.ends("mse", w0=1.0, b0=-1.0, steps=500) == "local_minimum"
    assert ex.ends("log", w0=1.0, b0=-1.0, steps=500) == "minimum"
    # after 300 steps it is still 0.19 from B and moving: on its way there, not arrived
    assert ex.ends("mse", w0=1.0, b0=-1.0, steps=300) == "heading_local_minimum"
    # from (b, w) = (-6, -2.5) (chapter 1's exercise) it stalls on a plateau
    assert ex.ends("mse", w0=-2.5, b0=-6.0) == "plateau"
    sc = ex.scene(w0=-2.5, b0=-6.0, steps=500)
    assert sc["mse"]["gnorm"] < ex.spec["flat"] and not sc["mse"]["converged"]
    # from (0, -1) it reaches the global minimum
    assert ex.ends("mse", w0=-1.0, b0=0.0) == "minimum"
    # and the log-loss reaches its minimum from every start on a coarse grid of each data set
    for key, d in EXPLORER_DATASETS.items():
        if key not in ex.spec["datasets"]:
            continue
        for w0 in np.linspace(*d.w_range, 3):
            for b0 in np.linspace(*d.b_range, 3):
                assert ex.ends("log", dataset=key, w0=w0, b0=b0, steps=500) == "minimum", (key, w0, b0)


def test_surface_verdicts_of_the_issue_are_what_the_runs_do(surface_explorer):
    """The states a reader found wrong (issue 19), with what is true of each, from helpers' own runs."""
    ex = surface_explorer
    d = ex.spec["datasets"]["two_minima"]
    A, B = (np.array(mn["theta"]) for mn in d["minima"]["mse"])
    X, y = EXPLORER_DATASETS["two_minima"].X, EXPLORER_DATASETS["two_minima"].labels
    # where the run from (b, w) = (-7, 0) really ends: B (gradient descent continued until it converges)
    far = gradient_descent(mse_loss_and_gradient, theta(-7.0, 0.0), d["learning_rate"]["mse"], 20000, args=(X, y), tol=1e-10)
    assert far.converged and np.linalg.norm(far.theta - B) < 1e-6
    # after 300 steps it lies on B's valley floor, 0.44 from B, its loss 0.1501 against B's 0.1500: on its way to B
    sc = ex.scene(w0=0.0, b0=-7.0, steps=300)
    end = np.array(sc["mse"]["path"][-1])
    assert np.linalg.norm(end - B) == pytest.approx(0.44, abs=0.005) and sc["mse"]["loss"] == pytest.approx(0.1501, abs=5e-5)
    assert (sc["mse"]["ends"], sc["mse"]["target"]) == ("heading_local_minimum", 1)
    assert ex.verdict("mse", w0=0.0, b0=-7.0, steps=300).startswith("on its way to a local minimum, 0.44 from it, where it will stop")
    # after 500 steps it is 0.10 from B and still moving: on its way to B (the run above ends there), not arrived
    sc = ex.scene(w0=0.0, b0=-7.0, steps=500)
    gap = np.linalg.norm(np.array(sc["mse"]["path"][-1]) - B)
    assert gap == pytest.approx(0.10, abs=0.005) and gap > d["near"]
    assert (sc["mse"]["ends"], sc["mse"]["target"]) == ("heading_local_minimum", 1)
    # from (-7, 5), the map's corner nearest the reader's (-7, 6), 500 steps end at loss 0.150 in B's valley: no plateau
    sc = ex.scene(w0=5.0, b0=-7.0, steps=500)
    assert sc["mse"]["loss"] == pytest.approx(0.150, abs=5e-4) and sc["mse"]["ends"] == "heading_local_minimum"
    # from (-6, -2.5) it is a plateau: the gradient is tiny and the loss far above both minima
    sc = ex.scene(w0=-2.5, b0=-6.0, steps=300)
    assert sc["mse"]["ends"] == "plateau" and sc["mse"]["loss"] > max(mn["loss"] for mn in d["minima"]["mse"]) + 0.05
    # (-7, 6) is off this map: the start cannot be put there
    with pytest.raises(ValueError, match=r"^w0 must be in \[-3.0, 5.0\]"):
        ex.scene(w0=6.0, b0=-7.0)


def _checkpoints(loss, starts, X, y, rate, steps):
    """Where plain gradient descent is after each number of ``steps`` from every start (batched, independent of
    the explorer's runs): {k: thetas}."""
    from helpers.landscapes import gradient_descent_many

    out, thetas, done = {}, np.array(starts, dtype=float), 0
    for k in steps:
        thetas, _ = gradient_descent_many(loss, thetas, X, y, rate, k - done)
        out[k], done = thetas.copy(), k
    return out


def _where_it_really_ends(loss, thetas, X, y, rate, minima, chunks=20, chunk=2000):
    """The truth: continue every run until its gradient is below 1e-9 (at most chunks * chunk more steps); the index
    of the minimum it then sits on (within 1e-4), or -1 (still moving, or elsewhere)."""
    from helpers.landscapes import gradient_descent_many

    thetas, moving = np.array(thetas, dtype=float), np.arange(len(thetas))
    for _ in range(chunks):
        thetas[moving], g = gradient_descent_many(loss, thetas[moving], X, y, rate, chunk)
        moving = moving[g > 1e-9]
        if moving.size == 0:
            break
    M = np.array([mn["theta"] for mn in minima]).reshape(-1, 2)
    dist = np.linalg.norm(thetas[:, None, :] - M[None], axis=2) if len(M) else np.full((len(thetas), 1), np.inf)
    truth = np.where(dist.min(axis=1) < 1e-4, dist.argmin(axis=1), -1)
    truth[moving] = -1
    return truth


@pytest.mark.parametrize("key, name", [("two_minima", "mse"), ("overlap", "mse"), ("two_minima", "log"), ("overlap", "log")])
def test_surface_verdicts_agree_with_where_gradient_descent_really_ends(surface_explorer, key, name):
    """The verdict rule (helpers.explorers.surface.ending, which the page mirrors) against the truth, on each loss:
    starts every 1.0 over the whole map, after 0 to 500 steps, each run continued until it converges.

    What each verdict claims, and how it is checked: 'minimum' / 'local_minimum' and the two 'heading_...' name
    a minimum, and the run really converges to that one (never to the other, never nowhere); 'reached' means
    within ``near`` of it; 'plateau' means the gradient is below ``flat``, the loss far above every minimum and
    the next 10 steps move the point by less than 1% of the map. After 300 steps the rule must name the minimum
    for most runs that converge (it cannot pass by never naming one); how often it does is printed.
    """
    from helpers.explorers.surface import ending

    ex = surface_explorer
    spec, d, data = ex.spec, ex.spec["datasets"][key], EXPLORER_DATASETS[key]
    X, y, rate = data.X, data.labels, d["learning_rate"][name]
    minima = d["minima"][name]
    loss_f, grad_f = (mse_loss, mse_gradient) if name == "mse" else (log_loss, log_loss_gradient)
    assert minima and all(mn["basin"] is not None for mn in minima), "every minimum has its basin"
    assert rate * data.curvatures()[name] < 2, "the basins are traps only for a learning rate below 2/L"
    ws = np.arange(data.w_range[0], data.w_range[1] + 1e-9, 1.0)
    bs = np.arange(data.b_range[0], data.b_range[1] + 1e-9, 1.0)
    starts = np.array([[b, w] for b in bs for w in ws])
    steps = (0, 1, 20, 100, 300, 500)
    states = _checkpoints(loss_f, starts, X, y, rate, steps)
    truth = _where_it_really_ends(loss_f, states[500], X, y, rate, minima)
    span = max(data.w_range[1] - data.w_range[0], data.b_range[1] - data.b_range[0])
    named, converging, wrong = {k: 0 for k in steps}, {k: 0 for k in steps}, []
    for k in steps:
        after = _checkpoints(loss_f, states[k], X, y, rate, (10,))[10]
        for s, (start, end) in enumerate(zip(starts, states[k])):
            loss, gnorm = loss_f(end, X, y), float(np.max(np.abs(grad_f(end, X, y))))
            run = {"path": [start.tolist()] + ([end.tolist()] if k else []), "loss": loss, "gnorm": gnorm}
            said = ending(spec, d, name, run)
            where = f"start (b, w) = {tuple(start)}, {k} steps: {said}, truth {truth[s]}"
            converging[k] += truth[s] >= 0
            if said["target"] is not None:
                named[k] += truth[s] >= 0
                if said["target"] != truth[s]:
                    wrong.append(where)
                near = np.linalg.norm(end - np.array(minima[said["target"]]["theta"])) < d["near"]
                if near != (said["ends"] in ("minimum", "local_minimum")):
                    wrong.append(where + " (reached or not?)")
            if said["ends"] == "plateau":
                if not (gnorm < spec["flat"] and loss > max(mn["loss"] for mn in minima) + 0.01
                        and np.linalg.norm(after[s] - end) < 0.01 * span):
                    wrong.append(where + f" (loss {loss:.4f}, gradient {gnorm:.1e}, moves {np.linalg.norm(after[s] - end):.3f})")
    assert not wrong, f"{len(wrong)} verdicts are not what the runs do:\n" + "\n".join(wrong[:20])
    print(f"{key}, {name}: the rule names the minimum a run converges to in", ", ".join(
        f"{named[k]} of {converging[k]} after {k} steps" for k in steps))
    assert named[300] > 0.6 * converging[300], "the rule names the minimum too rarely to be worth its words"


def test_surface_start_sliders_span_the_map_of_the_data_set_shown():
    ex = LossSurfaceExplorer()
    for c in ex.controls:
        if c["name"] in ("w0", "b0"):
            axis = "w_range" if c["name"] == "w0" else "b_range"
            assert c["range_of"] == "dataset"
            assert c["ranges"] == {k: d[axis] for k, d in ex.spec["datasets"].items()}
    ex.set(dataset="overlap", w0=6.0, b0=-6.0)
    ex.set(dataset="two_minima")  # (b, w) = (-6, 6) is off this map: the start moves onto its edge
    assert (ex.state["w0"], ex.state["b0"]) == (5.0, -6.0)
    with pytest.raises(ValueError, match=r"^w0 must be in"):
        ex.set(w0=5.5)
    ex.set(dataset="overlap", w0=5.5)  # the menu first: 5.5 is on the map of the thirteen examples
    assert ex.state["w0"] == 5.5
    # live: the slider widgets take the map of the data set chosen, and one scene is sent
    sent = live(ex)
    scene = move(ex, sent, "dataset", "two_minima")
    assert (ex._inputs["w0"].min, ex._inputs["w0"].max) == (-3.0, 5.0) and (ex._inputs["b0"].min, ex._inputs["b0"].max) == (-7.0, 4.0)
    assert ex.state["w0"] == 5.0 and scene["start"] == [-6.0, 5.0]
    move(ex, sent, "dataset", "overlap")
    assert (ex._inputs["w0"].min, ex._inputs["w0"].max) == (-6.0, 6.0)


def test_minima_are_marked_in_the_colours_of_the_chapter_figures(surface_explorer):
    """Chapter 1's figure marks the squared error's minima with stars in its colour (helpers.COLORS), black-edged."""
    axes = surface_explorer.plot()
    for ax, key in zip(axes, ("squared_error", "log_loss")):
        stars = [line for line in ax.lines if line.get_marker() == "*"]
        assert stars
        for line in stars:
            colours = {line.get_markerfacecolor().lower(), line.get_markeredgecolor().lower()}
            assert helpers.COLORS[key].lower() in colours, (key, colours)


# ------------------------------------------------------------------------------- 3. two cases


def test_two_cases_controls_move_the_drawing_to_the_right_values():
    ex = TwoCasesExplorer()
    sent = live(ex)
    for h in (0.01, 0.37, 0.5, 0.99):
        scene = move(ex, sent, "h", h) if ex.state["h"] != h else ex.scene()
        assert scene["h"] == pytest.approx(h)
        # closed forms; rtol 1e-13: h goes through logit and back (a few ulp)
        assert scene["cost1"] == pytest.approx(-np.log(h), rel=1e-13)
        assert scene["cost0"] == pytest.approx(-np.log1p(-h), rel=1e-13)
        assert scene["sq1"] == pytest.approx((1 - h) ** 2 / 2, rel=1e-12)
        assert scene["sq0"] == pytest.approx(h**2 / 2, rel=1e-12)
        assert scene["dlog1"] == pytest.approx(h - 1, rel=1e-12) and scene["dlog0"] == pytest.approx(h, rel=1e-12)
        assert scene["dsq1"] == pytest.approx((h - 1) * h * (1 - h), rel=1e-12)
        assert scene["dsq0"] == pytest.approx(h * h * (1 - h), rel=1e-12)
    scene = move(ex, sent, "y", 0)
    assert scene["y"] == 0
    # the static page looks numbers up in a table computed by the same Python code
    t = ex.spec["table"]
    i = t["h"].index(0.99)
    assert [t[f][i] for f in ("cost1", "cost0", "dlog1", "dsq1")] == [scene[f] for f in ("cost1", "cost0", "dlog1", "dsq1")]


def test_two_cases_snaps_h_to_the_slider_grid():
    ex = TwoCasesExplorer(h=0.1)
    ex.set(h=0.123)
    assert ex.state["h"] == 0.12
    with pytest.raises(ValueError):
        ex.set(h=0.0)
    with pytest.raises(ValueError):
        TwoCasesExplorer(h_step=0.3)


# -------------------------------------------------------------------- 4. gradient descent vs Newton


def test_newton_step_rate_and_buttons_move_the_drawing_to_the_right_values(newton_explorer):
    ex = newton_explorer
    X, y = minimising_chapter_data()
    sent = live(ex)
    L = np.linalg.eigvalsh(X.T @ X)[-1] / (4 * len(y))
    newton = fit_newton(X, y, theta0=np.array([2.0, -1.5]), tol=1e-10)
    scene = move(ex, sent, "step", 3)
    np.testing.assert_allclose(scene["newton"]["path"], newton.path[:4], rtol=0, atol=1e-14)
    for index, factor in enumerate((0.25, 0.5, 1.0, 2.0, 3.0, 4.0)):
        scene = move(ex, sent, "rate", index) if ex.state["rate"] != index else ex.scene()
        ref = gradient_descent(log_loss_and_gradient, np.array([2.0, -1.5]), factor / L, 40, args=(X, y))
        np.testing.assert_allclose(scene["gd"]["path"], ref.path[:4], rtol=0, atol=1e-14)
        assert scene["gd"]["gap"] == pytest.approx(ref.losses[3] - newton.losses[-1], rel=1e-12)
    # buttons: next and previous step
    buttons = [w for w in _control_widgets(ex) if getattr(w, "description", "").startswith(("Next", "◀"))]
    before = ex.state["step"]
    next_button = next(b for b in buttons if b.description.startswith("Next"))
    next_button.click()
    assert ex.state["step"] == before + 1 and len(sent[-1]["scene"]["newton"]["path"]) == min(before + 2, newton.n_iter + 1)
    prev_button = next(b for b in buttons if b.description.startswith("◀"))
    prev_button.click()
    prev_button.click()
    assert ex.state["step"] == before - 1
    ex.set(step=0)
    prev_button.click()
    assert ex.state["step"] == 0, "the previous-step button stops at 0"
    ex.set(step=10, rate=2)


def test_newton_reaches_the_minimum_long_before_gradient_descent(newton_explorer):
    sc = newton_explorer.scene(step=10, rate=2)  # alpha = 1/L
    assert sc["newton"]["gap"] < 1e-14 < 1e-6 < sc["gd"]["gap"]


def test_newton_needs_a_minimum():
    X = add_intercept(np.array([[-2.0], [-1.0], [1.0], [2.0]]))
    with pytest.raises(ValueError, match="did not converge"):
        NewtonExplorer(X, np.array([0.0, 0.0, 1.0, 1.0]))  # separable: no finite minimum


# ------------------------------------------------------------------------------- the static page


@pytest.mark.parametrize("name", ["slice", "surface", "cases", "newton"])
def test_static_html_is_self_contained(name, slice_explorer, surface_explorer, newton_explorer):
    ex = {"slice": slice_explorer, "surface": surface_explorer, "cases": TwoCasesExplorer(),
          "newton": newton_explorer}[name]
    page = ex.to_html()
    assert page.count("<figure") == 1 and f'data-lgx-kind="{ex.kind}"' in page
    uid = re.search(r'<figure[^>]* id="([^"]+)"', page).group(1)
    assert f'getElementById("{uid}")' in page
    assert uid != re.search(r'<figure[^>]* id="([^"]+)"', ex.to_html()).group(1), "every figure has its own id"
    payload = re.search(r'<script type="application/json" class="lgx-payload">(.*?)</script>', page, re.S).group(1)
    assert json.loads(payload) == json.loads(json.dumps(ex.payload())), "the page carries Python's numbers"
    assert "<script src" not in page and "https://" not in page and "<link" not in page, "nothing from the network"
    # the still frame for readers without JavaScript: a PNG with alt text
    img = re.search(r'<noscript><img src="data:image/png;base64,([^"]+)" alt="([^"]{60,})">', page)
    assert img, "a <noscript> still frame with alt text"
    assert base64.b64decode(img.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    # no caption of its own: the chapter's figure caption (cell metadata) is the one a reader sees
    assert "<figcaption" not in page
    # the mime bundle: the live widget for Jupyter, the HTML for the website, the PNG for print
    data, _ = ex._repr_mimebundle_()
    assert {"text/html", "image/png", "text/plain", WIDGET_VIEW} <= set(data)
    assert data[WIDGET_VIEW]["model_id"] == ex.widget().model_id
    assert len(ex.alt_text()) > 60


def test_every_control_has_a_label(slice_explorer, surface_explorer, newton_explorer):
    for ex in (slice_explorer, surface_explorer, TwoCasesExplorer(), newton_explorer):
        for c in ex.controls:
            assert len(c["label"]) >= 4, c
        for w in _control_widgets(ex):
            assert getattr(w, "description", ""), f"{type(ex).__name__}: a widget without a label: {w}"


def _control_widgets(ex):
    """The control widgets above the view, with the group that keeps the step buttons and Play together opened."""
    out = []
    for w in ex.widget().children[0].children:
        out.extend(w.children if hasattr(w, "children") else [w])
    return out


def test_plot_draws_the_current_state(slice_explorer):
    axes = slice_explorer.plot()
    assert len(axes) == 3 and all(ax.figure is axes[0].figure for ax in axes)
    assert axes[0].lines and axes[1].lines and axes[2].lines, "every panel draws something"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = TwoCasesExplorer().png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) < 80_000


# ------------------------------------------------------------------------ issue 12: bad parameters


@pytest.mark.parametrize("make, pattern", [
    (lambda: ExplorerDataset("bad", (1.0, np.nan), (0.0, 1.0)), r"^x must hold finite numbers, got nan"),
    (lambda: ExplorerDataset("bad", (1.0, np.inf), (0.0, 1.0)), r"^x must hold finite numbers, got inf"),
    (lambda: ExplorerDataset("bad", (1.0, 2.0), (0.0, 1.0), w_range=(0.0, np.nan)), r"^w_range must be"),
    (lambda: ExplorerDataset("bad", (1.0, 2.0), (0.0, 1.0), learning_rates={"mse": 1.0}), r"^learning_rates must"),
    (lambda: OneWeightExplorer(num=0), r"^num must be an integer >= 2, got 0"),
    (lambda: OneWeightExplorer(num=np.nan), r"^num must be an integer >= 2, got nan"),
    (lambda: OneWeightExplorer(w_range=(3.0, -3.0)), r"^w_range must be \(low, high\) with low < high"),
    (lambda: OneWeightExplorer(b_range=(1.0, 1.0)), r"^b_range must be \(low, high\) with low < high"),
    (lambda: OneWeightExplorer(datasets=["nope"]), r"^unknown data set 'nope'; the known ones are"),
    (lambda: OneWeightExplorer(dataset="nope"), r"^dataset must be one of"),
    (lambda: LossSurfaceExplorer(num=1), r"^num must be an integer >= 2, got 1"),
    (lambda: LossSurfaceExplorer(max_steps=-1), r"^max_steps must be an integer >= 0, got -1"),
    (lambda: LossSurfaceExplorer(datasets={"a": "nope"}), r"^unknown data set 'nope'"),
    (lambda: TwoCasesExplorer(h_step=0), r"^h_step must be 1/n for an integer n between 2 and 1000, got 0"),
    (lambda: TwoCasesExplorer(h_step=None), r"^h_step must be 1/n .* got None"),
    (lambda: NewtonExplorer(*minimising_chapter_data(), rates=()), r"^rates must be a non-empty sequence of finite positive"),
    (lambda: NewtonExplorer(*minimising_chapter_data(), rates=(1.0, -1.0)), r"^rates must be a non-empty sequence"),
    (lambda: NewtonExplorer(*minimising_chapter_data(), w_range=(2.0, -2.0)), r"^w_range must be \(low, high\)"),
    (lambda: NewtonExplorer(*minimising_chapter_data(), max_steps=None), r"^max_steps must be an integer >= 0, got None"),
    (lambda: NewtonExplorer(minimising_chapter_data()[0], minimising_chapter_data()[1][:5]), r"^y has 5 labels but X has 60 rows"),
])
def test_explorer_parameters_are_checked_by_name(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_surface_on_separable_data_does_not_say_the_log_loss_stalled():
    ex = LossSurfaceExplorer(datasets=["one"])
    assert ex.ends("log", w0=1.0, b0=0.0, steps=500) == "no_minimum"
    assert ex.verdict("log", w0=1.0, b0=0.0, steps=500) == LossSurfaceExplorer.TEXT["verdicts"]["no_minimum"]
    assert LossSurfaceExplorer.TEXT["verdicts"]["plateau"] not in ex.alt_text().split("on the log-loss")[1]


# ------------------------------------------------------------- one spec: Python writes, the JS draws


STATIC = ROOT / "helpers" / "explorers" / "static"
EXPLORER_CLASSES = (OneWeightExplorer, LossSurfaceExplorer, TwoCasesExplorer, NewtonExplorer)


def _javascript_code(path):
    """A JS file without its comments (they may name what the code does in the figure's words)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf8"), flags=re.S)
    return re.sub(r"(?<![:'\"])//[^\n]*", "", text)


def _text_leaves(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _text_leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _text_leaves(v)


def test_the_javascript_holds_no_colour_constant_or_wording_of_its_own():
    """Colours, the number format, the tangent's width, the verdict's threshold and every word come from the spec."""
    files = sorted(STATIC.glob("*.js"))
    assert {f.name for f in files} == {"core.js", "slice.js", "surface.js", "cases.js", "newton.js"}
    # every literal chunk of every template (the text between its {fields}) with a word in it
    chunks = {c.strip() for cls in EXPLORER_CLASSES for leaf in _text_leaves(cls.TEXT)
              for c in re.split(r"\{[^}]*\}", leaf) if len(c.strip()) >= 5 and re.search(r"[a-zα-ω]{2}", c)}
    chunks |= {v for v in _text_leaves(explorers.STYLE) if isinstance(v, str) and len(v) > 1}
    assert len(chunks) > 80, "the templates were read"
    problems = []
    for f in files:
        code = _javascript_code(f)
        literals = re.findall(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`", code)
        problems += [f"{f.name}: a colour {c}" for c in re.findall(r"#[0-9a-fA-F]{3,8}\b", code)]
        problems += [f"{f.name}: the constant {n}" for n in ("0.16", "0.02", "1e5", "\\u2212", "−") if n in code]
        problems += [f"{f.name}: the words {c!r} of a template" for c in sorted(chunks) if any(c in lit for lit in literals)]
    assert not problems, "\n".join(problems)


def test_core_js_reads_the_style_from_the_spec_and_nothing_is_substituted():
    js = explorer_javascript("slice")
    assert "__LGX" not in js, "no placeholder is written into the JavaScript: everything comes in the spec"
    for ex in (OneWeightExplorer(num=9), TwoCasesExplorer()):
        spec = ex.payload()["spec"]
        assert spec["style"] == json.loads(json.dumps(explorers.STYLE)) and spec["text"] == json.loads(json.dumps(type(ex).TEXT))
        assert spec["style"]["colors"]["mse"] == helpers.COLORS["squared_error"]


def test_numbers_print_by_one_rule():
    fmt = explorers.fmt
    assert fmt(0.12345) == "0.123" and fmt(-2, 1) == "\u22122.0" and fmt(0.0) == "0.000" and fmt(-1e-20, 0) == "\u22121.0e\u221220"
    assert fmt(0.125, 2) == "0.13" and fmt(-0.125, 2) == "\u22120.13", "halves away from 0, as JavaScript's toFixed"
    assert fmt(3e-7) == "3.0e\u22127" and fmt(123456.0) == "1.2e5" and fmt(-0.0004) == "\u22124.0e\u22124"
    assert fmt(-0.0001, 1) == "0.0" or fmt(-0.0001, 1).startswith("\u2212")  # sign rule: no "-0.0"
    assert fmt(-0.00001, 3) != "\u22120.000"
    assert fmt(None) == fmt(float("nan")) == fmt(float("inf")) == "not finite"


def test_templates_fill_fields_numbers_and_paths():
    fill = explorers.fill
    assert fill("w = {w:1}, steps {n}, start ({s.0:2}, {s.1:2})", {"w": -6.0, "n": 300, "s": [1, 0.5]}) == \
        "w = \u22126.0, steps 300, start (1.00, 0.50)"
    with pytest.raises(KeyError):
        fill("{missing:2}", {})


def test_every_template_field_is_filled(slice_explorer, surface_explorer, newton_explorer):
    """The Python template (the alt text) has all its values; no field is left in braces."""
    for ex in (slice_explorer, surface_explorer, TwoCasesExplorer(), newton_explorer):
        text = ex.alt_text()
        assert "{" not in text and "}" not in text, text


def test_the_tangent_and_the_verdict_threshold_are_computed_once_in_python(slice_explorer, surface_explorer):
    spec = slice_explorer.spec
    assert spec["tangent_half"] == pytest.approx(0.16 * (spec["w_range"][1] - spec["w_range"][0]))
    for d in surface_explorer.spec["datasets"].values():
        assert d["near"] == pytest.approx(0.005 * max(d["w_range"][1] - d["w_range"][0], d["b_range"][1] - d["b_range"][0]))


def test_verdict_words_come_from_text_by_the_run_s_ending(surface_explorer):
    ex = surface_explorer
    default = dict(w0=1.0, b0=-1.0, steps=500)
    assert ex.ends("mse", **default) == "local_minimum" and ex.scene(**default)["mse"]["target"] == 1
    minima = ex.spec["datasets"]["two_minima"]["minima"]["mse"]
    assert ex.verdict("mse", **default) == explorers.fill(LossSurfaceExplorer.TEXT["verdicts"]["local_minimum"],
                                               {"min_loss": minima[1]["loss"], "best": minima[0]["loss"]})
    assert "{" not in ex.verdict("mse", w0=0.0, b0=-7.0) and "{" not in ex.verdict("mse", w0=-2.5, b0=-6.0)


def test_helpers_reexports_what_chapters_use_and_not_the_infrastructure():
    namespace = {}
    exec("from helpers import *", namespace)
    infrastructure = {"Explorer", "ExplorerDataset", "EXPLORER_DATASETS", "explorer_javascript", "STYLE", "fill", "fmt",
                      *helpers.colab.__all__}
    assert not infrastructure & set(namespace), sorted(infrastructure & set(namespace))
    assert {"OneWeightExplorer", "LossSurfaceExplorer", "TwoCasesExplorer", "NewtonExplorer"} <= set(namespace)
    for name in ("Explorer", "ExplorerDataset", "EXPLORER_DATASETS", "explorer_javascript"):
        assert getattr(explorers, name) is not None
    # every name a chapter imports from helpers is still there
    import ast

    imported = 0
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf8"))["cells"]:
            if cell["cell_type"] == "code" and "from helpers import" in "".join(cell["source"]):
                for node in ast.walk(ast.parse("".join(cell["source"]))):
                    if isinstance(node, ast.ImportFrom) and node.module == "helpers":
                        for alias in node.names:
                            imported += 1
                            assert alias.name in helpers.__all__, f"{path.name} imports {alias.name} from helpers"
    assert imported > 20
