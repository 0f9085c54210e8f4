"""Gradescope's entry point (run_autograder in the grader zip calls it): grade the one notebook submitted.

    python -m classroom.gradescope /autograder/submission /autograder/results/results.json --chapter 03_sigmoid_derivative

The student ID is the SID of the Gradescope submitter (submission_metadata.json, users[0].sid; else the e-mail,
else the notebook's STUDENT_ID). results.json follows Gradescope's format: one test per exercise, its score and
the feedback lines (no test code, no reference values).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from classroom.graded import spec as load_spec  # noqa: E402
from classroom.graded.grader import feedback_markdown, grade_notebook, notebook_id, secret_or_random  # noqa: E402


def student_id(submission: Path, notebook: Path) -> str:
    meta = submission.parent / "submission_metadata.json"
    if meta.exists():
        users = json.loads(meta.read_text()).get("users") or []
        if users:
            return str(users[0].get("sid") or users[0].get("email") or "")
    import nbformat
    return notebook_id(nbformat.read(notebook, as_version=4)) or "unknown"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("submission", type=Path)
    ap.add_argument("results", type=Path)
    ap.add_argument("--chapter", required=True)
    ap.add_argument("--secret", default="")
    args = ap.parse_args(argv)
    notebooks = sorted(p for p in args.submission.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    spec = load_spec(args.chapter)
    if not notebooks:
        out = {"score": 0, "output": "No .ipynb file was submitted.", "tests": []}
    else:
        nb = notebooks[0]
        r = grade_notebook(nb, args.chapter, student_id(args.submission, nb), secret_or_random(args.secret))
        out = {"score": r.total, "output": feedback_markdown(r, spec), "output_format": "md",
               "tests": [{"name": f"Exercise {ex}: {spec.TITLES[ex]}", "score": r.points[ex],
                          "max_score": r.max_points[ex], "output": "\n".join(r.lines[ex])} for ex in r.max_points]}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
