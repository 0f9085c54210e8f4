"""Grade submissions offline with a chapter's autograder (`otter run`, no Docker), and print a table.

    python -m classroom.grade _build/classroom/autograder/03_sigmoid_derivative-autograder.zip sub1.ipynb sub2.ipynb

prints, for each submission, the score of every exercise and the total; `--json` prints the scores as JSON.
Also: `planted_submission()` builds the sample submission that `make classroom` writes and the tests grade.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

LABEL = re.compile(r"^### Exercise \d+.*\(`([^`]+)`\)", flags=re.M)


def grade(autograder: Path, submission: Path) -> dict[str, float]:
    """{label: score} for one submission, from otter run's results.json."""
    otter = Path(sys.executable).parent / "otter"
    with tempfile.TemporaryDirectory(prefix="grade-") as out:
        result = subprocess.run([str(otter), "run", "-a", str(autograder), "-o", out, str(submission)],
                                capture_output=True, text=True)
        results = Path(out) / "results.json"
        if not results.exists():
            raise RuntimeError(f"otter run failed on {submission}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        data = json.loads(results.read_text())
    return {t["name"]: float(t["score"]) for t in data["tests"] if "score" in t and t.get("max_score")}


def grade_many(autograder: Path, submissions: list[Path], workers: int = 2) -> dict[Path, dict[str, float]]:
    with ThreadPoolExecutor(workers) as pool:
        return dict(zip(submissions, pool.map(lambda s: grade(autograder, s), submissions)))


def answer_cells(nb) -> dict[str, list[int]]:
    """{label: indices of the answer code cells}: the code cells between an exercise's prompt and its check."""
    out, current = {}, None
    for i, cell in enumerate(nb.cells):
        src = cell.source
        if cell.cell_type == "markdown":
            m = LABEL.search(src)
            if m:
                current = m.group(1)
                out[current] = []
            continue
        if cell.cell_type == "code" and current:
            if src.startswith(("grader.check(", "practice_check(")):
                current = None
            else:
                out[current].append(i)
    return out


# The planted submission of the practice notebook (chapter 03): one exercise right (the answer key's own code), one
# wrong (the sign of the last factor of σ'', code that runs), one left undone. The practice checks give 0, 1, 0.
# The graded notebook's sample (classroom.graded.planted, "sign error in g''") is written next to it.
PLANTED_CHAPTER = "03_sigmoid_derivative"
PLANTED_EXPECTED = {"ex-sigmoid-second-derivative": 0.0, "ex-sigmoid-tanh": 1.0, "ex-sigmoid-own-difference": 0.0}
PLANTED_WRONG = {
    "ex-sigmoid-second-derivative": (
        "# a plausible mistake: the product rule with the sign of the last factor flipped (it runs: a real wrong\n"
        "# answer, not a crash)\n"
        "second = sp.diff(σ, z, 2)\n"
        "claimed = σ * (1 - σ) * (2 * σ - 1)\n"
        "claimed\n"),
}


def planted_submission(student: Path, key: Path):
    """The student notebook with the tanh exercise answered from the key and σ'' answered wrongly."""
    s_nb, k_nb = nbformat.read(student, 4), nbformat.read(key, 4)
    s_cells, k_cells = answer_cells(s_nb), answer_cells(k_nb)
    nb = copy.deepcopy(s_nb)
    right = "ex-sigmoid-tanh"
    answer = "\n".join(k_nb.cells[i].source for i in k_cells[right])
    nb.cells[s_cells[right][0]].source = answer
    for label, code in PLANTED_WRONG.items():
        nb.cells[s_cells[label][0]].source = code
    return nb


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="grade notebooks with an Otter autograder zip, offline")
    ap.add_argument("autograder", type=Path)
    ap.add_argument("submissions", type=Path, nargs="+")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    scores = grade_many(args.autograder, args.submissions)
    if args.json:
        print(json.dumps({str(k): v for k, v in scores.items()}, indent=1))
        return 0
    for sub, per_q in scores.items():
        print(f"{sub}: {sum(per_q.values()):g} / {len(per_q)}")
        for label, score in per_q.items():
            print(f"  {label:40s} {score:g} / 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
