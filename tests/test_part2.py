"""What the expert reader of Part 2 found (issue 19), each kept fixed by a check that reads the page as stored.

- The errata chapter quotes the article character for character: every quotation on the page is the copy's text
  (the pieces around an ellipsis, in order), apart from a short list of words the page only mentions.
- Citations name the result they rely on: Nesterov's per-step decrease (06, §1.2.3) and his convergence theorem for
  convex functions (07, Theorem 2.1.14); the bibliography attaches no section to every citation alike.
- Chapter 06 compares the Spector and Mazzeo fit with two independent implementations, and types in no estimates
  from a table the book cannot show.
- The launch menu offers only what _config.yml configures, and no placeholder address.
- The intro leaves lessons to the teachers' page: one sentence points there, with no count of its own.
- Chapter 09's Fig. 24 states the threshold below which the textbook loss for y = 0 is exactly 0: -54 ln 2.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import yaml

from book import ROOT, cells, is_placeholder_url, source, toc_parts
from helpers.claims import article_copy_path

ARTICLE = article_copy_path()
BOOK = ROOT / "book"


def _markdown(name: str) -> str:
    return "\n".join(source(c) for c in cells(BOOK / name) if c["cell_type"] == "markdown")


def _code(name: str) -> str:
    return "\n".join(source(c) for c in cells(BOOK / name) if c["cell_type"] == "code")


def _flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------ the errata's quotations

# Words the errata page puts in quotation marks without quoting the article: its own labels, a word it
# contrasts with the article's, and single characters and the page counter it talks about.
MENTIONS = {"certain", "likely", "very likely", "leaning author", "leaning copy", "obtain", "descent",
            "grows without bound", "1/2", "m", "2", "(", ")", r"$J(\theta) =$"}


def quotations(markdown: str) -> list[str]:
    """The text between double quotation marks, outside code spans and fenced code."""
    text = re.sub(r"^```+\s*text\n.*?^```+\s*$", " ", markdown, flags=re.S | re.M)
    text = re.sub(r"`[^`\n]*`", " ", text)
    return [a or b for a, b in re.findall(r'"([^"\n]+)"|“([^”\n]+)”', text)]


@pytest.mark.skipif(ARTICLE is None, reason="the article copy is not on this machine (set ARTICLE_COPY)")
def test_every_quotation_of_the_errata_is_the_copys_text():
    body = _flat(ARTICLE.read_text().split("-->", 1)[1])
    quotes = quotations(_markdown("10_errata.ipynb"))
    assert len(quotes) > 20, "the scanner found too few quotations"
    wrong = []
    for quote in quotes:
        if quote in MENTIONS:
            continue
        at = 0
        for piece in re.split(r"\s*…\s*", _flat(quote)):
            found = body.find(piece, at)
            if not piece or found < 0:
                wrong.append(quote)
                break
            at = found + len(piece)
    assert not wrong, f"quoted on the errata page but not the copy's words: {wrong}"


def test_the_quotation_scanner_sees_a_misquote():
    markdown = 'It says "non-convex with local minimums" and `"code"`, and "x … y".'
    assert quotations(markdown) == ["non-convex with local minimums", "x … y"]


@pytest.mark.skipif(ARTICLE is None, reason="the article copy is not on this machine (set ARTICLE_COPY)")
def test_the_errata_learning_objective_quotes_exactly():
    first = source(cells(BOOK / "10_errata.ipynb")[0])
    objective = next(line for line in first.splitlines() if "qualified claims" in line)
    body = _flat(ARTICLE.read_text())
    for quote in quotations(objective):
        assert quote in body, quote
    assert "non-convex loss function with local minimums" in quotations(objective)


def test_the_errata_says_which_items_are_no_slips_and_which_only_our_copy_shows():
    markdown = _markdown("10_errata.ipynb")
    # the calls in the list (first part of the fourth column)
    rows = dict(re.findall(r"^\* - \*\*(E\d+)\*\*[^\n]*\n  - [^\n]*\n  - [^\n]*\n  - ([^\n;]*)", markdown, flags=re.M))
    assert rows["E3"] == rows["E11"] == "convention, not a slip" and rows["E7"] == "style, not a slip"
    assert rows["E6"] == rows["E10"] == "unsure, leaning author"
    fold = re.search(r"````\{admonition\} E12 to E17[^\n]*\n:class: dropdown\n(.*?)\n````", markdown, flags=re.S)
    assert fold and "live article" in fold.group(1)
    assert re.findall(r"^\* - \*\*(E\d+)\*\*", fold.group(1), flags=re.M) == [f"E{k}" for k in range(12, 18)]
    # the key points do not count a convention or a matter of style among the author's slips
    box = re.search(r"\{admonition\} Key points\n:class: important\n(.*?)```", markdown, flags=re.S).group(1)
    slips = next(line for line in box.splitlines() if line.startswith("- The author's slips"))
    assert not set(re.findall(r"\bE\d+\b", slips)) & {"E3", "E7", "E11"}
    # the article's "maximum" is a qualified claim, and the qualifications are numbered through
    assert re.findall(r"^\* - \*\*(Q\d)\*\*", markdown, flags=re.M) == [f"Q{k}" for k in range(1, 7)]
    assert "the error is maximum" in markdown


# ------------------------------------------------------------------------------------------------ citations


def _bib_entries() -> dict[str, str]:
    text = (BOOK / "references.bib").read_text()
    return {m.group(1): m.group(0) for m in re.finditer(r"@\w+\{(\w+),.*?\n\}", text, flags=re.S)}


def test_each_citation_of_nesterov_names_its_result():
    entry = _bib_entries()["nesterov2018lectures"]
    assert "note" not in entry, "a section in the bibliography's note would be attached to every citation alike"
    where = {"06_minimising.ipynb": ("min-", "§1.2.3"), "07_non_convex_landscapes.ipynb": ("nc-", "Theorem 2.1.14")}
    for name, (prefix, result) in where.items():
        citations = re.findall(r"\{cite\}`" + prefix + r"nesterov2018lectures`(.{0,20})", _markdown(name))
        assert citations and all(c.startswith(f", {result})") for c in citations), (name, citations)


def test_chapter_06_types_in_no_estimates_it_cannot_show():
    code, prose = _code("06_minimising.ipynb"), _markdown("06_minimising.ipynb")
    for estimate in ("13.02", "2.826", "0.0952", "2.379"):
        assert not re.search(rf"(?<![\w.\"']){re.escape(estimate)}\b(?![\"'])", code), estimate
    assert "as printed" not in code and "digits Greene prints" not in prose
    assert "note" not in _bib_entries()["greene2003econometric"]


# ------------------------------------------------------------------------------------------------ the launch menu

def test_the_placeholder_test_knows_a_placeholder():
    assert is_placeholder_url("https://hub.example.org") and is_placeholder_url("https://hub.your-school.edu/hub")
    assert not is_placeholder_url("https://mybinder.org") and not is_placeholder_url("https://colab.research.google.com")


def test_the_launch_menu_offers_no_placeholder_address():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    buttons = config.get("launch_buttons") or {}
    urls = {key: value for key, value in buttons.items() if key.endswith("_url") and value}
    assert urls, "_config.yml offers no launch button"
    placeholders = {key: value for key, value in urls.items() if is_placeholder_url(value)}
    assert not placeholders, f"_config.yml launch_buttons offers placeholder addresses: {placeholders}"
    # the README promises the buttons that are configured
    readme = (ROOT / "README.md").read_text()
    promise = next(line for line in readme.splitlines() if line.startswith("Every chapter page offers"))
    offered = {"Binder": "binderhub_url", "Colab": "colab_url", "JupyterHub": "jupyterhub_url"}
    for name, key in offered.items():
        assert (f"*{name}*" in promise.split(";")[0]) == (key in urls), (name, promise)


# ------------------------------------------------------------------------------------------------ lessons


def test_the_intro_leaves_the_lessons_to_the_teachers_page():
    """One sentence of the front page is about teaching, and it points to the teachers' page and counts nothing,
    so the two pages cannot disagree (issue 19: the intro proposed four lessons, the teachers' page five)."""
    intro = (BOOK / "intro.md").read_text()
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(intro.split())) if re.search(r"\b(teach|lesson|classroom)", s, re.I)]
    assert len(sentences) == 1, sentences
    assert "{doc}`teachers`" in sentences[0], sentences[0]
    numbers = r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    assert not re.search(numbers + r"[\w -]*\blessons?\b", sentences[0], re.I), sentences[0]
    assert "50-minute" in (BOOK / "teachers.md").read_text()


# ------------------------------------------------------------------------------------------------ chapter 09


def test_fig_24_names_the_threshold_where_the_textbook_loss_becomes_0():
    from helpers.stability import naive_log_loss

    figure = next(c for c in cells(BOOK / "09_numerical_stability.ipynb")
                  if c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name") == "fig-stab-relative-error")
    caption = figure["metadata"]["mystnb"]["figure"]["caption"]
    assert "-54 ln 2 ≈ -37.43" in caption and "below z = -37," not in caption

    def zero(z):
        with np.errstate(all="ignore"):
            return naive_log_loss([z], np.ones((1, 1)), [0]) == 0.0

    lo, hi = -40.0, -35.0
    while hi - lo > 1e-12:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if zero(mid) else (lo, mid)
    assert f"{lo:.2f}" == "-37.43" and abs(lo + 54 * np.log(2)) < 1e-9
