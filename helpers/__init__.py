"""Shared code for the book *Why the gradient of the log-loss is (1/m) X^T (h - y)*.

Small pure functions, imported by every chapter (``from helpers import ...``).
Each submodule lists its public names in ``__all__``; they are all re-exported here.
Importing this package has no side effects (no rcParams, no printing).
"""

from . import losses, optim
from .losses import *  # noqa: F401,F403
from .optim import *  # noqa: F401,F403

__all__ = [*losses.__all__, *optim.__all__]
