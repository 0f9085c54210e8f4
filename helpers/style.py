"""The book's one colour language: each colour has one meaning in every figure and explorer.

Colours are from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
stays distinguishable under the common forms of colour-vision deficiency.  Contour maps use
a grey colormap, so that no path or curve colour sits on a colormap of the same hue.

========================  =========  ==============================================
key                       colour     meaning
========================  =========  ==============================================
``squared_error``         vermillion the squared error of a sigmoid, (σ(z) − y)²
``log_loss``              blue       the log-loss (cross-entropy)
``least_squares``         sky blue   linear regression's squared error (a line, no sigmoid)
``y1``                    green      the case y = 1 (examples, curves)
``y0``                    purple     the case y = 0 (examples, curves)
``gradient_descent``      orange     gradient-descent iterates and paths
``newton``                black      Newton's method iterates and paths
``neutral``               grey       reference lines, tangents, annotations
========================  =========  ==============================================

Use ``color=COLORS["log_loss"]`` in a plot call; never a bare ``"C0"`` or a hex code in a chapter.
"""

from __future__ import annotations

__all__ = ["COLORS", "CONTOUR_CMAP"]

COLORS = {
    "squared_error": "#D55E00",
    "log_loss": "#0072B2",
    "least_squares": "#56B4E9",
    "y1": "#009E73",
    "y0": "#CC79A7",
    "gradient_descent": "#E69F00",
    "newton": "#000000",
    "neutral": "#595959",
}

#: The colormap of every contour plot and surface: greys, so that coloured paths stand out.
CONTOUR_CMAP = "Greys"
