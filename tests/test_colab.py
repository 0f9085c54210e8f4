"""The chapters run in Google Colab: each chapter's first code cell, helpers.colab.setup_cell().

Colab is simulated by putting a ``google.colab`` module into ``sys.modules``; the installer (IPython's
``run_line_magic``) is a mock, so nothing is installed and nothing touches the network. That the cell names
the repository of _config.yml is checked with every other place that names it, in test_move_repository.py.
"""

from __future__ import annotations

import re
import sys
import types
from unittest import mock

import pytest

from book import cells, notebooks, source, tags
from helpers import colab

EXPECTED_ARGS = f"install --quiet myst-nb==1.4.0 git+{colab.REPOSITORY_URL}"
# what a Colab runtime already has (top-level import names); the chapters may import these and the stdlib
COLAB_PREINSTALLED = {
    "IPython", "ipywidgets", "matplotlib", "mpmath", "numpy", "pandas", "scipy", "sklearn", "statsmodels", "sympy",
}

NOTEBOOKS = notebooks()


@pytest.fixture
def in_colab(monkeypatch):
    """A Python where ``import google.colab`` has happened, as in every Colab runtime."""
    google = types.ModuleType("google")
    google.colab = types.ModuleType("google.colab")
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", google.colab)


@pytest.fixture
def not_in_colab(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)


def run_cell(code: str, shell) -> None:
    exec(compile(code, "<setup cell>", "exec"), {"get_ipython": lambda: shell})


def test_in_colab_the_setup_cell_pip_installs_the_book_once(in_colab):
    shell = mock.Mock()
    run_cell(colab.setup_cell(), shell)
    shell.run_line_magic.assert_called_once_with("pip", EXPECTED_ARGS)


def test_the_setup_cell_can_install_another_repository_and_extra_requirements(in_colab):
    shell = mock.Mock()
    run_cell(colab.setup_cell("https://github.com/a-school/fork", ("otter-grader==7.0.0",)), shell)
    shell.run_line_magic.assert_called_once_with(
        "pip", "install --quiet otter-grader==7.0.0 myst-nb==1.4.0 git+https://github.com/a-school/fork")


@pytest.mark.parametrize("url", ["github.com/x/y", "http://github.com/x/y", "git@github.com:x/y.git", ""])
def test_only_https_repositories(url):
    with pytest.raises(ValueError, match="https"):
        colab.setup_cell(url)


def test_setup_cell_does_nothing_outside_colab(not_in_colab):
    shell = mock.Mock()
    run_cell(colab.setup_cell(), shell)
    shell.run_line_magic.assert_not_called()


def test_setup_cell_is_plain_python_without_shell_escapes():
    """The chapters' hygiene test forbids `!pip` / `%pip` lines; the cell calls the magic as a function."""
    code = colab.setup_cell()
    assert not re.search(r"^\s*[!%]", code, re.M)
    compile(code, "<setup cell>", "exec")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chapter_starts_with_the_setup_cell(path):
    cell = next(c for c in cells(path) if c["cell_type"] == "code")
    assert source(cell).strip() == colab.setup_cell().strip(), (
        f"{path.name}: the first code cell must be helpers.colab.setup_cell() exactly "
        "(it makes the chapter run in Colab); found:\n" + source(cell)[:300]
    )
    assert "remove-cell" in tags(cell), (
        f"{path.name}: tag the Colab setup cell `remove-cell` (website readers do not need it)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapters_import_only_what_colab_has_or_gets(path):
    code = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "code")
    imported = {m.split(".")[0] for m in re.findall(r"^\s*(?:from|import)\s+([\w.]+)", code, re.M)}
    installed = {"helpers", "myst_nb"}  # by the setup cell
    missing = imported - COLAB_PREINSTALLED - installed - set(sys.stdlib_module_names)
    assert not missing, (
        f"{path.name} imports {sorted(missing)}, which Colab does not have: "
        "add them to COLAB_REQUIREMENTS in helpers/colab.py (or to the book's dependencies)"
    )
