"""The machinery every explorer shares: controls, the live widget, the static page, the PNG frame.

A subclass of :class:`Explorer` (one per file beside this one) sets ``kind`` and ``TEXT`` (every word it
shows), builds ``self._spec`` (the numbers drawn that no control changes) and ``self._controls``, and
implements ``scene`` (the numbers drawn for a state), ``plot`` (a matplotlib frame) and ``alt_values``.
What the page receives (``spec``) is ``self._spec`` with ``style`` (:data:`._spec.STYLE`) and ``text`` added.
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
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from ._spec import STYLE, fill

__all__ = ["Explorer", "Control", "explorer_javascript"]

KINDS = ("slice", "surface", "cases", "newton")


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


def rounded(values, digits=4):
    """A list of floats rounded for drawing (contour lines): smaller pages, invisible difference."""
    return [round(float(v), digits) for v in values]


@functools.lru_cache(maxsize=None)
def _asset(name):
    return resources.files("helpers.explorers").joinpath("static", name).read_text(encoding="utf8")


def explorer_javascript(kind):
    """The JavaScript that draws an explorer of ``kind`` ('slice', 'surface', 'cases' or 'newton').

    The shared core (``static/core.js``) followed by the kind's own file; it defines the constant
    ``LGX`` and is meant to be wrapped in a function (the static page) or a module (the widget).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return _asset("core.js") + "\n" + _asset(f"{kind}.js")


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
class Control:
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

    A subclass sets ``kind`` and ``TEXT`` (its words: ``TEXT["alt"]`` for Python, the rest for the
    JavaScript), builds ``self._spec`` (everything drawn that never changes) and ``self._controls``, fills ``self._state`` with the controls' starting values, and implements
    :meth:`scene` (the numbers drawn for a state), :meth:`plot` (a static matplotlib frame) and
    :meth:`alt_values` (the numbers of ``TEXT["alt"]``).

    Use
    ---
    ``explorer`` as the last expression of a cell shows it; ``explorer.set(w=2.0)`` moves a
    control (in a live notebook the widget follows); ``explorer.scene()`` is what is drawn now;
    ``explorer.widget()`` is the live ipywidgets view; ``explorer.to_html()`` the static page.
    """

    kind = ""
    title = ""
    #: every word the figure shows, once: templates filled by :func:`fill` (Python) or ``LGX.fill`` (browser)
    TEXT: dict = {}

    def __init__(self):
        self._spec: dict = {}
        self._controls: list[Control] = []
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
        """What the page receives: everything drawn that no control changes (contours, data, precomputed
        runs), with ``style`` (colours, number format) and ``text`` (the words) added."""
        return {**self._spec, "style": STYLE, "text": self.TEXT}

    @property
    def controls(self):
        """The controls, as the static page receives them (list of dicts)."""
        return [c.as_dict() for c in self._controls]

    def _control(self, name):
        for c in self._controls:
            if c.name == name and c.type in ("slider", "choice", "select"):
                return c
        raise KeyError(f"{type(self).__name__} has no control {name!r}; it has {sorted(self._state)}")

    def _limits(self, control, state=None):
        """A slider's ``(min, max)``: its own, or, for a slider whose range follows a menu (``extra`` holds
        ``range_of``, the menu's name, and ``ranges``, the range for each of its values), the range of the
        menu's value in ``state`` (default: the current state)."""
        ranges = control.extra.get("ranges")
        if not ranges:
            return control.min, control.max
        lo, hi = ranges[(self._state if state is None else state)[control.extra["range_of"]]]
        return lo, hi

    def _validate(self, name, value, state=None):
        c = self._control(name)
        if c.type == "slider":
            value = float(value)
            lo, hi = self._limits(c, state)
            if not (lo - 1e-9 <= value <= hi + 1e-9):
                raise ValueError(f"{name} must be in [{lo}, {hi}], got {value}")
            value = min(max(value, lo), hi)
            return int(round(value)) if c.extra.get("integer") else value
        values = [o[1] for o in c.options]
        if value not in values:
            raise ValueError(f"{name} must be one of {values}, got {value!r}")
        return values[values.index(value)]

    def _merged(self, values):
        """The state with ``values`` applied and checked: menus first, so that a slider whose range follows a
        menu is checked against the new range; such a slider that is not in ``values`` is moved into it."""
        new = dict(self._state)
        for name in sorted(values, key=lambda k: self._control(k).type == "slider"):
            new[name] = self._validate(name, values[name], new)
        for c in self._controls:
            if c.type == "slider" and c.extra.get("ranges") and c.name not in values:
                lo, hi = self._limits(c, new)
                new[c.name] = min(max(new[c.name], lo), hi)
        return new

    def set(self, **values):
        """Move controls, e.g. ``set(w=2.0, b=-1.0)``; the live view (if shown) redraws once."""
        new = self._merged(values)
        changed = [k for k in new if k in values or new[k] != self._state[k]]
        with self._batch():
            for name in sorted(changed, key=lambda k: self._control(k).type == "slider"):
                if self._inputs.get(name) is not None:
                    self._inputs[name].value = new[name]  # the observer updates the state
                else:
                    self._state[name] = new[name]
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
        with self._batch():
            self._state[name] = self._validate(name, change["new"])
            self._dirty = True
            self._follow_ranges(name)

    def _follow_ranges(self, menu):
        """After the menu ``menu`` changed: each slider whose range follows it takes the new range (a live
        slider moves its value into it, and its observer updates the state; otherwise the state is moved)."""
        for c in self._controls:
            if c.type != "slider" or c.extra.get("range_of") != menu:
                continue
            lo, hi = self._limits(c)
            w = self._inputs.get(c.name)
            if w is not None:
                if lo > w.max:
                    w.max, w.min = hi, lo
                else:
                    w.min, w.max = lo, hi
            value = min(max(self._state[c.name], lo), hi)
            if value != self._state[c.name]:
                self._state[c.name] = value
                self._dirty = True

    def _push(self):
        if self._view is None:
            return
        self.drawn = _jsonable(self.scene())
        self._view.send({"type": "scene", "scene": self.drawn})

    def _on_view_message(self, _widget, content, _buffers=None):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ready":
            self.drawn = _jsonable(self.scene())
            self._view.send({"type": "init", "spec": _jsonable(self.spec), "scene": self.drawn})
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

    def alt_values(self):
        """The values of ``TEXT["alt"]`` for the current state."""
        raise NotImplementedError

    def alt_text(self):
        """A description of the static frame (the current state) for readers who cannot see it."""
        return fill(self.TEXT["alt"], self.alt_values())

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
                lo, hi = self._limits(c)
                w = cls(value=self._state[c.name], min=lo, max=hi, step=c.step, description=c.label,
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
        return _jsonable({"kind": self.kind, "spec": self.spec, "controls": self.controls, "state": self._state})

    def to_html(self, fallback=True):
        """The self-contained figure of the static website (see the module docstring)."""
        payload = _script_json(self.payload())
        digest = hashlib.sha1(payload.encode()).hexdigest()[:8]
        uid = f"lgx-{self.kind}-{digest}-{next(_counter)}"
        parts = [
            f'<figure class="lgx lgx-{self.kind} interactive-figure tex2jax_ignore mathjax_ignore" id="{uid}" '
            f'data-lgx-kind="{self.kind}" aria-label="{html.escape(self.title)}">',
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
