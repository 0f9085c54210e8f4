"""What every explorer shares with its JavaScript: the style, the number format and the templates.

Each spec the page receives carries :data:`STYLE` (``spec["style"]``) and the explorer's ``TEXT``
(``spec["text"]``); static/core.js prints numbers with ``LGX.fmt`` and fills templates with ``LGX.fill``,
the twins of :func:`fmt` and :func:`fill` here (tests/browser/test_explorers_browser.py compares them).
"""

from __future__ import annotations

import decimal
import math
import re

from ..style import COLORS

__all__ = ["STYLE", "PANEL_TITLES", "fill", "fmt"]

#: Shared by every explorer and passed to the JavaScript in each spec (``spec["style"]``):
#: ``colors``, the book's colour language (helpers.style) plus the greys of the drawing, and ``number``,
#: the one rule for printing a number (:func:`fmt` here, ``LGX.fmt`` in static/core.js): ``digits``
#: after the point (3 unless a template says otherwise, ``{x:2}``), scientific notation with
#: ``sci_digits`` digits when ``|v| < 10^-digits`` or ``|v| >= sci_large``, halves rounded away from 0,
#: ``minus`` for the sign, ``not_finite`` for NaN and infinities; and ``play_buttons``, the names of a
#: live Play control's icon buttons.
STYLE = {
    "colors": {
        "mse": COLORS["squared_error"], "log": COLORS["log_loss"], "gd": COLORS["gradient_descent"],
        "newton": COLORS["newton"], "y1": COLORS["y1"], "y0": COLORS["y0"], "muted": COLORS["neutral"],
        "ink": "#1a1a1a", "grid": "#d9d9d9", "frame": "#8c8c8c", "edge": "#c8c8c8", "paper": "#ffffff",
    },
    "number": {"digits": 3, "sci_large": 1e5, "sci_digits": 1, "minus": "\u2212", "not_finite": "not finite"},
    # the names a live notebook gives the four icon buttons of an ipywidgets Play control (for screen readers)
    "play_buttons": ["Play", "Pause", "Stop", "Repeat"],
}
#: the panels of the two losses, in both explorers of chapter 1
PANEL_TITLES = {"mse": "Squared error of the sigmoid", "log": "Log-loss"}


def fmt(v, digits=None):
    """A number as every explorer prints it (the rule in ``STYLE["number"]``; ``LGX.fmt`` is its twin).

    ``fmt(0.12345) == "0.123"``, ``fmt(-2, 1) == "\u22122.0"``, ``fmt(3e-7) == "3.0e-7"``, ``fmt(None) == "not finite"``.
    Halves round away from 0 on the float's exact value, as JavaScript's ``toFixed`` does.
    """
    rule = STYLE["number"]
    if v is None or not math.isfinite(v):
        return rule["not_finite"]
    d = rule["digits"] if digits is None else digits
    a = abs(v)
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        if a != 0 and (a < 10.0 ** -d or a >= rule["sci_large"]):
            s = format(decimal.Decimal(v), f".{rule['sci_digits']}e").replace("e-0", "e-").replace("e+", "e")
            s = re.sub(r"e0*(\d)", r"e\1", s)
        else:
            s = format(decimal.Decimal(v), f".{d}f")
    if s.lstrip("-").strip("0.") == "":
        s = s.lstrip("-")
    return s.replace("-", rule["minus"])


_FIELD = re.compile(r"\{([A-Za-z_][\w.]*)(?::(\d+))?\}")


def fill(template, values):
    """A template of ``TEXT`` with its fields filled, as ``LGX.fill`` does in the browser.

    ``{name}`` is ``values["name"]`` as text; ``{name:2}`` is the number printed by :func:`fmt` with 2
    digits; a dotted name looks inside: ``{start.0:1}`` is ``fmt(values["start"][0], 1)``.
    """
    def one(match):
        value = values
        for part in match.group(1).split("."):
            value = value[int(part)] if isinstance(value, (list, tuple)) else value[part]
        if match.group(2) is not None:
            return fmt(value, int(match.group(2)))
        return str(value)

    return _FIELD.sub(one, template)
