"""make chapter NAME=NN_topic TITLE="...": a new chapter of Part 2, scaffolded and registered everywhere it must be.

    python tools/new_chapter.py 11_l2_penalty "An L2 penalty"
    python tools/new_chapter.py --sync                       # only the generated registrations (the module map)

writes
  book/NN_topic.ipynb   a working chapter to edit: title, reading time, learning objectives, the Colab setup cell,
                        the imports cell, a derivation displayed and checked line by line, a figure with caption and
                        alt text, a Key points box, and two exercises with folded solutions whose checks the
                        classroom kit turns into tests
and registers it in
  _toc.yml              at the end of Part 2, before the teachers' page
  book/intro.md         at the end of the numbered list of chapters ("The path through the book")
  book/teachers.md      among the handout links
  CHANGELOG.md          under [Unreleased], "Added"
  CONTRIBUTING.md       the module map's chapter column, regenerated from every chapter's imports

Part 1 follows the article's sections in the article's order, so a chapter joins it only by hand (renumbering the
chapters after it). Every one of these is also checked by a test (tests/test_registrations.py, tests/test_contributing.py) whose
message says what to write where, so a chapter added by hand is caught too. Then: `make test`.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
ARTICLE_URL = ("https://medium.com/analytics-vidhya/"
               "derivative-of-log-loss-function-for-logistic-regression-9b832f025c2d")
NAME = re.compile(r"^(?P<number>\d\d)_[a-z0-9]+(_[a-z0-9]+)*$")


# ------------------------------------------------------------------------------------------ the module map

def helpers_modules() -> list[str]:
    """The public submodules of helpers (files and packages not starting with an underscore)."""
    return sorted(p.stem if p.is_file() else p.name for p in (ROOT / "helpers").iterdir()
                  if not p.name.startswith(("_", ".")) and (p.suffix == ".py" or (p / "__init__.py").exists()))


def owner_of(name: str) -> str:
    """The submodule whose ``__all__`` lists a name that ``helpers`` re-exports."""
    return next(m for m in helpers_modules() if name in getattr(importlib.import_module(f"helpers.{m}"), "__all__", ()))


def cell_source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def modules_imported(chapter: Path) -> set[str]:
    """The helpers submodules a chapter imports from, directly or through ``from helpers import name``."""
    found = set()
    for cell in json.loads(chapter.read_text(encoding="utf8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        code = "\n".join(line for line in cell_source(cell).splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "helpers":
                if node.module == "helpers":
                    found |= {owner_of(alias.name) for alias in node.names}
                else:
                    found.add(node.module.split(".")[1])
    return found


def module_map() -> dict[str, set[str]]:
    """module -> the two-digit numbers of the chapters that import it."""
    actual = {module: set() for module in helpers_modules()}
    for chapter in sorted(BOOK.glob("*.ipynb")):
        for module in modules_imported(chapter):
            actual[module].add(chapter.name[:2])
    return actual


def sync_module_map() -> list[str]:
    """Rewrite the last column of CONTRIBUTING.md's module map from the chapters' imports; what changed."""
    path = ROOT / "CONTRIBUTING.md"
    text = path.read_text()
    start = text.index("<!-- module-map")
    head, table = text[:start], text[start:]
    actual, changed = module_map(), []

    def row(m: re.Match) -> str:
        module = m["module"]
        if module not in actual or m["chapters"].strip().startswith("(none: infrastructure"):
            return m[0]
        listed = ", ".join(sorted(actual[module])) or "(none: infrastructure)"
        if listed != m["chapters"].strip():
            changed.append(f"CONTRIBUTING.md: `{module}` is imported by {listed}")
        return f"| `{module}` | {m['what']} | {listed} |"

    table = re.sub(r"^\| `(?P<module>\w+)` \| (?P<what>[^|]+?) \| (?P<chapters>[^|]+) \|$", row, table, flags=re.M)
    missing = [m for m in actual if f"| `{m}` |" not in table]
    for m in missing:
        changed.append(f"CONTRIBUTING.md: a row for `{m}` is missing; describe what it holds")
    path.write_text(head + table)
    return changed


# ------------------------------------------------------------------------------------------ the notebook

def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")}


def _code(text: str, tags=(), **metadata) -> dict:
    meta = dict(metadata)
    if tags:
        meta["tags"] = list(tags)
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": text.strip("\n")}


def chapter_notebook(stem: str, title: str) -> dict:
    """A small chapter that passes every page test, to be rewritten: each cell shows one house convention."""
    from helpers.colab import setup_cell

    key = stem[3:].replace("_", "-")
    figure = {"mystnb": {"figure": {"caption": f"TODO caption: what {title} shows, in one sentence.",
                                    "name": f"fig-{key}"},
                         "image": {"alt": "TODO alt text: the sigmoid rising from zero to one, and its slope, "
                                          "a bump whose peak is where the sigmoid crosses one half."}}}
    cells = [
        _md(f"""
# {title}

<!-- TODO: the epigraph quotes the article's own words for this chapter's step, character for character
(tests/test_page_standards.py compares it with the article copy); this one is a placeholder. -->

```{{epigraph}}
Linear regression uses **Least Squared Error** as a loss function

-- Saket Thavanani, [The Derivative of Cost Function for Logistic Regression]({ARTICLE_URL})
```

*Reading time: about 5 minutes.*

```{{admonition}} Learning objectives
:class: tip
After this chapter you can

- TODO: what a student can do after this chapter, in their words;
- TODO: derive ... by hand, and say which rule justifies each line.
```
"""),
        _code(setup_cell(), tags=["remove-cell"]),
        _code("""
import numpy as np
import sympy as sp
import matplotlib.pyplot as plt
from myst_nb import glue

from helpers import COLORS, sigmoid
"""),
        _code("""
# machinery for the displayed derivations and the number checks (hidden on the website)
from helpers.claims import shown
from helpers.derivation import Derivation, mul, sigma
""", tags=["remove-cell"]),
        _md(f"""
## A first derivation

TODO: the main line. Each derivation is written one move per line with its rule beside it, then checked as displayed:

```{{glue:math}} {key}-derivation
:label: eq-{key}-derivation
```
"""),
        _code("""
z = sp.symbols("z", real=True)
derivation = Derivation(r"\\frac{d}{dz}\\,\\sigma(z)", [
    (sp.Derivative(sigma(z), z), "definition"),
    (mul(sigma(z), 1 - sigma(z)), "σ′ = σ(1 − σ)"),
])
glue("KEY-derivation", derivation.display(), display=False)
""".replace("KEY", key)),
        _code("""
derivation.check(target=sp.diff(1 / (1 + sp.exp(-z)), z))
""", tags=["remove-cell"]),
        _md("""
The slope of the sigmoid is largest at $z = 0$, where it is {glue:text}`KEY-slope:.2f`.
""".replace("KEY", key)),
        _code("""
slope_at_0 = sigmoid(0.0) * (1 - sigmoid(0.0))
assert slope_at_0 == float(sp.diff(1 / (1 + sp.exp(-z)), z).subs(z, 0))   # a number in the text is computed
glue("KEY-slope", slope_at_0, display=False)
""".replace("KEY", key), tags=["remove-cell"]),
        _code("""
zs = np.linspace(-6, 6, 241)
fig, ax = plt.subplots()
ax.plot(zs, sigmoid(zs), color=COLORS["log_loss"], label="σ(z)")
ax.plot(zs, sigmoid(zs) * (1 - sigmoid(zs)), color=COLORS["neutral"], label="σ′(z)")
ax.set(xlabel="z", ylabel="value")
ax.legend()
plt.show()
""", tags=["hide-input"], **figure),
        _md("""
```{admonition} Key points
:class: important
- TODO: the first thing to remember.
- TODO: the second.
- TODO: the third (three to six points).
```

## Exercises
"""),
        _md(f"""
```{{exercise}} TODO first exercise
:label: ex-{key}-first

TODO: the prompt. Name every value the answer must define (here `slope`, a float: σ′(2)).
```

````{{solution-start}} ex-{key}-first
:class: dropdown
````

TODO: the worked answer.
"""),
        _code("""
slope = sigmoid(2.0) * (1 - sigmoid(2.0))
assert abs(slope - float(sp.diff(1 / (1 + sp.exp(-z)), z).subs(z, 2))) < 1e-12
slope
"""),
        _md(f"""
````{{solution-end}}
````

```{{exercise}} TODO second exercise
:label: ex-{key}-second

TODO: the prompt. Name every value the answer must define (here `peak`, a float: the largest slope of σ).
```

````{{solution-start}} ex-{key}-second
:class: dropdown
````

TODO: the worked answer.
"""),
        _code("""
peak = max(sigmoid(t) * (1 - sigmoid(t)) for t in np.linspace(-6, 6, 1201))
assert abs(peak - 0.25) < 1e-12
peak
"""),
        _md("""
````{solution-end}
````
"""),
    ]
    for i, cell in enumerate(cells):
        cell["id"] = f"{key}-{i:02d}"
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


# ------------------------------------------------------------------------------------------ registrations

def register_toc(stem: str) -> str:
    """The chapter at the end of _toc.yml's last part (Part 2), before the teachers' page."""
    path = ROOT / "_toc.yml"
    lines = path.read_text().splitlines(keepends=True)
    entries = [i for i, line in enumerate(lines) if "- file: book/" in line]
    teachers = [i for i in entries if lines[i].strip() == "- file: book/teachers"]
    at = teachers[0] if teachers else entries[-1] + 1
    indent = re.match(r"\s*", lines[entries[-1]]).group(0)
    lines.insert(at, f"{indent}- file: book/{stem}\n")
    path.write_text("".join(lines))
    return f"_toc.yml: book/{stem} at the end of Part 2"


def register_intro(stem: str, title: str) -> str:
    path = BOOK / "intro.md"
    text = path.read_text()
    items = list(re.finditer(r"^(\d+)\. \{doc\}`(\d\d)_\w+`.*$", text, re.M))
    if not items:
        raise SystemExit("book/intro.md has no numbered chapter list ('1. {doc}`01_...`: ...')")
    last = items[-1]
    number = int(last.group(1)) + 1
    line = f"\n{number}. {{doc}}`{stem}`: TODO one sentence on {title}. *Needs:* TODO."
    text = text[:last.end()] + line + text[last.end():]
    path.write_text(text)
    return f"book/intro.md: item {number} of the chapter list (write its sentence and its prerequisites)"


def register_teachers(stem: str) -> str:
    path = BOOK / "teachers.md"
    text = path.read_text()
    links = list(re.finditer(r'^<a href="\.\./classroom/handouts/(\d\d)_\w+\.pdf">(\d\d)</a>([,.])$', text, re.M))
    if not links:
        return "book/teachers.md: no handout links found; add one for the new chapter by hand"
    last = links[-1]
    replaced = last.group(0)[:-1] + ",\n" + f'<a href="../classroom/handouts/{stem}.pdf">{stem[:2]}</a>{last.group(3)}'
    path.write_text(text[:last.start()] + replaced + text[last.end():])
    return "book/teachers.md: the handout link (add a lesson plan when you have one)"


def register_changelog(stem: str, title: str) -> str:
    path = ROOT / "CHANGELOG.md"
    text = path.read_text()
    start = text.index("## [Unreleased]")
    end = text.find("\n## [", start + 1)
    section = text[start:end if end > 0 else len(text)]
    entry = f"- Chapter {stem[:2]}, \"{title}\" (`book/{stem}.ipynb`)."
    if "### Added" in section:
        at = start + section.index("### Added") + len("### Added\n\n")
        text = text[:at] + entry + "\n" + text[at:]
    else:
        at = start + section.index("\n### ") + 1 if "\n### " in section else start + len(section)
        text = text[:at] + f"### Added\n\n{entry}\n\n" + text[at:]
    path.write_text(text)
    return "CHANGELOG.md: [Unreleased], Added"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="NN_topic: two digits, then snake_case")
    parser.add_argument("title", nargs="?", help="the chapter's title, as its H1")
    parser.add_argument("--sync", action="store_true", help="only regenerate the module map")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.sync:
        print("\n".join(sync_module_map()) or "the module map is up to date")
        return 0
    if not args.name or not args.title or not NAME.match(args.name):
        parser.error("give NN_topic (two digits, then snake_case) and a title: "
                     "make chapter NAME=11_l2_penalty TITLE=\"An L2 penalty\"")
    path = BOOK / f"{args.name}.ipynb"
    taken = [p.name for p in BOOK.glob(f"{args.name[:2]}_*.ipynb")]
    if taken:
        raise SystemExit(f"chapter number {args.name[:2]} is taken by {taken[0]}")
    path.write_text(json.dumps(chapter_notebook(args.name, args.title), indent=1, ensure_ascii=False) + "\n")
    done = [f"book/{path.name}: a working chapter to rewrite (every TODO)",
            register_toc(args.name), register_intro(args.name, args.title),
            register_teachers(args.name), register_changelog(args.name, args.title)]
    done += sync_module_map()
    print("\n".join(done))
    print("next: edit the chapter, then `make test` (its messages say what is still missing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
