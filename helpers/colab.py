"""Running the chapters in Google Colab, where this package is not installed.

Colab opens one notebook from GitHub, on its own: ``helpers`` (and ``myst_nb``, whose ``glue`` the chapters
call) are missing there. Each chapter therefore starts with a small code cell, :func:`setup_cell`, that
installs both with pip when, and only when, it runs under Colab. Everywhere else (Jupyter, nbval, the book
build, Binder, a JupyterHub) that cell does nothing.

That cell cannot import this module (it runs before ``helpers`` exists), so it repeats, in two lines, the
logic of :func:`install_if_colab`. tests/test_colab.py runs both with a simulated Colab and a mocked
installer, and checks that every chapter starts with exactly ``setup_cell()``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

__all__ = [
    "COLAB_MODULE",
    "COLAB_REQUIREMENTS",
    "REPOSITORY_URL",
    "install_if_colab",
    "pip_install_arguments",
    "running_in_colab",
    "setup_cell",
]

#: the module that exists only inside a Colab runtime
COLAB_MODULE = "google.colab"
#: where the book's source lives (keep equal to ``repository.url`` in _config.yml; a test checks it)
REPOSITORY_URL = "https://github.com/logloss-gradient/book"
#: what the chapters import that Colab lacks, besides this package (installed from the repository)
COLAB_REQUIREMENTS = ("myst-nb==1.4.0",)


def running_in_colab(modules: Mapping[str, Any] | None = None) -> bool:
    """True when ``google.colab`` has been imported, which Colab does before any cell runs.

    Parameters
    ----------
    modules : mapping, optional
        The loaded modules; ``sys.modules`` by default (a test passes its own).
    """
    return COLAB_MODULE in (sys.modules if modules is None else modules)


def pip_install_arguments(repository_url: str = REPOSITORY_URL, extra_requirements: tuple[str, ...] = ()) -> str:
    """The arguments of the ``%pip install`` that makes a chapter runnable in Colab.

    ``--quiet`` keeps the chapter clean; the book's package comes from ``git+<repository_url>``;
    ``extra_requirements`` (pinned, e.g. ``("otter-grader==7.0.0",)`` for the student notebooks) come first.
    """
    if not repository_url.startswith("https://"):
        raise ValueError(f"repository_url must be an https URL, got {repository_url!r}")
    return " ".join(["install", "--quiet", *extra_requirements, *COLAB_REQUIREMENTS, f"git+{repository_url}"])


def install_if_colab(
    repository_url: str = REPOSITORY_URL,
    modules: Mapping[str, Any] | None = None,
    ipython: Any = None,
) -> bool:
    """Install the book's package (and ``myst-nb``) with ``%pip`` when running under Colab.

    Parameters
    ----------
    repository_url : str
        The book's GitHub repository.
    modules : mapping, optional
        The loaded modules (``sys.modules`` by default); Colab is detected by ``google.colab`` in it.
    ipython : object, optional
        The running IPython shell (``IPython.get_ipython()`` by default); only its
        ``run_line_magic("pip", ...)`` is used, which installs into the running kernel.

    Returns
    -------
    bool
        True if it installed (under Colab), False if it did nothing.
    """
    if not running_in_colab(modules):
        return False
    if ipython is None:
        from IPython import get_ipython

        ipython = get_ipython()
    if ipython is None:
        raise RuntimeError("install_if_colab needs a running IPython kernel to run %pip")
    ipython.run_line_magic("pip", pip_install_arguments(repository_url))
    return True


def setup_cell(repository_url: str = REPOSITORY_URL, extra_requirements: tuple[str, ...] = ()) -> str:
    """The source of the first code cell of every chapter: :func:`install_if_colab`, written out.

    It calls ``%pip`` through ``get_ipython().run_line_magic`` (the same call as the magic), so the
    notebook stays valid Python; it runs only under Colab. The classroom kit's student notebooks use it
    with ``extra_requirements`` (the grader).
    """
    return (
        "# In Google Colab, install the book's helpers first (this cell does nothing anywhere else).\n"
        "import sys\n"
        "\n"
        f'if "{COLAB_MODULE}" in sys.modules:\n'
        f'    get_ipython().run_line_magic("pip", "{pip_install_arguments(repository_url, extra_requirements)}")'
    )
