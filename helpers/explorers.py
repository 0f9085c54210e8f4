"""The book's interactive figures ("explorers"): one object, two front ends, one source of numbers.

An explorer is a Python object. Displayed in a notebook it offers three representations at once
(``_repr_mimebundle_``), and whoever shows it picks the richest it can use:

* ``application/vnd.jupyter.widget-view+json`` -- in a live kernel (JupyterLab, Notebook, VS Code,
  Colab): real ipywidgets controls (sliders, dropdowns, buttons).  Every change of a control makes
  Python compute the new *scene* (the numbers drawn) with this package's functions and send it to a
  small anywidget view, whose JavaScript only draws it.
* ``text/html`` -- the website, where no kernel runs.  A self-contained figure: a ``<script>`` with
  the same JavaScript drawing code, the numbers Python computed (``spec``), and HTML controls.  The
  book prefers it to the widget view (``nb_mime_priority_overrides`` in ``_config.yml``), so the
  site needs no widget manager, no require.js, no CDN.  Scenes that cannot all be computed in
  advance (the gradient-descent path from any starting point) are computed in the browser by a
  line-by-line mirror of :func:`helpers.log_loss_and_gradient`, :func:`helpers.mse_loss_and_gradient`
  and :func:`helpers.gradient_descent`; the browser test checks it against them.  A ``<noscript>``
  static frame and a caption serve readers without JavaScript.
* ``image/png`` -- print and PDF: a static matplotlib frame of the current state (see ``plot``).

A scene is a plain dict of numbers; ``explorer.scene(**state)`` computes it in Python and the
page's ``window.lgxExplorers[id].scene(state)`` in the browser, so the two can be compared.

The four explorers
------------------
``OneWeightExplorer``    squared error of a sigmoid and log-loss against w (b fixed), with tangents
``LossSurfaceExplorer``  both losses over (w, b) and the gradient-descent path from a movable start
``TwoCasesExplorer``     the log-loss's two cases, -log h and -log(1 - h), at a movable prediction h
``NewtonExplorer``       gradient descent vs Newton's method, step by step, with a learning rate

Conventions as in :mod:`helpers.plotting`: ``theta = (b, w)``, maps show ``w`` across, ``b`` up.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import html
import io
import itertools
import json
import math
import warnings
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from .losses import (
    add_intercept,
    log_loss,
    log_loss_and_gradient,
    log_loss_gradient,
    mse_gradient,
    mse_loss,
    mse_loss_and_gradient,
    sigmoid,
)
from .landscapes import mse_curvature, one_weight_data, two_minima_data
from ._validation import as_count, as_design_matrix, as_labels, as_real
from .optim import DependentColumnsWarning, FitResult, SeparationWarning, fit_newton, gradient_descent
from .separation import detect_separation
from .plotting import loss_on_grid
from .style import CONTOUR_CMAP, COLORS

__all__ = [
    "ExplorerDataset",
    "EXPLORER_DATASETS",
    "Explorer",
    "OneWeightExplorer",
    "LossSurfaceExplorer",
    "TwoCasesExplorer",
    "NewtonExplorer",
    "explorer_javascript",
]

#: the book's colour language (helpers.style), passed to the JavaScript too: explorer_javascript writes it into core.js
_COLORS = {
    "mse": COLORS["squared_error"], "log": COLORS["log_loss"], "gd": COLORS["gradient_descent"],
    "newton": COLORS["newton"], "y1": COLORS["y1"], "y0": COLORS["y0"], "ink": "#1a1a1a",
    "muted": COLORS["neutral"], "grid": "#d9d9d9",
}
_KINDS = ("slice", "surface", "cases", "newton")


# --------------------------------------------------------------------------------------- data sets


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
            object.__setattr__(self, name, _range(getattr(self, name), name))
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

    def rates(self):
        """``{"mse": ..., "log": ...}``: the learning rates given, or the safe steps ``1/L`` (see above)."""
        if self.learning_rates is not None:
            return dict(self.learning_rates)
        X = self.X
        lam = float(np.linalg.eigvalsh(X.T @ X)[-1]) / X.shape[0]
        return {"mse": 1.0 / (_mse_curvature_max() * lam), "log": 4.0 / lam}


def _range(value, name):
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
        "twelve examples, two minima of the squared error", X, y, w_range=(-3.0, 5.0), b_range=(-7.0, 4.0),
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
    "one": ExplorerDataset("one example, x = 1, y = 1", (1.0,), (1.0,), (-8.0, 8.0), (-4.0, 4.0)),
    "six": _six(),
    "two_minima": _two_minima(),
    "overlap": ExplorerDataset(
        "thirteen examples, overlapping classes",
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


def _datasets(datasets, default):
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


# ------------------------------------------------------------------------------------ JSON, assets


def _jsonable(value):
    """Plain JSON types; non-finite floats become None (JSON has no NaN or Infinity)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else None
    return value


def _rounded(values, digits=4):
    """A list of floats rounded for drawing (contour lines): smaller pages, invisible difference."""
    return [round(float(v), digits) for v in values]


@functools.lru_cache(maxsize=None)
def _asset(name):
    return resources.files("helpers").joinpath("explorers_static", name).read_text(encoding="utf8")


def explorer_javascript(kind):
    """The JavaScript that draws an explorer of ``kind`` ('slice', 'surface', 'cases' or 'newton').

    The shared core (``explorers_static/core.js``) followed by the kind's own file; it defines the
    constant ``LGX`` and is meant to be wrapped in a function (the static page) or a module (the widget).
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}")
    core = _asset("core.js").replace("__LGX_COLORS__", json.dumps(_COLORS))
    return core + "\n" + _asset(f"{kind}.js")


def _script_json(payload):
    """JSON safe inside ``<script type="application/json">`` (no ``</script>``, no ``<!--``)."""
    text = json.dumps(_jsonable(payload), separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.lru_cache(maxsize=None)
def _view_class():
    """The anywidget view (imported lazily: ``import helpers`` stays light)."""
    import anywidget
    import traitlets

    class ExplorerView(anywidget.AnyWidget):
        """Draws the scenes an :class:`Explorer` sends; knows no math."""

        _esm = traitlets.Unicode("").tag(sync=True)
        _css = traitlets.Unicode("").tag(sync=True)

    return ExplorerView


_counter = itertools.count(1)


# ------------------------------------------------------------------------------------- base class


@dataclass
class _Control:
    """One control, described once for both front ends (ipywidgets and the static page)."""

    type: str
    name: str
    label: str
    min: float | None = None
    max: float | None = None
    step: float | None = None
    digits: int | None = None
    options: list | None = None
    target: str | None = None
    delta: int | None = None
    interval: int | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        d = {k: v for k, v in self.__dict__.items() if v is not None and k != "extra"}
        d.update(self.extra)
        return d


class Explorer:
    """Base class of the interactive figures.

    A subclass sets ``kind``, builds ``self._spec`` (everything drawn that never changes) and
    ``self._controls``, fills ``self._state`` with the controls' starting values, and implements
    :meth:`scene` (the numbers drawn for a state), :meth:`plot` (a static matplotlib frame),
    :meth:`caption` and :meth:`alt_text`.

    Use
    ---
    ``explorer`` as the last expression of a cell shows it; ``explorer.set(w=2.0)`` moves a
    control (in a live notebook the widget follows); ``explorer.scene()`` is what is drawn now;
    ``explorer.widget()`` is the live ipywidgets view; ``explorer.to_html()`` the static page.
    """

    kind = ""
    title = ""

    def __init__(self):
        self._spec: dict = {}
        self._controls: list[_Control] = []
        self._state: dict = {}
        self._widget = None
        self._inputs: dict = {}
        self._view = None
        self._hold = 0
        self._dirty = False
        #: the last scene sent to the live view (what a live notebook draws now), or None
        self.drawn = None

    # -- state -----------------------------------------------------------------------------------
    @property
    def state(self):
        """The controls' current values (a copy)."""
        return dict(self._state)

    @property
    def spec(self):
        """Everything drawn that no control changes (contours, data, precomputed runs)."""
        return self._spec

    @property
    def controls(self):
        """The controls, as the static page receives them (list of dicts)."""
        return [c.as_dict() for c in self._controls]

    def _control(self, name):
        for c in self._controls:
            if c.name == name and c.type in ("slider", "choice", "select"):
                return c
        raise KeyError(f"{type(self).__name__} has no control {name!r}; it has {sorted(self._state)}")

    def _validate(self, name, value):
        c = self._control(name)
        if c.type == "slider":
            value = float(value)
            if not (c.min - 1e-9 <= value <= c.max + 1e-9):
                raise ValueError(f"{name} must be in [{c.min}, {c.max}], got {value}")
            value = min(max(value, c.min), c.max)
            return int(round(value)) if c.extra.get("integer") else value
        values = [o[1] for o in c.options]
        if value not in values:
            raise ValueError(f"{name} must be one of {values}, got {value!r}")
        return values[values.index(value)]

    def set(self, **values):
        """Move controls, e.g. ``set(w=2.0, b=-1.0)``; the live view (if shown) redraws once."""
        checked = {name: self._validate(name, v) for name, v in values.items()}
        with self._batch():
            for name, value in checked.items():
                if self._inputs.get(name) is not None:
                    self._inputs[name].value = value  # the observer updates the state
                else:
                    self._state[name] = value
                    self._dirty = True
        return self

    @contextlib.contextmanager
    def _batch(self):
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1
            if self._hold == 0 and self._dirty:
                self._dirty = False
                self._push()

    def _on_input(self, name, change):
        self._state[name] = self._validate(name, change["new"])
        self._dirty = True
        if self._hold == 0:
            self._dirty = False
            self._push()

    def _push(self):
        if self._view is None:
            return
        self.drawn = _jsonable(self.scene())
        self._view.send({"type": "scene", "scene": self.drawn})

    def _on_view_message(self, _widget, content, _buffers=None):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ready":
            self.drawn = _jsonable(self.scene())
            self._view.send({"type": "init", "spec": _jsonable(self._spec), "scene": self.drawn})
        elif kind == "set":
            values = {k: v for k, v in (content.get("values") or {}).items() if k in self._state}
            try:
                self.set(**values)
            except (ValueError, KeyError):
                pass  # a click outside the sliders' range: ignore it

    # -- to implement ----------------------------------------------------------------------------
    def scene(self, **state):
        """The numbers drawn for the current state, updated with ``state``."""
        raise NotImplementedError

    def plot(self, axes=None):
        """Draw the current state with matplotlib on ``axes`` (new figure if None); return the axes."""
        raise NotImplementedError

    def caption(self):
        """The figure's caption: what it shows and what to try (true for every state)."""
        raise NotImplementedError

    def alt_text(self):
        """A description of the static frame (the current state) for readers who cannot see it."""
        raise NotImplementedError

    def _figsize(self):
        return (6.4, 3.3)

    def _new_axes(self, n):
        """``n`` axes side by side on a matplotlib Figure that pyplot does not track (no stray display)."""
        from matplotlib.figure import Figure

        fig = Figure(figsize=self._figsize())
        return fig.subplots(1, n)

    # -- front ends ------------------------------------------------------------------------------
    def widget(self):
        """The live view: ipywidgets controls above an anywidget that draws the scenes."""
        if self._widget is not None:
            return self._widget
        import ipywidgets as W

        view = _view_class()(_esm=self._esm(), _css=_asset("explorers.css"))
        view.on_msg(self._on_view_message)
        style = {"description_width": "initial"}
        inputs, boxes = {}, []
        for c in self._controls:
            if c.type == "slider":
                cls = W.IntSlider if c.extra.get("integer") else W.FloatSlider
                kwargs = {} if c.extra.get("integer") else {"readout_format": f".{c.digits if c.digits is not None else 2}f"}
                w = cls(value=self._state[c.name], min=c.min, max=c.max, step=c.step, description=c.label,
                        continuous_update=True, style=style, layout=W.Layout(width="22rem", max_width="100%"), **kwargs)
            elif c.type == "choice":
                # room after the readout ("4/L = 16.00"), so that it does not run into the next label
                w = W.SelectionSlider(options=[(o[0], o[1]) for o in c.options], value=self._state[c.name],
                                      description=c.label, continuous_update=True, style=style,
                                      layout=W.Layout(width="24rem", max_width="100%", margin="2px 2.5rem 2px 0"))
            elif c.type == "select":
                w = W.Dropdown(options=[(o[0], o[1]) for o in c.options], value=self._state[c.name],
                               description=c.label, style=style)
            elif c.type == "button":
                w = W.Button(description=c.label, tooltip=c.label)
                w.on_click(functools.partial(self._on_button, c))
            elif c.type == "play":
                target = next(k for k in self._controls if k.name == c.target)
                w = W.Play(value=self._state[c.target], min=int(target.min), max=int(target.max), step=1,
                           interval=c.interval or 250, description=c.label, tooltip=c.label)
                self._play = w
            else:  # pragma: no cover - the subclasses only use the types above
                raise ValueError(c.type)
            if c.type in ("slider", "choice", "select"):
                inputs[c.name] = w
                w.observe(functools.partial(self._on_input_change, c.name), names="value")
            boxes.append(w)
        for c in self._controls:
            if c.type == "play":
                W.jslink((self._play, "value"), (inputs[c.target], "value"))
        self._inputs = inputs
        self._view = view
        # the step buttons and Play stay together on one line ("Next step ▶" never wraps away from "◀ Previous step")
        steppers = [b for b, c in zip(boxes, self._controls) if c.type in ("button", "play")]
        if len(steppers) > 1:
            first = boxes.index(steppers[0])
            group = W.HBox(steppers, layout=W.Layout(flex_flow="row nowrap", align_items="center"))
            boxes = [b for b in boxes if b not in steppers]
            boxes.insert(first, group)
        controls = W.Box(boxes, layout=W.Layout(display="flex", flex_flow="row wrap", align_items="center"))
        self._widget = W.VBox([controls, view])
        return self._widget

    def _on_input_change(self, name, change):
        self._on_input(name, change)

    def _on_button(self, control, _button=None):
        target = next(k for k in self._controls if k.name == control.target)
        value = min(max(self._state[control.target] + control.delta, target.min), target.max)
        self.set(**{control.target: value})

    def _esm(self):
        return (explorer_javascript(self.kind)
                + f'\nexport default {{ render({{ model, el }}) {{ return LGX.live(model, el, "{self.kind}"); }} }};\n')

    def png(self, dpi=None):
        """The static frame (current state) as PNG bytes, with a 256-colour palette when lossless enough."""
        axes = self.plot()
        fig = np.atleast_1d(axes).flat[0].figure
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        data = buffer.getvalue()
        try:
            from PIL import Image

            with Image.open(io.BytesIO(data)) as image:
                rgb = image.convert("RGB")
            small = io.BytesIO()
            rgb.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(small, "PNG", optimize=True)
            if small.tell() < len(data):
                data = small.getvalue()
        except ImportError:  # pragma: no cover - Pillow comes with matplotlib
            pass
        return data

    def payload(self):
        """What the static page receives: kind, spec, controls, state (JSON-ready)."""
        return _jsonable({"kind": self.kind, "spec": self._spec, "controls": self.controls, "state": self._state})

    def to_html(self, fallback=True):
        """The self-contained figure of the static website (see the module docstring)."""
        payload = _script_json(self.payload())
        digest = hashlib.sha1(payload.encode()).hexdigest()[:8]
        uid = f"lgx-{self.kind}-{digest}-{next(_counter)}"
        caption = html.escape(self.caption())
        parts = [
            f'<figure class="lgx lgx-{self.kind} interactive-figure tex2jax_ignore mathjax_ignore" id="{uid}" '
            f'data-lgx-kind="{self.kind}">',
            f"<style>{_asset('explorers.css')}</style>",
            f'<div class="lgx-controls" role="group" aria-label="{html.escape(self.title)}: controls"></div>',
            '<div class="lgx-plots"></div>',
            '<p class="lgx-readout" aria-live="polite"></p>',
        ]
        if fallback:
            png = base64.b64encode(self.png()).decode("ascii")
            parts.append(
                f'<noscript><img src="data:image/png;base64,{png}" alt="{html.escape(self.alt_text())}">'
                f'<p class="lgx-caption">Without JavaScript this is a still frame: {html.escape(self.alt_text())}</p></noscript>'
            )
        parts += [
            f"<figcaption>{caption}</figcaption>",
            f'<script type="application/json" class="lgx-payload">{payload}</script>',
            "<script>(function () {\n" + explorer_javascript(self.kind)
            + f'\nvar root = document.getElementById("{uid}");'
            + '\nLGX.mount(root, JSON.parse(root.querySelector(".lgx-payload").textContent));\n})();</script>',
            "</figure>",
        ]
        return "\n".join(parts)

    def __repr__(self):
        state = ", ".join(f"{k}={v!r}" for k, v in self._state.items())
        return f"{type(self).__name__}({state})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": repr(self), "text/html": self.to_html(), "image/png": base64.b64encode(self.png()).decode("ascii")}
        try:
            bundle = self.widget()._repr_mimebundle_()
        except ImportError:  # pragma: no cover - ipywidgets and anywidget are dependencies
            bundle = None
        if bundle and "application/vnd.jupyter.widget-view+json" in bundle:
            data["application/vnd.jupyter.widget-view+json"] = bundle["application/vnd.jupyter.widget-view+json"]
        return data, {}


def _fmt(v, digits=3):
    """Numbers in captions, as the JavaScript prints them (fmt in core.js)."""
    if v is None or not math.isfinite(v):
        return "not finite"
    a = abs(v)
    if a != 0 and (a < 10.0 ** -digits or a >= 1e5):
        s = f"{v:.1e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")
    else:
        s = f"{v:.{digits}f}"
    if s.lstrip("-").strip("0.") == "":
        s = s.lstrip("-")
    return s.replace("-", "\u2212")


# ------------------------------------------------------------------------------ 1. one weight


class OneWeightExplorer(Explorer):
    """The squared error of a sigmoid and the log-loss as functions of one weight ``w``, side by side.

    For the chosen data set and bias ``b``, each panel draws ``J(b, w)`` over ``w`` with the current
    point and its tangent, whose slope is ``dJ/dw`` (from :func:`helpers.mse_loss_and_gradient` and
    :func:`helpers.log_loss_and_gradient`); a third panel shows the data and ``h = sigmoid(b + w x)``.
    Where the model is confidently wrong the squared error's slope is almost 0 (a plateau) while the
    log-loss's is not.

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
    num : int
        Points on each loss curve.
    """

    kind = "slice"
    title = "One weight: squared error and log-loss against w"

    def __init__(self, datasets=None, dataset=None, w=-6.0, b=0.0, w_range=None, b_range=(-4.0, 4.0),
                 flat=1e-3, num=161):
        super().__init__()
        self._datasets = _datasets(datasets, ("one", "six", "two_minima"))
        first = next(iter(self._datasets.values()))
        w_range = _range(first.w_range if w_range is None else w_range, "w_range")
        b_range = _range(b_range, "b_range")
        self._w_grid = np.linspace(w_range[0], w_range[1], as_count(num, "num", 2))
        spec_sets = {}
        for key, d in self._datasets.items():
            X, y = d.X, d.labels
            lo, hi = d.x_range
            x_grid = np.linspace(lo, hi, 121)
            corners = [log_loss(np.array([bb, ww]), X, y) for bb in b_range for ww in w_range]
            coarse = [mse_loss(np.array([bb, ww]), X, y) for bb in np.linspace(*b_range, 9) for ww in self._w_grid[::8]]
            spec_sets[key] = {
                "label": d.label, "x": list(d.x), "y": list(d.y), "x_range": list(d.x_range),
                "x_grid": x_grid.tolist(),
                # the log-loss is convex, so on the box its maximum is at a corner
                "ymax": {"mse": float(1.1 * max(coarse)), "log": float(1.05 * max(corners))},
            }
        self._spec = {"datasets": spec_sets, "w_range": list(w_range), "w_grid": self._w_grid.tolist(), "flat": float(flat)}
        self._controls = [
            _Control("select", "dataset", "Data set", options=[[d.label, k] for k, d in self._datasets.items()]),
            _Control("slider", "w", "Weight w", min=w_range[0], max=w_range[1], step=0.1, digits=1),
            _Control("slider", "b", "Bias b", min=b_range[0], max=b_range[1], step=0.1, digits=1),
        ]
        self._state = {"dataset": dataset or next(iter(self._datasets)), "w": float(w), "b": float(b)}
        for k, v in self._state.items():
            self._state[k] = self._validate(k, v)

    def scene(self, **state):
        st = {**self._state, **{k: self._validate(k, v) for k, v in state.items()}}
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
        return {
            "dataset": st["dataset"], "w": w, "b": b, "curve": curve,
            "point": {"mse": jm, "log": jl, "dmse": float(gm[1]), "dlog": float(gl[1]),
                      "dmse_b": float(gm[0]), "dlog_b": float(gl[0])},
            "sigmoid": {"h": h.tolist()},
        }

    def _figsize(self):
        return (6.4, 5.4)

    def plot(self, axes=None):
        if axes is None:
            from matplotlib.figure import Figure

            fig = Figure(figsize=self._figsize())
            grid = fig.add_gridspec(2, 2, height_ratios=[1.6, 1])
            axes = [fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])]
        sc = self.scene()
        spec = self._spec
        d = spec["datasets"][sc["dataset"]]
        half = (spec["w_range"][1] - spec["w_range"][0]) * 0.16
        for ax, key, title in ((axes[0], "mse", "Squared error of the sigmoid"), (axes[1], "log", "Log-loss")):
            J, g = sc["point"][key], sc["point"]["d" + key]
            ax.plot(spec["w_grid"], sc["curve"][key], color=_COLORS[key])
            ax.plot([sc["w"] - half, sc["w"] + half], [J - g * half, J + g * half], color=_COLORS["ink"], lw=1.5, ls="--")
            ax.plot([sc["w"]], [J], "o", color=_COLORS[key], ms=7, mec="white")
            flat = " (flat)" if abs(g) < spec["flat"] else ""
            ax.set(xlim=spec["w_range"], ylim=(0, d["ymax"][key]), title=title,
                   xlabel=f"weight $w$\nslope $dJ/dw$ = {_fmt(g, 4)}{flat}")
        ax = axes[2]
        ax.plot(d["x_grid"], sc["sigmoid"]["h"], color=_COLORS["ink"])
        for xi, yi in zip(d["x"], d["y"]):
            ax.plot([xi], [yi], "o", ms=6, mfc=_COLORS["y1"] if yi == 1 else "white",
                    mec=_COLORS["y1"] if yi == 1 else _COLORS["y0"])
        ax.set(xlim=d["x_range"], ylim=(-0.1, 1.1), xlabel="feature $x$", ylabel="$h$")
        return axes

    def caption(self):
        return ("Move the weight w (and the bias b, or the data set): each panel draws the loss against w with "
                "the current point and its tangent, whose slope dJ/dw is what gradient descent follows. Where the "
                "sigmoid is confidently wrong, the squared error (left) is a flat plateau with a slope near 0, "
                "while the log-loss (right) keeps a slope that points towards better weights. The bottom panel "
                "shows the data and the prediction h = σ(b + w x).")

    def alt_text(self):
        sc = self.scene()
        p = sc["point"]
        return (f"Two loss curves against the weight w for the data set '{self._datasets[sc['dataset']].label}' at "
                f"b = {_fmt(sc['b'], 1)}. At w = {_fmt(sc['w'], 1)} the squared error is {_fmt(p['mse'])} with slope "
                f"{_fmt(p['dmse'], 4)}, the log-loss is {_fmt(p['log'])} with slope {_fmt(p['dlog'], 4)}; below, the "
                f"data and the sigmoid prediction.")


# ----------------------------------------------------------------------------- 2. loss surface


def _contours(W, B, Z, levels, cmap=CONTOUR_CMAP):
    """Contour lines of Z at ``levels`` as [{level, color, lines: [[w...], [b...]], ...}] (contourpy)."""
    import contourpy
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    gen = contourpy.contour_generator(W, B, Z, line_type=contourpy.LineType.Separate)
    colors = colormaps[cmap](np.linspace(0.3, 0.85, len(levels)))  # greys: never white, never black (Newton)
    out = []
    for level, color in zip(levels, colors):
        lines = [[_rounded(seg[:, 0]), _rounded(seg[:, 1])] for seg in gen.lines(float(level)) if len(seg) > 1]
        if lines:
            out.append({"level": float(level), "color": to_hex(color), "lines": lines})
    return out


def _levels(Z, count):
    """``count`` levels from the grid's minimum to its maximum, crowding geometrically towards the minimum."""
    z_min, z_max = float(np.min(Z)), float(np.max(Z))
    return z_min + (z_max - z_min) * np.geomspace(2e-3, 0.98, count)


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


class LossSurfaceExplorer(Explorer):
    """Both losses over ``(w, b)`` with the gradient-descent path from a movable starting point.

    Left: the squared error of a sigmoid; right: the log-loss; contours of each (computed on a grid with
    :func:`helpers.plotting.loss_on_grid`), their minima (stars: filled for the lowest, open for a local
    minimum), and the path of :func:`helpers.gradient_descent` from the same start, with each data set's
    learning rates (:meth:`ExplorerDataset.rates`).  On the squared error the path stalls on a plateau or
    stops in a local minimum; on the log-loss it reaches the minimum.

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
        A run that ends with ``max|gradient|`` below this, away from a minimum, is said to have stalled.
    """

    kind = "surface"
    title = "Loss surfaces and gradient descent"

    def __init__(self, datasets=None, dataset=None, w0=1.0, b0=-1.0, steps=300, max_steps=500, tol=1e-10,
                 num=81, levels=14, flat=1e-3):
        super().__init__()
        self._datasets = _datasets(datasets, ("two_minima", "overlap"))
        self._max_steps = as_count(max_steps, "max_steps")
        num = as_count(num, "num", 2)
        self._run_cache: dict = {}
        spec_sets = {}
        for key, d in self._datasets.items():
            X, y = d.X, d.labels
            entry = {"label": d.label, "x": list(d.x), "y": list(d.y), "w_range": list(d.w_range),
                     "b_range": list(d.b_range), "learning_rate": d.rates(), "contours": {}, "minima": {},
                     # separable classes: the log-loss has no minimum, its gradient tends to 0 far out (not a plateau)
                     "separable": detect_separation(X, y).separable}
            for name, loss, grad in (("mse", mse_loss, mse_gradient), ("log", log_loss, log_loss_gradient)):
                W, B, Z = loss_on_grid(loss, X, y, d.w_range, d.b_range, num=num)
                entry["contours"][name] = _contours(W, B, Z, _levels(Z, levels))
                if name == "log":
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", SeparationWarning)
                        warnings.simplefilter("ignore", DependentColumnsWarning)  # e.g. a single example
                        fit = fit_newton(X, y)
                    entry["minima"][name] = ([{"theta": fit.theta.tolist(), "loss": float(fit.losses[-1]), "global": True}]
                                             if fit.converged else [])
                else:
                    entry["minima"][name] = _local_minima(loss, grad, X, y, W, B, Z)
            spec_sets[key] = entry
        self._spec = {"datasets": spec_sets, "tol": float(tol), "flat": float(flat), "start_step": 0.1}
        self._controls = [
            _Control("select", "dataset", "Data set", options=[[d.label, k] for k, d in self._datasets.items()]),
            # every data set shares the sliders: they span the union of the data sets' boxes
            _Control("slider", "w0", "Start w", min=min(d.w_range[0] for d in self._datasets.values()),
                     max=max(d.w_range[1] for d in self._datasets.values()), step=0.1, digits=1),
            _Control("slider", "b0", "Start b", min=min(d.b_range[0] for d in self._datasets.values()),
                     max=max(d.b_range[1] for d in self._datasets.values()), step=0.1, digits=1),
            _Control("slider", "steps", "Steps", min=0, max=self._max_steps, step=1, digits=0, extra={"integer": True}),
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
        st = {**self._state, **{k: self._validate(k, v) for k, v in state.items()}}
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
        out = {"dataset": st["dataset"], "start": [float(st["b0"]), float(st["w0"])], "steps": int(st["steps"])}
        for key, r in runs.items():
            out[key] = {"path": r.path.tolist(), "loss0": float(r.losses[0]), "loss": float(r.losses[-1]),
                        "gnorm": float(r.gradient_norms[-1]), "n_iter": int(r.n_iter), "converged": bool(r.converged)}
        return out

    def verdict(self, key, **state):
        """Where the run on loss ``key`` ('mse' or 'log') ends, in the words the figure uses."""
        sc = self.scene(**state)
        d = self._spec["datasets"][sc["dataset"]]
        run = sc[key]
        end = run["path"][-1]
        span = max(d["w_range"][1] - d["w_range"][0], d["b_range"][1] - d["b_range"][0])
        for mn in d["minima"][key]:
            if math.hypot(end[0] - mn["theta"][0], end[1] - mn["theta"][1]) < 0.02 * span:
                return "reached the minimum" if mn["global"] else "stuck in a local minimum"
        if key == "log" and d["separable"]:
            return "still descending: no minimum exists (the classes are separable)"
        if run["gnorm"] < self._spec["flat"]:
            return "stalled on a plateau"
        return "still on its way"

    def plot(self, axes=None):
        if axes is None:
            axes = self._new_axes(2)
        sc = self.scene()
        d = self._spec["datasets"][sc["dataset"]]
        for ax, key, title in ((axes[0], "mse", "Squared error of the sigmoid"), (axes[1], "log", "Log-loss")):
            for c in d["contours"][key]:
                for ws, bs in c["lines"]:
                    ax.plot(ws, bs, color=c["color"], lw=0.8)
            for mn in d["minima"][key]:
                ax.plot(mn["theta"][1], mn["theta"][0], "*", ms=12 if mn["global"] else 10,
                        mfc=_COLORS["ink"] if mn["global"] else "white", mec=_COLORS["ink"])
            path = np.array(sc[key]["path"])
            ax.plot(path[:, 1], path[:, 0], color=_COLORS["gd"], lw=2)
            ax.plot(sc["start"][1], sc["start"][0], "o", mfc="white", mec=_COLORS["gd"], ms=8, mew=2)
            ax.plot(path[-1, 1], path[-1, 0], "o", color=_COLORS["gd"], ms=6)
            ax.set(xlim=d["w_range"], ylim=d["b_range"], xlabel="weight $w$", ylabel="bias $b$", title=title)
            ax.grid(False)
        return axes

    def caption(self):
        return ("Contours of the squared error of a sigmoid (left) and of the log-loss (right) over the weight w and "
                "the bias b, with gradient descent from the same starting point (open circle; move it with the "
                "sliders or click a map), each loss with its own learning rate. Stars mark minima (filled: the lowest; open: a "
                "local one). On the squared error the path often stalls on a plateau, where the gradient is almost "
                "0, or stops in a local minimum; on the log-loss, which is convex, it reaches the minimum from "
                "everywhere.")

    def alt_text(self):
        sc = self.scene()
        d = self._spec["datasets"][sc["dataset"]]
        words = {k: self.verdict(k) for k in ("mse", "log")}
        return (f"Two contour maps over w and b for the data set '{d['label']}'. From (b, w) = ({_fmt(sc['start'][0], 1)}, "
                f"{_fmt(sc['start'][1], 1)}), {sc['steps']} gradient-descent steps with learning rates "
                f"{_fmt(d['learning_rate']['mse'])} (squared error) and {_fmt(d['learning_rate']['log'])} (log-loss): on the squared error the loss goes from {_fmt(sc['mse']['loss0'])} to "
                f"{_fmt(sc['mse']['loss'])} ({words['mse']}, gradient {_fmt(sc['mse']['gnorm'], 4)}); on the log-loss from "
                f"{_fmt(sc['log']['loss0'])} to {_fmt(sc['log']['loss'])} ({words['log']}).")


# ----------------------------------------------------------------------------- 3. the two cases


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
                      "curves": {"h": curve_h.tolist(), **{k: _rounded(v, 5) for k, v in columns(curve_h).items()}}}
        self._controls = [
            _Control("slider", "h", "Prediction h", min=table_h[0], max=table_h[-1], step=float(h_step), digits=2),
            _Control("select", "y", "True label", options=[["y = 1 (a positive example)", 1], ["y = 0 (a negative example)", 0]]),
        ]
        self._state = {"h": self._validate("h", h), "y": self._validate("y", y)}

    def _validate(self, name, value):
        value = super()._validate(name, value)
        if name == "h":  # snap to the slider's grid, as an HTML range input does
            k = round(value / self._spec["h_step"])
            value = self._spec["table"]["h"][int(k) - 1]
        return value

    def scene(self, **state):
        st = {**self._state, **{k: self._validate(k, v) for k, v in state.items()}}
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
        sc, c = self.scene(), self._spec["curves"]
        y, other = sc["y"], 1 - sc["y"]
        col = {1: _COLORS["y1"], 0: _COLORS["y0"]}
        ax = axes[0]
        ax.plot(c["h"], c["cost1"], color=col[1], lw=3 if y == 1 else 1.2, label="$y=1$: $-\\log h$")
        ax.plot(c["h"], c["cost0"], color=col[0], lw=3 if y == 0 else 1.2, label="$y=0$: $-\\log(1-h)$")
        ax.plot(c["h"], c["sq1"], color=col[1], ls="--", lw=1)
        ax.plot(c["h"], c["sq0"], color=col[0], ls="--", lw=1, label="squared error (dashed)")
        ax.axvline(sc["h"], color="0.35", lw=1)
        ax.plot([sc["h"]], [min(sc[f"cost{y}"], self._spec["cost_max"])], "o", color=col[y], ms=8, mec="white")
        ax.plot([sc["h"]], [sc[f"cost{other}"]], "o", mfc="white", mec=col[other], ms=6)
        ax.set(xlim=(0, 1), ylim=(0, self._spec["cost_max"]), xlabel="prediction $h$", ylabel="cost",
               title="Cost of one example")
        ax.legend(fontsize=8, loc="upper center")
        ax = axes[1]
        ax.plot(c["h"], c[f"dlog{y}"], color=col[y], lw=3, label="log-loss: $h-y$")
        ax.plot(c["h"], c[f"dsq{y}"], color=col[y], lw=2, ls="--", label="squared: $(h-y)h(1-h)$")
        ax.axvline(sc["h"], color="0.35", lw=1)
        ax.set(xlim=(0, 1), ylim=(-1.05, 1.05), xlabel="prediction $h$", ylabel="slope $d\\ell/dz$",
               title=f"Slope with respect to $z$, $y={y}$")
        ax.legend(fontsize=8, loc="lower right" if y == 1 else "upper left")
        return axes

    def caption(self):
        return ("The log-loss has two cases. A positive example (y = 1) pays −log h, a negative one (y = 0) pays "
                "−log(1 − h): nothing for a confident right answer, more and more, without bound, for a confident "
                "wrong one. The squared error (dashed) never charges more than 1/2. The slope panel: the slope with respect "
                "to the score z, which is what reaches the weights: h − y for the log-loss, largest when most "
                "wrong; (h − y) h (1 − h) for the squared error, back to 0 when confidently wrong. Move h and "
                "switch the label.")

    def alt_text(self):
        sc = self.scene()
        y = sc["y"]
        name = "−log h" if y == 1 else "−log(1 − h)"
        return (f"Cost panel: the two log-loss cases −log h and −log(1 − h) against h from 0 to 1, and the squared error dashed. "
                f"At h = {_fmt(sc['h'], 2)} with y = {y} the log-loss pays {name} = {_fmt(sc[f'cost{y}'])}, the squared "
                f"error {_fmt(sc[f'sq{y}'])}. Slope panel: the slopes with respect to z, {_fmt(sc[f'dlog{y}'])} for the "
                f"log-loss and {_fmt(sc[f'dsq{y}'])} for the squared error.")


# -------------------------------------------------------------------- 4. gradient descent vs Newton


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

    def __init__(self, X, y, theta0=(2.0, -1.5), rates=(0.25, 0.5, 1.0, 2.0, 3.0, 4.0), rate=None, max_steps=40,
                 step=10, w_range=None, b_range=None, num=81, levels=14, newton_tol=1e-10):
        super().__init__()
        X = as_design_matrix(X)
        y = as_labels(y, X.shape[0])
        if X.shape[1] != 2:
            raise ValueError(f"X must have two columns, [1, x] (theta = (b, w)), got {X.shape[1]}")
        if not (len(rates) > 0 and all(isinstance(r, (int, float)) and math.isfinite(r) and r > 0 for r in rates)):
            raise ValueError(f"rates must be a non-empty sequence of finite positive multiples of 1/L, got {rates!r}")
        w_range = None if w_range is None else _range(w_range, "w_range")
        b_range = None if b_range is None else _range(b_range, "b_range")
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
        labels = [f"{_rate_label(r)}/L = {_fmt(r / L, 2)}" for r in rates]
        gaps = [g for run in gd for g in run["gaps"] if g is not None and math.isfinite(g) and g > 0]
        top = 10.0 ** math.ceil(math.log10(max(gaps))) if gaps else 1.0
        self._L, self._J_star = L, J_star
        legend = _emptiest_corner(pts, w_range, b_range)
        self._spec = {
            "contours": _contours(W, B, Z, _levels(Z, levels)), "w_range": list(w_range), "b_range": list(b_range),
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
            _Control("choice", "rate", "Learning rate α", options=[[label, k] for k, label in enumerate(labels)]),
            _Control("slider", "step", "Step k", min=0, max=max_steps, step=1, digits=0, extra={"integer": True}),
            _Control("button", "back", "◀ Previous step", target="step", delta=-1),
            _Control("button", "next", "Next step ▶", target="step", delta=1),
            _Control("play", "play", "Play", target="step", interval=300),
        ]
        self._state = {"rate": self._validate("rate", rate_index), "step": self._validate("step", step)}

    def scene(self, **state):
        st = {**self._state, **{k: self._validate(k, v) for k, v in state.items()}}
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
        sc, spec = self.scene(), self._spec
        ax = axes[0]
        for c in spec["contours"]:
            for ws, bs in c["lines"]:
                ax.plot(ws, bs, color=c["color"], lw=0.8)
        label = spec["rates"][sc["rate"]][0]
        for key, color, marker, name in (("gd", _COLORS["gd"], "o", f"gradient descent, α = {label}"),
                                         ("newton", _COLORS["newton"], "s", "Newton's method")):
            path = np.array(sc[key]["path"])
            ax.plot(path[:, 1], path[:, 0], marker=marker, color=color, ms=4, lw=1.5, mfc="white", label=name)
        ax.plot(spec["theta_star"][1], spec["theta_star"][0], "+", color=_COLORS["ink"], ms=12, mew=2)
        ax.set(xlim=spec["w_range"], ylim=spec["b_range"], xlabel="weight $w$", ylabel="bias $b$", title="Log-loss contours")
        ax.grid(False)
        ax.legend(fontsize=7, loc={"tl": "upper left", "tr": "upper right", "bl": "lower left", "br": "lower right"}[spec["legend"]])
        ax = axes[1]
        lo = spec["gap_range"][0]
        gd = spec["gd"][sc["rate"]]
        for gaps, color in ((gd["gaps"], _COLORS["gd"]), (spec["newton"]["gaps"], _COLORS["newton"])):
            g = np.array([np.nan if v is None else max(v, lo) for v in gaps], dtype=float)
            ax.plot(np.arange(g.size), g, color=color, lw=1, alpha=0.35)
            ax.plot(np.arange(min(g.size, sc["step"] + 1)), g[:sc["step"] + 1], color=color, lw=2.5)
        ax.axvline(sc["step"], color="0.35", lw=1)
        ax.set(yscale="log", xlim=(0, spec["max_steps"]), ylim=spec["gap_range"], xlabel="step $k$",
               ylabel="$J(\\theta_k) - J^*$", title="$J(\\theta_k) - J^*$")
        return axes

    def caption(self):
        return ("Gradient descent (circles) and Newton's method (squares) from the same start on the contours of the "
                "log-loss, one step at a time (Step k, the buttons, or Play). Newton's method uses the curvature and "
                "reaches the minimum (cross) in a few steps; gradient descent needs many, and its speed depends on the "
                "learning rate α: too small crawls, too large overshoots and zigzags. The second panel: J − J* on a "
                "logarithmic scale, a straight line for gradient descent, a plunge for Newton.")

    def alt_text(self):
        sc, spec = self.scene(), self._spec
        return (f"Log-loss contours with two paths from (b, w) = ({_fmt(spec['gd'][0]['path'][0][0], 2)}, "
                f"{_fmt(spec['gd'][0]['path'][0][1], 2)}). After {sc['step']} steps gradient descent with α = "
                f"{spec['rates'][sc['rate']][0]} is {_fmt(sc['gd']['gap'])} above the minimum loss and Newton's method "
                f"{_fmt(sc['newton']['gap'])}; Newton stops after {self._newton.n_iter} steps.")


def _rate_label(r):
    """0.25 -> '0.25', 1.0 -> '1', 4.0 -> '4'."""
    return f"{r:g}"


def _emptiest_corner(points, w_range, b_range):
    """The corner of a map ('tl', 'tr', 'bl' or 'br') with the fewest of ``points`` (rows ``(b, w)``) near it."""
    w = (points[:, 1] - w_range[0]) / (w_range[1] - w_range[0])
    b = (points[:, 0] - b_range[0]) / (b_range[1] - b_range[0])
    boxes = {"tl": (w < 0.6) & (b > 0.7), "tr": (w > 0.4) & (b > 0.7), "bl": (w < 0.6) & (b < 0.3), "br": (w > 0.4) & (b < 0.3)}
    return min(boxes, key=lambda k: (int(np.sum(boxes[k])), ["bl", "tl", "br", "tr"].index(k)))
