"""A path a second-year student can walk (issue 9), tested statically on every chapter.

- Every chapter opens with the article's own words (an epigraph quoted verbatim from the article
  copy) and has a "Key points" box (its reading time: tests/test_reading_time.py, after the build).
- Core chapters (the first part of _toc.yml) hold at most about 2,000 words of main-line prose
  (exercises, solutions and folded blocks aside).
- In Part 1, code a reader can see (main line, folded inputs and solutions) fits its box at 1280 px: lines of at
  most 78 characters (a student found code wider than its box).
- The "how to read this page" preamble lives once, in the intro; the notation retired by the intro's
  table appears in no chapter.
"""

from __future__ import annotations

import json
import re

import pytest

from book import ROOT, cells, source, tags, toc_parts
from helpers.claims import article_copy_path
from reading_time import main_line, words_of

ARTICLE = article_copy_path()  # not in the repository (not ours to publish): see helpers.claims
CORE_WORD_LIMIT = 2100  # "about 2,000 words"


CORE, DEPTH = ([ROOT / f"{f}.ipynb" for f in part] for part in toc_parts())
CHAPTERS = [p for p in CORE + DEPTH if p.exists()]


def main_line_words(path):
    return words_of(main_line(path)[0])


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


#: at most this many characters a line: 79 just fit the content column at 1280 px in Chromium
CODE_WIDTH = 78


@pytest.mark.parametrize("path", [p for p in CORE if p.exists()], ids=lambda p: p.name)
def test_visible_code_fits_its_box(path):
    long = [(k, line) for k, cell in enumerate(cells(path)) if cell["cell_type"] == "code"
            and not tags(cell) & {"remove-cell", "remove-input"}
            for line in source(cell).splitlines() if len(line) > CODE_WIDTH]
    assert not long, f"{path.name}: code lines wider than {CODE_WIDTH} characters (cell, line): {long}"


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


