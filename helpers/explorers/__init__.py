"""The book's interactive figures ("explorers"): one object, two front ends, one source of numbers and words.

An explorer is a Python object. Displayed in a notebook it offers three representations at once
(``_repr_mimebundle_``), and whoever shows it picks the richest it can use:

* ``application/vnd.jupyter.widget-view+json`` -- in a live kernel (JupyterLab, Notebook, VS Code,
  Colab): real ipywidgets controls.  Every change of a control makes Python compute the new *scene*
  (the numbers drawn) with this package's functions and send it to a small anywidget view, whose
  JavaScript only draws it.
* ``text/html`` -- the website, where no kernel runs: a self-contained figure, a ``<script>`` with the
  same drawing code, the *spec* Python computed, and HTML controls (``_config.yml`` prefers it to the
  widget view, so the site needs no widget manager and no CDN).  A ``<noscript>`` still frame serves
  readers without JavaScript.  The figure's caption is the chapter's (the cell's ``mystnb.figure.caption``
  metadata, numbered with the chapter's other figures): an explorer has no caption of its own, so a page
  never shows two.
* ``image/png`` -- print and PDF: a matplotlib frame of the current state (``plot``).

One spec, written by Python
---------------------------
Everything the JavaScript needs arrives in the spec as JSON: the numbers (contours, precomputed runs,
lookup tables), the colours and the number format (``spec["style"]``, from :mod:`._spec`), and every word
it shows (``spec["text"]``: titles, axis labels, legends, readouts, descriptions, verdicts), written once
in each explorer's ``TEXT``.  Constants both sides need are computed once in Python and sent as numbers
(the tangent's half-width ``tangent_half``, the distance ``near`` at which a run has reached a minimum, each
minimum's basin).  Where a verdict depends on the state (where a gradient-descent run ends, what the one-weight
readout adds), one rule decides it, written twice: in Python (``surface.ending``, ``one_weight.hint``) and, line
for line, in the kind's JavaScript; its thresholds come in the spec, its words in ``TEXT``.  Wording is a template such as ``"w = {w:2}"``: ``{w:2}`` is the number
``w`` with 2 digits, filled by :func:`fill` in Python and by ``LGX.fill`` in the browser with the same
rule, so a caption and a readout print a number alike.  The JavaScript holds no colour, constant or
sentence of its own (tests/test_explorers.py checks).

Where the scene is computed
---------------------------
Python computes every scene it can in advance: the two-cases table and the Newton/gradient-descent runs
are looked up by the page.  Two scenes cannot be: the loss curves for any bias ``b`` (one weight) and the
gradient-descent path from any start (surface).  For them ``static/core.js`` mirrors
:func:`helpers.log_loss_and_gradient`, :func:`helpers.mse_loss_and_gradient` and
:func:`helpers.gradient_descent` line by line; tests/browser/test_explorers_browser.py checks the two agree.

Files
-----
``_spec.py``      what Python shares with the JavaScript: STYLE (colours, number format), fmt and fill
``_base.py``      the Explorer base class: controls, the live widget, the static page, the PNG frame
``_contours.py``  contour lines for the maps (surface, Newton)
``_basins.py``    each minimum's basin on a map: where gradient descent can no longer escape it (surface)
``datasets.py``   ExplorerDataset and the explorers' data sets (EXPLORER_DATASETS)
``one_weight.py`` OneWeightExplorer: both losses against one weight w, with tangents (chapter 1)
``surface.py``    LossSurfaceExplorer: both losses over (w, b), gradient descent from a movable start (chapter 1)
``cases.py``      TwoCasesExplorer: the log-loss's two cases at a movable prediction h (chapter 2)
``newton.py``     NewtonExplorer: gradient descent against Newton's method, step by step (chapter 6)
``static/``       core.js (shared drawing, controls, the mirror), one .js per explorer, explorers.css

Chapters use the four explorer classes (``from helpers import OneWeightExplorer``); the machinery
(``Explorer``, ``ExplorerDataset``, ``EXPLORER_DATASETS``, ``explorer_javascript``, ``fill``, ``fmt``) is
reached as ``helpers.explorers.X``.  Conventions as in :mod:`helpers.plotting`: ``theta = (b, w)``,
maps show ``w`` across, ``b`` up.
"""

from ._base import Explorer, explorer_javascript
from ._spec import STYLE, fill, fmt
from .cases import TwoCasesExplorer
from .datasets import EXPLORER_DATASETS, ExplorerDataset
from .newton import NewtonExplorer
from .one_weight import OneWeightExplorer
from .surface import LossSurfaceExplorer

#: what chapters use (re-exported by ``helpers``); the rest is reached as ``helpers.explorers.X``
__all__ = ["OneWeightExplorer", "LossSurfaceExplorer", "TwoCasesExplorer", "NewtonExplorer"]
