"""The repository's address is configured once (_config.yml) and `make move-repository` writes it everywhere.

Two halves: every place that names the repository agrees with _config.yml today, and the script, run on a copy
of this checkout, leaves no trace of the old address and keeps every one of those places in agreement.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from book import cells, source
from tools import move_repository as mr

ROOT = Path(__file__).resolve().parents[1]
NEW = "https://github.com/someone-else/log-loss-book"


def places_agree(root: Path) -> list[str]:
    """Each place that names the book's address, checked against _config.yml; the disagreements."""
    url = mr.configured_url(root)
    repo, pages = mr.addresses(url)
    problems = []
    config = yaml.safe_load((root / "_config.yml").read_text())
    footer = config["html"]["extra_footer"]
    if f"{repo}/blob/main/CHANGELOG.md" not in footer or f"{repo}/blob/main/LICENSE-CODE" not in footer:
        problems.append("_config.yml footer")
    citation = yaml.safe_load((root / "CITATION.cff").read_text())
    for where in (citation, citation["preferred-citation"]):
        if where["repository-code"] != repo or where["url"] != f"https://{pages}/":
            problems.append("CITATION.cff")
    colab_source = (root / "helpers" / "colab.py").read_text()
    if f'REPOSITORY_URL = "{repo}"' not in colab_source:
        problems.append("helpers/colab.py")
    intro = (root / "book" / "intro.md").read_text()
    if f"{repo}/blob/main/LICENSE-CODE" not in intro or f"https://{pages}/" not in intro:
        problems.append("book/intro.md")
    for chapter in sorted((root / "book").glob("*.ipynb")):
        first_code = next(source(c) for c in cells(chapter) if c["cell_type"] == "code")
        if f"git+{repo}\"" not in first_code:
            problems.append(chapter.name)
    return problems


def test_every_place_names_the_configured_repository():
    assert places_agree(ROOT) == []


@pytest.fixture
def checkout(tmp_path):
    """A copy of this checkout's tracked files, committed in a new git repository."""
    copy = tmp_path / "book"
    for path in mr.tracked_files(ROOT):
        if path.is_file():
            target = copy / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(["git", "add", "-A"], cwd=copy, check=True)
    return copy


def test_moving_rewrites_every_place_and_leaves_no_old_address(checkout):
    old_forms = mr.addresses(mr.configured_url(checkout))
    changed = mr.move(NEW, checkout)
    assert "_config.yml" in changed and "helpers/colab.py" in changed and "CITATION.cff" in changed
    assert mr.configured_url(checkout) == NEW
    assert places_agree(checkout) == []
    for path in mr.tracked_files(checkout):
        text = path.read_text(encoding="utf-8", errors="replace")
        for old in old_forms:
            assert old not in text, f"{path.relative_to(checkout)} still names {old}"


def test_a_dry_run_changes_nothing(checkout):
    before = {p: p.read_bytes() for p in mr.tracked_files(checkout)}
    assert mr.move(NEW, checkout, dry_run=True)
    assert all(p.read_bytes() == b for p, b in before.items())


def test_an_address_is_replaced_only_where_it_ends(tmp_path):
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://github.com/a/book\n")
    (tmp_path / "notes.md").write_text("https://github.com/a/book/blob/main/X (https://github.com/a/books) a.github.io/book/\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    mr.move("https://github.com/b/text", tmp_path)
    assert (tmp_path / "notes.md").read_text() == (
        "https://github.com/b/text/blob/main/X (https://github.com/a/books) b.github.io/text/\n")


@pytest.mark.parametrize("url", ["github.com/a/b", "https://gitlab.com/a/b", "https://github.com/a", "http://github.com/a/b"])
def test_a_bad_address_is_refused_by_name(url):
    with pytest.raises(ValueError, match="URL must look like https://github.com/OWNER/NAME"):
        mr.parse(url)


def test_the_current_address_is_refused():
    with pytest.raises(ValueError, match="already the book's address"):
        mr.move(mr.configured_url(ROOT), ROOT, dry_run=True)


def test_a_place_left_behind_is_named(checkout):
    colab_before = (checkout / "helpers" / "colab.py").read_text()
    mr.move(NEW, checkout)
    (checkout / "helpers" / "colab.py").write_text(colab_before)      # as if edited by hand and forgotten here
    assert places_agree(checkout) == ["helpers/colab.py"]
