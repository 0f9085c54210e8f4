"""Shared code for the book *Why the log-loss gradient is (1/m) X^T (h - y)*.

Small pure functions, imported by every chapter (``from helpers import ...``).
``from helpers import *`` gives what the chapters teach and call: each teaching submodule's ``__all__``,
``Derivation`` and the four explorer classes.  Infrastructure is not re-exported: reach it through its
module, ``helpers.colab.setup_cell`` (the chapters' Colab cell) or ``helpers.explorers.ExplorerDataset``
(the explorers' base class, data sets and JavaScript).
Importing this package has no side effects (no rcParams, no printing).

Submodules
----------
losses      sigmoid, log-loss, squared error, their gradients and Hessians (numerically stable)
optim       finite differences, gradient descent, Newton's method
separation  does a finite minimiser exist? complete / quasi-separation or overlap, by a linear program
landscapes  datasets and loss grids for comparing the squared error with the log-loss
stability   the textbook (unstable) formulas, kept to show how they fail
plotting    plot functions shared by several chapters (each takes ax=None and returns the axes)
glm         generalised linear models with canonical links (one gradient, only h changes)
derivation  derivations shown line by line with their rules, each line checked as displayed
claims      numbers written on a page, asserted at the precision shown
style       the one colour language of every figure and explorer
symbolic    SymPy building blocks: the log-loss and its gradient on symbolic data
explorers   the interactive figures: ipywidgets in Jupyter, self-contained HTML on the website
            (a package; only its four explorer classes are re-exported)

Infrastructure (not re-exported)
--------------------------------
colab       running the chapters in Google Colab (the first cell of each chapter)
"""

from . import claims, colab, derivation, explorers, glm, landscapes, losses, optim, plotting, separation, stability, style, symbolic
from .claims import *  # noqa: F401,F403
from .derivation import Derivation  # its builders (sigma, frac, mul, add) stay in helpers.derivation
from .explorers import LossSurfaceExplorer, NewtonExplorer, OneWeightExplorer, TwoCasesExplorer
from .glm import *  # noqa: F401,F403
from .landscapes import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .optim import *  # noqa: F401,F403
from .plotting import *  # noqa: F401,F403
from .separation import *  # noqa: F401,F403
from .stability import *  # noqa: F401,F403
from .style import *  # noqa: F401,F403
from .symbolic import *  # noqa: F401,F403

__all__ = [
    *losses.__all__,
    *optim.__all__,
    *separation.__all__,
    *landscapes.__all__,
    *stability.__all__,
    *plotting.__all__,
    *glm.__all__,
    *symbolic.__all__,
    *explorers.__all__,
    "Derivation",
    *claims.__all__,
    *style.__all__,
]
