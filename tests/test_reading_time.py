"""Reading times (issue 20): every chapter prints the model's time, the front page Part 1's total and the model's
rates, the model reproduces the students' measured reading, and (a target not yet met, marked xfail) Part 1 reads in
at most two hours with its code.

The model counts the lines of each glued derivation in what the build glued, so these tests run after the build
(make test runs them once `make book` has passed); alone: `make book && pytest tests/test_reading_time.py`.
"""

from __future__ import annotations

import json

import pytest

from book import ROOT, toc_parts
from reading_time import (
    CODE_LINES_PER_MINUTE, EXECUTED, FRONT, MEASURED, MINUTES_PER_CODE_CELL, MINUTES_PER_FIGURE, MINUTES_PER_FORMULA,
    MINUTES_PER_LINE, WORDS_PER_MINUTE, Counts, displays_of, minutes, part_one, part_one_exact, part_one_minutes,
    printed, rows_of,
)

CORE_PATH_MINUTES = 120  # Part 1, its code included (issue 20)
INTRO = ROOT / "book" / "intro.md"
CHAPTERS = [p for part in toc_parts() for p in (ROOT / f"{f}.ipynb" for f in part) if p.exists()]

if not EXECUTED.exists():
    pytest.fail(f"{EXECUTED} is missing: the reading times count what the build glued; run `make book` first",
                pytrace=False)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_states_its_reading_time(path):
    stated = printed(path)
    assert stated, (f"{path.name}: the first cell must say '*Reading time: about N minutes, or M with the code.*' "
                    "(or '*Reading time: about N minutes, the code included.*')")
    assert stated == minutes(path), (
        f"{path.name}: says {stated[0]} and {stated[1]} minutes; the model gives {minutes(path)} from {Counts.of(path)} "
        "(`python tests/reading_time.py --write` writes them)"
    )


def test_the_model_reproduces_the_measured_reading():
    """Calibration (issue 20): for each student who timed every chapter, each chapter within 5 minutes of what they
    measured, and Part 1 within 10 % of their total (the two differ by an eighth: the model sits between them)."""
    for student, measured in MEASURED.items():
        totals = [0.0, 0.0, 0, 0]              # model reading, model with code, measured reading, measured with code
        for name, ((reading, with_code), counts) in measured.items():
            c = Counts(*counts)
            assert abs(c.reading() - reading) <= 5, (student, name, c.reading(), reading)
            assert abs(c.reading() + c.code() - with_code) <= 5, (student, name, c.reading() + c.code(), with_code)
            totals = [totals[0] + c.reading(), totals[1] + c.reading() + c.code(), totals[2] + reading,
                      totals[3] + with_code]
        assert abs(totals[0] - totals[2]) <= 0.10 * totals[2], (student, totals)
        assert abs(totals[1] - totals[3]) <= 0.10 * totals[3], (student, totals)


def test_the_front_page_states_the_model_and_part_one():
    text = " ".join(INTRO.read_text().split())
    match = FRONT.search(text)
    assert match, f"intro.md must say '{FRONT.pattern}'"
    assert (int(match.group(1)), int(match.group(2))) == part_one_minutes(), (
        f"intro.md says Part 1 takes {match.group(1)} / {match.group(2)} minutes; the chapters' printed times sum to "
        f"{part_one_minutes()} (`python tests/reading_time.py --write` writes them)"
    )
    # what a reader adds up: the chapters' printed times (each rounded), never the unrounded total rounded
    assert part_one_minutes() == tuple(sum(printed(p)[k] for p in part_one()) for k in (0, 1))
    rates = (f"{WORDS_PER_MINUTE} words a minute", f"{MINUTES_PER_FORMULA:g} minute for each displayed formula",
             f"{MINUTES_PER_LINE:g} minute for each line of a derivation",
             f"{MINUTES_PER_FIGURE:g} minutes for each figure", f"{MINUTES_PER_CODE_CELL:g} minute for each code cell",
             f"{CODE_LINES_PER_MINUTE} lines of code a minute")
    for rate in rates:
        assert rate in text, f"intro.md must state the reading model's rate '{rate}'"


@pytest.mark.xfail(strict=True, reason="issue 20's target, not met: with the rates of the two students who timed "
                   "every chapter, Part 1 takes longer than two hours with its code (strict: once it passes, this "
                   "marker must go)")
def test_core_path_reads_in_two_hours_with_its_code():
    total = part_one_exact()[1]      # before rounding: the target is not met by rounding each chapter down
    assert total <= CORE_PATH_MINUTES, f"Part 1 with its code reads in {total:.1f} minutes; at most {CORE_PATH_MINUTES}"


def test_reading_time_counts_only_the_main_line_and_each_line_of_a_derivation(tmp_path):
    stored = [
        {"cell_type": "markdown", "metadata": {}, "source": "# T\n\none two three\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "```{exercise}\n:label: e\n\nfour five\n```\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "````{solution-start} e\n:class: dropdown\n````\nsix\n"},
        {"cell_type": "code", "metadata": {}, "source": "x = 1\ny = 2\n", "outputs": [], "execution_count": None},
        {"cell_type": "markdown", "metadata": {}, "source": "````{solution-end}\n````\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "```{admonition} Going deeper\n:class: dropdown\nseven\n"
                                                              "$$\na\n$$\n```\n"},
        {"cell_type": "code", "metadata": {}, "source": "a = 1\n", "outputs": [], "execution_count": None},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "b = 1\n", "outputs": [],
         "execution_count": None},
        {"cell_type": "markdown", "metadata": {}, "source": "$$\nJ = \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}\n$$\n\n"
                                                              "```{glue:math} steps\n:label: eq-x\n```\n"},
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": stored, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    glue = {"steps": {"data": {"text/latex": r"$$a &= b \qquad \text{rule} \\ &= c \\ &= d$$"}}}
    # words: "# T one two three", the display's 5 tokens and the label's 2 (as calibrated); a matrix is one line,
    # the glued derivation three
    assert Counts.of(path, glue) == Counts(words=11, formulas=1, derivation_lines=3, figures=0, code_cells=1,
                                           code_lines=1)
    assert rows_of(r"\begin{cases} a \\ b \end{cases} \\ c") == 2
    with pytest.raises(KeyError, match="missing_name"):
        displays_of("```{glue:math} missing_name\n```\n", {})
