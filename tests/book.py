"""The book as the tests read it: the pages of _toc.yml in order, the notebooks' cells, a chapter's data.

One reader shared by every test that walks the book (tests/ is on pytest's pythonpath: ``from book import ...``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import yaml

from helpers import add_intercept, sigmoid

ROOT = Path(__file__).resolve().parents[1]


def _toc() -> dict:
    return yaml.safe_load((ROOT / "_toc.yml").read_text())


def _files(entries) -> list[str]:
    """The files of a list of _toc.yml entries, depth first (sections and nested parts included)."""
    files = []
    for entry in entries or []:
        if "file" in entry:
            files.append(entry["file"])
        files += _files(entry.get("sections"))
        for part in entry.get("parts") or []:
            files += _files(part.get("chapters"))
    return files


def toc_parts() -> list[list[str]]:
    """The files of each part of _toc.yml, in order, without suffix: ``[["book/01_why_not_mse", ...], ...]``."""
    return [_files(part.get("chapters")) for part in _toc().get("parts") or []]


def toc_files() -> list[str]:
    """Every file of _toc.yml, root first, without suffix: ``book/intro``, ``book/01_why_not_mse``, ..."""
    toc = _toc()
    return [toc["root"], *_files(toc.get("chapters")), *(f for part in toc_parts() for f in part)]


def notebooks() -> list[Path]:
    """Every notebook in book/, sorted by name (whether _toc.yml lists it or not)."""
    return sorted((ROOT / "book").glob("*.ipynb"))


def cells(path: Path) -> list[dict]:
    """The cells of a notebook, as stored."""
    return json.loads(path.read_text(encoding="utf8"))["cells"]


def source(cell: dict) -> str:
    """A cell's text (nbformat stores it as one string or as a list of lines)."""
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def tags(cell: dict) -> set[str]:
    """A cell's tags (``remove-cell``, ``hide-input``, ...)."""
    return set(cell.get("metadata", {}).get("tags", []))


def minimising_chapter_data() -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` of book/06_minimising.ipynb, made as the chapter makes them: 60 ages (standardised, with the
    intercept column first) and outcomes drawn with probability sigmoid(-9 + 0.2 age), seed 7."""
    rng = np.random.default_rng(7)
    age = rng.normal(45, 12, size=60).round()
    y = (rng.uniform(size=60) < sigmoid(-9 + 0.2 * age)).astype(float)
    return add_intercept(((age - age.mean()) / age.std())[:, None]), y


PLACEHOLDER_HOSTS = re.compile(r"(^|\.)(example\.(org|com|net)|[\w-]+\.example|[\w-]+\.invalid|[\w-]+\.test|localhost)$"
                               r"|your[-_]?(school|hub|org)", re.I)


def is_placeholder_url(url: str) -> bool:
    """An address that stands for one a reader must fill in (RFC 2606 names, localhost, "your-school")."""
    host = urlparse(url).hostname or ""
    return bool(PLACEHOLDER_HOSTS.search(host))
