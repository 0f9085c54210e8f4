"""How long a chapter takes to read: the model every printed reading time comes from (issue 20).

The model counts what a chapter's main line shows (exercises, solutions and folded blocks left out) and gives
minutes for a reader of mathematical text:

- prose at ``WORDS_PER_MINUTE`` words a minute (inline maths counts as words; the text of a ✓, shown only on
  hover, does not);
- ``MINUTES_PER_FORMULA`` for each displayed formula (a ``$$`` block, a ``{math}`` block, or a glued
  derivation, which counts as one however many lines it has);
- ``MINUTES_PER_FIGURE`` for each figure (an interactive figure is one figure, and so is a quick check,
  a cell ``quiz("...")``);
- and, for "with the code", ``MINUTES_PER_CODE_CELL`` for each visible code cell plus a minute for every
  ``CODE_LINES_PER_MINUTE`` lines of visible code.

Each time is rounded to the nearest 5 minutes (at least 5).  The rates were calibrated on a second-year student
who read Part 1 of an earlier version (issue 20): their measured times are ``MEASURED`` below, with the counts of
the chapters they read, and ``tests/test_page_standards.py`` checks that the model reproduces them.

Run ``python tests/reading_time.py`` to print every chapter's times, and ``python tests/reading_time.py --write``
to write them into the chapters' "*Reading time: ...*" lines and the front page's total for Part 1
(``--write 01_why_not_mse ...`` writes only the chapters named, and the front page).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from book import ROOT, cells, source, tags, toc_parts  # noqa: E402

WORDS_PER_MINUTE = 70
MINUTES_PER_FORMULA = 0.5
MINUTES_PER_FIGURE = 1.0
MINUTES_PER_CODE_CELL = 2.0
CODE_LINES_PER_MINUTE = 4

#: what the student of issue 20 measured (minutes reading only, with the code), and the counts of the chapters
#: they read (main-line words, displayed formulas, figures, visible code cells, visible code lines)
MEASURED = {
    "01_why_not_mse": ((40, 70), (2009, 4, 6, 9, 53)),
    "02_designing_log_loss": ((27, 45), (1424, 13, 3, 4, 23)),
    "03_sigmoid_derivative": ((12, 20), (734, 4, 1, 4, 20)),
    "04_gradient_steps": ((25, 40), (1191, 8, 1, 3, 34)),
    "05_same_update_rule": ((20, 35), (1333, 5, 1, 3, 34)),
}

LINE = re.compile(r"\*Reading time: about (\d+) minutes, or (\d+) with the code\.\*")
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
    text = re.sub(r"\{checked\}`[^`]*`", " ", text)  # what checks a claim: shown on hover, not read
    text = re.sub(r"^\s*(?:`{3,}|:{3,}).*$", " ", text, flags=re.M)
    return len([word for word in text.split() if re.search(r"\w", word)])  # '#', '-', '=' are not words


def formulas_of(text: str) -> int:
    """Displayed formulas: ``$$`` blocks, ``{math}`` blocks and glued displays (``{glue:math}``)."""
    return len(re.findall(r"\$\$.*?\$\$", text, flags=re.S)) + len(re.findall(r"^\s*`{3,}\{(?:glue:)?math\}", text, re.M))


@dataclass(frozen=True)
class Counts:
    words: int
    formulas: int
    figures: int
    code_cells: int
    code_lines: int

    @classmethod
    def of(cls, path: Path) -> Counts:
        text, code, figures = main_line(path)
        code_lines = sum(1 for c in code for line in source(c).splitlines() if line.strip())
        # the markdown fences of a glued display hold no words; count the formula, not the fence
        return cls(words_of(text), formulas_of(text), len(figures), len(code), code_lines)

    def reading(self) -> float:
        return self.words / WORDS_PER_MINUTE + MINUTES_PER_FORMULA * self.formulas + MINUTES_PER_FIGURE * self.figures

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
    """Part 1's total as the front page states it: the model's total, rounded to the nearest 5 minutes (not the sum
    of the chapters' rounded times, which can round the total down by up to 2.5 minutes a chapter)."""
    reading, with_code = part_one_exact()
    return to_five(reading), to_five(with_code)


def printed(path: Path) -> tuple[int, int] | None:
    match = LINE.search(source(cells(path)[0]))
    return (int(match.group(1)), int(match.group(2))) if match else None


def _write(only: list[str]) -> None:
    for path in chapters():
        if only and path.stem not in only:
            continue
        nb = json.loads(path.read_text(encoding="utf8"))
        first = nb["cells"][0]
        text = source(first)
        reading, with_code = minutes(path)
        line = f"*Reading time: about {reading} minutes, or {with_code} with the code.*"
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
    print(f"{'chapter':34} words formulas figures cells lines  reading  with code  printed")
    for path in chapters():
        c = Counts.of(path)
        print(f"{path.stem:34} {c.words:5} {c.formulas:8} {c.figures:7} {c.code_cells:5} {c.code_lines:5}"
              f"  {c.reading():7.1f}  {c.reading() + c.code():9.1f}  {printed(path)}")
    print("Part 1 (the model's total, then rounded to 5):", tuple(round(x, 1) for x in part_one_exact()), part_one_minutes())
    if "--write" in sys.argv[1:]:
        _write([a for a in sys.argv[1:] if a != "--write"])
