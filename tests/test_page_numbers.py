"""What the reader sees is what is checked (issue 8), tested statically on every chapter.

- Every number in a chapter's visible text (markdown cells, figure captions, alt texts) is
  either glued from the computation (``{glue:text}``, ``{glue:math}``) or asserted at the
  precision shown by a ``shown("...", value)`` call in one of the chapter's code cells
  (``helpers.claims.shown``).  Numbers scanned: every decimal, percentage and power of ten
  (in prose and in math), and every whole number of two or more digits in prose, except
  years, and numbers that name a step, exercise, chapter, figure, section, table or page.
- No derivation is typed by hand as a multi-line display: a display whose rows continue
  ``&= ...`` is glued from a ``helpers.derivation.Derivation``, which checks each line.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

import pytest

from book import cells, notebooks, source
from helpers.claims import parse_shown

NOTEBOOKS = notebooks()

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
# order matters: the longest forms first, each match is removed before the next pattern runs
_SCI = [
    rf"\d+(?:\.\d+)?\s*(?:\\times|×|\\cdot|·)\s*10\s*(?:\^\s*\{{?\s*[-−]?\s*\d+\s*\}}?|[{_SUP}]+)",
    r"\d+(?:\.\d+)?[eE][-+−]?\d+",
    rf"10\s*(?:\^\s*\{{\s*[-−]?\s*\d+\s*\}}|\^\s*[-−]?\d|[{_SUP}]+)",
]
_PERCENT = r"\d+(?:\.\d+)?\s*(?:\\?%|\s?per\s?cent)"
_DECIMAL = r"(?<![\w.])\d+\.\d+(?![\w.])"
_INTEGER = r"(?<![\w.,^_{])(?:\d{1,3}(?:,\d{3})+|\d{2,})(?![\w.]|,\d)"
_NAMING = re.compile(
    r"(?:Step|Steps|Exercise|Exercises|Chapter|Chapters|chapter|chapters|Fig\.|Figure|figure|Section|section|"
    r"Table|table|page|pages|p\.|pp\.|Part|Eq\.|equation|Notebook|JupyterLab|Python|version|Reading time: about|about \d+ minutes, or)\s*[–-]?\s*$"
)


def _visible_texts(path):
    """(where, text) for every markdown cell, caption and alt text of a notebook."""
    for k, cell in enumerate(cells(path)):
        if cell["cell_type"] == "markdown":
            yield f"cell {k}", source(cell)
        mystnb = cell.get("metadata", {}).get("mystnb", {})
        for key in ("figure", "image"):
            for field in ("caption", "alt"):
                value = (mystnb.get(key) or {}).get(field)
                if value:
                    yield f"cell {k} {key}.{field}", value


def _strip_markup(text):
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\{(?:glue|glue:text|glue:math|glue:any|glue:figure)\}`[^`]*`", " ", text)
    text = re.sub(r"\{(?:doc|ref|eq|numref|cite|cite:p|cite:t|download|prf:ref|term)\}`[^`]*`", " ", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"^\s*(?:```+|~~~+|````+).*$", " ", text, flags=re.M)
    text = re.sub(r"^\s*:[\w-]+:.*$", " ", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", " ", text)
    return text


def _split_math(text):
    """(prose, math) of a text: math is every $$...$$ and $...$ span."""
    math = []

    def keep(match):
        math.append(match.group(0))
        return " "

    prose = re.sub(r"\$\$.*?\$\$", keep, text, flags=re.S)
    prose = re.sub(r"(?<!\\)\$[^$\n]+?(?<!\\)\$", keep, prose)
    return prose, " ".join(math)


def _canonical(token):
    try:
        value = parse_shown(token)[0]
    except ValueError:
        return None
    try:
        return f"{abs(value).normalize():E}"
    except InvalidOperation:  # pragma: no cover - parse_shown returns finite decimals
        return None


def numbers_on_page(path):
    """Every (where, token) a chapter shows that must be glued or asserted."""
    found = []
    for where, raw in _visible_texts(path):
        prose, math = _split_math(_strip_markup(raw))
        for part, is_math in ((prose, False), (math, True)):
            rest = part
            for pattern in [*_SCI, _PERCENT, _DECIMAL] + ([] if is_math else [_INTEGER]):
                for match in re.finditer(pattern, rest):
                    token = match.group(0)
                    before = rest[max(0, match.start() - 24):match.start()]
                    if pattern == _INTEGER:
                        plain = int(token.replace(",", ""))
                        if 1900 <= plain <= 2099 or _NAMING.search(before):
                            continue
                    found.append((where, token))
                rest = re.sub(pattern, " ", rest)
    return found


def asserted_numbers(path):
    """The canonical numbers of every ``shown("...")`` call in a chapter's code cells."""
    calls = set()
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        for match in re.finditer(r"""\bshown\(\s*r?(["'])(.+?)\1""", source(cell)):
            canonical = _canonical(match.group(2))
            if canonical is not None:
                calls.add(canonical)
    return calls


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_number_on_the_page_is_glued_or_asserted(path):
    asserted = asserted_numbers(path)
    missing = [(where, token) for where, token in numbers_on_page(path) if _canonical(token) not in asserted]
    assert not missing, (
        f"{path.name}: numbers shown to the reader that are neither glued nor asserted with "
        f"shown('...', value) in a code cell: {missing}"
    )


def _displays(text):
    yield from re.findall(r"\$\$(.*?)\$\$", text, flags=re.S)
    yield from re.findall(r"```\{math\}[^\n]*\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_hand_typed_multiline_derivation(path):
    offenders = []
    for where, text in _visible_texts(path):
        for display in _displays(text):
            rows = [row.strip() for row in re.split(r"\\\\", display)]
            continued = [row for row in rows[1:] if re.match(r"^&?\s*(?:=|\\approx|\\le|\\ge|<|>)", row)]
            if continued:
                offenders.append((where, display.strip()[:80]))
    assert not offenders, (
        f"{path.name}: multi-line derivations typed by hand; build a helpers.derivation.Derivation, "
        f"check it, and glue its display: {offenders}"
    )


# --- the scanner itself ------------------------------------------------------------------


def test_scanner_finds_what_a_reader_would_read_as_a_number(tmp_path):
    cell = {
        "cell_type": "markdown",
        "metadata": {},
        "source": "About 51 % of starts, gradients of 1.4e-18 and $10^{-16}$, a maximum of 76.6, "
        "17 vs 228 steps, 65,519, $\\varepsilon = 10^{-6}$, $1.6 \\times 10^{-16}$; "
        "Step 12, Exercise 13, in 1995, {glue:text}`x:.2f` and `0.25`.",
    }
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    tokens = [token for _, token in numbers_on_page(path)]
    canon = sorted(_canonical(t) for t in tokens)
    assert canon == sorted(["5.1E+1", "1.4E-18", "1E-16", "7.66E+1", "1.7E+1", "2.28E+2", "6.5519E+4", "1E-6", "1.6E-16"]), tokens


def test_asserted_numbers_match_the_page_forms(tmp_path):
    code = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": 'shown("1.4 × 10⁻¹⁸", g)\nshown("51 %", s)\nshown("10^{-16}", e, "<")'}
    nb = {"cells": [code], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb))
    assert asserted_numbers(path) == {"1.4E-18", "5.1E+1", "1E-16"}
    assert _canonical("1.4e-18") in asserted_numbers(path)
    assert Decimal("51") == Decimal(_canonical("51 %"))
