"""CONTRIBUTING.md's map of which helpers module serves which chapter is the chapters' real imports
(`python tools/new_chapter.py --sync` rewrites it from them), and its worked examples run."""

from __future__ import annotations

import re
import sys

from book import ROOT, notebooks

sys.path.insert(0, str(ROOT))
from tools.new_chapter import helpers_modules, modules_imported  # noqa: E402  (one copy: make chapter uses it too)

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
ROW = re.compile(r"^\| `(?P<module>\w+)` \| [^|]+ \| (?P<chapters>[^|]+) \|$", re.M)


def documented_map() -> dict[str, set[str]]:
    text = CONTRIBUTING.read_text()
    table = text[text.index("<!-- module-map"):]
    return {m["module"]: set(re.findall(r"\b\d\d\b", m["chapters"])) for m in ROW.finditer(table)}


def _row_hint(module: str, chapters: set[str]) -> str:
    listed = ", ".join(sorted(chapters)) or "(none: infrastructure)"
    return f"  | `{module}` | <what it holds> | {listed} |"


def test_the_map_names_every_public_module_once():
    documented, modules = sorted(documented_map()), helpers_modules()
    missing = [m for m in modules if m not in documented]
    extra = [m for m in documented if m not in modules]
    twice = sorted({m for m in documented if documented.count(m) > 1})
    hints = [f"CONTRIBUTING.md, table 'Which code serves which chapter': add a row for helpers/{m}:\n"
             + _row_hint(m, {c.name[:2] for c in notebooks() if m in modules_imported(c)}) for m in missing]
    hints += [f"CONTRIBUTING.md: remove the row of `{m}` (helpers has no such public module)" for m in extra]
    hints += [f"CONTRIBUTING.md: `{m}` has more than one row; keep one" for m in twice]
    assert not hints, "\n".join(hints)


def test_the_map_says_which_chapters_import_each_module():
    actual = {module: set() for module in helpers_modules()}
    for chapter in notebooks():
        for module in modules_imported(chapter):
            actual[module].add(chapter.name[:2])
    documented = documented_map()
    wrong = [f"the row of `{m}` lists {', '.join(sorted(documented.get(m, ()))) or 'no chapter'}; "
             f"the chapters that import it are {', '.join(sorted(c)) or 'none'}. Its last column should read (or run `python tools/new_chapter.py --sync`):\n"
             + _row_hint(m, c) for m, c in sorted(actual.items()) if documented.get(m, set()) != c]
    assert not wrong, "CONTRIBUTING.md, table 'Which code serves which chapter':\n" + "\n".join(wrong)


def test_the_sum_example_runs():
    """CONTRIBUTING.md's "Check a derivation over a sum" block is run as written (its asserts are the check)."""
    text = CONTRIBUTING.read_text()
    section = text[text.index("### Check a derivation over a sum"):]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    import sympy as sp

    exec(compile(block, "CONTRIBUTING.md", "exec"), {"sp": sp})
