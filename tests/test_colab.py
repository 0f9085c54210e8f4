"""The chapters run in Google Colab: helpers.colab and each chapter's first code cell.

Colab is simulated by putting a ``google.colab`` module into ``sys.modules``; the installer (IPython's
``run_line_magic``) is a mock, so nothing is installed and nothing touches the network.
"""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path
from unittest import mock

import pytest
import yaml

from helpers import colab
from toc import toc_files

ROOT = Path(__file__).resolve().parents[1]
EXPECTED_ARGS = f"install --quiet myst-nb==1.4.0 git+{colab.REPOSITORY_URL}"
# what a Colab runtime already has (top-level import names); the chapters may import these and the stdlib
COLAB_PREINSTALLED = {
    "IPython", "ipywidgets", "matplotlib", "mpmath", "numpy", "pandas", "scipy", "sklearn", "statsmodels", "sympy",
}


NOTEBOOKS = [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


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


# ------------------------------------------------------------------------------------------- helpers.colab


def test_running_in_colab_looks_for_google_colab():
    assert colab.running_in_colab({"google.colab": object()})
    assert not colab.running_in_colab({"google": object(), "numpy": object()})


def test_running_in_colab_reads_sys_modules(in_colab):
    assert colab.running_in_colab()


def test_outside_colab_nothing_is_installed(not_in_colab):
    shell = mock.Mock()
    assert colab.install_if_colab(ipython=shell) is False
    shell.run_line_magic.assert_not_called()


def test_in_colab_pip_installs_the_book_once(in_colab):
    shell = mock.Mock()
    assert colab.install_if_colab(ipython=shell) is True
    shell.run_line_magic.assert_called_once_with("pip", EXPECTED_ARGS)


def test_in_colab_the_running_shell_is_used_by_default(in_colab):
    shell = mock.Mock()
    with mock.patch("IPython.get_ipython", return_value=shell):
        assert colab.install_if_colab()
    shell.run_line_magic.assert_called_once_with("pip", EXPECTED_ARGS)


def test_in_colab_without_a_kernel_the_error_says_why(in_colab):
    with mock.patch("IPython.get_ipython", return_value=None):
        with pytest.raises(RuntimeError, match="IPython kernel"):
            colab.install_if_colab()


def test_another_repository_can_be_installed():
    shell = mock.Mock()
    colab.install_if_colab("https://github.com/a-school/fork", modules={"google.colab": None}, ipython=shell)
    shell.run_line_magic.assert_called_once_with("pip", "install --quiet myst-nb==1.4.0 git+https://github.com/a-school/fork")


@pytest.mark.parametrize("url", ["github.com/x/y", "http://github.com/x/y", "git@github.com:x/y.git", ""])
def test_only_https_repositories(url):
    with pytest.raises(ValueError, match="https"):
        colab.pip_install_arguments(url)


def test_repository_is_the_one_in_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert colab.REPOSITORY_URL == config["repository"]["url"].rstrip("/"), (
        "helpers/colab.py REPOSITORY_URL must equal repository.url in _config.yml "
        "(then put the new setup_cell() into every chapter)"
    )


# ------------------------------------------------------------------------------------- the chapters' cell


def run_cell(source: str, shell) -> None:
    exec(compile(source, "<setup cell>", "exec"), {"get_ipython": lambda: shell})


def test_setup_cell_installs_like_install_if_colab_in_colab(in_colab):
    from_cell, from_function = mock.Mock(), mock.Mock()
    run_cell(colab.setup_cell(), from_cell)
    colab.install_if_colab(ipython=from_function)
    assert from_cell.run_line_magic.call_args_list == from_function.run_line_magic.call_args_list
    from_cell.run_line_magic.assert_called_once_with("pip", EXPECTED_ARGS)


def test_setup_cell_does_nothing_outside_colab(not_in_colab):
    shell = mock.Mock()
    run_cell(colab.setup_cell(), shell)
    shell.run_line_magic.assert_not_called()


def test_setup_cell_is_plain_python_without_shell_escapes():
    """The chapters' hygiene test forbids `!pip` / `%pip` lines; the cell calls the magic as a function."""
    source = colab.setup_cell()
    assert not re.search(r"^\s*[!%]", source, re.M)
    compile(source, "<setup cell>", "exec")


def first_code_cell(path: Path) -> dict:
    cells = json.loads(path.read_text())["cells"]
    return next(c for c in cells if c["cell_type"] == "code")


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chapter_starts_with_the_setup_cell(path):
    cell = first_code_cell(path)
    assert source(cell).strip() == colab.setup_cell().strip(), (
        f"{path.name}: the first code cell must be helpers.colab.setup_cell() exactly "
        "(it makes the chapter run in Colab); found:\n" + source(cell)[:300]
    )
    assert "remove-cell" in cell.get("metadata", {}).get("tags", []), (
        f"{path.name}: tag the Colab setup cell `remove-cell` (website readers do not need it)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapters_import_only_what_colab_has_or_gets(path):
    cells = json.loads(path.read_text())["cells"]
    code = "\n".join(source(c) for c in cells if c["cell_type"] == "code")
    imported = {m.split(".")[0] for m in re.findall(r"^\s*(?:from|import)\s+([\w.]+)", code, re.M)}
    installed = {"helpers", "myst_nb"}  # by the setup cell
    missing = imported - COLAB_PREINSTALLED - installed - set(sys.stdlib_module_names)
    assert not missing, (
        f"{path.name} imports {sorted(missing)}, which Colab does not have: "
        "add them to COLAB_REQUIREMENTS in helpers/colab.py (or to the book's dependencies)"
    )
