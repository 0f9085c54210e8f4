"""Write the graded part of the kit: the student notebooks, the answer keys and rubrics, the grader zips."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat

from classroom.graded import SPECS
from classroom.graded.notebook import graded_notebook, rubric_markdown

ROOT = Path(__file__).resolve().parents[2]
# what the grader (and the notebooks it runs) import: helpers' dependencies, nbformat's, and their pins
GRADER_PACKAGES = ["numpy", "scipy", "matplotlib", "sympy", "mpmath", "ipywidgets", "anywidget", "nbformat",
                   "PyYAML", "pandas"]     # pandas: chapter 09's students make tables, as the chapter does
# what a student needs to run the notebooks (practice and graded) in Jupyter
STUDENT_PACKAGES = GRADER_PACKAGES + ["jupyterlab", "ipykernel", "otter-grader"]


def pins(names: list[str]) -> list[str]:
    """The lines of requirements.txt that pin these packages (exact versions, as the book is tested with)."""
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    out = []
    for name in names:
        hit = [l.strip() for l in lines if re.match(rf"^{re.escape(name)}==", l.strip(), flags=re.I)]
        if not hit:
            raise ValueError(f"names: {name} is not pinned in requirements.txt")
        out.append(hit[0])
    return out


SETUP_SH = """#!/usr/bin/env bash
# Installs what the grader imports, pinned. Offline when the zip carries wheels/ (built with --wheels).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if ! $PY -m pip --version >/dev/null 2>&1 && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3-pip    # Gradescope's Ubuntu image has no pip
fi
if [ -d wheels ]; then
  $PY -m pip install --no-index --find-links wheels -r requirements.txt
else
  $PY -m pip install -r requirements.txt
fi
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission; elsewhere use `python -m classroom.gradebook` (README.md).
cd /autograder/source
python3 -m classroom.gradescope /autograder/submission /autograder/results/results.json --chapter {chapter}
"""

README = """# Grader for {chapter} (graded exercises)

Grades the graded notebook `{chapter}-graded.ipynb` of each student: each answer is compared by value with a
reference computed here for the student's own data (from their ID) and for a second data set.

## A folder of submissions (offline, any computer)

    bash setup.sh                       # once: pip install of the pinned requirements (offline with wheels/)
    python3 -m classroom.gradebook submissions/ --chapter {chapter} --out grades/grades.csv

`submissions/<ID>.ipynb` or `submissions/<ID>/<file>.ipynb`. Writes grades.csv (Canvas and Moodle import it),
feedback/<ID>.md to hand back and written/<ID>.md (the derivations to mark by hand, with the rubric).
Set CLASSROOM_SECRET (any phrase, the same for the whole class) to make the second data set unguessable.

## One submission

    python3 -m classroom.graded.grader {chapter} alice.ipynb --id alice

## Gradescope

Upload this zip as a *Programming assignment* autograder (an Ubuntu image with Python 3.11 or later, e.g. 24.04):
setup.sh installs, run_autograder grades the notebook the student submits, with their Gradescope SID as the ID.
Use the zip built without --wheels there (Gradescope has internet): wheels/ holds the wheels of the Python and the
system of the computer that built the kit (Python 3.11 on Linux x86-64 for the published kit).
"""


def _zip_dir(zf: zipfile.ZipFile, src: Path, arc: str):
    for p in sorted(src.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            zf.write(p, f"{arc}/{p.relative_to(src)}")


def grader_zip(chapter: str, dest: Path, wheels: Path | None = None) -> Path:
    zpath = dest / f"{chapter}-grader.zip"
    spec_module = SPECS[chapter]
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("classroom/__init__.py", "")
        for name in ("gradebook.py", "gradescope.py"):
            zf.write(ROOT / "classroom" / name, f"classroom/{name}")
        graded = ROOT / "classroom" / "graded"
        zf.writestr("classroom/graded/__init__.py",
                    re.sub(r"SPECS = \{.*?\}", f"SPECS = {{{chapter!r}: {spec_module!r}}}",
                           (graded / "__init__.py").read_text(), flags=re.S))
        for name in ("compare.py", "child.py", "grader.py", "notebook.py", "similarity.py", f"{spec_module}.py"):
            zf.write(graded / name, f"classroom/graded/{name}")
        zf.write(ROOT / "classroom" / "kit" / "__init__.py", "classroom/kit/__init__.py")
        zf.write(ROOT / "classroom" / "kit" / f"data_{chapter[:2]}.py", f"classroom/kit/data_{chapter[:2]}.py")
        _zip_dir(zf, ROOT / "helpers", "helpers")
        zf.writestr("requirements.txt", "\n".join(pins(GRADER_PACKAGES)) + "\n")
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER.format(chapter=chapter))):
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            zf.writestr(info, text)
        zf.writestr("README.md", README.format(chapter=chapter))
        if wheels is not None:
            _zip_dir(zf, wheels, "wheels")
    return zpath


def download_wheels(dest: Path) -> Path:
    """pip download of the grader's pinned requirements (for an offline zip; needs the index once)."""
    dest.mkdir(parents=True, exist_ok=True)
    req = dest / "requirements.txt"
    req.write_text("\n".join(pins(GRADER_PACKAGES)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "-r", str(req), "-d", str(dest)], check=True)
    req.unlink()
    return dest


def build_graded(out: Path, only: list[str] | None, wheels: bool = False) -> dict:
    """Graded notebooks into student/ and answer-key/, grader zips into autograder/; {chapter: what was built}."""
    report = {}
    wheel_dir = download_wheels(out / ".wheels") if wheels else None
    for chapter in SPECS:
        if only and chapter not in only:
            continue
        name = f"{chapter}-graded.ipynb"
        nbformat.write(graded_notebook(chapter), out / "student" / name)
        nbformat.write(graded_notebook(chapter, key=True, student_id="key"), out / "answer-key" / name)
        (out / "answer-key" / f"{chapter}-rubric.md").write_text(rubric_markdown(chapter), encoding="utf-8")
        grader_zip(chapter, out / "autograder", wheel_dir)
        report[chapter] = {"notebook": f"student/{name}", "grader": f"autograder/{chapter}-grader.zip"}
    # the graded sample submission: a real wrong answer (a sign error in g''), 3 of 4 points
    if "03_sigmoid_derivative" in report:
        from classroom.graded.planted import ID, planted
        (out / "sample-submission").mkdir(exist_ok=True)
        nb, _ = planted("03_sigmoid_derivative")["sign error in g''"]
        nbformat.write(nb, out / "sample-submission" / f"{ID}.ipynb")
    for where in ("student", "answer-key"):
        kit = out / where / "kit"
        shutil.rmtree(kit, ignore_errors=True)
        kit.mkdir(parents=True)
        shutil.copy(ROOT / "classroom" / "kit" / "__init__.py", kit / "__init__.py")
        for chapter in SPECS:
            shutil.copy(ROOT / "classroom" / "kit" / f"data_{chapter[:2]}.py", kit / f"data_{chapter[:2]}.py")
    (out / "student" / "requirements.txt").write_text(
        "# what the notebooks import (pinned as the book is tested), and Jupyter to run them\n"
        + "\n".join(pins(STUDENT_PACKAGES)) + "\n")
    return report
