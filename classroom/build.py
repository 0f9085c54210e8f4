"""make classroom: the classroom kit, generated from the chapters as they are now.

    python -m classroom.build [--site _build/html] [--out _build/classroom] [--no-pdf] [--only 03_sigmoid_derivative]

writes into --out (default _build/classroom):

  student/       one NN_topic.ipynb per chapter (the chapter's code to run first, then each exercise: its prompt,
                 an empty answer cell, a practice_check cell that says what it verified), tests/ (public tests only),
                 helpers/ and matplotlibrc (what the notebooks import), requirements.txt
  answer-key/    the same notebooks with the chapters' solutions and every test
                 and discussion-answers.md, the model answers to the lesson plans' discussion questions
  autograder/    NN_topic-autograder.zip per chapter, for `otter run` (offline, no Docker)
  handouts/      NN_topic.pdf per chapter (from the built site: run `make book` first; its figures as vectors,
                 from a second run of each chapter cached in _build/print-figures: classroom/pdf.py)
  book.pdf       the whole book with a contents page
  sample-submission/03_sigmoid_derivative.ipynb  practice notebook: one exercise right, one wrong, one not done
  sample-submission/s1234567.ipynb  graded notebook of student s1234567: a sign error in g'' (3 of 4 points)

Graded assignments (classroom/graded/, for the chapters it has a spec for): student/NN_topic-graded.ipynb and
kit/ (each student's data from their ID, the shape-and-type check), answer-key/NN_topic-graded.ipynb and
NN_topic-rubric.md, autograder/NN_topic-grader.zip (classroom.gradebook, Gradescope's run_autograder, pinned
requirements; --wheels puts the wheels in, for a computer without internet).
  student.zip    student/ zipped; report.json what was built, what was skipped and why, how long it took

and copies student.zip, handouts/ and book.pdf into <site>/classroom/, where the teachers' page links them.

Where the tests come from, per exercise (label = the exercise's :label:):
  1. classroom/tests/<label>.py when it exists: its docstring tells the student which names are graded, the
     code above the line "# --- hidden ---" is the public test (the student sees it), below it the hidden one;
  2. otherwise the checks of the chapter's own solution code (its asserts, np.testing.assert_* and shown(...)
     statements), as a hidden test, with a public test that the names those checks read are defined.
An exercise with neither (no code, or code that checks nothing the student writes) is included ungraded, and
report.json names it.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from classroom.exercises import Chapter, Exercise, book_numbers, derived_test, read_chapter  # noqa: E402
from classroom.grade import PLANTED_CHAPTER, planted_submission  # noqa: E402
from classroom.graded.package import build_graded  # noqa: E402
from helpers.colab import setup_cell  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "classroom" / "tests"
HIDDEN_MARK = "# --- hidden ---"
OTTER_VERSION = "7.0.0"


def toc() -> list[tuple[str, str]]:
    """(part caption, file) of every page in _toc.yml, root first."""
    t = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = [("", t["root"])]
    for part in t.get("parts") or []:
        for c in part.get("chapters") or []:
            out.append((part.get("caption", ""), c["file"]))
    return out


def chapters_in_toc() -> list[Path]:
    return [ROOT / f"{f}.ipynb" for _, f in toc() if (ROOT / f"{f}.ipynb").exists()]


# ------------------------------------------------------------------------------------------ tests

def spec_for(label: str) -> tuple[str, str, str] | None:
    """(what is graded, public test, hidden test) from classroom/tests/<label>.py, or None."""
    path = SPECS / f"{label}.py"
    if not path.exists():
        return None
    text = path.read_text()
    m = re.match(r'\s*"""(.*?)"""\s*\n', text, flags=re.S)
    graded = " ".join(m.group(1).split()) if m else ""
    body = text[m.end():] if m else text
    public, _, hidden = body.partition(HIDDEN_MARK)
    return graded, public.strip(), hidden.strip()


def test_cell(code: str, hidden: bool, points: float, name: str) -> nbformat.NotebookNode:
    """An Otter exception-based test cell: runs `code` in a copy of the notebook's globals."""
    config = f'""" # BEGIN TEST CONFIG\nhidden: {str(hidden).lower()}\npoints: {points}\n""" # END TEST CONFIG'
    source = (f"{config}\ndef test_{name}(env):\n    ns = dict(env)\n"
              f"    exec(compile({code!r}, 'the test of this exercise', 'exec'), ns)\n")
    return nbformat.v4.new_code_cell(source)


def tests_for(ex: Exercise, setup: list[str]) -> tuple[str, str | None, str | None, str]:
    """(source of the test, graded sentence, public code, hidden code); source is 'spec', 'solution' or 'none'."""
    spec = spec_for(ex.label)
    if spec:
        graded, public, hidden = spec
        return "spec", graded, public or None, hidden or None
    derived = derived_test(ex, setup)
    if derived:
        checks, names = derived
        listed = ", ".join(f"`{n}`" for n in names)
        graded = f"define {listed} as in your solution; the grader checks them the way the chapter does."
        public = (f"missing = [n for n in {names!r} if n not in globals()]\n"
                  "assert not missing, f'define {missing} (see Checked, above)'")
        return "solution", graded, public, checks
    return "none", None, None, None


# ------------------------------------------------------------------------------------------ master

# The student's check in a practice notebook. Otter's own grader.check prints "All test cases passed!" when the
# public test passes, and here the public test only knows that the names exist: a wrong answer would "pass".
# practice_check runs the same public test and says what it verified, in words, and what it did not.
PRACTICE_CHECK = '''def practice_check(label, names=()):
    """Run this exercise's practice check and say what it verified (it is not a grade)."""
    result = grader.check(label, globals())
    if result is None:                      # while the autograder runs the notebook: nothing to say
        return
    listed = ", ".join(names)
    if result.passed_all_public:
        print(f"Verified: {listed or 'the names of this exercise'} defined. Not verified: the values. "
              "This practice check does not compare your answer with the chapter's own checks; it is not a grade. "
              "Compare with the chapter's solution on the website.")
    else:
        print(f"Not yet: {listed or 'the names of this exercise'} must be defined (see Checked, above). If a cell "
              "above stopped with an error, that error is why: fix it and run the cells again.")
        for r in result.test_case_results:
            if not r.passed:
                print((r.message or "").strip().splitlines()[-1] if (r.message or "").strip() else "")
'''

def raw(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(text)


def master_notebook(ch: Chapter, site_page: str, numbers: dict[str, int] | None = None
                    ) -> tuple[nbformat.NotebookNode, list[dict]]:
    """The Otter master notebook of a chapter, and per exercise what was made of it.

    numbers: {label: the book's exercise number} (classroom.exercises.book_numbers), so that the notebook says
    "Exercise 10" where the handout and the lesson plans do; without it the exercises count from 1."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    config = {
        "name": ch.stem, "init_cell": False, "check_all_cell": False, "export_cell": False,
        "run_tests": False, "solutions_pdf": False, "files": ["matplotlibrc", "helpers"],
        "tests": {"files": True, "ok_format": False},
        "generate": {"pdf": False, "zips": False},
    }
    cells = [raw("# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False))]
    cells.append(nbformat.v4.new_markdown_cell(
        f"# {ch.title}: practice exercises\n\n"
        f"The exercises of the chapter *{ch.title}* (`{ch.stem}`), generated from the chapter itself, for "
        "practice: their worked solutions are on the website, so they are not for marks (the graded "
        "exercises, on your own numbers, are in the notebooks ending in `-graded`, for the chapters that have "
        "them).\n\n"
        "1. Run every cell from the top (*Run → Run All Cells*): the first cells are the chapter's own code, "
        "which the exercises use; do not edit them.\n"
        "2. In each exercise (numbered as in the book and the printed handout), replace `...` with your code. "
        "**Checked** says which names the checks read.\n"
        "3. Run the `practice_check(...)` cell under it. It says what it verified: that the names are defined, "
        "or, where it says so, a property of the answer. It does not compare your values with the answer and it "
        "is not a grade: compare with the chapter's solution on the website.\n"))
    cells.append(nbformat.v4.new_code_cell(setup_cell(extra_requirements=(f"otter-grader=={OTTER_VERSION}",))))
    cells.append(nbformat.v4.new_code_cell(f'import otter\ngrader = otter.Notebook("{ch.stem}.ipynb")\n\n'
                                           + PRACTICE_CHECK))
    report, emitted = [], 0
    setup_all = ["".join(c["source"]) for c in ch.code]

    def emit_setup(upto: int):
        nonlocal emitted
        if upto <= emitted:
            return
        if emitted == 0:
            cells.append(nbformat.v4.new_markdown_cell(
                "## The chapter's code\n\nRun these cells first (they are the chapter's code, hidden checks "
                "included); the exercises below use what they define."))
        for c in ch.code[emitted:upto]:
            src = "".join(c["source"])
            if "google.colab" in src:
                continue
            cell = nbformat.v4.new_code_cell(src)
            cell.metadata["editable"] = False
            cells.append(cell)
        emitted = upto

    for k, ex in enumerate(ch.exercises, 1):
        before = emitted
        emit_setup(ex.setup_cells)
        if k == 1 or emitted > before:       # the chapter's own code came between two exercises
            cells.append(nbformat.v4.new_markdown_cell("## Exercises" if k == 1 else "## More exercises"))
        source, graded, public, hidden = tests_for(ex, setup_all[: ex.setup_cells])
        number = (numbers or {}).get(ex.label, k)
        heading = f"### Exercise {number}" + (f": {ex.title}" if ex.title else "") + f" (`{ex.label}`)"
        prompt = f"{heading}\n\n{ex.prompt}"
        if not ex.solution_code:
            source = "none"
        if source == "none":
            prompt += "\n\n*Not autograded: discuss your answer in class.*"
            cells.append(nbformat.v4.new_markdown_cell(prompt))
            cells.append(nbformat.v4.new_code_cell("# your work here\n"))
            report.append({"label": ex.label, "graded": False,
                           "why": "no solution code" if not ex.solution_code else "the solution checks nothing"})
            continue
        prompt += f"\n\n**Checked:** {graded}"
        cells.append(raw(f"# BEGIN QUESTION\nname: {ex.label}\npoints: 1"))
        cells.append(nbformat.v4.new_markdown_cell(prompt))
        if ex.solution_markdown:
            explanation = nbformat.v4.new_markdown_cell("*Your explanation (not autograded):* ...")
            explanation.metadata["editable"] = True       # otter assign would lock it: the student writes here
            cells.append(explanation)
        cells.append(raw("# BEGIN SOLUTION"))
        for md in ex.solution_markdown[:1]:
            cells.append(nbformat.v4.new_markdown_cell(md))
        for code in ex.solution_code:
            cells.append(nbformat.v4.new_code_cell(f"# BEGIN SOLUTION\n{code}\n# END SOLUTION"))
        for md in ex.solution_markdown[1:]:
            cells.append(nbformat.v4.new_markdown_cell(md))
        cells.append(raw("# END SOLUTION"))
        cells.append(raw("# BEGIN TESTS"))
        name = re.sub(r"\W", "_", ex.label)
        if public:
            cells.append(test_cell(public, hidden=False, points=0 if hidden else 1, name=name + "_public"))
        if hidden:
            cells.append(test_cell(hidden, hidden=True, points=1, name=name + "_hidden"))
        cells.append(raw("# END TESTS"))
        cells.append(raw("# END QUESTION"))
        report.append({"label": ex.label, "graded": True, "tests_from": source, "number": number,
                       "names": re.findall(r"`([^`]+)`", graded or "")})
    nb.cells = cells
    return nb, report


# ------------------------------------------------------------------------------------------ otter

def otter_assign(master: Path, out: Path) -> None:
    otter = Path(sys.executable).parent / "otter"
    cmd = [str(otter), "assign", "--no-run-tests", "--no-pdfs", str(master), str(out)]
    result = subprocess.run(cmd, cwd=master.parent, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"otter assign failed on {master.name}:\n{result.stdout}\n{result.stderr}")


CHECK_CELL = re.compile(r'^grader\.check\("([^"]+)"\)\s*$')


def student_notebook(src: Path, dest: Path, names: dict[str, list[str]]) -> None:
    """Copy a student notebook with its explanation cells editable (otter assign locks every prompt cell), and
    each `grader.check("label")` cell as `practice_check("label", [names])`, which says what it verified."""
    nb = nbformat.read(src, 4)
    for c in nb.cells:
        if c.cell_type == "markdown" and c.source.startswith("*Your explanation"):
            c.metadata["editable"] = True
            c.metadata["deletable"] = False
        m = CHECK_CELL.match(c.source) if c.cell_type == "code" else None
        if m:
            c.source = f"practice_check({m.group(1)!r}, {names.get(m.group(1), [])!r})"
    nbformat.write(nb, dest)


def copy_helpers(dest: Path) -> None:
    shutil.copytree(ROOT / "helpers", dest / "helpers", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def build_notebooks(out: Path, only: list[str] | None, wheels: bool = False, graded_report: dict | None = None) -> dict:
    graded_report = {} if graded_report is None else graded_report
    student, key, grader = out / "student", out / "answer-key", out / "autograder"
    for d in (student, key, grader):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    report = {}
    paths = [p for p in chapters_in_toc() if not only or p.stem in only]
    numbers = book_numbers(chapters_in_toc())
    with tempfile.TemporaryDirectory(prefix="classroom-") as tmp:
        tmp = Path(tmp)

        def one(path: Path):
            ch = read_chapter(path)
            if len(ch.exercises) == 0:
                return path.stem, {"title": ch.title, "exercises": [], "problems": ch.problems + ["no exercises"]}
            work = tmp / path.stem
            work.mkdir()
            shutil.copy(ROOT / "book" / "matplotlibrc", work / "matplotlibrc")
            copy_helpers(work)
            nb, exercises = master_notebook(ch, f"book/{path.stem}.html", numbers)
            master = work / f"{path.stem}.ipynb"
            nbformat.write(nb, master)
            otter_assign(master, work / "dist")
            return path.stem, {"title": ch.title, "exercises": exercises, "problems": ch.problems}

        with ThreadPoolExecutor(2) as pool:          # otter assign is a subprocess: two at a time
            results = list(pool.map(one, paths))
        for stem, r in results:
            report[stem] = r
            dist = tmp / stem / "dist"
            if not dist.exists():
                continue
            name = f"{stem}.ipynb"
            names = {e["label"]: e.get("names", []) for e in r["exercises"]}
            student_notebook(dist / "student" / name, student / name, names)
            shutil.copytree(dist / "student" / "tests", student / "tests", dirs_exist_ok=True)
            shutil.copy(dist / "autograder" / name, key / name)
            shutil.copytree(dist / "autograder" / "tests", key / "tests", dirs_exist_ok=True)
            zips = sorted((dist / "autograder").glob("*.zip"))
            shutil.copy(zips[-1], grader / f"{stem}-autograder.zip")
    for d in (student, key):
        copy_helpers(d)
        shutil.copy(ROOT / "book" / "matplotlibrc", d / "matplotlibrc")
    (grader / "README.md").write_text(GRADER_README)
    # the model answers to the lesson plans' discussion questions: teachers only, so in the answer key, not on the site
    shutil.copy(ROOT / "classroom" / "discussion_answers.md", key / "discussion-answers.md")
    # the sample submission of the teachers' page (one right, one wrong, one not done): classroom.grade
    sample = out / "sample-submission"
    shutil.rmtree(sample, ignore_errors=True)
    if (student / f"{PLANTED_CHAPTER}.ipynb").exists():
        sample.mkdir()
        nb = planted_submission(student / f"{PLANTED_CHAPTER}.ipynb", key / f"{PLANTED_CHAPTER}.ipynb")
        nbformat.write(nb, sample / f"{PLANTED_CHAPTER}.ipynb")
    # the graded assignments (variants on each student's data; classroom/graded/), kit/ and the students'
    # requirements (what the notebooks import, pinned, and Jupyter): classroom.graded.package
    graded_report.update(build_graded(out, only, wheels=wheels))
    return report


GRADER_README = """# Grading the classroom notebooks

## For marks: the graded notebooks, NN_topic-grader.zip

`NN_topic-graded.ipynb` asks for variants of the chapter's worked exercises on each student's own numbers (from
their student ID). Its grader, `NN_topic-grader.zip`, runs each submission in a fresh Python process with the
student's data and again with other data, and compares every graded name by value with a reference it computes
itself. Unzip it, install once (`bash setup.sh`), then grade a folder:

    python3 -m classroom.gradebook submissions/ --chapter 03_sigmoid_derivative --out grades/grades.csv

It writes grades.csv (Moodle imports it; with --canvas EXPORT.csv, the course's Canvas gradebook export, also
canvas.csv for Canvas's Grades → Import), feedback/<ID>.md for each student and written/<ID>.md (their
derivations, with the rubric, to mark by hand). The zip is also a Gradescope autograder (run_autograder).

## Practice only: the chapters' own exercises, NN_topic-autograder.zip

The worked solutions of these exercises are on the website, and their checks test consistency, not the answer:
use them for practice, not for marks. `otter run -a autograder/NN_topic-autograder.zip -o results/ alice.ipynb`
grades one; `python -m classroom.grade` in the book's repository a few.
"""


# ------------------------------------------------------------------------------------------ main

def build_pdfs(site: Path, out: Path) -> dict:
    from classroom import pdf

    entries = [(part, f) for part, f in toc() if (site / f"{f}.html").exists()]
    missing = [f for _, f in toc() if not (site / f"{f}.html").exists()]
    if missing:
        raise SystemExit(f"the site in {site} lacks {missing}: run `make book` first")
    chapters = [{"page": f"{f}.html", "stem": Path(f).name, "part": part}
                for part, f in entries if (ROOT / f"{f}.ipynb").exists()]
    book_pages = [{"page": f"{f}.html", "stem": Path(f).name, "part": part or "Introduction"}
                  for part, f in entries]
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    version = cfg["parse"]["myst_substitutions"]["version"]
    subtitle = f"Version {version}. Printed from the website; text and figures CC BY 4.0, code MIT."
    return pdf.build(site, out, chapters, book_pages, cfg["title"], subtitle)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    ap.add_argument("--out", type=Path, default=ROOT / "_build" / "classroom")
    ap.add_argument("--no-pdf", action="store_true", help="only the notebooks (no built site needed)")
    ap.add_argument("--no-notebooks", action="store_true")
    ap.add_argument("--only", nargs="*", help="chapter stems, e.g. 03_sigmoid_derivative")
    ap.add_argument("--wheels", action="store_true",
                    help="put the grader's pinned wheels into each grader zip (pip download once; offline after)")
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    report = {}
    if args.no_notebooks and (out / "report.json").exists():     # only the PDFs again: keep what the notebooks made
        report = {k: v for k, v in json.loads((out / "report.json").read_text()).items() if not k.endswith("pdf")}
    t0 = time.perf_counter()
    if not args.no_notebooks:
        report["graded"] = {}
        report["chapters"] = build_notebooks(out, args.only, wheels=args.wheels, graded_report=report["graded"])
        report["seconds_notebooks"] = round(time.perf_counter() - t0, 1)
        shutil.make_archive(str(out / "student"), "zip", root_dir=out, base_dir="student")
    if not args.no_pdf:
        t1 = time.perf_counter()
        report["pdf"] = build_pdfs(args.site, out)
        report["seconds_pdf"] = round(time.perf_counter() - t1, 1)
        served = args.site / "classroom"
        shutil.rmtree(served, ignore_errors=True)
        (served / "handouts").mkdir(parents=True)
        for f in (out / "handouts").glob("*.pdf"):
            shutil.copy(f, served / "handouts" / f.name)
        shutil.copy(out / "book.pdf", served / "book.pdf")
        if (out / "student.zip").exists():
            shutil.copy(out / "student.zip", served / "student.zip")
    report["seconds_total"] = round(time.perf_counter() - t0, 1)
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    for stem, r in report.get("chapters", {}).items():
        graded = [e["label"] for e in r["exercises"] if e["graded"]]
        skipped = [f"{e['label']} ({e['why']})" for e in r["exercises"] if not e["graded"]]
        line = f"{stem}: {len(graded)} autograded"
        if skipped:
            line += f"; not autograded: {', '.join(skipped)}"
        if r["problems"]:
            line += f"; problems: {'; '.join(r['problems'])}"
        print(line)
        if len(graded) < 2:
            print(f"  WARNING: {stem} has fewer than two autograded exercises: add classroom/tests/<label>.py")
    print(f"classroom kit in {out} ({report['seconds_total']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
