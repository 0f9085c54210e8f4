"""A path a second-year student can walk (issue 9), tested statically on every chapter.

- Every chapter opens with the article's own words (an epigraph quoted verbatim from the article
  copy), says its reading time, and has a "Key points" box; the reading time is computed here.
- Core chapters (the first part of _toc.yml) hold at most about 2,000 words of main-line prose
  (exercises, solutions and folded blocks aside); the whole core path reads in at most 2 hours.
- The "how to read this page" preamble lives once, in the intro; the notation retired by the intro's
  table appears in no chapter.
"""

from __future__ import annotations

import json
import re

import pytest

from book import ROOT, cells, source, tags, toc_parts
from helpers.claims import article_copy_path

ARTICLE = article_copy_path()  # not in the repository (not ours to publish): see helpers.claims
WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 8
CORE_WORD_LIMIT = 2100  # "about 2,000 words"
CORE_PATH_MINUTES = 120


CORE, DEPTH = ([ROOT / f"{f}.ipynb" for f in part] for part in toc_parts())
CHAPTERS = [p for p in CORE + DEPTH if p.exists()]


def _main_line(path):
    """(markdown text of the main line, visible code lines of the main line) of a chapter.

    Left out: exercises, solutions (solution-start ... solution-end, code cells included), and folded
    blocks (```{dropdown}``` and admonitions with ``:class: dropdown``).
    """
    prose, code_lines = [], 0
    in_solution = False
    for cell in cells(path):
        text = source(cell)
        if cell["cell_type"] == "code":
            if not in_solution and not tags(cell) & {"remove-cell", "hide-input", "hide-cell"}:
                code_lines += sum(1 for line in text.splitlines() if line.strip())
            continue
        if cell["cell_type"] != "markdown":
            continue
        kept = []
        lines = iter(text.splitlines())
        for line in lines:
            if re.match(r"^\s*`{3,}\{solution-start\}", line):
                in_solution = True
            if re.match(r"^\s*`{3,}\{solution-end\}", line):
                in_solution = False
                continue
            if in_solution:
                continue
            fence = re.match(r"^\s*(`{3,}|:{3,})\{(exercise|dropdown|admonition|solution)\}", line)
            if fence:
                block = [line]
                for inner in lines:
                    block.append(inner)
                    if inner.strip() == fence.group(1):
                        break
                body = "\n".join(block)
                folded = fence.group(2) in ("exercise", "dropdown", "solution") or re.search(
                    r"^\s*:class:.*\bdropdown\b", body, re.M
                )
                if not folded:
                    kept.extend(b for b in block[1:-1] if not re.match(r"^\s*:[\w-]+:", b))
                continue
            kept.append(line)
        prose.append("\n".join(kept))
    return "\n".join(prose), code_lines


def main_line_words(path):
    text, _ = _main_line(path)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"^\s*(?:`{3,}|:{3,}).*$", " ", text, flags=re.M)
    return len([word for word in text.split() if re.search(r"\w", word)])  # '#', '-', '=' are not words


def reading_minutes(path):
    """The reading time a chapter states: prose at 200 words and code at 8 lines a minute, to the nearest 5."""
    words = main_line_words(path)
    _, code_lines = _main_line(path)
    minutes = words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE
    return max(5, 5 * round(minutes / 5))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_states_its_reading_time(path):
    first = source(cells(path)[0])
    match = re.search(r"Reading time: about (\d+) minutes", first)
    assert match, f"{path.name}: the first cell must say '*Reading time: about N minutes.*'"
    assert int(match.group(1)) == reading_minutes(path), (
        f"{path.name}: says {match.group(1)} minutes; {main_line_words(path)} words and "
        f"{_main_line(path)[1]} visible code lines give {reading_minutes(path)}"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_has_a_key_points_box(path):
    text = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    match = re.search(r"`{3,}\{admonition\} Key points\s*\n\s*:class: important\s*\n(.*?)`{3,}", text, re.S)
    assert match, f"{path.name}: needs a 'Key points' admonition with :class: important"
    bullets = re.findall(r"^\s*[-*] ", match.group(1), re.M)
    assert 3 <= len(bullets) <= 6, f"{path.name}: the key points box has {len(bullets)} bullets; give 3 to 6"


@pytest.mark.parametrize("path", [p for p in CORE if p.exists()], ids=lambda p: p.name)
def test_core_chapter_is_short(path):
    words = main_line_words(path)
    assert words <= CORE_WORD_LIMIT, f"{path.name}: {words} words of main-line prose; the core path allows about 2,000"


def test_core_path_reads_in_two_hours():
    total = sum(reading_minutes(p) for p in CORE if p.exists())
    assert total <= CORE_PATH_MINUTES, f"the core path reads in {total} minutes; at most {CORE_PATH_MINUTES}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_reading_preamble_in_chapters(path):
    text = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    assert "How to read this page" not in text, f"{path.name}: the 'how to read' preamble lives in the intro only"


def _epigraphs(path):
    text = source(cells(path)[0])
    for block in re.findall(r"`{3,}\{epigraph\}\s*\n(.*?)\n\s*`{3,}", text, re.S):
        quote = re.split(r"^\s*--\s", block, flags=re.M)[0]
        yield block, quote.strip()


def _flat(text):
    text = text.replace("\\*", "*")
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    return " ".join(text.strip().strip('"“”').split())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_opens_with_the_articles_words(path):
    epigraphs = list(_epigraphs(path))
    assert epigraphs, f"{path.name}: the first cell must quote the article in an {{epigraph}}"
    for block, _ in epigraphs:
        assert "medium.com/analytics-vidhya/derivative-of-log-loss-function" in block, (
            f"{path.name}: the epigraph must link the original article"
        )


@pytest.mark.skipif(ARTICLE is None, reason="the article copy is not on this machine (set ARTICLE_COPY)")
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_epigraph_quotes_the_article_verbatim(path):
    article = _flat(ARTICLE.read_text())
    for _, quote in _epigraphs(path):
        for piece in re.split(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*", _flat(quote)):
            assert piece in article, f"{path.name}: the epigraph is not the article's words: {piece!r}"


# The intro's notation table is the only notation: these variants are retired (issue 9).
RETIRED = {
    r"\bh_i\b|h_\{i\}": "h^{(i)}",
    r"\bx_\{?ij\}?|x_\{i,\s*j\}|x_\{i\s+j\}": "x_j^{(i)}",
    r"signed margin": "the margin is (2y−1)z; s = (1−2y)z is its negative",
    r"\(w,\s*b\)": "(b, w) = (θ_0, θ_1)",
}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_uses_only_the_intros_notation(path):
    text = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    found = [(pattern, use) for pattern, use in RETIRED.items() if re.search(pattern, text)]
    assert not found, f"{path.name}: retired notation; use {[use for _, use in found]} ({found})"


def test_reading_time_counts_only_the_main_line(tmp_path):
    stored = [
        {"cell_type": "markdown", "metadata": {}, "source": "# T\n\none two three\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "```{exercise}\n:label: e\n\nfour five\n```\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "````{solution-start} e\n:class: dropdown\n````\nsix\n"},
        {"cell_type": "code", "metadata": {}, "source": "x = 1\ny = 2\n", "outputs": [], "execution_count": None},
        {"cell_type": "markdown", "metadata": {}, "source": "````{solution-end}\n````\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "```{admonition} Going deeper\n:class: dropdown\nseven\n```\n"},
        {"cell_type": "code", "metadata": {}, "source": "a = 1\n", "outputs": [], "execution_count": None},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "b = 1\n", "outputs": [],
         "execution_count": None},
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": stored, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert main_line_words(path) == 4  # "# T one two three"
    assert _main_line(path)[1] == 1
