"""Running the chapters in Google Colab, where this package is not installed.

Colab opens one notebook from GitHub, on its own: ``helpers`` (and ``myst_nb``, whose ``glue`` the chapters
call) are missing there. Each chapter therefore starts with a small code cell, :func:`setup_cell`, that
installs both with pip when, and only when, it runs under Colab. Everywhere else (Jupyter, nbval, the book
build, Binder, a JupyterHub) that cell does nothing.

That cell cannot import this module (it runs before ``helpers`` exists), so this module writes it:
:func:`setup_cell` is its source. tests/test_colab.py runs it with a simulated Colab and a mocked installer,
and checks that every chapter starts with exactly ``setup_cell()``. The repository's address is kept in
_config.yml and written here by ``make move-repository`` (tools/move_repository.py).
"""

from __future__ import annotations

__all__ = [
    "COLAB_MODULE",
    "COLAB_REQUIREMENTS",
    "REPOSITORY_URL",
    "pip_install_arguments",
    "setup_cell",
]

#: the module that exists only inside a Colab runtime
COLAB_MODULE = "google.colab"
#: where the book's source lives: ``repository.url`` of _config.yml, written here by ``make move-repository``
REPOSITORY_URL = "https://github.com/logloss-gradient/book"
#: what the chapters import that Colab lacks, besides this package (installed from the repository)
COLAB_REQUIREMENTS = ("myst-nb==1.4.0",)


def pip_install_arguments(repository_url: str = REPOSITORY_URL, extra_requirements: tuple[str, ...] = ()) -> str:
    """The arguments of the ``%pip install`` that makes a chapter runnable in Colab.

    ``--quiet`` keeps the chapter clean; the book's package comes from ``git+<repository_url>``;
    ``extra_requirements`` (pinned, e.g. ``("otter-grader==7.0.0",)`` for the student notebooks) come first.
    """
    if not repository_url.startswith("https://"):
        raise ValueError(f"repository_url must be an https URL, got {repository_url!r}")
    return " ".join(["install", "--quiet", *extra_requirements, *COLAB_REQUIREMENTS, f"git+{repository_url}"])


def setup_cell(repository_url: str = REPOSITORY_URL, extra_requirements: tuple[str, ...] = ()) -> str:
    """The source of the first code cell of every chapter: under Colab, ``%pip install`` the book's package.

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
