"""Read the exercises out of the chapters, as they are today (the one source of truth).

A chapter's exercise is a sphinx-exercise block in a markdown cell,

    ```{exercise} Optional title
    :label: ex-some-label

    The prompt.
    ```

followed by its solution: ````{solution-start} ex-some-label / :class: dropdown / ```` , then markdown
(the explanation) and code cells (whose code asserts the answer), then ````{solution-end} / ````.
Blocks may share a markdown cell with what comes before or after them. Every code cell that is not
inside a solution is the chapter's own code; the code before an exercise is what its solution needs.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

EXERCISE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{exercise\}\s*(?P<title>.*)$")
SOLUTION_START = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-start\}\s*(?P<label>\S+)\s*$")
SOLUTION_END = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution-end\}\s*$")


@dataclass
class Exercise:
    label: str
    title: str
    prompt: str                                   # markdown, with the chapter's roles made readable
    solution_markdown: list[str] = field(default_factory=list)
    solution_code: list[str] = field(default_factory=list)
    setup_cells: int = 0                          # how many of the chapter's own code cells come before it


@dataclass
class Chapter:
    path: Path
    title: str
    code: list[dict]                              # the chapter's own code cells (not solutions), in order
    exercises: list[Exercise]
    problems: list[str]                           # what could not be read, in words

    @property
    def stem(self) -> str:
        return self.path.stem


def _readable(markdown: str) -> str:
    """The chapter's MyST roles, which plain Jupyter does not render, as plain text."""
    out = re.sub(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`", lambda m: f"*{Path(m.group(1)).name}* (the chapter)", markdown)
    out = re.sub(r"\{ref\}`([^`<]*?)\s*<([^`>]+)>`", r"\1", out)
    out = re.sub(r"\{ref\}`([^`]+)`", lambda m: f"exercise *{m.group(1)}* of the chapter", out)
    out = re.sub(r"\{eq\}`([^`]+)`", lambda m: f"equation *{m.group(1)}* of the chapter", out)
    out = re.sub(r"\{numref\}`([^`]+)`", lambda m: f"*{m.group(1)}*", out)
    out = re.sub(r"\{glue:text\}`([^`:]+)(?::[^`]*)?`", lambda m: f"(the value `{m.group(1)}` of the chapter)", out)
    out = re.sub(r"\{checked\}`[^`]*`", "", out)
    out = re.sub(r"\{(?:cite|cite:p|cite:t)\}`([^`]+)`", r"[\1]", out)
    return out.strip()


def read_chapter(path: Path) -> Chapter:
    nb = json.loads(Path(path).read_text())
    cells = nb["cells"]
    title = next((line[2:].strip() for c in cells if c["cell_type"] == "markdown"
                  for line in "".join(c["source"]).splitlines() if line.startswith("# ")), path.stem)
    code: list[dict] = []
    exercises: list[Exercise] = []
    problems: list[str] = []
    in_solution: Exercise | None = None
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            if in_solution is not None:
                in_solution.solution_code.append(source)
            else:
                code.append(cell)
            continue
        if cell["cell_type"] != "markdown":
            continue
        lines = source.splitlines()
        k, text = 0, []
        while k < len(lines):
            line = lines[k]
            m_ex, m_start, m_end = EXERCISE.match(line), SOLUTION_START.match(line), SOLUTION_END.match(line)
            if m_ex and in_solution is None:
                fence, body, k = m_ex["fence"], [], k + 1
                while k < len(lines) and lines[k].rstrip() != fence:
                    body.append(lines[k])
                    k += 1
                k += 1
                label = next((b.split(":", 2)[2].strip() for b in body if b.startswith(":label:")), None)
                prompt = "\n".join(b for b in body if not re.match(r"^:[\w-]+:", b))
                if label is None:
                    problems.append(f"an exercise without :label: ({m_ex['title'] or prompt[:40]!r}) is skipped")
                    continue
                exercises.append(Exercise(label, m_ex["title"].strip(), _readable(prompt), setup_cells=len(code)))
                continue
            if m_start:
                label = m_start["label"]
                k += 1
                while k < len(lines) and lines[k].rstrip() != m_start["fence"]:
                    k += 1                                   # :class: dropdown and other options
                k += 1
                in_solution = next((e for e in exercises if e.label == label), None)
                if in_solution is None:
                    problems.append(f"a solution for {label}, which has no exercise before it, is skipped")
                    in_solution = Exercise(label, "", "")      # swallow it
                text = []
                continue
            if m_end:
                if in_solution is not None and text and in_solution.prompt:
                    in_solution.solution_markdown.append("\n".join(text).strip())
                in_solution, text = None, []
                k += 1
                while k < len(lines) and lines[k].rstrip() != m_end["fence"]:
                    k += 1
                k += 1
                continue
            if in_solution is not None:
                text.append(line)
            k += 1
        if in_solution is not None and "\n".join(text).strip():
            in_solution.solution_markdown.append("\n".join(text).strip())
    if in_solution is not None:
        problems.append(f"the solution of {in_solution.label} never ends (no solution-end)")
    return Chapter(Path(path), title, code, exercises, problems)


# ------------------------------------------------------------------------------------------ grading

TEST_CALLS = ("shown",)


def _is_check(stmt: ast.stmt) -> bool:
    """An assert, np.testing.assert_*(...) or shown(...): a statement that checks, not computes."""
    if isinstance(stmt, ast.Assert):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        f = stmt.value.func
        name = ast.unparse(f)
        return name in TEST_CALLS or ".testing.assert" in name or name.startswith("assert_")
    return False


def _assigned(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            for t in ast.walk(node):
                if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store):
                    names.add(t.id)
    return names


def derived_test(exercise: Exercise, setup_code: list[str]) -> tuple[str, list[str]] | None:
    """The checks of an exercise's own solution code, as a test; and the names the student must define.

    The test is every top-level check of the solution (asserts, np.testing.assert_*, shown) in order;
    the names are those the solution assigns, the checks read and the chapter's code before it does not
    define. None when the solution has no such check.
    """
    checks, assigned = [], set()
    for source in exercise.solution_code:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return None
        assigned |= _assigned(tree)
        checks += [ast.unparse(s) for s in tree.body if _is_check(s)]
    if not checks:
        return None
    setup = set()
    for source in setup_code:
        try:
            setup |= _assigned(ast.parse(source))
        except SyntaxError:
            pass
    read = set()
    for c in checks:
        read |= {n.id for n in ast.walk(ast.parse(c)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    imports = set()
    for source in exercise.solution_code:
        for node in ast.parse(source).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imports.update((a.asname or a.name).split(".")[0] for a in node.names)
    names = sorted((read & assigned) - setup - imports)
    if not names:
        return None        # the checks read nothing the student writes: they would pass untouched
    return "\n".join(checks), names


def book_numbers(paths: list[Path]) -> dict[str, int]:
    """{label: the number the book prints for the exercise ("Exercise 10")}: sphinx-exercise numbers every
    exercise of the book in the order of _toc.yml, so the handout, the practice notebook and the lesson plans can
    all say "Exercise 10" (tests/test_classroom.py compares these numbers with the built pages)."""
    numbers, n = {}, 0
    for path in paths:
        for ex in read_chapter(path).exercises:
            n += 1
            numbers[ex.label] = n
    return numbers
