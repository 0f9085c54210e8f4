"""The chapters follow the house pattern (CONTRIBUTING.md, "How we write"): checked here, statically, on every notebook."""

from __future__ import annotations

import ast
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


def visible_code(path):
    """(index, syntax tree) of each code cell a reader can see (every code cell not tagged remove-cell)."""
    for k, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code" and "remove-cell" not in tags(cell):
            yield k, ast.parse(source(cell))


def imports_in(tree):
    return [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_import_is_in_the_imports_cell(path):
    # the first visible code cell is the imports cell; the Colab setup cell before it is hidden
    visible = list(visible_code(path))
    late = [k for k, tree in visible[1:] if imports_in(tree)]
    assert not late, f"{path.name}: cells {late} import; move the imports to the chapter's imports cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_visible_code_uses_no_trailing_underscore_names_or_private_helpers(path):
    for k, tree in visible_code(path):
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.arg if isinstance(node, ast.arg) else None
            assert not (name and name.endswith("_") and name != "_" and not name.startswith("__")), (
                f"{path.name}, cell {k}: the name {name!r} (a reader cannot tell it from {name[:-1]!r}): give it a real name")
        for node in imports_in(tree):
            private = [a.name for a in node.names if a.name.startswith("_")]
            module = getattr(node, "module", None) or ""
            assert not private and "._" not in module, f"{path.name}, cell {k}: imports a private name {private or module}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_changes_the_kernels_precision_or_error_handling_for_later_cells(path):
    # mpmath.mp.dps = 150 in one cell silently slows and changes every later mpmath call: use mpmath.workdps(...)
    for k, cell in enumerate(cells(path)):
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(source(cell))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
            for target in targets:
                assert not re.fullmatch(r"(mpmath\.)?mp\.(dps|prec)", ast.unparse(target)), (
                    f"{path.name}, cell {k}: sets {ast.unparse(target)} for the rest of the kernel; use `with mpmath.workdps(n):`")
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("np.seterr", "numpy.seterr"):
                raise AssertionError(f"{path.name}, cell {k}: np.seterr changes every later cell; use `with np.errstate(...)`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_explorer_has_the_chapters_caption_and_its_own_alt_text(path):
    # an interactive figure's alt text describes its current state, so the explorer writes it (its TEXT["alt"]);
    # a second one in the cell metadata would never be shown and would drift
    for cell in cells(path):
        if cell["cell_type"] == "code" and "remove-cell" not in tags(cell) and re.search(r"\w+Explorer\(", source(cell)):
            meta = cell.get("metadata", {}).get("mystnb", {})
            assert len(meta.get("figure", {}).get("caption", "")) > 20, f"{path.name}: an explorer without a caption"
            assert "alt" not in meta.get("image", {}), f"{path.name}: an explorer's alt text belongs to the explorer"
