"""The chapters follow the house pattern (shared/STYLE.md): checked here, statically, on every notebook."""

from __future__ import annotations

import re

import pytest

from book import ROOT, cells, notebooks, source, tags, toc_files
from helpers.colab import setup_cell

NOTEBOOKS = notebooks()


def test_every_toc_entry_exists_and_every_notebook_is_in_the_toc():
    listed = toc_files()
    for entry in listed:
        matches = [p for p in (ROOT / f"{entry}.ipynb", ROOT / f"{entry}.md") if p.exists()]
        assert matches, f"_toc.yml lists {entry}, which does not exist"
    for nb in NOTEBOOKS:
        assert str(nb.relative_to(ROOT).with_suffix("")) in listed, f"{nb.name} is not in _toc.yml"


def test_chapter_files_are_numbered_snake_case():
    for nb in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", nb.name), nb.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name}: a code cell has outputs; clear them before committing"
            assert cell.get("execution_count") is None, f"{path.name}: a code cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_hidden_check_cells(path):
    checks = [
        c for c in cells(path)
        if c["cell_type"] == "code" and "remove-cell" in tags(c) and re.search(r"\bassert\w*\b", source(c))
    ]
    assert checks, f"{path.name} has no hidden check cell (a code cell tagged remove-cell that asserts)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_starts_with_title_and_learning_objectives(path):
    first_cell = cells(path)[0]
    first = source(first_cell)
    assert first_cell["cell_type"] == "markdown" and first.startswith("# "), f"{path.name}: first cell must be the H1 title"
    assert "Learning objectives" in first, f"{path.name}: the first cell must state the learning objectives"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_installs_downloads_or_unseeded_randomness(path):
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        src = source(cell)
        if src == setup_cell():
            continue  # the one Colab setup cell (tested in test_colab.py) installs helpers only under Colab
        assert not re.search(r"^\s*[!%]\s*pip", src, re.M), f"{path.name}: no !pip / %pip in chapters"
        assert 'run_line_magic("pip"' not in src, f"{path.name}: installs belong only in the Colab setup cell"
        assert "urlopen" not in src and "requests.get" not in src, f"{path.name}: no downloads"
        assert not re.search(r"np\.random\.(?!default_rng\(\d)", src), (
            f"{path.name}: use rng = np.random.default_rng(<seed>) and pass rng explicitly"
        )
        assert not re.search(r"default_rng\(\s*\)", src), f"{path.name}: default_rng() needs a seed"
        assert "sys.path" not in src, f"{path.name}: import helpers as an installed package, no sys.path hacks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_have_caption_and_alt_text(path):
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        src = source(cell)
        if re.search(r"plt\.subplots|plt\.figure|\.plot_surface", src) and "remove-cell" not in tags(cell):
            meta = cell.get("metadata", {}).get("mystnb", {})
            caption = meta.get("figure", {}).get("caption", "")
            alt = meta.get("image", {}).get("alt", "")
            assert len(caption) > 20, f"{path.name}: a figure cell has no caption in its mystnb metadata:\n{src[:200]}"
            assert len(alt) > 20 and not alt.endswith(".png"), f"{path.name}: a figure cell has no meaningful alt text:\n{src[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_have_folded_solutions(path):
    text = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    exercises = re.findall(r"```\{exercise\}", text)
    solutions = re.findall(r"`{3,4}\{solution(?:-start)?\}[^\n]*\n:class: dropdown", text)
    assert len(solutions) >= len(exercises), f"{path.name}: every exercise needs a solution folded with :class: dropdown"
