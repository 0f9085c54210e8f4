"""Every chapter of _toc.yml is registered where readers and teachers look for it; each failure says what to write
where. `make chapter NAME=NN_topic TITLE="..."` (tools/new_chapter.py) writes all of these for a new chapter."""

from __future__ import annotations

import re

import pytest

from book import ROOT, toc_files

CHAPTERS = [f.split("/")[-1] for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


@pytest.mark.parametrize("stem", CHAPTERS)
def test_the_front_page_lists_the_chapter(stem):
    intro = (ROOT / "book" / "intro.md").read_text()
    assert re.search(rf"^\d+\. \{{doc\}}`{stem}`", intro, re.M), (
        f"book/intro.md, 'The path through the book': add the chapter to its part's numbered list, e.g.\n"
        f"  N. {{doc}}`{stem}`: what it does, in one sentence. *Needs:* what it assumes.")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_the_teachers_page_links_the_handout(stem):
    teachers = (ROOT / "book" / "teachers.md").read_text()
    assert f"../classroom/handouts/{stem}.pdf" in teachers, (
        f"book/teachers.md: link the chapter's handout with the others, e.g.\n"
        f'  <a href="../classroom/handouts/{stem}.pdf">{stem[:2]}</a>,')
