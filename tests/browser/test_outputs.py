"""No chapter shows a warning or an error stream: a warning on a page is a defect, not decoration.

Chapters that demonstrate a warning catch it and print what they caught (09, 06); anything written to stderr
while the book was built (an uncaught UserWarning, a RuntimeWarning) shows up as an ``output stderr`` block.
"""

from __future__ import annotations

import re

import pytest

from conftest import PAGES, SITE


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_no_stderr_output(page):
    path = SITE / page
    if not path.exists():
        pytest.skip("the site is not built: run `make book` first (make test does)")
    html = path.read_text(encoding="utf8")
    blocks = re.findall(r'<div class="output stderr[^"]*">(.*?)</div>', html, flags=re.S)
    texts = [re.sub(r"<[^>]+>", "", b).strip()[:200] for b in blocks]
    assert not texts, f"{page}: output written to stderr while the page was built: {texts}"
