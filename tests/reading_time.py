"""How long a chapter takes to read: the model every printed reading time comes from (issue 20).

The model counts what a chapter's main line shows (exercises, solutions and folded blocks left out) and gives
minutes for a reader of mathematical text:

- prose at ``WORDS_PER_MINUTE`` words a minute (inline maths counts as words; the note of a ✓, shown only when
  opened, does not);
- ``MINUTES_PER_FORMULA`` for each displayed formula of one line (a ``$$`` block or a ``{math}`` block);
- ``MINUTES_PER_LINE`` for each line of a displayed derivation or any display of several lines: a reader works
  each line and its rule (a glued derivation's lines are counted in what the build glued, ``glue.json`` beside the
  executed notebook in ``_build/jupyter_execute``: build the book first);
- ``MINUTES_PER_FIGURE`` for each figure (an interactive figure is one figure, and so is a quick check,
  a cell ``quiz("...")``);
- and, for "with the code", ``MINUTES_PER_CODE_CELL`` for each visible code cell plus a minute for every
  ``CODE_LINES_PER_MINUTE`` lines of visible code.

Each time is rounded to the nearest 5 minutes (at least 5).  The rates are calibrated on the two second-year
students who timed every chapter of Part 1, working each derivation line by line (issue 20): their times are
``MEASURED`` below, with the counts of the pages they read, and ``tests/test_reading_time.py`` checks that the model
is within 10 % of each one's Part 1 and within 5 minutes of each chapter they timed.  The two differ by an eighth
from each other (three more students, who gave only their totals for Part 1, fell near them), so a reader's own
time may well differ by as much.

Run ``python tests/reading_time.py`` to print every chapter's times, and ``python tests/reading_time.py --write``
to write them into the chapters' "*Reading time: ...*" lines and the front page's total for Part 1
(``--write 01_why_not_mse ...`` writes only the chapters named, and the front page).  Both need a built book.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from book import ROOT, cells, source, tags, toc_parts  # noqa: E402

WORDS_PER_MINUTE = 65
MINUTES_PER_FORMULA = 1.0
MINUTES_PER_LINE = 0.8
MINUTES_PER_FIGURE = 2.0
MINUTES_PER_CODE_CELL = 1.0
CODE_LINES_PER_MINUTE = 6

#: the executed chapters and what they glued (myst-nb writes them while the book is built)
EXECUTED = ROOT / "_build" / "jupyter_execute" / "book"

#: what each student measured, reading each derivation line by line (minutes reading only, with the code), and the
#: counts of the pages they read (main-line words, one-line displayed formulas, lines of derivations, figures,
#: visible code cells, visible code lines): the student of 2026-12-07, and the student of 2026-12-08 (the pages of
#: commit 1e328d9, Part 1 at 60 words a minute and a minute a derivation line, by their own account)
MEASURED = {
    "2026-12-07": {
        "00_toolkit": ((21, 24), (663, 3, 5, 4, 2, 7)),
        "01_why_not_mse": ((25, 28), (651, 1, 6, 5, 1, 3)),
        "02_designing_log_loss": ((38, 40), (843, 5, 20, 3, 1, 3)),
        "03_sigmoid_derivative": ((16, 19), (336, 2, 8, 3, 2, 8)),
        "04_gradient_steps": ((37, 40), (705, 2, 22, 4, 2, 9)),
        "05_same_update_rule": ((18, 20), (507, 1, 6, 3, 2, 6)),
    },
    "2026-12-08": {
        "00_toolkit": ((21, 25), (592, 4, 0, 4, 2, 7)),
        "01_why_not_mse": ((20, 21), (544, 0, 0, 4, 1, 3)),
        "02_designing_log_loss": ((27, 28), (682, 4, 3, 3, 1, 3)),
        "03_sigmoid_derivative": ((17, 20), (303, 1, 5, 3, 1, 9)),
        "04_gradient_steps": ((32, 36), (609, 3, 14, 4, 2, 10)),
        "05_same_update_rule": ((20, 22), (482, 1, 3, 3, 1, 6)),
    },
}

#: "about N minutes, or M with the code", or "about N minutes, the code included" when the code adds under 2.5
LINE = re.compile(r"\*Reading time: about (\d+) minutes, (?:or (\d+) with the code|the code included)\.\*")
FRONT = re.compile(r"Part 1 reads in about (\d+) minutes without its code, and about (\d+) minutes with it")


def main_line(path: Path) -> tuple[str, list[dict], list[dict]]:
    """(markdown text, visible code cells, figure cells) of a chapter's main line.

    Left out: exercises, solutions (solution-start ... solution-end, code cells included), and folded
    blocks (```{dropdown}``` and admonitions with ``:class: dropdown``); cells tagged ``remove-cell``.
    """
    prose, code, figures = [], [], []
    in_solution = False
    for cell in cells(path):
        text = source(cell)
        if cell["cell_type"] == "code":
            if in_solution or "remove-cell" in tags(cell):
                continue
            if "figure" in cell.get("metadata", {}).get("mystnb", {}) or re.fullmatch(r"\s*quiz\(.*\)\s*", text):
                figures.append(cell)
            if not tags(cell) & {"hide-input", "hide-cell", "remove-input"}:
                code.append(cell)
            continue
        if cell["cell_type"] != "markdown":
            continue
        kept = []
        lines = iter(text.splitlines())
        for line in lines:
            if re.match(r"^\s*`{3,}\{solution-start\}", line):
                in_solution = True
            if re.match(r"^\s*`{3,}\{solution-end\}", line):
                in_solution = False
                continue
            if in_solution:
                continue
            fence = re.match(r"^\s*(`{3,}|:{3,})\{(exercise|dropdown|admonition|solution)\}", line)
            if fence:
                block = [line]
                for inner in lines:
                    block.append(inner)
                    if inner.strip() == fence.group(1):
                        break
                body = "\n".join(block)
                folded = fence.group(2) in ("exercise", "dropdown", "solution") or re.search(
                    r"^\s*:class:.*\bdropdown\b", body, re.M
                )
                if not folded:
                    kept.extend(b for b in block[1:-1] if not re.match(r"^\s*:[\w-]+:", b))
                continue
            kept.append(line)
        prose.append("\n".join(kept))
    return "\n".join(prose), code, figures


def words_of(text: str) -> int:
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\{checked\}`[^`]*`", " ", text)  # what checks a claim: shown when opened, not read
    text = re.sub(r"^\s*(?:`{3,}|:{3,}).*$", " ", text, flags=re.M)
    return len([word for word in text.split() if re.search(r"\w", word)])  # '#', '-', '=' are not words


def glued(path: Path) -> dict:
    """What the chapter glued, by name (``_build/jupyter_execute/book/NN.glue.json``, written by the build)."""
    stored = EXECUTED / f"{path.stem}.glue.json"
    if not stored.exists():
        raise FileNotFoundError(f"{stored} is missing: the reading times count the lines the build glues; run `make book`")
    return json.loads(stored.read_text(encoding="utf8"))


def rows_of(latex: str) -> int:
    """The lines of a displayed formula: its rows (``\\\\`` at the top level of the TeX)."""
    flat = latex
    while True:  # a matrix's or a case list's rows are not lines: leave out every environment
        inner = re.sub(r"\\begin\{(\w+\*?)\}(?:(?!\\begin\{).)*?\\end\{\1\}", " ", flat, flags=re.S)
        if inner == flat:
            break
        flat = inner
    return 1 + len(re.findall(r"\\\\(?![a-zA-Z])", flat))


def displays_of(text: str, glue: dict) -> list[int]:
    """The number of lines of each displayed formula in ``text``: ``$$`` blocks, ``{math}`` blocks and glued
    displays (``{glue:math}`` NAME, counted in what was glued)."""
    lines = [rows_of(m) for m in re.findall(r"\$\$(.*?)\$\$", text, flags=re.S)]
    for fence, body in re.findall(r"^\s*(`{3,})\{math\}[^\n]*\n(.*?)^\s*\1", text, flags=re.S | re.M):
        lines.append(rows_of(body))
    for name in re.findall(r"^\s*`{3,}\{glue:math\}\s*(\S+)", text, flags=re.M):
        if name not in glue:
            raise KeyError(f"{name}: displayed with {{glue:math}} but not glued by the chapter")
        data = glue[name].get("data", {})
        lines.append(rows_of(data.get("text/latex", data.get("text/plain", ""))))
    return lines


@dataclass(frozen=True)
class Counts:
    words: int
    formulas: int
    derivation_lines: int
    figures: int
    code_cells: int
    code_lines: int

    @classmethod
    def of(cls, path: Path, glue: dict | None = None) -> Counts:
        text, code, figures = main_line(path)
        code_lines = sum(1 for c in code for line in source(c).splitlines() if line.strip())
        displays = displays_of(text, glued(path) if glue is None else glue)
        return cls(words_of(text), sum(1 for n in displays if n == 1), sum(n for n in displays if n > 1),
                   len(figures), len(code), code_lines)

    def reading(self) -> float:
        return (self.words / WORDS_PER_MINUTE + MINUTES_PER_FORMULA * self.formulas
                + MINUTES_PER_LINE * self.derivation_lines + MINUTES_PER_FIGURE * self.figures)

    def code(self) -> float:
        return MINUTES_PER_CODE_CELL * self.code_cells + self.code_lines / CODE_LINES_PER_MINUTE


def to_five(minutes: float) -> int:
    return max(5, 5 * round(minutes / 5))


def minutes(path: Path) -> tuple[int, int]:
    """(reading only, with the code) in minutes, each rounded to the nearest 5, as the chapter prints them."""
    counts = Counts.of(path)
    return to_five(counts.reading()), to_five(counts.reading() + counts.code())


def chapters() -> list[Path]:
    return [ROOT / f"{f}.ipynb" for part in toc_parts() for f in part if (ROOT / f"{f}.ipynb").exists()]


def part_one() -> list[Path]:
    return [ROOT / f"{f}.ipynb" for f in toc_parts()[0] if (ROOT / f"{f}.ipynb").exists()]


def part_one_exact() -> tuple[float, float]:
    """Part 1's total as the model computes it (the chapters' times before rounding, summed)."""
    counts = [Counts.of(p) for p in part_one()]
    return sum(c.reading() for c in counts), sum(c.reading() + c.code() for c in counts)


def part_one_minutes() -> tuple[int, int]:
    """Part 1's total as the front page states it: the sum of the times its chapters print (what a reader adds up;
    each rounded to 5 minutes, so the sum may differ from the unrounded total by a few minutes either way)."""
    return tuple(sum(minutes(p)[k] for p in part_one()) for k in (0, 1))


def printed(path: Path) -> tuple[int, int] | None:
    match = LINE.search(source(cells(path)[0]))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2) or match.group(1))


def _write(only: list[str]) -> None:
    for path in chapters():
        if only and path.stem not in only:
            continue
        nb = json.loads(path.read_text(encoding="utf8"))
        first = nb["cells"][0]
        text = source(first)
        reading, with_code = minutes(path)
        line = (f"*Reading time: about {reading} minutes, the code included.*" if with_code == reading else
                f"*Reading time: about {reading} minutes, or {with_code} with the code.*")
        new = LINE.sub(line, text) if LINE.search(text) else re.sub(r"\*Reading time: about \d+ minutes\.\*", line, text)
        if new != text:
            first["source"] = new.splitlines(keepends=True)
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf8")
            print(f"wrote {path.name}: {line}")
    intro = ROOT / "book" / "intro.md"
    text = intro.read_text()
    reading, with_code = part_one_minutes()
    new = FRONT.sub(f"Part 1 reads in about {reading} minutes without its code, and about {with_code} minutes with it", text)
    if new != text:
        intro.write_text(new)
        print(f"wrote intro.md: Part 1 {reading} / {with_code} minutes")


if __name__ == "__main__":
    print(f"{'chapter':34} words formulas deriv. figures cells lines  reading  with code  printed")
    for path in chapters():
        c = Counts.of(path)
        print(f"{path.stem:34} {c.words:5} {c.formulas:8} {c.derivation_lines:6} {c.figures:7} {c.code_cells:5} {c.code_lines:5}"
              f"  {c.reading():7.1f}  {c.reading() + c.code():9.1f}  {printed(path)}")
    print("Part 1: the model's unrounded total", tuple(round(x, 1) for x in part_one_exact()),
          "and the sum of the chapters' printed times", part_one_minutes())
    if "--write" in sys.argv[1:]:
        _write([a for a in sys.argv[1:] if a != "--write"])
