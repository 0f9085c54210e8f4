"""Build the reader notebooks: the chapters as a student opens them in JupyterLab or Notebook 7.

The chapters in ``book/`` are written for Jupyter Book (MyST with myst-nb's glue, sphinx-exercise, the
book's own ``{checked}`` role). JupyterLab and Notebook 7 render MyST through the ``jupyterlab-myst``
extension (requirements.txt), which knows admonitions, epigraphs, exercises, folded solutions, labelled
equations and cross-references inside a notebook, but not what only Sphinx can know: the values glued by
the code, other documents, the bibliography. This script fills those in from an executed copy of each
chapter, so the reader copy says what the website says:

- ``{glue:text}`name:.2f``` becomes the formatted value, ``{glue:math}`` the glued LaTeX (a labelled
  ``{math}`` block, so ``{eq}`` references keep working);
- ``{doc}`` becomes a link to the other reader notebook, ``{cite}`` an author-year citation, and
  ``{bibliography}`` the list of the works cited in the chapter (from ``book/references.bib``);
- ``{checked}`` becomes a numbered ✓ whose note ("✓ 3: Checked by code: ...") follows the paragraph, so it is
  read without a mouse (no hover-only title);
- a derivation (``helpers.derivation``) shows each rule in small type under its line;
- ``solution-start`` ... ``solution-end`` becomes one folded ``{solution}`` dropdown, its code cells written
  into it as code blocks: *Run All* never runs a solution, prints its results or replaces the student's names
  with its own; a student who wants to run it copies it into a code cell. An empty cell after each exercise
  is the student's own. Hidden cells that a solution's code needs are kept (collapsed), so a copied solution
  runs after the chapter; no other cell may read a name that only a solution defines (the build fails);
- a figure's caption (cell metadata ``mystnb.figure``) becomes a markdown cell under the figure;
- ``hide-input`` cells are collapsed as on the website; ``remove-cell`` cells (the hidden checks) are left
  out unless a visible cell needs a name they define, in which case they stay, collapsed;
- outputs are cleared: the student runs the notebook (*Run → Run All Cells*).

Usage (``make reader`` runs it): ``python lab/build_reader_notebooks.py [--out DIR] [CHAPTER ...]``.
Each chapter's execution is the website's own, shared through ``tools/execution_cache.py`` (one execution
per change of the chapter or of ``helpers/``).
"""

from __future__ import annotations

import argparse
import ast
import copy
import html
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

from helpers.derivation import derivation_rows, unicode_as_latex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for tools/
from tools.execution_cache import executed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
DEFAULT_OUT = ROOT / "_build" / "reader"
GLUE_PREFIX = "application/papermill.record/"

# a role: {name}`content`
ROLE = r"\{%s\}`([^`]*)`"
# a fenced directive: ```{name} argument\n:option: value\nbody\n``` (backticks or colons, 3 or more)
DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)


# --------------------------------------------------------------------------------------------------
# the chapters and what they define


def chapter_paths() -> list[Path]:
    """The chapters in the order of _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = []
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            path = ROOT / f"{chapter['file']}.ipynb"
            if path.exists():
                files.append(path)
    return files


def source(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def title_of(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^# (.+)$", source(cell), re.M)
            if m:
                return m.group(1).strip()
    return ""


def reader_name(doc: str) -> str:
    """The reader file that a {doc} target (``01_why_not_mse``, ``intro``) points to."""
    name = Path(doc).name
    return "00_intro.ipynb" if name == "intro" else f"{name}.ipynb"


# --------------------------------------------------------------------------------------------------
# execution and glue


def execute(path: Path) -> nbformat.NotebookNode:
    """The chapter executed in book/ (its matplotlibrc and relative paths): the website's own execution when
    it is cached and still valid (tools/execution_cache.py), otherwise run now and cached for the website."""
    return executed(path)


def glue_values(nb) -> dict[str, dict]:
    """name -> mime bundle of every value the executed notebook glued (myst_nb.glue)."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            prefix = len(meta.get("mime_prefix", ""))
            values[meta["name"]] = {k[prefix:]: v for k, v in output.get("data", {}).items()}
    return values


def format_plain_text(text: str, fmt_spec: str) -> str:
    """myst_nb's formatting of {glue:text}`name:spec` (myst_nb.core.variables.format_plain_text)."""
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if not fmt_spec:
        return str(value)
    kind = fmt_spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt_spec)


def strip_latex_delimiters(latex: str) -> str:
    latex = latex.strip()
    for start, end in (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$")):
        if latex.startswith(start) and latex.endswith(end):
            return latex[len(start):-len(end)].strip()
    return latex


def escape_markdown(text: str) -> str:
    """Glued text is pasted as plain text on the website: keep markdown from reading it."""
    return re.sub(r"([\\`*_{}\[\]<>$|~#])", r"\\\1", text)


def stacked_derivation(rows) -> str:
    """A derivation (``helpers.derivation.derivation_rows``) for a notebook: each rule in small type under its line.

    A notebook's math has no way to ask how wide the cell is, so the rule never sits beside its line, where a
    narrow window would push it out of sight: it is set under the line, after the ``=`` column. The lines are
    the ones ``Derivation.check`` checked, unchanged."""
    out = []
    for row in rows:
        out.append(f"{row.lhs} &= {row.line}".lstrip())
        out.append(r"&\phantom{=}\quad {\small " + row.rule + "}")
    return "\\begin{aligned}\n" + " \\\\\n".join(out) + "\n\\end{aligned}"


# --------------------------------------------------------------------------------------------------
# bibliography


def load_bibliography() -> dict[str, dict]:
    from pybtex.database import parse_file

    entries = {}
    for key, entry in parse_file(str(BOOK / "references.bib")).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [" ".join(p.last_names) for p in people]
        full = [" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names) for p in people]
        f = {k: v.replace("{", "").replace("}", "") for k, v in entry.fields.items()}
        if len(last) == 1:
            short = last[0]
        elif len(last) == 2:
            short = f"{last[0]} and {last[1]}"
        else:
            short = f"{last[0]} et al." if last else f.get("title", key)
        where = f.get("journal") or f.get("booktitle") or f.get("publisher") or ""
        details = ", ".join(x for x in (f.get("volume") and f"vol. {f['volume']}", f.get("pages") and f"pp. {f['pages']}") if x)
        authors = ", ".join(full[:-1]) + (" and " if len(full) > 1 else "") + full[-1] if full else ""
        text = f"{authors} ({f.get('year', 'n.d.')}). *{f.get('title', key)}*."
        if where:
            text += f" {where}" + (f", {details}" if details else "") + "."
        if f.get("doi"):
            text += f" <https://doi.org/{f['doi']}>"
        elif f.get("url"):
            text += f" <{f['url']}>"
        entries[key] = {"short": short, "year": f.get("year", "n.d."), "text": text}
    return entries


# --------------------------------------------------------------------------------------------------
# markdown


def labels_of(text: str) -> dict[str, str]:
    """label -> the words a link to it shows: ``(label)=`` targets (the heading that follows, else the label) and
    the ``:label:`` of directives (exercises, figures, equations: their label)."""
    found = {}
    for m in re.finditer(r"^\((?P<label>[\w-]+)\)=\s*\n+(?:#+\s*(?P<heading>[^\n]+))?", text, re.M):
        found[m["label"]] = (m["heading"] or m["label"]).strip()
    for m in re.finditer(r"^:label:\s*(?P<label>[\w-]+)", text, re.M):
        found.setdefault(m["label"], m["label"])
    return found


def label_index() -> dict[str, tuple[str, str]]:
    """label -> (reader notebook that defines it, the words of a link to it), over the front page and every chapter."""
    index = {}
    for path in [BOOK / "intro.md", *chapter_paths()]:
        if path.suffix == ".md":
            text = path.read_text()
        else:
            text = "\n".join(source(c) for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        for label, words in labels_of(text).items():
            index[label] = (reader_name(path.stem), words)
    return index


class Chapter:
    """What the markdown of one chapter needs to know: its glue, the book's titles, its citations."""

    def __init__(self, name, glue, titles, bibliography, keyprefix=""):
        self.name = name
        self.glue = glue
        self.titles = titles
        self.bibliography = bibliography
        self.keyprefix = keyprefix
        self.cited: list[str] = []
        self.problems: list[str] = []
        self.checks = 0  # the ✓ marks so far, numbered through the chapter
        self.pending_notes: list[str] = []
        self.own_labels: set[str] = set()  # labels this chapter defines: its {ref}s stay for jupyterlab-myst
        self.labels: dict[str, tuple[str, str]] = {}  # every label of the book (label_index), set when needed

    def glue_text(self, content):
        key, _, spec = content.partition(":")
        if key not in self.glue or "text/plain" not in self.glue[key]:
            self.problems.append(f"no glued text/plain for {key!r}")
            return f"**[missing value: {key}]**"
        return escape_markdown(format_plain_text(self.glue[key]["text/plain"], spec))

    def glue_latex(self, key):
        key = key.strip()
        if key not in self.glue or "text/latex" not in self.glue[key]:
            self.problems.append(f"no glued text/latex for {key!r}")
            return r"\text{[missing value: %s]}" % key
        latex = strip_latex_delimiters(str(self.glue[key]["text/latex"]))
        rows = derivation_rows(latex)
        if rows:
            return unicode_as_latex(stacked_derivation(rows))
        latex = unicode_as_latex(latex)
        top = latex
        while re.search(r"\\begin\{(\w+\*?)\}", top):  # what is outside every environment
            top = re.sub(r"\\begin\{(\w+\*?)\}((?!\\begin\{).)*?\\end\{\1\}", "", top, flags=re.S, count=1) \
                if re.search(r"\\begin\{(\w+\*?)\}((?!\\begin\{).)*?\\end\{\1\}", top, flags=re.S) else ""
        if "&" in top or "\\\\" in top:
            # Sphinx wraps aligned lines itself; the notebook's renderer needs the environment written out
            latex = "\\begin{aligned}\n" + latex + "\n\\end{aligned}"
        return latex

    def doc(self, content):
        m = re.fullmatch(r"(.*?)\s*<([^>]+)>", content.strip(), re.S)
        text, target = (m.group(1), m.group(2)) if m else (None, content.strip())
        target_file = reader_name(target)
        text = text or self.titles.get(target_file, target)
        return f"[{text}]({target_file})"

    def ref(self, content):
        """A {ref} to a label of another page becomes a link to that reader notebook (jupyterlab-myst resolves
        labels inside one notebook only); a {ref} to a label of this page stays."""
        m = re.fullmatch(r"(.*?)\s*<([^>]+)>", content.strip(), re.S)
        text, target = (m.group(1), m.group(2)) if m else (None, content.strip())
        if target in self.own_labels:
            return f"{{ref}}`{content}`"
        if not self.labels:
            self.labels = label_index()
        if target not in self.labels:
            self.problems.append(f"{{ref}} to an unknown label {target!r}")
            return text or target
        file, words = self.labels[target]
        return f"[{text or words}]({file})"

    def cite(self, content):
        parts = []
        for key in (k.strip() for k in content.split(",")):
            bare = key[len(self.keyprefix):] if self.keyprefix and key.startswith(self.keyprefix) else key
            entry = self.bibliography.get(bare)
            if entry is None:
                self.problems.append(f"unknown citation {key!r}")
                parts.append(escape_markdown(key))
                continue
            if bare not in self.cited:
                self.cited.append(bare)
            parts.append(f"{entry['short']}, {entry['year']}")
        return "[(" + "; ".join(parts) + ")](#reader-references)"

    def checked(self, content):
        """A ✓ numbered like a footnote; its note ("✓ 3: Checked by code: ...") follows its paragraph (``notes``)."""
        self.checks += 1
        self.pending_notes.append(f"✓ {self.checks}: Checked by code: {escape_markdown(' '.join(content.split()))}")
        return f"<sup>✓{self.checks}</sup>"

    def notes(self) -> str:
        """The notes of the ✓ marks met since the last call, as a paragraph of small print (nothing if none)."""
        notes, self.pending_notes = self.pending_notes, []
        return "\n\n" + "<br>\n".join(f"<small>{note}</small>" for note in notes) if notes else ""

    def directive(self, m):
        name, arg, body, indent, fence = m["name"], m["arg"].strip(), m["body"], m["indent"], m["fence"]
        if name == "glue:math":
            options = [line for line in body.splitlines() if re.match(r"\s*:[\w-]+:", line)]
            return f"{indent}{fence}{{math}}\n" + "".join(f"{o}\n" for o in options) + \
                f"{self.glue_latex(arg)}\n{indent}{fence}"
        if name == "bibliography":
            return f"{indent}__BIBLIOGRAPHY__"
        return m.group(0)

    def markdown(self, text: str) -> str:
        text = DIRECTIVE.sub(self.directive, text)
        text = re.sub(ROLE % "glue:text", lambda m: self.glue_text(m.group(1)), text)
        text = re.sub(ROLE % "glue(?::any)?", lambda m: self.glue_text(m.group(1)), text)
        text = re.sub(ROLE % "glue:math", lambda m: f"${self.glue_latex(m.group(1))}$", text)
        text = re.sub(ROLE % "doc", lambda m: self.doc(m.group(1)), text)
        text = re.sub(ROLE % "ref", lambda m: self.ref(m.group(1)), text)
        text = re.sub(ROLE % "cite(?::[pt])?", lambda m: self.cite(m.group(1)), text)
        # each ✓'s note follows the paragraph the ✓ is in
        text = "\n\n".join(re.sub(ROLE % "checked", lambda m: self.checked(m.group(1)), paragraph) + self.notes()
                           for paragraph in text.split("\n\n"))
        return text

    def references(self) -> str:
        if not self.cited:
            return ""
        return "\n".join(f"- {self.bibliography[k]['text']}" for k in self.cited)


# --------------------------------------------------------------------------------------------------
# quick checks (helpers.quiz)

#: a chapter's quick check: a code cell that is only ``quiz("03-steepest")``
QUIZ_CALL = re.compile(r"""\A\s*quiz\(\s*(["'])(?P<qid>[^"']*)\1\s*\)\s*\Z""")


def reader_quiz_cell(cell) -> list[str]:
    """Make a quick-check cell of the reader notebook look as on the website; return its problems (a list).

    The cell stays a code cell: its output, self-contained HTML with the question's script, is what the reader
    answers once the notebook has run (*Run All*), as the explorers respond then. Its source is hidden (the
    website shows only the question), it carries the tag ``quiz``, and a question that ``helpers/quizzes/`` does
    not have is a problem of the build, named here rather than found by the student as an error.
    """
    m = QUIZ_CALL.match(source(cell))
    if not m:
        return []
    from helpers.quiz import quiz

    set_hidden(cell, source_hidden=True, outputs_hidden=False)
    tags = cell.metadata.setdefault("tags", [])
    if "quiz" not in tags:
        tags.append("quiz")
    try:
        quiz(m["qid"])
    except ValueError as error:
        return [f"quick check: {str(error).splitlines()[0]}"]
    return []


def set_hidden(cell, source_hidden=None, outputs_hidden=None):
    jupyter = cell.metadata.setdefault("jupyter", {})
    if source_hidden is not None:
        jupyter["source_hidden"] = source_hidden
    if outputs_hidden is not None:
        jupyter["outputs_hidden"] = outputs_hidden


def names(code: str) -> tuple[set[str], set[str]] | None:
    """(bound, free) names of a cell: those it defines, those it reads without defining; None if not Python."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    bound, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, loaded - bound  # names a cell binds itself (loop variables, locals) are not needed from others


SOLUTION_MARK = re.compile(r"^(`{3,}|:{3,})\{(solution-start|solution-end)\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", re.M | re.S)


def solution_cells(cells) -> dict[int, str]:
    """index -> label of every code cell between a ``solution-start`` and its ``solution-end``."""
    inside, label = {}, None
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            for m in SOLUTION_MARK.finditer(source(cell)):
                label = m.group(3).strip() if m.group(2) == "solution-start" else None
        elif cell.cell_type == "code" and label is not None:
            inside[i] = label
    return inside


def removable_cells(cells) -> set[int]:
    """Indices of the remove-cell code cells that no visible cell needs (transitively).

    A solution's code counts as visible (a student may copy it into a cell and run it after the chapter), but a
    remove-cell inside a solution checks that solution and is always left out: it reads the solution's names."""
    info = {}
    for i, cell in enumerate(cells):
        if cell.cell_type == "code":
            info[i] = names(source(cell))
    removed = {i for i, c in enumerate(cells) if c.cell_type == "code" and "remove-cell" in c.metadata.get("tags", [])}
    in_solution = removed & set(solution_cells(cells))
    removed -= in_solution
    for i in in_solution:
        del info[i]
    kept_hidden = {i for i in removed if info[i] is None}
    while True:
        needed = set()
        for i, n in info.items():
            if n is not None and (i not in removed or i in kept_hidden):
                needed |= n[1]
        more = {i for i in removed - kept_hidden if info[i] and info[i][0] & needed}
        if not more:
            return (removed - kept_hidden) | in_solution
        kept_hidden |= more


def solution_only_readers(cells, drop) -> list[str]:
    """Problems: a cell Run All runs that reads a name only a solution's code defines."""
    inside = solution_cells(cells)
    bound_by_solutions, bound_elsewhere, readers = set(), set(), []
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or i in drop:
            continue
        n = names(source(cell))
        if n is None:
            continue
        if i in inside:
            bound_by_solutions |= n[0]
        else:
            bound_elsewhere |= n[0]
            readers.append((i, n[1]))
    only = bound_by_solutions - bound_elsewhere
    return [f"cell {i} reads {sorted(free & only)}, which only a solution defines: Run All does not run solutions"
            for i, free in readers if free & only]


def reader_notebook(executed, original, titles, bibliography, figure_counter=None):
    """The reader copy of one chapter, from its executed copy (glue) and its source (cells)."""
    chapter = Chapter(original.metadata.get("name", ""), glue_values(executed), titles, bibliography)
    cells = original.cells
    everything = "\n".join(source(c) for c in cells if c.cell_type == "markdown")
    chapter.own_labels = set(labels_of(everything))
    prefix = re.search(r"\{bibliography\}[^`]*?:keyprefix:\s*(\S+)", everything)
    chapter.keyprefix = prefix.group(1) if prefix else ""
    drop = removable_cells(cells)
    chapter.problems += solution_only_readers(cells, drop)
    out = []
    in_solution = None  # the label of the open solution, or None
    solution_body: list[str] = []  # its prose and code, in order, until its solution-end
    figures = 0

    def md(text, **meta):
        cell = nbformat.v4.new_markdown_cell(text)
        cell.metadata.update(meta)
        out.append(cell)

    def close_solution():
        body = "\n\n".join(part.strip() for part in solution_body if part.strip())
        if "```python" in body:
            body += ("\n\n*Run All does not run this solution. To run it, copy its code into a code cell, your "
                     "answer cell above for instance, and run that cell.*")
        md(solution_block(in_solution, body), tags=["solution"])

    for i, cell in enumerate(cells):
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "markdown":
            if "remove-cell" in tags:
                continue
            text = chapter.markdown(source(cell))
            # solution-start ... solution-end may span cells; fold each piece into a {solution} dropdown
            pieces = SOLUTION_MARK.split(text)
            # pieces: [text, fence, kind, arg, body, text, fence, kind, arg, body, text, ...]
            chunks = [(None, None, pieces[0])]
            for k in range(1, len(pieces), 5):
                chunks.append((pieces[k + 1], pieces[k + 2].strip(), pieces[k + 4]))
            buffer = []
            for kind, arg, after in chunks:
                if kind == "solution-start":
                    if buffer and "".join(buffer).strip():
                        md("".join(buffer).strip())
                    buffer = []
                    in_solution, solution_body = arg, []
                    # before the folded solution, an empty cell of the student's own
                    out.append(nbformat.v4.new_code_cell("# Your answer here\n", metadata={"tags": ["student"]}))
                elif kind == "solution-end":
                    if in_solution is not None:
                        solution_body.append("".join(buffer))
                        close_solution()
                    buffer = []
                    in_solution = None
                buffer.append(after)
            rest = "".join(buffer).strip()
            if rest:
                if in_solution is not None:
                    solution_body.append(rest)
                else:
                    md(rest)
            continue
        if cell.cell_type != "code":
            out.append(copy.deepcopy(cell))
            continue
        if i in drop:
            continue
        if in_solution is not None:
            # a solution's code goes into its folded dropdown, as a code block: Run All does not run it
            code = source(cell).rstrip()
            fence = "`" * max(3, 1 + max((len(f) for f in re.findall(r"`{3,}", code)), default=2))
            solution_body.append(f"{fence}python\n{code}\n{fence}")
            continue
        new = nbformat.v4.new_code_cell(source(cell))
        new.metadata = copy.deepcopy(cell.metadata)
        new.metadata.pop("execution", None)
        if "remove-cell" in tags:
            set_hidden(new, True, True)
        if tags & {"hide-input", "remove-input"}:
            set_hidden(new, source_hidden=True)
        if tags & {"hide-output", "remove-output"}:
            set_hidden(new, outputs_hidden=True)
        chapter.problems += reader_quiz_cell(new)
        out.append(new)
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        if figure.get("caption"):
            figures += 1
            label = f"({figure['name']})=\n" if figure.get("name") else ""
            md(f"{label}**Figure {figures}.** {chapter.markdown(figure['caption'])}", tags=["caption"])

    if in_solution is not None:  # a solution-start without its solution-end: fold what there is
        close_solution()
        chapter.problems.append(f"the solution of {in_solution} has no solution-end")
    if chapter.cited and not any(c.cell_type == "markdown" and "__BIBLIOGRAPHY__" in c.source for c in out):
        # the website lists the works cited on another page; the notebook lists them at its end
        md("## References\n\n__BIBLIOGRAPHY__")
    for cell in out:
        if cell.cell_type == "markdown" and "__BIBLIOGRAPHY__" in cell.source:
            refs = chapter.references()
            cell.source = cell.source.replace("__BIBLIOGRAPHY__", "(reader-references)=\n" + refs if refs else "")
    nb = nbformat.v4.new_notebook()
    nb.cells = out
    nb.metadata = copy.deepcopy(original.metadata)
    # the kernel's full language_info, as Lab writes it on connecting: otherwise opening the copy modifies it
    if executed.metadata.get("language_info"):
        nb.metadata["language_info"] = copy.deepcopy(executed.metadata["language_info"])
    nb.metadata["reader_notebook"] = {
        "generated_by": "lab/build_reader_notebooks.py",
        "note": "Generated from the book's chapter; edit the chapter in book/, not this copy.",
    }
    return nb, chapter.problems


def solution_block(label: str, body: str) -> str:
    fence = "`" * max(4, 1 + max((len(f) for f in re.findall(r"`{3,}", body)), default=3))
    return f"{fence}{{solution}} {label}\n:class: dropdown\n\n{body}\n{fence}"


def intro_notebook(titles, bibliography) -> nbformat.NotebookNode:
    chapter = Chapter("intro", {}, titles, bibliography)
    text = (BOOK / "intro.md").read_text()
    chapter.own_labels = set(labels_of(text))
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter, if any
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(chapter.markdown(text))]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("chapters", nargs="*", help="chapter names (default: every chapter in _toc.yml)")
    args = parser.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    paths = chapter_paths()
    if args.chapters:
        paths = [p for p in paths if any(p.stem.startswith(c) or p.name == c for c in args.chapters)]
    sources = {p: nbformat.read(p, as_version=4) for p in chapter_paths()}
    titles = {p.name: title_of(nb) for p, nb in sources.items()}
    titles["00_intro.ipynb"] = "the introduction"
    bibliography = load_bibliography()
    failed = []
    for path in paths:
        try:
            executed = execute(path)
        except Exception as exc:  # a chapter that does not run: say which, build the others
            first = str(exc).strip().splitlines()
            failed.append(f"{path.name}: does not execute: {first[-1] if first else type(exc).__name__}")
            print(f"  FAILED {path.name}", flush=True)
            continue
        nb, problems = reader_notebook(executed, sources[path], titles, bibliography)
        failed += [f"{path.name}: {p}" for p in problems]
        nb = nbformat.from_dict(nbformat.validator.normalize(nb)[1])
        nbformat.write(nb, out / path.name)
    nbformat.write(intro_notebook(titles, bibliography), out / "00_intro.ipynb")
    shutil.copy2(BOOK / "matplotlibrc", out / "matplotlibrc")
    for line in failed:
        print(line, file=sys.stderr)
    print(f"reader notebooks in {out}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
